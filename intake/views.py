"""The table's pages. Every page here shows personal details: all send no-store, and
every view or change of a visitor or visit is written to the access log."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from members.access import can_coordinate, can_open_intake_from_shift, neighborhood_view
from members.models import Neighborhood, Role
from mutualaid.models import Shift
from wcc import content_stamps
from wcc.idempotency import submit_once
from wcc.models import new_submission_key
from wcc.paging import decode_cursor

from . import actions, charts
from .forms import (
    AccessLogFilterForm,
    EraseVisitorForm,
    FollowUpFilterForm,
    MergeForm,
    NewVisitForm,
    PickForm,
    SearchForm,
    SessionForm,
    SessionListForm,
    StatusForm,
    VisitForm,
    VisitorForm,
)
from .models import (
    AccessLog,
    IntakeSession,
    MergePlan,
    Visit,
    VisitNeed,
    Visitor,
    attach_recent_visits,
    likely_duplicates,
)

VOLUNTEER, COORDINATOR = Role.VOLUNTEER, Role.COORDINATOR


def get_session_or_404(neighborhood: Neighborhood, pk: int) -> IntakeSession:
    session = IntakeSession.objects.one_of(neighborhood, pk)
    if session is None:
        raise Http404
    return session


def get_session_to_show_or_404(request: HttpRequest, neighborhood: Neighborhood, pk: int):
    """The session a page shows, kept in this process's cache under its neighborhood's
    content stamp (read first, as for a fragment), which any save of the session moves:
    the table's page, reloaded all Saturday, then reads no row. Writes read the row."""
    key = f"intake:session:{pk}:{content_stamps.request_stamp(request)}"
    session = caches["template_fragments"].get(key)
    if session is None:
        session = get_session_or_404(neighborhood, pk)
        caches["template_fragments"].set(key, session)
    session.neighborhood = neighborhood
    return session


def get_visitor_or_404(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> Visitor:
    visitor = get_object_or_404(Visitor.objects.of(neighborhood), pk=pk)
    AccessLog.record(user=request.user, action=AccessLog.Action.VIEW, visitors=[visitor])
    return visitor


def get_current_visitor_or_404(
    request: HttpRequest, neighborhood: Neighborhood, pk: int
) -> Visitor:
    """The visitor ``pk``, or the record it was merged into: an old link or a form drawn
    before a merge follows it. The record shown is the one logged."""
    visitor = get_object_or_404(
        Visitor.objects.of(neighborhood).select_related("merged_into"), pk=pk
    ).following_merges()
    AccessLog.record(user=request.user, action=AccessLog.Action.VIEW, visitors=[visitor])
    return visitor


def get_visit_or_404(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> Visit:
    """A visit may be edited while its session is open; coordinators may always."""
    visit = get_object_or_404(Visit.objects.of(neighborhood).select_related("session"), pk=pk)
    if not visit.session.is_open and not can_coordinate(request.user, neighborhood):
        raise PermissionDenied
    AccessLog.record(user=request.user, action=AccessLog.Action.VIEW, visits=[visit])
    return visit


def _render_sessions(request, neighborhood, form) -> HttpResponse:
    show_form = SessionListForm(request.GET)
    to_close = show_form.is_valid() and show_form.cleaned_data["show"] == "to-close"
    sessions = IntakeSession.objects.of(neighborhood)
    if to_close:  # the coordinator's home links here with its count
        sessions = sessions.to_close(timezone.localtime(timezone=neighborhood.zone))
    context = {
        # Aggregates drop Meta.ordering (Django 3.1+): order explicitly, newest first.
        "sessions": sessions.with_counts().order_by("-date", "-starts_at")[:30],
        "to_close": to_close,
        "form": form,
        "can_coordinate": can_coordinate(request.user, neighborhood),
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "intake/sessions.html", context, status=status)


@never_cache
@neighborhood_view(VOLUNTEER)
def sessions(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = None
    if can_coordinate(request.user, neighborhood):
        today = actions.today_in(neighborhood)
        form = SessionForm(initial={"date": today, "place": neighborhood.meeting_place})
    return _render_sessions(request, neighborhood, form)


@require_POST
@neighborhood_view(COORDINATOR)
def session_new(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = SessionForm(request.POST)
    if not form.is_valid():
        return _render_sessions(request, neighborhood, form)
    session = actions.open_session(neighborhood=neighborhood, by=request.user, **form.cleaned_data)
    return redirect("intake_session", slug=neighborhood.slug, pk=session.pk)


@require_POST
@neighborhood_view(VOLUNTEER)
def open_from_shift(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """Open today's table from an intake-table shift: a plain form post on the shift page."""
    shift = get_object_or_404(Shift.objects.of(neighborhood).select_related("neighborhood"), pk=pk)
    if not can_open_intake_from_shift(request.user, shift):
        raise PermissionDenied
    session = actions.open_session_from_shift(shift=shift, by=request.user)
    if not session.is_open:
        messages.info(request, _("Today's intake session is already closed."))
    return redirect("intake_session", slug=neighborhood.slug, pk=session.pk)


# The session page lists the newest visits and brings older ones a page at a time: a
# busy Saturday has 150, and drawing (and logging) all of them was most of the page's
# time, for rows a volunteer at the table rarely scrolls back to.
VISITS_PER_PAGE = 25


def _can_edit(request, session) -> bool:
    """A closed session's visits are a coordinator's to change: nobody else sees an edit
    link that would only answer "not for your role"."""
    return session.is_open or can_coordinate(request.user, session.neighborhood)


def _visit_rows(request, session, older=None) -> dict:
    """One page of the session's visit list, written to the access log as viewed."""
    page = session.viewed_visit_page(viewer=request.user, size=VISITS_PER_PAGE, older=older)
    return {
        "session": session,
        "visits": page.visits,
        "page": page,
        "can_edit": _can_edit(request, session),
    }


def _form_context(session, form) -> dict:
    """The new-visit form: ``form`` when it is bound or prefilled, else (None) the
    blank form. The page keeps the blank form's drawing in a fragment cache under its
    ``page_version`` (the content stamp, the reader, the language, the minute), with
    only its submission key drawn fresh each time; ``blank_form`` is a callable, so the
    form (and the two lists it reads) is made only when that cache has no drawing yet."""
    if form is None:
        return {
            "form": None,
            "blank_form": partial(NewVisitForm, neighborhood=session.neighborhood),
            "submission_key": new_submission_key(),
        }
    return {"form": form}


def _session_context(request, session, form, results=None, older=None):
    # The visit list is read (and logged as viewed) only when it is drawn: a page whose
    # list is in the fragment cache (wcc/content_stamps.py) was drawn, and logged, for
    # this person before, and nothing it shows has changed since.
    rows = SimpleLazyObject(lambda: _visit_rows(request, session, older))
    page = SimpleLazyObject(lambda: rows["page"])

    def visit_count():
        # The first page's rows count every visit; an older page's count from its first row.
        return page.from_here if older is None else session.visits.count()

    return {
        "session": session,
        "visits": SimpleLazyObject(lambda: rows["visits"]),
        "page": page,
        "can_edit": _can_edit(request, session),
        **_form_context(session, form),
        "visit_count": SimpleLazyObject(visit_count),
        "search_form": SearchForm(),
        "results": results,
        "can_coordinate": can_coordinate(request.user, session.neighborhood),
        "offline_hours": settings.WCC_OFFLINE_HOURS,
    }


@never_cache
@sensitive_post_parameters()
@neighborhood_view(VOLUNTEER)
def session_page(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    if request.method == "POST":
        return _save_visit(request, get_session_or_404(neighborhood, pk))
    session = get_session_to_show_or_404(request, neighborhood, pk)
    picked = None
    if "visitor" in request.GET:  # a returning visitor picked from the search results
        pick = PickForm(request.GET)
        picked = pick.cleaned_data["visitor"] if pick.is_valid() else None
    visitor = get_current_visitor_or_404(request, neighborhood, picked) if picked else None
    older = decode_cursor(request.GET.get("older", ""))
    if request.htmx and older:  # "Show older visits"
        return render(
            request, "intake/session.html#visit_rows", _visit_rows(request, session, older)
        )
    form = None  # the blank form
    if visitor:
        form = NewVisitForm(initial=VisitForm.initial_for(visitor), neighborhood=neighborhood)
        attach_recent_visits([visitor], session=session, per_visitor=3)
    if request.htmx and visitor:
        context = {"form": form, "session": session, "picked": visitor}
        return render(request, "intake/session.html#visit_form", context)
    context = {**_session_context(request, session, form, older=older), "picked": visitor}
    saved = PickForm({"visitor": request.GET.get("saved")})  # after a save without htmx
    if not visitor and saved.is_valid() and saved.cleaned_data["visitor"]:
        context.update(
            _saved_row(request, session, saved.cleaned_data["visitor"], context["visits"])
        )
    return render(request, "intake/session.html", context)


# The live list: every open session page asks every few seconds whether anything changed
# (htmx polling, hx-trigger="every 5s"), and gets 204 in one query when nothing did.
# Polling rather than server-sent events: gunicorn runs sync workers, and an SSE stream
# would hold one of those few workers per open page for as long as the page is open;
# a poll holds one for a couple of milliseconds. A few seconds late is soon enough.
@never_cache
@neighborhood_view(VOLUNTEER)
def visits_since(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """Nothing (204) if the session's visits are as the page's ``stamp`` says; else the
    visit list, swapped out of band so a form being filled is left alone."""
    stamp = IntakeSession.objects.visits_stamp_of(neighborhood, pk)
    if stamp is None:
        raise Http404
    if request.htmx and request.GET.get("stamp") == stamp:
        return HttpResponse(status=204)
    session = get_session_or_404(neighborhood, pk)
    if not request.htmx:  # a plain visit to the address, or htmx's history restore
        return render(request, "intake/session.html", _session_context(request, session, None))
    rows = _visit_rows(request, session)
    context = {**rows, "visit_count": rows["page"].from_here, "oob": True}
    return render(request, "intake/session.html#visit_list", context)


def _save_visit(request: HttpRequest, session: IntakeSession) -> HttpResponse:
    if not session.is_open:
        raise PermissionDenied
    form = NewVisitForm(request.POST, neighborhood=session.neighborhood)
    conflict = None
    if form.is_valid():
        try:
            visit, _created = submit_once(
                key=form.cleaned_data["submission_key"],
                user=request.user,
                create=lambda: actions.record_visit(
                    session=session, data=form.cleaned_data, by=request.user
                ),
            )
        except actions.VisitorConflict as error:
            conflict = error
            form = _conflicted(form, error)
        except Visit.DoesNotExist:  # this render's visit was saved, then undone
            return _after_undo(request, session, _("That visit was undone: nothing saved."))
        else:
            if not request.htmx:
                messages.success(request, _("Visit saved."))
                page = reverse("intake_session", args=[session.neighborhood.slug, session.pk])
                return redirect(f"{page}?saved={visit.pk}")
            context = {**_session_context(request, session, None), "saved": True}
            context.update(_saved_row(request, session, visit.pk, context["visits"]))
            return render(request, "intake/session.html#saved", context)
    if request.htmx:  # htmx swaps only 2xx answers: the errors must show in place
        context = {"session": session, "form": form, "conflict": conflict}
        return render(request, "intake/session.html#visit_form", context)
    context = {**_session_context(request, session, form), "conflict": conflict}
    return render(request, "intake/session.html", context, status=409 if conflict else 400)


def _saved_row(request, session, pk: int, rows) -> dict:
    """What the volunteer reads beside Save after saving visit ``pk``: whose visit, with
    which needs, its row as the list shows it, and an undo while it can be undone."""
    visit = Visit.objects.of(session.neighborhood).filter(pk=pk, session=session).first()
    if visit is None or visit.logged_by_id != request.user.pk:
        return {}
    visit.session = session
    return {
        "saved_visit": visit.confirmation(),
        "saved_row": next((row for row in rows if row.pk == visit.pk), None),
        "undo_visit": visit if visit.can_be_undone_by(request.user) else None,
    }


def _after_undo(request, session, status: str) -> HttpResponse:
    if not request.htmx:
        messages.info(request, status)
        return redirect("intake_session", slug=session.neighborhood.slug, pk=session.pk)
    context = {**_session_context(request, session, None), "undone": status}
    return render(request, "intake/session.html#saved", context)


@require_POST
@neighborhood_view(VOLUNTEER)
def visit_undo(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """Undo beside Save: takes back the visit just saved (actions.undo_visit). Works as a
    plain form post (the button's formaction) and with htmx (the form swapped)."""
    visit = get_object_or_404(Visit.objects.of(neighborhood).select_related("session"), pk=pk)
    session = get_session_or_404(neighborhood, visit.session_id)
    try:
        name = actions.undo_visit(visit=visit, by=request.user)
    except actions.UndoRefused:
        status = _("Too late to undo that visit: open it from the list to change it.")
    else:
        status = _("Undone: the visit of %(name)s is removed.") % {"name": name}
    return _after_undo(request, session, status)


def _conflicted(form, error: actions.VisitorConflict):
    """Keep what was typed, but take the saved version so a second save is deliberate."""
    data = form.data.copy()
    data["visitor_version"] = error.current.version
    data[form.add_prefix("visitor_version")] = error.current.version
    bound = type(form)(data, neighborhood=error.current.neighborhood)
    bound.is_valid()
    return bound


def _visit_conflicted(form, error: actions.VisitConflict):
    """As ``_conflicted``, for the visit's own version."""
    data = form.data.copy()
    data[form.add_prefix("visit_version")] = error.current.version
    bound = type(form)(data, neighborhood=error.current.session.neighborhood)
    bound.is_valid()
    return bound


def _search(request, session, text: str) -> list[Visitor]:
    """The visitors found, each with their last visit and whether it is this session's."""
    results = list(Visitor.objects.of(session.neighborhood).current().search(text))
    attach_recent_visits(results, session=session, per_visitor=1)
    AccessLog.record(user=request.user, action=AccessLog.Action.VIEW, visitors=results)
    return results


@never_cache
@sensitive_post_parameters()
@require_POST
@neighborhood_view(VOLUNTEER)
def search(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """A POST, so names and phone digits typed here never reach the access logs."""
    session = get_session_or_404(neighborhood, pk)
    form = SearchForm(request.POST)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    results = _search(request, session, text) if text else None
    if request.htmx:
        context = {"session": session, "results": results, "search_form": form}
        return render(request, "intake/session.html#search_results", context)
    context = {**_session_context(request, session, None, results), "search_form": form}
    return render(request, "intake/session.html", context)


@never_cache
@sensitive_post_parameters()
@neighborhood_view(VOLUNTEER)
def visit_edit(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    visit = get_visit_or_404(request, neighborhood, pk)
    initial = {
        **VisitForm.initial_for(visit.visitor),
        "needs": [vn.category_id for vn in visit.visit_needs.all()],
        "shared": [vn.category_id for vn in visit.visit_needs.all() if vn.request_id],
        **{n: getattr(visit, n) for n in ["note", "follow_up", "follow_up_due"]},
        "follow_up_owner": visit.follow_up_owner_id,
        "visit_version": visit.version,
    }
    form = VisitForm(request.POST or None, initial=initial, neighborhood=neighborhood)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_visit(visit=visit, data=form.cleaned_data, by=request.user)
        except actions.VisitorConflict as error:
            conflict, form = error, _conflicted(form, error)
        except actions.VisitConflict as error:
            conflict, form = error, _visit_conflicted(form, error)
        else:
            messages.success(request, _("Visit updated."))
            return redirect("intake_session", slug=neighborhood.slug, pk=visit.session_id)
    context = {"visit": visit, "form": form, "conflict": conflict, "session": visit.session}
    return render(request, "intake/visit_edit.html", context, status=409 if conflict else 200)


@never_cache
@sensitive_post_parameters()
@neighborhood_view(VOLUNTEER)
def visitor_page(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    visitor = get_current_visitor_or_404(request, neighborhood, pk)
    if visitor.pk != pk:  # an old link to a record merged since
        messages.info(request, _("That record was merged into this one."))
        return redirect("intake_visitor", slug=neighborhood.slug, pk=visitor.pk)
    form = VisitorForm(request.POST or None, instance=visitor, initial={"version": visitor.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in Visitor.EDITABLE}
        try:
            actions.update_visitor(
                visitor=visitor,
                changes=changes,
                expected_version=form.cleaned_data["version"],
                by=request.user,
            )
        except actions.VisitorConflict as error:
            conflict = error
            data = form.data.copy()
            data["version"] = error.current.version
            form = VisitorForm(data, instance=error.current)
            form.is_valid()
        else:
            messages.success(request, _("Visitor saved."))
            return redirect("intake_visitor", slug=neighborhood.slug, pk=visitor.pk)
    visits = list(
        visitor.visits.select_related("session")
        .prefetch_related(
            Prefetch("visit_needs", queryset=VisitNeed.objects.select_related("category"))
        )
        .order_by("-created_at")[:50]
    )
    # The opening itself is logged every time (get_current_visitor_or_404); the visits it
    # lists once per reader, or 50 repeats would bury each real read.
    AccessLog.record_first_views(user=request.user, visits=visits)
    context = {"visitor": visitor, "form": form, "conflict": conflict, "visits": visits}
    return render(request, "intake/visitor.html", context, status=409 if conflict else 200)


@never_cache
@neighborhood_view(COORDINATOR)
def visitor_log(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    visitor = get_visitor_or_404(request, neighborhood, pk)
    entries = visitor.access_log.select_related("user")[:500]
    return render(request, "intake/visitor_log.html", {"visitor": visitor, "entries": entries})


@never_cache
@neighborhood_view(COORDINATOR)
def visitor_erase(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """Confirm, then erase the visitor's details everywhere (visits and counts stay)."""
    visitor = get_visitor_or_404(request, neighborhood, pk)
    form = EraseVisitorForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        actions.erase_visitor(visitor=visitor, by=request.user)
        messages.success(
            request, _("The visitor's details are erased; the visits are still counted.")
        )
        return redirect("intake_sessions", slug=neighborhood.slug)
    return render(request, "intake/visitor_erase.html", {"visitor": visitor, "form": form})


@require_http_methods(["GET", "POST"])
@neighborhood_view(COORDINATOR)
def session_status(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """Open or close a session. Closing asks first (a GET, or a POST from a page drawn
    before the question existed): it ends the table for every volunteer at it."""
    session = get_session_or_404(neighborhood, pk)
    form = StatusForm(request.POST or None)
    if request.method == "GET" and session.is_open:
        return _confirm_close(request, neighborhood, session)
    if form.is_valid():
        if form.closes_unasked():
            return _confirm_close(request, neighborhood, session)
        actions.set_session_status(
            session=session, status=form.cleaned_data["status"], by=request.user
        )
        if session.is_open:
            messages.success(request, _("The session is open again."))
        else:
            messages.success(
                request, _("The session is closed. You can open it again from its page.")
            )
    if session.status == IntakeSession.Status.CLOSED:
        return redirect("intake_session_summary", slug=neighborhood.slug, pk=pk)
    return redirect("intake_session", slug=neighborhood.slug, pk=pk)


def _confirm_close(request, neighborhood: Neighborhood, session: IntakeSession) -> HttpResponse:
    visits = session.visits.count()
    consequences = [
        ngettext(
            "The %(count)d visit logged stays, and counts in the summary.",
            "The %(count)d visits logged stay, and count in the summary.",
            visits,
        )
        % {"count": visits},
        _("Volunteers can no longer log or change visits at this table; coordinators still can."),
        _("The devices at the table forget their copy of the recent visitors."),
        _("Follow-ups stay on the follow-ups list."),
        _("You can open the session again from its page if you close it by mistake."),
    ]
    context = {
        "shift": None,
        "title": _("Close the session?"),
        "consequences": consequences,
        "button": _("Close the session"),
        "form": StatusForm.to_close(),
        "action_url": request.path,
        "back_url": reverse("intake_session", kwargs={"slug": neighborhood.slug, "pk": session.pk}),
        "keep": _("Go back, keep it open"),
    }
    # The same "ask first" page as the shifts' cancel and remove actions.
    return render(request, "mutualaid/shifts/confirm.html", context)


@never_cache
@neighborhood_view(COORDINATOR)
def session_summary(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    session = get_session_or_404(neighborhood, pk)
    summary = actions.session_summary(session)
    AccessLog.record(user=request.user, action=AccessLog.Action.VIEW, visits=summary["follow_ups"])
    context = {
        "session": session,
        "summary": summary,
        "needs_chart": charts.bars(summary["by_category"]),
        "people_chart": charts.columns(summary["recent"]),
    }
    return render(request, "intake/summary.html", context)


@never_cache
@neighborhood_view(COORDINATOR)
def session_csv(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    session = get_session_or_404(neighborhood, pk)
    visits = list(
        session.visits.for_list()
        .select_related("follow_up_owner", "logged_by")
        .order_by("created_at")
    )
    for visit in visits:
        visit.session = session  # the date column, without a query a row
    AccessLog.record(user=request.user, action=AccessLog.Action.EXPORT, visits=visits)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="intake-{session.date}.csv"'
    charts.write_csv(response, visits)
    return response


@never_cache
@neighborhood_view(VOLUNTEER)
def follow_ups(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = FollowUpFilterForm(request.GET)
    show = (form.cleaned_data["show"] if form.is_valid() else "") or "due"
    visits = Visit.objects.of(neighborhood).select_related("visitor", "follow_up_owner", "session")
    today = actions.today_in(neighborhood)
    chosen = {
        "due": visits.follow_ups_due(),
        "overdue": visits.follow_ups_overdue(today),
        "done": visits.follow_ups_done(),
    }[show].order_by("follow_up_due", "pk")[:200]
    chosen = list(chosen)
    AccessLog.record(user=request.user, action=AccessLog.Action.VIEW, visits=chosen)
    context = {"visits": chosen, "show": show, "today": today, "form": form}
    return render(request, "intake/follow_ups.html", context)


@require_POST
@neighborhood_view(VOLUNTEER)
def follow_up_done(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    visit = get_object_or_404(Visit.objects.of(neighborhood).with_follow_up(), pk=pk)
    actions.finish_follow_up(visit=visit, by=request.user)
    messages.success(request, _("Follow-up marked done."))
    return redirect("intake_followups", slug=neighborhood.slug)


@never_cache
@neighborhood_view(COORDINATOR)
def duplicates(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    pairs = likely_duplicates(neighborhood)
    AccessLog.record(
        user=request.user, action=AccessLog.Action.VIEW, visitors=[v for p in pairs for v in p]
    )
    return render(request, "intake/duplicates.html", {"pairs": pairs})


@never_cache
@sensitive_post_parameters()
@neighborhood_view(COORDINATOR)
def merge(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """Find the record to merge with this one: any current visitor of the neighborhood,
    by the same search as the table's (a POST: names stay out of the logs)."""
    keep = get_current_visitor_or_404(request, neighborhood, pk)
    if keep.pk != pk:
        return redirect("intake_merge", slug=neighborhood.slug, pk=keep.pk)
    form = SearchForm(request.POST or None)
    text = form.cleaned_data["q"] if form.is_valid() else ""
    results = None
    if text:
        found = Visitor.objects.of(neighborhood).current().exclude(pk=keep.pk).search(text)
        results = list(found)
        AccessLog.record(user=request.user, action=AccessLog.Action.VIEW, visitors=results)
    context = {"keep": keep, "search_form": form, "results": results}
    return render(request, "intake/merge.html", context)


@never_cache
@neighborhood_view(COORDINATOR)
def merge_confirm(
    request: HttpRequest, neighborhood: Neighborhood, pk: int, other: int
) -> HttpResponse:
    """Say what the merge will do, ask which detail to keep where both records differ,
    then merge (actions.merge_visitors)."""
    visitors = Visitor.objects.of(neighborhood)
    keep = get_object_or_404(visitors, pk=pk)
    other_visitor = get_object_or_404(visitors.exclude(pk=pk), pk=other)
    if keep.merged_into_id or other_visitor.merged_into_id:  # a stale link: already done
        messages.info(request, _("One of the two records was merged a moment ago."))
        kept = keep.merged_into_id or keep.pk
        return redirect("intake_visitor", slug=neighborhood.slug, pk=kept)
    AccessLog.record(
        user=request.user, action=AccessLog.Action.VIEW, visitors=[keep, other_visitor]
    )
    plan = MergePlan.of(keep, other_visitor)
    form = MergeForm(request.POST if request.method == "POST" else None, plan=plan)
    refused = ""
    if request.method == "POST" and form.is_valid():
        try:
            merge = actions.merge_visitors(
                keep=keep,
                other=other_visitor,
                by=request.user,
                take_from_other=form.take_from_other(),
                versions=form.versions(),
            )
        except actions.MergeRefused as error:
            refused = error.reason
        else:
            messages.success(
                request,
                ngettext(
                    "Merged: %(count)s visit moved to %(name)s; every detail is kept.",
                    "Merged: %(count)s visits moved to %(name)s; every detail is kept.",
                    merge.visits_moved,
                )
                % {"count": merge.visits_moved, "name": keep},
            )
            return redirect("intake_visitor", slug=neighborhood.slug, pk=keep.pk)
    if refused:  # look again at the records as they are now
        if Visitor.objects.filter(pk__in=[keep.pk, other_visitor.pk], merged_into__isnull=False):
            messages.error(request, refused)
            return redirect("intake_visitor", slug=neighborhood.slug, pk=keep.pk)
        keep.refresh_from_db()
        other_visitor.refresh_from_db()
        form = MergeForm(plan=MergePlan.of(keep, other_visitor))
    context = {"plan": form.plan, "form": form, "refused": refused}
    status = 409 if refused else 400 if form.errors else 200
    return render(request, "intake/merge_confirm.html", context, status=status)


@never_cache
@neighborhood_view(VOLUNTEER)
def session_sign_in_sheet(
    request: HttpRequest, neighborhood: Neighborhood, pk: int
) -> HttpResponse:
    """A one-page sign-in sheet to print for the table's volunteers: their names and
    roles, no visitor data (the shift's sheet, for a session)."""
    session = get_session_or_404(neighborhood, pk)
    context = {"session": session, "rows": session.sign_in_rows()}
    return render(request, "intake/sign_in_sheet.html", context)


ACCESS_LOG_ROWS = 500


@never_cache
@neighborhood_view(COORDINATOR)
def access_log(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    """Who read or changed which visitor's record, neighborhood-wide, by person and day."""
    form = AccessLogFilterForm(request.GET or None, neighborhood=neighborhood)
    chosen = form.cleaned_data if form.is_valid() else {}
    entries = (
        AccessLog.objects.of(neighborhood)
        .filtered(zone=neighborhood.zone, user=chosen.get("person"), day=chosen.get("day"))
        .select_related("user", "visitor")[:ACCESS_LOG_ROWS]
    )
    context = {"form": form, "entries": entries, "limit": ACCESS_LOG_ROWS}
    return render(request, "intake/access_log.html", context)

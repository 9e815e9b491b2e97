"""The table's pages. Every page here shows personal details: all send no-store, and
every view or change of a visitor or visit is written to the access log."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from members.access import can_coordinate, can_open_intake_from_shift, neighborhood_view
from members.models import Neighborhood, Role
from mutualaid.models import Shift
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
    session.neighborhood = neighborhood  # known already: no query to read it again
    return session


def get_visitor_or_404(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> Visitor:
    visitor = get_object_or_404(Visitor.objects.of(neighborhood), pk=pk)
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
        sessions = sessions.to_close(actions.today_in(neighborhood))
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


def _visit_rows(request, session, older=None) -> dict:
    """One page of the session's visit list, written to the access log as viewed."""
    page = session.viewed_visit_page(viewer=request.user, size=VISITS_PER_PAGE, older=older)
    # A closed session's visits are a coordinator's to change: nobody else sees an edit
    # link that would only answer "not for your role".
    can_edit = session.is_open or can_coordinate(request.user, session.neighborhood)
    return {"session": session, "visits": page.visits, "page": page, "can_edit": can_edit}


def _form_context(session, form) -> dict:
    """The new-visit form: ``form`` when it is bound or prefilled, else (None) the
    blank form. The page keeps the blank form's drawing in a fragment cache under the
    neighborhood's choices stamp and the language, with only its submission key drawn
    fresh each time; ``blank_form`` is a callable, so the form (and the two lists it
    reads) is made only when that cache has no drawing yet."""
    if form is None:
        return {
            "form": None,
            "blank_form": partial(NewVisitForm, neighborhood=session.neighborhood),
            "submission_key": new_submission_key(),
        }
    return {"form": form}


def _session_context(request, session, form, results=None, older=None):
    rows = _visit_rows(request, session, older)
    # The first page's rows count every visit; an older page's count from its first row.
    visit_count = rows["page"].from_here if older is None else session.visits.count()
    return {
        **rows,
        **_form_context(session, form),
        "visit_count": visit_count,
        "search_form": SearchForm(),
        "results": results,
        "can_coordinate": can_coordinate(request.user, session.neighborhood),
        "from_shifts": session.shifts.order_by("starts_at", "pk") if session.from_shift else (),
        "offline_hours": settings.WCC_OFFLINE_HOURS,
    }


@never_cache
@sensitive_post_parameters()
@neighborhood_view(VOLUNTEER)
def session_page(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    session = get_session_or_404(neighborhood, pk)
    if request.method == "POST":
        return _save_visit(request, session)
    picked = None
    if "visitor" in request.GET:  # a returning visitor picked from the search results
        pick = PickForm(request.GET)
        picked = pick.cleaned_data["visitor"] if pick.is_valid() else None
    visitor = get_visitor_or_404(request, neighborhood, picked) if picked else None
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
    return render(request, "intake/session.html", context)


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
        else:
            if not request.htmx:
                messages.success(request, _("Visit saved."))
                return redirect("intake_session", slug=session.neighborhood.slug, pk=session.pk)
            context = {
                **_session_context(request, session, None),
                "saved": True,
                "saved_visit": visit.confirmation(),
            }
            return render(request, "intake/session.html#saved", context)
    if request.htmx:  # htmx swaps only 2xx answers: the errors must show in place
        context = {"session": session, "form": form, "conflict": conflict}
        return render(request, "intake/session.html#visit_form", context)
    context = {**_session_context(request, session, form), "conflict": conflict}
    return render(request, "intake/session.html", context, status=409 if conflict else 400)


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
    visitor = get_visitor_or_404(request, neighborhood, pk)
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
    AccessLog.record(user=request.user, action=AccessLog.Action.VIEW, visits=visits)
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


@require_POST
@neighborhood_view(COORDINATOR)
def session_status(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    session = get_session_or_404(neighborhood, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        actions.set_session_status(
            session=session, status=form.cleaned_data["status"], by=request.user
        )
    if session.status == IntakeSession.Status.CLOSED:
        return redirect("intake_session_summary", slug=neighborhood.slug, pk=pk)
    return redirect("intake_session", slug=neighborhood.slug, pk=pk)


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


@require_POST
@neighborhood_view(COORDINATOR)
def merge(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    keep = get_object_or_404(Visitor.objects.of(neighborhood).current(), pk=pk)
    form = MergeForm(request.POST, keep=keep)
    if form.is_valid():
        actions.merge_visitors(keep=keep, other=form.cleaned_data["other"], by=request.user)
        messages.success(request, _("Visitors merged; every visit is kept."))
    else:
        messages.error(request, _("That visitor cannot be merged."))
    return redirect("intake_duplicates", slug=neighborhood.slug)


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

"""Shift pages: the volunteer's list, sign-up and "My shifts"; the coordinator's
coverage, shifts and series; the calendar feeds."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Window
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from members.access import can_open_intake_from_shift, can_see_private_details, neighborhood_view
from members.models import Membership, Neighborhood, Role
from wcc.idempotency import submit_once

from ..actions import shifts as actions
from ..calendar import calendar_response, google_event_url, outlook_event_url, subscribe_urls
from ..forms.shifts import (
    AssignForm,
    AttendanceForm,
    CancelSignupForm,
    CoverageForm,
    GiveUpPlaceForm,
    IntakeTableForm,
    NewSeriesForm,
    PauseForm,
    RemoveSignupForm,
    SeriesForm,
    ShiftForm,
)
from ..models import CalendarFeed, Pause, Shift, ShiftSeries, Signup

COVERAGE_PAGE_SIZE = 50
# How far back "Past shifts" on the shift list reaches.
PAST_WEEKS = 12
# The newest rows of a shift's or a person's trail shown on their page.
TRAIL_ROWS = 50
ATTENDANCE_TOO_EARLY = gettext_lazy(
    "Attendance can be recorded from an hour before the shift starts; nothing was saved."
)


def get_shift_or_404(neighborhood: Neighborhood, pk: int) -> Shift:
    """A shift of this neighborhood (the caller's role was checked by neighborhood_view)."""
    return get_object_or_404(
        Shift.objects.select_related("skill", "intake_session", "neighborhood", "series"),
        neighborhood=neighborhood,
        pk=pk,
    )


def get_signup_or_404(shift: Shift, pk: int) -> Signup:
    return get_object_or_404(Signup.objects.select_related("user"), shift=shift, pk=pk)


def _my_signups(user):
    return Prefetch(
        "signups", queryset=Signup.objects.active().filter(user=user), to_attr="my_signups"
    )


# --- Volunteers -------------------------------------------------------------------


@require_GET
@neighborhood_view()
def shift_list(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    # "Past shifts": those that ended in the last weeks, newest first (a link sets it).
    past = request.GET.get("past") == "1"
    now = timezone.now()
    if past:
        shifts = (
            Shift.objects.of(neighborhood)
            .scheduled()
            .filter(ends_at__lte=now, starts_at__gte=now - timedelta(weeks=PAST_WEEKS))
            .order_by("-starts_at", "-pk")
        )
    else:
        shifts = Shift.objects.of(neighborhood).upcoming(now).order_by("starts_at", "pk")
    shifts = (
        shifts.with_counts()  # the explicit order stays (aggregates drop Meta.ordering)
        .select_related("skill")
        .prefetch_related(_my_signups(request.user))[:100]
    )
    # Which cards say "you don't have this skill yet" (one query for the whole list).
    my_skill_ids = Membership.objects.filter(
        user=request.user, neighborhood=neighborhood
    ).skill_ids()
    context = {
        "neighborhood": neighborhood,
        "shifts": shifts,
        "my_skill_ids": my_skill_ids,
        "past": past,
        "past_weeks": PAST_WEEKS,
    }
    return render(request, "mutualaid/shifts/list.html", context)


def _detail_context(request, neighborhood, shift, *, assign_form=None) -> dict:
    mine = shift.signups.active().filter(user=request.user).first()
    context = {
        "neighborhood": neighborhood,
        "shift": shift,
        "mine": mine,
        "place_in_line": mine.place_in_line() if mine else 0,
        "lacks_skill": mine is None and shift.lacks_skill(request.user),
        "free_places": shift.free_places(),
        "cancel_form": GiveUpPlaceForm(),
        "is_past": shift.ends_at <= timezone.now(),
        "is_started": shift.starts_at <= timezone.now(),
        "takes_attendance": shift.takes_attendance(),
        "google_url": google_event_url(shift),
        "outlook_url": outlook_event_url(shift),
    }
    if mine is None and not context["free_places"]:
        # A full shift whose place is offered for a stand-in: the button takes it.
        context["standin_wanted"] = shift.confirmed().exclude(standin_requested_at=None).exists()
    if context["lacks_skill"]:
        context["missing_skill"] = missing_skill_text(shift)
    if shift.staffs_intake_table and can_see_private_details(request.user, neighborhood):
        # Members see nothing of the intake session (a page of private details).
        context["intake_table"] = True
        context["intake_session"] = shift.intake_session
        context["can_open_intake"] = can_open_intake_from_shift(
            request.user, shift, confirmed=mine is not None and mine.status == "confirmed"
        )
    if request.role.includes(Role.COORDINATOR):
        context["table_form"] = IntakeTableForm.for_shift(shift)
        context["roster"] = shift.signups.active().with_reminder_trouble().select_related("user")
        context["gave_up"] = shift.signups.filter(status=Signup.Status.CANCELLED).select_related(
            "user"
        )
        context["assign_form"] = assign_form or AssignForm(neighborhood=neighborhood, shift=shift)
        context["attendance_choices"] = Signup.Attendance.choices
        context["trail"] = shift.events.for_page()[:TRAIL_ROWS]
    return context


@require_GET
@neighborhood_view()
def shift_detail(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    shift = get_shift_or_404(neighborhood, pk)
    return render(
        request, "mutualaid/shifts/detail.html", _detail_context(request, neighborhood, shift)
    )


def missing_skill_text(shift: Shift) -> str:
    return _(
        "This shift needs the skill “%(skill)s”. If you have it, add it to your skills "
        "first; a coordinator can also put you on the shift."
    ) % {"skill": shift.skill}


@require_POST
@neighborhood_view(Role.COORDINATOR)
def shift_intake_table(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """Mark the shift as the intake table and link (or unlink) an intake session."""
    shift = get_shift_or_404(neighborhood, pk)
    form = IntakeTableForm.for_shift(shift, data=request.POST)
    if not form.is_valid():
        context = {**_detail_context(request, neighborhood, shift), "table_form": form}
        return render(request, "mutualaid/shifts/detail.html", context, status=400)
    shift.set_intake_table(**form.cleaned_data)
    messages.success(request, _("The intake table settings of this shift are saved."))
    return redirect("shift_detail", slug=neighborhood.slug, pk=shift.pk)


def _after_change(request, neighborhood, shift) -> HttpResponse:
    if request.htmx:
        context = _detail_context(request, neighborhood, shift)
        return render(request, "mutualaid/shifts/detail.html#my_place", context)
    return redirect("shift_detail", slug=neighborhood.slug, pk=shift.pk)


@require_POST
@neighborhood_view()
def shift_signup(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    shift = get_shift_or_404(neighborhood, pk)
    if shift.is_cancelled or shift.starts_at <= timezone.now():
        messages.error(request, _("This shift is no longer open for sign-ups."))
        return redirect("shift_detail", slug=neighborhood.slug, pk=shift.pk)
    try:
        signup = actions.sign_up(shift=shift, user=request.user, confirm_by_message=True)
    except actions.MissingSkillError:  # the place section says why (missing_skill)
        return _after_change(request, neighborhood, shift)
    except actions.PausedError:
        messages.error(request, _("You paused your shifts on this day, so you cannot sign up."))
        return _after_change(request, neighborhood, shift)
    if signup.status == Signup.Status.CONFIRMED:
        messages.success(request, _("You are signed up. Thank you!"))
    else:
        messages.info(request, _("The shift is full: you are on the waitlist. We will tell you."))
    return _after_change(request, neighborhood, shift)


@require_POST
@neighborhood_view()
def shift_cancel_signup(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """ "I can't make it": the first press asks (in place, keeping the note), the
    second gives the place up."""
    shift = get_shift_or_404(neighborhood, pk)
    signup = shift.signups.active().filter(user=request.user).first()
    form = GiveUpPlaceForm(request.POST)
    if signup is not None and form.is_valid():
        if not form.cleaned_data["confirmed"]:
            context = _detail_context(request, neighborhood, shift)
            context |= {"confirm_give_up": True, "cancel_form": form}
            template = "mutualaid/shifts/detail.html"
            return render(request, f"{template}#my_place" if request.htmx else template, context)
        actions.cancel_signup(signup=signup, note=form.cleaned_data["note"], by=request.user)
        messages.success(request, _("You are off this shift. Thank you for telling us."))
    return _after_change(request, neighborhood, shift)


@require_POST
@neighborhood_view()
def shift_standin(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    shift = get_shift_or_404(neighborhood, pk)
    signup = shift.signups.confirmed().filter(user=request.user).first()
    if signup is not None:
        messages.success(request, standin_message(actions.request_standin(signup=signup)))
    return _after_change(request, neighborhood, shift)


def standin_message(outcome: actions.StandinOutcome) -> str:
    """What the asker reads: who took the place, or how many messages went out."""
    if outcome.already_asked:
        return _("You already asked for a stand-in. You keep the place until someone takes it.")
    if outcome.taken_by is not None:
        return _(
            "The first person on the waitlist took your place and was told. You are off "
            "this shift. Thank you for telling us."
        )
    if not outcome.asked:
        return _(
            "Nobody could be asked: no other volunteer has agreed to be contacted. You keep "
            "the place; please tell a coordinator."
        )
    return ngettext(
        "We sent a message to %(count)s volunteer. You keep the place until someone "
        "takes it, and we tell you when they do.",
        "We sent a message to %(count)s volunteers. You keep the place until someone "
        "takes it, and we tell you when they do.",
        outcome.asked,
    ) % {"count": outcome.asked}


@never_cache
@require_http_methods(["GET", "POST"])
def cancel_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The one-click cancel link of a reminder: no sign-in, the signed token is the key.

    GET only shows the shift and a button (mail scanners open links); POST gives the
    place up through the same action as the signed-in cancel. A forged or garbage
    token is 404; a used one, or one for a shift that started or was cancelled, 410.
    """
    signup = Signup.objects.from_cancel_token(token)
    if signup is None:
        raise Http404
    if not request.user.is_authenticated and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(signup.user.preferred_language)
        request.LANGUAGE_CODE = translation.get_language()
    timezone.activate(signup.shift.neighborhood.zone)
    context = {"signup": signup, "shift": signup.shift, "refusal": signup.cancel_link_refusal()}
    template = "mutualaid/shifts/cancel_link.html"
    if context["refusal"]:
        return render(request, template, context, status=410)
    form = CancelSignupForm(request.POST if request.method == "POST" else None)
    if form.is_valid():  # an empty POST is valid: the note is optional
        actions.cancel_signup(signup=signup, note=form.cleaned_data["note"])
        return render(request, template, context | {"done": True})
    return render(request, template, context | {"form": form})


@require_GET
@neighborhood_view()
def shift_ics(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    shift = get_shift_or_404(neighborhood, pk)
    return calendar_response([shift], name=shift.role_label, filename=f"shift-{shift.pk}.ics")


@require_GET
@neighborhood_view()
def my_shifts(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    signups = list(
        Signup.objects.active()
        .filter(user=request.user, shift__neighborhood=neighborhood)
        .select_related("shift__neighborhood")
        .order_by("shift__starts_at")
    )
    now = timezone.now()
    for signup in signups:
        signup.can_open_intake = can_open_intake_from_shift(
            request.user, signup.shift, confirmed=signup.status == Signup.Status.CONFIRMED
        )
    over = [
        s
        for s in signups
        if s.shift.ends_at <= now
        and s.status == Signup.Status.CONFIRMED
        and not s.shift.is_cancelled
    ]
    served = [s for s in over if s.attendance != Signup.Attendance.NO_SHOW]
    # The last weeks' shifts, newest first, each with what the coordinator recorded.
    past_since = now - timedelta(weeks=PAST_WEEKS)
    past = sorted(
        (s for s in over if s.shift.starts_at >= past_since),
        key=lambda s: s.shift.starts_at,
        reverse=True,
    )
    feed = CalendarFeed.for_user(request.user)
    feed_url = request.build_absolute_uri(reverse("calendar_feed", kwargs={"token": feed.token}))
    context = {
        "neighborhood": neighborhood,
        "upcoming": [s for s in signups if s.shift.ends_at > now],
        "served": served,
        "hours": sum(s.shift.hours for s in served),
        "past": past,
        "past_weeks": PAST_WEEKS,
        "feed": feed,
        "feed_url": feed_url,
        "subscribe": subscribe_urls(feed_url, name=_("My shifts")),
    }
    return render(request, "mutualaid/shifts/mine.html", context)


@require_http_methods(["GET", "POST"])
@neighborhood_view()
def calendar_revoke(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    """GET says what breaks (every calendar subscribed to the old address); POST makes
    the new one."""
    if request.method == "POST":
        CalendarFeed.for_user(request.user).revoke()
        messages.success(
            request,
            _("Your calendar address is new. Subscribe to it again on each of your devices."),
        )
        return redirect("my_shifts", slug=neighborhood.slug)
    consequences = [
        _("The address you have now stops working at once."),
        _(
            "Every calendar subscribed to it (your phone's, a shared one) stops showing "
            "your shifts: subscribe again there with the new address."
        ),
        _("Do this if someone you do not trust may have the address."),
    ]
    return confirm_page(
        request,
        neighborhood,
        None,
        title=_("Make a new calendar address?"),
        consequences=consequences,
        button=_("Make a new address"),
        back=("my_shifts", {"slug": neighborhood.slug}),
    )


@require_http_methods(["GET", "POST"])
@neighborhood_view()
def my_pause(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    """Pause my shifts from a date to a date: my places in it are freed."""
    today = timezone.localdate(timezone=neighborhood.zone)
    form = PauseForm(request.POST or None, today=today)
    if request.method == "POST" and form.is_valid():
        freed = actions.pause(
            user=request.user, neighborhood=neighborhood, by=request.user, **form.cleaned_data
        )
        messages.success(
            request,
            ngettext(
                "Your pause is saved; %(count)s place on a shift in it was freed for others.",
                "Your pause is saved; %(count)s places on shifts in it were freed for others.",
                freed,
            )
            % {"count": freed},
        )
        return redirect("my_shifts", slug=neighborhood.slug)
    pauses = Pause.objects.filter(user=request.user, neighborhood=neighborhood)
    context = {
        "neighborhood": neighborhood,
        "form": form,
        "pauses": pauses.current_or_coming(today),
    }
    return render(request, "mutualaid/shifts/pause.html", context)


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's confirmed shifts, at a secret address a phone calendar subscribes to."""
    feed = CalendarFeed.objects.filter(token=token, user__is_active=True).first()
    if feed is None:
        raise Http404
    since = timezone.now() - timedelta(days=60)
    shifts = Shift.objects.scheduled().filter(
        signups__user=feed.user_id, signups__status=Signup.Status.CONFIRMED, ends_at__gt=since
    )
    return calendar_response(shifts.select_related("neighborhood"), name=_("My shifts"))


@require_GET
def public_schedule(request: HttpRequest, slug: str) -> HttpResponse:
    """The neighborhood's upcoming shifts, with free places and no names."""
    neighborhood = get_object_or_404(Neighborhood, slug=slug)
    shifts = Shift.objects.of(neighborhood).upcoming().with_counts().select_related("neighborhood")
    return calendar_response(shifts, name=neighborhood.name, public=True)


# --- Coordinators -----------------------------------------------------------------


def coverage_page(shifts, number: int) -> Page:
    """One page of coverage rows, read with the number of shifts in the weeks beside
    them (one query, ``COUNT(*) OVER ()``). Only a page past the end (an old link)
    needs the count alone, to show the last page instead."""
    start = (number - 1) * COVERAGE_PAGE_SIZE
    rows = list(
        shifts.for_coverage().annotate(in_weeks=Window(Count("pk")))[
            start : start + COVERAGE_PAGE_SIZE
        ]
    )
    if rows or number == 1:
        paginator = Paginator(rows, COVERAGE_PAGE_SIZE)  # the page's numbers come from count
        paginator.count = rows[0].in_weeks if rows else 0
        return Page(rows, number, paginator)
    paginator = Paginator(shifts.for_coverage(), COVERAGE_PAGE_SIZE)
    # Counted without the sign-ups join and grouping that the rows' counts need.
    paginator.count = shifts.count()
    return paginator.get_page(number)


@require_GET
@neighborhood_view(Role.COORDINATOR)
def coverage(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = CoverageForm(request.GET or None)
    weeks, page_number = form.weeks_and_page()
    past = form.is_past()
    now = timezone.now()
    if past:  # the weeks before now (oldest first, like the coming ones)
        shifts = (
            Shift.objects.of(neighborhood)
            .scheduled()
            .filter(ends_at__lte=now, starts_at__gte=now - timedelta(weeks=weeks))
        )
    else:
        shifts = (
            Shift.objects.of(neighborhood)
            .upcoming(now)
            .filter(starts_at__lte=now + timedelta(weeks=weeks))
        )
    short_only = form.short_only()
    if short_only:  # a subquery: the rows' own counts are annotated once, in coverage_page
        shifts = shifts.filter(pk__in=shifts.short_of_people().values("pk"))
    context = {
        "neighborhood": neighborhood,
        "form": form,
        # Read only when the rows are drawn: none are when they are in the fragment
        # cache (wcc/content_stamps.py).
        "page": SimpleLazyObject(lambda: coverage_page(shifts, page_number)),
        "weeks": weeks,
        "past": past,
        "filter_query": f"weeks={weeks}"
        + ("&short=on" if short_only else "")
        + ("&past=1" if past else ""),
    }
    template = "mutualaid/shifts/coverage.html"
    return render(request, f"{template}#table" if request.htmx else template, context)


@neighborhood_view(Role.COORDINATOR)
def shift_create(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = ShiftForm(request.POST or None, neighborhood=neighborhood)
    if request.method == "POST" and form.is_valid():
        shift, _created = submit_once(
            key=form.cleaned_data["submission_key"],
            user=request.user,
            create=lambda: actions.create_shift(neighborhood=neighborhood, **form.shift_fields()),
        )
        messages.success(request, _("The shift is created."))
        return redirect("shift_detail", slug=neighborhood.slug, pk=shift.pk)
    context = {"neighborhood": neighborhood, "form": form, "title": _("New shift")}
    return render(request, "mutualaid/shifts/form.html", context)


SERIES_FORM = "mutualaid/shifts/series_form.html"


def _series_form_page(request, neighborhood, form, *, title, series=None, status=200):
    """The series form with its preview (the next dates, any overlapping series)."""
    context = {
        "neighborhood": neighborhood,
        "form": form,
        "title": title,
        "series": series,
        # Unchanged (an edit's first view), the preview is the saved series itself.
        "preview": form.preview(editing=series) if form.is_bound else series,
        "action_url": reverse("series_edit", args=[neighborhood.slug, series.pk])
        if series
        else reverse("series_create", args=[neighborhood.slug]),
    }
    return render(request, SERIES_FORM, context, status=status)


@neighborhood_view(Role.COORDINATOR)
def series_create(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = NewSeriesForm(request.POST or None, neighborhood=neighborhood)
    title = _("New recurring shift")
    if request.method == "POST" and "preview" not in request.POST and form.is_valid():
        series, _created = submit_once(
            key=form.cleaned_data["submission_key"],
            user=request.user,
            create=lambda: actions.create_series(
                neighborhood=neighborhood, created_by=request.user, **form.series_fields()
            ),
        )
        messages.success(request, _("The series is created with its shifts."))
        return redirect("series_detail", slug=neighborhood.slug, pk=series.pk)
    return _series_form_page(request, neighborhood, form, title=title)


@require_GET
@neighborhood_view(Role.COORDINATOR)
def series_preview(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    """The dates a series would have, as its form changes (htmx swaps the preview in;
    opened as a page, it is the form again with the preview)."""
    editing = None
    if request.GET.get("series", "").isdigit():
        editing = get_object_or_404(
            ShiftSeries, neighborhood=neighborhood, pk=request.GET["series"]
        )
    form = SeriesForm(request.GET, neighborhood=neighborhood)
    if request.htmx:
        context = {"neighborhood": neighborhood, "preview": form.preview(editing=editing)}
        return render(request, f"{SERIES_FORM}#preview", context)
    title = _("Change the series") if editing else _("New recurring shift")
    return _series_form_page(request, neighborhood, form, title=title, series=editing)


@require_GET
@neighborhood_view(Role.COORDINATOR)
def series_detail(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """The series and every shift it has made that is still ahead (where a new or
    changed series lands)."""
    series = get_object_or_404(ShiftSeries, neighborhood=neighborhood, pk=pk)
    shifts = list(
        series.shifts.upcoming()
        .with_counts()
        .order_by("starts_at", "pk")
        .only("role", "starts_at", "ends_at", "capacity", "place", "series")
    )
    context = {"neighborhood": neighborhood, "series": series, "shifts": shifts}
    return render(request, "mutualaid/shifts/series_detail.html", context)


def series_saved_message(change: actions.SeriesChange) -> str:
    """The honest count: shifts changed, and how many people on them were told."""
    if not change.changed:
        return _("The series is saved; no future shift needed changing.")
    changed = ngettext(
        "The series is saved; %(count)s future shift changed.",
        "The series is saved; %(count)s future shifts changed.",
        change.changed,
    ) % {"count": change.changed}
    if not change.told:
        return changed + " " + _("Nobody had signed up for them, so nobody needed telling.")
    told = ngettext(
        "%(count)s person signed up for them was told.",
        "%(count)s people signed up for them were told.",
        change.told,
    ) % {"count": change.told}
    return f"{changed} {told}"


@neighborhood_view(Role.COORDINATOR)
def series_edit(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    series = get_object_or_404(ShiftSeries, neighborhood=neighborhood, pk=pk)
    form = SeriesForm(
        request.POST or None, neighborhood=neighborhood, initial=SeriesForm.initial_for(series)
    )
    title = _("Change the series")
    if request.method == "POST" and "preview" not in request.POST and form.is_valid():
        change = actions.edit_series(series=series, changes=form.series_fields())
        messages.success(request, series_saved_message(change))
        return redirect("series_detail", slug=neighborhood.slug, pk=series.pk)
    return _series_form_page(request, neighborhood, form, title=title, series=series)


@require_http_methods(["GET", "POST"])
@neighborhood_view(Role.COORDINATOR)
def shift_cancel(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """GET asks first (who is told, that it can be restored); POST cancels."""
    shift = get_shift_or_404(neighborhood, pk)
    if shift.is_cancelled:
        return redirect("shift_detail", slug=neighborhood.slug, pk=shift.pk)
    if request.method == "POST":
        told = actions.cancel_occurrence(shift=shift, by=request.user)
        messages.success(
            request,
            ngettext(
                "The shift is cancelled; %(count)s person was told. You can restore it "
                "until it starts.",
                "The shift is cancelled; %(count)s people were told. You can restore it "
                "until it starts.",
                told,
            )
            % {"count": told},
        )
        return redirect("shift_detail", slug=neighborhood.slug, pk=shift.pk)
    people = shift.signups.active().count()
    consequences = [
        ngettext(
            "%(count)s person signed up or waiting is told by message that it is cancelled.",
            "%(count)s people signed up or waiting are told by message that it is cancelled.",
            people,
        )
        % {"count": people},
        _("Their reminders for it stop."),
        _("You can restore the shift until it starts; they are then told it is back on."),
    ]
    return confirm_page(
        request,
        neighborhood,
        shift,
        title=_("Cancel this shift?"),
        consequences=consequences,
        button=_("Cancel the shift and tell everyone"),
    )


@require_GET
@neighborhood_view(Role.COORDINATOR)
def shift_sign_in_sheet(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """A one-page sign-in sheet to print: names and status only (no contact details)."""
    shift = get_shift_or_404(neighborhood, pk)
    roster = shift.signups.active().select_related("user").order_by("status", "created_at")
    context = {"neighborhood": neighborhood, "shift": shift, "roster": roster}
    return render(request, "mutualaid/shifts/sign_in_sheet.html", context)


@require_POST
@neighborhood_view(Role.COORDINATOR)
def shift_restore(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    shift = get_shift_or_404(neighborhood, pk)
    try:
        told = actions.restore_occurrence(shift=shift, by=request.user)
    except actions.TooLateError:
        messages.error(request, _("This shift has started: it can no longer be restored."))
    else:
        messages.success(
            request,
            ngettext(
                "The shift is back on; %(count)s person was told.",
                "The shift is back on; %(count)s people were told.",
                told,
            )
            % {"count": told},
        )
    return redirect("shift_detail", slug=neighborhood.slug, pk=shift.pk)


@require_POST
@neighborhood_view(Role.COORDINATOR)
def shift_assign(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    shift = get_shift_or_404(neighborhood, pk)
    form = AssignForm(request.POST, neighborhood=neighborhood, shift=shift)
    if not form.is_valid():  # the page again, with the error by the field
        context = _detail_context(request, neighborhood, shift, assign_form=form)
        return render(request, "mutualaid/shifts/detail.html", context)
    actions.assign(shift=shift, user=form.cleaned_data["person"])
    messages.success(request, _("The volunteer is on the shift."))
    return redirect("shift_detail", slug=neighborhood.slug, pk=shift.pk)


@require_http_methods(["GET", "POST"])
@neighborhood_view(Role.COORDINATOR)
def signup_remove(
    request: HttpRequest, neighborhood: Neighborhood, pk: int, signup_pk: int
) -> HttpResponse:
    """GET asks first (who is removed, that they are told, an optional note); POST
    removes the person, who is told with the note."""
    shift = get_shift_or_404(neighborhood, pk)
    signup = get_signup_or_404(shift, signup_pk)
    if not signup.is_active:
        messages.info(request, _("%(name)s is no longer on the shift.") % {"name": signup.user})
        return redirect("shift_detail", slug=neighborhood.slug, pk=pk)
    form = RemoveSignupForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        actions.remove_signup(signup=signup, note=form.cleaned_data["note"], by=request.user)
        messages.success(
            request, _("%(name)s is off the shift and was told.") % {"name": signup.user}
        )
        return redirect("shift_detail", slug=neighborhood.slug, pk=pk)
    name = signup.user.display_name or signup.user.email
    consequences = [
        _("%(name)s is taken off this shift and no longer gets its reminders.") % {"name": name},
        _("%(name)s is told by their usual channel, with your note if you write one.")
        % {"name": name},
    ]
    if signup.status == Signup.Status.CONFIRMED:
        consequences.append(_("The first person on the waitlist, if any, gets the place."))
    return confirm_page(
        request,
        neighborhood,
        shift,
        title=_("Take %(name)s off the shift?") % {"name": name},
        consequences=consequences,
        button=_("Remove %(name)s") % {"name": name},
        form=form,
    )


def confirm_page(
    request, neighborhood, shift, *, title, consequences, button, form=None, back=None
):
    """The "ask first" page of an action that cancels, removes or revokes: what will
    happen and to whom, the button that does it, and a way back that changes nothing."""
    if back is None:
        back = ("shift_detail", {"slug": neighborhood.slug, "pk": shift.pk})
    context = {
        "neighborhood": neighborhood,
        "shift": shift,
        "title": title,
        "consequences": consequences,
        "button": button,
        "form": form,
        "action_url": request.path,
        "back_url": reverse(back[0], kwargs=back[1]),
        "keep": _("Go back, change nothing"),
    }
    return render(request, "mutualaid/shifts/confirm.html", context)


@require_POST
@neighborhood_view(Role.COORDINATOR)
def signup_attendance(
    request: HttpRequest, neighborhood: Neighborhood, pk: int, signup_pk: int
) -> HttpResponse:
    shift = get_shift_or_404(neighborhood, pk)
    signup = get_signup_or_404(shift, signup_pk)
    form = AttendanceForm(request.POST)
    from_roster = request.POST.get("next") == "now"  # the roster for "now" sent it
    saved = False
    if form.is_valid():
        try:
            actions.record_attendance(
                signup=signup, attendance=form.cleaned_data["attendance"], by=request.user
            )
        except actions.AttendanceTooEarlyError:
            messages.error(request, ATTENDANCE_TOO_EARLY)
        else:
            saved = True
            if not (from_roster and request.htmx):  # the row itself says "Saved."
                messages.success(
                    request,
                    _("Attendance saved: %(name)s, %(attendance)s.")
                    % {"name": signup.user, "attendance": signup.get_attendance_display()},
                )
    if from_roster and request.htmx:
        shift.attendance_open = shift.takes_attendance()
        context = {
            "neighborhood": neighborhood,
            "shift": shift,
            "signup": signup,
            "saved": saved,
            "attendance_choices": Signup.Attendance.choices,
        }
        return render(request, "mutualaid/shifts/roster_now.html#person", context)
    if from_roster:
        return redirect("shift_roster_now", slug=neighborhood.slug)
    return redirect("shift_detail", slug=neighborhood.slug, pk=pk)

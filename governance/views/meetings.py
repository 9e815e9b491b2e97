"""Meetings: the list, planning one, the door's check-in, the minutes and publishing
them, and an owner closing their action point."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from members.access import can_coordinate, neighborhood_view
from members.models import Membership, Neighborhood, Role
from mutualaid.models import CalendarFeed

from ..actions import meetings as actions
from ..actions.proposals import EditConflictError
from ..calendar import meetings_response
from ..forms.meetings import (
    ActionPointForm,
    AgendaItemForm,
    CheckInForm,
    ItemMinutesForm,
    MeetingForm,
    MeetingSeriesForm,
    RosterSearchForm,
    members_of,
)
from ..models import ActionPoint, Meeting
from .proposals import _create_once

DOOR = "governance/meetings/door.html"
ROSTER_ROWS = 20


def get_meeting_or_404(request, neighborhood: Neighborhood, pk: int) -> Meeting:
    """A meeting the person may attend; one they may not (another role's, a circle they
    are not in) answers 404 like another neighborhood's."""
    meetings = (
        Meeting.objects.of(neighborhood)
        .visible_to(request.user, request.role)
        .select_related("facilitator", "note_taker", "circle", "reading")
    )
    return get_object_or_404(meetings.annotate(present=Count("attendances")), pk=pk)


def _may_run(request, neighborhood, meeting) -> bool:
    return meeting.runs(request.user) or can_coordinate(request.user, neighborhood)


def _run_or_403(request, neighborhood, meeting) -> None:
    if not _may_run(request, neighborhood, meeting):
        raise PermissionDenied


@neighborhood_view()
def meeting_list(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    meetings = Meeting.objects.of(neighborhood).visible_to(request.user, request.role)
    context = {
        "neighborhood": neighborhood,
        "upcoming": list(meetings.upcoming()[:20]),
        "past": list(meetings.past()[:20]),
        "feed": CalendarFeed.for_user(request.user),
    }
    return render(request, "governance/meetings/list.html", context)


@neighborhood_view(Role.COORDINATOR)
def meeting_create(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = MeetingForm(request.POST or None, neighborhood=neighborhood)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        agenda = data.pop("agenda")
        meeting = actions.create_meeting(neighborhood=neighborhood, agenda=agenda, **data)
        messages.success(request, _("The meeting is planned."))
        return redirect("meeting_detail", slug=neighborhood.slug, pk=meeting.pk)
    context = {"neighborhood": neighborhood, "form": form}
    return render(request, "governance/meetings/form.html", context)


@neighborhood_view(Role.COORDINATOR)
def meeting_series_create(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    """A recurring meeting: its meetings are created weeks ahead, as the shifts' are."""
    form = MeetingSeriesForm(request.POST or None, neighborhood=neighborhood)
    if request.method == "POST" and form.is_valid():
        fields = form.series_fields()
        series = _create_once(
            request,
            form,
            lambda: actions.create_meeting_series(
                neighborhood=neighborhood, created_by=request.user, **fields
            ),
        )
        if series is not None:
            count = series.meetings.count()
            messages.success(
                request,
                ngettext(
                    "The recurring meeting is planned: %(count)s meeting is on the list.",
                    "The recurring meeting is planned: %(count)s meetings are on the list.",
                    count,
                )
                % {"count": count},
            )
            return redirect("meeting_list", slug=neighborhood.slug)
    context = {"neighborhood": neighborhood, "form": form}
    return render(request, "governance/meetings/series_form.html", context)


@neighborhood_view()
def meeting_detail(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    meeting = get_meeting_or_404(request, neighborhood, pk)
    may_run = _may_run(request, neighborhood, meeting)
    points = Prefetch("action_points", queryset=ActionPoint.objects.select_related("owner"))
    context = {
        "neighborhood": neighborhood,
        "meeting": meeting,
        "items": list(meeting.items.select_related("owner", "proposal").prefetch_related(points)),
        "may_run": may_run,
        "show_minutes": meeting.minutes_published or may_run,
    }
    return render(request, "governance/meetings/detail.html", context)


@neighborhood_view()
def meeting_door(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """Check people in at the door: search the roster as at the intake table."""
    meeting = get_meeting_or_404(request, neighborhood, pk)
    _run_or_403(request, neighborhood, meeting)
    if request.method == "POST":
        form = CheckInForm(request.POST, neighborhood=neighborhood)
        if form.is_valid():
            person = form.cleaned_data["person"]
            if actions.check_in(meeting=meeting, person=person):
                messages.success(
                    request, _("%(name)s is checked in.") % {"name": person.display_name}
                )
            else:
                messages.info(
                    request, _("%(name)s was already checked in.") % {"name": person.display_name}
                )
        return redirect("meeting_door", slug=neighborhood.slug, pk=meeting.pk)
    search = RosterSearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    roster = members_of(neighborhood)
    if query:
        roster = roster.filter(display_name__icontains=query)
    present = set(meeting.attendances.values_list("person_id", flat=True))
    context = {
        "neighborhood": neighborhood,
        "meeting": meeting,
        "search": search,
        "roster": list(roster[:ROSTER_ROWS]),
        "present": present,
        "present_count": len(present),
    }
    if request.htmx:
        return render(request, f"{DOOR}#roster", context)
    return render(request, DOOR, context)


@neighborhood_view()
def minutes_item(
    request: HttpRequest, neighborhood: Neighborhood, pk: int, item_pk: int
) -> HttpResponse:
    meeting = get_meeting_or_404(request, neighborhood, pk)
    _run_or_403(request, neighborhood, meeting)
    item = get_object_or_404(meeting.items, pk=item_pk)
    minutes = ItemMinutesForm(
        request.POST if "save_minutes" in request.POST else None,
        instance=item,
        initial={"version": item.version},
    )
    conflict = None
    point = ActionPointForm(
        request.POST if "add_point" in request.POST else None, neighborhood=neighborhood
    )
    if request.method == "POST":
        if "save_minutes" in request.POST and minutes.is_valid():
            data = minutes.cleaned_data
            try:
                actions.save_item_minutes(
                    item=item,
                    notes=data["notes"],
                    decisions=data["decisions"],
                    version=data["version"],
                )
            except EditConflictError as error:
                conflict = error.current
                minutes.add_error(
                    None,
                    _(
                        "Someone saved these minutes while you were writing. Your text is "
                        "kept below; the saved one is shown above it. Send again to replace it."
                    ),
                )
                minutes.data = minutes.data.copy()
                minutes.data["version"] = str(conflict.version)
            else:
                messages.success(request, _("The minutes of this item are saved."))
                return redirect(
                    "minutes_item", slug=neighborhood.slug, pk=meeting.pk, item_pk=item.pk
                )
        if "add_point" in request.POST and point.is_valid():
            data = point.cleaned_data
            actions.add_action_point(
                item=item, text=data["text"], owner=data["owner"], due_on=data["due_on"]
            )
            messages.success(request, _("The action point is added."))
            return redirect("minutes_item", slug=neighborhood.slug, pk=meeting.pk, item_pk=item.pk)
    context = {
        "neighborhood": neighborhood,
        "meeting": meeting,
        "item": item,
        "minutes": minutes,
        "conflict": conflict,
        "point": point,
        "points": list(item.action_points.select_related("owner")),
    }
    return render(request, "governance/meetings/item.html", context)


@neighborhood_view()
def agenda_item_edit(
    request: HttpRequest, neighborhood: Neighborhood, pk: int, item_pk: int
) -> HttpResponse:
    """Who brings an item and which proposal it is about: for those who run the meeting."""
    meeting = get_meeting_or_404(request, neighborhood, pk)
    _run_or_403(request, neighborhood, meeting)
    item = get_object_or_404(meeting.items, pk=item_pk)
    form = AgendaItemForm(request.POST or None, instance=item, neighborhood=neighborhood)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The agenda item is saved."))
        return redirect("meeting_detail", slug=neighborhood.slug, pk=meeting.pk)
    context = {"neighborhood": neighborhood, "meeting": meeting, "item": item, "form": form}
    return render(request, "governance/meetings/agenda_item.html", context)


@require_POST
@neighborhood_view()
def minutes_publish(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    meeting = get_meeting_or_404(request, neighborhood, pk)
    _run_or_403(request, neighborhood, meeting)
    if actions.publish_minutes(meeting=meeting):
        messages.success(request, _("The minutes are published and the members are told."))
    return redirect("meeting_detail", slug=neighborhood.slug, pk=meeting.pk)


@require_POST
@neighborhood_view()
def action_point_done(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    point = get_object_or_404(ActionPoint.objects.open_for(request.user, neighborhood), pk=pk)
    actions.mark_done(action_point=point)
    messages.success(request, _("Marked as done. Thank you!"))
    return redirect("neighborhood_home", slug=neighborhood.slug)


@require_GET
def meetings_feed(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The neighborhood's meetings for a phone calendar: the secret token of the person's
    calendar feed is the key, and only while they are an active member."""
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, user__is_active=True)
        .first()
    )
    membership = (
        Membership.objects.active()
        .filter(user_id=feed.user_id, neighborhood__slug=slug)
        .select_related("neighborhood")
        .first()
        if feed
        else None
    )
    if membership is None:
        raise Http404
    since = timezone.now() - timedelta(days=60)
    meetings = (
        Meeting.objects.of(membership.neighborhood)
        .visible_to(feed.user, membership.role)
        .filter(starts_at__gte=since)
    )
    return meetings_response(meetings.order_by("starts_at"), name=membership.neighborhood.name)

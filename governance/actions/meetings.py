"""Workflows of meetings: planning one with its agenda, checking people in at the door,
writing the minutes with action points, publishing them, and closing an action point."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members.models import Neighborhood
from members.notification_kinds import Kind
from members.notifications import notify
from mutualaid.actions.shifts import nudge_dispatcher
from mutualaid.models import Reminder
from wcc import content_stamps

from ..models import ActionPoint, AgendaItem, Attendance, Meeting, MeetingSeries
from .proposals import EditConflictError

log = logging.getLogger(__name__)


@transaction.atomic
def create_meeting(*, neighborhood: Neighborhood, agenda: list[str], **fields) -> Meeting:
    meeting = Meeting.objects.create(neighborhood=neighborhood, **fields)
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=n, title=title)
        for n, title in enumerate(agenda, start=1)
    )
    content_stamps.changed(neighborhood.pk)  # bulk_create sends no signal
    return meeting


def check_in(*, meeting: Meeting, person) -> bool:
    """True when the person was checked in now; a second tap changes nothing."""
    _attendance, created = Attendance.objects.get_or_create(meeting=meeting, person=person)
    return created


@transaction.atomic
def save_item_minutes(
    *, item: AgendaItem, notes: str, decisions: str, version: int | None = None
) -> AgendaItem:
    """Save an item's minutes written from ``version`` (None: whatever is saved now);
    a newer save since then is a conflict, shown rather than written over."""
    current = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if version is not None and current.version != version:
        raise EditConflictError(current)
    current.notes, current.decisions = notes, decisions
    current.version += 1
    current.save(update_fields=["notes", "decisions", "version"])
    return current


def add_action_point(*, item: AgendaItem, text: str, owner, due_on) -> ActionPoint:
    return ActionPoint.objects.create(item=item, text=text, owner=owner, due_on=due_on)


@transaction.atomic
def publish_minutes(*, meeting: Meeting) -> bool:
    """Mark the minutes final, once, and tell the members after the commit."""
    updated = Meeting.objects.filter(pk=meeting.pk, minutes_final_at=None).update(
        minutes_final_at=timezone.now()
    )
    content_stamps.changed(meeting.neighborhood_id)
    if updated:
        transaction.on_commit(lambda: _tell_members(meeting.pk))
    return bool(updated)


def _tell_members(meeting_id: int) -> None:
    meeting = Meeting.objects.select_related("neighborhood").get(pk=meeting_id)
    path = reverse("meeting_detail", kwargs={"slug": meeting.neighborhood.slug, "pk": meeting.pk})
    owners = set(
        ActionPoint.objects.filter(item__meeting=meeting).values_list("owner_id", flat=True)
    )
    for membership in meeting.audience().select_related("user"):
        context = {
            "meeting": meeting,
            "path": path,
            "has_action_points": membership.user_id in owners,
        }
        try:
            notify(
                membership.user,
                kind=Kind.MEETINGS_AND_DECISIONS,
                template="governance/messages/minutes",
                context=context,
                time_zone=meeting.neighborhood.zone,
            )
        except Exception:
            log.exception("a minutes notice could not be sent")


def mark_done(*, action_point: ActionPoint) -> None:
    ActionPoint.objects.filter(pk=action_point.pk, done_at=None).update(done_at=timezone.now())
    content_stamps.changed(content_stamps.neighborhood_of(action_point))


# --- Reminders (sent by the shifts' ledger: mutualaid/actions/shifts.py) --------------


def queue_meeting_reminders(*, now=None) -> int:
    """Put into the reminder ledger the meeting reminders whose time has come; return
    how many rows were added.

    Each meeting ahead within the largest offset has one offset due now: the nearest
    one whose time has passed. It goes to everyone who may attend at that moment, so
    someone who joins the day before gets the next reminder, and never two at once. An
    offset whose time had passed when the meeting was planned is skipped, as a shift's
    is at sign-up. The ledger's unique constraint on (meeting, person, offset) makes a
    second run, or two beats at once, add nothing: each reminder is sent once.
    """
    now = now or timezone.now()
    offsets = sorted(settings.WCC_MEETING_REMINDER_OFFSETS_HOURS)  # nearest first
    if not offsets:
        return 0
    ahead = Meeting.objects.filter(
        starts_at__gt=now, starts_at__lte=now + timedelta(hours=offsets[-1])
    )
    rows = []
    for meeting in ahead:
        hours = next(h for h in offsets if meeting.starts_at - timedelta(hours=h) <= now)
        due = meeting.starts_at - timedelta(hours=hours)
        if due < meeting.created_at:
            continue
        minutes = round(hours * 60)
        reminded = Reminder.objects.filter(
            kind=Reminder.Kind.MEETING, meeting=meeting, offset_minutes=minutes
        ).values("user_id")
        people = meeting.audience().exclude(user_id__in=reminded)
        rows += [
            Reminder(
                kind=Reminder.Kind.MEETING,
                meeting=meeting,
                user_id=user_id,
                offset_minutes=minutes,
                due_at=due,
            )
            for user_id in people.values_list("user_id", flat=True).distinct()
        ]
    created = Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    if created:
        nudge_dispatcher()
    return len(created)


# --- Recurring meetings (the rule code is the shifts': wcc/recurrence.py) ------------


@transaction.atomic
def create_meeting_series(*, neighborhood: Neighborhood, created_by, **fields) -> MeetingSeries:
    series = MeetingSeries.objects.create(
        neighborhood=neighborhood, created_by=created_by, **fields
    )
    extend_meeting_series(series=series)
    return series


@transaction.atomic
def extend_meeting_series(*, series: MeetingSeries, today=None) -> int:
    """Create the series' meetings up to its horizon, once each (the series row is
    locked and a meeting's date in its series is unique); return how many were new."""
    series = (
        MeetingSeries.objects.select_for_update().select_related("neighborhood").get(pk=series.pk)
    )
    if not series.is_active:
        return 0
    today = today or timezone.localdate(timezone=series.neighborhood.zone)
    until = today + timedelta(weeks=series.horizon_weeks)
    first = series.generated_until + timedelta(days=1) if series.generated_until else today
    first = max(first, today, series.starts_on)
    existing = set(series.meetings.values_list("occurrence", flat=True))
    agenda = [line.strip()[:200] for line in series.agenda.splitlines() if line.strip()]
    created = 0
    for day in series.dates_between(first, until):
        if day in existing:
            continue
        create_meeting(
            neighborhood=series.neighborhood,
            agenda=agenda,
            series=series,
            occurrence=day,
            title=series.title,
            kind=series.kind,
            starts_at=series.moment(day),
            place=series.place,
            call_link=series.call_link,
            audience_role=series.audience_role,
            facilitator_id=series.facilitator_id,
            note_taker_id=series.note_taker_id,
        )
        created += 1
    series.generated_until = until
    series.save(update_fields=["generated_until"])
    return created

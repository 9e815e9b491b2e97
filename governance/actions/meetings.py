"""Workflows of meetings: planning one with its agenda, checking people in at the door,
writing the minutes with action points, publishing them, and closing an action point."""

from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members.models import Neighborhood
from members.notifications import notify

from ..models import ActionPoint, AgendaItem, Attendance, Meeting
from .proposals import EditConflictError

log = logging.getLogger(__name__)


@transaction.atomic
def create_meeting(*, neighborhood: Neighborhood, agenda: list[str], **fields) -> Meeting:
    meeting = Meeting.objects.create(neighborhood=neighborhood, **fields)
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, position=n, title=title)
        for n, title in enumerate(agenda, start=1)
    )
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
                template="governance/messages/minutes",
                context=context,
                time_zone=meeting.neighborhood.zone,
            )
        except Exception:
            log.exception("a minutes notice could not be sent")


def mark_done(*, action_point: ActionPoint) -> None:
    ActionPoint.objects.filter(pk=action_point.pk, done_at=None).update(done_at=timezone.now())

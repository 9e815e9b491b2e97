"""Workflows of study circles: starting one, joining (at once, or by asking the
convener), the convener saying yes, leaving, adding to the reading list and planning a
session. Whoever a step affects is told, in their own language, after the commit."""

from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members.notification_kinds import Kind
from members.notifications import notify
from wcc import content_stamps

from ..models import CircleMember, Meeting, Reading, StudyCircle
from .meetings import create_meeting

log = logging.getLogger(__name__)

# A session's minutes are its discussion notes: one agenda item holds them.
SESSION_AGENDA = "Discussion"


@transaction.atomic
def create_circle(*, neighborhood, convener, name: str, about: str, is_open: bool) -> StudyCircle:
    circle = StudyCircle.objects.create(
        neighborhood=neighborhood, convener=convener, name=name, about=about, is_open=is_open
    )
    CircleMember.objects.create(
        circle=circle, person=convener, status=CircleMember.Status.MEMBER, joined_at=timezone.now()
    )
    return circle


@transaction.atomic
def join(*, circle: StudyCircle, person) -> CircleMember:
    """An open circle takes the person at once; a closed one records the request and
    tells the convener. Asking twice changes nothing."""
    status = CircleMember.Status.MEMBER if circle.is_open else CircleMember.Status.ASKED
    place, created = CircleMember.objects.get_or_create(
        circle=circle,
        person=person,
        defaults={"status": status, "joined_at": timezone.now() if circle.is_open else None},
    )
    if created and place.status == CircleMember.Status.ASKED and circle.convener_id:
        transaction.on_commit(lambda: _tell(circle.convener, circle, "circle_request", person))
    return place


@transaction.atomic
def accept(*, place: CircleMember) -> bool:
    """The convener says yes to a request; the person is told."""
    updated = CircleMember.objects.filter(pk=place.pk, status=CircleMember.Status.ASKED).update(
        status=CircleMember.Status.MEMBER, joined_at=timezone.now()
    )
    content_stamps.changed(content_stamps.neighborhood_of(place))  # update() sends no signal
    if updated:
        transaction.on_commit(lambda: _tell(place.person, place.circle, "circle_welcome", None))
    return bool(updated)


def leave(*, circle: StudyCircle, person) -> None:
    """Leaving (or withdrawing a request). The convener stays: they hand over first."""
    circle.members.filter(person=person).exclude(person_id=circle.convener_id).delete()


def add_reading(*, circle: StudyCircle, added_by, **fields) -> Reading:
    return Reading.objects.create(circle=circle, added_by=added_by, **fields)


def plan_session(*, circle: StudyCircle, reading: Reading | None, **fields) -> Meeting:
    """A session is a meeting of the circle: its attendance is the door's, its
    discussion notes are the minutes of its one agenda item."""
    return create_meeting(
        neighborhood=circle.neighborhood,
        agenda=[SESSION_AGENDA],
        kind=Meeting.Kind.SESSION,
        circle=circle,
        reading=reading,
        title=fields.pop("title", None) or circle.name,
        **fields,
    )


def _tell(recipient, circle: StudyCircle, template: str, asker) -> None:
    path = reverse("circle_detail", kwargs={"slug": circle.neighborhood.slug, "pk": circle.pk})
    try:
        notify(
            recipient,
            kind=Kind.MEETINGS_AND_DECISIONS,
            template=f"governance/messages/{template}",
            context={"circle": circle, "asker": asker, "path": path},
            time_zone=circle.neighborhood.zone,
        )
    except Exception:
        log.exception("a study-circle notice could not be sent")

"""Reminders before a meeting, through the shifts' exactly-once reminder ledger: who
gets one and when, once each, in their language, stopped when the person turned them
off, and not sent once they may no longer attend; then the same against a real Redis,
real Celery workers and beats, and a real SMTP server."""

import time
from datetime import timedelta

import pytest
import redis
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from governance.actions import meetings as actions
from governance.models import Meeting
from members.models import Membership, NotificationChoice, Role
from mutualaid.actions import shifts as ledger
from mutualaid.models import Reminder
from tests.mutualaid.shifts.test_worker import (  # noqa: F401 (smtp is a fixture)
    REDIS_URL,
    celery_processes,
    child_env,
    smtp,
    wait_for,
)

from .factories import members

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(actions, "nudge_dispatcher", lambda: None)
    monkeypatch.setattr(ledger, "nudge_dispatcher", lambda: None)


@pytest.fixture(autouse=True)
def offsets(settings):
    settings.WCC_MEETING_REMINDER_OFFSETS_HOURS = [24, 2]


def assembly(world, *, hours_ahead: float, planned_days_ago: float = 7, **fields) -> Meeting:
    """An assembly of the own neighborhood ``hours_ahead`` from now, planned a week ago."""
    meeting = actions.create_meeting(
        neighborhood=world.own,
        agenda=["Welcome", "The Sunday table"],
        title=fields.pop("title", "December assembly"),
        kind="assembly",
        starts_at=timezone.now() + timedelta(hours=hours_ahead),
        place="Church hall",
        facilitator=world.volunteer,
        note_taker=world.volunteer,
        **fields,
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        created_at=timezone.now() - timedelta(days=planned_days_ago)
    )
    meeting.refresh_from_db()
    return meeting


def queue_and_send() -> int:
    actions.queue_meeting_reminders()
    return ledger.send_due_reminders(time_budget=10)


def inboxes() -> dict[str, list]:
    by_person: dict[str, list] = {}
    for message in mail.outbox:
        by_person.setdefault(message.to[0], []).append(message)
    return by_person


def test_everyone_who_may_attend_gets_the_day_before_reminder_once(world):
    meeting = assembly(world, hours_ahead=23)

    assert queue_and_send() == 3
    assert queue_and_send() == 0  # the next beat: nothing new

    told = inboxes()
    assert set(told) == {world.member.email, world.volunteer.email, world.coordinator.email}
    (message,) = told[world.member.email]
    assert message.subject.startswith("Reminder: December assembly, ")
    assert "Church hall" in message.body
    assert "1. Welcome\n2. The Sunday table" in message.body
    assert f"/n/eastside/governance/meetings/{meeting.pk}/" in message.body
    assert world.other_coordinator.email not in told  # another neighborhood's member
    assert set(Reminder.objects.values_list("offset_minutes", "status")) == {(1440, "sent")}


def test_the_two_hour_reminder_follows_and_a_late_joiner_gets_only_the_nearest(world):
    meeting = assembly(world, hours_ahead=23)
    queue_and_send()
    mail.outbox.clear()
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() + timedelta(hours=1))
    (newcomer,) = members(world.own, 1)

    assert queue_and_send() == 4

    told = inboxes()
    assert {person: len(messages) for person, messages in told.items()} == {
        world.member.email: 1,
        world.volunteer.email: 1,
        world.coordinator.email: 1,
        newcomer.email: 1,
    }
    assert Reminder.objects.filter(user=newcomer).get().offset_minutes == 120


def test_a_reminder_whose_time_had_passed_when_the_meeting_was_planned_is_skipped(world):
    assembly(world, hours_ahead=20, planned_days_ago=0.1)  # planned 2.4 h ago

    assert queue_and_send() == 0
    assert mail.outbox == []


def test_a_meeting_for_coordinators_reminds_coordinators_only(world):
    assembly(world, hours_ahead=1, audience_role=Role.COORDINATOR)

    queue_and_send()

    assert set(inboxes()) == {world.coordinator.email}


def test_someone_who_left_before_it_was_due_is_not_reminded(world):
    meeting = assembly(world, hours_ahead=30)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() + timedelta(hours=23))
    actions.queue_meeting_reminders()
    Membership.objects.filter(user=world.member).update(status=Membership.Status.INACTIVE)

    ledger.send_due_reminders(time_budget=10)

    assert world.member.email not in inboxes()
    assert Reminder.objects.get(user=world.member).status == Reminder.Status.CANCELLED


def test_a_meeting_that_has_begun_sends_nothing_more(world):
    meeting = assembly(world, hours_ahead=1)
    actions.queue_meeting_reminders()
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(minutes=5))

    assert ledger.send_due_reminders(time_budget=10) == 0
    assert mail.outbox == []


def test_the_reminder_is_in_the_persons_language(world):
    (vecina,) = members(world.own, 1, language="es")
    assembly(world, hours_ahead=1)

    queue_and_send()

    (message,) = inboxes()[vecina.email]
    assert message.subject.startswith("Recordatorio: December assembly, ")
    assert "Dónde: Church hall" in message.body
    assert "Where:" not in message.body


def test_turned_off_meeting_reminders_stop_and_the_others_carry_one_click_unsubscribe(world):
    NotificationChoice.objects.choose(world.member, "meeting_reminders", "none")
    assembly(world, hours_ahead=1)

    queue_and_send()

    told = inboxes()
    assert world.member.email not in told
    assert Reminder.objects.get(user=world.member).status == Reminder.Status.SKIPPED
    for (message,) in told.values():
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert "You get this because you may attend a meeting" in message.body


def test_the_ledger_holds_one_reminder_per_meeting_person_and_offset(world):
    meeting = assembly(world, hours_ahead=1)
    actions.queue_meeting_reminders()

    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(
            kind=Reminder.Kind.MEETING,
            meeting=meeting,
            user=world.member,
            offset_minutes=120,
            due_at=timezone.now(),
        )


def test_a_ledger_row_is_about_a_shift_or_a_meeting_never_both_nor_neither(world):
    meeting = assembly(world, hours_ahead=1)
    from tests.mutualaid.shifts.factories import ShiftFactory

    shift = ShiftFactory(neighborhood=world.own)
    for about in ({}, {"meeting": meeting, "shift": shift}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Reminder.objects.create(
                kind=Reminder.Kind.MEETING, user=world.member, due_at=timezone.now(), **about
            )


def test_the_data_export_names_the_meeting_of_each_reminder(world):
    from members.actions import personal_data

    meeting = assembly(world, hours_ahead=1)
    actions.queue_meeting_reminders()

    exported = personal_data(user=world.member)["shift_signups"]["reminders"]

    assert exported == [
        {
            "shift": None,
            "meeting": meeting.pk,
            "kind": "meeting",
            "due_at": exported[0]["due_at"],
            "status": "pending",
            "channel": "",
        }
    ]


@pytest.mark.django_db(transaction=True)
def test_beats_and_workers_remind_every_member_exactly_once(smtp, tmp_path, world):  # noqa: F811
    """Two beats queue the reminders every second and two workers send them: each of
    200 members gets exactly one, though every beat looks again and again."""
    controller, handler = smtp
    redis.Redis.from_url(REDIS_URL).flushdb()
    crowd = members(world.own, 197)
    assembly(world, hours_ahead=1.5)

    with celery_processes(child_env(controller.port), tmp_path):
        assert wait_for(lambda: len(handler.messages) >= 200, timeout=120), len(handler.messages)
        time.sleep(3)  # several more beats: time for a duplicate to show up

    recipients = [to for (to,), _subject in handler.messages]
    assert len(recipients) == 200
    assert set(recipients) == {p.email for p in crowd} | {
        world.member.email,
        world.volunteer.email,
        world.coordinator.email,
    }


def test_the_meeting_page_says_which_reminders_are_still_to_come(world, member_client):
    from django.urls import reverse

    meeting = assembly(world, hours_ahead=5)
    page = member_client.get(reverse("meeting_detail", args=[world.own.slug, meeting.pk]))

    text = page.content.decode()
    assert "A reminder goes to everyone who may attend, 2 hours before." in text
    assert reverse("notification_choices") in text

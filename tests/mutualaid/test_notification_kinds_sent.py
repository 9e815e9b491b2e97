"""The kinds at the real call sites: each shift message and the needs digest, sent the
way the app sends them, carry one-click unsubscribe headers exactly when their kind can
be turned off, and stop when the person turned that kind off."""

import pytest
from django.core import mail
from django.utils import timezone, translation

from members.models import NotificationChoice
from members.notification_kinds import kind_info
from mutualaid import digests
from mutualaid.actions import shifts as actions
from mutualaid.actions.shifts import MESSAGE_KINDS
from mutualaid.models import DigestSubscription, Reminder

from .needs.factories import NeedFactory, OfferFactory
from .shifts.factories import ShiftFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def expected_texts_in_english():
    """The labels and reasons compared are lazy: read them in English, whatever
    language an earlier test left active in this process."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    monkeypatch.setattr(actions, "nudge_dispatcher", lambda: None)


@pytest.fixture
def signed_up(world):
    person = world.volunteer
    person.contact_consent_at = timezone.now()
    person.save(update_fields=["contact_consent_at"])
    shift = ShiftFactory(neighborhood=world.own, role="Soup kitchen")
    signup = actions.sign_up(shift=shift, user=person)
    Reminder.objects.all().delete()  # the sign-up's own messages: each test queues one
    return signup


# Meeting reminders share the ledger; tests/governance/test_meeting_reminders.py has them.
SHIFT_MESSAGES = [kind for kind in Reminder.Kind.values if kind != Reminder.Kind.MEETING]


def send(signup, kind):
    actions.queue_notice(kind=kind, shift=signup.shift, user=signup.user, signup=signup)
    actions.send_due_reminders(time_budget=10)


@pytest.mark.parametrize("kind", SHIFT_MESSAGES)
def test_each_shift_message_has_the_headers_its_kind_calls_for(signed_up, kind):
    send(signed_up, kind)

    (message,) = mail.outbox
    info = kind_info(MESSAGE_KINDS[kind])
    raw = message.message().as_string()
    if info.can_turn_off:
        assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw
        assert "/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
        assert f"You get this because {info.because}" in message.body
    else:
        assert "List-Unsubscribe" not in raw
        assert str(info.why_always) in message.body


@pytest.mark.parametrize("kind", SHIFT_MESSAGES)
def test_each_shift_message_stops_when_its_kind_is_off_unless_it_always_comes(signed_up, kind):
    info = kind_info(MESSAGE_KINDS[kind])
    # Stored directly: for a kind that always comes no page lets anyone say so.
    NotificationChoice.objects.create(user=signed_up.user, kind=info.key, channel="none")

    send(signed_up, kind)

    reminder = Reminder.objects.get()
    if info.can_turn_off:
        assert mail.outbox == []
        assert reminder.status == Reminder.Status.SKIPPED
    else:
        assert len(mail.outbox) == 1
        assert reminder.status == Reminder.Status.SENT


def test_the_digest_carries_the_headers_and_stops_when_turned_off(world):
    member = world.member
    member.contact_consent_at = timezone.now()
    member.save(update_fields=["contact_consent_at"])
    OfferFactory(neighborhood=world.own, member=member)
    subscription = DigestSubscription.objects.create(user=member, neighborhood=world.own)
    NeedFactory(neighborhood=world.own, public_summary="Matching groceries")

    assert digests.send_digest(subscription_id=subscription.pk) == 1
    (message,) = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    NotificationChoice.objects.choose(member, "need_digests", "none")
    NeedFactory(neighborhood=world.own, public_summary="More groceries")
    assert digests.digest_channel(member) is None
    assert digests.send_digest(subscription_id=subscription.pk) == 0
    assert len(mail.outbox) == 1

"""Every message has a kind from one registry, and each kind obeys the person's choice:
"none" stops it where it may be turned off, a channel routes it, and its email says
how to change that (with one-click unsubscribe headers) or why it always comes."""

import ast
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone, translation

from members import sms
from members.models import NotificationChoice, SmsOptOut
from members.notification_kinds import KINDS, Kind, kind_info
from members.notifications import channel_for, notify
from mutualaid.actions.shifts import MESSAGE_KINDS
from mutualaid.models import Reminder

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def expected_texts_in_english():
    """The labels and reasons compared are lazy: read them in English, whatever
    language an earlier test left active in this process."""
    with translation.override("en"):
        yield


ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRS = ["members", "mutualaid", "governance", "intake", "wcc"]
CHOOSABLE = [info.key for info in KINDS.values() if info.choosable]
TURN_OFF = [key for key in CHOOSABLE if KINDS[key].can_turn_off]
ALWAYS = [key for key in CHOOSABLE if not KINDS[key].can_turn_off]


def notify_calls():
    """(file:line, the call) for every ``notify(...)`` in the apps' source."""
    for folder in SOURCE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name == "notify":
                    yield f"{path.relative_to(ROOT)}:{node.lineno}", node


def test_every_notify_call_in_the_source_names_a_kind_of_the_registry():
    calls = list(notify_calls())
    assert len(calls) >= 8  # the scan finds the call sites (governance, needs, shifts ...)
    for where, call in calls:
        kind = next((k.value for k in call.keywords if k.arg == "kind"), None)
        assert kind is not None, f"{where}: notify(...) without kind="
        if isinstance(kind, ast.Constant):
            assert kind.value in KINDS, f"{where}: {kind.value!r} is no kind"
        elif isinstance(kind, ast.Attribute) and isinstance(kind.value, ast.Name):
            assert kind.value.id == "Kind" and kind.attr in Kind.__members__, where
        else:  # worked out at run time: notify checks it then (the next tests)
            assert isinstance(kind, ast.Subscript | ast.Name), f"{where}: {ast.dump(kind)}"


def test_notify_refuses_a_call_without_a_kind_or_with_an_unknown_one(world):
    with pytest.raises(TypeError):
        notify(world.member, template="members/email/member_left", context={})
    with pytest.raises(ValueError, match="not a kind"):
        notify(world.member, kind="nope", template="members/email/member_left", context={})
    assert mail.outbox == []


def test_every_reminder_kind_is_a_kind_of_message():
    assert set(MESSAGE_KINDS) == set(Reminder.Kind.values)
    assert set(MESSAGE_KINDS.values()) <= set(KINDS)


def test_each_kind_says_what_it_is_and_why_it_always_comes_when_it_cannot_be_turned_off():
    for info in KINDS.values():
        assert str(info.label) and str(info.help_text) and str(info.because), info.key
    for key in ["shift_changes", "join_answers", "sms_replies", "account"]:
        assert not kind_info(key).can_turn_off
        assert "always" in str(kind_info(key).why_always)


@pytest.mark.parametrize("kind", ALWAYS)
def test_a_kind_that_cannot_be_turned_off_refuses_none(world, kind):
    with pytest.raises(ValueError):
        NotificationChoice.objects.choose(world.member, kind, "none")
    assert not NotificationChoice.objects.exists()


def send(user, kind):
    return notify(
        user,
        kind=kind,
        template="members/email/member_left",
        context={"neighborhood": user.memberships.first().neighborhood, "name": "Ana"},
    )


@pytest.fixture
def texter(world, settings):
    settings.SMS_BACKEND = "members.sms.backends.locmem.SmsBackend"
    sms.outbox.clear()
    person = world.member
    person.phone = "+1 555 222 3333"
    person.contact_consent_at = timezone.now()
    person.save(update_fields=["phone", "contact_consent_at"])
    yield person
    sms.outbox.clear()


@pytest.mark.parametrize("kind", TURN_OFF)
def test_none_stops_a_kind_that_can_be_turned_off(world, kind):
    NotificationChoice.objects.choose(world.member, kind, "none")

    assert send(world.member, kind) == "none"
    assert mail.outbox == []
    # Only that kind: the others still come.
    other = next(key for key in CHOOSABLE if key != kind)
    assert send(world.member, other) == "email"


@pytest.mark.parametrize("kind", ALWAYS)
def test_a_stored_none_does_not_stop_a_kind_that_always_comes(world, kind):
    # Only a hand-made row could say so (choose() and the form refuse it).
    NotificationChoice.objects.create(user=world.member, kind=kind, channel="none")

    assert send(world.member, kind) == "email"
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("kind", CHOOSABLE)
def test_choosing_texts_sends_that_kind_by_text_and_leaves_the_rest_by_email(texter, kind):
    NotificationChoice.objects.choose(texter, kind, "sms")

    assert send(texter, kind) == "sms"
    assert [message.to for message in sms.outbox] == ["+15552223333"]
    assert mail.outbox == []
    other = next(key for key in CHOOSABLE if key != kind)
    assert send(texter, other) == "email"


@pytest.mark.parametrize("kind", CHOOSABLE)
def test_choosing_email_sends_by_email_though_the_profile_says_texts(texter, kind):
    texter.contact_channel = "sms"
    texter.save(update_fields=["contact_channel"])
    NotificationChoice.objects.choose(texter, kind, "email")

    assert send(texter, kind) == "email"
    assert sms.outbox == []


def test_texts_chosen_for_a_kind_still_respect_the_opt_out_ledger(texter):
    NotificationChoice.objects.choose(texter, "shift_reminders", "sms")
    SmsOptOut.objects.create(
        phone_digits="15552223333", action=SmsOptOut.Action.STOP, keyword="STOP"
    )

    assert send(texter, "shift_reminders") == "email"
    assert sms.outbox == []


def test_texts_chosen_for_a_kind_need_consent(texter):
    NotificationChoice.objects.choose(texter, "shift_reminders", "sms")
    texter.contact_consent_at = None
    texter.save(update_fields=["contact_consent_at"])

    assert channel_for(texter, kind="shift_reminders") == "email"


def test_do_not_contact_me_in_the_profile_stops_every_kind(world):
    world.member.contact_channel = "none"
    world.member.save(update_fields=["contact_channel"])
    NotificationChoice.objects.choose(world.member, "shift_reminders", "email")

    assert send(world.member, "shift_reminders") == "none"


def test_going_back_to_the_default_deletes_the_choice(world):
    NotificationChoice.objects.choose(world.member, "need_digests", "none")
    NotificationChoice.objects.choose(world.member, "need_digests", "")
    assert not NotificationChoice.objects.exists()
    assert send(world.member, "need_digests") == "email"


@pytest.mark.parametrize("kind", TURN_OFF)
def test_an_email_that_can_be_turned_off_has_one_click_headers_and_says_why(world, kind):
    send(world.member, kind)

    (message,) = mail.outbox
    url = message.extra_headers["List-Unsubscribe"]
    assert url.startswith("<http") and url.endswith(">") and "/unsubscribe/" in url
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The headers reach the wire, not only the object.
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message.message().as_string()
    assert f"You get this because {kind_info(kind).because}" in message.body
    assert "/accounts/notifications/" in message.body
    assert url[1:-1] in message.body


@pytest.mark.parametrize("kind", ALWAYS)
def test_an_email_that_always_comes_says_why_and_has_no_unsubscribe_header(world, kind):
    send(world.member, kind)

    (message,) = mail.outbox
    assert "List-Unsubscribe" not in message.extra_headers
    assert "List-Unsubscribe" not in message.message().as_string()
    assert str(kind_info(kind).why_always) in message.body
    assert "/unsubscribe/" not in message.body


def test_the_foot_is_in_the_persons_language(world):
    world.member.preferred_language = "es"
    world.member.save(update_fields=["preferred_language"])
    send(world.member, "shift_reminders")
    send(world.member, "shift_changes")

    turn_off, always = (message.body for message in mail.outbox)
    assert "Recibe esto porque" in turn_off
    assert "You get this" not in turn_off
    assert "Siempre" in always or "siempre" in always

"""Who hears of a request to join: the coordinators (each, a daily summary, never), and
the person when a coordinator decides."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from members import actions, join_notices, tasks
from members.models import JoinConfirmation, Membership, NotificationChoice, User
from members.notification_kinds import KINDS
from tests.factories import MembershipFactory, UserFactory
from tests.members.factories import JoinConfirmationFactory
from wcc.celery import app as celery_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


def ask(world, capture, n=1, **user_fields):
    """``n`` new people ask to join Eastside; their memberships."""
    made = []
    for i in range(n):
        user = UserFactory(
            email=f"asker{i}-{User.objects.count()}@example.org",
            display_name=f"Asker {i}",
            **user_fields,
        )
        with capture(execute=True):
            made.append(actions.request_to_join(neighborhood=world.own, user=user, message="Hi"))
    return made


def mails_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_a_join_request_emails_each_coordinator_in_their_own_language(
    world, eager_celery, django_capture_on_commit_callbacks
):
    world.coordinator.preferred_language = "es"
    world.coordinator.save()
    [membership] = ask(world, django_capture_on_commit_callbacks)
    [notice] = mail.outbox
    assert notice.to == ["coordinator@example.org"]
    assert notice.subject == "Asker 0 pide unirse a Eastside"
    assert "/n/eastside/members/?status=pending" in notice.body
    assert "Hi" in notice.body
    membership.refresh_from_db()
    assert membership.join_announced_at is not None


def test_a_confirmed_join_link_tells_the_coordinators(
    client, world, eager_celery, django_capture_on_commit_callbacks
):
    confirmation = JoinConfirmationFactory(neighborhood=world.own, display_name="Nell")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("join_confirm", args=[confirmation.token]))
    assert [m.subject for m in mails_to("coordinator@example.org")] == [
        "Nell asks to join Eastside"
    ]


def test_a_join_request_is_announced_once(world, eager_celery, django_capture_on_commit_callbacks):
    [membership] = ask(world, django_capture_on_commit_callbacks)
    assert join_notices.announce_join_request(membership_id=membership.pk) == 0
    assert len(mail.outbox) == 1


def test_a_coordinator_who_chose_never_hears_of_no_request(
    world, eager_celery, django_capture_on_commit_callbacks
):
    world.coordinator.join_request_notices = "never"
    world.coordinator.save()
    ask(world, django_capture_on_commit_callbacks)
    join_notices.send_join_summaries()
    assert mail.outbox == []


def test_a_coordinator_who_does_not_want_messages_gets_none(
    world, eager_celery, django_capture_on_commit_callbacks
):
    world.coordinator.contact_channel = "none"
    world.coordinator.save()
    ask(world, django_capture_on_commit_callbacks)
    join_notices.send_join_summaries()
    assert mail.outbox == []


def test_a_coordinator_who_chose_daily_gets_one_summary_and_only_once(
    world, eager_celery, django_capture_on_commit_callbacks
):
    world.coordinator.join_request_notices = "daily"
    world.coordinator.save()
    ask(world, django_capture_on_commit_callbacks, n=2)
    assert mail.outbox == []
    assert tasks.send_join_summaries() == 1
    [summary] = mail.outbox
    assert summary.subject == "2 new requests to join Eastside"
    assert "Asker 0" in summary.body and "Asker 1" in summary.body
    assert tasks.send_join_summaries() == 0
    assert len(mail.outbox) == 1


def test_more_than_three_requests_a_day_wait_for_the_summary(
    world, eager_celery, django_capture_on_commit_callbacks
):
    daily = UserFactory(email="daily@example.org", join_request_notices="daily")
    MembershipFactory(user=daily, neighborhood=world.own, role="coordinator")
    ask(world, django_capture_on_commit_callbacks, n=5)
    assert len(mails_to("coordinator@example.org")) == join_notices.JOIN_NOTICES_PER_DAY
    assert mails_to("daily@example.org") == []

    join_notices.send_join_summaries()
    summary = mails_to("coordinator@example.org")[-1]
    assert summary.subject == "2 new requests to join Eastside"
    assert "Asker 3" in summary.body and "Asker 4" in summary.body
    assert "Asker 0" not in summary.body
    [daily_summary] = mails_to("daily@example.org")
    assert daily_summary.subject == "5 new requests to join Eastside"


def test_a_request_not_announced_because_the_broker_was_down_comes_in_the_summary(
    world, django_capture_on_commit_callbacks
):
    ask(world, django_capture_on_commit_callbacks)  # queued, never run: no eager worker
    assert mail.outbox == []
    join_notices.send_join_summaries()
    assert [m.subject for m in mail.outbox] == ["1 new request to join Eastside"]


def test_asking_again_after_a_decline_is_announced_again(
    world, eager_celery, django_capture_on_commit_callbacks
):
    [membership] = ask(world, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        actions.decline(membership=membership, by=world.coordinator)
        actions.request_to_join(neighborhood=world.own, user=membership.user, message="Again")
    assert len(mails_to("coordinator@example.org")) == 2


def test_the_daily_summary_deletes_join_links_that_expired(world):
    from datetime import timedelta

    from django.utils import timezone

    JoinConfirmationFactory(
        neighborhood=world.own, expires_at=timezone.now() - timedelta(seconds=1)
    )
    fresh = JoinConfirmationFactory(neighborhood=world.own)
    join_notices.send_join_summaries()
    assert list(JoinConfirmation.objects.all()) == [fresh]


def test_the_daily_summary_is_on_the_beat_schedule():
    tasks_on_beat = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "members.tasks.send_join_summaries" in tasks_on_beat


@pytest.fixture
def pending(world):
    user = UserFactory(email="newt@example.org", display_name="Newt", preferred_language="es")
    return MembershipFactory(user=user, neighborhood=world.own, status="pending")


def decide(client, membership, action, capture):
    url = reverse("member_status", kwargs={"slug": "eastside", "pk": membership.pk})
    with capture(execute=True):
        client.post(url, {"action": action})


def test_approval_emails_the_person_in_their_language(
    coordinator_client, pending, django_capture_on_commit_callbacks
):
    decide(coordinator_client, pending, "approve", django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.to == ["newt@example.org"]
    assert message.subject == "Le damos la bienvenida a Eastside"
    assert "/n/eastside/" in message.body


def test_a_decline_emails_the_person(
    coordinator_client, pending, django_capture_on_commit_callbacks
):
    pending.user.preferred_language = "en"
    pending.user.save()
    decide(coordinator_client, pending, "decline", django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.subject == "Your request to join Eastside"
    assert "did not approve" in message.body
    assert Membership.objects.get(pk=pending.pk).status == "inactive"


def test_deactivating_or_reactivating_a_member_sends_no_join_mail(
    coordinator_client, world, django_capture_on_commit_callbacks
):
    membership = world.member.memberships.get()
    decide(coordinator_client, membership, "deactivate", django_capture_on_commit_callbacks)
    decide(coordinator_client, membership, "reactivate", django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_a_coordinator_who_chose_text_messages_gets_a_short_one(
    world, settings, eager_celery, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    from members import sms

    settings.SMS_BACKEND = "members.sms.backends.locmem.SmsBackend"
    sms.outbox.clear()
    world.coordinator.contact_channel = "sms"
    world.coordinator.phone = "+1 555 000 2222"
    world.coordinator.contact_consent_at = timezone.now()
    world.coordinator.save()
    ask(world, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    [text] = sms.outbox
    assert text.body.startswith("Asker 0 asks to join Eastside.")
    assert "/n/eastside/members/?status=pending" in text.body
    sms.outbox.clear()


def test_a_join_request_can_be_turned_off_by_the_coordinator_in_one_click(
    world, eager_celery, django_capture_on_commit_callbacks
):
    ask(world, django_capture_on_commit_callbacks)
    [notice] = mail.outbox
    assert notice.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    NotificationChoice.objects.choose(world.coordinator, "join_requests", "none")

    ask(world, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1  # the second request: no email to the coordinator


def test_the_answer_to_a_join_request_always_comes_and_says_why(
    world, eager_celery, django_capture_on_commit_callbacks
):
    [membership] = ask(world, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    NotificationChoice.objects.create(user=membership.user, kind="join_answers", channel="none")

    with django_capture_on_commit_callbacks(execute=True):
        join_notices.tell_decision(membership, "members/email/join_approved")

    [answer] = mail.outbox
    with translation.override("en"):  # the reason is lazy: read it in English
        assert str(KINDS["join_answers"].why_always) in answer.body
    assert "List-Unsubscribe" not in answer.message().as_string()

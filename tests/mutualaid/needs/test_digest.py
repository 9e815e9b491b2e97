"""The daily digest: matching new needs, in the person's language, never sent twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from members.models import ContactChannel, Membership, Skill
from mutualaid import digests
from mutualaid.models import DigestDelivery, DigestSubscription
from mutualaid.tasks import send_needs_digests
from wcc.celery import app

from .factories import NeedCategoryFactory, NeedFactory, OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscription(world):
    member = world.member
    member.contact_consent_at = timezone.now()
    member.save(update_fields=["contact_consent_at"])
    OfferFactory(neighborhood=world.own, member=member)
    return DigestSubscription.objects.create(user=member, neighborhood=world.own)


@pytest.fixture
def eager_celery():
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


def test_the_digest_sends_matching_new_needs_once(world, subscription):
    meals = NeedCategoryFactory(neighborhood=world.own, slug="hot-meals", name="Hot meals")
    NeedFactory(neighborhood=world.own, public_summary="Matching groceries")
    NeedFactory(neighborhood=world.own, category=meals, public_summary="Soup, not offered")
    NeedFactory(
        neighborhood=world.own,
        public_summary="Old groceries",
        created_at=timezone.now() - timedelta(days=30),
    )
    NeedFactory(neighborhood=world.own, public_summary="My own ask", requested_by=world.member)

    assert digests.send_digest(subscription_id=subscription.pk) == 1
    assert digests.send_digest(subscription_id=subscription.pk) == 0

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.member.email]
    assert "Matching groceries" in message.body
    assert "Soup" not in message.body and "Old groceries" not in message.body
    assert "My own ask" not in message.body
    assert DigestDelivery.objects.get().channel == "email"


def test_a_need_posted_later_goes_in_the_next_digest_only(world, subscription):
    NeedFactory(neighborhood=world.own, public_summary="First need")
    digests.send_digest(subscription_id=subscription.pk)
    NeedFactory(neighborhood=world.own, public_summary="Second need")
    digests.send_digest(subscription_id=subscription.pk)
    assert "First need" not in mail.outbox[1].body
    assert "Second need" in mail.outbox[1].body


def test_the_digest_is_written_in_the_persons_language(world, subscription):
    world.member.preferred_language = "es"
    world.member.save(update_fields=["preferred_language"])
    NeedFactory(neighborhood=world.own, public_summary="Arroz y frijoles")
    digests.send_digest(subscription_id=subscription.pk)
    assert "coincide con sus ofertas" in mail.outbox[0].subject
    assert "Alimentos" in mail.outbox[0].body


def test_no_digest_without_consent_or_by_a_channel_without_a_sender(world, subscription):
    NeedFactory(neighborhood=world.own)
    world.member.contact_channel = ContactChannel.SMS
    world.member.save(update_fields=["contact_channel"])
    assert digests.digest_channel(world.member) is None
    assert digests.send_digest(subscription_id=subscription.pk) == 0
    assert not DigestDelivery.objects.exists()


def test_an_sms_sender_plugs_in_through_the_one_channel_decision(world, subscription, monkeypatch):
    sent = []
    monkeypatch.setitem(
        digests.DIGEST_SENDERS,
        ContactChannel.SMS,
        lambda user, subject, body: sent.append((user, body)),
    )
    world.member.contact_channel = ContactChannel.SMS
    world.member.save(update_fields=["contact_channel"])
    NeedFactory(neighborhood=world.own, public_summary="By text message")

    digests.send_digest(subscription_id=subscription.pk)

    assert "By text message" in sent[0][1]
    assert DigestDelivery.objects.get().channel == "sms"


def test_the_beat_task_sends_every_subscribers_digest(world, subscription, eager_celery):
    NeedFactory(neighborhood=world.own)
    assert send_needs_digests.delay().get() == 1
    assert len(mail.outbox) == 1


def test_the_beat_schedule_runs_the_digest_daily(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["needs-daily-digest"]
    assert entry["task"] == send_needs_digests.name


def test_a_skill_named_like_a_category_matches_too(world, subscription):
    translation = NeedCategoryFactory(
        neighborhood=world.own, slug="translation", name="Translation"
    )
    skill = Skill.objects.create(neighborhood=world.own, name="translation")
    Membership.objects.get(user=world.member, neighborhood=world.own).skills.add(skill)
    NeedFactory(neighborhood=world.own, category=translation, public_summary="Interpreter")

    digests.send_digest(subscription_id=subscription.pk)

    assert "Interpreter" in mail.outbox[0].body

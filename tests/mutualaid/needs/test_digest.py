"""The daily digest: matching new needs, in the person's language, never sent twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from members import sms
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


@pytest.fixture(autouse=True)
def sms_outbox(settings):
    settings.SMS_BACKEND = "members.sms.backends.locmem.SmsBackend"
    sms.outbox.clear()
    yield sms.outbox
    sms.outbox.clear()


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
    assert "http://127.0.0.1:8000/n/eastside/needs/?matches=on" in message.body


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


def test_no_digest_without_consent_or_without_any_channel(world, subscription):
    NeedFactory(neighborhood=world.own)
    world.member.contact_channel = ContactChannel.NONE
    world.member.save(update_fields=["contact_channel"])
    assert digests.send_digest(subscription_id=subscription.pk) == 0
    world.member.contact_channel = ContactChannel.SMS
    world.member.phone = "+1 555 222 3333"
    world.member.contact_consent_at = None
    world.member.save()
    assert digests.digest_channel(world.member) is None
    assert digests.send_digest(subscription_id=subscription.pk) == 0
    assert not DigestDelivery.objects.exists()
    assert mail.outbox == [] and sms.outbox == []


@pytest.fixture
def texter(world, subscription):
    world.member.contact_channel = ContactChannel.SMS
    world.member.phone = "+1 555 222 3333"
    world.member.save()
    return world.member


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Eastside: 3 new needs match your offers."), ("es", "Eastside: 3 necesidades")],
)
def test_a_person_who_chose_sms_gets_one_short_text(world, subscription, texter, language, words):
    texter.preferred_language = language
    texter.save(update_fields=["preferred_language"])
    for summary in ("Bread for a family", "Milk and rice " * 10, "Third need"):
        NeedFactory(neighborhood=world.own, public_summary=summary)

    assert digests.send_digest(subscription_id=subscription.pk) == 3

    assert mail.outbox == []
    (text,) = sms.outbox
    assert text.to == "+15552223333"  # E.164, as the provider wants it
    assert text.body.startswith(words)
    assert "Third need" in text.body  # newest first: the two latest are shown
    assert "Milk and rice Milk" in text.body and "Bread for a family" not in text.body
    assert text.body.endswith("http://127.0.0.1:8000/n/eastside/needs/?matches=on")
    assert len(text.body) < 320, text.body
    assert set(DigestDelivery.objects.values_list("channel", flat=True)) == {"sms"}
    assert DigestDelivery.objects.count() == 3

    assert digests.send_digest(subscription_id=subscription.pk) == 0  # nothing twice
    assert len(sms.outbox) == 1


def test_a_failed_text_is_not_remembered_and_goes_next_time(world, subscription, texter, settings):
    NeedFactory(neighborhood=world.own, public_summary="Try again")
    settings.SMS_BACKEND = "tests.mutualaid.needs.test_digest.FailingSms"
    with pytest.raises(sms.SmsError):
        digests.send_digest(subscription_id=subscription.pk)
    assert not DigestDelivery.objects.exists()
    settings.SMS_BACKEND = "members.sms.backends.locmem.SmsBackend"
    assert digests.send_digest(subscription_id=subscription.pk) == 1
    assert "Try again" in sms.outbox[0].body


class FailingSms:
    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise sms.SmsError("provider down")


def test_sms_without_a_phone_falls_back_to_email(world, subscription, texter):
    texter.phone = ""
    texter.save(update_fields=["phone"])
    NeedFactory(neighborhood=world.own, public_summary="By mail instead")
    digests.send_digest(subscription_id=subscription.pk)
    assert sms.outbox == []
    assert "By mail instead" in mail.outbox[0].body
    assert DigestDelivery.objects.get().channel == "email"


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

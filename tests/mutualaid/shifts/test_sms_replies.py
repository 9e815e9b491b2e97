"""Two-way SMS end to end: reminders go out through Twilio's REST API to a fake
provider on loopback, which posts signed status callbacks and people's replies to
the app's live server, retrying some of them as the provider does."""

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from members.models import InboundSms, Membership, SentSms, SmsOptOut, User
from mutualaid import digests
from mutualaid.actions import shifts as actions
from mutualaid.models import DigestSubscription, Offer, Reminder, ResourceRequest, Shift, Signup
from tests.fake_twilio import FakeTwilio
from tests.mutualaid.needs.factories import NeedFactory

from .factories import ShiftFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def provider(settings, live_server):
    fake = FakeTwilio(account_sid="AC" + "1" * 32, auth_token="fake-token").start()
    settings.SMS_BACKEND = "members.sms.backends.twilio.SmsBackend"
    settings.SMS_API_URL = fake.url
    settings.TWILIO_ACCOUNT_SID = fake.account_sid
    settings.TWILIO_AUTH_TOKEN = fake.auth_token
    settings.TWILIO_FROM = fake.number
    settings.WCC_SITE_URL = live_server.url
    settings.WCC_REMINDER_OFFSETS_HOURS = [2]
    fake.site = live_server.url
    yield fake
    fake.stop()


def texters(neighborhood, count, *, start=0):
    """``count`` volunteers who chose texts, numbered +1 555 01x xxxx."""
    now = timezone.now()
    people = User.objects.bulk_create(
        User(
            email=f"t{n}@example.org",
            display_name=f"Texter {n}",
            phone=f"+1 555 01{n:05d}",
            contact_channel="sms",
            contact_consent_at=now,
            password="!",
        )
        for n in range(start, start + count)
    )
    Membership.objects.bulk_create(
        Membership(user=user, neighborhood=neighborhood, role="volunteer", status="active")
        for user in people
    )
    return people


def e164(user) -> str:
    return "+" + "".join(ch for ch in user.phone if ch.isdigit())


def due_now():
    Reminder.objects.filter(status=Reminder.Status.PENDING).update(due_at=timezone.now())


def test_a_yes_confirms_and_a_no_promotes_the_waitlist(world, provider):
    shift = ShiftFactory(
        neighborhood=world.own, capacity=2, starts_at=timezone.now() + timedelta(hours=5)
    )
    yes, no, waiting = texters(world.own, 3)
    for person in (yes, no, waiting):
        actions.sign_up(shift=shift, user=person)
    due_now()
    assert actions.send_due_reminders(time_budget=30) == 2
    assert len(provider.to(e164(yes))) == 1 and provider.to(e164(waiting)) == []
    provider.report_statuses()
    assert set(SentSms.objects.values_list("status", flat=True)) == {"delivered"}

    assert provider.text_from(provider.site, e164(yes), "Sí") == 200
    assert provider.text_from(provider.site, e164(no), "no", retried=True) == 200

    signups = {s.user_id: s for s in Signup.objects.filter(shift=shift)}
    assert signups[yes.pk].reply_confirmed_at is not None
    assert signups[no.pk].status == Signup.Status.CANCELLED
    assert signups[waiting.pk].status == Signup.Status.CONFIRMED  # promoted
    assert "confirmed" in provider.to(e164(yes))[-1].body
    (_reminder, answer) = provider.to(e164(no))  # one answer despite the retry
    assert "given up" in answer.body

    actions.send_due_reminders(time_budget=30)
    (promoted,) = provider.to(e164(waiting))
    assert "place" in promoted.body.lower()


def test_a_failed_text_goes_again_by_email_and_the_coordinator_sees_it(world, provider, client):
    shift = ShiftFactory(
        neighborhood=world.own, capacity=2, starts_at=timezone.now() + timedelta(hours=5)
    )
    (person,) = texters(world.own, 1)
    actions.sign_up(shift=shift, user=person)
    due_now()
    provider.failing.add(e164(person))
    actions.send_due_reminders(time_budget=30)
    provider.report_statuses(retry=lambda index: True)
    reminder = Reminder.objects.get(user=person)
    assert reminder.sms_failed_at is not None and reminder.status == Reminder.Status.PENDING

    actions.send_due_reminders(time_budget=30)
    (email,) = mail.outbox
    assert email.to == [person.email] and "Reminder" in email.subject
    assert len(provider.to(e164(person))) == 1  # not texted again
    client.force_login(world.coordinator)
    page = client.get(f"/n/{world.own.slug}/shifts/{shift.pk}/").content.decode()
    assert "a text reminder did not arrive" in page


def test_a_number_in_a_digest_claims_that_need_first_come_first_served(world, provider):
    first, second = texters(world.own, 2)
    first_need = NeedFactory(neighborhood=world.own, public_summary="Need 0")
    NeedFactory(neighborhood=world.own, public_summary="Need 1", category=first_need.category)
    for person in (first, second):
        Offer.objects.create(
            member=person, neighborhood=world.own, category=first_need.category, description="x"
        )
        subscription = DigestSubscription.objects.create(user=person, neighborhood=world.own)
        assert digests.send_digest(subscription_id=subscription.pk) == 2
    text = provider.to(e164(first))[0].body
    assert "1) " in text and "2) " in text

    provider.text_from(provider.site, e164(first), "1", retried=True)
    provider.text_from(provider.site, e164(second), "1")
    claimed = ResourceRequest.objects.get(
        pk=SentSms.objects.get(user=first, topic="digest").choices[0]
    )
    assert claimed.status == "claimed" and claimed.claimed_by_id == first.pk
    assert "helping with" in provider.to(e164(first))[-1].body
    assert "already helping" in provider.to(e164(second))[-1].body


def test_a_reply_to_a_text_from_a_month_ago_changes_nothing(world, provider):
    shift = ShiftFactory(
        neighborhood=world.own, capacity=2, starts_at=timezone.now() + timedelta(hours=5)
    )
    (person,) = texters(world.own, 1)
    actions.sign_up(shift=shift, user=person)
    due_now()
    actions.send_due_reminders(time_budget=30)
    SentSms.objects.update(sent_at=timezone.now() - timedelta(days=30))
    provider.text_from(provider.site, e164(person), "NO")
    assert Signup.objects.get(user=person).status == Signup.Status.CONFIRMED
    assert "reply YES to confirm" in provider.to(e164(person))[-1].body  # the help text


JUNK = ["👍", "x" * 2000, "\x00\x01binary", "maybe?", "I would love to, but"]


def test_a_thousand_reminders_and_their_replies_are_each_acted_on_once(world, provider):
    """1,000 reminders over SMS: 500 reply YES, 100 NO, 50 STOP, 50 junk, 250 nothing;
    10% of webhooks (status callbacks and replies) are posted twice."""
    starts = timezone.now() + timedelta(hours=5)
    shifts = [
        ShiftFactory(neighborhood=world.own, capacity=20, starts_at=starts, role=f"Shift {n}")
        for n in range(50)
    ]
    people = texters(world.own, 1000)
    waitlisted = texters(world.own, 100, start=1000)
    by_shift = {}
    for index, person in enumerate(people):
        shift = shifts[index % 50]
        actions.sign_up(shift=shift, user=person)
        by_shift.setdefault(shift.pk, []).append(person)
    for index, person in enumerate(waitlisted):
        actions.sign_up(shift=shifts[index % 50], user=person)
    due_now()

    assert actions.send_due_reminders(limit=200, time_budget=600) == 1000
    assert len(provider.messages) == 1000
    provider.report_statuses(retry=lambda index: index % 10 == 0)
    assert SentSms.objects.filter(status="delivered").count() == 1000

    answers = {"yes": [], "no": [], "stop": [], "junk": []}
    for members in by_shift.values():  # 20 a shift: 10 YES, 2 NO, 1 STOP, 1 junk, 6 silent
        answers["yes"] += members[:10]
        answers["no"] += members[10:12]
        answers["stop"] += members[12:13]
        answers["junk"] += members[13:14]
    words = {"yes": ["YES", "Sí", "si", "yes!"], "no": ["NO", "no"], "stop": ["STOP", "QUIT"]}
    replies = []
    for kind, group in answers.items():
        choices = words.get(kind) or JUNK
        replies += [(person, choices[index % len(choices)]) for index, person in enumerate(group)]

    def reply(numbered):
        index, (person, body) = numbered
        return provider.text_from(provider.site, e164(person), body, retried=index % 10 == 0)

    with ThreadPoolExecutor(4) as pool:  # several people answer at once
        assert set(pool.map(reply, enumerate(replies))) == {200}
    posted = len(replies)
    assert posted == 700

    assert InboundSms.objects.count() == 700
    assert not InboundSms.objects.filter(handled_at__isnull=True).exists()
    assert sum(InboundSms.objects.values_list("deliveries", flat=True)) == 770
    signups = Signup.objects.filter(shift__in=shifts)
    assert signups.filter(reply_confirmed_at__isnull=False).count() == 500
    assert signups.filter(status="cancelled").count() == 100
    # Each shift had 2 on its waitlist and 2 NOs: every one of them promoted.
    assert signups.filter(user__in=waitlisted, status="confirmed").count() == 100
    assert signups.filter(status="confirmed").count() == 1000
    assert SmsOptOut.objects.filter(action="stop").count() == 50
    for person in people:  # exactly one answer to each reply, none to the silent
        texts = provider.to(e164(person))
        replied = any(person in group for group in answers.values())
        assert len(texts) == (2 if replied else 1), (person.pk, [t.body for t in texts])

    sent_before = len(provider.messages)
    assert actions.send_due_reminders(limit=200, time_budget=600) == 100  # the promotions
    promotions = provider.messages[sent_before:]
    assert sorted(m.to for m in promotions) == sorted(e164(p) for p in waitlisted)

    # Nothing more by text to anyone who said STOP: a cancelled shift tells them by email.
    stopped = {e164(person) for person in answers["stop"]}
    for shift in shifts:
        actions.cancel_occurrence(shift=shift)
    sent_before = len(provider.messages)
    actions.send_due_reminders(limit=200, time_budget=600)
    assert not {m.to for m in provider.messages} - {e164(p) for p in people + waitlisted}
    assert not stopped & {m.to for m in provider.messages[sent_before:]}
    assert {m.to[0] for m in mail.outbox} == {person.email for person in answers["stop"]}
    assert Shift.objects.filter(status="cancelled").count() == 50

"""The one-click cancel link in reminders: it works from a phone without signing in,
GET changes nothing, POST gives the place up through the same action as the signed-in
cancel, and the token opens that one sign-up only, until the shift starts."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutualaid.actions import shifts as actions
from mutualaid.models import Reminder, Signup

from .factories import ShiftFactory, in_days, volunteers

pytestmark = pytest.mark.django_db


def link(signup: Signup) -> str:
    return reverse("signup_cancel_link", kwargs={"token": signup.cancel_token()})


def texter(user, language="en"):
    user.contact_channel = "sms"
    user.phone = "+1 555 222 3333"
    user.contact_consent_at = timezone.now()
    user.preferred_language = language
    user.save()
    return user


def send_reminders_now(signup: Signup) -> None:
    signup.reminders.update(due_at=timezone.now())
    actions.send_due_reminders(time_budget=10)


@pytest.fixture
def full_shift(world):
    """A one-place shift: the volunteer has the place, a second person waits for it."""
    shift = ShiftFactory(neighborhood=world.own, capacity=1, role="Soup kitchen")
    place = actions.sign_up(shift=shift, user=world.volunteer)
    (waiting,) = volunteers(world.own, 1, prefix="wait")
    actions.sign_up(shift=shift, user=waiting)
    return shift, place, waiting


@pytest.mark.parametrize(
    ("language", "cancel_words"),
    [("en", "Can't make it? Cancel here"), ("es", "¿No puede ir? Cancele aquí")],
)
def test_reminder_email_carries_the_persons_cancel_link(world, language, cancel_words):
    world.volunteer.preferred_language = language
    world.volunteer.save()
    signup = actions.sign_up(shift=ShiftFactory(neighborhood=world.own), user=world.volunteer)
    send_reminders_now(signup)
    assert len(mail.outbox) == 2  # the 24-hour and the 2-hour reminder
    body = mail.outbox[0].body
    assert cancel_words in body
    assert f"http://127.0.0.1:8000{link(signup)}" in body


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", "Reminder (tomorrow): Intake table on"),
        ("es", "Recordatorio (mañana): Intake table el"),
    ],
)
def test_reminder_sms_is_short_and_carries_the_cancel_link(world, sms_outbox, language, words):
    person = texter(world.volunteer, language)
    signup = actions.sign_up(shift=ShiftFactory(neighborhood=world.own), user=person)
    send_reminders_now(signup)
    assert mail.outbox == []
    text = sms_outbox[0].body
    assert text.startswith(words)
    assert text.endswith(f"http://127.0.0.1:8000{link(signup)}")
    assert len(text) < 200, text  # one shift, a normal place name: far from 320


def test_sms_stays_short_with_a_long_role_and_place(world, sms_outbox):
    person = texter(world.volunteer, "es")
    shift = ShiftFactory(neighborhood=world.own, role="R" * 80, place="P" * 200)
    send_reminders_now(actions.sign_up(shift=shift, user=person))
    assert len(sms_outbox[0].body) < 320


def test_promoted_person_gets_their_own_link_and_a_stand_in_request_none(world, full_shift):
    shift, place, waiting = full_shift
    helper = volunteers(world.own, 1, prefix="help")[0]
    helper.contact_consent_at = timezone.now()
    helper.save()
    actions.cancel_signup(signup=shift.signups.waitlisted().get())  # nobody waits
    actions.request_standin(signup=place)
    actions.send_due_reminders(time_budget=10)
    (request_mail,) = [m for m in mail.outbox if m.to == [helper.email]]
    assert "/c/" not in request_mail.body  # never the asker's link in someone else's mail


def test_get_shows_the_shift_and_changes_nothing(world, client, full_shift):
    shift, place, waiting = full_shift
    for _scan in range(3):  # a mail scanner may open the link any number of times
        response = client.get(link(place))
        assert response.status_code == 200
    page = response.content.decode()
    assert "Soup kitchen" in page
    assert "St. Brigid&#x27;s church hall" in page
    assert "Cancel my place" in page
    place.refresh_from_db()
    assert place.status == Signup.Status.CONFIRMED
    assert not Reminder.objects.filter(kind=Reminder.Kind.PROMOTED).exists()


def test_page_speaks_the_persons_language_when_nobody_is_signed_in(world, client, full_shift):
    shift, place, waiting = full_shift
    world.volunteer.preferred_language = "es"
    world.volunteer.save()
    assert "Cancelar mi lugar" in client.get(link(place)).content.decode()


def test_post_cancels_once_and_promotes_the_waitlist(world, client, full_shift):
    shift, place, waiting = full_shift
    response = client.post(link(place), {"note": "Sick, sorry"})
    assert response.status_code == 200
    assert "You are off this shift" in response.content.decode()
    place.refresh_from_db()
    assert place.status == Signup.Status.CANCELLED
    assert place.note == "Sick, sorry"
    assert shift.confirmed().get().user == waiting

    again = client.post(link(place), {"note": "Sick, sorry"})  # a double tap
    assert again.status_code == 410
    assert "already given up" in again.content.decode()
    assert Signup.objects.filter(shift=shift, status="cancelled").count() == 1
    assert Reminder.objects.filter(kind=Reminder.Kind.PROMOTED).count() == 1

    actions.send_due_reminders(time_budget=10)
    (promoted_mail,) = mail.outbox
    assert promoted_mail.to == [waiting.email]
    assert link(shift.confirmed().get()) in promoted_mail.body


def test_a_waitlisted_person_leaves_the_waitlist(world, client, full_shift):
    shift, place, waiting = full_shift
    waiting_signup = shift.signups.get(user=waiting)
    assert "Leave the waitlist" in client.get(link(waiting_signup)).content.decode()
    client.post(link(waiting_signup))
    waiting_signup.refresh_from_db()
    assert waiting_signup.status == Signup.Status.CANCELLED
    place.refresh_from_db()
    assert place.status == Signup.Status.CONFIRMED


def test_a_token_opens_its_own_sign_up_only(world, client, full_shift):
    shift, place, waiting = full_shift
    other = shift.signups.get(user=waiting)
    signature = place.cancel_token().split("-", 1)[1]
    forged = [
        f"{other.pk}-{signature}",  # another sign-up with this one's signature
        place.cancel_token()[:-1] + ("A" if place.cancel_token()[-1] != "A" else "B"),
        f"{place.pk}",
        f"{place.pk}-",
        "garbage",
        "99999999999999999999999-x",
        "٣-abc",  # a non-ASCII digit
    ]
    for token in forged:
        url = reverse("signup_cancel_link", kwargs={"token": token})
        assert client.get(url).status_code == 404, token
        assert client.post(url).status_code == 404, token
    assert Signup.objects.filter(shift=shift, status="cancelled").count() == 0


def test_the_link_stops_working_once_the_shift_started(world, client, full_shift):
    shift, place, waiting = full_shift
    shift.starts_at = timezone.now() - timedelta(minutes=5)
    shift.save(update_fields=["starts_at"])
    response = client.post(link(place))
    assert response.status_code == 410
    assert "already started" in response.content.decode()
    place.refresh_from_db()
    assert place.status == Signup.Status.CONFIRMED


def test_the_link_of_a_cancelled_shift_says_so(world, client, full_shift):
    shift, place, waiting = full_shift
    actions.cancel_occurrence(shift=shift)
    response = client.get(link(place))
    assert response.status_code == 410
    assert "This shift was cancelled" in response.content.decode()


def test_signing_up_again_gives_a_new_link_and_the_old_one_stays_used(world, client):
    shift = ShiftFactory(neighborhood=world.own, starts_at=in_days(2))
    first = actions.sign_up(shift=shift, user=world.volunteer)
    client.post(link(first))
    second = actions.sign_up(shift=shift, user=world.volunteer)
    assert second.cancel_token() != first.cancel_token()
    assert client.get(link(first)).status_code == 410
    assert client.get(link(second)).status_code == 200


def test_a_too_long_note_gets_an_error_by_the_field_and_keeps_the_place(world, client, full_shift):
    shift, place, waiting = full_shift
    response = client.post(link(place), {"note": "x" * 301})
    assert response.status_code == 200
    assert 'class="field field--invalid"' in response.content.decode()
    place.refresh_from_db()
    assert place.status == Signup.Status.CONFIRMED


def test_links_sent_survive_a_key_rotation_but_not_a_new_key(world, client, full_shift, settings):
    shift, place, waiting = full_shift
    sent = link(place)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-brand-new-secret-key-for-the-rotation-test"
    assert client.get(sent).status_code == 200
    settings.SECRET_KEY_FALLBACKS = []
    assert client.get(sent).status_code == 404


def test_the_token_looks_like_a_short_signed_id(world, full_shift):
    shift, place, waiting = full_shift
    assert re.fullmatch(rf"{place.pk}-[A-Za-z0-9_-]{{16}}", place.cancel_token())


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(note=st.text(max_size=400))
def test_any_note_is_kept_or_refused_never_a_500(world, client, note):
    shift = ShiftFactory(neighborhood=world.own)
    signup = actions.sign_up(shift=shift, user=world.volunteer)
    response = client.post(link(signup), {"note": note})
    assert response.status_code == 200
    signup.refresh_from_db()
    if signup.status == Signup.Status.CANCELLED:
        assert signup.note == note.strip() or signup.note == note.strip()[:300]

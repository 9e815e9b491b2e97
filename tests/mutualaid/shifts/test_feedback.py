"""Feedback in place after an htmx sign-up or drop, and the sign-up confirmation."""

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from mutualaid.actions import shifts as actions

from .factories import ShiftFactory

pytestmark = pytest.mark.django_db


def url(name, shift):
    return reverse(name, kwargs={"slug": "eastside", "pk": shift.pk})


def test_htmx_sign_up_swaps_the_count_and_its_message_in_place(world, volunteer_client):
    shift = ShiftFactory(neighborhood=world.own, capacity=3)
    response = volunteer_client.post(url("shift_signup", shift), HTTP_HX_REQUEST="true")
    part = response.content.decode()
    assert 'id="free-places" hx-swap-oob="true">2 of 3 free' in part
    assert "You are signed up. Thank you!" in part
    # Nothing stale is left for a later page.
    later = volunteer_client.get(reverse("shift_list", kwargs={"slug": "eastside"}))
    assert "You are signed up. Thank you!" not in later.content.decode()


def test_htmx_waitlist_message_shows_in_place_not_later(world, volunteer_client):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    actions.sign_up(shift=shift, user=world.member)
    part = volunteer_client.post(url("shift_signup", shift), HTTP_HX_REQUEST="true")
    assert "you are on the waitlist" in part.content.decode()
    later = volunteer_client.get(reverse("my_shifts", kwargs={"slug": "eastside"}))
    assert "you are on the waitlist" not in later.content.decode()


def test_htmx_drop_swaps_the_count_back(world, volunteer_client):
    shift = ShiftFactory(neighborhood=world.own, capacity=3)
    actions.sign_up(shift=shift, user=world.volunteer)
    part = volunteer_client.post(
        url("shift_cancel_signup", shift), {"confirmed": "True"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'id="free-places" hx-swap-oob="true">3 of 3 free' in part
    assert "You are off this shift." in part


def test_sign_up_sends_a_confirmation_with_the_shifts_ics(world, volunteer_client):
    shift = ShiftFactory(neighborhood=world.own, role="Pantry")
    volunteer_client.post(url("shift_signup", shift))
    volunteer_client.post(url("shift_signup", shift))  # a double tap tells once
    actions.send_due_reminders(time_budget=5)
    (sent,) = [m for m in mail.outbox if m.subject.startswith("You are signed up: Pantry")]
    assert sent.to == [world.volunteer.email]
    (name, content, mimetype) = sent.attachments[0]
    assert (name, mimetype) == (f"shift-{shift.pk}.ics", "text/calendar")
    (event,) = Calendar.from_ical(content).walk("VEVENT")
    assert event.decoded("dtstart") == shift.starts_at


def test_sign_up_confirmation_goes_by_text_for_a_texter(world, volunteer_client, sms_outbox):
    from django.utils import timezone

    person = world.volunteer
    person.contact_channel, person.phone = "sms", "+1 555 123 4567"
    person.contact_consent_at = timezone.now()
    person.save()
    shift = ShiftFactory(neighborhood=world.own, role="Pantry")
    volunteer_client.post(url("shift_signup", shift))
    actions.send_due_reminders(time_budget=5)
    assert mail.outbox == []
    assert sms_outbox[0].body.startswith("You are signed up: Pantry")

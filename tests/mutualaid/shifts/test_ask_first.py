"""Actions that cancel, remove or revoke ask first (with and without htmx), and a
cancelled shift can be restored until it starts."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mutualaid.actions import shifts as actions
from mutualaid.models import CalendarFeed, Reminder, Shift, Signup

from .factories import ShiftFactory, in_days, volunteers

pytestmark = pytest.mark.django_db


def url(name, shift=None, **kwargs):
    if shift is not None:
        kwargs["pk"] = shift.pk
    return reverse(name, kwargs={"slug": "eastside", **kwargs})


def send_all():
    return actions.send_due_reminders(time_budget=10)


def test_i_cant_make_it_asks_first_without_javascript(world, volunteer_client):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    actions.sign_up(shift=shift, user=world.volunteer)
    response = volunteer_client.post(url("shift_cancel_signup", shift), {"note": "flu"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" in page  # the whole page, asking
    assert "Give up your place on this shift?" in page
    assert "Keep my place" in page
    assert shift.confirmed().get().user == world.volunteer
    volunteer_client.post(url("shift_cancel_signup", shift), {"note": "flu", "confirmed": "True"})
    signup = shift.signups.get(user=world.volunteer)
    assert signup.status == Signup.Status.CANCELLED
    assert signup.note == "flu"


def test_cancel_shift_asks_first_and_says_who_is_told(world, coordinator_client):
    shift = ShiftFactory(neighborhood=world.own)
    for person in volunteers(world.own, 2):
        actions.sign_up(shift=shift, user=person)
    detail = coordinator_client.get(url("shift_detail", shift)).content.decode()
    assert f'href="{url("shift_cancel", shift)}"' in detail
    page = coordinator_client.get(url("shift_cancel", shift)).content.decode()
    assert "Cancel this shift?" in page
    assert "2 people signed up or waiting are told" in page
    assert "You can restore the shift until it starts" in page
    shift.refresh_from_db()
    assert not shift.is_cancelled


def test_a_cancelled_shift_is_restored_and_its_people_told(world, coordinator_client):
    shift = ShiftFactory(neighborhood=world.own, role="Pantry", starts_at=in_days(3))
    (person,) = volunteers(world.own, 1)
    actions.sign_up(shift=shift, user=person)
    response = coordinator_client.post(url("shift_cancel", shift), follow=True)
    assert "1 person was told. You can restore it until it starts." in response.content.decode()
    assert "Restore the shift and tell its people" in response.content.decode()

    response = coordinator_client.post(url("shift_restore", shift), follow=True)

    assert "The shift is back on; 1 person was told." in response.content.decode()
    shift.refresh_from_db()
    assert shift.status == Shift.Status.SCHEDULED
    reminders = Reminder.objects.filter(signup__user=person, kind="reminder")
    assert reminders.filter(status="pending").count() == 2  # the 24 h and 2 h reminders again
    send_all()
    # The cancellation notice was not sent yet when it was undone: only "back on" goes.
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Back on"]
    assert "you are on it as before" in mail.outbox[0].body


def test_a_started_shift_cannot_be_restored(world, coordinator_client):
    started = timezone.now() - timedelta(minutes=30)
    shift = ShiftFactory(neighborhood=world.own, starts_at=started, status="cancelled")
    response = coordinator_client.post(url("shift_restore", shift), follow=True)
    assert "it can no longer be restored" in response.content.decode()
    shift.refresh_from_db()
    assert shift.is_cancelled


def test_new_calendar_address_asks_first_and_says_what_breaks(world, volunteer_client):
    old = CalendarFeed.for_user(world.volunteer).token
    mine = volunteer_client.get(url("my_shifts")).content.decode()
    assert f'href="{url("calendar_revoke")}"' in mine
    page = volunteer_client.get(url("calendar_revoke")).content.decode()
    assert "Make a new calendar address?" in page
    assert "stops showing your shifts" in page
    assert CalendarFeed.objects.get(user=world.volunteer).token == old
    volunteer_client.post(url("calendar_revoke"))
    assert CalendarFeed.objects.get(user=world.volunteer).token != old

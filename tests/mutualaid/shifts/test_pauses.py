"""Pauses: a volunteer away from a date to a date."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mutualaid.actions import shifts as actions
from mutualaid.models import Pause, Signup

from .factories import ShiftFactory, in_days, volunteers

pytestmark = pytest.mark.django_db
PAUSE = reverse("my_pause", kwargs={"slug": "eastside"})


def test_a_pause_frees_the_places_in_it_and_promotes_the_waitlist(world, volunteer_client):
    inside = ShiftFactory(neighborhood=world.own, capacity=1, starts_at=in_days(5))
    outside = ShiftFactory(neighborhood=world.own, capacity=1, starts_at=in_days(20))
    actions.sign_up(shift=inside, user=world.volunteer)
    actions.sign_up(shift=outside, user=world.volunteer)
    (waiting,) = volunteers(world.own, 1, prefix="w")
    actions.sign_up(shift=inside, user=waiting)
    today = timezone.localdate()
    response = volunteer_client.post(
        PAUSE,
        {"starts_on": today + timedelta(days=2), "ends_on": today + timedelta(days=10)},
        follow=True,
    )
    assert "1 place on a shift in it was freed for others" in response.content.decode()
    assert inside.signups.get(user=world.volunteer).status == Signup.Status.CANCELLED
    assert outside.signups.get(user=world.volunteer).status == Signup.Status.CONFIRMED
    assert inside.confirmed().get().user == waiting
    actions.send_due_reminders(time_budget=5)
    assert [m.to for m in mail.outbox] == [[waiting.email]]


def test_a_paused_volunteer_cannot_sign_up_on_those_days(world, volunteer_client):
    shift = ShiftFactory(neighborhood=world.own, starts_at=in_days(5))
    day = shift.local_day()
    Pause.objects.create(user=world.volunteer, neighborhood=world.own, starts_on=day, ends_on=day)
    url = reverse("shift_signup", kwargs={"slug": "eastside", "pk": shift.pk})
    response = volunteer_client.post(url, follow=True)
    assert "You paused your shifts on this day" in response.content.decode()
    assert not shift.signups.exists()


@pytest.mark.parametrize(
    ("starts", "ends", "error"),
    [
        (5, 2, "The pause must end on or after its first day."),
        (-3, 2, "A pause starts today or later."),
        (1, 900, "A pause lasts at most a year."),
    ],
)
def test_a_bad_pause_gets_a_clear_error_and_changes_nothing(
    world, volunteer_client, starts, ends, error
):
    shift = ShiftFactory(neighborhood=world.own, starts_at=in_days(3))
    actions.sign_up(shift=shift, user=world.volunteer)
    today = timezone.localdate()
    data = {"starts_on": today + timedelta(days=starts), "ends_on": today + timedelta(days=ends)}
    response = volunteer_client.post(PAUSE, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert error in page
    assert str(data["starts_on"]) in page  # what was typed is kept
    assert not Pause.objects.exists()
    assert shift.signups.get().status == Signup.Status.CONFIRMED


def test_my_shifts_links_to_the_pause_page(world, volunteer_client):
    page = volunteer_client.get(reverse("my_shifts", kwargs={"slug": "eastside"}))
    assert f'href="{PAUSE}"' in page.content.decode()

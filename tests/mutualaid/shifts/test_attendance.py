"""Attendance ticked at the table during the shift, and refused too far ahead."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mutualaid.actions import shifts as actions

from .factories import ShiftFactory

pytestmark = pytest.mark.django_db


def url(name, shift, **kwargs):
    return reverse(name, kwargs={"slug": "eastside", "pk": shift.pk, **kwargs})


def shift_starting_in(world, delta):
    starts = timezone.now() + delta
    return ShiftFactory(
        neighborhood=world.own, starts_at=starts, ends_at=starts + timedelta(hours=3)
    )


def test_attendance_is_ticked_during_the_shift(world, coordinator_client):
    shift = shift_starting_in(world, -timedelta(minutes=30))
    signup = actions.assign(shift=shift, user=world.volunteer)
    page = coordinator_client.get(url("shift_detail", shift)).content.decode()
    assert f'id="attendance-{signup.pk}"' in page
    response = coordinator_client.post(
        url("signup_attendance", shift, signup_pk=signup.pk),
        {"attendance": "attended"},
        follow=True,
    )
    assert "Attendance saved: Val Volunteer, attended." in response.content.decode()
    signup.refresh_from_db()
    assert signup.attendance == "attended"


def test_attendance_opens_an_hour_before_the_start(world, coordinator_client):
    soon = shift_starting_in(world, timedelta(minutes=50))
    signup = actions.assign(shift=soon, user=world.volunteer)
    page = coordinator_client.get(url("shift_detail", soon)).content.decode()
    assert f'id="attendance-{signup.pk}"' in page


def test_attendance_for_a_shift_more_than_an_hour_ahead_is_refused_and_nothing_changes(
    world, coordinator_client
):
    later = shift_starting_in(world, timedelta(hours=3))
    signup = actions.assign(shift=later, user=world.volunteer)
    page = coordinator_client.get(url("shift_detail", later)).content.decode()
    assert f'id="attendance-{signup.pk}"' not in page
    response = coordinator_client.post(
        url("signup_attendance", later, signup_pk=signup.pk),
        {"attendance": "no-show"},
        follow=True,
    )
    assert "from an hour before the shift starts; nothing was saved" in response.content.decode()
    signup.refresh_from_db()
    assert signup.attendance == ""

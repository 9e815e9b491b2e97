"""The reliability view: volunteers with repeated late cancellations or no-shows over a
chosen period, for coordinators only."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mutualaid.actions import shifts as actions

from .factories import ShiftFactory, in_days, volunteers

pytestmark = pytest.mark.django_db
URL = reverse("shift_reliability", kwargs={"slug": "eastside"})


def missed(world, person, days_ago):
    shift = ShiftFactory(neighborhood=world.own, starts_at=in_days(-days_ago))
    actions.record_attendance(signup=actions.assign(shift=shift, user=person), attendance="no-show")


def cancelled_late(world, person, hours_ahead, by="self"):
    shift = ShiftFactory(
        neighborhood=world.own, starts_at=timezone.now() + timedelta(hours=hours_ahead)
    )
    signup = actions.sign_up(shift=shift, user=person)
    actions.cancel_signup(signup=signup, by=person if by == "self" else by)


@pytest.fixture
def people(world):
    absent, late, early, once = volunteers(world.own, 4, prefix="r")
    for n, person in enumerate((absent, late, early, once)):
        person.display_name = ["Absent Ann", "Late Lee", "Early Eve", "Once Otto"][n]
        person.save()
    missed(world, absent, 3)
    missed(world, absent, 20)
    cancelled_late(world, late, 5)
    cancelled_late(world, late, 20)
    cancelled_late(world, early, 72)  # three days ahead: not late
    cancelled_late(world, early, 96)
    cancelled_late(world, once, 2)
    return absent, late, early, once


def test_lists_repeated_late_cancellations_and_no_shows(world, people, coordinator_client):
    page = coordinator_client.get(URL).content.decode()
    assert "Absent Ann" in page and "Late Lee" in page
    assert "Early Eve" not in page  # cancelled in good time
    assert "Once Otto" not in page  # only once: not repeated
    once = coordinator_client.get(URL, {"at_least": 1}).content.decode()
    assert "Once Otto" in once and "Early Eve" not in once


def test_a_place_freed_by_a_coordinator_is_not_a_late_cancellation(world, coordinator_client):
    (person,) = volunteers(world.own, 1, prefix="p")
    person.display_name = "Paused Pat"
    person.save()
    cancelled_late(world, person, 5, by=world.coordinator)
    cancelled_late(world, person, 6, by=world.coordinator)
    assert "Paused Pat" not in coordinator_client.get(URL, {"at_least": 1}).content.decode()


def test_the_period_chooses_the_shifts(world, people, coordinator_client):
    today = timezone.localdate()
    recent = {
        "starts_on": today - timedelta(days=7),
        "ends_on": today - timedelta(days=1),
        "at_least": 1,
    }
    page = coordinator_client.get(URL, recent).content.decode()
    assert "Absent Ann" in page  # one of the two misses is in the week
    assert "Late Lee" not in page  # their shifts are ahead, after the period
    assert str(recent["starts_on"]) in page  # the address' dates are in the form


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {"starts_on": "2026-05-10", "ends_on": "2026-05-01"},
            "The end date must be on or after the start date.",
        ),
        (
            {"starts_on": "2020-01-01", "ends_on": "2026-01-01"},
            "Choose a period of at most two years.",
        ),
        ({"starts_on": "not a date"}, "Enter a valid date."),
        ({"at_least": "0"}, "Ensure this value is greater than or equal to 1."),
        ({"at_least": "many"}, "Enter a whole number."),
    ],
)
def test_bad_input_gets_a_clear_error_by_the_field(world, coordinator_client, data, error):
    response = coordinator_client.get(URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    for value in data.values():
        assert value in page  # what was typed is kept


def test_htmx_swaps_the_form_and_list(world, people, coordinator_client):
    response = coordinator_client.get(URL, {"at_least": 1}, headers={"HX-Request": "true"})
    fragment = response.content.decode()
    assert fragment.lstrip().startswith('<div id="reliability">') or 'id="reliability"' in fragment
    assert "<html" not in fragment and "Once Otto" in fragment


def test_linked_from_the_coordinators_home_and_menu(world, coordinator_client):
    home = coordinator_client.get(reverse("neighborhood_home", kwargs={"slug": "eastside"}))
    assert f'href="{URL}"' in home.content.decode()


def test_volunteers_cannot_see_it(world, people, volunteer_client):
    assert volunteer_client.get(URL).status_code == 403

"""The roster for "now": today's shifts with their people, attendance ticked in place."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mutualaid.actions import shifts as actions
from mutualaid.models import ShiftEvent

from .factories import ShiftFactory, in_days

pytestmark = pytest.mark.django_db
NOW = reverse("shift_roster_now", kwargs={"slug": "eastside"})


def shift_starting_in(world, delta, **fields):
    starts = timezone.now() + delta
    return ShiftFactory(
        neighborhood=world.own, starts_at=starts, ends_at=starts + timedelta(hours=2), **fields
    )


def attendance_url(shift, signup):
    return reverse(
        "signup_attendance", kwargs={"slug": "eastside", "pk": shift.pk, "signup_pk": signup.pk}
    )


def test_the_roster_lists_todays_shifts_with_their_people(world, coordinator_client):
    under_way = shift_starting_in(world, -timedelta(minutes=30), role="Under way")
    actions.assign(shift=under_way, user=world.volunteer)
    tomorrow = ShiftFactory(neighborhood=world.own, role="Tomorrow's shift", starts_at=in_days(1))
    other = ShiftFactory(neighborhood=world.other, role="Westside shift")
    other.starts_at = under_way.starts_at
    other.save()
    page = coordinator_client.get(NOW).content.decode()
    assert "Under way" in page and "under way" in page
    assert "Val Volunteer" in page
    assert tomorrow.role not in page
    assert other.role not in page


def test_attendance_is_ticked_from_the_roster_with_htmx(world, coordinator_client):
    shift = shift_starting_in(world, -timedelta(minutes=10))
    signup = actions.assign(shift=shift, user=world.volunteer)
    page = coordinator_client.get(NOW).content.decode()
    assert f'id="now-attendance-{signup.pk}"' in page
    response = coordinator_client.post(
        attendance_url(shift, signup),
        {"attendance": "attended", "next": "now"},
        headers={"HX-Request": "true"},
    )
    fragment = response.content.decode()
    assert f'id="person-{signup.pk}"' in fragment
    assert "Saved." in fragment and "<html" not in fragment
    signup.refresh_from_db()
    assert signup.attendance == "attended"
    assert ShiftEvent.objects.get(kind="attendance").actor == world.coordinator
    # No message left behind for a later page.
    later = coordinator_client.get(reverse("shift_list", kwargs={"slug": "eastside"}))
    assert "Attendance saved" not in later.content.decode()


def test_attendance_from_the_roster_without_javascript_comes_back_to_it(world, coordinator_client):
    shift = shift_starting_in(world, -timedelta(minutes=10))
    signup = actions.assign(shift=shift, user=world.volunteer)
    response = coordinator_client.post(
        attendance_url(shift, signup), {"attendance": "no-show", "next": "now"}, follow=True
    )
    assert response.redirect_chain[-1][0] == NOW
    assert "Attendance saved: Val Volunteer, did not come." in response.content.decode()


def test_a_shift_later_today_shows_but_takes_no_attendance_yet(world, coordinator_client):
    local_now = timezone.localtime(timezone=world.own.zone)
    start = local_now.replace(hour=23, minute=0, second=0, microsecond=0)
    if start - local_now < timedelta(hours=1, minutes=5):
        pytest.skip("too late in the day for a shift more than an hour ahead")
    shift = ShiftFactory(
        neighborhood=world.own,
        role="Evening",
        starts_at=start,
        ends_at=start + timedelta(minutes=50),
    )
    signup = actions.assign(shift=shift, user=world.volunteer)
    page = coordinator_client.get(NOW).content.decode()
    assert "Evening" in page
    assert "Attendance can be ticked from an hour before the start." in page
    assert f'id="now-attendance-{signup.pk}"' not in page
    response = coordinator_client.post(
        attendance_url(shift, signup), {"attendance": "attended", "next": "now"}, follow=True
    )
    assert "from an hour before the shift starts; nothing was saved" in response.content.decode()
    signup.refresh_from_db()
    assert signup.attendance == ""


def test_the_roster_is_linked_from_the_shift_list_home_and_menu(world, coordinator_client):
    for name in ("shift_list", "neighborhood_home"):
        page = coordinator_client.get(reverse(name, kwargs={"slug": "eastside"})).content.decode()
        assert f'href="{NOW}"' in page, name


def test_a_volunteer_does_not_see_the_roster_link(world, volunteer_client):
    page = volunteer_client.get(reverse("shift_list", kwargs={"slug": "eastside"}))
    assert NOW not in page.content.decode()

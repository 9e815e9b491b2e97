"""Hours served and no-shows per volunteer: the member page, the directory and its CSV
export (coordinators only), counted in the database."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Membership
from mutualaid.actions import shifts as actions

from .factories import ShiftFactory, in_days

pytestmark = pytest.mark.django_db


def past_shift(world, days_ago, hours):
    starts = in_days(-days_ago)
    return ShiftFactory(
        neighborhood=world.own, starts_at=starts, ends_at=starts + timedelta(hours=hours)
    )


@pytest.fixture
def record(world):
    """Val: served 3 h + 1.5 h (one not recorded), missed one 2 h shift, one coming
    shift (not served yet), and a cancelled shift (not served); one served shift in
    another neighborhood does not count here."""
    served = past_shift(world, 10, 3)
    actions.record_attendance(
        signup=actions.assign(shift=served, user=world.volunteer), attendance="attended"
    )
    actions.assign(shift=past_shift(world, 5, 1.5), user=world.volunteer)
    missed = past_shift(world, 3, 2)
    actions.record_attendance(
        signup=actions.assign(shift=missed, user=world.volunteer), attendance="no-show"
    )
    actions.assign(
        shift=ShiftFactory(neighborhood=world.own, starts_at=in_days(2)), user=world.volunteer
    )
    cancelled = past_shift(world, 7, 4)
    actions.assign(shift=cancelled, user=world.volunteer)
    cancelled.status = "cancelled"
    cancelled.save()
    elsewhere = ShiftFactory(neighborhood=world.other, starts_at=in_days(-4))
    actions.assign(shift=elsewhere, user=world.volunteer)
    return world


def test_the_member_page_shows_hours_no_shows_and_late_cancellations(record, coordinator_client):
    world = record
    late = ShiftFactory(neighborhood=world.own, starts_at=timezone.now() + timedelta(hours=5))
    actions.cancel_signup(
        signup=actions.sign_up(shift=late, user=world.volunteer), by=world.volunteer
    )
    membership = Membership.objects.get(user=world.volunteer, neighborhood=world.own)
    page = coordinator_client.get(
        reverse("member_detail", kwargs={"slug": "eastside", "pk": membership.pk})
    ).content.decode()
    assert "<dt>Hours served</dt><dd>4.5</dd>" in page
    assert "<dt>Shifts served</dt><dd>2</dd>" in page
    assert "<dt>No-shows</dt><dd>1</dd>" in page
    assert "<dt>Late cancellations</dt><dd>1</dd>" in page


def test_the_directory_shows_hours_and_no_shows(record, coordinator_client):
    page = coordinator_client.get(reverse("member_directory", kwargs={"slug": "eastside"}))
    html = page.content.decode()
    assert '<th scope="col" class="number">Hours served</th>' in html
    row = html[html.index("Val Volunteer") :]
    row = row[: row.index("</tr>")]
    assert '<td class="number">4.5</td>' in row
    assert '<td class="number">1</td>' in row


def test_the_csv_export_has_hours_and_no_shows(record, coordinator_client):
    response = coordinator_client.get(reverse("member_export", kwargs={"slug": "eastside"}))
    rows = list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    (val,) = [r for r in rows if r["name"] == "Val Volunteer"]
    assert (val["Hours served"], val["No-shows"]) == ("4.5", "1")
    (mo,) = [r for r in rows if r["name"] == "Mo Member"]
    assert (mo["Hours served"], mo["No-shows"]) == ("0.0", "0")


def test_members_and_volunteers_cannot_read_the_directory(record, volunteer_client):
    response = volunteer_client.get(reverse("member_export", kwargs={"slug": "eastside"}))
    assert response.status_code == 403

"""A volunteer pauses their shifts on a phone; their place goes to the waitlist."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from mutualaid.actions import shifts as actions
from mutualaid.models import Signup
from tests.mutualaid.shifts.factories import ShiftFactory, in_days, volunteers

from .test_shifts import log_in


def test_pause_frees_the_sign_ups(phone, transactional_db, world):
    page = phone
    shift = ShiftFactory(neighborhood=world.own, capacity=1, role="Pantry", starts_at=in_days(4))
    actions.sign_up(shift=shift, user=world.volunteer)
    (waiting,) = volunteers(world.own, 1, prefix="w")
    actions.sign_up(shift=shift, user=waiting)

    log_in(page, world.volunteer.email)
    page.get_by_text("Menu", exact=True).click()  # the navigation's grouped menu
    page.get_by_role("link", name="My shifts").click()
    page.get_by_role("link", name="Away for a while? Pause your shifts").click()
    today = timezone.localdate()
    page.get_by_label("Away from").fill((today + timedelta(days=1)).isoformat())
    page.get_by_label("Back after").fill((today + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Pause my shifts").click()
    expect(page.get_by_text("1 place on a shift in it was freed for others")).to_be_visible()
    expect(page.get_by_text("No shifts coming up.")).to_be_visible()
    assert shift.signups.get(user=waiting).status == Signup.Status.CONFIRMED

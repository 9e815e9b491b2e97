"""A coordinator ticks attendance at the table while the shift is on, on a phone."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from mutualaid.actions import shifts as actions
from tests.mutualaid.shifts.factories import ShiftFactory

from .test_shifts import log_in


def test_attendance_ticked_during_a_shift(phone, transactional_db, world):
    page = phone
    starts = timezone.now() - timedelta(minutes=20)
    shift = ShiftFactory(
        neighborhood=world.own, role="Pantry", starts_at=starts, ends_at=starts + timedelta(hours=3)
    )
    signup = actions.assign(shift=shift, user=world.volunteer)

    log_in(page, world.coordinator.email)
    page.get_by_role("link", name="Shifts", exact=True).click()
    page.locator("main").get_by_role("link", name="Pantry").first.click()
    page.get_by_label("Attendance").select_option("attended")
    page.get_by_role("button", name="Save").last.click()
    expect(page.get_by_text("Attendance saved: Val Volunteer, attended.")).to_be_visible()
    signup.refresh_from_db()
    assert signup.attendance == "attended"

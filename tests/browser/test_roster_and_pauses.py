"""The coordinator's day on a phone: attendance ticked during a shift from today's
roster, and a volunteer paused from their member page (their places freed, told)."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from mutualaid.actions import shifts as actions
from mutualaid.models import Pause, ShiftEvent, Signup
from tests.mutualaid.shifts.factories import ShiftFactory, in_days, volunteers

from .test_shifts import log_in


def test_attendance_ticked_during_a_shift_from_todays_roster(phone, transactional_db, world):
    page = phone
    starts = timezone.now() - timedelta(minutes=20)
    shift = ShiftFactory(
        neighborhood=world.own, role="Pantry", starts_at=starts, ends_at=starts + timedelta(hours=3)
    )
    signup = actions.assign(shift=shift, user=world.volunteer)

    log_in(page, world.coordinator.email)
    page.get_by_text("Menu", exact=True).click()  # the navigation's grouped menu
    page.get_by_role("link", name="Today's roster", exact=True).click()
    expect(page.get_by_role("heading", name="Pantry")).to_be_visible()
    expect(page.get_by_text("under way")).to_be_visible()
    page.get_by_label("Attendance of Val Volunteer").select_option("attended")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_have_text("Saved.")  # in place (htmx)
    expect(page.locator(f"#person-{signup.pk}")).to_contain_text("attended")
    signup.refresh_from_db()
    assert signup.attendance == "attended"
    assert ShiftEvent.objects.get(kind="attendance").actor == world.coordinator
    # The shift's page shows the change on its trail.
    page.get_by_role("link", name="Pantry").click()
    expect(page.get_by_text("Val Volunteer attendance recorded: attended")).to_be_visible()


def test_a_coordinator_pauses_a_volunteer_whose_places_are_freed_and_who_is_told(
    phone, transactional_db, world
):
    page = phone
    shift = ShiftFactory(neighborhood=world.own, capacity=1, role="Pantry", starts_at=in_days(4))
    actions.sign_up(shift=shift, user=world.volunteer)
    (waiting,) = volunteers(world.own, 1, prefix="w")
    actions.sign_up(shift=shift, user=waiting)
    mail.outbox.clear()

    log_in(page, world.coordinator.email)
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="Members", exact=True).click()
    page.get_by_role("link", name="Val Volunteer").click()
    page.get_by_role("link", name="Pause their shifts…").click()
    today = timezone.localdate()
    # A pause that ends before it starts: a clear error by the field, nothing lost.
    page.get_by_label("Paused from").fill((today + timedelta(days=5)).isoformat())
    page.get_by_label("Paused until").fill((today + timedelta(days=1)).isoformat())
    page.get_by_role("button", name="Pause Val Volunteer").click()
    expect(page.get_by_text("The pause must end on or after its first day.")).to_be_visible()
    expect(page.get_by_label("Paused from")).to_have_value((today + timedelta(days=5)).isoformat())
    assert not Pause.objects.exists()

    page.get_by_label("Paused from").fill((today + timedelta(days=1)).isoformat())
    page.get_by_label("Paused until").fill((today + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Pause Val Volunteer").click()
    expect(
        page.get_by_text("Val Volunteer is paused and was told; 1 place on a shift was freed.")
    ).to_be_visible()
    assert shift.signups.get(user=world.volunteer).status == Signup.Status.CANCELLED
    assert shift.signups.get(user=waiting).status == Signup.Status.CONFIRMED
    told = [m for m in mail.outbox if m.to == [world.volunteer.email]]
    assert len(told) == 1 and "paused your shifts" in told[0].body

    # Ending it early asks first.
    page.get_by_role("link", name="End this pause…").click()
    expect(page.get_by_role("heading", name="End the pause of Val Volunteer now?")).to_be_visible()
    page.get_by_role("button", name="End the pause").click()
    expect(
        page.get_by_text("The pause of Val Volunteer has ended and they were told.")
    ).to_be_visible()
    assert not Pause.objects.exists()
    expect(page.get_by_text("No pause now or coming.")).to_be_visible()

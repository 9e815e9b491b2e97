"""The shift loops closed, in a phone browser: a stand-in asked, taken and the asker
told; a volunteer removed and told; the waitlist's place in line."""

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from mutualaid.actions import shifts as actions
from mutualaid.models import Signup
from tests.mutualaid.shifts.factories import ShiftFactory, in_days, volunteers

from .test_shifts import log_in, log_out, worker_inline  # noqa: F401 (a fixture)


def shift_page(page, shift):
    page.goto(f"/n/eastside/shifts/{shift.pk}/")


@pytest.mark.usefixtures("worker_inline")
def test_stand_in_asked_taken_and_the_asker_told(phone, transactional_db, world):
    page = phone
    shift = ShiftFactory(neighborhood=world.own, capacity=1, role="Soup kitchen")
    actions.sign_up(shift=shift, user=world.volunteer)
    helper, quiet = volunteers(world.own, 2, prefix="h")
    helper.contact_consent_at = timezone.now()
    helper.save()

    log_in(page, world.volunteer.email)
    shift_page(page, shift)
    page.get_by_role("button", name="Ask for a stand-in").click()
    expect(page.get_by_text("We sent a message to 1 volunteer.")).to_be_visible()
    expect(page.get_by_text("You keep the place until someone takes it.")).to_be_visible()
    log_out(page)
    (ask,) = [m for m in mail.outbox if m.to == [helper.email]]
    assert quiet.email not in [m.to[0] for m in mail.outbox]

    log_in(page, helper.email)
    page.goto(ask.body.split("sign up here: ")[1].split()[0].replace("http://127.0.0.1:8000", ""))
    page.get_by_role("button", name="Take the place (a stand-in is wanted)").click()
    expect(page.get_by_text("You are signed up.", exact=True)).to_be_visible()
    log_out(page)

    assert shift.signups.confirmed().get().user == helper
    (told,) = [m for m in mail.outbox if m.to == [world.volunteer.email]]
    assert told.subject.startswith("Stand-in found: Soup kitchen")
    log_in(page, world.volunteer.email)
    shift_page(page, shift)
    expect(page.get_by_role("button", name="Join the waitlist")).to_be_visible()


@pytest.mark.usefixtures("worker_inline")
def test_volunteer_removed_and_told_with_the_note(phone, transactional_db, world):
    page = phone
    shift = ShiftFactory(neighborhood=world.own, capacity=1, role="Pantry")
    actions.sign_up(shift=shift, user=world.volunteer)
    (waiting,) = volunteers(world.own, 1, prefix="w")
    actions.sign_up(shift=shift, user=waiting)

    log_in(page, world.coordinator.email)
    shift_page(page, shift)
    page.get_by_role("link", name="Remove Val Volunteer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Take Val Volunteer off the shift?")
    page.get_by_label("Note for the volunteer (optional)").fill("We need a driver instead")
    page.get_by_role("button", name="Remove Val Volunteer").click()
    expect(page.get_by_text("Val Volunteer is off the shift and was told.")).to_be_visible()
    log_out(page)

    (told,) = [m for m in mail.outbox if m.to == [world.volunteer.email]]
    assert "We need a driver instead" in told.body
    assert shift.signups.get(user=waiting).status == Signup.Status.CONFIRMED
    log_in(page, waiting.email)
    shift_page(page, shift)
    expect(page.get_by_text("You are signed up.", exact=True)).to_be_visible()


def test_past_weeks_are_reached_by_links_with_their_attendance(phone, transactional_db, world):
    page = phone
    over = ShiftFactory(neighborhood=world.own, role="Last week's pantry", starts_at=in_days(-6))
    Signup.objects.create(
        shift=over, user=world.volunteer, status="confirmed", attendance="attended"
    )
    ShiftFactory(neighborhood=world.own, role="Next week's pantry", starts_at=in_days(6))

    log_in(page, world.coordinator.email)
    page.locator("nav.site-nav").get_by_role("link", name="Shifts").click()
    page.get_by_role("link", name="Past shifts (the last 12 weeks)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Past shifts")
    expect(page.get_by_role("link", name="Last week's pantry")).to_be_visible()
    expect(page.get_by_text("Next week's pantry")).to_have_count(0)
    page.get_by_role("link", name="Coverage").first.click()
    page.get_by_role("link", name="Show the past weeks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coverage of the past weeks")
    expect(page.get_by_text("Last week's pantry").first).to_be_visible()
    log_out(page)

    log_in(page, world.volunteer.email)
    page.locator("nav.site-nav").get_by_role("link", name="Shifts").click()
    page.get_by_role("link", name="My shifts and calendar").click()
    past = page.locator("section", has=page.get_by_role("heading", name="Past shifts"))
    expect(past.get_by_role("link", name="Last week's pantry")).to_be_visible()
    expect(past.get_by_text("attended")).to_be_visible()
    expect(page.get_by_text("3 hours in 1 shift")).to_be_visible()

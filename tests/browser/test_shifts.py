"""The shift journey on a phone: a series, a full shift, the waitlist, a promotion, and
the promoted person giving the place back through the mail's link, signed out."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

import mutualaid.actions.shifts
from members.models import Role
from mutualaid.models import Shift, Signup
from tests.factories import PASSWORD, MembershipFactory, UserFactory


@pytest.fixture
def worker_inline(monkeypatch):
    """Stand in for the Celery worker: the nudge after commit sends what is due."""
    monkeypatch.setattr(
        mutualaid.actions.shifts,
        "nudge_dispatcher",
        lambda: mutualaid.actions.shifts.send_due_reminders(time_budget=5),
    )


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eastside")


def log_out(page):
    page.get_by_role("button", name="Log out").click()


def open_first_shift(page):
    page.get_by_role("link", name="Shifts", exact=True).click()
    page.locator("main").get_by_role("link", name="Intake table").first.click()


def test_series_full_shift_waitlist_and_promotion_by_email(
    phone, transactional_db, world, worker_inline
):
    second = UserFactory(email="second@example.org", display_name="Sam Second")
    MembershipFactory(user=second, neighborhood=world.own, role=Role.VOLUNTEER)
    page = phone
    today = timezone.localdate()
    saturday = today + timedelta(days=(5 - today.weekday()) % 7 or 7)

    log_in(page, world.coordinator.email)
    page.get_by_text("Menu", exact=True).click()  # the navigation's grouped menu
    page.get_by_role("link", name="Shifts", exact=True).click()
    page.get_by_role("link", name="New recurring shift").click()
    page.get_by_label("Role:", exact=True).fill("Intake table")
    page.get_by_label("Where:", exact=True).fill("Church hall")
    page.get_by_label("How many people:", exact=True).fill("1")
    page.get_by_label("Repeats").select_option("monthly")
    # Only the field the repeat needs shows (the script hides the other one).
    expect(page.get_by_label("Which one in the month")).to_be_visible()
    expect(page.get_by_label("Every how many weeks")).to_be_hidden()
    page.get_by_label("Repeats").select_option("weekly")
    expect(page.get_by_label("Which one in the month")).to_be_hidden()
    page.get_by_label("Every how many weeks").fill("2")
    page.get_by_label("Day of the week").select_option("SA")
    page.get_by_label("First date").fill(saturday.isoformat())
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("13:00")
    page.get_by_label("Create shifts how many weeks ahead").fill("4")
    # The live preview lists the dates before anything is saved.
    preview = page.locator("#series-preview")
    expect(preview).to_contain_text(saturday.strftime("%a %-d %b %Y"))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The series is created with its shifts.")).to_be_visible()
    made = Shift.objects.filter(role="Intake table").count()
    expect(page.get_by_text(f"{made} shifts ahead, from")).to_be_visible()
    expect(page.get_by_text("▲ Short by 1 person")).to_have_count(made)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    log_out(page)

    log_in(page, world.volunteer.email)
    open_first_shift(page)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("You are signed up.", exact=True)).to_be_visible()
    log_out(page)

    log_in(page, second.email)
    open_first_shift(page)
    page.get_by_role("button", name="Join the waitlist").click()
    expect(page.get_by_text("You are first on the waitlist.")).to_be_visible()
    log_out(page)

    log_in(page, world.volunteer.email)
    open_first_shift(page)
    page.get_by_label("Note for the coordinator (optional)").fill("Sick, sorry")
    page.get_by_role("button", name="I can't make it").click()
    expect(page.get_by_text("Give up your place on this shift?")).to_be_visible()
    page.get_by_role("button", name="Yes, give up my place").click()
    expect(page.get_by_role("button", name="Join the waitlist")).to_be_visible()
    log_out(page)

    first_shift = Shift.objects.order_by("starts_at").first()
    assert first_shift.signups.get(user=second).status == Signup.Status.CONFIRMED
    # The volunteer's sign-up confirmation (with the .ics), then the promotion.
    assert [m.to for m in mail.outbox] == [[world.volunteer.email], [second.email]]
    assert mail.outbox[0].attachments[0][0].endswith(".ics")
    assert "a place opened up" in mail.outbox[1].body

    log_in(page, second.email)
    page.get_by_text("Menu", exact=True).click()  # the navigation's grouped menu
    page.get_by_role("link", name="My shifts").click()
    address = page.get_by_label("Calendar address").input_value()
    feed = page.request.get(address)
    events = Calendar.from_ical(feed.body()).walk("VEVENT")
    assert [(str(e["summary"]), e.decoded("dtstart")) for e in events] == [
        ("Intake table", first_shift.starts_at)
    ]
    log_out(page)

    # Signed out, from the promotion mail: the one-click link, then the button.
    path = re.search(r"https?://[^/]+(/c/[^/\s]+/)", mail.outbox[1].body).group(1)
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel my place")
    assert first_shift.signups.get(user=second).status == Signup.Status.CONFIRMED
    page.get_by_role("button", name="Cancel my place").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You are off this shift")
    assert first_shift.signups.get(user=second).status == Signup.Status.CANCELLED
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

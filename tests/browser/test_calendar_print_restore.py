"""Loops in a phone browser: subscribing to "Your calendar" and adding a shift
to a calendar (the links and the new-address action that asks first); printing a
sign-in sheet (print media hides the navigation); cancelling a shift (asks first),
then restoring it, its people told; pausing an offer (asks in its card first)."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from mutualaid.actions import shifts as actions
from mutualaid.models import CalendarFeed, Shift
from tests.intake.factories import IntakeSessionFactory
from tests.mutualaid.needs.factories import OfferFactory
from tests.mutualaid.shifts.factories import ShiftFactory, in_days

from .test_shifts import log_in, worker_inline  # noqa: F401 (a fixture)

HTMX_IDLE = "() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')"


def open_menu_link(page, name):
    page.get_by_text("Menu", exact=True).click()  # the navigation's grouped menu
    page.get_by_role("link", name=name, exact=True).click()


def test_calendar_links_subscribe_in_one_tap_and_a_new_address_asks_first(
    phone, transactional_db, world
):
    page = phone
    shift = ShiftFactory(neighborhood=world.own, role="Pantry", place="Back room")
    actions.sign_up(shift=shift, user=world.volunteer)
    log_in(page, world.volunteer.email)
    open_menu_link(page, "My shifts")

    token = CalendarFeed.objects.get(user=world.volunteer).token
    subscribe = page.get_by_role("link", name="Subscribe on this device")
    webcal = subscribe.get_attribute("href")
    assert webcal.startswith("webcal://") and webcal.endswith(f"/calendar/{token}.ics")
    assert page.get_by_role("link", name="Apple Calendar").get_attribute("href") == webcal
    google = page.get_by_role("link", name="Google Calendar").get_attribute("href")
    assert google.startswith("https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2F")
    outlook = page.get_by_role("link", name="Outlook").get_attribute("href")
    assert outlook.startswith("https://outlook.live.com/calendar/0/addfromweb?url=http")
    assert f"{token}.ics" in outlook

    # A new address asks first and says what breaks; going back changes nothing.
    page.get_by_role("link", name="Make a new address…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Make a new calendar address?")
    expect(page.get_by_text("The address you have now stops working at once.")).to_be_visible()
    page.get_by_role("link", name="Go back, change nothing").click()
    assert CalendarFeed.objects.get(user=world.volunteer).token == token
    page.get_by_role("link", name="Make a new address…").click()
    page.get_by_role("button", name="Make a new address").click()
    expect(page.get_by_text("Your calendar address is new.")).to_be_visible()
    new_token = CalendarFeed.objects.get(user=world.volunteer).token
    assert new_token != token
    assert new_token in page.get_by_role("link", name="Subscribe on this device").get_attribute(
        "href"
    )

    # A shift's own links: Google and Outlook filled in, and its .ics file.
    page.goto(f"/n/eastside/shifts/{shift.pk}/")
    google = page.get_by_role("link", name="Google", exact=True).get_attribute("href")
    assert google.startswith("https://calendar.google.com/calendar/render?action=TEMPLATE")
    assert "text=Pantry" in google and "location=Back+room" in google
    outlook = page.get_by_role("link", name="Outlook", exact=True).get_attribute("href")
    assert "subject=Pantry" in outlook
    ics = page.get_by_role("link", name="Apple (.ics)").get_attribute("href")
    assert ics == f"/n/eastside/shifts/{shift.pk}/shift.ics"
    assert b"SUMMARY:Pantry" in page.request.get(ics).body()


def visible_when_printed(page, selector) -> bool:
    return page.locator(selector).first.is_visible()


def test_a_shifts_sign_in_sheet_prints_without_the_navigation(phone, transactional_db, world):
    page = phone
    shift = ShiftFactory(neighborhood=world.own, role="Soup kitchen", capacity=3)
    actions.sign_up(shift=shift, user=world.volunteer)
    log_in(page, world.coordinator.email)
    page.goto(f"/n/eastside/shifts/{shift.pk}/")
    page.get_by_role("link", name="Print a sign-in sheet").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in sheet: Soup kitchen")
    expect(page.locator("tbody")).to_contain_text(str(world.volunteer))
    assert visible_when_printed(page, "nav")
    page.emulate_media(media="print")
    assert not visible_when_printed(page, "nav")
    assert not visible_when_printed(page, "header")
    assert not page.get_by_role("link", name="Back to the shift").is_visible()
    expect(page.locator(".sign-in-sheet table")).to_be_visible()


def test_a_sessions_sign_in_sheet_lists_its_volunteers_and_prints(phone, transactional_db, world):
    page = phone
    session = IntakeSessionFactory(neighborhood=world.own, place="Church hall")
    table = ShiftFactory(neighborhood=world.own, role="Welcome desk", intake_session=session)
    actions.sign_up(shift=table, user=world.volunteer)
    log_in(page, world.volunteer.email)
    page.goto(f"/n/eastside/intake/sessions/{session.pk}/")
    page.get_by_role("link", name="Print a sign-in sheet").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Sign-in sheet: table of")
    expect(page.locator("tbody tr").first).to_contain_text("Welcome desk")
    page.emulate_media(media="print")
    assert not visible_when_printed(page, "nav")
    expect(page.locator(".sign-in-sheet table")).to_be_visible()


@pytest.mark.usefixtures("worker_inline")
def test_a_cancelled_shift_is_restored_and_its_people_told(phone, transactional_db, world):
    page = phone
    shift = ShiftFactory(neighborhood=world.own, role="Pantry", starts_at=in_days(3))
    actions.sign_up(shift=shift, user=world.volunteer)
    mail.outbox.clear()
    log_in(page, world.coordinator.email)
    page.goto(f"/n/eastside/shifts/{shift.pk}/")

    page.get_by_role("link", name="Cancel this shift…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel this shift?")
    expect(page.get_by_text("1 person signed up or waiting is told")).to_be_visible()
    shift.refresh_from_db()
    assert shift.status == Shift.Status.SCHEDULED  # asking changed nothing
    page.get_by_role("button", name="Cancel the shift and tell everyone").click()
    expect(page.get_by_text("This shift is cancelled.")).to_be_visible()
    expect(
        page.get_by_text("1 person was told. You can restore it until it starts.")
    ).to_be_visible()
    shift.refresh_from_db()
    assert shift.status == Shift.Status.CANCELLED

    page.get_by_role("button", name="Restore the shift and tell its people").click()
    expect(page.get_by_text("The shift is back on; 1 person was told.")).to_be_visible()
    expect(page.get_by_text("This shift is cancelled.")).to_have_count(0)
    shift.refresh_from_db()
    assert shift.status == Shift.Status.SCHEDULED
    told = [m for m in mail.outbox if m.to == [world.volunteer.email]]
    assert told and told[-1].subject.startswith("Back on")


def test_pausing_an_offer_asks_in_its_card_first(phone, transactional_db, world):
    page = phone
    offer = OfferFactory(neighborhood=world.own, member=world.member, description="Lifts by car")
    log_in(page, world.member.email)
    page.goto("/n/eastside/needs/offers/")
    card = page.locator(f"#offer-{offer.pk}")
    card.get_by_role("button", name="Pause").click()
    expect(card.get_by_text("Pause this offer?")).to_be_visible()
    expect(card).to_contain_text("Nobody else is told.")
    card.get_by_role("link", name="Keep it active").click()
    expect(card.get_by_role("button", name="Pause")).to_be_visible()
    offer.refresh_from_db()
    assert offer.is_active
    # The card was swapped in: press again once htmx has taken it over.
    page.wait_for_function(HTMX_IDLE)
    card.get_by_role("button", name="Pause").click()
    card.get_by_role("button", name="Yes, pause it").click()
    expect(card.get_by_text("Your offer is paused.")).to_be_visible()
    expect(card.get_by_role("button", name="Make active")).to_be_visible()
    offer.refresh_from_db()
    assert not offer.is_active

"""A coordinator on a phone finds a claimed need from the home's "What needs doing
first" and connects its helper; the helper then sees the contact on their claims."""

import re

from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

SUMMARY = "Company on the way to a dentist appointment"  # the demo's claimed need


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(settings.WCC_DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_coordinator_finds_a_claimed_need_from_the_home_and_connects_it(
    phone, browser, live_server, transactional_db
):
    call_command("seed_demo", verbosity=0)
    page = phone

    log_in(page, "coordinator@example.org")
    expect(page.get_by_role("heading", name="What needs doing first")).to_be_visible()
    line = page.locator("#to-do-needs-to-connect")
    expect(line).to_contain_text("wait for you to connect their helpers")
    line.get_by_role("link").click()

    expect(page).to_have_url(re.compile(r"/needs/all/\?status=claimed&waiting=on$"))
    card = page.locator("li.need-card", has_text=SUMMARY)
    expect(card).to_contain_text("Waiting for you to connect the helper")
    card.get_by_role("link", name=SUMMARY).click()

    expect(
        page.get_by_role("heading", name="Connect the helper with the person who asked")
    ).to_be_visible()
    page.get_by_label("Contact details to share with the helper").fill("Tomás, 555-0177")
    page.get_by_role("button", name="Share with the helper").click()
    shared = page.get_by_text("The helper can now see the contact details you shared.")
    expect(shared).to_be_visible()

    # Back home, the count went down by one; the need left the "waiting" list.
    page.goto("/n/eastside/")
    page.locator("#to-do-needs-to-connect").get_by_role("link").click()
    expect(page.locator("li.need-card", has_text=SUMMARY)).to_have_count(0)

    # The helper (the demo member) sees the contact on their claims page.
    helper = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    second = helper.new_page()
    log_in(second, "member@example.org")
    second.goto("/n/eastside/needs/mine/")
    claim = second.locator("li.need-card", has_text=SUMMARY)
    expect(claim).to_contain_text("Contact shared by a coordinator")
    expect(claim).to_contain_text("Tomás, 555-0177")
    helper.close()

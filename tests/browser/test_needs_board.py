"""A member on a phone: filters the board, claims a need, fulfils it; another member
no longer sees it on the board."""

import re

from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect


def log_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(settings.WCC_DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_member_filters_claims_and_fulfils_a_need_another_member_sees_it_gone(
    phone, browser, live_server, transactional_db
):
    call_command("seed_demo", verbosity=0)
    page = phone
    log_in(page, "member@example.org")
    page.goto("/n/eastside/needs/")
    summary = "Pick up a prescription at the Main Street pharmacy"
    expect(page.get_by_text(summary)).to_be_visible()

    # Filtering by urgency swaps the results with htmx and puts the filter in the URL.
    page.get_by_label("Urgency").select_option("urgent")
    expect(page.get_by_text("Hot meals for an older neighbor")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"urgency=urgent"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    card = page.locator("li.need-card", has_text=summary)
    button = card.get_by_role("button", name="I can help")
    assert button.bounding_box()["height"] >= 44
    button.click()
    expect(page.locator("li.need-card", has_text=summary)).to_contain_text("It is yours")

    page.locator("li.need-card", has_text=summary).get_by_role("link", name="My claims").click()
    claim = page.locator("li.need-card", has_text=summary)
    claim.get_by_role("button", name="Mark fulfilled").click()
    # It asks first, in the card, saying who sees what.
    expect(claim.get_by_text("Mark this need fulfilled?")).to_be_visible()
    expect(claim).to_contain_text("Nobody gets a message.")
    assert "/needs/mine/" in page.url  # in place, with htmx
    claim.get_by_role("button", name="Yes, it is fulfilled").click()
    expect(page.get_by_text("Marked as fulfilled")).to_be_visible()

    # A second member, on their own phone, no longer sees the need on the board.
    other = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_server.url)
    second = other.new_page()
    log_in(second, "volunteer@example.org")
    second.goto("/n/eastside/needs/")
    expect(second.get_by_text("Groceries for a family of four this week")).to_be_visible()
    expect(second.get_by_text(summary)).to_have_count(0)
    other.close()

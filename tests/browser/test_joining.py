"""The joining journey on a phone: from the login page, ask to join, confirm the email
by its link, get approved (and told), set language and channel."""

import re

from django.conf import settings
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from members.models import Membership, User


def test_someone_asks_to_join_confirms_by_link_is_approved_and_sets_spanish_and_sms(
    phone, transactional_db, browser
):
    call_command("seed_demo", verbosity=0)
    page = phone

    # A neighbor finds the join pages from the login page and asks to join Eastside.
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Ask to join a neighborhood").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Join a neighborhood")
    page.get_by_role("link", name="Eastside").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eastside")
    page.get_by_label("Your name").fill("Rosa Diaz")
    page.get_by_label("Email address").fill("rosa@example.org")
    page.get_by_label("Phone").fill("+1 555 222 3333")
    page.get_by_label("Choose a password").fill("a-long-pass-phrase-42")
    page.get_by_label("Anything the coordinators should know?").fill("I can drive.")
    page.get_by_role("button", name="Ask to join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    assert not User.objects.filter(email="rosa@example.org").exists()

    # She opens the link from her mail, confirms, and sees her request waiting.
    [confirm_mail] = [m for m in mail.outbox if m.to == ["rosa@example.org"]]
    link = re.search(r"https?://[^/\s]+(/join/confirm/\S+/)", confirm_mail.body).group(1)
    page.goto(link)
    page.get_by_role("button", name="Confirm and ask to join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eastside")
    expect(page.get_by_text("Your request to join Eastside is waiting")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Log out").click()

    # The coordinator sees the requests waiting on the neighborhood's home and approves.
    coordinator = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=page.url.split("/accounts")[0]
    )
    desk = coordinator.new_page()
    desk.goto("/accounts/login/")
    desk.get_by_label("Email address").fill("coordinator@example.org")
    desk.get_by_label("Password").fill(settings.WCC_DEMO_PASSWORD)
    desk.get_by_role("button", name="Log in").click()
    desk.get_by_role("link", name="2 people are waiting for your answer").click()
    desk.get_by_role("link", name="Rosa Diaz").click()
    expect(desk.get_by_text("I can drive.")).to_be_visible()
    desk.get_by_role("button", name="Approve").click()
    expect(desk.get_by_text("Request approved")).to_be_visible()
    coordinator.close()
    assert Membership.objects.get(user__email="rosa@example.org").status == "active"
    welcome = [m for m in mail.outbox if m.to == ["rosa@example.org"]][-1]
    assert welcome.subject == "Welcome to Eastside"

    # Rosa logs in, finds Eastside, and sets Spanish and text messages.
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("rosa@example.org")
    page.get_by_label("Password").fill("a-long-pass-phrase-42")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Eastside")
    page.get_by_text("Menu", exact=True).click()  # the navigation's grouped menu
    page.get_by_role("link", name="My profile").click()
    page.get_by_label("Preferred language").select_option("es")
    page.get_by_label("text message (SMS)").check()
    page.get_by_label("I agree to be contacted").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mi perfil")
    rosa = User.objects.get(email="rosa@example.org")
    assert (rosa.preferred_language, rosa.contact_channel) == ("es", "sms")
    assert rosa.contact_consent_at is not None

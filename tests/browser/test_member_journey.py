from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect


def test_demo_member_logs_in_sees_home_and_switches_to_spanish(phone, transactional_db):
    call_command("seed_demo", verbosity=0)
    page = phone
    page.goto("/")
    page.get_by_role("link", name="Log in").first.click()

    page.get_by_label("Email address").fill("member@example.org")
    page.get_by_label("Password").fill(settings.WCC_DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Eastside")
    expect(page.get_by_text("Every other Saturday, 10:00 to 13:00")).to_be_visible()
    # Nothing wider than the phone: no sideways scrolling at 390 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("button", name="Español").click()

    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("button", name="Cerrar sesión")).to_be_visible()
    expect(page.get_by_text("La mesa de acogida")).to_be_visible()


def test_wrong_password_shows_the_error_beside_the_field(phone, transactional_db):
    call_command("seed_demo", verbosity=0)
    page = phone
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill("member@example.org")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("alert")).to_contain_text("do not match an account")
    expect(page.get_by_label("Email address")).to_have_value("member@example.org")

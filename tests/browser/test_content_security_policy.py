"""Pages run under the strict CSP without the browser refusing anything."""

from django.conf import settings
from django.core.management import call_command


def test_pages_and_the_admin_work_under_the_csp_without_violations(phone, transactional_db):
    call_command("seed_demo", verbosity=0)
    refused = []
    phone.on(
        "console",
        lambda msg: (
            refused.append(msg.text)
            if "Content Security" in msg.text or "Refused to" in msg.text
            else None
        ),
    )
    phone.goto("/accounts/login/")
    phone.fill("#id_username", "admin@example.org")
    phone.fill("#id_password", settings.WCC_DEMO_PASSWORD)
    phone.click("main button[type=submit]")
    phone.wait_for_load_state()
    for url in [
        "/n/eastside/",
        "/accounts/profile/",
        "/admin/",
        "/admin/members/user/",
        "/admin/members/user/add/",
        "/admin/members/neighborhood/add/",
    ]:
        phone.goto(url)
        phone.wait_for_load_state("networkidle")
    assert refused == []


def test_the_csrf_failure_page_is_styled_and_refuses_nothing(phone, transactional_db):
    """A form sent after its cookies were lost: our page, in the layout, under the CSP."""
    call_command("seed_demo", verbosity=0)
    refused = []
    phone.on(
        "console",
        lambda msg: refused.append(msg.text) if "Refused to" in msg.text else None,
    )
    phone.goto("/accounts/login/")
    phone.context.clear_cookies()
    phone.fill("#id_username", "member@example.org")
    phone.fill("#id_password", settings.WCC_DEMO_PASSWORD)
    with phone.expect_navigation() as navigation:
        phone.click("main button[type=submit]")
    assert navigation.value.status == 403
    assert phone.locator("h1").inner_text() == "The form could not be sent"
    header = phone.locator(".site-header").evaluate("e => getComputedStyle(e).backgroundColor")
    assert header == "rgb(11, 92, 74)"  # our stylesheet applied
    phone.click("text=Back to the form")
    phone.wait_for_load_state()
    assert phone.url.endswith("/accounts/login/")
    assert refused == []

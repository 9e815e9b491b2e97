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

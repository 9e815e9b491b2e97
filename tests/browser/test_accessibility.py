"""axe-core in a real Chromium on every page each demo role can reach, phone and laptop.

Pages are found the way people find them (tests/pages.py).
Any WCAG 2.x A/AA violation fails the test.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from members.demo import DEMO_ACCOUNTS
from members.models import User
from tests.pages import public_urls, reachable_urls

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_accessibility_violations_on_any_page(
    browser, live_server, settings_secure_off, transactional_db, viewport
):
    assert AXE.exists(), "axe-core is missing: run `npm ci` (bin/test does)"
    call_command("seed_demo", verbosity=0)
    found = {}
    context = browser.new_context(
        viewport=VIEWPORTS[viewport], base_url=live_server.url, bypass_csp=True
    )
    page = context.new_page()
    for url in public_urls():
        page.goto(url)
        found[f"anonymous {url}"] = violations(page)
    context.close()

    for email, *_ in DEMO_ACCOUNTS:
        context = browser.new_context(
            viewport=VIEWPORTS[viewport], base_url=live_server.url, bypass_csp=True
        )
        page = context.new_page()
        page.goto(reverse("login"))
        page.fill("#id_username", email)
        page.fill("#id_password", settings.WCC_DEMO_PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_load_state()
        for url in reachable_urls(User.objects.get(email=email)):
            page.goto(url)
            found[f"{email} {url}"] = violations(page)
        context.close()

    problems = {where: issues for where, issues in found.items() if issues}
    assert len(found) >= 15
    assert not problems, "\n".join(f"{w}: {i}" for w, i in problems.items())

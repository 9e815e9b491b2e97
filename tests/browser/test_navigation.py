"""The navigation on a 360 px phone: every destination of each role reachable without
scrolling sideways, in English and in Spanish (longer words), with and without
JavaScript (the menu is a <details>)."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from members.models import User
from tests.pages import reachable_urls

WIDTH = 360

# Each link of the bar and the opened menu: its address and whether it is wholly on
# screen; and whether the navigation or the page is wider than the screen.
MEASURE = """() => {
  const nav = document.querySelector("nav.site-nav");
  const links = [...nav.querySelectorAll("a")].map((a) => {
    const box = a.getBoundingClientRect();
    return {href: a.getAttribute("href"), text: a.innerText.trim(),
            shown: box.width > 0 && box.left >= 0 && box.right <= innerWidth + 0.5};
  });
  return {links, page: document.scrollingElement.scrollWidth,
          nav: nav.scrollWidth - nav.clientWidth};
}"""


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("email", ["member@example.org", "coordinator@example.org"])
def test_every_destination_shows_at_360_px_without_sideways_scrolling(
    browser, live_server, settings_secure_off, transactional_db, language, javascript, email
):
    call_command("seed_demo", verbosity=0)
    user = User.objects.get(email=email)
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 740},
        base_url=live_server.url,
        is_mobile=True,
        java_script_enabled=javascript,
    )
    page = context.new_page()
    page.goto(reverse("login"))
    page.fill("#id_username", email)
    page.fill("#id_password", settings.WCC_DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/n/eastside/")

    page.locator("nav.site-nav summary").click()
    expect(page.locator("nav.site-nav .site-nav__groups")).to_be_visible()
    found = page.evaluate(MEASURE)
    context.close()

    assert found["page"] <= WIDTH and found["nav"] <= 0, found
    shown = {link["href"] for link in found["links"] if link["shown"]}
    # Account pages beyond the profile are reached from it, not from the navigation.
    account = {reverse("home"), reverse("password_change"), reverse("sms_try")}
    wanted = set(reachable_urls(user)) - account
    assert wanted <= shown, sorted(wanted - shown)
    if email.startswith("coordinator"):
        assert reverse("needs_list", kwargs={"slug": "eastside"}) in shown

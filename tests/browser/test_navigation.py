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


# For each link of the navigation, once scrolled to: whether it lies wholly inside the
# 360 × 740 screen and is what a tap at its middle reaches (not covered or clipped by
# a neighbour whose longer Spanish words pushed it under).
TAPPABLE = """() => [...document.querySelectorAll("nav.site-nav a")].map((a) => {
  a.scrollIntoView({block: "center", inline: "nearest"});
  const box = a.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return {href: a.getAttribute("href"), text: a.innerText.trim(),
          inside: box.width > 0 && box.height > 0 && box.left >= 0 && box.top >= 0
                  && box.right <= innerWidth + 0.5 && box.bottom <= innerHeight + 0.5,
          tappable: hit !== null && a.contains(hit)};
})"""
MENU = {"en": "Menu", "es": "Menú"}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "email", ["volunteer@example.org", "coordinator@example.org", "admin@example.org"]
)
def test_on_a_phone_every_menu_link_is_on_screen_and_tappable_in_each_language(
    browser, live_server, settings_secure_off, transactional_db, language, email
):
    call_command("seed_demo", verbosity=0)
    user = User.objects.get(email=email)
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 740}, base_url=live_server.url, is_mobile=True
    )
    page = context.new_page()
    page.goto(reverse("login"))
    page.fill("#id_username", email)
    page.fill("#id_password", settings.WCC_DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    if not user.is_staff:
        page.wait_for_url("**/n/eastside/")
    else:  # a network admin lands on the network's page; Eastside is one link on
        page.goto(reverse("neighborhood_home", kwargs={"slug": "eastside"}))

    page.get_by_text(MENU[language], exact=True).click()
    expect(page.locator("nav.site-nav .site-nav__groups")).to_be_visible()
    links = page.evaluate(TAPPABLE)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    context.close()

    assert width <= WIDTH
    hrefs = {link["href"] for link in links}
    account = {reverse("home"), reverse("password_change"), reverse("sms_try")}
    # The page shown is Eastside's: its navigation (a network admin reaches every
    # neighborhood, each from its own pages).
    wanted = {
        url
        for url in reachable_urls(user)
        if not url.startswith("/n/") or url.startswith("/n/eastside/")
    } - account
    assert wanted <= hrefs, sorted(wanted - hrefs)
    hidden = [(link["text"], link["href"]) for link in links if not link["inside"]]
    covered = [(link["text"], link["href"]) for link in links if not link["tappable"]]
    assert not hidden and not covered, {"off screen": hidden, "covered": covered}

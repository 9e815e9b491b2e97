"""Right-to-left ready: a pseudo language written right to left (English words, the
direction of Arabic or Hebrew) mirrors the pages by itself, on a phone and a laptop.

The pseudo language exists only here: it is added to LANGUAGES and LANGUAGES_BIDI for
the test, and the person chooses it as their preferred language, so the page takes
``dir`` through the same template code as any real language (base.html,
get_current_language_bidi)."""

from datetime import timedelta

import pytest
from django.conf.locale import LANG_INFO
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from members.models import Role, User
from mutualaid.models import NeedCategory
from tests.factories import PASSWORD, MembershipFactory, NeighborhoodFactory, UserFactory
from tests.intake.factories import IntakeSessionFactory
from tests.mutualaid.needs.factories import NeedFactory
from tests.mutualaid.shifts.factories import ShiftFactory

PSEUDO_RTL = "qps-rtl"  # "qps": the private-use code of pseudo locales
WIDTHS = [390, 1280]
PAGES_WITH_FORMS = {"board", "intake session"}  # filters; the new visit

# What each page must show: its direction, its width, where its navigation and
# labels start. A label is "at the start" when its right edge (or that of the checkbox
# before it) meets the right edge of its container's content box.
MEASURE = """() => {
  const html = document.documentElement;
  const items = [...document.querySelectorAll(".site-nav__bar > li > a")]
    .map((a) => a.getBoundingClientRect());
  const labels = [...document.querySelectorAll("main label")]
    .filter((label) => label.getClientRects().length > 0)
    .map((label) => {
      // A checkbox's label follows its box: the box is what starts the row.
      const before = label.previousElementSibling;
      const boxed = before && before.matches("input[type=checkbox], input[type=radio]");
      const starter = boxed ? before : label;
      const box = starter.getBoundingClientRect();
      const margin = parseFloat(getComputedStyle(starter).marginRight);  // browsers' own
      const parent = label.parentElement;
      const parentBox = parent.getBoundingClientRect();
      const style = getComputedStyle(parent);
      const contentRight = parentBox.right - parseFloat(style.paddingRight)
        - parseFloat(style.borderRightWidth);
      return {text: label.textContent.trim().slice(0, 40), gap: contentRight - box.right - margin,
              direction: getComputedStyle(label).direction};
    });
  const heading = document.querySelector("main h1");
  const text = document.createRange();
  text.selectNodeContents(heading);
  const headingStyle = getComputedStyle(heading);
  const headingGap = heading.getBoundingClientRect().right - parseFloat(headingStyle.paddingRight)
    - text.getBoundingClientRect().right;
  return {
    dir: html.getAttribute("dir"),
    headingGap,
    lang: html.getAttribute("lang"),
    overflow: document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth,
    viewport: window.innerWidth,
    items: items.map((box) => ({left: box.left, right: box.right, top: box.top})),
    labels,
  };
}"""


@pytest.fixture
def pseudo_rtl(settings, monkeypatch):
    # What Django knows of a language (the language menu reads it), as for Arabic.
    info = {"bidi": True, "code": PSEUDO_RTL, "name": "Pseudo RTL", "name_local": "Pseudo RTL"}
    monkeypatch.setitem(LANG_INFO, PSEUDO_RTL, info)
    settings.LANGUAGES = [*settings.LANGUAGES, (PSEUDO_RTL, "Pseudo right-to-left")]
    settings.LANGUAGES_BIDI = [*settings.LANGUAGES_BIDI, PSEUDO_RTL.split("-")[0]]
    return PSEUDO_RTL


@pytest.fixture
def rtl_world(pseudo_rtl):
    eastside = NeighborhoodFactory(name="Eastside", slug="eastside")
    NeedCategory.ensure_defaults(eastside)
    coordinator = UserFactory(
        email="rtl@example.org", display_name="Rana Coordinator", preferred_language=pseudo_rtl
    )
    MembershipFactory(user=coordinator, neighborhood=eastside, role=Role.COORDINATOR)
    NeedFactory(neighborhood=eastside, public_summary="Groceries for a family of four")
    starts = timezone.now() + timedelta(days=2)
    ShiftFactory(neighborhood=eastside, starts_at=starts, ends_at=starts + timedelta(hours=3))
    session = IntakeSessionFactory(neighborhood=eastside)
    return {
        "home": reverse("neighborhood_home", kwargs={"slug": "eastside"}),
        "board": reverse("needs_board", kwargs={"slug": "eastside"}),
        "shift list": reverse("shift_list", kwargs={"slug": "eastside"}),
        "intake session": reverse("intake_session", kwargs={"slug": "eastside", "pk": session.pk}),
    }


@pytest.mark.parametrize("width", WIDTHS)
def test_a_right_to_left_language_mirrors_home_board_shifts_and_the_intake_page(
    transactional_db, browser, live_server, settings_secure_off, rtl_world, width
):
    context = browser.new_context(
        viewport={"width": width, "height": 844}, base_url=live_server.url, locale="en-US"
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.goto(reverse("login"))
    page.get_by_label("Email address").fill("rtl@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")

    for name, url in rtl_world.items():
        page.goto(url)
        page.wait_for_load_state()
        found = page.evaluate(MEASURE)
        where = f"{name} at {width} px"
        assert (found["dir"], found["lang"]) == ("rtl", PSEUDO_RTL), where
        assert found["overflow"] <= 0, f"{where}: {found['overflow']} px of sideways scroll"

        # The navigation reads from the right: its first item is the rightmost of the
        # first row, and the next one on that row sits to its left.
        items = found["items"]
        assert len(items) >= 2, where
        first, second = items[0], items[1]
        assert first["right"] >= max(item["right"] for item in items) - 1, where
        assert first["right"] > found["viewport"] / 2, where
        if abs(second["top"] - first["top"]) < 1:
            assert second["right"] <= first["left"] + 1, where

        # Headings and labels start on the right, where a right-to-left reader looks.
        assert abs(found["headingGap"]) <= 2, f"{where}: the heading is not at the start"
        if name in PAGES_WITH_FORMS:
            assert found["labels"], f"{where}: no form label to check"
        for label in found["labels"]:
            assert label["direction"] == "rtl", f"{where}: {label}"
            assert abs(label["gap"]) <= 2, f"{where}: label not at the start side: {label}"
    context.close()


def test_dir_follows_each_persons_language(db, client, rtl_world):
    """The same template code gives each language its direction: the pseudo language
    right to left, English and Spanish left to right."""
    home = rtl_world["home"]
    client.force_login(User.objects.get(email="rtl@example.org"))
    assert f'<html lang="{PSEUDO_RTL}" dir="rtl">' in client.get(home).content.decode()
    for language in ("en", "es"):
        person = UserFactory(preferred_language=language)
        client.force_login(person)
        page = client.get(reverse("profile")).content.decode()
        assert f'<html lang="{language}" dir="ltr">' in page

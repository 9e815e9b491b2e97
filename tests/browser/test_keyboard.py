"""Keyboard alone (WCAG 2.1.1, 2.4.1, 2.4.7): the three journeys with Tab, Shift+Tab,
Enter, Space and typing, never a click. After every Tab the focused element must be on
screen and show a focus indicator; the skip link is the first stop and moves to main."""

import re

from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from intake.models import IntakeSession, Visit
from members.models import User
from mutualaid.models import ResourceRequest

# What has focus, and whether a sighted keyboard user can see it: on screen, drawn with
# an outline of at least 3:1 contrast against what it is drawn on (WCAG 1.4.11). A
# visually hidden input (the need toggles) shows its focus on its label.
FOCUS = r"""() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {shown: false, text: "(nothing)"};
  const own = getComputedStyle(el);
  const hidden = parseFloat(own.opacity) === 0 || el.getBoundingClientRect().width <= 1;
  const drawn = hidden && el.labels && el.labels.length ? el.labels[0] : el;
  const style = getComputedStyle(drawn);
  const rgb = (color) => (color.match(/[\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => [r, g, b]
    .map((c) => c / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
    .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
  // An inset ring is drawn on the element's own background, an outer one on its parent's.
  let under = parseFloat(style.outlineOffset) < 0 ? drawn : drawn.parentElement;
  while (under && (rgb(getComputedStyle(under).backgroundColor)[3] === 0
                   || getComputedStyle(under).backgroundColor === "transparent")) {
    under = under.parentElement;
  }
  const ground = under ? rgb(getComputedStyle(under).backgroundColor) : [255, 255, 255];
  const [a, b] = [luminance(rgb(style.outlineColor)), luminance(ground)];
  const contrast = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2
    && contrast >= 3;
  const box = drawn.getBoundingClientRect();
  const onScreen = box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
    && box.top < innerHeight && box.left < innerWidth;
  return {
    shown: onScreen && outline, contrast: Math.round(contrast * 10) / 10,
    text: (el.innerText || el.value || "").trim().slice(0, 60),
    id: el.id, name: el.name || "", type: el.type || "", tag: el.tagName,
    className: String(el.className),
  };
}"""


def tab(page, until, *, limit: int = 60, back: bool = False) -> dict:
    """Press Tab (Shift+Tab with back) until ``until(focused)``; every stop must show."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        focused = page.evaluate(FOCUS)
        assert focused["shown"], f"focus not visible on {page.url}: {focused}"
        if until(focused):
            return focused
    raise AssertionError(f"not reached with the keyboard on {page.url} in {limit} stops")


def tab_through_the_whole_page(page, *, limit: int = 250) -> int:
    """Tab on until the focus leaves the page: no trap, and every stop shows."""
    page.evaluate("document.activeElement.blur()")
    stops = 0
    while True:
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS)
        if focused["text"] == "(nothing)" or (stops and focused["className"] == "skip-link"):
            return stops  # past the last control: back to the document
        assert focused["shown"], f"focus not visible on {page.url}: {focused}"
        stops += 1
        assert stops < limit, f"a keyboard trap on {page.url} at {focused}"


def log_in_with_the_keyboard(page, email: str) -> None:
    page.goto("/accounts/login/")
    expect(page.get_by_label("Email address")).to_be_focused()  # autofocus
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(settings.WCC_DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def open_and_skip_to_main(page, url: str) -> None:
    """The skip link is the first Tab stop, shows, and moves the focus into main."""
    page.goto(url)
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUS)
    assert skip["className"] == "skip-link" and skip["shown"], skip
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_the_three_journeys_work_with_the_keyboard_alone(transactional_db, phone):
    call_command("seed_demo", verbosity=0)
    page = phone

    # A volunteer at the table: search, pick the returning visitor, tick a need, save.
    session = IntakeSession.objects.get(neighborhood__slug="eastside", status="open")
    visits = Visit.objects.filter(session=session).count()
    log_in_with_the_keyboard(page, "volunteer@example.org")
    open_and_skip_to_main(page, f"/n/eastside/intake/sessions/{session.pk}/")
    tab(page, lambda f: f["id"] == "visitor-search")
    page.keyboard.type("ros", delay=50)
    expect(page.locator("#search-results a").first).to_be_visible()
    tab(page, lambda f: f["tag"] == "A" and f["text"].startswith("Rosa"))
    # No trap: Shift+Tab leaves the result and Tab comes back to it.
    tab(page, lambda f: not f["text"].startswith("Rosa"), back=True)
    tab(page, lambda f: f["tag"] == "A" and f["text"].startswith("Rosa"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("First name or nickname")).to_have_value("Rosa")
    toggle = tab(page, lambda f: f["name"] == "needs" and "need-toggles" in f["className"])
    page.keyboard.press("Space")
    expect(page.locator(f"#{toggle['id']}")).to_be_checked()
    tab(page, lambda f: f["text"] == "Save visit")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"{visits + 1} visits so far")).to_be_visible()
    expect(page.locator("#visitor-search")).to_be_focused()
    assert Visit.objects.filter(session=session).count() == visits + 1

    # A member claims a need on the board.
    page.context.clear_cookies()
    member = User.objects.get(email="member@example.org")
    claims = ResourceRequest.objects.claimed_by_user(member).count()
    log_in_with_the_keyboard(page, "member@example.org")
    open_and_skip_to_main(page, "/n/eastside/needs/")
    assert tab_through_the_whole_page(page) > 10
    open_and_skip_to_main(page, "/n/eastside/needs/")
    tab(page, lambda f: f["text"] == "I can help")
    page.keyboard.press("Enter")
    expect(page.get_by_text("It is yours").first).to_be_visible()
    # The card was swapped under the focus: the next Tab goes on from it, not from the top.
    after = tab(page, lambda f: True)
    assert after["text"] in ("My claims", "I can help"), after
    assert ResourceRequest.objects.claimed_by_user(member).count() == claims + 1

    # A coordinator reaches the coverage page from the navigation.
    page.context.clear_cookies()
    log_in_with_the_keyboard(page, "coordinator@example.org")
    open_and_skip_to_main(page, "/n/eastside/")
    # The navigation's menu opens with Enter on its button; Coverage is under it.
    tab(page, lambda f: f["tag"] == "SUMMARY" and f["text"] == "Menu", back=True)
    page.keyboard.press("Enter")
    tab(page, lambda f: f["tag"] == "A" and f["text"] == "Coverage")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/n/eastside/shifts/coverage/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert tab_through_the_whole_page(page) > 10

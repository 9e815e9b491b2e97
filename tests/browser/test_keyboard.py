"""Keyboard alone (WCAG 2.1.1, 2.4.1, 2.4.7): the three journeys with Tab, Shift+Tab,
Enter, Space and typing, never a click. After every Tab the focused element must be on
screen and show a focus indicator; the skip link is the first stop and moves to main."""

from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import expect

from intake.models import IntakeSession, Visit
from members.models import User
from mutualaid.models import ResourceRequest

# What has focus, and whether a sighted keyboard user can see it: on screen and drawn
# with an outline or a shadow. A visually hidden input (the need toggles) shows its
# focus on its label.
FOCUS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {shown: false, text: "(nothing)"};
  const own = getComputedStyle(el);
  const hidden = parseFloat(own.opacity) === 0 || el.getBoundingClientRect().width <= 1;
  const drawn = hidden && el.labels && el.labels.length ? el.labels[0] : el;
  const style = getComputedStyle(drawn);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const box = drawn.getBoundingClientRect();
  const onScreen = box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
    && box.top < innerHeight && box.left < innerWidth;
  return {
    shown: onScreen && (outline || style.boxShadow !== "none"),
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


def log_in_with_the_keyboard(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUS)
    assert skip["className"] == "skip-link" and skip["shown"], skip
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    tab(page, lambda f: f["id"] == "id_username")
    page.keyboard.type(email)
    page.keyboard.press("Tab")
    page.keyboard.type(settings.WCC_DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_volunteer_logs_a_visit_with_the_keyboard_alone(transactional_db, phone):
    call_command("seed_demo", verbosity=0)
    session = IntakeSession.objects.get(neighborhood__slug="eastside", status="open")
    before = Visit.objects.filter(session=session).count()
    page = phone
    log_in_with_the_keyboard(page, "volunteer@example.org")
    page.goto(f"/n/eastside/intake/sessions/{session.pk}/")

    tab(page, lambda f: f["id"] == "visitor-search")
    page.keyboard.type("ros", delay=50)
    expect(page.locator("#search-results a").first).to_be_visible()
    tab(page, lambda f: f["tag"] == "A" and f["text"].startswith("Rosa"))
    # No trap: Shift+Tab leaves the result and Tab comes back to it.
    tab(page, lambda f: f["text"] != "" and not f["text"].startswith("Rosa"), back=True)
    tab(page, lambda f: f["tag"] == "A" and f["text"].startswith("Rosa"))
    page.keyboard.press("Enter")
    expect(page.get_by_label("First name or nickname")).to_have_value("Rosa")

    toggle = tab(page, lambda f: f["name"] == "needs" and "need-toggles" in f["className"])
    page.keyboard.press("Space")
    expect(page.locator(f"#{toggle['id']}")).to_be_checked()
    tab(page, lambda f: f["text"] == "Save visit")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=f"{before + 1} visits so far")).to_be_visible()
    expect(page.locator("#visitor-search")).to_be_focused()
    assert Visit.objects.filter(session=session).count() == before + 1


def test_a_member_claims_a_need_with_the_keyboard_alone(transactional_db, phone):
    call_command("seed_demo", verbosity=0)
    member = User.objects.get(email="member@example.org")
    page = phone
    log_in_with_the_keyboard(page, "member@example.org")
    page.goto("/n/eastside/needs/")
    tab(page, lambda f: f["text"] == "I can help")
    page.keyboard.press("Enter")
    expect(page.get_by_text("It is yours").first).to_be_visible()
    assert ResourceRequest.objects.filter(claimed_by=member, status="claimed").count() == 1


def test_a_coordinator_reaches_the_coverage_page_from_the_navigation(transactional_db, phone):
    call_command("seed_demo", verbosity=0)
    page = phone
    log_in_with_the_keyboard(page, "coordinator@example.org")
    page.goto("/n/eastside/")
    tab(page, lambda f: f["tag"] == "A" and f["text"] == "Coverage")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{page.url.split('/n/')[0]}/n/eastside/shifts/coverage/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

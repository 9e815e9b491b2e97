"""The table at its best on a phone (390×844, issue 15): a returning visitor logged in
four taps and three letters, with Save on screen from the moment they are picked, and
every answer (saved, not saved, cannot search) shown beside the thumb."""

from playwright.sync_api import expect

from intake.models import Visit
from members.models import Role
from mutualaid.models import NeedCategory
from tests.browser.conftest import PHONE
from tests.browser.test_intake_table import log_in
from tests.factories import MembershipFactory, NeighborhoodFactory, UserFactory
from tests.intake.factories import IntakeSessionFactory, VisitFactory, VisitorFactory

TAP = 44


def in_view(box) -> bool:
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def small_controls(page) -> list[str]:
    """Every control of the visit form a finger can reach, smaller than 44 px either way:
    a checkbox counts by its label, which is what is tapped."""
    return page.evaluate(
        """(tap) => {
          const form = document.getElementById("intake-form");
          const small = [];
          for (const el of form.querySelectorAll("button, summary, a, select, textarea, input")) {
            if (el.type === "hidden") continue;
            let target = el;
            if (el.type === "checkbox") {
              target = form.querySelector(`label[for="${el.id}"]`) || el.closest("label");
            }
            if (!target || target.offsetParent === null) continue;
            const box = target.getBoundingClientRect();
            if (box.height < tap || box.width < tap) {
              const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
              small.push(`${el.name || el.textContent.trim()} ${size}`);
            }
          }
          return small;
        }""",
        TAP,
    )


def test_a_returning_visitor_in_four_taps_with_save_in_view(transactional_db, phone):
    eastside = NeighborhoodFactory(name="Eastside", slug="eastside")
    NeedCategory.ensure_defaults(eastside)
    volunteer = UserFactory(email="val@example.org", display_name="Val Volunteer")
    MembershipFactory(user=volunteer, neighborhood=eastside, role=Role.VOLUNTEER)
    earlier = IntakeSessionFactory(neighborhood=eastside, status="closed")
    grace = VisitorFactory(neighborhood=eastside, first_name="Grace", last_name="O'Brien")
    VisitFactory(session=earlier, visitor=grace)
    session = IntakeSessionFactory(neighborhood=eastside, status="open")
    page = phone
    log_in(page, "val@example.org")
    page.goto(f"/n/eastside/intake/sessions/{session.pk}/")
    taps = 0

    search = page.get_by_label("Returning visitor?")
    search.tap()
    taps += 1
    search.press_sequentially("gra", delay=60)  # 3 letters
    page.get_by_role("link", name="Grace O'Brien").tap()
    taps += 1
    expect(page.get_by_label("First name or nickname")).to_have_value("Grace")
    # Save is on screen without the volunteer scrolling, and every control is finger-sized.
    save = page.get_by_role("button", name="Save visit")
    # Nothing has scrolled but the page itself: every need and Save are on screen.
    for need in ("Groceries", "Other"):
        expect(page.locator("#id_needs label", has_text=need)).to_be_in_viewport(ratio=1)
    expect(save).to_be_in_viewport(ratio=1)
    assert in_view(save.bounding_box()), save.bounding_box()
    assert small_controls(page) == []
    groceries = page.get_by_role("checkbox", name="Groceries", exact=True)
    page.locator("#id_needs label", has_text="Groceries").tap()
    taps += 1
    expect(groceries).to_be_checked()  # named "Groceries", not "✓ Groceries"
    assert in_view(save.bounding_box())
    save.tap()
    taps += 1
    expect(page.locator("#save-status")).to_have_text("Saved: Grace O'Brien, Groceries")
    assert taps <= 4
    assert Visit.objects.filter(session=session, visitor=grace).count() == 1
    expect(search).to_be_focused()

    # A save that fails says why beside Save, and the cursor goes to the field.
    page.locator("#id_needs label", has_text="Medical").tap()
    page.get_by_role("button", name="Save visit").tap()
    status = page.locator("#save-status")
    expect(status).to_contain_text("Not saved. First name or nickname: This field is required.")
    assert in_view(status.bounding_box())
    expect(page.get_by_label("First name or nickname")).to_be_focused()
    expect(page.get_by_role("checkbox", name="Medical", exact=True)).to_be_checked()

    # The optional details stay folded until opened; opened once, they stay open for
    # this volunteer on the next form.
    more = page.get_by_text("More about this person")
    expect(page.get_by_label("Household size (optional)")).to_be_hidden()
    more.tap()
    expect(page.get_by_label("Household size (optional)")).to_be_visible()
    page.get_by_label("First name or nickname").fill("Tobias")
    page.get_by_role("button", name="Save visit").tap()
    expect(status).to_have_text("Saved: Tobias, Medical")
    expect(page.get_by_label("Household size (optional)")).to_be_visible()

    # A search that cannot reach the server says so, and shows nobody.
    results = page.locator("#search-results")
    search.press_sequentially("gra", delay=30)
    expect(results.get_by_role("link", name="Grace O'Brien")).to_be_visible()
    page.route("**/search/", lambda route: route.abort())
    search.fill("grac")
    expect(page.get_by_text("Cannot search: no connection")).to_be_visible()
    expect(results.get_by_role("link", name="Grace O'Brien")).to_have_count(0)
    page.unroute("**/search/")
    search.fill("grace")
    expect(results.get_by_role("link", name="Grace O'Brien")).to_be_visible()
    expect(page.get_by_text("Cannot search: no connection")).to_be_hidden()


def test_saving_shows_a_busy_sign_on_the_button(transactional_db, phone):
    eastside = NeighborhoodFactory(name="Eastside", slug="eastside")
    NeedCategory.ensure_defaults(eastside)
    volunteer = UserFactory(email="val@example.org")
    MembershipFactory(user=volunteer, neighborhood=eastside, role=Role.VOLUNTEER)
    session = IntakeSessionFactory(neighborhood=eastside, status="open")
    page = phone
    log_in(page, "val@example.org")
    page.goto(f"/n/eastside/intake/sessions/{session.pk}/")
    page.get_by_label("First name or nickname").fill("Ada")
    held = []
    page.route(
        f"**/intake/sessions/{session.pk}/",
        lambda route: held.append(route) if route.request.method == "POST" else route.continue_(),
    )
    page.get_by_role("button", name="Save visit").tap()
    expect(page.get_by_role("button", name="Saving…")).to_be_visible()
    held[0].continue_()
    expect(page.locator("#save-status")).to_have_text("Saved: Ada, no needs ticked")
    expect(page.get_by_role("button", name="Save visit")).to_be_visible()

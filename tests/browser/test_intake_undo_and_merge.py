"""Two loops of issue 15 in a real browser: Undo beside Save right after a save (with
JavaScript and without), and a coordinator merging two records of one person found by
search, from the menu, with the differing detail chosen and the other's phone kept."""

import pytest
from playwright.sync_api import expect

from intake.models import Visit, Visitor, VisitorMerge
from members.models import Role
from mutualaid.models import NeedCategory
from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import violations
from tests.browser.test_intake_table import log_in
from tests.factories import MembershipFactory, NeighborhoodFactory, UserFactory
from tests.intake.factories import IntakeSessionFactory, VisitFactory, VisitorFactory


@pytest.fixture
def table(transactional_db):
    eastside = NeighborhoodFactory(name="Eastside", slug="eastside")
    NeedCategory.ensure_defaults(eastside)
    for email, role in [
        ("val@example.org", Role.VOLUNTEER),
        ("cora@example.org", Role.COORDINATOR),
    ]:
        user = UserFactory(email=email, display_name=email.split("@")[0].title())
        MembershipFactory(user=user, neighborhood=eastside, role=role)
    return eastside, IntakeSessionFactory(neighborhood=eastside, status="open")


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_a_save_can_be_undone_beside_save(
    table, browser, live_server, settings_secure_off, javascript
):
    _, session = table
    context = browser.new_context(
        viewport=PHONE,
        base_url=live_server.url,
        is_mobile=True,
        java_script_enabled=javascript,
        bypass_csp=True,  # for axe-core's script tag
    )
    try:
        page = context.new_page()
        log_in(page, "val@example.org")
        page.goto(f"/n/eastside/intake/sessions/{session.pk}/")
        page.get_by_label("First name or nickname").fill("Grace")
        page.locator("#id_needs label", has_text="Groceries").click()
        page.get_by_role("button", name="Save visit").click()
        status = page.locator("#save-status")
        expect(status).to_contain_text("Saved: Grace, Groceries")
        just_saved = page.get_by_role("list", name="Just saved")
        expect(just_saved).to_contain_text("Grace")
        if javascript:  # axe-core runs in the page
            assert violations(page) == []  # the new row and its Undo, beside Save
        undo = just_saved.get_by_role("button", name="Undo")
        expect(undo).to_be_in_viewport(ratio=1)  # beside Save, where the thumb is
        assert Visit.objects.count() == 1
        undo.click()
        expect(page.get_by_text("Undone: the visit of Grace is removed.").first).to_be_visible()
        expect(page.locator("#visit-list")).to_contain_text("0 visits so far")
        assert Visit.objects.count() == 0
    finally:
        context.close()


@pytest.fixture
def phone_for_axe(browser, live_server, settings_secure_off):
    context = browser.new_context(
        viewport=PHONE, base_url=live_server.url, is_mobile=True, bypass_csp=True
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_a_coordinator_merges_two_records_found_by_search(table, phone_for_axe):
    eastside, session = table
    kwame = VisitorFactory(neighborhood=eastside, first_name="Kwame", household_size=3)
    other = VisitorFactory(
        neighborhood=eastside,
        first_name="Kwame",
        last_name="Mensah",
        phone="555 010 9988",
        household_size=4,
    )
    VisitFactory(session=session, visitor=kwame)
    VisitFactory(
        session=IntakeSessionFactory(neighborhood=eastside, status="closed"), visitor=other
    )
    page = phone_for_axe
    log_in(page, "cora@example.org")
    page.get_by_text("Menu", exact=True).click()
    page.get_by_role("link", name="Intake table").first.click()
    page.locator(".card__link").first.click()
    page.locator("#visit-list").get_by_role("link", name="Kwame").click()
    page.get_by_role("link", name="Merge with another record").click()
    page.get_by_label("Name or phone of the other record").fill("mensah")
    page.get_by_role("button", name="Search").click()
    assert violations(page) == []
    page.get_by_role("link", name="Merge Kwame Mensah into this record…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merge Kwame Mensah into Kwame?")
    assert violations(page) == []
    expect(page.get_by_text("1 visit of Kwame Mensah moves to Kwame.")).to_be_visible()
    page.get_by_role("button", name="Merge into Kwame").click()  # nothing chosen yet
    expect(page.get_by_text("Choose which one to keep.")).to_be_visible()
    assert violations(page) == []
    assert not VisitorMerge.objects.exists()
    page.get_by_role("radio", name="4").check()
    page.get_by_role("button", name="Merge into Kwame").click()
    expect(page.get_by_text("Merged: 1 visit moved to Kwame")).to_be_visible()
    kwame.refresh_from_db()
    assert (kwame.phone, kwame.household_size, kwame.visits.count()) == ("555 010 9988", 4, 2)
    assert Visitor.objects.get(pk=other.pk).merged_into_id == kwame.pk

"""Two volunteers at one table (issue 15, item 8): what one saves appears on the other's
open session page within a few seconds, while the other is half-way through typing a
visit, and what they typed stays as it was."""

from playwright.sync_api import expect

from members.models import Role
from mutualaid.models import NeedCategory
from tests.browser.conftest import PHONE
from tests.browser.test_intake_table import log_in
from tests.factories import MembershipFactory, NeighborhoodFactory, UserFactory
from tests.intake.factories import IntakeSessionFactory


def test_one_volunteers_save_appears_on_the_others_page_without_touching_their_form(
    transactional_db, browser, live_server, settings_secure_off
):
    eastside = NeighborhoodFactory(name="Eastside", slug="eastside")
    NeedCategory.ensure_defaults(eastside)
    for email, name in [("ana@example.org", "Ana"), ("ben@example.org", "Ben")]:
        user = UserFactory(email=email, display_name=name)
        MembershipFactory(user=user, neighborhood=eastside, role=Role.VOLUNTEER)
    session = IntakeSessionFactory(neighborhood=eastside, status="open")
    address = f"/n/eastside/intake/sessions/{session.pk}/"
    contexts = [
        browser.new_context(viewport=PHONE, base_url=live_server.url, is_mobile=True)
        for _ in range(2)
    ]
    try:
        ana, ben = (context.new_page() for context in contexts)
        for page, email in [(ana, "ana@example.org"), (ben, "ben@example.org")]:
            log_in(page, email)
            page.goto(address)
        # Ana is half-way through a visit: a name typed, a need ticked, the cursor in it.
        ana_name = ana.get_by_label("First name or nickname")
        ana_name.fill("Nadia")
        ana.locator("#id_needs label", has_text="Rent").click()
        ana_name.focus()
        # Ben saves a visit on his phone.
        ben.get_by_label("First name or nickname").fill("Bongani")
        ben.locator("#id_needs label", has_text="Groceries").click()
        ben.get_by_role("button", name="Save visit").click()
        expect(ben.locator("#save-status")).to_contain_text("Saved: Bongani")
        # Within a poll (every 5 s) Ana's list shows it, and her form is as she left it.
        expect(ana.locator("#visit-list")).to_contain_text("Bongani", timeout=12_000)
        expect(ana.locator("#visit-list")).to_contain_text("1 visit so far")
        expect(ana_name).to_have_value("Nadia")
        expect(ana_name).to_be_focused()
        expect(ana.get_by_role("checkbox", name="Rent", exact=False)).to_be_checked()
        # And Ana's own save lands once, beside Ben's.
        ana.get_by_role("button", name="Save visit").click()
        expect(ana.locator("#save-status")).to_contain_text("Saved: Nadia")
        expect(ben.locator("#visit-list")).to_contain_text("Nadia", timeout=12_000)
        expect(ben.locator("#visit-list")).to_contain_text("2 visits so far")
    finally:
        for context in contexts:
            context.close()

"""A coordinator erases a visitor's details from the visitor page, on a phone."""

from playwright.sync_api import expect

from intake.models import Visit, Visitor
from members.models import Role
from tests.factories import MembershipFactory, NeighborhoodFactory, UserFactory
from tests.intake.factories import IntakeSessionFactory, VisitFactory, VisitorFactory

from .test_intake_table import log_in


def test_a_coordinator_erases_a_visitor_and_the_visit_stays_counted(transactional_db, phone):
    eastside = NeighborhoodFactory(name="Eastside", slug="eastside")
    coordinator = UserFactory(email="cora@example.org", display_name="Cora Coordinator")
    MembershipFactory(user=coordinator, neighborhood=eastside, role=Role.COORDINATOR)
    visitor = VisitorFactory(neighborhood=eastside, first_name="Marisol", last_name="Ortega")
    VisitFactory(session=IntakeSessionFactory(neighborhood=eastside), visitor=visitor)
    page = phone

    log_in(page, "cora@example.org")
    page.goto(f"/n/eastside/intake/visitors/{visitor.pk}/")
    page.get_by_role("link", name="Erase this visitor's details").click()
    expect(page.get_by_text("It cannot be undone.")).to_be_visible()
    page.get_by_role("button", name="Erase the details now").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    page.get_by_label("I understand this erases").check()
    page.get_by_role("button", name="Erase the details now").click()
    expect(page.get_by_text("The visitor's details are erased")).to_be_visible()
    visitor = Visitor.objects.get(pk=visitor.pk)
    assert "Marisol" not in str(visitor) and Visit.objects.filter(visitor=visitor).count() == 1

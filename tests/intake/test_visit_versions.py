"""Two volunteers edit one visit: the second, stale save conflicts instead of silently
dropping the first one's note (issue 15, item 5)."""

import pytest
from django.test import Client
from django.urls import reverse

from .factories import VisitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def visit(session, categories):
    visit = VisitFactory(session=session, visitor__first_name="Grace")
    visit.visit_needs.create(category=categories["groceries"])
    return visit


def edit_url(visit):
    return reverse("intake_visit_edit", args=[visit.session.neighborhood.slug, visit.pk])


def form_data(visit, categories, **changes):
    data = {
        "first_name": "Grace",
        "visitor_version": visit.visitor.version,
        "visit_version": visit.version,
        "needs": [categories["groceries"].pk],
        "note": "",
    }
    return {**data, **changes}


def test_a_stale_visit_save_conflicts_shows_what_changed_and_keeps_what_was_typed(
    volunteer_client, world, visit, categories
):
    other = Client()
    other.force_login(world.coordinator)
    a_form = form_data(visit, categories, note="Landlord called, eviction notice")
    both = [categories["groceries"].pk, categories["rent-and-bills"].pk]
    b_form = form_data(visit, categories, needs=both)
    assert other.post(edit_url(visit), a_form).status_code == 302

    response = volunteer_client.post(edit_url(visit), b_form)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this visit while you were typing." in html
    assert "Landlord called, eviction notice" in html  # what was saved, shown
    assert "Groceries, Rent and bills" in html  # what B typed, kept
    visit.refresh_from_db()
    assert visit.note == "Landlord called, eviction notice"
    assert [vn.category.slug for vn in visit.visit_needs.all()] == ["groceries"]
    assert visit.version == 2
    assert f'name="visit_version" value="{visit.version}"' in html

    # A deliberate second save, with the note kept this time, goes through.
    b_form.update(visit_version=visit.version, note="Landlord called, eviction notice")
    assert volunteer_client.post(edit_url(visit), b_form).status_code == 302
    visit.refresh_from_db()
    assert visit.version == 3 and visit.note == "Landlord called, eviction notice"
    assert {vn.category.slug for vn in visit.visit_needs.all()} == {"groceries", "rent-and-bills"}


def test_a_save_that_changes_nothing_neither_conflicts_nor_bumps_the_version(
    volunteer_client, visit, categories
):
    stale = form_data(visit, categories, visit_version=visit.version - 1 or 99)
    assert volunteer_client.post(edit_url(visit), stale).status_code == 302
    visit.refresh_from_db()
    assert visit.version == 1

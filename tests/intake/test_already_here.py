"""A person already logged in this session is said to be, before they are logged twice;
the search result and the form show what they came with last time (issue 15, item 4)."""

import pytest
from django.urls import reverse

from intake.models import Visit

from .factories import IntakeSessionFactory, VisitFactory, VisitorFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def url(session, name="intake_session"):
    return reverse(name, args=[session.neighborhood.slug, session.pk])


def search(client, session, text):
    response = client.post(url(session, "intake_search"), {"q": text}, headers=HTMX)
    return response.content.decode()


@pytest.fixture
def grace(world, categories, session):
    grace = VisitorFactory(neighborhood=world.own, first_name="Grace", last_name="O'Brien")
    earlier = IntakeSessionFactory(neighborhood=world.own, status="closed")
    visit = VisitFactory(session=earlier, visitor=grace)
    visit.visit_needs.create(category=categories["groceries"])
    visit.visit_needs.create(category=categories["rent-and-bills"])
    return grace


def test_a_search_result_shows_the_last_visit_with_its_needs(volunteer_client, session, grace):
    html = search(volunteer_client, session, "grace")
    assert "Grace O&#x27;Brien" in html
    assert "last visit" in html and "Groceries, Rent and bills" in html
    assert "already here today" not in html


def test_a_visitor_logged_in_this_session_is_already_here_today(
    volunteer_client, session, grace, categories
):
    here = VisitFactory(session=session, visitor=grace)
    here.visit_needs.create(category=categories["medical"])
    assert "already here today" in search(volunteer_client, session, "grace")
    picked = volunteer_client.get(url(session), {"visitor": grace.pk}, headers=HTMX)
    html = picked.content.decode()
    assert "is already here today" in html and "Medical" in html
    edit = reverse("intake_visit_edit", args=[session.neighborhood.slug, here.pk])
    assert f'href="{edit}"' in html and "Open that visit instead" in html
    assert Visit.objects.filter(visitor=grace).count() == 2  # nothing logged by the look


def test_the_picked_form_lists_recent_visits_one_line_each(volunteer_client, session, grace):
    html = volunteer_client.get(url(session), {"visitor": grace.pk}).content.decode()
    recent = html[html.index('class="recent-visits"') :]
    recent = recent[: recent.index("</ul>")]
    assert recent.count("<li>") == 1 and "Groceries, Rent and bills" in recent
    assert "is already here today" not in html


def test_search_reads_the_last_visits_in_two_queries_whatever_the_results(
    volunteer_client, session, world, django_assert_num_queries
):
    for n in range(8):
        VisitFactory(session=session, visitor__neighborhood=world.own, visitor__first_name=f"Gr{n}")
    search(volunteer_client, session, "gr")
    # The session, person and roles come from the session cache (warm after the first
    # search). Then: the intake session (with the choices stamp), the similarity setting, the
    # visitors, their last visits, those visits' needs, and the access log's one INSERT.
    with django_assert_num_queries(6):
        html = search(volunteer_client, session, "gr")
    assert html.count("already here today") == 8

"""The summary, the closed session, the visitor page and the CSV say what a person
needs to know (issue 15, item 9)."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from .factories import VisitFactory, VisitorFactory

pytestmark = pytest.mark.django_db


def test_the_summary_separates_done_follow_ups_from_due_ones(coordinator_client, session):
    due = timezone.localdate() + timezone.timedelta(days=3)
    VisitFactory(session=session, follow_up="Call about the rent", follow_up_due=due)
    VisitFactory(
        session=session,
        follow_up="Bring a winter coat",
        follow_up_due=due,
        follow_up_done_at=timezone.now(),
    )
    html = coordinator_client.get(
        reverse("intake_session_summary", args=[session.neighborhood.slug, session.pk])
    ).content.decode()
    due_part = html[html.index('id="follow-ups-due"') : html.index('id="follow-ups-done"')]
    done_part = html[html.index('id="follow-ups-done"') :]
    assert "1 due" in due_part and "Call about the rent" in due_part
    assert "Bring a winter coat" not in due_part
    assert "1 done" in done_part and "Bring a winter coat" in done_part


def test_a_closed_session_shows_volunteers_no_edit_links_and_says_why(
    volunteer_client, session, world
):
    visit = VisitFactory(session=session)
    session.close()
    url = reverse("intake_session", args=[session.neighborhood.slug, session.pk])
    edit = reverse("intake_visit_edit", args=[session.neighborhood.slug, visit.pk])
    html = volunteer_client.get(url).content.decode()
    assert edit not in html
    assert "only a coordinator can change its visits" in html
    coordinator = Client()
    coordinator.force_login(world.coordinator)
    assert edit in coordinator.get(url).content.decode()


def test_the_visitor_page_shows_each_visits_needs(volunteer_client, session, world, categories):
    visitor = VisitorFactory(neighborhood=world.own, first_name="Grace")
    visit = VisitFactory(session=session, visitor=visitor)
    visit.visit_needs.create(category=categories["groceries"])
    visit.visit_needs.create(category=categories["medical"])
    html = volunteer_client.get(
        reverse("intake_visitor", args=[world.own.slug, visitor.pk])
    ).content.decode()
    assert "Groceries, Medical" in html or "Medical, Groceries" in html


def test_the_csv_has_the_date_household_size_and_languages(coordinator_client, session, world):
    visitor = VisitorFactory(
        neighborhood=world.own, first_name="Grace", household_size=4, languages="Twi, English"
    )
    VisitFactory(session=session, visitor=visitor)
    response = coordinator_client.get(
        reverse("intake_session_csv", args=[session.neighborhood.slug, session.pk])
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0]["date"] == session.date.isoformat()
    assert rows[0]["household size"] == "4"
    assert rows[0]["languages"] == "Twi, English"

"""Coordinators: open and close sessions, the close-out summary and its charts, the CSV
export, follow-ups; and the next session on the neighborhood home."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intake.models import AccessLog, IntakeSession
from tests.factories import UserFactory

from .factories import IntakeSessionFactory, VisitFactory

pytestmark = pytest.mark.django_db


def test_a_coordinator_opens_todays_session(coordinator_client, coordinator, world):
    url = reverse("intake_session_new", args=[world.own.slug])
    today = timezone.localdate()
    data = {"date": today, "starts_at": "10:00", "ends_at": "13:00", "place": "Hall"}
    response = coordinator_client.post(url, data)
    session = IntakeSession.objects.get()
    assert response.url == reverse("intake_session", args=[world.own.slug, session.pk])
    assert session.status == IntakeSession.Status.OPEN
    assert list(session.staffed_by.all()) == [coordinator]


def test_a_later_session_is_planned_and_shows_on_the_neighborhood_home(client, world):
    coordinator_client = Client()
    coordinator_client.force_login(world.coordinator)
    url = reverse("intake_session_new", args=[world.own.slug])
    later = timezone.localdate() + datetime.timedelta(days=9)
    data = {"date": later, "starts_at": "10:00", "ends_at": "12:30", "place": "Library annex"}
    coordinator_client.post(url, data)
    assert IntakeSession.objects.get().status == IntakeSession.Status.PLANNED
    client.force_login(world.member)
    home = client.get(reverse("neighborhood_home", args=[world.own.slug]))
    assert "Library annex" in home.content.decode()
    assert "12:30" in home.content.decode()


def test_a_session_ending_before_it_starts_is_refused_with_the_input_kept(
    coordinator_client, world
):
    url = reverse("intake_session_new", args=[world.own.slug])
    data = {"date": "2030-05-04", "starts_at": "13:00", "ends_at": "10:00", "place": "Kept hall"}
    response = coordinator_client.post(url, data)
    assert response.status_code == 400
    assert "The end must come after the start." in response.content.decode()
    assert 'value="Kept hall"' in response.content.decode()


def test_closing_a_session_leads_to_its_summary(coordinator_client, session):
    url = reverse("intake_session_status", args=[session.neighborhood.slug, session.pk])
    response = coordinator_client.post(url, {"status": "closed", "confirmed": "True"})
    session.refresh_from_db()
    assert session.status == IntakeSession.Status.CLOSED and session.closed_at
    assert response.url.endswith("/summary/")
    summary = coordinator_client.get(response.url).content.decode()
    assert "The session is closed. You can open it again from its page." in summary


def test_closing_asks_first_and_says_what_happens(coordinator_client, session):
    VisitFactory(session=session)
    VisitFactory(session=session)
    page = reverse("intake_session", args=[session.neighborhood.slug, session.pk])
    url = reverse("intake_session_status", args=[session.neighborhood.slug, session.pk])
    assert f'href="{url}"' in coordinator_client.get(page).content.decode()
    question = coordinator_client.get(url).content.decode()
    assert "Close the session?" in question
    assert "The 2 visits logged stay, and count in the summary." in question
    assert "Volunteers can no longer log or change visits at this table" in question
    assert f'href="{page}"' in question  # the way back changes nothing
    # A form drawn before the question existed posts without "confirmed": asked too.
    unasked = coordinator_client.post(url, {"status": "closed"})
    assert unasked.status_code == 200 and "Close the session?" in unasked.content.decode()
    session.refresh_from_db()
    assert session.is_open
    # The question's own button closes it.
    confirmed = coordinator_client.post(url, {"status": "closed", "confirmed": "True"})
    session.refresh_from_db()
    assert confirmed.status_code == 302 and not session.is_open


def test_a_closed_session_opens_again_without_a_question(coordinator_client, session):
    session.close()
    url = reverse("intake_session_status", args=[session.neighborhood.slug, session.pk])
    assert coordinator_client.get(url).url.endswith("/summary/")  # nothing to ask
    response = coordinator_client.post(url, {"status": "open"})
    session.refresh_from_db()
    assert session.is_open and response.url.endswith(f"/sessions/{session.pk}/")
    page = coordinator_client.get(response.url).content.decode()
    assert "The session is open again." in page


def test_the_summary_counts_people_needs_and_draws_svg_charts(
    coordinator_client, session, categories, world
):
    first = VisitFactory(session=session, is_first_visit=True, follow_up="Call about rent")
    first.follow_up_due = session.date
    first.save()
    first.visit_needs.create(category=categories["groceries"])
    again = VisitFactory(session=session)
    again.visit_needs.create(category=categories["groceries"])
    again.visit_needs.create(category=categories["housing"])
    earlier = IntakeSessionFactory(
        neighborhood=world.own, date=session.date - datetime.timedelta(days=14)
    )
    VisitFactory(session=earlier)
    url = reverse("intake_session_summary", args=[world.own.slug, session.pk])
    html = coordinator_client.get(url).content.decode()
    assert html.count("<svg") == 2 and "<script" not in html.split("<main")[1]
    assert html.count('class="chart__bar"') == 2 + 2  # two categories, two sessions
    assert "Call about rent" in html
    assert AccessLog.objects.filter(visit_id=first.pk, action="view").exists()
    assert ">Groceries<" in html and ">2<" in html


def test_the_csv_export_neutralizes_formulas(coordinator_client, session, world):
    VisitFactory(session=session, visitor__first_name="=HYPERLINK(1)", follow_up="@SUM(A1)")
    VisitFactory(session=session, visitor__first_name="+cmd", visitor__last_name="-2+3")
    url = reverse("intake_session_csv", args=[world.own.slug, session.pk])
    response = coordinator_client.get(url)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    cells = [cell for row in rows[1:] for cell in row]
    # defusedcsv leaves plain numbers (-2) alone: they are not formulas.
    assert not any(cell[:1] in {"=", "+", "-", "@"} for cell in cells)
    assert "'-2+3" in cells
    assert "'=HYPERLINK(1)" in cells and "'@SUM(A1)" in cells


def test_follow_ups_are_listed_due_overdue_and_done(volunteer_client, session, world):
    today = timezone.localdate()
    due = VisitFactory(
        session=session, follow_up="Due soon", follow_up_due=today + datetime.timedelta(days=3)
    )
    VisitFactory(
        session=session, follow_up="Long overdue", follow_up_due=today - datetime.timedelta(days=3)
    )
    url = reverse("intake_followups", args=[world.own.slug])
    html = volunteer_client.get(url).content.decode()
    assert "Due soon" in html and "Long overdue" in html
    overdue = volunteer_client.get(url, {"show": "overdue"}).content.decode()
    assert "Long overdue" in overdue and "Due soon" not in overdue
    done_url = reverse("intake_follow_up_done", args=[world.own.slug, due.pk])
    volunteer_client.post(done_url)
    assert "Due soon" in volunteer_client.get(url, {"show": "done"}).content.decode()
    assert "Due soon" not in volunteer_client.get(url).content.decode()


def test_a_bad_follow_up_filter_shows_the_due_list(volunteer_client, world):
    url = reverse("intake_followups", args=[world.own.slug])
    assert volunteer_client.get(url, {"show": "<script>"}).status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_the_summary_query_count_is_flat(
    coordinator_client, session, categories, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        visit = VisitFactory(
            session=session,
            follow_up="Call",
            follow_up_due=session.date,
            follow_up_owner=UserFactory(),
        )
        visit.visit_needs.create(category=categories["medical"])
    url = reverse("intake_session_summary", args=[session.neighborhood.slug, session.pk])
    with django_assert_max_num_queries(9):
        assert coordinator_client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_the_follow_ups_and_visitor_pages_query_counts_are_flat(
    volunteer_client, session, world, rows, django_assert_max_num_queries
):
    visitor = VisitFactory(session=session).visitor
    for _ in range(rows):
        VisitFactory(
            session=session,
            visitor=visitor,
            follow_up="Call",
            follow_up_due=session.date,
            follow_up_owner=UserFactory(),
        )
    with django_assert_max_num_queries(5):
        assert (
            volunteer_client.get(reverse("intake_followups", args=[world.own.slug])).status_code
            == 200
        )
    # One more than before issue 15: the needs of the visits listed.
    with django_assert_max_num_queries(8):
        url = reverse("intake_visitor", args=[world.own.slug, visitor.pk])
        assert volunteer_client.get(url).status_code == 200

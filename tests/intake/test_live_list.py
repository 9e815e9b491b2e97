"""The live session list (issue 15, item 8): every open session page asks every few
seconds whether anything changed; unchanged is a 204 in one query, changed is the
list swapped out of band (the form being filled is never in the answer)."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from intake import actions
from intake.models import IntakeSession, Visit

from .factories import VisitFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
POLLER = re.compile(r'hx-get="([^"]+/visits/since/\?stamp=([0-9-]+))" hx-trigger="every 5s"')


def page_url(session):
    return reverse("intake_session", args=[session.neighborhood.slug, session.pk])


def since_url(session):
    return reverse("intake_visits_since", args=[session.neighborhood.slug, session.pk])


def stamp_on_page(client, session) -> str:
    found = POLLER.search(client.get(page_url(session)).content.decode())
    assert found, "the session page polls for changes"
    return found.group(2)


def poll(client, session, stamp):
    return client.get(since_url(session), {"stamp": stamp}, headers=HTMX)


def save_visit(client, session, name, categories):
    data = {
        "submission_key": str(uuid.uuid4()),
        "first_name": name,
        "needs": [categories["groceries"].pk],
    }
    return client.post(page_url(session), data, headers=HTMX)


def test_nothing_new_is_a_204_in_one_query(volunteer_client, session, django_assert_num_queries):
    VisitFactory(session=session)
    stamp = stamp_on_page(volunteer_client, session)
    poll(volunteer_client, session, stamp)  # warm-up: the signed-in snapshot is cached
    with django_assert_num_queries(1):  # the session's stamp
        response = poll(volunteer_client, session, stamp)
    assert response.status_code == 204 and response.content == b""


def test_another_volunteers_save_comes_as_the_list_out_of_band(
    volunteer_client, session, categories, world
):
    stamp = stamp_on_page(volunteer_client, session)
    coordinator_client = Client()  # a second person, at the same table
    coordinator_client.force_login(world.coordinator)
    save_visit(coordinator_client, session, "Wanjiru", categories)
    response = poll(volunteer_client, session, stamp)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="visit-list" aria-labelledby="visits-heading" hx-swap-oob="true"' in html
    assert "Wanjiru" in html and "1 visit so far" in html
    assert 'id="intake-form"' not in html  # the form being filled is left alone
    new_stamp = POLLER.search(html).group(2)
    assert new_stamp != stamp
    assert poll(volunteer_client, session, new_stamp).status_code == 204


def test_an_edited_visit_changes_the_stamp(volunteer_client, session, world):
    visit = VisitFactory(session=session)
    stamp = stamp_on_page(volunteer_client, session)
    actions.finish_follow_up(visit=visit, by=world.volunteer)
    assert poll(volunteer_client, session, stamp).status_code == 200


def test_the_page_and_the_poll_agree_on_the_stamp(volunteer_client, session):
    VisitFactory.create_batch(3, session=session)
    stamp = stamp_on_page(volunteer_client, session)
    assert stamp == IntakeSession.objects.visits_stamp_of(session.neighborhood, session.pk)
    assert stamp.startswith("3-")


def test_an_empty_session_polls_too(volunteer_client, session):
    stamp = stamp_on_page(volunteer_client, session)
    assert stamp == "0-0"
    assert poll(volunteer_client, session, stamp).status_code == 204


@pytest.mark.parametrize("rows", [1, 30])
def test_a_changed_list_costs_the_same_at_1_and_30_rows(
    volunteer_client, session, rows, django_assert_num_queries
):
    VisitFactory.create_batch(rows, session=session, visitor__first_name="Liverow")
    poll(volunteer_client, session, "stale")  # warm-up
    with django_assert_num_queries(5):
        # the stamp; the session; the page of visits; their needs; the access log
        html = poll(volunteer_client, session, "stale").content.decode()
    assert html.count("Liverow") == min(rows, 25)


def test_older_pages_do_not_poll(volunteer_client, session):
    VisitFactory.create_batch(30, session=session)
    html = volunteer_client.get(page_url(session)).content.decode()
    older = re.search(r'\?older=([^"#]+)', html).group(1)
    html = volunteer_client.get(page_url(session), {"older": older}).content.decode()
    assert not POLLER.search(html)


def test_another_neighborhoods_session_is_not_found(client, world, session):
    client.force_login(world.other_coordinator)
    assert poll(client, session, "0-0").status_code == 404


def test_without_htmx_the_address_is_the_session_page(volunteer_client, session):
    VisitFactory(session=session, visitor__first_name="Plainrow")
    response = volunteer_client.get(since_url(session), {"stamp": "0-0"})
    html = response.content.decode()
    assert response.status_code == 200 and "<!doctype html>" in html.lower()
    assert "Plainrow" in html
    assert Visit.objects.count() == 1

"""The access log records real reads: the session list once per visit and person, not
every render; coordinators read it neighborhood-wide by person and day (issue 15, item 9)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intake.models import AccessLog

from .factories import VisitFactory

pytestmark = pytest.mark.django_db


def session_url(session):
    return reverse("intake_session", args=[session.neighborhood.slug, session.pk])


def test_the_session_list_logs_each_visit_once_per_person_however_often_drawn(
    volunteer_client, session, world
):
    visits = [VisitFactory(session=session) for _ in range(3)]
    for _ in range(4):
        volunteer_client.get(session_url(session))
    views = AccessLog.objects.filter(user=world.volunteer, action="view", visit_id__isnull=False)
    assert views.count() == 3
    VisitFactory(session=session)  # a new row: logged when first shown
    volunteer_client.get(session_url(session))
    assert views.count() == 4
    other = Client()
    other.force_login(world.coordinator)
    other.get(session_url(session))  # another person: their own reads
    assert AccessLog.objects.filter(user=world.coordinator, action="view").count() == 4
    assert {v.pk for v in visits} <= set(views.values_list("visit_id", flat=True))


def test_opening_a_visitor_record_is_logged_every_time(volunteer_client, session, world):
    visit = VisitFactory(session=session)
    url = reverse("intake_visitor", args=[world.own.slug, visit.visitor_id])
    volunteer_client.get(url)
    volunteer_client.get(url)
    assert (
        AccessLog.objects.filter(visitor_id=visit.visitor_id, visit_id=None, action="view").count()
        == 2
    )
    # The visits the record lists: logged at the first opening only.
    assert AccessLog.objects.filter(visit_id=visit.pk, action="view").count() == 1


def log_url(world, **params):
    return reverse("intake_access_log", args=[world.own.slug]), params


def test_a_coordinator_reads_the_log_by_person_and_day(coordinator_client, session, world):
    visit = VisitFactory(session=session, visitor__first_name="Grace")
    AccessLog.record(user=world.volunteer, action="view", visitors=[visit.visitor])
    AccessLog.record(user=world.coordinator, action="change", visitors=[visit.visitor])
    url, _ = log_url(world)
    everyone = coordinator_client.get(url).content.decode()
    assert everyone.count("<tr><td>") == 2 and "Grace" in everyone
    by_volunteer = coordinator_client.get(url, {"person": world.volunteer.pk}).content.decode()
    assert by_volunteer.count("<tr><td>") == 1 and "viewed" in by_volunteer
    today = timezone.localdate(timezone=world.own.zone)
    assert (
        coordinator_client.get(url, {"day": today.isoformat()}).content.decode().count("<tr><td>")
        == 2
    )
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    empty = coordinator_client.get(url, {"day": yesterday}).content.decode()
    assert "Nothing read or changed for this choice." in empty


@pytest.mark.parametrize("params", [{"day": "not a day"}, {"person": "x"}, {"day": "1200-01-01"}])
def test_bad_filters_say_so_by_the_field_and_show_everything(coordinator_client, world, params):
    url, _ = log_url(world)
    response = coordinator_client.get(url, params)
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()


def test_the_access_log_is_linked_from_the_sessions_page(coordinator_client, world):
    html = coordinator_client.get(reverse("intake_sessions", args=[world.own.slug])).content
    assert reverse("intake_access_log", args=[world.own.slug]).encode() in html


@pytest.mark.parametrize("rows", [1, 30])
def test_the_access_log_query_count_is_flat(
    coordinator_client, session, world, rows, django_assert_num_queries
):
    for _ in range(rows):
        visit = VisitFactory(session=session)
        AccessLog.record(user=world.volunteer, action="view", visitors=[visit.visitor])
    url, _ = log_url(world)
    coordinator_client.get(url)  # warm: the session, person and roles are then cached
    # Who can be chosen and the entries with people and visitors.
    with django_assert_num_queries(2):
        response = coordinator_client.get(url)
    assert response.content.decode().count("<tr><td>") == rows

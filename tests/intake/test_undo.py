"""Undo beside Save (issue 15, item 2): for two minutes, the volunteer who saved a visit
can take it back, with htmx or as a plain form post; the trail keeps it, the needs it
put on the board are withdrawn and the first-visit marks are worked out again."""

import datetime
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from intake.models import AccessLog, Visit, Visitor
from mutualaid.models import ResourceRequest

from .factories import IntakeSessionFactory, VisitFactory, VisitorFactory

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def page_url(session):
    return reverse("intake_session", args=[session.neighborhood.slug, session.pk])


def undo_url(visit):
    return reverse("intake_visit_undo", args=[visit.session.neighborhood.slug, visit.pk])


def save(client, session, categories, headers=None, **extra):
    data = {
        "submission_key": str(uuid.uuid4()),
        "first_name": "Grace",
        "needs": [categories["groceries"].pk],
        **extra,
    }
    return client.post(page_url(session), data, headers=headers or {}), data


def test_an_htmx_save_shows_the_new_row_and_an_undo_beside_save(
    volunteer_client, session, categories
):
    response, _ = save(volunteer_client, session, categories, headers=HTMX)
    html = response.content.decode()
    visit = Visit.objects.get()
    assert "Saved: Grace, Groceries" in html
    assert 'aria-label="Just saved"' in html and "Groceries</span>" in html
    assert f'hx-post="{undo_url(visit)}"' in html and f'formaction="{undo_url(visit)}"' in html
    # the row stands beside Save: inside the form, before the button
    assert html.index("Just saved") < html.index("Save visit") < html.index('id="visit-list"')


def test_undo_with_htmx_removes_the_visit_and_the_new_visitor_with_a_trail(
    volunteer_client, session, categories, world
):
    save(volunteer_client, session, categories, headers=HTMX)
    visit = Visit.objects.get()
    response = volunteer_client.post(undo_url(visit), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Undone: the visit of Grace is removed." in html
    assert 'id="visit-list"' in html and "0 visits so far" in html
    assert not Visit.objects.exists() and not Visitor.objects.exists()
    trail = AccessLog.objects.filter(action="remove", visit_id=visit.pk)
    assert list(trail.values_list("user", flat=True)) == [world.volunteer.pk]


def test_undo_without_javascript_is_a_plain_post_and_the_page_says_so(
    volunteer_client, session, categories
):
    response, _ = save(volunteer_client, session, categories)
    assert response.status_code == 302
    page = volunteer_client.get(response["Location"]).content.decode()
    visit = Visit.objects.get()
    assert "Saved: Grace, Groceries" in page and f'formaction="{undo_url(visit)}"' in page
    response = volunteer_client.post(undo_url(visit), follow=True)
    assert "Undone: the visit of Grace is removed." in response.content.decode()
    assert not Visit.objects.exists()


def test_undoing_a_returning_visitors_visit_keeps_them_and_recomputes_marks(
    volunteer_client, session, categories, world
):
    grace = VisitorFactory(neighborhood=world.own, first_name="Grace")
    earlier = IntakeSessionFactory(
        neighborhood=world.own, date=session.date - datetime.timedelta(days=7), status="closed"
    )
    first = VisitFactory(session=earlier, visitor=grace, is_first_visit=True)
    Visitor.objects.filter(pk=grace.pk).update(last_visit_on=earlier.date)
    save(volunteer_client, session, categories, headers=HTMX, visitor=grace.pk, visitor_version=1)
    visit = Visit.objects.get(session=session)
    assert Visitor.objects.get(pk=grace.pk).last_visit_on == session.date
    volunteer_client.post(undo_url(visit), headers=HTMX)
    grace.refresh_from_db()
    assert list(grace.visits.all()) == [first] and grace.last_visit_on == earlier.date
    assert Visit.objects.get(pk=first.pk).is_first_visit


def test_undo_withdraws_the_need_it_put_on_the_board(volunteer_client, session, categories):
    groceries = categories["groceries"].pk
    save(volunteer_client, session, categories, headers=HTMX, shared=[groceries])
    need = ResourceRequest.objects.get()
    assert need.status == "open"
    volunteer_client.post(undo_url(Visit.objects.get()), headers=HTMX)
    need.refresh_from_db()
    assert need.status == "closed"


def test_undo_is_refused_after_two_minutes(volunteer_client, session, categories):
    save(volunteer_client, session, categories, headers=HTMX)
    visit = Visit.objects.get()
    Visit.objects.filter(pk=visit.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    html = volunteer_client.post(undo_url(visit), headers=HTMX).content.decode()
    assert "Too late to undo that visit" in html
    assert Visit.objects.filter(pk=visit.pk).exists()
    page = volunteer_client.get(page_url(session), {"saved": visit.pk}).content.decode()
    assert undo_url(visit) not in page  # no undo offered once the time is up


def test_only_who_saved_it_can_undo(volunteer_client, session, categories, world):
    save(volunteer_client, session, categories, headers=HTMX)
    visit = Visit.objects.get()
    coordinator_client = Client()
    coordinator_client.force_login(world.coordinator)
    html = coordinator_client.post(undo_url(visit), headers=HTMX).content.decode()
    assert "Too late to undo that visit" in html
    assert Visit.objects.exists()
    page = coordinator_client.get(page_url(session), {"saved": visit.pk}).content.decode()
    assert undo_url(visit) not in page


def test_a_resend_of_an_undone_save_saves_nothing_and_says_so(
    volunteer_client, session, categories
):
    _, data = save(volunteer_client, session, categories, headers=HTMX)
    volunteer_client.post(undo_url(Visit.objects.get()), headers=HTMX)
    response = volunteer_client.post(page_url(session), data, headers=HTMX)
    assert response.status_code == 200
    assert "That visit was undone: nothing saved." in response.content.decode()
    assert not Visit.objects.exists()


def test_a_visit_of_another_neighborhood_cannot_be_undone(client, world, session):
    other_session = IntakeSessionFactory(neighborhood=world.other)
    visit = VisitFactory(session=other_session, logged_by=world.volunteer)
    client.force_login(world.volunteer)
    url = reverse("intake_visit_undo", args=[world.own.slug, visit.pk])
    assert client.post(url).status_code == 404
    assert Visit.objects.filter(pk=visit.pk).exists()

"""Canary strings: no page or partial a member, or another neighborhood's coordinator,
can reach shows a visitor's private details; none reach the application logs either."""

import logging
import uuid

import pytest
from django.test import Client
from django.urls import reverse

from intake.actions import record_visit
from intake.forms import NewVisitForm
from members.models import Role
from mutualaid.models import ResourceRequest
from tests.factories import MembershipFactory, UserFactory
from tests.test_permission_matrix import ROWS

from .factories import VisitorFactory

pytestmark = pytest.mark.django_db

CANARIES = ["CanaryFirst7f3", "CanaryLast9b1", "555 271 8281", "CanaryNote4d2", "CanaryFollow8e"]


@pytest.fixture
def canary_visit(world, session, categories):
    groceries = categories["groceries"]
    form = NewVisitForm(
        {
            "submission_key": str(uuid.uuid4()),
            "first_name": CANARIES[0],
            "last_name": CANARIES[1],
            "phone": CANARIES[2],
            "note": CANARIES[3],
            "follow_up": CANARIES[4],
            "follow_up_due": "2030-01-01",
            "needs": [groceries.pk],
            "shared": [groceries.pk],
            "public_summary": "Groceries for a family",
        },
        neighborhood=world.own,
    )
    assert form.is_valid(), form.errors
    return record_visit(session=session, data=form.cleaned_data, by=world.volunteer)


def urls_for(world, visit):
    """Every intake URL, pointed at the canary's own session, visit and visitor."""
    kwargs = {
        "intake_session": visit.session_id,
        "intake_search": visit.session_id,
        "intake_roster": visit.session_id,
        "intake_session_summary": visit.session_id,
        "intake_session_status": visit.session_id,
        "intake_session_csv": visit.session_id,
        "intake_session_sign_in_sheet": visit.session_id,
        "intake_visit_edit": visit.pk,
        "intake_visitor": visit.visitor_id,
        "intake_visitor_log": visit.visitor_id,
        "intake_visitor_erase": visit.visitor_id,
        "intake_merge": visit.visitor_id,
        "intake_visits_since": visit.session_id,
    }
    names = {row.url_name for row in ROWS if row.method == "get"}
    urls = []
    for name in sorted(names):
        pk = kwargs.get(name)
        if name == "intake_merge_confirm":  # the canary and another record of the table
            other = VisitorFactory(neighborhood=world.own)
            urls.append(reverse(name, args=[world.own.slug, visit.visitor_id, other.pk]))
            urls.append(reverse(name, args=[world.own.slug, other.pk, visit.visitor_id]))
        elif name.startswith("intake_"):
            args = [world.own.slug, pk] if pk else [world.own.slug]
            urls.append(reverse(name, args=args) + ("?stamp=stale" if "since" in name else ""))
    urls.append(
        reverse("intake_session", args=[world.own.slug, visit.session_id])
        + f"?visitor={visit.visitor_id}"
    )
    urls.append(reverse("neighborhood_home", args=[world.own.slug]))
    urls.append(reverse("home"))
    return urls


@pytest.mark.parametrize("who", ["member", "other_coordinator"])
def test_no_member_or_outsider_page_shows_a_canary(world, canary_visit, who):
    client = Client()
    client.force_login(getattr(world, who))
    for url in urls_for(world, canary_visit):
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(url, headers=headers, follow=True)
            body = response.content.decode()
            for canary in CANARIES:
                assert canary not in body, f"{canary} leaked at {url} to {who}"
    search = reverse("intake_search", args=[world.own.slug, canary_visit.session_id])
    merge_search = reverse("intake_merge", args=[world.own.slug, canary_visit.visitor_id])
    for url in (search, merge_search):
        for headers in ({}, {"HX-Request": "true"}):
            body = client.post(url, {"q": "canary"}, headers=headers).content.decode()
            assert not any(canary in body for canary in CANARIES)


def test_the_volunteer_does_see_the_canaries_so_the_test_can_fail(world, canary_visit):
    client = Client()
    client.force_login(world.volunteer)
    url = reverse("intake_session", args=[world.own.slug, canary_visit.session_id])
    assert CANARIES[0] in client.get(url).content.decode()


def test_the_shared_request_carries_no_canary(canary_visit):
    request = ResourceRequest.objects.get()
    text = " ".join([request.public_summary, request.private_details])
    assert not any(canary in text for canary in CANARIES)


def test_a_member_promoted_from_nothing_sees_nothing_of_another_neighborhood(world, canary_visit):
    stranger = UserFactory()
    MembershipFactory(user=stranger, neighborhood=world.other, role=Role.VOLUNTEER)
    client = Client()
    client.force_login(stranger)
    url = reverse("intake_visitor", args=[world.own.slug, canary_visit.visitor_id])
    assert client.get(url).status_code == 404


def test_saving_and_viewing_visits_logs_no_personal_details(
    world, session, volunteer_client, caplog
):
    caplog.set_level(logging.DEBUG)
    url = reverse("intake_session", args=[world.own.slug, session.pk])
    volunteer_client.post(
        url,
        {"submission_key": str(uuid.uuid4()), "first_name": CANARIES[0], "phone": "12"},
    )
    volunteer_client.post(
        url,
        {"submission_key": str(uuid.uuid4()), "first_name": CANARIES[0], "note": CANARIES[3]},
    )
    volunteer_client.get(url)
    for canary in CANARIES:
        assert canary not in caplog.text

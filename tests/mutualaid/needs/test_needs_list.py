"""The coordinator's list of every need: filters, search, paging, query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mutualaid.actions import needs as actions
from mutualaid.models import ResourceRequest

from .factories import NeedCategoryFactory, NeedFactory, claimed_need, closed_need

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def list_url(world, **query) -> str:
    url = reverse("needs_list", kwargs={"slug": world.own.slug})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def shown(response) -> list[str]:
    return [need.public_summary for need in response.context["needs"]]


def aged(need, days: int):
    ResourceRequest.objects.filter(pk=need.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    return need


def test_the_list_shows_needs_of_every_status(coordinator_client, world):
    NeedFactory(neighborhood=world.own, public_summary="Open one")
    claimed_need(world.member, neighborhood=world.own, public_summary="Claimed one")
    closed_need(world.coordinator, neighborhood=world.own, public_summary="Closed one")
    NeedFactory(neighborhood=world.other, public_summary="Westside's")

    response = coordinator_client.get(list_url(world))

    assert sorted(shown(response)) == ["Claimed one", "Closed one", "Open one"]


@pytest.mark.parametrize("status", ["open", "claimed", "fulfilled", "closed"])
def test_the_status_filter_shows_only_that_status(coordinator_client, world, status):
    NeedFactory(neighborhood=world.own, public_summary="open")
    claimed_need(world.member, neighborhood=world.own, public_summary="claimed")
    fulfilled = claimed_need(world.member, neighborhood=world.own, public_summary="fulfilled")
    actions.fulfil_need(need=fulfilled, member=world.member)
    closed_need(world.coordinator, neighborhood=world.own, public_summary="closed")

    assert shown(coordinator_client.get(list_url(world, status=status))) == [status]


def test_waiting_shows_claimed_needs_nobody_connected_yet(coordinator_client, world):
    claimed_need(world.member, neighborhood=world.own, public_summary="Waiting")
    connected = claimed_need(world.member, neighborhood=world.own, public_summary="Connected")
    actions.connect_claimant(need=connected, by=world.coordinator, shared_contact="Ana, 555")

    page = coordinator_client.get(list_url(world, status="claimed", waiting="on"))

    assert shown(page) == ["Waiting"]
    assert "Waiting for you to connect the helper" in page.content.decode()


@pytest.mark.parametrize(
    ("age", "expected"), [("week", ["3 days"]), ("two-weeks", ["10 days"]), ("older", ["20 days"])]
)
def test_the_age_filter_reaches_needs_7_to_14_days_old_too(
    coordinator_client, world, age, expected
):
    for days in (3, 10, 20):
        aged(NeedFactory(neighborhood=world.own, public_summary=f"{days} days"), days)

    assert shown(coordinator_client.get(list_url(world, age=age))) == expected


def test_the_category_filter(coordinator_client, world):
    rent = NeedCategoryFactory(neighborhood=world.own, slug="rent-and-bills", name="Rent and bills")
    NeedFactory(neighborhood=world.own, category=rent, public_summary="Rent help")
    NeedFactory(neighborhood=world.own, public_summary="Groceries help")

    assert shown(coordinator_client.get(list_url(world, category=rent.pk))) == ["Rent help"]


def test_search_finds_words_in_the_public_summary_never_the_private_details(
    coordinator_client, world
):
    NeedFactory(neighborhood=world.own, public_summary="A ride to the clinic on Thursday")
    NeedFactory(
        neighborhood=world.own, public_summary="Groceries", private_details="clinic address"
    )

    assert shown(coordinator_client.get(list_url(world, q="Clinic thursday"))) == [
        "A ride to the clinic on Thursday"
    ]


def test_bad_filters_are_shown_and_the_list_still_answers(coordinator_client, world):
    NeedFactory(neighborhood=world.own, public_summary="Still listed")

    response = coordinator_client.get(list_url(world, status="bored", category="x", after="junk"))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert shown(response) == ["Still listed"]


def test_each_row_links_to_the_need_page_where_it_is_connected(coordinator_client, world):
    need = claimed_need(world.member, neighborhood=world.own)

    page = coordinator_client.get(list_url(world)).content.decode()

    assert reverse("needs_manage", kwargs={"slug": "eastside", "pk": need.pk}) in page


def test_more_pages_are_read_by_cursor_with_the_filters_kept(coordinator_client, world):
    for number in range(25):
        aged(NeedFactory(neighborhood=world.own, public_summary=f"Need {number:02}"), number)

    first = coordinator_client.get(list_url(world, q="Need"))
    assert len(first.context["needs"]) == 20 and first.context["next_cursor"]
    rest = coordinator_client.get(
        list_url(world, q="Need", after=first.context["next_cursor"]), **HTMX
    )

    body = rest.content.decode()
    assert all(f"Need {n}" in body for n in range(20, 25))
    assert "Need 19" not in body and "<!doctype" not in body.lower()


def test_an_htmx_filter_swaps_the_filters_and_results_only(coordinator_client, world):
    response = coordinator_client.get(list_url(world, status="open"), **HTMX)
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="needs-list">') and "<h1>" not in body


@pytest.mark.parametrize("rows", [1, 30])
def test_the_list_runs_the_same_queries_at_1_and_30_rows(
    coordinator_client, world, django_assert_num_queries, rows
):
    for _ in range(rows):
        claimed_need(world.member, neighborhood=world.own)
    # The category list is remembered per process; the session, person and roles are
    # kept in the session cache (members/signed_in.py).
    coordinator_client.get(list_url(world))
    # the neighborhood, the page of needs
    with django_assert_num_queries(2):
        response = coordinator_client.get(list_url(world, status="claimed"))
    assert len(response.context["needs"]) == min(rows, 20)

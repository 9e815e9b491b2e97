"""The open-needs board: cards, filters in the URL (with and without htmx), load more."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mutualaid.models import ResourceRequest
from mutualaid.views.needs import PAGE_SIZE

from .factories import NeedCategoryFactory, NeedFactory, OfferFactory, claimed_need

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def board_url(world) -> str:
    return reverse("needs_board", kwargs={"slug": world.own.slug})


def test_board_lists_open_needs_of_the_own_neighborhood_only(member_client, world):
    NeedFactory(neighborhood=world.own, public_summary="Soup for the Tuesday lunch")
    NeedFactory(neighborhood=world.other, public_summary="Westside firewood")
    claimed_need(world.volunteer, neighborhood=world.own, public_summary="Already taken ride")

    response = member_client.get(board_url(world))

    content = response.content.decode()
    assert "Soup for the Tuesday lunch" in content
    assert "Westside firewood" not in content
    assert "Already taken ride" not in content
    assert "I can help" in content


def test_board_filters_by_category_and_urgency_from_the_query_string(member_client, world):
    meals = NeedCategoryFactory(neighborhood=world.own, slug="hot-meals", name="Hot meals")
    NeedFactory(
        neighborhood=world.own, category=meals, urgency="urgent", public_summary="Urgent soup"
    )
    NeedFactory(neighborhood=world.own, category=meals, public_summary="Calm soup")
    NeedFactory(neighborhood=world.own, urgency="urgent", public_summary="Urgent groceries")

    response = member_client.get(board_url(world), {"category": meals.pk, "urgency": "urgent"})

    content = response.content.decode()
    assert "Urgent soup" in content
    assert "Calm soup" not in content
    assert "Urgent groceries" not in content
    # The filter form keeps what was chosen, so the filtered board is a shareable link.
    assert f'<option value="{meals.pk}" selected>' in content


def test_board_filter_with_htmx_returns_only_the_filters_and_results_partial(member_client, world):
    NeedFactory(neighborhood=world.own, public_summary="Partial soup")

    response = member_client.get(board_url(world), {"urgency": "normal"}, **HTMX)

    content = response.content.decode()
    assert content.lstrip().startswith('<div id="needs-board">')
    assert '<option value="normal" selected>' in content
    assert "Partial soup" in content
    assert "<html" not in content


def test_only_the_readers_own_active_offers_make_a_match(member_client, world):
    meals = NeedCategoryFactory(neighborhood=world.own, slug="hot-meals", name="Hot meals")
    NeedFactory(neighborhood=world.own, category=meals, public_summary="Soup wanted")
    OfferFactory(neighborhood=world.own, member=world.volunteer, category=meals)
    OfferFactory(neighborhood=world.own, member=world.member, category=meals, is_active=False)
    page = member_client.get(board_url(world)).content.decode()
    assert "Soup wanted" in page and "need-card--match" not in page
    matching = member_client.get(board_url(world), {"matches": "on"}).content.decode()
    assert "Soup wanted" not in matching
    assert "You have no active offers yet" in matching


def test_matches_my_offers_shows_only_and_highlights_matching_needs(member_client, world):
    meals = NeedCategoryFactory(neighborhood=world.own, slug="hot-meals", name="Hot meals")
    OfferFactory(neighborhood=world.own, member=world.member, category=meals)
    NeedFactory(neighborhood=world.own, category=meals, public_summary="Matching soup")
    NeedFactory(neighborhood=world.own, public_summary="Other groceries")

    everything = member_client.get(board_url(world)).content.decode()
    matching = member_client.get(board_url(world), {"matches": "on"}).content.decode()

    assert everything.count("need-card--match") == 1
    assert "Matches your offer" in everything
    assert "Matching soup" in matching
    assert "Other groceries" not in matching


def test_a_paused_offer_does_not_highlight(member_client, world):
    offer = OfferFactory(neighborhood=world.own, member=world.member)
    offer.set_active(False)
    NeedFactory(neighborhood=world.own)

    assert "need-card--match" not in member_client.get(board_url(world)).content.decode()


def test_load_more_continues_after_the_last_card_without_repeats(member_client, world):
    now = timezone.now()
    for index in range(PAGE_SIZE + 5):
        NeedFactory(
            neighborhood=world.own,
            public_summary=f"Need #{index:03d}!",
            created_at=now - timedelta(minutes=index),
        )
    first = member_client.get(board_url(world)).context
    assert len(first["needs"]) == PAGE_SIZE
    cursor = first["next_cursor"]

    more = member_client.get(board_url(world), {"after": cursor}, **HTMX)

    content = more.content.decode()
    assert "<section" not in content  # just the next cards and the next "more" link
    shown = re.findall(r"Need #(\d{3})!", content)
    assert shown == [f"{i:03d}" for i in range(PAGE_SIZE, PAGE_SIZE + 5)]
    assert "Show more needs" not in content


def test_load_more_works_as_a_plain_link_with_the_filters_kept(member_client, world):
    for _ in range(PAGE_SIZE + 1):
        NeedFactory(neighborhood=world.own, urgency="urgent")
    response = member_client.get(board_url(world), {"urgency": "urgent"})
    assert f"?urgency=urgent&amp;after={response.context['next_cursor']}" in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "query",
    [
        {"category": "999999"},
        {"category": "soup"},
        {"urgency": "whenever"},
        {"after": "yesterday"},
        {"after": "999999999999999999-1"},
    ],
)
def test_a_bad_filter_is_ignored_with_a_message_not_a_server_error(member_client, world, query):
    NeedFactory(neighborhood=world.own, public_summary="Still listed")
    response = member_client.get(board_url(world), query)
    assert response.status_code == 200
    assert "Still listed" in response.content.decode()
    assert 'class="errorlist' in response.content.decode()


@pytest.mark.parametrize("rows", [1, 30])
def test_board_runs_a_fixed_number_of_queries(
    member_client, world, rows, django_assert_max_num_queries
):
    OfferFactory(neighborhood=world.own, member=world.member)
    NeedFactory.create_batch(rows, neighborhood=world.own)
    member_client.get(board_url(world))  # the first view reads the categories
    # Session, person, roles, and the needs with their match to the member's offers;
    # the categories come from memory (members/choices.py).
    with django_assert_max_num_queries(4):
        response = member_client.get(board_url(world), {"matches": "on"})
    assert len(response.context["needs"]) == min(rows, PAGE_SIZE)
    assert response.content.decode().count("Matches your offer") == min(rows, PAGE_SIZE)


def test_a_new_neighborhood_gets_default_categories_on_first_visit(member_client, world):
    member_client.get(board_url(world))
    assert world.own.need_categories.count() == 13


def test_neighborhood_home_says_how_many_needs_are_open(member_client, world):
    NeedFactory.create_batch(3, neighborhood=world.own)
    NeedFactory(neighborhood=world.own, status=ResourceRequest.Status.FULFILLED)
    response = member_client.get(reverse("neighborhood_home", kwargs={"slug": world.own.slug}))
    assert "3 needs are open" in response.content.decode()


def test_text_list_has_the_summaries_of_open_needs_for_copying(member_client, world):
    NeedFactory(neighborhood=world.own, public_summary="Diapers, size 4", urgency="urgent")
    claimed_need(world.volunteer, neighborhood=world.own, public_summary="Claimed already")
    response = member_client.get(reverse("needs_text", kwargs={"slug": world.own.slug}))
    content = response.content.decode()
    assert "- [Urgent] Groceries: Diapers, size 4" in content
    assert "Claimed already" not in content
    assert "http://testserver/n/eastside/needs/" in content


def test_a_card_says_how_long_the_need_has_been_open(member_client, world):
    NeedFactory(neighborhood=world.own, created_at=timezone.now() - timedelta(days=3, hours=2))
    NeedFactory(neighborhood=world.own, created_at=timezone.now() - timedelta(hours=5))
    content = member_client.get(board_url(world)).content.decode()
    assert "Open for 3 days" in content
    assert "Open for 5 hours" in content


def test_matches_my_offers_without_offers_says_how_to_add_one(member_client, world):
    NeedFactory(neighborhood=world.own)
    content = member_client.get(board_url(world), {"matches": "on"}, **HTMX).content.decode()
    assert "You have no active offers yet" in content
    assert reverse("needs_offers", kwargs={"slug": world.own.slug}) in content

"""Claiming ("I can help"), My claims, fulfilling and giving a need back."""

import pytest
from django.urls import reverse

from mutualaid.actions import needs as actions
from mutualaid.models import NeedTransitionError, ResourceRequest
from tests.concurrency import run_at_once
from tests.factories import MembershipFactory, UserFactory

from .factories import NeedFactory, claimed_need

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, need, **extra):
    return reverse(name, kwargs={"slug": need.neighborhood.slug, "pk": need.pk, **extra})


def trail(need) -> list[tuple[str, str]]:
    return list(need.status_changes.values_list("from_status", "to_status"))


def test_i_can_help_with_htmx_claims_and_swaps_the_card(member_client, world):
    need = NeedFactory(neighborhood=world.own)

    response = member_client.post(url("needs_claim", need), **HTMX)

    need.refresh_from_db()
    assert need.status == ResourceRequest.Status.CLAIMED
    assert need.claimed_by == world.member
    assert need.claimed_at is not None
    content = response.content.decode()
    assert content.lstrip().startswith(f'<li class="card need-card" id="need-{need.pk}"')
    assert "It is yours" in content
    assert trail(need) == [("open", "claimed")]


def test_i_can_help_without_javascript_redirects_to_my_claims(member_client, world):
    need = NeedFactory(neighborhood=world.own, public_summary="A ride on Friday")

    response = member_client.post(url("needs_claim", need), follow=True)

    assert response.redirect_chain[-1][0] == reverse(
        "needs_my_claims", kwargs={"slug": world.own.slug}
    )
    assert "A ride on Friday" in response.content.decode()


def test_a_need_someone_else_took_tells_the_second_member_plainly(member_client, world):
    need = claimed_need(world.volunteer, neighborhood=world.own)

    response = member_client.post(url("needs_claim", need), **HTMX)

    assert "Someone else took this one" in response.content.decode()
    need.refresh_from_db()
    assert need.claimed_by == world.volunteer


def test_a_member_cannot_claim_their_own_need(member_client, world):
    need = NeedFactory(neighborhood=world.own, requested_by=world.member)
    response = member_client.post(url("needs_claim", need), follow=True)
    assert "This is your own need" in response.content.decode()
    need.refresh_from_db()
    assert need.status == ResourceRequest.Status.OPEN


def test_a_need_of_another_neighborhood_cannot_be_claimed(member_client, world):
    need = NeedFactory(neighborhood=world.other)
    response = member_client.post(
        reverse("needs_claim", kwargs={"slug": world.own.slug, "pk": need.pk})
    )
    assert response.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_members_tapping_at_once_exactly_one_gets_the_need(world):
    need = NeedFactory(neighborhood=world.own)
    helpers = [world.member]
    for index in range(4):
        helper = UserFactory(email=f"helper{index}@example.org")
        MembershipFactory(user=helper, neighborhood=world.own)
        helpers.append(helper)

    def tap(helper):
        try:
            actions.claim_need(need=need, member=helper)
        except NeedTransitionError:
            return ("taken", helper.pk)
        return ("won", helper.pk)

    outcomes, errors = run_at_once(tap, helpers)

    assert errors == []
    winners = [pk for outcome, pk in outcomes if outcome == "won"]
    assert len(winners) == 1
    assert len(outcomes) == len(helpers)
    need.refresh_from_db()
    assert need.claimed_by_id == winners[0]
    assert trail(need) == [("open", "claimed")]


def test_my_claims_lists_my_claimed_needs_and_the_needs_i_asked_for(member_client, world):
    claimed_need(world.member, neighborhood=world.own, public_summary="Mine to do")
    claimed_need(world.volunteer, neighborhood=world.own, public_summary="Someone else's")
    NeedFactory(neighborhood=world.own, requested_by=world.member, public_summary="I asked")

    content = member_client.get(reverse("needs_my_claims", kwargs={"slug": "eastside"})).content

    assert b"Mine to do" in content
    assert b"Someone else" not in content
    assert b"I asked" in content


@pytest.mark.parametrize("rows", [1, 30])
def test_my_claims_runs_a_fixed_number_of_queries(
    member_client, world, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        claimed_need(world.member, neighborhood=world.own)
        NeedFactory(neighborhood=world.own, requested_by=world.member)
    with django_assert_max_num_queries(5):
        response = member_client.get(reverse("needs_my_claims", kwargs={"slug": "eastside"}))
    assert len(response.context["claims"]) == rows


def test_mark_fulfilled_with_htmx_swaps_the_card_and_writes_the_trail(member_client, world):
    need = claimed_need(world.member, neighborhood=world.own)

    response = member_client.post(url("needs_fulfil", need), {"confirmed": "on"}, **HTMX)

    need.refresh_from_db()
    assert need.status == ResourceRequest.Status.FULFILLED
    assert "Thank you for helping" in response.content.decode()
    assert trail(need) == [("open", "claimed"), ("claimed", "fulfilled")]
    assert need.status_changes.last().changed_by == world.member


def test_only_the_claimant_can_mark_a_need_fulfilled(volunteer_client, world):
    need = claimed_need(world.member, neighborhood=world.own)
    assert volunteer_client.post(url("needs_fulfil", need)).status_code == 404
    need.refresh_from_db()
    assert need.status == ResourceRequest.Status.CLAIMED


def test_give_back_with_a_reason_puts_the_need_on_the_board_again(member_client, world):
    need = claimed_need(world.member, neighborhood=world.own)
    actions.connect_claimant(need=need, by=world.coordinator, shared_contact="Rosa 555")

    response = member_client.post(url("needs_release", need), {"reason": "I fell ill"})

    assert response.status_code == 302
    need.refresh_from_db()
    assert need.status == ResourceRequest.Status.OPEN
    assert need.claimed_by is None
    # The next helper must not inherit the contact shared with this one.
    assert need.shared_contact == "" and need.connected_at is None
    assert need.status_changes.last().reason == "I fell ill"


def test_give_back_without_a_reason_asks_for_one(member_client, world):
    need = claimed_need(world.member, neighborhood=world.own)
    response = member_client.post(url("needs_release", need), {"reason": ""})
    assert response.status_code == 200
    assert 'class="errorlist' in response.content.decode()
    need.refresh_from_db()
    assert need.status == ResourceRequest.Status.CLAIMED

""" "Mark fulfilled" and pausing an offer ask first, saying what happens and to whom:
in place with htmx, as a page of its own without JavaScript."""

import pytest
from django.urls import reverse

from mutualaid.models import ResourceRequest

from .factories import OfferFactory, claimed_need

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def fulfil_url(need):
    return reverse("needs_fulfil", kwargs={"slug": need.neighborhood.slug, "pk": need.pk})


def toggle_url(offer):
    return reverse("needs_offer_toggle", kwargs={"slug": offer.neighborhood.slug, "pk": offer.pk})


def test_mark_fulfilled_without_javascript_asks_on_a_page_first(member_client, world):
    need = claimed_need(world.member, neighborhood=world.own)

    page = member_client.post(fulfil_url(need)).content.decode()

    need.refresh_from_db()
    assert need.status == ResourceRequest.Status.CLAIMED
    assert "<html" in page
    assert "Mark this need fulfilled?" in page
    assert "Nobody gets a message." in page
    assert 'name="confirmed" value="on"' in page
    assert "Not yet" in page


def test_mark_fulfilled_with_htmx_asks_in_the_card_then_acts(member_client, world):
    need = claimed_need(world.member, neighborhood=world.own)

    asking = member_client.post(fulfil_url(need), **HTMX).content.decode()

    assert asking.lstrip().startswith(f'<li class="card need-card" id="claim-{need.pk}"')
    assert "<html" not in asking
    assert "Yes, it is fulfilled" in asking
    need.refresh_from_db()
    assert need.status == ResourceRequest.Status.CLAIMED

    done = member_client.post(fulfil_url(need), {"confirmed": "on"}, **HTMX).content.decode()

    need.refresh_from_db()
    assert need.status == ResourceRequest.Status.FULFILLED
    assert "Thank you for helping" in done


def test_mark_fulfilled_confirmed_without_javascript_goes_back_to_my_claims(member_client, world):
    need = claimed_need(world.member, neighborhood=world.own)

    response = member_client.post(fulfil_url(need), {"confirmed": "on"}, follow=True)

    need.refresh_from_db()
    assert need.status == ResourceRequest.Status.FULFILLED
    assert "Marked as fulfilled. Thank you for helping!" in response.content.decode()


def test_pausing_an_offer_without_javascript_asks_on_a_page_first(member_client, world):
    offer = OfferFactory(neighborhood=world.own, member=world.member)

    page = member_client.post(toggle_url(offer)).content.decode()

    offer.refresh_from_db()
    assert offer.is_active is True
    assert "Pause this offer?" in page
    assert "no longer marked for you on the board" in page
    assert "Nobody else is told." in page
    assert "Keep it active" in page


def test_pausing_an_offer_with_htmx_asks_in_the_card_then_pauses(member_client, world):
    offer = OfferFactory(neighborhood=world.own, member=world.member)

    asking = member_client.post(toggle_url(offer), **HTMX).content.decode()
    assert asking.lstrip().startswith('<li class="card offer-card" id="offer-')
    assert "Yes, pause it" in asking
    offer.refresh_from_db()
    assert offer.is_active is True

    done = member_client.post(toggle_url(offer), {"confirmed": "on"}, **HTMX).content.decode()

    offer.refresh_from_db()
    assert offer.is_active is False
    assert "Your offer is paused." in done
    assert "Make active" in done


def test_making_a_paused_offer_active_acts_at_once(member_client, world):
    offer = OfferFactory(neighborhood=world.own, member=world.member, is_active=False)

    response = member_client.post(toggle_url(offer), follow=True)

    offer.refresh_from_db()
    assert offer.is_active is True
    assert "Your offer is active again." in response.content.decode()

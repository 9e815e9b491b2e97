"""Canaries: private details, who asked, and unshared contacts never reach a member's page.

Each private field is seeded with a unique marker; every page and htmx partial a member
or volunteer can open is fetched and searched for the markers.
"""

import pytest
from django.test import Client
from django.urls import reverse

from mutualaid.actions import needs as actions
from tests.factories import MembershipFactory, UserFactory

from .factories import NeedFactory, OfferFactory, claimed_need

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
CANARIES = [
    "CANARY-PRIVATE-7f3a",
    "CANARY-ASKER-9c1d",
    "canary-asker-9c1d@example.org",
    "CANARY-CONTACT-2b8e",
]


@pytest.fixture
def seeded(world):
    asker = UserFactory(email="canary-asker-9c1d@example.org", display_name="CANARY-ASKER-9c1d")
    MembershipFactory(user=asker, neighborhood=world.own)
    OfferFactory(neighborhood=world.own, member=world.member)
    for urgency in ("urgent", "normal", "low"):
        NeedFactory(
            neighborhood=world.own,
            urgency=urgency,
            requested_by=asker,
            private_details="CANARY-PRIVATE-7f3a at 12 Elm",
        )
    # A need claimed by the volunteer, with a contact shared only with the volunteer.
    connected = claimed_need(
        world.volunteer,
        neighborhood=world.own,
        requested_by=asker,
        private_details="CANARY-PRIVATE-7f3a",
    )
    actions.connect_claimant(
        need=connected, by=world.coordinator, shared_contact="CANARY-CONTACT-2b8e"
    )
    # And one the member claimed, so "My claims" has a card to leak from.
    claimed_need(
        world.member,
        neighborhood=world.own,
        requested_by=asker,
        private_details="CANARY-PRIVATE-7f3a",
    )
    return NeedFactory(
        neighborhood=world.own, requested_by=asker, private_details="CANARY-PRIVATE-7f3a"
    )


def member_visible_responses(client, world, target):
    slug = {"slug": world.own.slug}
    board = reverse("needs_board", kwargs=slug)
    pages = [
        client.get(reverse("neighborhood_home", kwargs=slug)),
        client.get(board),
        client.get(board, {"matches": "on", "urgency": "urgent"}, **HTMX),
        client.get(board, {"after": client.get(board).context["next_cursor"] or ""}, **HTMX),
        client.get(reverse("needs_text", kwargs=slug)),
        client.get(reverse("needs_my_claims", kwargs=slug)),
        client.get(reverse("needs_offers", kwargs=slug)),
        client.get(reverse("needs_post", kwargs=slug)),
        client.post(reverse("needs_claim", kwargs={**slug, "pk": target.pk}), **HTMX),
    ]
    claimed = client.get(reverse("needs_my_claims", kwargs=slug))
    pages.append(claimed)
    for need in claimed.context["claims"]:
        release = reverse("needs_release", kwargs={**slug, "pk": need.pk})
        pages.append(client.get(release))
        pages.append(client.post(reverse("needs_fulfil", kwargs={**slug, "pk": need.pk}), **HTMX))
    return pages


@pytest.mark.parametrize("role", ["member", "volunteer"])
def test_no_member_visible_page_or_partial_contains_a_private_canary(client, world, seeded, role):
    user = world.user(role)
    client.force_login(user)
    responses = member_visible_responses(client, world, seeded)
    assert len(responses) >= 12
    for response in responses:
        assert response.status_code == 200, response
        content = response.content.decode()
        for canary in CANARIES:
            if role == "volunteer" and canary == "CANARY-CONTACT-2b8e":
                continue  # the volunteer is the connected claimant: shown to them on purpose
            assert canary not in content, (response.request["PATH_INFO"], canary)


def test_the_connected_claimant_sees_the_shared_contact_but_not_the_private_details(
    client, world, seeded
):
    client.force_login(world.volunteer)
    page = client.get(reverse("needs_my_claims", kwargs={"slug": world.own.slug}))
    content = page.content.decode()
    assert "CANARY-CONTACT-2b8e" in content
    assert "CANARY-PRIVATE-7f3a" not in content


def test_the_coordinator_does_see_the_private_details_and_who_asked(world, seeded):
    coordinator = Client()
    coordinator.force_login(world.coordinator)
    url = reverse("needs_manage", kwargs={"slug": world.own.slug, "pk": seeded.pk})
    content = coordinator.get(url).content.decode()
    assert "CANARY-PRIVATE-7f3a" in content
    assert "CANARY-ASKER-9c1d" in content

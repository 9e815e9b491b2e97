"""Deactivation sticks: only a coordinator brings back a membership a coordinator ended."""

import pytest
from django.test import Client
from django.urls import reverse

from members import actions
from members.models import Membership, User

pytestmark = pytest.mark.django_db


def deactivated(world) -> Membership:
    membership = world.member.memberships.get()
    actions.deactivate(membership=membership, by=world.coordinator)
    return membership


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_deactivated_member_cannot_ask_to_join_again(world):
    membership = deactivated(world)
    actions.request_to_join(neighborhood=world.own, user=world.member, message="Let me in")
    membership.refresh_from_db()
    assert membership.status == Membership.Status.INACTIVE
    assert membership.join_message == ""


def test_the_public_page_tells_a_deactivated_member_to_contact_a_coordinator(world):
    membership = deactivated(world)
    client = signed_in(world.member)
    url = reverse("neighborhood_public", kwargs={"slug": world.own.slug})
    page = client.get(url).content.decode()
    assert "ended by a coordinator" in page and "contact a coordinator" in page
    assert "Ask to join" not in page
    client.post(url, {"message": "Let me in"})
    membership.refresh_from_db()
    assert membership.status == Membership.Status.INACTIVE


def test_a_declined_person_may_ask_again(world):
    person = User.objects.create_user(email="asker@example.org", display_name="Asker")
    membership = actions.request_to_join(neighborhood=world.own, user=person)
    actions.decline(membership=membership, by=world.coordinator)
    actions.request_to_join(neighborhood=world.own, user=person, message="Again")
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING


def test_a_person_who_ended_their_own_membership_may_ask_again(world):
    """Leaving is recorded as a change made by the person themself."""
    membership = world.member.memberships.get()
    membership.set_status(Membership.Status.INACTIVE)
    membership.changes.create(kind="deactivated", changed_by=world.member)
    assert not membership.ended_by_coordinator
    actions.request_to_join(neighborhood=world.own, user=world.member)
    membership.refresh_from_db()
    assert membership.status == Membership.Status.PENDING


def test_a_reactivated_member_is_active_and_may_use_invitations_again(world):
    membership = deactivated(world)
    actions.reactivate(membership=membership, by=world.coordinator)
    assert not membership.ended_by_coordinator
    assert membership.is_active


def test_a_deactivated_member_who_signs_in_is_told_a_coordinator_ended_it(world):
    deactivated(world)
    page = signed_in(world.member).get(reverse("home")).content.decode()
    assert "not an active member" not in page
    assert "will let you know when your membership is approved" not in page
    assert "Your membership in Eastside was ended by a coordinator" in page
    assert "contact a coordinator of Eastside" in page

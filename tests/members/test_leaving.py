"""Leaving a neighborhood from "My membership": asked first, recorded as LEFT, frees
the person's shift places and claims there (the waitlist promoted, a trail row),
tells the coordinators, and ends nothing else."""

import pytest
from django.urls import reverse

from members import actions
from members.models import Membership, MembershipChange, UserSession
from mutualaid.actions import needs as needs_actions
from mutualaid.actions import shifts as shift_actions
from mutualaid.models import DigestSubscription, RequestStatusChange, ResourceRequest, Signup
from mutualaid.wcc_hooks import HELPER_LEFT
from tests.factories import MembershipFactory
from tests.members.factories import UserSessionFactory
from tests.mutualaid.needs.factories import OfferFactory, claimed_need
from tests.mutualaid.shifts.factories import ShiftFactory

pytestmark = pytest.mark.django_db


def leave_url(world):
    return reverse("leave_neighborhood", kwargs={"slug": world.own.slug})


def left_url(world):
    return reverse("neighborhood_left", kwargs={"slug": world.own.slug})


def membership_of(user, neighborhood):
    return Membership.objects.get(user=user, neighborhood=neighborhood)


def test_my_membership_links_to_leaving(world, volunteer_client):
    page = volunteer_client.get(reverse("my_membership", kwargs={"slug": world.own.slug}))
    assert f'href="{leave_url(world)}"' in page.content.decode()


def test_leaving_asks_first_and_opening_the_page_changes_nothing(world, volunteer_client):
    page = volunteer_client.get(leave_url(world)).content.decode()
    assert "Leave Eastside?" in page
    assert f'action="{leave_url(world)}"' in page and 'method="post"' in page
    assert membership_of(world.volunteer, world.own).is_active


def test_leaving_makes_the_membership_inactive_recorded_as_left_and_says_so(
    world, volunteer_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = volunteer_client.post(leave_url(world))
    assert response.status_code == 302 and response.url == left_url(world)
    membership = membership_of(world.volunteer, world.own)
    assert membership.status == Membership.Status.INACTIVE
    change = membership.changes.first()
    assert (change.kind, change.from_value, change.to_value, change.changed_by) == (
        MembershipChange.Kind.LEFT,
        "active",
        "inactive",
        world.volunteer,
    )
    page = volunteer_client.get(left_url(world)).content.decode()
    assert "You have left Eastside" in page
    assert reverse("neighborhood_public", kwargs={"slug": world.own.slug}) in page
    # A second tap of the button lands on the same page, changing nothing.
    again = volunteer_client.post(leave_url(world))
    assert again.status_code == 302 and again.url == left_url(world)
    assert membership.changes.count() == 1


def test_leaving_frees_places_promotes_the_waitlist_and_releases_claims_there_only(
    world, django_capture_on_commit_callbacks
):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    place = shift_actions.sign_up(shift=shift, user=world.volunteer)
    waiting = shift_actions.sign_up(shift=shift, user=world.member)
    need = claimed_need(world.volunteer, neighborhood=world.own, public_summary="Rice")
    # In Westside too: leaving Eastside keeps all of it.
    MembershipFactory(user=world.volunteer, neighborhood=world.other, role="volunteer")
    west_place = shift_actions.sign_up(
        shift=ShiftFactory(neighborhood=world.other), user=world.volunteer
    )
    west_need = claimed_need(world.volunteer, neighborhood=world.other)
    with django_capture_on_commit_callbacks(execute=True):
        actions.leave_neighborhood(membership=membership_of(world.volunteer, world.own))
    for row in (place, waiting, need, west_place, west_need):
        row.refresh_from_db()
    assert place.status == Signup.Status.CANCELLED
    assert waiting.status == Signup.Status.CONFIRMED
    assert (need.status, need.claimed_by) == (ResourceRequest.Status.OPEN, None)
    assert ResourceRequest.objects.for_board().filter(pk=need.pk).exists()
    trail = RequestStatusChange.objects.filter(request=need).last()
    assert (trail.from_status, trail.to_status, trail.reason) == ("claimed", "open", HELPER_LEFT)
    assert west_place.status == Signup.Status.CONFIRMED
    assert west_need.claimed_by == world.volunteer
    assert membership_of(world.volunteer, world.other).is_active


def test_leaving_tells_the_coordinators_in_their_own_language(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    world.coordinator.preferred_language = "es"
    world.coordinator.save(update_fields=["preferred_language"])
    claimed_need(world.volunteer, neighborhood=world.own, public_summary="Rice for two")
    with django_capture_on_commit_callbacks(execute=True):
        actions.leave_neighborhood(membership=membership_of(world.volunteer, world.own))
    to_coordinator = [m for m in mailoutbox if m.to == [world.coordinator.email]]
    subjects = sorted(m.subject for m in to_coordinator)
    assert subjects == [
        "Eastside: lugares liberados por un miembro que se fue",
        "Val Volunteer ha dejado Eastside",
    ]
    freed = next(m for m in to_coordinator if m.subject.startswith("Eastside:"))
    assert "Rice for two" in freed.body and "/needs/" in freed.body
    assert not [m for m in mailoutbox if m.to == [world.other_coordinator.email]]


def test_leaving_stops_that_neighborhoods_digest_only(world, django_capture_on_commit_callbacks):
    MembershipFactory(user=world.volunteer, neighborhood=world.other)
    for neighborhood in (world.own, world.other):
        needs_actions.set_digest(user=world.volunteer, neighborhood=neighborhood, subscribe=True)
    with django_capture_on_commit_callbacks(execute=True):
        actions.leave_neighborhood(membership=membership_of(world.volunteer, world.own))
    subscriptions = DigestSubscription.objects.filter(user=world.volunteer)
    assert [s.neighborhood for s in subscriptions] == [world.other]


def test_leaving_ends_nothing_else(world, django_capture_on_commit_callbacks):
    session = UserSessionFactory(user=world.volunteer)
    offer = OfferFactory(neighborhood=world.own, member=world.volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        actions.leave_neighborhood(membership=membership_of(world.volunteer, world.own))
    world.volunteer.refresh_from_db()
    assert world.volunteer.is_active and world.volunteer.email == "volunteer@example.org"
    assert UserSession.objects.filter(pk=session.pk).exists()
    offer.refresh_from_db()
    assert offer.description == "I can shop on Saturdays"


def test_a_person_who_left_can_ask_to_join_again(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        actions.leave_neighborhood(membership=membership_of(world.volunteer, world.own))
    membership = actions.request_to_join(neighborhood=world.own, user=world.volunteer)
    assert membership.status == Membership.Status.PENDING


def test_the_left_page_is_only_for_someone_who_left(world, client):
    deactivated = membership_of(world.member, world.own)
    actions.deactivate(membership=deactivated, by=world.coordinator)
    client.force_login(world.member)
    assert client.get(left_url(world)).status_code == 404
    assert client.get(leave_url(world)).status_code == 404

"""The access module: who may do what in which neighborhood."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from members import access
from members.models import Membership, Role
from tests.factories import MembershipFactory, NeighborhoodFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_roles_rank_member_below_volunteer_below_coordinator():
    assert Role.COORDINATOR.includes(Role.VOLUNTEER)
    assert Role.VOLUNTEER.includes(Role.MEMBER)
    assert not Role.MEMBER.includes(Role.VOLUNTEER)
    assert not Role.VOLUNTEER.includes(Role.COORDINATOR)


def test_each_role_gets_what_it_includes(world):
    own = world.own
    assert access.has_role(world.member, own, Role.MEMBER)
    assert not access.can_see_private_details(world.member, own)
    assert access.can_see_private_details(world.volunteer, own)
    assert not access.can_coordinate(world.volunteer, own)
    assert access.can_coordinate(world.coordinator, own)


def test_coordinator_of_another_neighborhood_has_no_role_here(world):
    assert access.role_in(world.other_coordinator, world.own) is None
    assert not access.can_see_private_details(world.other_coordinator, world.own)
    with pytest.raises(Http404):
        access.get_neighborhood_or_404(world.other_coordinator, world.own.slug)


def test_member_of_two_neighborhoods_has_a_role_in_each():
    east, west = NeighborhoodFactory(), NeighborhoodFactory()
    person = UserFactory()
    MembershipFactory(user=person, neighborhood=east, role=Role.COORDINATOR)
    MembershipFactory(user=person, neighborhood=west, role=Role.MEMBER)

    assert access.can_coordinate(person, east)
    assert access.role_in(person, west) == Role.MEMBER
    assert not access.can_see_private_details(person, west)
    assert set(access.neighborhoods_of(person)) == {east, west}


@pytest.mark.parametrize("status", [Membership.Status.PENDING, Membership.Status.INACTIVE])
def test_memberships_that_are_not_active_grant_nothing(status):
    neighborhood = NeighborhoodFactory()
    person = UserFactory()
    MembershipFactory(user=person, neighborhood=neighborhood, role=Role.COORDINATOR, status=status)

    assert access.role_in(person, neighborhood) is None
    assert list(access.neighborhoods_of(person)) == []


def test_deactivated_account_loses_every_role(world):
    world.coordinator.is_active = False
    world.coordinator.save(update_fields=["is_active"])
    assert access.role_in(world.coordinator, world.own) is None


def test_network_admin_coordinates_every_neighborhood(world):
    assert access.can_coordinate(world.admin, world.own)
    assert access.can_coordinate(world.admin, world.other)
    assert set(access.neighborhoods_of(world.admin)) == {world.own, world.other}


def test_page_beyond_a_members_role_is_forbidden_not_hidden(world):
    with pytest.raises(PermissionDenied):
        access.get_neighborhood_or_404(world.member, world.own.slug, Role.VOLUNTEER)


def test_roles_are_read_once_per_person_object(world, django_assert_num_queries):
    access.role_in(world.member, world.own)
    with django_assert_num_queries(0):
        access.role_in(world.member, world.own)
        access.role_in(world.member, world.other)


def test_unknown_neighborhood_is_404(world):
    with pytest.raises(Http404):
        access.get_neighborhood_or_404(world.admin, "no-such-place")


def test_ones_own_neighborhood_is_found_with_the_roles(world, django_assert_num_queries):
    access.roles_of(world.member)
    with django_assert_num_queries(0):
        assert access.get_neighborhood_or_404(world.member, world.own.slug) == world.own
    with pytest.raises(Http404):  # another one is still looked up, and hidden
        access.get_neighborhood_or_404(world.member, world.other.slug)

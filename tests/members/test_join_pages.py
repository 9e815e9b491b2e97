"""The ways to and around a request to join: the login page's link, the list of
neighborhoods, a newcomer's neighborhood address, the coordinator's home, the setting."""

import pytest
from django.urls import reverse

from members.models import Membership
from tests.factories import MembershipFactory, NeighborhoodFactory, UserFactory

pytestmark = pytest.mark.django_db

HOME = reverse("neighborhood_home", args=["eastside"])


def test_the_login_page_links_to_the_neighborhoods_that_take_requests(client, world):
    NeighborhoodFactory(name="Closed Hill", slug="closed", accepts_join_requests=False)
    login = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("join_list")}"' in login
    listing = client.get(reverse("join_list")).content.decode()
    assert 'href="/n/eastside/join/"' in listing and 'href="/n/westside/join/"' in listing
    assert "Closed Hill" not in listing


@pytest.fixture
def newcomer(world):
    user = UserFactory(email="newt@example.org", display_name="Newt")
    MembershipFactory(user=user, neighborhood=world.own, status=Membership.Status.PENDING)
    return user


def test_a_pending_newcomer_opening_the_neighborhood_is_told_the_request_waits(
    client, world, newcomer
):
    world.member.phone = "+1 555 000 1111"
    world.member.save()
    client.force_login(newcomer)
    response = client.get(HOME)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Your request to join Eastside is waiting for a coordinator." in body
    assert "could not find" not in body
    for private in ("Mo Member", "member@example.org", "555 000 1111", "Cora", "needs are open"):
        assert private not in body
    # Every other page of the neighborhood is still closed to them.
    assert client.get(reverse("needs_board", args=["eastside"])).status_code == 404


def test_a_pending_newcomer_of_one_neighborhood_gets_404_in_another(client, world, newcomer):
    client.force_login(newcomer)
    assert client.get(reverse("neighborhood_home", args=["westside"])).status_code == 404


def test_a_declined_or_deactivated_person_still_gets_404(client, world, newcomer):
    newcomer.memberships.update(status=Membership.Status.INACTIVE)
    client.force_login(newcomer)
    assert client.get(HOME).status_code == 404


def test_the_coordinators_home_shows_the_requests_waiting_with_a_link(client, world, newcomer):
    client.force_login(world.coordinator)
    body = client.get(HOME).content.decode()
    assert "1 person is waiting for your answer" in body
    assert 'href="/n/eastside/members/?status=pending"' in body
    client.force_login(world.member)
    assert "waiting for your answer" not in client.get(HOME).content.decode()


def test_the_coordinators_home_says_when_nobody_waits(coordinator_client, world):
    assert "Nobody asks to join right now" in coordinator_client.get(HOME).content.decode()


def test_the_coordinators_home_runs_five_queries_more_than_a_members(
    coordinator_client, world, django_assert_max_num_queries
):
    # the member's eight (see tests/wcc/test_base_page.py) and one count for each line
    # of "What needs doing first": shifts short, needs to connect, follow-ups overdue,
    # requests waiting, sessions to close
    with django_assert_max_num_queries(14):  # a coordinator has a study-circles card too
        coordinator_client.get(HOME)


def test_a_coordinator_chooses_how_to_hear_of_requests_in_the_profile(coordinator_client, world):
    page = coordinator_client.get(reverse("profile")).content.decode()
    assert "Tell me about requests to join" in page
    data = {
        "display_name": "Cora Coordinator",
        "phone": "",
        "preferred_language": "en",
        "contact_channel": "email",
        "contact_consent": "on",
        "languages_spoken": "",
        "availability": "",
        "join_request_notices": "daily",
    }
    assert coordinator_client.post(reverse("profile"), data).status_code == 302
    world.coordinator.refresh_from_db()
    assert world.coordinator.join_request_notices == "daily"


def test_a_member_is_not_asked_about_requests_to_join(member_client, world):
    page = member_client.get(reverse("profile")).content.decode()
    assert "requests to join" not in page

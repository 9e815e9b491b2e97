"""Who is signed in comes from the session cache (members/signed_in.py), and every
change to a person's account, roles or devices reaches their next request."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from members import actions
from members.models import Membership, Role, UserSession
from tests.factories import NeighborhoodFactory

pytestmark = pytest.mark.django_db


def home(world):
    return f"/n/{world.own.slug}/"


def directory(world):
    return f"/n/{world.own.slug}/members/"


def tables_read(client, url) -> str:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return " ".join(query["sql"] for query in context.captured_queries)


def test_a_signed_in_page_reads_no_session_person_or_roles_rows_once_warm(member_client, world):
    first = tables_read(member_client, home(world))  # force_login cached the session itself
    assert '"members_user"' in first and "members_membership" in first
    warm = tables_read(member_client, home(world))
    for table in ("django_session", '"members_user"', "members_membership"):
        assert table not in warm


def test_a_page_of_ones_own_neighborhood_reads_no_neighborhood_row_once_warm(member_client, world):
    tables_read(member_client, home(world))
    assert '"members_neighborhood"' not in tables_read(member_client, home(world))


def test_a_renamed_neighborhood_shows_its_new_name_on_the_next_request(member_client, world):
    assert "Eastside" in member_client.get(home(world)).content.decode()
    world.own.name = "East Riverside"
    world.own.save()
    assert "East Riverside" in member_client.get(home(world)).content.decode()


def test_a_coordinator_demoted_loses_coordinator_pages_on_the_next_request(
    coordinator_client, world
):
    assert coordinator_client.get(directory(world)).status_code == 200
    membership = Membership.objects.get(user=world.coordinator, neighborhood=world.own)
    membership.role = Role.MEMBER
    membership.save()
    assert coordinator_client.get(directory(world)).status_code == 403


def test_an_ended_membership_closes_the_neighborhood_on_the_next_request(member_client, world):
    assert member_client.get(home(world)).status_code == 200
    membership = Membership.objects.get(user=world.member, neighborhood=world.own)
    membership.set_status(Membership.Status.INACTIVE)
    assert member_client.get(home(world)).status_code == 404


def test_a_member_deactivated_by_a_coordinator_is_signed_out(member_client, world):
    assert member_client.get(home(world)).status_code == 200
    membership = Membership.objects.get(user=world.member, neighborhood=world.own)
    actions.deactivate(membership=membership, by=world.coordinator)
    response = member_client.get(home(world))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_disabled_account_is_signed_out_on_the_next_request(member_client, world):
    assert member_client.get(home(world)).status_code == 200
    world.member.is_active = False
    world.member.save()
    response = member_client.get(home(world))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_new_password_signs_out_the_other_devices(world):
    phone, laptop = Client(), Client()
    for device in (phone, laptop):
        device.force_login(world.member)
        assert device.get(home(world)).status_code == 200
    world.member.set_password("a whole new passphrase 2026")
    world.member.save()
    response = laptop.get(home(world))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_device_ended_from_another_is_signed_out_although_its_session_was_cached(world):
    phone, laptop = Client(), Client()
    phone.force_login(world.member)
    laptop.force_login(world.member)
    assert laptop.get(home(world)).status_code == 200  # its session is now in the cache
    laptop_session = UserSession.objects.get(session_key=laptop.session.session_key)
    response = phone.post(f"/accounts/sessions/{laptop_session.pk}/end/")
    assert response.status_code == 302
    response = laptop.get(home(world))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert phone.get(home(world)).status_code == 200


def test_a_neighborhood_asking_for_two_factor_reaches_its_coordinators_next_request(
    coordinator_client, world
):
    assert coordinator_client.get(directory(world)).status_code == 200
    world.own.coordinators_need_two_factor = True
    world.own.save()
    response = coordinator_client.get(directory(world))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/two-factor/")


def test_a_new_membership_elsewhere_opens_that_neighborhood_at_once(member_client, world):
    elsewhere = NeighborhoodFactory(name="Northside", slug="northside")
    assert member_client.get("/n/northside/").status_code == 404
    Membership.objects.create(
        user=world.member, neighborhood=elsewhere, role=Role.MEMBER, status="active"
    )
    assert member_client.get("/n/northside/").status_code == 200


def test_a_lost_cache_only_costs_a_reread(member_client, world, settings):
    from django.core.cache import caches

    assert member_client.get(home(world)).status_code == 200
    caches[settings.SESSION_CACHE_ALIAS].clear()
    assert member_client.get(home(world)).status_code == 200  # the database kept the session


def test_a_change_moves_the_stamp_again_when_it_commits(world, django_capture_on_commit_callbacks):
    """A request reading the old rows while the change commits made its snapshot under
    the stamp of that moment: the commit moves it once more."""
    from django.conf import settings
    from django.core.cache import caches

    cache = caches[settings.SESSION_CACHE_ALIAS]
    key = f"wcc:signed-in:person:{world.member.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        world.member.display_name = "Mo M."
        world.member.save()
        during = cache.get(key)
    assert during is not None and cache.get(key) != during

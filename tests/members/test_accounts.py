"""Signed-in devices, and two-factor sign-in with a TOTP app."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from members import access
from members.models import Role, UserSession
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def log_in(user, agent="Phone browser") -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_a_person_sees_their_devices_and_ends_a_lost_one(world):
    laptop = log_in(world.member, "Laptop browser")
    phone = log_in(world.member, "Lost phone browser")
    page = laptop.get(reverse("sessions")).content.decode()
    assert "Laptop browser" in page and "Lost phone browser" in page
    lost = UserSession.objects.get(device="Lost phone browser")
    laptop.post(reverse("session_end", kwargs={"pk": lost.pk}))
    assert phone.get(reverse("profile")).status_code == 302  # signed out
    assert laptop.get(reverse("profile")).status_code == 200


def test_ending_all_other_devices_keeps_this_one(world):
    here = log_in(world.member, "Here")
    there = log_in(world.member, "There")
    here.post(reverse("sessions_end_others"))
    assert there.get(reverse("profile")).status_code == 302
    assert here.get(reverse("profile")).status_code == 200
    assert list(UserSession.objects.values_list("device", flat=True)) == ["Here"]


def test_no_one_ends_another_persons_session(world):
    theirs = log_in(world.volunteer)
    session = UserSession.objects.get(user=world.volunteer)
    mine = log_in(world.member)
    assert mine.post(reverse("session_end", kwargs={"pk": session.pk})).status_code == 404
    assert theirs.get(reverse("profile")).status_code == 200


def test_logging_out_forgets_the_device(world):
    client = log_in(world.member)
    client.post(reverse("logout"))
    assert not UserSession.objects.exists()


def current_code(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def test_a_coordinator_turns_on_two_factor_and_then_needs_the_code(world):
    client = log_in(world.coordinator)
    page = client.get(reverse("two_factor")).content.decode()
    assert "<svg" in page  # the QR code, inline
    device = TOTPDevice.objects.get(user=world.coordinator)
    bad = "000000" if current_code(device) != "000000" else "111111"
    wrong = client.post(reverse("two_factor"), {"token": bad})
    assert "That code is not right" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows down guessing after a wrong code
    client.post(reverse("two_factor"), {"token": current_code(device)})
    world.coordinator.refresh_from_db()
    assert world.coordinator.two_factor_enabled

    fresh = log_in(world.coordinator)
    response = fresh.get(reverse("member_directory", kwargs={"slug": "eastside"}))
    assert response.status_code == 302 and response.url.startswith(reverse("two_factor_verify"))
    device.refresh_from_db()
    device.last_t = -1  # let the same 30-second code be used again in this test
    device.save()
    verify = fresh.post(
        reverse("two_factor_verify") + "?next=/n/eastside/members/", {"token": current_code(device)}
    )
    assert verify.url == "/n/eastside/members/"
    assert fresh.get("/n/eastside/members/").status_code == 200


def test_members_cannot_turn_on_two_factor(member_client):
    assert member_client.get(reverse("two_factor")).status_code == 403


def test_a_neighborhood_that_requires_two_factor_sends_coordinators_to_set_it_up(world):
    world.own.coordinators_need_two_factor = True
    world.own.save()
    client = log_in(world.coordinator)
    response = client.get(reverse("member_directory", kwargs={"slug": "eastside"}))
    assert response.status_code == 302 and response.url.startswith(reverse("two_factor"))
    # Members of that neighborhood are not asked.
    assert log_in(world.member).get("/n/eastside/").status_code == 200


def test_the_access_layer_treats_an_unverified_required_coordinator_as_a_volunteer(world, settings):
    settings.WCC_TWO_FACTOR_FOR_COORDINATORS = True
    access.forget_roles(world.coordinator)
    assert access.role_in(world.coordinator, world.own) == Role.VOLUNTEER
    assert not access.can_coordinate(world.coordinator, world.own)
    world.coordinator.is_verified = lambda: True
    assert access.role_in(world.coordinator, world.own) == Role.COORDINATOR


def test_network_wide_requirement_covers_admins(world, settings):
    settings.WCC_TWO_FACTOR_FOR_COORDINATORS = True
    client = log_in(world.admin)
    response = client.get(reverse("network_overview"))
    assert response.status_code == 302 and response.url.startswith(reverse("two_factor"))


def test_lockout_still_works_with_two_factor_installed(world, settings):
    settings.AXES_FAILURE_LIMIT = 2
    client = Client()
    for _ in range(2):
        client.post(reverse("login"), {"username": world.member.email, "password": "wrong"})
    response = client.post(reverse("login"), {"username": world.member.email, "password": PASSWORD})
    assert response.status_code == 429


def test_a_post_before_the_second_factor_comes_back_to_its_page_not_the_post_address(world):
    world.own.coordinators_need_two_factor = True
    world.own.save()
    client = log_in(world.coordinator)
    page = "/n/eastside/members/"
    response = client.post(
        reverse("needs_stale_days", kwargs={"slug": "eastside"}),
        {"stale_after_days": "9"},
        HTTP_REFERER=f"http://testserver{page}",
    )
    assert response.status_code == 302
    assert response.url == reverse("two_factor") + "?next=%2Fn%2Feastside%2Fmembers%2F"
    htmx = client.post(
        reverse("needs_stale_days", kwargs={"slug": "eastside"}),
        {"stale_after_days": "9"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{page}",
    )
    # htmx follows a redirect inside the swap: it is told to load the whole page instead.
    assert htmx["HX-Redirect"] == reverse("two_factor") + "?next=%2Fn%2Feastside%2Fmembers%2F"

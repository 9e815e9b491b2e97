"""Logging in by email, bad input, and lockout after repeated failures."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def post_login(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def test_member_logs_in_by_email_and_lands_on_their_neighborhood(client, world):
    response = post_login(client, "Member@Example.org", PASSWORD)
    assert response.status_code == 302
    response = client.get(response.url, follow=True)
    assert response.request["PATH_INFO"] == reverse("neighborhood_home", args=["eastside"])
    assert "Eastside" in response.content.decode()


def test_wrong_password_says_so_and_keeps_the_email(client, world):
    response = post_login(client, "member@example.org", "wrong")
    body = response.content.decode()
    assert response.status_code == 200
    assert "do not match an account" in body
    assert 'value="member@example.org"' in body


@pytest.mark.parametrize(
    ("email", "password", "message"),
    [
        ("", PASSWORD, "This field is required."),
        ("not-an-email", PASSWORD, "Enter a valid email address."),
        ("member@example.org", "", "This field is required."),
        ("x" * 300 + "@example.org", PASSWORD, "at most 254 characters"),
    ],
)
def test_bad_login_input_gets_an_error_by_the_field(client, world, email, password, message):
    response = post_login(client, email, password)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "_error" in response.content.decode()  # errors are tied to their field


def test_account_locks_after_the_configured_number_of_failures(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "member@example.org", "wrong")

    response = post_login(client, "member@example.org", PASSWORD)

    assert response.status_code == 429
    limit = settings.AXES_FAILURE_LIMIT
    assert f"locked after {limit} wrong passwords" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_not_per_table(client, world):
    """Other volunteers at the same Wi-Fi address can still log in."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, "member@example.org", "wrong")

    response = post_login(client, "volunteer@example.org", PASSWORD)
    assert response.status_code == 302


def test_failures_below_the_limit_do_not_lock(client, world):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        post_login(client, "member@example.org", "wrong")
    assert post_login(client, "member@example.org", PASSWORD).status_code == 302


def test_logout_ends_the_session(member_client):
    response = member_client.post(reverse("logout"))
    assert response.status_code == 302
    assert member_client.get(reverse("profile")).status_code == 302


def test_session_cookie_is_httponly_and_lax(client, world):
    response = post_login(client, "member@example.org", PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_passwords_are_hashed_with_argon2(world):
    world.member.set_password("another-long-password")
    assert world.member.password.startswith("argon2")


def test_lockout_counts_an_address_in_any_case(client, world):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        email = "MEMBER@example.org" if attempt % 2 else "member@EXAMPLE.org"
        post_login(client, email, "wrong")
    assert post_login(client, "member@example.org", PASSWORD).status_code == 429


def login_answer(email, password):
    from django.test import Client

    from tests.members.sameness import page_text

    client = Client()
    response = post_login(client, email, password)
    return response.status_code, page_text(response, email)


def test_login_answers_an_unknown_email_as_it_answers_a_wrong_password(world):
    known = login_answer("member@example.org", "wrong")
    assert known == login_answer("nobody@example.org", "wrong")
    assert known[0] == 200


def test_login_answers_a_switched_off_account_as_an_unknown_email(world):
    world.member.is_active = False
    world.member.save()
    assert login_answer("member@example.org", PASSWORD) == login_answer(
        "nobody@example.org", PASSWORD
    )


def test_lockout_answers_an_unknown_email_as_it_answers_a_known_one(world):
    """django-axes counts failures by the typed address, account or not."""
    for email in ("member@example.org", "nobody@example.org"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            login_answer(email, "wrong")
    known = login_answer("member@example.org", "wrong")
    assert known == login_answer("nobody@example.org", "wrong")
    assert known[0] == 429

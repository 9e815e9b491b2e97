"""A lockout keeps its word: wait the minutes it names, or reset the password."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-brand-new-passphrase"


def post_login(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password})


def lock(client, email="member@example.org"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        post_login(client, email, "wrong")
    assert post_login(client, email, PASSWORD).status_code == 429


def reset_password_by_email(client, email):
    client.post(reverse("password_reset"), {"email": email})
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[-1].body).group(1)
    page = client.get(link, follow=True)
    done = client.post(
        page.request["PATH_INFO"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert done.url == reverse("password_reset_complete")


def test_resetting_the_password_by_the_email_link_lifts_the_lockout(client, world):
    lock(client)
    reset_password_by_email(Client(), "member@example.org")

    response = post_login(client, "member@example.org", NEW_PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(world.member.pk)


def test_the_reset_lifts_a_lockout_counted_in_another_case(client, world):
    lock(client, "MEMBER@Example.org")
    reset_password_by_email(Client(), "member@example.org")
    assert post_login(client, "Member@example.org", NEW_PASSWORD).status_code == 302


def test_the_reset_lifts_only_that_accounts_lockout(client, world):
    lock(client, "member@example.org")
    lock(client, "volunteer@example.org")
    reset_password_by_email(Client(), "member@example.org")
    assert post_login(client, "volunteer@example.org", PASSWORD).status_code == 429


def test_changing_the_password_while_signed_in_lifts_the_lockout(client, world):
    lock(client)
    signed_in = Client()
    signed_in.force_login(world.member)
    signed_in.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert post_login(client, "member@example.org", NEW_PASSWORD).status_code == 302


def test_the_lockout_page_names_the_configured_wait_and_the_reset_link(client, world, settings):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=30)
    lock(client)
    body = post_login(client, "member@example.org", PASSWORD).content.decode()
    assert "Wait 30 minutes, then log in" in body
    assert reverse("password_reset") in body
    assert "as soon as you choose a new password the account is unlocked" in body


def test_the_lockout_page_counts_down_from_the_failure_that_locked(client, world):
    lock(client)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=10))
    body = post_login(client, "member@example.org", PASSWORD).content.decode()
    assert "Wait 5 minutes" in body


def test_tries_during_the_lockout_do_not_make_the_wait_longer(client, world):
    lock(client)
    locked_at = timezone.now() - settings.AXES_COOLOFF_TIME + timedelta(seconds=30)
    AccessAttempt.objects.update(attempt_time=locked_at)

    body = post_login(client, "member@example.org", "wrong").content.decode()

    assert "Wait 1 minute, then log in" in body
    assert AccessAttempt.objects.get().attempt_time == locked_at


def test_the_lockout_page_speaks_spanish(client, world):
    lock(client)
    response = client.post(
        reverse("login"),
        {"username": "member@example.org", "password": PASSWORD},
        headers={"accept-language": "es"},
    )
    assert "Espere 15 minutos" in response.content.decode()

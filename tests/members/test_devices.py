"""Signed-in devices a person can recognize, "last seen" kept, idle sessions ended."""

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import Membership, Role, UserSession
from members.tasks import forget_ended_sessions
from members.useragents import describe
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0"
CHROME_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def log_in(user, agent=FIREFOX_ANDROID, **extra) -> Client:
    client = Client(HTTP_USER_AGENT=agent)
    response = client.post(
        reverse("login"), {"username": user.email, "password": PASSWORD, **extra}
    )
    assert response.status_code == 302
    return client


def device_of(client) -> UserSession:
    return UserSession.objects.get(session_key=client.session.session_key)


def leave_unused(client, seconds: float) -> None:
    """As if this device's last request was ``seconds`` ago."""
    session = client.session
    session[UserSession.SEEN_KEY] = int(time.time() - seconds)
    session.save()


@pytest.mark.parametrize(
    ("agent", "browser", "system"),
    [
        (FIREFOX_ANDROID, "Firefox", "Android"),
        (CHROME_WINDOWS, "Chrome", "Windows"),
        (SAFARI_IPHONE, "Safari", "iPhone"),
        ("", None, None),
        ("Lost phone browser", None, None),
    ],
)
def test_a_user_agent_is_described_by_browser_and_system(agent, browser, system):
    assert describe(agent) == (browser, system)


def test_the_devices_page_names_browser_system_last_seen_and_this_device(world):
    phone = log_in(world.member, FIREFOX_ANDROID)
    laptop = log_in(world.member, CHROME_WINDOWS)
    UserSession.objects.filter(pk=device_of(laptop).pk).update(
        last_seen_at=timezone.now() - timedelta(minutes=3, seconds=5)
    )

    page = phone.get(reverse("sessions")).content.decode()

    assert "Firefox on Android" in page
    assert "Chrome on Windows" in page
    assert "last seen 3\xa0minutes ago" in page
    assert 'last seen just now, <span class="badge">this device</span>' in page
    assert "Mozilla/5.0" not in page


def test_the_devices_page_speaks_spanish(world):
    world.member.preferred_language = "es"
    world.member.save(update_fields=["preferred_language"])
    phone = log_in(world.member, FIREFOX_ANDROID)
    page = phone.get(reverse("sessions")).content.decode()
    assert "Firefox en Android" in page
    assert "este dispositivo" in page


def test_last_seen_moves_at_most_once_a_minute(world):
    client = log_in(world.member)
    long_ago = timezone.now() - timedelta(hours=2)
    UserSession.objects.update(last_seen_at=long_ago)

    client.get(reverse("profile"))  # within the minute of signing in
    assert device_of(client).last_seen_at == long_ago

    leave_unused(client, 61)
    client.get(reverse("profile"))
    assert timezone.now() - device_of(client).last_seen_at < timedelta(seconds=5)


def test_a_request_within_the_minute_costs_no_query_for_last_seen(world):
    client = log_in(world.member)
    client.get(reverse("profile"))
    with CaptureQueriesContext(connection) as context:
        client.get(reverse("profile"))
    assert not any("members_usersession" in q["sql"] for q in context.captured_queries)
    assert not any(q["sql"].startswith("UPDATE") for q in context.captured_queries)


def test_expired_sessions_are_gone_from_the_list_and_cleaned_up(world):
    here = log_in(world.member, FIREFOX_ANDROID)
    gone = log_in(world.member, CHROME_WINDOWS)
    Session.objects.filter(session_key=gone.session.session_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )

    page = here.get(reverse("sessions")).content.decode()
    assert "Chrome on Windows" not in page

    forget_ended_sessions()
    assert list(UserSession.objects.values_list("device", flat=True)) == [FIREFOX_ANDROID]
    assert not Session.objects.filter(expire_date__lt=timezone.now()).exists()


@pytest.mark.parametrize("role", ["volunteer", "coordinator", "admin"])
def test_a_staff_session_ends_after_the_idle_limit(world, role):
    client = log_in(world.user(role))
    leave_unused(client, settings.WCC_STAFF_IDLE_MINUTES * 60 + 5)

    response = client.get(reverse("profile"), follow=True)

    assert response.request["PATH_INFO"] == reverse("login")
    assert "not used for a while" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not UserSession.objects.filter(user=world.user(role)).exists()


def test_a_staff_session_used_within_the_idle_limit_goes_on(world):
    client = log_in(world.coordinator)
    leave_unused(client, settings.WCC_STAFF_IDLE_MINUTES * 60 - 60)
    assert client.get(reverse("profile")).status_code == 200
    assert client.session.get_expiry_age() == settings.WCC_STAFF_IDLE_MINUTES * 60


def test_the_idle_limit_is_a_setting(world, settings):
    settings.WCC_STAFF_IDLE_MINUTES = 30
    client = log_in(world.volunteer)
    assert device_of(client).idle_limit == timedelta(minutes=30)
    leave_unused(client, 31 * 60)
    assert client.get(reverse("profile")).status_code == 302


def test_a_members_session_keeps_the_normal_length(world):
    client = log_in(world.member)
    assert device_of(client).idle_limit is None
    leave_unused(client, settings.WCC_STAFF_IDLE_MINUTES * 60 + 5)
    assert client.get(reverse("profile")).status_code == 200
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_a_member_made_volunteer_gets_the_idle_limit_at_the_next_mark(world):
    client = log_in(world.member)
    Membership.objects.filter(user=world.member).update(role=Role.VOLUNTEER)
    leave_unused(client, 61)
    client.get(reverse("profile"))
    assert device_of(client).idle_limit == timedelta(minutes=settings.WCC_STAFF_IDLE_MINUTES)


def test_the_login_page_offers_the_shared_device_choice(client, world):
    page = client.get(reverse("login")).content.decode()
    assert 'name="shared_device"' in page
    assert "This is a shared device" in page
    assert "after 4 hours without use" in page


def test_a_shared_device_session_ends_when_the_browser_closes(world):
    client = Client()
    response = client.post(
        reverse("login"),
        {"username": world.member.email, "password": PASSWORD, "shared_device": "on"},
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    assert client.session.get_expire_at_browser_close()


def test_a_normal_login_cookie_outlives_the_browser(world):
    client = Client()
    response = client.post(reverse("login"), {"username": world.member.email, "password": PASSWORD})
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def test_a_shared_device_uses_the_idle_limit_even_for_a_member(world):
    client = log_in(world.member, shared_device="on")
    assert device_of(client).idle_limit == timedelta(minutes=settings.WCC_STAFF_IDLE_MINUTES)
    leave_unused(client, settings.WCC_STAFF_IDLE_MINUTES * 60 + 5)
    assert client.get(reverse("profile")).status_code == 302
    assert not UserSession.objects.exists()


def test_an_idle_ended_device_is_gone_from_the_list_before_it_is_used_again(world):
    here = log_in(world.coordinator, FIREFOX_ANDROID)
    there = log_in(world.coordinator, CHROME_WINDOWS)
    UserSession.objects.filter(pk=device_of(there).pk).update(
        last_seen_at=timezone.now() - timedelta(minutes=settings.WCC_STAFF_IDLE_MINUTES + 1)
    )
    assert "Chrome on Windows" not in here.get(reverse("sessions")).content.decode()
    forget_ended_sessions()
    assert not Session.objects.filter(session_key=there.session.session_key).exists()

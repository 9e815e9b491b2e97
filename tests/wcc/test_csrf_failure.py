"""A form sent without a valid CSRF token gets our own page, not Django's bare one."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROFILE = "http://testserver/accounts/profile/"


@pytest.fixture
def strict_client(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member)
    return client


def post_without_token(client, **headers):
    return client.post(reverse("profile"), {"display_name": "X"}, headers=headers)


def test_a_form_without_a_token_gets_our_page_with_status_403(strict_client):
    response = post_without_token(strict_client, referer=PROFILE)
    body = response.content.decode()
    assert response.status_code == 403
    assert "The form could not be sent" in body
    assert "DEBUG=True" not in body
    assert 'class="site-header"' in body  # the site's layout
    assert "open for a long time" in body and "cookies" in body


def test_the_csrf_page_leads_back_to_the_form_it_came_from(strict_client):
    body = post_without_token(strict_client, referer=PROFILE).content.decode()
    assert f'href="{PROFILE}"' in body
    assert "Back to the form" in body


def test_the_csrf_page_never_leads_to_another_site(strict_client):
    body = post_without_token(strict_client, referer="https://evil.example/").content.decode()
    assert "evil.example" not in body
    assert f'href="{reverse("home")}"' in body


def test_the_csrf_page_without_a_referer_leads_home(strict_client):
    body = post_without_token(strict_client).content.decode()
    assert f'href="{reverse("home")}"' in body


def test_the_csrf_page_speaks_spanish_with_lang_es(strict_client, world):
    world.member.preferred_language = "es"
    world.member.save(update_fields=["preferred_language"])
    body = post_without_token(strict_client, referer=PROFILE).content.decode()
    assert '<html lang="es" dir="ltr">' in body
    assert "No se pudo enviar el formulario" in body
    assert "The form could not be sent" not in body


def test_the_csrf_page_is_clean_under_our_content_security_policy(strict_client):
    response = post_without_token(strict_client, referer=PROFILE)
    body = response.content.decode()
    assert "style-src 'self'" in response["Content-Security-Policy"]
    assert "<style" not in body
    assert not re.search(r"\sstyle=", body)
    assert not re.search(r"<script(?![^>]*\ssrc=)", body), "inline script"
    assert not re.search(r"\son[a-z]+=", body), "inline event handler"


def test_an_anonymous_visitor_gets_the_csrf_page_too(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "a@example.org", "password": "x"})
    assert response.status_code == 403
    assert "The form could not be sent" in response.content.decode()


def test_an_htmx_form_without_a_token_reloads_its_page_with_the_explanation(strict_client):
    response = strict_client.post(
        reverse("profile"),
        {"display_name": "X"},
        headers={"hx-request": "true", "hx-current-url": PROFILE},
    )
    assert response.status_code == 403
    assert response["HX-Redirect"] in {PROFILE, urlsplit(PROFILE).path}
    page = strict_client.get(PROFILE).content.decode()
    assert "The form could not be sent: the page was open for a long time" in page


def test_an_htmx_csrf_failure_never_redirects_to_another_site(strict_client):
    response = strict_client.post(
        reverse("profile"),
        {"display_name": "X"},
        headers={"hx-request": "true", "hx-current-url": "https://evil.example/"},
    )
    assert response["HX-Redirect"] == reverse("home")

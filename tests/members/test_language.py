import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_switches_to_spanish(client):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = client.get(reverse("login"))
    assert '<html lang="es" dir="ltr">' in page.content.decode()
    assert "Iniciar sesión" in page.content.decode()


def test_logged_in_person_sees_their_preferred_language_whatever_the_browser(client, world):
    world.member.preferred_language = "es"
    world.member.save(update_fields=["preferred_language"])
    client.force_login(world.member)
    page = client.get(reverse("neighborhood_home", args=["eastside"]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Cerrar sesión" in page.content.decode()


def test_switching_while_logged_in_saves_the_preference(member_client, world):
    member_client.post(reverse("set_language"), {"language": "es", "next": "/"})
    world.member.refresh_from_db()
    assert world.member.preferred_language == "es"


def test_switcher_never_redirects_off_site(client):
    response = client.post(
        reverse("set_language"), {"language": "es", "next": "https://evil.example/"}
    )
    assert response.url == "/"


def test_unknown_language_changes_nothing(member_client, world):
    response = member_client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert response.status_code == 302
    world.member.refresh_from_db()
    assert world.member.preferred_language == "en"

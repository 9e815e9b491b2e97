"""htmx's edges, handled once (wcc/htmx.py): history restores get the whole page, answers
vary by HX-Request, filters come back with the results, an ended session or a stale CSRF
token sends htmx to the login or back to the page, and failures show a message."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD
from tests.mutualaid.needs.factories import NeedCategoryFactory, NeedFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


def board_url(world) -> str:
    return reverse("needs_board", kwargs={"slug": world.own.slug})


def claim_url(world) -> str:
    need = NeedFactory(neighborhood=world.own)
    return reverse("needs_claim", kwargs={"slug": world.own.slug, "pk": need.pk})


def next_of(url: str) -> str:
    split = urlsplit(url)
    assert split.path == reverse("login"), url
    return parse_qs(split.query)["next"][0]


def test_a_history_restore_request_gets_the_whole_board_not_the_cards(member_client, world):
    NeedFactory(neighborhood=world.own, public_summary="Restored soup")

    response = member_client.get(board_url(world), {"urgency": "urgent"}, headers=RESTORE)

    page = response.content.decode()
    assert page.lstrip().startswith("<!doctype html>")
    assert "<nav" in page and '<header class="site-header">' in page
    assert 'id="needs-board"' in page


def test_board_answers_say_they_vary_by_hx_request(member_client, world):
    for headers in ({}, HTMX, RESTORE):
        vary = member_client.get(board_url(world), headers=headers)["Vary"]
        assert "HX-Request" in vary and "HX-History-Restore-Request" in vary


def test_a_page_that_never_asks_about_htmx_does_not_vary_by_it(member_client, world):
    response = member_client.get(reverse("needs_post", kwargs={"slug": world.own.slug}))
    assert "HX-Request" not in response.get("Vary", "")


def test_board_filters_by_htmx_come_back_with_the_chosen_values(member_client, world):
    meals = NeedCategoryFactory(neighborhood=world.own, slug="hot-meals", name="Hot meals")
    NeedFactory(neighborhood=world.own, category=meals)

    response = member_client.get(
        board_url(world), {"category": meals.pk, "urgency": "urgent"}, headers=HTMX
    )

    part = response.content.decode()
    assert "<html" not in part
    assert re.search(r'<form class="needs-filters"', part)
    assert f'<option value="{meals.pk}" selected>' in part
    assert '<option value="urgent" selected>' in part


def test_directory_search_by_htmx_comes_back_with_the_typed_words(coordinator_client, world):
    url = reverse("member_directory", kwargs={"slug": world.own.slug})
    part = coordinator_client.get(url, {"q": "Mo", "role": "member"}, headers=HTMX).content.decode()
    assert "<html" not in part
    assert 'name="q" value="Mo"' in part
    assert '<option value="member" selected>' in part


def test_an_htmx_post_after_the_session_ended_redirects_htmx_to_the_login_back_to_the_page(
    client, world
):
    page = "http://testserver" + board_url(world) + "?urgency=urgent"

    response = client.post(claim_url(world), headers={**HTMX, "HX-Current-URL": page})

    assert response.status_code == 200  # htmx follows HX-Redirect only on an answer it reads
    assert "Location" not in response
    assert next_of(response["HX-Redirect"]) == board_url(world) + "?urgency=urgent"


def test_an_htmx_post_from_another_origin_never_returns_to_it_or_to_the_post_url(client, world):
    response = client.post(
        claim_url(world), headers={**HTMX, "HX-Current-URL": "https://evil.example/x"}
    )
    assert next_of(response["HX-Redirect"]) == reverse(
        "neighborhood_home", kwargs={"slug": world.own.slug}
    )


def test_an_htmx_get_after_the_session_ended_returns_to_the_page_not_the_partial(client, world):
    response = client.get(
        board_url(world) + "?after=abc",
        headers={**HTMX, "HX-Current-URL": "http://testserver" + board_url(world)},
    )
    assert next_of(response["HX-Redirect"]) == board_url(world)


def test_a_plain_get_after_the_session_ended_keeps_djangos_redirect(client, world):
    response = client.get(board_url(world) + "?urgency=urgent")
    assert response.status_code == 302
    assert next_of(response.url) == board_url(world) + "?urgency=urgent"


def test_a_plain_post_after_the_session_ended_lands_on_its_page_after_the_login(client, world):
    page = "http://testserver" + board_url(world) + "?urgency=urgent"

    bounced = client.post(claim_url(world), headers={"Referer": page})

    assert bounced.status_code == 302
    target = next_of(bounced.url)
    assert target == board_url(world) + "?urgency=urgent"
    landed = client.post(
        bounced.url,
        {"username": world.member.email, "password": PASSWORD, "next": target},
        follow=True,
    )
    assert landed.status_code == 200
    assert landed.redirect_chain[-1][0] == target


def test_a_plain_post_without_a_referer_returns_to_the_neighborhood_home(client, world):
    bounced = client.post(claim_url(world))
    assert next_of(bounced.url) == reverse("neighborhood_home", kwargs={"slug": world.own.slug})


def test_a_plain_post_to_a_page_outside_a_neighborhood_returns_to_the_site_home(client, world):
    bounced = client.post(reverse("sessions_end_others"))
    assert next_of(bounced.url) == reverse("home")


@pytest.fixture
def csrf_client(settings, world):
    settings.CSRF_FAILURE_VIEW = "wcc.htmx.csrf_failure"
    return Client(enforce_csrf_checks=True)


def test_a_stale_csrf_token_on_htmx_sends_the_person_back_to_the_page_with_a_message(
    csrf_client, world
):
    csrf_client.force_login(world.member)
    page = "http://testserver" + board_url(world) + "?urgency=urgent"

    response = csrf_client.post(
        claim_url(world), headers={**HTMX, "HX-Current-URL": page, "X-CSRFToken": "stale"}
    )

    assert response.status_code == 403
    assert response["HX-Redirect"] == board_url(world) + "?urgency=urgent"
    shown = csrf_client.get(response["HX-Redirect"]).content.decode()
    assert "The form could not be sent: the page was open for a long time" in shown


def test_a_stale_csrf_token_on_htmx_after_the_session_ended_goes_to_the_login(csrf_client, world):
    page = "http://testserver" + board_url(world)
    response = csrf_client.post(
        claim_url(world), headers={**HTMX, "HX-Current-URL": page, "X-CSRFToken": "stale"}
    )
    assert response.status_code == 403
    assert next_of(response["HX-Redirect"]) == board_url(world)


def test_a_stale_csrf_token_without_htmx_gets_the_plain_failure_page(csrf_client, world):
    csrf_client.force_login(world.member)
    response = csrf_client.post(claim_url(world))
    assert response.status_code == 403
    assert "HX-Redirect" not in response


def test_every_page_loads_the_failure_script_with_translated_messages(member_client, world):
    world.member.preferred_language = "es"
    world.member.save(update_fields=["preferred_language"])
    page = member_client.get(board_url(world)).content.decode()
    assert "/static/js/htmx-errors.js" in page
    assert finders.find("js/htmx-errors.js")
    error = re.search(r'data-htmx-error="([^"]+)"', page).group(1)
    offline = re.search(r'data-htmx-offline="([^"]+)"', page).group(1)
    assert error.startswith("Lo sentimos")
    assert offline.startswith("La conexión")


def test_the_logouts_own_redirect_to_the_login_is_left_alone(member_client):
    response = member_client.post(reverse("logout"), headers={"Referer": "http://testserver/"})
    assert response.url == reverse("login")
    assert "Clear-Site-Data" in response

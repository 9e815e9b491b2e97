"""What every page carries: htmx from our own static files, the CSRF token for htmx,
a skip link and landmarks, and navigation that matches the person's role."""

import re

import pytest
from django.core.cache import caches
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_htmx_requests_carry_the_csrf_token(member_client):
    page = member_client.get(reverse("neighborhood_home", args=["eastside"])).content.decode()
    token = re.search(r'hx-headers=\'\{"X-CSRFToken": "([^"]+)"\}\'', page)
    assert token and len(token.group(1)) >= 32
    assert "/static/js/htmx.min.js" in page


def test_every_page_has_a_skip_link_to_main_and_landmarks(client):
    page = client.get(reverse("login")).content.decode()
    assert 'href="#main"' in page and '<main id="main"' in page
    assert "<header" in page and "<footer" in page


def test_navigation_shows_only_what_the_role_allows(client, world):
    client.force_login(world.member)
    member_page = client.get(reverse("neighborhood_home", args=["eastside"])).content.decode()
    assert "Network admin" not in member_page
    client.force_login(world.admin)
    admin_page = client.get(reverse("neighborhood_home", args=["eastside"])).content.decode()
    assert reverse("admin:index") in admin_page


def test_home_page_runs_a_fixed_number_of_queries(member_client, django_assert_num_queries):
    home = reverse("neighborhood_home", args=["eastside"])
    member_client.get(home)  # warms the signed-in snapshot (members/signed_in.py)
    # The session, person, roles and neighborhood come from the session cache: then
    # open needs, the next table and the series that says when it meets, the own next
    # shift, governance's card (open proposals, those waiting for the person's vote and
    # urgent decisions, in one), the person's action points and their study circles
    # (none here: no query for their sessions).
    caches["template_fragments"].clear()  # the page drawn afresh, not from the fragment cache
    with django_assert_num_queries(7):
        member_client.get(home)

"""Signed-in pages are private on the wire: Cache-Control no-store unless a view says why.

Walks the permission matrix's whole URL list (every row, every signed-in role that gets
a page), so a new view is covered the day its row is added.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from tests.matrix import ROLES
from tests.test_permission_matrix import ROWS
from wcc.middleware import PrivateByDefaultMiddleware, cacheable

pytestmark = pytest.mark.django_db

SIGNED_IN_PAGES = [
    (row, role)
    for row in ROWS
    if row.method == "get"
    for role in ROLES
    if role != "anonymous" and row.expect[role] == 200
]


@pytest.mark.parametrize(
    ("row", "role"), SIGNED_IN_PAGES, ids=[f"{row.id} as {role}" for row, role in SIGNED_IN_PAGES]
)
def test_every_signed_in_page_says_no_store_and_private(client, world, row, role):
    client.force_login(world.user(role))
    response = client.get(reverse(row.url_name, kwargs=row.kwargs(world)), row.data)
    assert response.status_code == 200
    cache_control = response.get("Cache-Control", "")
    assert "no-store" in cache_control, f"{row.id} as {role}: {cache_control!r}"
    assert "private" in cache_control, f"{row.id} as {role}: {cache_control!r}"


def test_the_url_list_covers_the_pages_with_other_peoples_details():
    names = {row.url_name for row, _role in SIGNED_IN_PAGES}
    assert {
        "member_directory",
        "member_export",
        "member_detail",
        "my_data_download",
        "invitations",
    } <= names


def signed_in_request(world):
    request = RequestFactory().get("/")
    request.user = world.member
    return request


def test_a_page_for_an_anonymous_visitor_keeps_its_own_caching(world):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    response = PrivateByDefaultMiddleware(lambda request: HttpResponse("ok"))(request)
    assert not response.has_header("Cache-Control")


def test_a_view_marked_cacheable_keeps_its_cache_control(world):
    @cacheable("the same for everyone, and changes once a day")
    def view(request):
        response = HttpResponse("ok")
        response["Cache-Control"] = "private, max-age=300"
        return response

    response = PrivateByDefaultMiddleware(view)(signed_in_request(world))
    assert response["Cache-Control"] == "private, max-age=300"


def test_a_view_that_sets_caching_without_a_reason_is_made_private(world):
    def view(request):
        response = HttpResponse("ok")
        response["Cache-Control"] = "public, max-age=300"
        return response

    response = PrivateByDefaultMiddleware(view)(signed_in_request(world))
    assert response["Cache-Control"] == "no-store, private"


def test_cacheable_needs_a_reason():
    with pytest.raises(ValueError):
        cacheable(" ")

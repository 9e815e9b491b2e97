"""htmx's edges on every URL of the permission matrix (wcc/htmx.py).

- Each page that answers a GET, asked by htmx's history restore (after Back, with no
  snapshot), answers the whole page: the document, its header and, signed in, the
  navigation; never a bare partial.
- Each URL that takes a POST from signed-in people only, posted by htmx without a
  session, answers HX-Redirect to the login with ``next`` the page the person was on
  (never the POST-only URL, which would answer 405 after the login).
"""

import html
import re
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.urls import reverse

from tests.matrix import LOGIN, Row
from tests.test_permission_matrix import ROWS

# The role each page is asked as: the first one the matrix lets in.
ASK_AS = ["member", "volunteer", "coordinator", "admin", "anonymous", "other_coordinator"]
HX_GET = re.compile(r'hx-get="([^"]+)"')
RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


def first_role_let_in(row: Row) -> str | None:
    return next((role for role in ASK_AS if row.expect[role] == 200), None)


PAGES = [row for row in ROWS if row.method == "get" and first_role_let_in(row)]
POST_ONLY_SIGNED_IN = [
    row for row in ROWS if row.method == "post" and row.expect["anonymous"] == LOGIN
]


def test_the_lists_cover_the_pages_and_posts_of_the_matrix():
    assert len(PAGES) >= 30 and len(POST_ONLY_SIGNED_IN) >= 20


@pytest.mark.parametrize("row", PAGES, ids=lambda row: row.id)
def test_a_history_restore_request_gets_the_whole_page(client, world, row: Row):
    role = first_role_let_in(row)
    user = world.user(role)
    if user is not None:
        client.force_login(user)
    url = reverse(row.url_name, kwargs=row.kwargs(world))

    response = client.get(url, row.data, headers=RESTORE)

    assert response.status_code == 200, f"{row.id} as {role}"
    if not response["Content-Type"].startswith("text/html"):
        return  # a download (CSV, calendar, text): no partial to mix up
    page = response.content.decode()
    assert_whole_page(page, row.id, signed_in=user is not None)
    # The addresses the page's own hx-get links push or load (filters, more, pages).
    for link in sorted(set(HX_GET.findall(page)))[:5]:
        address = urljoin(url, html.unescape(link))
        restored = client.get(address, headers=RESTORE)
        assert restored.status_code == 200, address
        assert_whole_page(restored.content.decode(), address, signed_in=user is not None)


def assert_whole_page(page: str, label: str, *, signed_in: bool) -> None:
    assert page.lstrip().lower().startswith("<!doctype html>"), label
    assert '<header class="site-header">' in page, label
    if signed_in:
        assert '<nav class="site-nav"' in page, label


@pytest.mark.parametrize("row", POST_ONLY_SIGNED_IN, ids=lambda row: row.id)
def test_an_htmx_post_without_a_session_redirects_to_the_login_back_to_the_page(
    client, world, row: Row
):
    url = reverse(row.url_name, kwargs=row.kwargs(world))
    page = reverse("neighborhood_home", kwargs={"slug": world.own.slug}) + "?from=htmx"

    response = client.post(
        url, row.data, headers={"HX-Request": "true", "HX-Current-URL": f"http://testserver{page}"}
    )

    assert response.status_code == 200, row.id
    login = urlsplit(response["HX-Redirect"])
    assert login.path == reverse("login")
    assert parse_qs(login.query)["next"] == [page]

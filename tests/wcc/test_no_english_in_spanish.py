"""No English on a Spanish page: every page of the permission matrix, as each role
that may open it, read once in English and once in Spanish.

A text node (or a shown attribute) left after taking out what people typed (every
string in WCC's tables: names, places, need texts) that reads the same in both
languages, or that is an English msgid of the catalog, is English left on a Spanish
page (tests/visible_text.py; the few words that are the same in both languages are
listed there with their reasons). Each row prints how many it found; the suite's
goal, and this test's bar, is zero.
"""

import csv
import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import Resolver404, resolve, reverse

from members.demo import DEMO_ACCOUNTS
from members.models import User
from tests.matrix import ROLES
from tests.pages import reachable_urls
from tests.test_permission_matrix import ROWS
from tests.visible_text import (
    calendar_text,
    english_catalog,
    english_left,
    normalized,
    typed_by_people,
    visible_text,
)

PAGES = [row for row in ROWS if row.method == "get" and 200 in row.expect.values()]
CATALOG = english_catalog()
# Pages the demo walk does not open: they sign out, change state on GET or are files.
NOT_READ_IN_THE_WALK = {"logout", "set_language", "healthz"}


def read_as(client, user, url: str, language: str) -> list[str]:
    """The page's visible text as ``user`` (None: a visitor) reading ``language``."""
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        client.force_login(user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, f"{url} in {language}: {response.status_code}"
    assert response["Content-Language"] == language
    content_type = response.get("Content-Type", "")
    if "json" in content_type:  # read by programs (a health check, a data export)
        return []
    # Read by programs too (the intake table's service worker) or a file as uploaded
    # (a study circle's PDF): nothing of theirs is WCC's words to a person.
    if any(kind in content_type for kind in ("javascript", "application/pdf")):
        return []
    if "calendar" in content_type:
        return calendar_text(response.content.decode())
    if "html" not in content_type:  # a CSV export: each line's cells
        lines = response.content.decode("utf-8-sig").splitlines()
        return [normalized(cell) for row in csv.reader(lines) for cell in row if cell.strip()]
    return visible_text(response.content.decode())


@pytest.mark.parametrize("row", PAGES, ids=lambda row: row.id)
def test_a_spanish_page_shows_no_english(client, world, row):
    url = reverse(row.url_name, kwargs=row.kwargs(world))
    found = {}
    for role in ROLES:
        if row.expect[role] != 200:
            continue
        user = world.user(role)
        english = read_as(client, user, url, "en")
        spanish = read_as(client, user, url, "es")
        left = english_left(spanish, english, typed_by_people(), CATALOG)
        if left:
            found[role] = sorted(left)
    count = sum(map(len, found.values()))
    print(f"{row.id}: {count} English strings on the Spanish page")
    assert not found, f"English on the Spanish page {url}: {found}"


def links_on(html: str) -> list[str]:
    return re.findall(r'href="(/[^"#?]*)', html)


def test_the_demo_in_spanish_shows_no_english(client, db):
    """The demo's fuller pages (a closed session's charts, shifts with people, needs
    with claims), as each demo person, from their home and menu and one link on:
    one page per kind (URL name) for each person."""
    call_command("seed_demo", verbosity=0)
    data = typed_by_people()
    found, read = {}, 0
    for email, *_ in DEMO_ACCOUNTS:
        user = User.objects.get(email=email)
        seen_kinds, queue = set(), list(reachable_urls(user))
        while queue:
            url = queue.pop(0)
            try:
                match = resolve(url)
            except Resolver404:
                continue
            if match.namespace == "admin":  # Django's own, in Django's own catalog
                continue
            if match.url_name in seen_kinds or match.url_name in NOT_READ_IN_THE_WALK:
                continue
            seen_kinds.add(match.url_name)
            client.force_login(user)
            if client.get(url).status_code != 200:
                continue
            english = read_as(client, user, url, "en")
            spanish = read_as(client, user, url, "es")
            read += 1
            left = english_left(spanish, english, data, CATALOG)
            if left:
                found[f"{email} {url}"] = sorted(left)
            page = client.get(url)
            if not page.streaming and "html" in page.get("Content-Type", ""):  # not a PDF
                queue += links_on(page.content.decode())
    count = sum(map(len, found.values()))
    print(f"demo: {read} pages read, {count} English strings on the Spanish pages")
    assert read >= 40
    assert not found, "English on Spanish pages:\n" + "\n".join(
        f"{where}: {strings}" for where, strings in found.items()
    )

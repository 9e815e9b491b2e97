"""First-load weight budget: each page's HTML, CSS and JS, compressed, under 60 KB."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

from members.demo import DEMO_ACCOUNTS
from members.models import User
from tests.pages import public_urls, reachable_urls

BUDGET = 60 * 1024
ASSET = re.compile(r'<(?:script[^>]+src|link[^>]+href)="/static/([^"?]+\.(?:js|css))"')


def first_load_bytes(client, url: str) -> int:
    html = client.get(url, follow=True).content
    total = len(gzip.compress(html))
    for asset in set(ASSET.findall(html.decode())):
        with open(finders.find(asset), "rb") as f:
            total += len(gzip.compress(f.read()))
    return total


@pytest.mark.django_db
def test_every_page_loads_under_the_weight_budget(client):
    call_command("seed_demo", verbosity=0)
    weights = {url: first_load_bytes(client, url) for url in public_urls()}
    for email, *_ in DEMO_ACCOUNTS:
        user = User.objects.get(email=email)
        client.force_login(user)
        weights.update(
            {f"{email} {url}": first_load_bytes(client, url) for url in reachable_urls(user)}
        )
    heavy = {page: size for page, size in weights.items() if size > BUDGET}
    assert len(weights) >= 15
    assert not heavy, heavy
    assert min(weights.values()) > 10_000  # htmx and the stylesheet were counted

"""The board's card is drawn in Python (mutualaid/templatetags/needs.py) for speed: its
markup must stay the markup of the template partial it replaced, in every case."""

import itertools
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.test.html import parse_html
from django.utils import timezone, translation

from .factories import NeedCategoryFactory, NeedFactory

pytestmark = pytest.mark.django_db

# The partial as it was a template (board.html before the tag), kept as the reference.
REFERENCE = (Path(__file__).parent / "card_reference.html").read_text()

TAG = "{% load needs %}{% need_card need %}"


def both(need, **context):
    request = RequestFactory().get("/")
    request.neighborhood = need.neighborhood
    values = {
        "need": need,
        "request": request,
        "csrf_token": "tok<en>",
        "offer_ids": set(),
        "board_url": f"/n/{need.neighborhood.slug}/needs/",
        **context,
    }
    return (
        Template(TAG).render(Context(values, autoescape=True)),
        Template(REFERENCE).render(Context(values, autoescape=True)),
    )


URGENCIES = ["urgent", "normal", "low"]
OUTCOMES = [
    {},
    {"outcome": "claimed", "outcome_text": "It is yours <b>"},
    {"outcome": "taken", "outcome_text": "Someone else took it"},
]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_card_is_the_reference_markup_in_every_case(world, language):
    renamed = NeedCategoryFactory(neighborhood=world.own, slug="groceries", name="Food <&> 'co'")
    cases = itertools.product(URGENCIES, [None, date(2026, 12, 24)], [False, True], OUTCOMES)
    with translation.override(language):
        for urgency, needed_by, matches, outcome in cases:
            need = NeedFactory(
                neighborhood=world.own,
                urgency=urgency,
                needed_by=needed_by,
                public_summary='Soup & bread for "Ana" <script>alert(1)</script>',
            )
            need.created_at = timezone.now() - timedelta(days=3, hours=2)
            offer_ids = {need.category_id} if matches else set()
            fast, reference = both(need, offer_ids=offer_ids, **outcome)
            assert parse_html(fast) == parse_html(reference), (urgency, needed_by, outcome)
            assert "<script>" not in fast and "&lt;script&gt;" in fast
        need = NeedFactory(neighborhood=world.own, category=renamed)
        fast, reference = both(need)
        assert parse_html(fast) == parse_html(reference)
        assert "Food &lt;&amp;&gt;" in fast


def test_the_card_says_its_age_and_date_in_spanish(world):
    need = NeedFactory(neighborhood=world.own, urgency="urgent", needed_by=date(2026, 12, 24))
    need.created_at = timezone.now() - timedelta(days=2, hours=1)
    with translation.override("es"):
        fast, _ = both(need)
    assert "Abierta hace 2 días · se necesita antes del 24 de diciembre de 2026" in fast
    assert "Urgente" in fast
    assert "Puedo ayudar" in fast


def test_an_open_need_shows_no_private_field(world):
    need = NeedFactory(neighborhood=world.own, private_details="CANARY-private-42")
    fast, _ = both(need)
    assert "CANARY" not in fast

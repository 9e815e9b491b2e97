"""The board's card (the ``card`` partial of mutualaid/needs/board.html): what it says
in every case, escaped, in both languages, and never anything private."""

from datetime import date, timedelta

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone, translation

from .factories import NeedCategoryFactory, NeedFactory

pytestmark = pytest.mark.django_db


def card(need, **context) -> str:
    request = RequestFactory().get("/")
    request.neighborhood = need.neighborhood
    values = {"need": need, "offer_ids": set(), **context}
    return render_to_string("mutualaid/needs/board.html#card", values, request=request)


def test_the_card_escapes_what_people_typed(world):
    renamed = NeedCategoryFactory(neighborhood=world.own, slug="groceries", name="Food <&> 'co'")
    need = NeedFactory(
        neighborhood=world.own,
        category=renamed,
        public_summary='Soup & bread for "Ana" <script>alert(1)</script>',
    )
    html = card(need)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Food &lt;&amp;&gt;" in html


URGENCY_WORDS = [
    ("urgent", "Urgent", "need-card--urgent"),
    ("low", "Not urgent", None),
    ("normal", None, None),
]


@pytest.mark.parametrize(("urgency", "words", "css"), URGENCY_WORDS)
def test_the_card_says_its_urgency_in_words(world, urgency, words, css):
    html = card(NeedFactory(neighborhood=world.own, urgency=urgency))
    if words:
        assert words in html
    else:
        assert "Urgent" not in html and "Not urgent" not in html
    if css:
        assert css in html


def test_the_card_marks_a_match_with_the_readers_offers(world):
    need = NeedFactory(neighborhood=world.own)
    assert "Matches your offer" not in card(need)
    assert "Matches your offer" in card(need, offer_ids={need.category_id})
    need.matches_offer = True  # as the board's query reads it
    assert "need-card--match" in card(need)


def test_an_open_card_posts_its_claim_to_its_own_address_with_htmx_and_without(world):
    need = NeedFactory(neighborhood=world.own)
    url = f"/n/{world.own.slug}/needs/{need.pk}/claim/"
    html = card(need)
    assert f'action="{url}"' in html and f'hx-post="{url}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "I can help" in html


def test_a_claimed_card_says_so_and_links_to_my_claims(world):
    need = NeedFactory(neighborhood=world.own)
    html = card(need, outcome="claimed", outcome_text="It is yours <b>")
    assert "It is yours &lt;b&gt;" in html
    assert f'href="/n/{world.own.slug}/needs/mine/"' in html
    assert "I can help" not in html


def test_the_card_says_its_age_and_date_in_spanish(world):
    need = NeedFactory(neighborhood=world.own, urgency="urgent", needed_by=date(2026, 12, 24))
    need.created_at = timezone.now() - timedelta(days=2, hours=1)
    with translation.override("es"):
        html = card(need)
    assert "Abierta hace 2 días · se necesita antes del 24 de diciembre de 2026" in html
    assert "Urgente" in html
    assert "Puedo ayudar" in html


def test_an_open_need_shows_no_private_field(world):
    need = NeedFactory(neighborhood=world.own, private_details="CANARY-private-42")
    assert "CANARY" not in card(need)

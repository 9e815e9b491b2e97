"""The needs board's card, drawn in Python.

A board page draws 20 cards. As a template partial the card cost about 170 µs of CPU
(20 cards: 3.4 ms of the board's ~15 ms): a template walks some 25 nodes a card, each
resolving, localizing and escaping on its own. Here every text is escaped once with
the standard library's ``html.escape`` (what Django's ``escape`` calls, without its
lazy-string wrapper) and the fixed words are translated once a page: about 55 µs a
card. tests/mutualaid/needs/test_board_card.py pins the markup, in every case and both
languages, to the template it replaced.
"""

from __future__ import annotations

from html import escape

from django import template
from django.urls import reverse
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from ..models import ResourceRequest

register = template.Library()

URGENT, LOW = ResourceRequest.Urgency.URGENT, ResourceRequest.Urgency.LOW


@register.simple_tag(takes_context=True)
def need_card(context, need: ResourceRequest) -> SafeString:
    """One card: category, urgency, a match with the reader's offers, the public
    summary (never anything private), its age, and "I can help" or what came of it."""
    words = _words(context)
    # The board reads each need's match with its query; a card drawn alone (after a
    # claim) may name the reader's offered categories instead.
    match = getattr(need, "matches_offer", None)
    if match is None:
        match = need.category_id in context.get("offer_ids", ())
    classes = "card need-card"
    tags = [f'<span class="tag">{escape(need.category.label)}</span>']
    if need.urgency == URGENT:
        classes += " need-card--urgent"
        tags.append(f'<strong class="tag tag--urgent">{words["urgent"]}</strong>')
    elif need.urgency == LOW:
        tags.append(f'<span class="tag tag--low">{words["low"]}</span>')
    if match:
        classes += " need-card--match"
        tags.append(f'<strong class="tag tag--match">★ {words["match"]}</strong>')
    age = need.open_for_text()
    if need.needed_by:
        date = formats.date_format(need.needed_by, "DATE_FORMAT")
        age += " · " + gettext("needed by %(date)s") % {"date": date}
    end = _outcome(context) if context.get("outcome") else _claim_form(context, need, words)
    tags = "\n".join(tags)  # spaced apart, as inline words
    return mark_safe(
        f'<li class="{classes}" id="need-{need.pk}">\n'
        f'<p class="need-card__meta">{tags}</p>\n'
        f'<p class="need-card__summary">{escape(need.public_summary)}</p>\n'
        f'<p class="need-card__age muted">{escape(age)}</p>\n'
        f"{end}\n</li>"
    )


def _words(context) -> dict[str, str]:
    """The card's fixed words, translated and escaped once per page render."""
    words = context.render_context.get(_words)
    if words is None:
        words = context.render_context[_words] = {
            "urgent": escape(gettext("Urgent")),
            "low": escape(gettext("Not urgent")),
            "match": escape(gettext("Matches your offer")),
            "help": escape(gettext("I can help")),
            # One CSRF token a page: the context's (lazy), as {% csrf_token %} takes it.
            "csrf": escape(str(context.get("csrf_token", ""))),
        }
    return words


def _claim_form(context, need, words) -> str:
    # A need's claim address is <board>/<pk>/claim/ (mutualaid/urls.py): one reverse per
    # page, not one per card.
    action = escape(f"{context['board_url']}{need.pk}/claim/")
    return (
        f'<form method="post" action="{action}" hx-post="{action}" '
        f'hx-target="#need-{need.pk}" hx-swap="outerHTML">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{words["csrf"]}">'
        f'<button type="submit" class="button--primary">{words["help"]}</button></form>'
    )


def _outcome(context) -> str:
    outcome = escape(context["outcome"])
    link = ""
    if outcome == "claimed":
        url = reverse("needs_my_claims", kwargs={"slug": context["request"].neighborhood.slug})
        link = f' <a href="{escape(url)}">{escape(gettext("My claims"))}</a>'
    return (
        f'<p class="need-card__outcome need-card__outcome--{outcome}" role="status">'
        f"{escape(str(context['outcome_text']))}{link}</p>"
    )

"""The session page's visit rows, drawn in Python.

The rows as a template loop cost about 100 µs each (a dozen nodes and a loop over
the need chips per row); the table's page shows 25 of them and every saved visit
redraws them. Here each text is escaped once with the standard library's
``html.escape`` (what Django's ``escape`` calls) and the fixed words are translated
once per list. tests/intake/test_visit_rows.py pins the markup to the template it
replaced, in both languages.
"""

from __future__ import annotations

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from wcc.templatetags.listing import clock

register = template.Library()


@register.simple_tag(takes_context=True)
def visit_rows(context, visits) -> SafeString:
    """``<li>`` rows of ``VisitQuerySet.with_chips`` visits: the visitor (a link to
    their page), "new" on a first visit, the time, the needs (marked when shared to the
    board) and a link to edit the visit."""
    root = reverse("intake_sessions", kwargs={"slug": context["request"].neighborhood.slug})
    new = escape(gettext("new"))  # outside the f-string, where makemessages finds it
    new = f'<span class="badge">{new}</span>'
    on_board = escape(gettext("on the board"))
    edit = escape(gettext("Edit"))
    rows = []
    for visit in visits:
        chips = "".join(
            f'<span class="chip chip--shared">{escape(label)} · {on_board}</span>'
            if shared
            else f'<span class="chip">{escape(label)}</span>'
            for label, shared in visit.chips
        )
        rows.append(
            f'<li class="visit">\n'
            f'<a href="{root}visitors/{visit.visitor_id}/">'
            f"<strong>{escape(visit.visitor_name)}</strong></a>\n"
            f"{new if visit.is_first_visit else ''}\n"
            f'<span class="muted">{clock(visit.created_at)}</span>\n'
            f'<span class="needs">{chips}</span>\n'
            f'<a href="{root}visits/{visit.pk}/edit/">{edit}</a>\n'
            "</li>"
        )
    return mark_safe("\n".join(rows))  # every text in it escaped above

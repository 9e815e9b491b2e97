"""The coordinator's triage tables, their rows drawn in Python.

A triage page shows up to 60 rows (three sections of 20). As a template loop they cost
about 1.2 ms of CPU (bench/needs.py): five values a row, each resolved, localized and
escaped on its own. Here each text is escaped once with the standard library's
``html.escape`` (what Django's ``escape`` calls) and the tag's word translated once a
table, as the board's card does (mutualaid/templatetags/needs.py).
tests/mutualaid/needs/test_triage_rows.py pins the markup, in both languages, to the
template loop it replaced.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from wcc.templatetags.listing import shorten

register = template.Library()


@register.simple_tag
def triage_table_rows(rows: Iterable) -> SafeString:
    """The rows of one triage table (TriageRow, mutualaid/views/needs.py): the public
    summary as a link to the need's page (never anything private), an urgent tag, the
    category, the status and how long the need has been open."""
    urgent = f' <strong class="tag tag--urgent">{escape(gettext("Urgent"))}</strong>'
    return mark_safe(
        "\n".join(
            f'<tr>\n<td><a href="{escape(row.url)}">{escape(shorten(row.public_summary, 80))}'
            f"</a>{urgent if row.is_urgent else ''}</td>\n<td>{escape(row.category)}</td>\n"
            f"<td>{escape(row.status)}</td>\n<td>{escape(row.age)}</td>\n</tr>"
            for row in rows
        )
    )

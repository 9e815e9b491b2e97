"""The triage tables' rows are drawn in Python (mutualaid/templatetags/triage.py) for
speed: their markup must stay the markup of the template loop it replaced."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.template import Context, Template
from django.test.html import parse_html
from django.urls import reverse
from django.utils import timezone, translation

from mutualaid.views.needs import TriageRow, _triage_sections

from .factories import NeedCategoryFactory, NeedFactory, claimed_need

pytestmark = pytest.mark.django_db

# The loop as it was a template (triage.html before the tag), kept as the reference.
REFERENCE = (Path(__file__).parent / "triage_rows_reference.html").read_text()

TAG = "{% load triage %}{% triage_table_rows rows %}"


def both(rows: list[TriageRow]) -> tuple[str, str]:
    context = {"rows": rows}
    return (
        Template(TAG).render(Context(context, autoescape=True)),
        Template(REFERENCE).render(Context(context, autoescape=True)),
    )


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_rows_are_the_reference_markup(world, language):
    now = timezone.now()
    renamed = NeedCategoryFactory(neighborhood=world.own, slug="groceries", name="Food <&> 'co'")
    other = NeedCategoryFactory(neighborhood=world.own, slug="hot-meals", name="Hot meals")
    for days, urgency in [(0, "urgent"), (1, "normal"), (3, "low"), (20, "urgent"), (30, "normal")]:
        NeedFactory(
            neighborhood=world.own,
            urgency=urgency,
            category=renamed if days % 2 else other,
            created_at=now - timedelta(days=days, hours=2),
            public_summary=f'Soup & bread for "Ana" <script>x</script> {days}' + "-" * days * 3,
        )
    claimed_need(world.member, neighborhood=world.own, urgency="urgent")
    with translation.override(language):
        sections = _triage_sections(world.own, stale_days=14)
        assert [len(rows) for rows in sections.values()] == [3, 3, 2]
        pages = []
        for rows in sections.values():
            fast, reference = both(rows)
            assert parse_html(fast) == parse_html(reference)
            assert "<script>" not in fast and "&lt;script&gt;" in fast
            pages.append(fast)
    page = "".join(pages)
    assert "…" in page  # the summaries over 80 characters are shortened
    assert "Food &lt;&amp;&gt; &#x27;co&#x27;" in page
    first = sections["new"][0].pk
    assert f'href="{reverse("needs_manage", kwargs={"slug": world.own.slug, "pk": first})}"' in page
    if language == "es":
        assert "Urgente" in page and "Comidas calientes" in page and "asumida" in page

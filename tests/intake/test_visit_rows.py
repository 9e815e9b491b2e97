"""The session page's visit rows are drawn in Python (intake/templatetags/visit_list.py)
for speed: their markup must stay the markup of the template loop they replaced."""

from pathlib import Path

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.test.html import parse_html
from django.utils import translation

from intake.models import Visit
from mutualaid.models import ResourceRequest

from .factories import VisitFactory

pytestmark = pytest.mark.django_db

REFERENCE = Template((Path(__file__).parent / "visit_rows_reference.html").read_text())
TAG = Template("{% load visit_list %}{% visit_rows visits %}")


def render_both(session, visits):
    request = RequestFactory().get("/")
    request.neighborhood = session.neighborhood
    context = {"visits": visits, "request": request}
    return TAG.render(Context(context)), REFERENCE.render(Context(context))


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_rows_are_the_reference_markup(session, categories, language):
    rent = categories["rent-and-bills"]
    rent.name = "Rent <&> bills"  # renamed by the neighborhood: shown as typed
    rent.save()
    first = VisitFactory(session=session, visitor__first_name="Ana <b>\"&'", is_first_visit=True)
    shared = ResourceRequest.objects.create(
        neighborhood=session.neighborhood, category=categories["groceries"], public_summary="x"
    )
    first.visit_needs.create(category=categories["groceries"], request=shared)
    first.visit_needs.create(category=categories["medicine-pickup"])
    again = VisitFactory(session=session, visitor__first_name="Bo", visitor__last_name="")
    again.visit_needs.create(category=rent)
    VisitFactory(session=session)  # no needs at all
    with translation.override(language):
        visits = session.visits.with_chips()
        fast, reference = render_both(session, visits)
    assert len(visits) == 3
    assert parse_html(fast) == parse_html(reference)
    assert "<b>" not in fast and "Ana &lt;b&gt;" in fast
    assert "Rent &lt;&amp;&gt; bills" in fast
    assert fast.count('class="chip chip--shared"') == 1


def test_no_visits_draw_no_rows(session):
    fast, _ = render_both(session, Visit.objects.none())
    assert fast == ""

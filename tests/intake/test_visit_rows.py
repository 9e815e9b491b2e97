"""The session page's visit rows (the ``visit_rows`` partial of intake/session.html):
who came (a link to their page), "new" on a first visit, the needs (marked when shared
to the board) and a link to edit the visit, escaped, in both languages."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from intake.models import Visit
from mutualaid.models import ResourceRequest

from .factories import VisitFactory

pytestmark = pytest.mark.django_db


def rows(session, visits) -> str:
    request = RequestFactory().get("/")
    request.neighborhood = session.neighborhood
    context = {"visits": visits, "session": session, "page": None, "can_edit": True}
    return render_to_string("intake/session.html#visit_rows", context, request=request)


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_rows_say_who_came_and_their_needs_escaped(session, categories, language):
    rent = categories["rent-and-bills"]
    # Renamed by the neighborhood, with no name written in Spanish: shown as typed.
    rent.name, rent.names = "Rent <&> bills", {}
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
        fast = rows(session, visits)
    assert len(visits) == 3
    assert fast.count('<li class="visit">') == 3
    slug = session.neighborhood.slug
    visitor_url = reverse("intake_visitor", kwargs={"slug": slug, "pk": first.visitor_id})
    edit_url = reverse("intake_visit_edit", kwargs={"slug": slug, "pk": first.pk})
    assert f'href="{visitor_url}"' in fast and f'href="{edit_url}"' in fast
    assert fast.count('class="badge"') == 1  # "new": the first visit only
    on_board = "en el tablero" if language == "es" else "on the board"
    assert f"· {on_board}" in fast
    assert "<b>" not in fast and "Ana &lt;b&gt;" in fast
    assert "Rent &lt;&amp;&gt; bills" in fast
    assert fast.count('class="chip chip--shared"') == 1


def test_no_visits_draw_no_rows(session):
    assert '<li class="visit">' not in rows(session, Visit.objects.none())

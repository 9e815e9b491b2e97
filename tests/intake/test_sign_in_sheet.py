"""A printable sign-in sheet for an intake session: the volunteers' names and roles,
nothing of the visitors; linked from the session page."""

import pytest
from django.urls import reverse

from mutualaid.actions import shifts as shift_actions
from tests.mutualaid.shifts.factories import ShiftFactory, volunteers

from .factories import IntakeSessionFactory, VisitFactory

pytestmark = pytest.mark.django_db


def sheet_url(session):
    return reverse(
        "intake_session_sign_in_sheet", kwargs={"slug": session.neighborhood.slug, "pk": session.pk}
    )


def test_the_sheet_lists_the_sessions_people_with_their_roles(world, volunteer_client):
    session = IntakeSessionFactory(neighborhood=world.own, place="Church hall")
    welcome = ShiftFactory(neighborhood=world.own, role="Welcome desk", intake_session=session)
    ana, ben, cleo = volunteers(world.own, 3, prefix="sheet")
    shift_actions.sign_up(shift=welcome, user=ana)
    waiting = ShiftFactory(
        neighborhood=world.own, role="Runner", intake_session=session, capacity=1
    )
    shift_actions.sign_up(shift=waiting, user=world.volunteer)
    shift_actions.sign_up(shift=waiting, user=cleo)  # waitlisted: not on the sheet
    session.staffed_by.add(ben, ana)

    page = volunteer_client.get(sheet_url(session)).content.decode()

    assert "Sign-in sheet: table of" in page
    assert "Church hall" in page
    body = page[page.index("<tbody>") : page.index("</tbody>")]
    assert f"<td>{ana}</td><td>Welcome desk</td>" in body
    assert f"<td>{world.volunteer}</td><td>Runner</td>" in body
    assert f"<td>{ben}</td><td>At the table</td>" in body
    assert str(cleo) not in body
    assert body.count(str(ana)) == 1  # on a shift and staffed: listed once


def test_the_sheet_shows_nothing_of_the_visitors(world, coordinator_client):
    session = IntakeSessionFactory(neighborhood=world.own)
    VisitFactory(session=session, visitor__first_name="Secretvisitor", note="private canary")
    page = coordinator_client.get(sheet_url(session)).content.decode()
    assert "Secretvisitor" not in page and "private canary" not in page


def test_the_session_page_links_to_its_sheet(world, volunteer_client):
    session = IntakeSessionFactory(neighborhood=world.own)
    page = volunteer_client.get(
        reverse("intake_session", kwargs={"slug": world.own.slug, "pk": session.pk})
    ).content.decode()
    assert f'href="{sheet_url(session)}"' in page


def test_members_may_not_see_the_sheet(world, member_client):
    session = IntakeSessionFactory(neighborhood=world.own)
    assert member_client.get(sheet_url(session)).status_code == 403

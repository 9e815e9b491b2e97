"""The intake app's parts of the network overview and of a person's download."""

import datetime

from django.urls import reverse

from intake.wcc_hooks import people_served_at_last_table
from members import actions as member_actions

from .factories import IntakeSessionFactory, VisitFactory, VisitorFactory


def test_the_overview_counts_people_served_at_the_last_table_only(world, client):
    last = IntakeSessionFactory(neighborhood=world.own)
    earlier = IntakeSessionFactory(
        neighborhood=world.own, date=last.date - datetime.timedelta(days=7)
    )
    regular = VisitorFactory(neighborhood=world.own)
    VisitFactory(session=last, visitor=regular)
    VisitFactory(session=last)
    VisitFactory(session=earlier, visitor=regular)
    VisitFactory(session=earlier)
    VisitFactory(session=earlier)
    IntakeSessionFactory(neighborhood=world.own, date=last.date + datetime.timedelta(days=7))
    figures = people_served_at_last_table([world.own, world.other])
    assert figures == {world.own.pk: 2, world.other.pk: 0}
    client.force_login(world.admin)
    page = client.get(reverse("network_overview")).content.decode()
    assert "People served at the last table" in page


def test_the_download_lists_visits_the_person_logged_by_id_and_date_only(world):
    visit = VisitFactory(
        session=IntakeSessionFactory(neighborhood=world.own),
        logged_by=world.volunteer,
        visitor=VisitorFactory(neighborhood=world.own, first_name="Privatecanary"),
    )
    data = member_actions.personal_data(user=world.volunteer)
    assert data["intake_visits_logged"] == [
        {"visit": visit.pk, "session_date": visit.session.date.isoformat()}
    ]
    assert "Privatecanary" not in str(data)

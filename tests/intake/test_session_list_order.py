import datetime

import pytest
from django.urls import reverse

from intake.models import IntakeSession

from .factories import IntakeSessionFactory

pytestmark = pytest.mark.django_db


def test_session_list_shows_todays_table_first_then_older_ones(volunteer_client, world):
    today = datetime.date.today()
    for weeks in (4, 2, 0, 6):
        IntakeSessionFactory(
            neighborhood=world.own,
            date=today - datetime.timedelta(weeks=weeks),
            status=IntakeSession.Status.OPEN if weeks == 0 else IntakeSession.Status.CLOSED,
        )
    sessions = volunteer_client.get(reverse("intake_sessions", args=["eastside"])).context[
        "sessions"
    ]
    assert [s.date for s in sessions] == sorted((s.date for s in sessions), reverse=True)
    assert sessions[0].date == today

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from intake.models import IntakeSession, likely_duplicates
from members.models import Neighborhood, User
from mutualaid.models import ResourceRequest

pytestmark = pytest.mark.django_db


def test_the_demo_has_past_sessions_todays_open_table_and_a_duplicate_pair(client):
    call_command("seed_demo", verbosity=0)
    eastside = Neighborhood.objects.get(slug="eastside")
    sessions = IntakeSession.objects.of(eastside)
    assert sessions.filter(status="closed").count() == 12
    today = sessions.get(date=timezone.localdate(timezone=eastside.zone))
    assert today.is_open and today.visits.count() == 2
    assert ResourceRequest.objects.filter(source="intake", status="open").exists()
    names = {str(v) for pair in likely_duplicates(eastside) for v in pair}
    assert {"María José Hernández", "Maria Jose Hernandez"} <= names
    client.force_login(User.objects.get(email="volunteer@example.org"))
    page = client.get(reverse("intake_session", args=["eastside", today.pk]))
    assert "Samir" in page.content.decode()


def test_in_the_demo_the_volunteer_opens_todays_table_from_their_shift(client):
    call_command("seed_demo", verbosity=0)
    eastside = Neighborhood.objects.get(slug="eastside")
    today = IntakeSession.objects.of(eastside).get(date=timezone.localdate(timezone=eastside.zone))
    shift = today.shifts.get()
    volunteer = User.objects.get(email="volunteer@example.org")
    assert shift.is_intake_table and shift.confirmed().filter(user=volunteer).exists()
    client.force_login(volunteer)
    home = client.get(reverse("neighborhood_home", args=["eastside"])).content.decode()
    assert "Open today's intake session" in home
    response = client.post(reverse("intake_open_from_shift", args=["eastside", shift.pk]))
    assert response.url == reverse("intake_session", args=["eastside", today.pk])
    assert IntakeSession.objects.of(eastside).count() == 13

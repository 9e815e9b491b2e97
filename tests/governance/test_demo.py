"""The demo neighborhood shows governance at work."""

import pytest
from django.core.management import call_command

from governance.models import ActionPoint, Decision, Meeting, Proposal

pytestmark = pytest.mark.django_db


def test_the_demo_has_minutes_an_open_proposal_a_decided_one_and_an_urgent_decision():
    call_command("seed_demo", verbosity=0)
    assert Proposal.objects.filter(neighborhood__slug="eastside", status="open").count() == 1
    decided = Proposal.objects.get(status="passed")
    assert decided.secret and decided.tally["counts"]["yes"] == 3
    assert Decision.objects.awaiting_confirmation().count() == 1
    assembly = Meeting.objects.get(kind="assembly", series=None)
    assert assembly.minutes_published and assembly.attendances.count() == 3
    assert ActionPoint.objects.get().owner.email == "member@example.org"


def test_the_demo_has_a_recurring_assembly_and_a_study_circle_to_read_for():
    from governance.models import MeetingSeries, StudyCircle

    call_command("seed_demo", verbosity=0)
    series = MeetingSeries.objects.get(neighborhood__slug="eastside")
    assert series.meetings.exists()
    circle = StudyCircle.objects.get(neighborhood__slug="eastside")
    assert circle.is_member(circle.convener)
    assert circle.members.filter(person__email="member@example.org").exists()
    assert circle.readings.count() == 2 and circle.readings.exclude(pdf="").exists()
    session = circle.sessions.get()
    assert session.reading.pdf and session.kind == "session"

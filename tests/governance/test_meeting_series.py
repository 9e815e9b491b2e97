"""Recurring meetings: the shifts' rule code (wcc/recurrence.py) turns the form's plain
choices into dates; meetings are created ahead once each and kept ahead by beat."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.actions import meetings as actions
from governance.models import Meeting, MeetingSeries
from governance.tasks import extend_meeting_series_horizons
from wcc import recurrence

pytestmark = pytest.mark.django_db


def url(name, world):
    return reverse(name, kwargs={"slug": world.own.slug})


def form(**changes) -> dict:
    from wcc.models import new_submission_key

    data = {
        "submission_key": str(new_submission_key()),
        "title": "Monthly assembly",
        "kind": "assembly",
        "frequency": "monthly",
        "interval": "1",
        "weekday": "TU",
        "week_of_month": "1",
        "starts_on": timezone.localdate().isoformat(),
        "start_time": "19:00",
        "place": "Church hall",
        "audience_role": "",
        "agenda": "Welcome\nThe table",
        "horizon_weeks": "8",
    }
    return data | changes


def test_a_coordinator_plans_a_monthly_assembly_and_the_meetings_are_created(
    coordinator_client, world
):
    response = coordinator_client.post(url("meeting_series_create", world), form())
    assert response.url == url("meeting_list", world)
    series = MeetingSeries.objects.get()
    assert series.rule == "FREQ=MONTHLY;BYDAY=1TU"
    meetings = list(Meeting.objects.filter(series=series).order_by("starts_at"))
    assert meetings, "eight weeks ahead holds at least one first Tuesday"
    for meeting in meetings:
        local = timezone.localtime(meeting.starts_at, world.own.zone)
        assert local.weekday() == 1 and local.day <= 7 and local.hour == 19
        assert [item.title for item in meeting.items.all()] == ["Welcome", "The table"]


def test_the_dates_are_the_shifts_rule_code(world):
    series = actions.create_meeting_series(
        neighborhood=world.own,
        created_by=world.coordinator,
        title="Working group",
        kind="group",
        rule=recurrence.build_rule(
            frequency="weekly", interval=2, weekday="WE", week_of_month="1", ends_on=None
        ),
        starts_on=timezone.localdate(),
        start_time=timezone.datetime(2000, 1, 1, 18).time(),
        agenda="Welcome",
    )
    series.refresh_from_db()
    expected = recurrence.dates_between(
        series.rule, series.starts_on, timezone.localdate(), series.generated_until
    )
    assert sorted(series.meetings.values_list("occurrence", flat=True)) == expected


def test_extending_again_creates_nothing_twice(world):
    series = actions.create_meeting_series(
        neighborhood=world.own,
        created_by=world.coordinator,
        title="Weekly circle",
        rule="FREQ=WEEKLY;INTERVAL=1;BYDAY=MO",
        starts_on=timezone.localdate(),
        start_time=timezone.datetime(2000, 1, 1, 18).time(),
        agenda="Welcome",
    )
    count = series.meetings.count()
    assert extend_meeting_series_horizons() == 0
    assert series.meetings.count() == count
    later = timezone.localdate() + timedelta(weeks=4)
    assert actions.extend_meeting_series(series=series, today=later) == 4
    assert series.meetings.count() == count + 4


def test_a_rule_with_no_dates_is_refused(coordinator_client, world):
    today = timezone.localdate()
    response = coordinator_client.post(
        url("meeting_series_create", world),
        form(
            frequency="weekly", weekday="MO", ends_on=today.isoformat(), starts_on=today.isoformat()
        )
        if today.weekday() != 0
        else form(frequency="weekly", weekday="TU", ends_on=today.isoformat()),
    )
    assert "This rule gives no dates" in response.content.decode()
    assert not MeetingSeries.objects.exists()


def test_a_first_date_far_away_is_refused_by_the_field(coordinator_client, world):
    response = coordinator_client.post(
        url("meeting_series_create", world), form(starts_on=date(2099, 1, 1).isoformat())
    )
    assert "Choose a first date within the coming year." in response.content.decode()
    assert not MeetingSeries.objects.exists()


def test_members_cannot_plan_recurring_meetings(member_client, world):
    assert member_client.get(url("meeting_series_create", world)).status_code == 403


def test_a_meeting_for_volunteers_and_up_is_planned_and_hidden_from_members(
    coordinator_client, world
):
    from django.test import Client

    starts = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    coordinator_client.post(
        url("meeting_create", world),
        {
            "title": "Rota meeting",
            "kind": "group",
            "starts_at": starts,
            "audience_role": "volunteer",
            "agenda": "Rota",
        },
    )
    meeting = Meeting.objects.get()
    assert meeting.audience_role == "volunteer"
    member = Client()
    member.force_login(world.member)
    assert "Rota meeting" not in member.get(url("meeting_list", world)).content.decode()
    volunteer = Client()
    volunteer.force_login(world.volunteer)
    assert "Rota meeting" in volunteer.get(url("meeting_list", world)).content.decode()


def test_a_session_cannot_be_planned_without_its_circle(coordinator_client, world):
    starts = (timezone.localtime() + timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    response = coordinator_client.post(
        url("meeting_create", world),
        {"title": "X", "kind": "session", "starts_at": starts, "agenda": "Rota"},
    )
    assert "Select a valid choice." in response.content.decode()
    assert not Meeting.objects.exists()

"""The periodic tasks, called as beat calls them (thin wrappers over the actions)."""

from datetime import time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from mutualaid import tasks
from mutualaid.actions import shifts as actions
from mutualaid.models import Reminder, ShiftSeries

from .factories import ShiftFactory, in_days

pytestmark = pytest.mark.django_db


def test_horizon_task_keeps_every_active_series_weeks_ahead(world):
    series = actions.create_series(
        neighborhood=world.own,
        created_by=world.coordinator,
        role="Setup",
        place="Hall",
        capacity=2,
        rule="FREQ=WEEKLY;BYDAY=MO",
        starts_on=timezone.localdate(),
        start_time=time(9),
        end_time=time(11),
        horizon_weeks=2,
    )
    before = series.shifts.count()
    ShiftSeries.objects.filter(pk=series.pk).update(horizon_weeks=4)
    assert tasks.extend_series_horizons() == 2
    assert series.shifts.count() == before + 2


def test_beat_tasks_send_due_reminders_and_short_alerts(world):
    ShiftFactory(neighborhood=world.own, capacity=2, starts_at=in_days(1))
    assert tasks.alert_short_shifts() == 1
    assert Reminder.objects.filter(kind="short", status="pending").count() == 1
    assert tasks.dispatch_due_reminders() == 1
    assert mail.outbox[0].subject.startswith("Short of people: Intake table")
    assert tasks.dispatch_due_reminders() == 0


def test_reminder_not_due_yet_waits(world):
    shift = ShiftFactory(neighborhood=world.own, starts_at=timezone.now() + timedelta(days=3))
    actions.sign_up(shift=shift, user=world.volunteer)
    assert tasks.dispatch_due_reminders() == 0
    assert Reminder.objects.filter(status="pending").count() == 2

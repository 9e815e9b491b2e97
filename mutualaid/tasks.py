"""Thin Celery tasks: ids in (or nothing), call the action, done."""

from celery import shared_task

from . import shift_actions
from .models import ShiftSeries


@shared_task(ignore_result=True)
def dispatch_due_reminders() -> int:
    """Every minute (beat) and after a commit that queued a message: send what is due."""
    return shift_actions.send_due_reminders()


@shared_task(ignore_result=True)
def extend_series_horizons() -> int:
    created = 0
    for series_id in ShiftSeries.objects.filter(is_active=True).values_list("pk", flat=True):
        created += shift_actions.extend_series(series=ShiftSeries(pk=series_id))
    return created


@shared_task(ignore_result=True)
def alert_short_shifts() -> int:
    return shift_actions.alert_short_shifts()

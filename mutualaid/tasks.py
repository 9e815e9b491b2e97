"""Thin Celery tasks: ids in (or nothing), call the action, done."""

from celery import shared_task

from . import digests
from .actions import shifts as shift_actions
from .models import DigestSubscription, ShiftSeries


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


@shared_task
def send_needs_digests() -> int:
    """Daily (Celery beat): queue one digest task per subscription."""
    ids = list(DigestSubscription.objects.values_list("pk", flat=True))
    for subscription_id in ids:
        send_needs_digest.delay(subscription_id)
    return len(ids)


@shared_task
def send_needs_digest(subscription_id: int) -> int:
    return digests.send_digest(subscription_id=subscription_id)

"""Celery tasks of the mutualaid app: thin, ids in, the database says what is due."""

from celery import shared_task

from . import digests
from .models import DigestSubscription


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

"""Thin Celery tasks of the table: the action does the work."""

from celery import shared_task

from . import actions


@shared_task(ignore_result=True)
def apply_retention() -> int:
    """Daily: anonymize visitors with no visit for their neighborhood's retention period."""
    return actions.apply_retention()

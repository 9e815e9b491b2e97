"""Thin Celery tasks: the database says what is due; beat only asks to look."""

from celery import shared_task

from .actions import decisions, proposals


@shared_task(ignore_result=True)
def close_due_proposals() -> int:
    return proposals.close_due_proposals()


@shared_task(ignore_result=True)
def dispatch_announcements() -> int:
    return decisions.send_due_announcements()

"""Thin Celery tasks: the database says what is due; beat only asks to look."""

from celery import shared_task

from .actions import decisions, meetings, proposals
from .models import MeetingSeries


@shared_task(ignore_result=True)
def close_due_proposals() -> int:
    return proposals.close_due_proposals()


@shared_task(ignore_result=True)
def queue_meeting_reminders() -> int:
    return meetings.queue_meeting_reminders()


@shared_task(ignore_result=True)
def dispatch_announcements() -> int:
    return decisions.send_due_announcements()


@shared_task(ignore_result=True)
def extend_meeting_series_horizons() -> int:
    """Daily, beside the shifts' series: the meetings of every active series, ahead."""
    created = 0
    for series_id in MeetingSeries.objects.filter(is_active=True).values_list("pk", flat=True):
        created += meetings.extend_meeting_series(series=MeetingSeries(pk=series_id))
    return created

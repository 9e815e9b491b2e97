"""Thin Celery tasks: ids in, the action does the work."""

from importlib import import_module

from celery import shared_task
from django.conf import settings

from . import actions, join_notices
from .models import UserSession

SessionStore = import_module(settings.SESSION_ENGINE).SessionStore


@shared_task(ignore_result=True)
def import_members(import_id: int) -> None:
    actions.run_member_import(import_id=import_id)


@shared_task(ignore_result=True)
def announce_join_request(membership_id: int) -> None:
    join_notices.announce_join_request(membership_id=membership_id)


@shared_task(ignore_result=True)
def send_join_summaries() -> int:
    """Daily (Celery beat): the summaries of requests to join not yet told."""
    return join_notices.send_join_summaries()


@shared_task(ignore_result=True)
def forget_ended_sessions() -> None:
    """Daily: devices whose session expired or went idle are forgotten (and signed out)."""
    UserSession.objects.ended().end_all()
    SessionStore.clear_expired()

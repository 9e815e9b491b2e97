"""Thin Celery tasks: ids in, the action does the work."""

from celery import shared_task

from . import actions


@shared_task(ignore_result=True)
def import_members(import_id: int) -> None:
    actions.run_member_import(import_id=import_id)

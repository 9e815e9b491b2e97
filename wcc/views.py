import os

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from .celery import app as celery_app


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _broker_answers() -> bool:
    if celery_app.conf.broker_url.startswith("filesystem://"):
        folder = celery_app.conf.broker_transport_options["data_folder_in"]
        return os.path.isdir(folder) and os.access(folder, os.W_OK)
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=0, timeout=1)
        return True
    except Exception:
        return False


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the database answers; says whether the broker does (reminders need it)."""
    database = _database_answers()
    broker = _broker_answers()
    return JsonResponse(
        {"database": "ok" if database else "down", "broker": "ok" if broker else "down"},
        status=200 if database else 503,
    )

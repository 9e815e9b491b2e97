import os
import sys

from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
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


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler, which also turns "the database is unreachable" into a calm 503.

    Django calls it while handling the exception, so sys.exc_info() names the cause.
    Renders without touching the database (no user, no session, no context processors).
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(render_to_string("500.html"), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Our page for a form sent without a valid CSRF token (wcc.htmx.csrf_failure sends
    htmx requests back to their page instead, since htmx swaps no 403).

    In the site's layout and language, with a way back to the form: the page it came
    from when that is one of ours, else home. ``reason`` is Django's technical one, for
    the logs only (Django logs it already).
    """
    back = request.headers.get("Referer", "")
    to_form = bool(back) and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    back = back if to_form else reverse("home")
    return render(request, "csrf_failure.html", {"back": back, "to_form": to_form}, status=403)

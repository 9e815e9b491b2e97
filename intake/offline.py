"""The intake table offline: the service worker script, and the roster of recent
visitors a volunteer's device keeps to search while the connection is down.

How the pieces fit (static/js/intake-offline.js, static/js/intake-sw.js) is told in
the README, "The intake table offline"."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from members.access import neighborhood_view
from members.models import Neighborhood, Role

from . import actions
from .models import AccessLog, Visitor
from .views import get_session_or_404

SERVICE_WORKER = "js/intake-sw.js"


@require_GET
def service_worker(request: HttpRequest, slug: str) -> HttpResponse:
    """Our service worker, served from the intake's own path so that its scope (the
    folder of its URL) covers the neighborhood's intake pages and nothing else. The
    script holds no personal data, so it is served to anyone, like a static file."""
    path = finders.find(SERVICE_WORKER)
    if path is None:
        raise Http404
    with open(path, encoding="utf-8") as script:
        response = HttpResponse(script.read(), content_type="text/javascript; charset=utf-8")
    # Browsers check a worker for updates at most daily anyway; no-cache makes a new
    # release reach the tables at the next visit.
    response["Cache-Control"] = "no-cache"
    return response


@never_cache
@require_GET
@neighborhood_view(Role.VOLUNTEER)
def roster(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """The neighborhood's recent visitors, for the offline search of an open session.
    A closed session has no roster (404): the device then wipes the one it kept."""
    session = get_session_or_404(neighborhood, pk)
    if not session.is_open:
        raise Http404
    since = actions.today_in(neighborhood) - datetime.timedelta(days=settings.WCC_ROSTER_DAYS)
    visitors = list(
        Visitor.objects.of(neighborhood).roster(
            session=session, since=since, size=settings.WCC_ROSTER_SIZE
        )
    )
    start_of_day = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    AccessLog.record_first_visitor_views(user=request.user, visitors=visitors, since=start_of_day)
    return JsonResponse(
        {
            "session": session.pk,
            "max_age_hours": settings.WCC_OFFLINE_HOURS,
            "visitors": [visitor.roster_entry() for visitor in visitors],
        }
    )

"""The coordinator's reliability view: volunteers with repeated late cancellations or
no-shows over a chosen period (coordinators only: it is about people's conduct)."""

from __future__ import annotations

from django.db.models import F, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from members.access import neighborhood_view
from members.models import Membership, Neighborhood, Role

from ..forms.reliability import ReliabilityForm
from ..models import service_record

MAX_ROWS = 200


@require_GET
@neighborhood_view(Role.COORDINATOR)
def reliability(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    today = timezone.localdate(timezone=neighborhood.zone)
    form = ReliabilityForm(request.GET or None, today=today)
    if request.GET:
        form.is_valid()  # errors are shown by their fields
    first, last, at_least = form.period()
    rows = (
        service_record.with_reliability(
            Membership.objects.in_neighborhood(neighborhood),
            first=first,
            last=last,
            zone=neighborhood.zone,
        )
        .filter(Q(late_cancellations__gte=at_least) | Q(no_shows__gte=at_least))
        .select_related("user")
        .order_by((F("late_cancellations") + F("no_shows")).desc(), "user__display_name", "pk")
    )[:MAX_ROWS]
    context = {
        "neighborhood": neighborhood,
        "form": form,
        "rows": rows,
        "first": first,
        "last": last,
        "at_least": at_least,
        "late_hours": service_record.LATE_CANCELLATION_HOURS,
    }
    template = "mutualaid/shifts/reliability.html"
    return render(request, f"{template}#results" if request.htmx else template, context)

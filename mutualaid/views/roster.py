"""The roster for "now": today's shifts of the neighborhood with their people, where a
coordinator ticks attendance during the shift (from an hour before its start)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from members.access import neighborhood_view
from members.models import Neighborhood, Role

from ..models import Shift, Signup


def todays_shifts(neighborhood: Neighborhood, now: datetime):
    """Shifts under way or taking place today in the neighborhood's clock (a night
    shift that began yesterday too), with their confirmed people."""
    zone = neighborhood.zone
    today = timezone.localtime(now, zone).date()
    day_starts = datetime.combine(today, time(), zone)
    day_ends = day_starts + timedelta(days=1)
    people = Signup.objects.confirmed().select_related("user").order_by("user__display_name", "pk")
    return (
        Shift.objects.of(neighborhood)
        .scheduled()
        .filter(starts_at__lt=day_ends, ends_at__gt=day_starts)
        .only("role", "place", "starts_at", "ends_at", "capacity", "neighborhood_id")
        .prefetch_related(Prefetch("signups", queryset=people, to_attr="people"))
        .order_by("starts_at", "pk")
    )


@require_GET
@neighborhood_view(Role.COORDINATOR)
def roster_now(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    now = timezone.now()
    shifts = list(todays_shifts(neighborhood, now))
    for shift in shifts:
        shift.is_under_way = shift.starts_at <= now < shift.ends_at
        shift.attendance_open = shift.takes_attendance(now)
    context = {
        "neighborhood": neighborhood,
        "shifts": shifts,
        "attendance_choices": Signup.Attendance.choices,
        "today": timezone.localtime(now, neighborhood.zone).date(),
    }
    return render(request, "mutualaid/shifts/roster_now.html", context)

"""“Our neighborhood in numbers”: what the neighborhood did month by month, counted in
the database (one grouped query per figure, never one per month) and drawn with the
intake summary's inline SVG columns (intake/charts.py). Counts only: no names.

The figures:
- people served: different visitors at the intake table in the month;
- needs met: needs marked fulfilled in the month (from their status history);
- shifts covered: shifts that took place with every place confirmed;
- hours given: the length of every shift, once per volunteer marked as attended;
- meetings held: meetings (sessions of study circles too) that took place;
- decisions taken: decisions in the decision log (proposals, meetings, urgent ones).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from intake import charts
from intake.models import Visit
from members.models import Neighborhood
from mutualaid.models import RequestStatusChange, ResourceRequest, Shift, Signup

from .models import Decision, Meeting


@dataclass
class Figure:
    key: str
    title: str | Promise
    months: list[tuple[date, int]]

    @property
    def total(self) -> int:
        return sum(count for _month, count in self.months)

    @property
    def chart(self) -> dict:
        # A month's short name on a chart: "Feb" in English, "feb" in Spanish (format "b").
        return charts.columns(self.months, label_format=pgettext("chart month", "M"))


def month_starts(first: date, count: int = 12) -> list[date]:
    months, year, month = [], first.year, first.month
    for _n in range(count):
        months.append(date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def last_twelve_months(today: date) -> date:
    """The first day of the month eleven months before today's."""
    year, month = today.year, today.month - 11
    if month < 1:
        year, month = year - 1, month + 12
    return date(year, month, 1)


def _by_month(rows, months: list[date]) -> list[tuple[date, int]]:
    counted = {}
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime) else month
        counted[month] = int(row["n"] or 0)
    return [(month, counted.get(month, 0)) for month in months]


def figures(neighborhood: Neighborhood, first: date, count: int = 12) -> list[Figure]:
    """The six figures for ``count`` months from the month of ``first``, each month read
    in the neighborhood's own clock. Six queries, whatever the number of rows."""
    zone = neighborhood.zone
    months = month_starts(first, count)
    start = datetime.combine(months[0], time(), tzinfo=zone)
    end_day = month_starts(months[-1], 2)[1]
    end = min(datetime.combine(end_day, time(), tzinfo=zone), timezone.now())

    def month_of(field):
        return TruncMonth(field, tzinfo=zone)

    served = (
        Visit.objects.filter(
            session__neighborhood=neighborhood,
            session__date__gte=months[0],
            session__date__lt=end_day,
        )
        .annotate(month=TruncMonth("session__date"))
        .values("month")
        .annotate(n=Count("visitor", distinct=True))
        .order_by()
    )
    met = (
        RequestStatusChange.objects.filter(
            request__neighborhood=neighborhood,
            to_status=ResourceRequest.Status.FULFILLED,
            changed_at__gte=start,
            changed_at__lt=end,
        )
        .annotate(month=month_of("changed_at"))
        .values("month")
        .annotate(n=Count("request", distinct=True))
        .order_by()
    )
    confirmed = (
        Signup.objects.filter(shift=OuterRef("pk"), status=Signup.Status.CONFIRMED)
        .order_by()
        .values("shift")
        .annotate(n=Count("pk"))
        .values("n")
    )
    covered = (
        Shift.objects.of(neighborhood)
        .scheduled()
        .filter(starts_at__gte=start, ends_at__lte=end)
        .alias(confirmed=Coalesce(Subquery(confirmed[:1], output_field=IntegerField()), 0))
        .filter(confirmed__gte=F("capacity"))
        .annotate(month=month_of("starts_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    length = ExpressionWrapper(
        F("shift__ends_at") - F("shift__starts_at"), output_field=DurationField()
    )
    hours = (
        Signup.objects.filter(
            shift__neighborhood=neighborhood,
            attendance=Signup.Attendance.ATTENDED,
            shift__starts_at__gte=start,
            shift__starts_at__lt=end,
        )
        .annotate(month=month_of("shift__starts_at"))
        .values("month")
        .annotate(n=Sum(length))
        .order_by()
    )
    held = (
        Meeting.objects.of(neighborhood)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .annotate(month=month_of("starts_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    decided = (
        Decision.objects.of(neighborhood)
        .filter(decided_at__gte=start, decided_at__lt=end)
        .annotate(month=month_of("decided_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    hour_rows = [
        {"month": row["month"], "n": round((row["n"] or timedelta()).total_seconds() / 3600)}
        for row in hours
    ]
    return [
        Figure("served", _("People served"), _by_month(served, months)),
        Figure("needs", _("Needs met"), _by_month(met, months)),
        Figure("shifts", _("Shifts covered"), _by_month(covered, months)),
        Figure("hours", _("Hours given"), _by_month(hour_rows, months)),
        Figure("meetings", _("Meetings held"), _by_month(held, months)),
        Figure("decisions", _("Decisions taken"), _by_month(decided, months)),
    ]

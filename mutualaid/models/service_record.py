"""A volunteer's record of service, counted in the database (annotations, never a
query per row): hours served, no-shows and late cancellations, over all time or a
chosen period. The directory, its CSV export, the member page and the reliability
view read it."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db.models import Count, F, FloatField, Func, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from .shift_trail import ShiftEvent
from .shifts import Shift, Signup

# Giving a place up this close to the start (or later) counts as a late cancellation.
LATE_CANCELLATION_HOURS = 24


class Epoch(Func):
    """The seconds of an interval (PostgreSQL's EXTRACT(EPOCH FROM ...))."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()


def _served(now: datetime):
    """Confirmed places on shifts that took place, where the person was not marked
    absent (attendance not recorded counts as served, as "My shifts" counts it)."""
    return Signup.objects.filter(
        status=Signup.Status.CONFIRMED,
        shift__status=Shift.Status.SCHEDULED,
        shift__ends_at__lte=now,
    ).exclude(attendance=Signup.Attendance.NO_SHOW)


def _per_person(rows, value, *, user_ref: str, neighborhood_ref: str, output_field):
    """One number per outer row: ``value`` summed over ``rows`` of the outer row's
    person in the outer row's neighborhood (a correlated subquery)."""
    per_person = (
        rows.filter(user=OuterRef(user_ref), shift__neighborhood=OuterRef(neighborhood_ref))
        .order_by()
        .values("user")
        .annotate(total=value)
        .values("total")
    )
    return Coalesce(Subquery(per_person, output_field=output_field), 0, output_field=output_field)


def hours_served(*, user_ref="user_id", neighborhood_ref="neighborhood_id", now=None):
    hours = Sum(Epoch(F("shift__ends_at") - F("shift__starts_at"))) / 3600.0
    return _per_person(
        _served(now or timezone.now()),
        hours,
        user_ref=user_ref,
        neighborhood_ref=neighborhood_ref,
        output_field=FloatField(),
    )


def shifts_served(*, user_ref="user_id", neighborhood_ref="neighborhood_id", now=None):
    return _per_person(
        _served(now or timezone.now()),
        Count("pk"),
        user_ref=user_ref,
        neighborhood_ref=neighborhood_ref,
        output_field=IntegerField(),
    )


def _in_period(first: date | None, last: date | None, zone) -> Q:
    """Shifts that start from ``first`` to ``last`` (both included) in the
    neighborhood's clock."""
    period = Q()
    if first:
        period &= Q(shift__starts_at__gte=datetime.combine(first, datetime.min.time(), zone))
    if last:
        after = datetime.combine(last + timedelta(days=1), datetime.min.time(), zone)
        period &= Q(shift__starts_at__lt=after)
    return period


def no_shows(*, user_ref="user_id", neighborhood_ref="neighborhood_id", period: Q | None = None):
    rows = Signup.objects.filter(
        status=Signup.Status.CONFIRMED,
        shift__status=Shift.Status.SCHEDULED,
        attendance=Signup.Attendance.NO_SHOW,
    ).filter(period or Q())
    return _per_person(
        rows,
        Count("pk"),
        user_ref=user_ref,
        neighborhood_ref=neighborhood_ref,
        output_field=IntegerField(),
    )


def late_cancellations(
    *, user_ref="user_id", neighborhood_ref="neighborhood_id", period: Q | None = None
):
    """Places the person gave up themself (signed in, by link or by text reply; not
    freed by a coordinator's pause or removal) less than a day before the start, as
    the trail recorded them."""
    window = timedelta(hours=LATE_CANCELLATION_HOURS)
    rows = (
        ShiftEvent.objects.filter(kind=ShiftEvent.Kind.GAVE_UP)
        .filter(Q(actor__isnull=True) | Q(actor=F("person")))
        .filter(shift__starts_at__lte=F("created_at") + window)
        .filter(period or Q())
    )
    per_person = (
        rows.filter(person=OuterRef(user_ref), neighborhood=OuterRef(neighborhood_ref))
        .order_by()
        .values("person")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(per_person, output_field=IntegerField()), 0)


def with_service_record(memberships, *, now=None):
    """Memberships with ``hours_served``, ``shifts_served`` and ``no_shows`` (all time)."""
    return memberships.annotate(
        hours_served=hours_served(now=now),
        shifts_served=shifts_served(now=now),
        no_shows=no_shows(),
    )


def with_reliability(memberships, *, first: date | None, last: date | None, zone):
    """Memberships with ``late_cancellations`` and ``no_shows`` of shifts starting in
    the period."""
    period = _in_period(first, last, zone)
    return memberships.annotate(
        late_cancellations=late_cancellations(period=period),
        no_shows=no_shows(period=period),
    )

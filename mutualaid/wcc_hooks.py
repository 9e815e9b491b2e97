"""The mutualaid app's part of neighborhood copies, the network overview, and a
person's download and erasure.

See members/registry.py.
"""

from datetime import datetime, time, timedelta

from dateutil.rrule import rrulestr
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Neighborhood
from members.registry import neighborhood_copiers, overview_figures, person_erasers, personal_data

from . import shift_actions
from .models import (
    CalendarFeed,
    NeedCategory,
    NeedsSettings,
    Reminder,
    Shift,
    ShiftSeries,
    Signup,
)

# A copied series keeps whether it staffs the intake table, but no shift, sign-up or
# link to an intake session is copied: those belong to the source neighborhood.
SERIES_PATTERN = [
    "role",
    "place",
    "capacity",
    "notes",
    "rule",
    "start_time",
    "end_time",
    "is_intake_table",
]


@neighborhood_copiers.register("need_categories")
def copy_need_categories(*, source: Neighborhood, target: Neighborhood) -> int:
    categories = NeedCategory.objects.of(source)
    return len(
        NeedCategory.objects.bulk_create(
            NeedCategory(
                neighborhood=target,
                slug=c.slug,
                name=c.name,
                position=c.position,
                is_active=c.is_active,
            )
            for c in categories
        )
    )


@neighborhood_copiers.register("needs_settings")
def copy_needs_settings(*, source: Neighborhood, target: Neighborhood) -> int:
    """How many days until an open need counts as stale, when the source changed it."""
    saved = NeedsSettings.objects.filter(neighborhood=source).first()
    if saved is None:
        return 0
    NeedsSettings.objects.create(neighborhood=target, stale_after_days=saved.stale_after_days)
    return 1


@overview_figures.register("open_needs", label=_("Open needs"))
def open_needs(neighborhoods) -> dict[int, int]:
    rows = Neighborhood.objects.filter(pk__in=[n.pk for n in neighborhoods]).annotate(
        count=Count("resource_requests", filter=Q(resource_requests__status="open"))
    )
    return {row.pk: row.count for row in rows}


# --- Shifts ---------------------------------------------------------------------------


def _next_date(series: ShiftSeries, today):
    """The first date of the series' rule on or after ``today``, or None when it ended."""
    rule = rrulestr(series.rule, dtstart=datetime.combine(series.starts_on, time()))
    moment = rule.after(datetime.combine(today, time()), inc=True)
    return moment.date() if moment else None


@neighborhood_copiers.register("shift_series")
def copy_shift_series(*, source: Neighborhood, target: Neighborhood) -> int:
    """Active series patterns, starting on their next date from today; no shifts or
    sign-ups are copied: the target's own shifts are then generated."""
    today = timezone.localdate(timezone=target.zone)
    skills = {skill.name: skill for skill in target.skills.all()}
    copied = 0
    for series in ShiftSeries.objects.filter(neighborhood=source, is_active=True).select_related(
        "skill"
    ):
        starts_on = _next_date(series, today)
        if starts_on is None:
            continue
        new = ShiftSeries.objects.create(
            neighborhood=target,
            starts_on=starts_on,
            horizon_weeks=series.horizon_weeks,
            skill=skills.get(series.skill.name) if series.skill else None,
            **{field: getattr(series, field) for field in SERIES_PATTERN},
        )
        shift_actions.extend_series(series=new, today=today)
        copied += 1
    return copied


def _coming_month(neighborhoods):
    now = timezone.now()
    return Shift.objects.filter(
        neighborhood__in=[n.pk for n in neighborhoods],
        status=Shift.Status.SCHEDULED,
        starts_at__gte=now,
        starts_at__lt=now + timedelta(days=30),
    )


@overview_figures.register("shift_places_filled", label=_("Shift places filled, coming month"))
def shift_places_filled(neighborhoods) -> dict[int, int]:
    rows = (
        Signup.objects.filter(
            shift__in=_coming_month(neighborhoods), status=Signup.Status.CONFIRMED
        )
        .values("shift__neighborhood_id")
        .annotate(n=Count("pk"))
    )
    return {row["shift__neighborhood_id"]: row["n"] for row in rows}


@overview_figures.register("shift_places", label=_("Shift places, coming month"))
def shift_places(neighborhoods) -> dict[int, int]:
    rows = _coming_month(neighborhoods).values("neighborhood_id").annotate(n=Sum("capacity"))
    return {row["neighborhood_id"]: row["n"] for row in rows}


@personal_data.register("shift_signups")
def shift_signups(user) -> dict:
    signups = Signup.objects.filter(user=user).select_related("shift").order_by("created_at")
    reminders = Reminder.objects.filter(user=user).order_by("due_at")
    return {
        "signups": [
            {
                "shift": s.shift_id,
                "role": s.shift.role,
                "starts_at": s.shift.starts_at.isoformat(),
                "status": s.status,
                "attendance": s.attendance,
                "note": s.note,
            }
            for s in signups
        ],
        "reminders": [
            {
                "shift": r.shift_id,
                "kind": r.kind,
                "due_at": r.due_at.isoformat(),
                "status": r.status,
                "channel": r.channel,
            }
            for r in reminders
        ],
        "has_calendar_feed": CalendarFeed.objects.filter(user=user).exists(),
    }


@person_erasers.register("shift_signups")
def erase_shift_details(user) -> int:
    """Sign-ups keep their status and attendance (the counts) but lose their notes;
    reminders lose their detail text; the private calendar address is deleted."""
    touched = Signup.objects.filter(user=user).exclude(note="").update(note="")
    touched += Reminder.objects.filter(user=user).exclude(detail="").update(detail="")
    deleted, _rows = CalendarFeed.objects.filter(user=user).delete()
    return touched + deleted

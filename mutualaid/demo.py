"""Demo data of the mutualaid app, for `manage.py seed_demo` (idempotent)."""

from datetime import time, timedelta

from django.utils import timezone

from members.demo import DemoNetwork

from . import shift_actions
from .models import NeedCategory, Shift, ShiftSeries


def seed(network: DemoNetwork) -> None:
    for neighborhood in (network.eastside, network.westside):
        NeedCategory.ensure_defaults(neighborhood)
    seed_shifts(network)


def seed_shifts(network: DemoNetwork) -> None:
    """Eastside's every-other-Saturday table with the demo volunteer on it, and a
    setup shift about two hours ahead, so a reminder lands in var/outbox/ minutes
    after `make run` starts."""
    eastside = network.eastside
    series = ShiftSeries.objects.filter(neighborhood=eastside, role="Intake table").first()
    if series is None:
        today = timezone.localdate(timezone=eastside.zone)
        series = shift_actions.create_series(
            neighborhood=eastside,
            created_by=network.coordinator,
            role="Intake table",
            place=eastside.meeting_place,
            capacity=3,
            notes="Bring a pen. Coffee is on the table.",
            rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=SA",
            starts_on=today + timedelta(days=(5 - today.weekday()) % 7 or 7),
            start_time=time(10),
            end_time=time(13),
            horizon_weeks=8,
        )
    for shift in series.shifts.order_by("starts_at")[:2]:
        shift_actions.sign_up(shift=shift, user=network.volunteer)

    setup = Shift.objects.filter(neighborhood=eastside, role="Set up tables").first()
    if setup is None:
        starts = timezone.now().replace(second=0, microsecond=0) + timedelta(hours=2, minutes=5)
        setup = shift_actions.create_shift(
            neighborhood=eastside,
            role="Set up tables",
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            place=eastside.meeting_place,
            capacity=2,
        )
    for person in (network.volunteer, network.coordinator, network.member):
        shift_actions.sign_up(shift=setup, user=person)  # the member lands on the waitlist

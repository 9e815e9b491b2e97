"""Recurring dates, shared by the shifts' series (mutualaid.ShiftSeries) and the
meetings' series (governance.MeetingSeries): one way to turn a form's plain choices
("every other Saturday", "the last Tuesday of the month") into an RFC 5545 RRULE, and
one way to expand a rule into dates. Each app keeps its own series model (what an
occurrence copies differs) but neither has its own rule code.

A rule is stored without DTSTART; the series' first date (``starts_on``) is its start.
"""

from __future__ import annotations

from datetime import date, datetime, time

from dateutil.rrule import rrulestr
from django.utils.translation import gettext_lazy as _

WEEKDAYS = [
    ("MO", _("Monday")),
    ("TU", _("Tuesday")),
    ("WE", _("Wednesday")),
    ("TH", _("Thursday")),
    ("FR", _("Friday")),
    ("SA", _("Saturday")),
    ("SU", _("Sunday")),
]
WEEK_OF_MONTH = [
    ("1", _("first")),
    ("2", _("second")),
    ("3", _("third")),
    ("4", _("fourth")),
    ("-1", _("last")),
]


def build_rule(*, frequency: str, interval: int, weekday: str, week_of_month: str, ends_on) -> str:
    """An RFC 5545 RRULE (without DTSTART) from the form's plain choices."""
    if frequency == "monthly":
        rule = f"FREQ=MONTHLY;BYDAY={week_of_month}{weekday}"
    else:
        rule = f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={weekday}"
    if ends_on:
        rule += f";UNTIL={ends_on.year:04d}{ends_on.month:02d}{ends_on.day:02d}T235959"
    return rule


def parse_rule(rule: str) -> dict:
    """The form's plain choices back from a rule that build_rule made."""
    parts = dict(part.split("=", 1) for part in rule.split(";"))
    byday = parts.get("BYDAY", "SA")
    weekday = byday[-2:]
    until = parts.get("UNTIL")
    return {
        "frequency": "monthly" if parts.get("FREQ") == "MONTHLY" else "weekly",
        "interval": int(parts.get("INTERVAL", 1)),
        "weekday": weekday,
        "week_of_month": byday[:-2] or "1",
        "ends_on": datetime.strptime(until[:8], "%Y%m%d").date() if until else None,
    }


def dates_between(rule: str, starts_on: date, first: date, last: date) -> list[date]:
    """The rule's dates (starting on ``starts_on``) from ``first`` to ``last``, both included."""
    expanded = rrulestr(rule, dtstart=datetime.combine(starts_on, time()))
    return [
        moment.date()
        for moment in expanded.between(
            datetime.combine(first, time()), datetime.combine(last, time()), inc=True
        )
    ]


def first_date(rule: str, starts_on: date) -> date | None:
    """The rule's first date on or after ``starts_on`` (None: the rule gives none)."""
    start = datetime.combine(starts_on, time())
    moment = rrulestr(rule, dtstart=start).after(start, inc=True)
    return moment.date() if moment else None

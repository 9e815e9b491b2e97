"""A series' rule in words, in the reader's language ("Every other Saturday, 10:00 to
13:00"). Only the rules the series form makes get their own sentence (weekly every n
weeks, or the nth weekday of the month, each with an optional last date); any other
rule (typed in the admin) still reads as repeating, with its times."""

from __future__ import annotations

from datetime import datetime, time

from django.utils.formats import date_format, time_format
from django.utils.translation import gettext, pgettext

# Weekdays as they follow "every" (Spanish: "todos los sábados", plural).
_EVERY_DAY = {
    "MO": lambda: pgettext("after every", "Monday"),
    "TU": lambda: pgettext("after every", "Tuesday"),
    "WE": lambda: pgettext("after every", "Wednesday"),
    "TH": lambda: pgettext("after every", "Thursday"),
    "FR": lambda: pgettext("after every", "Friday"),
    "SA": lambda: pgettext("after every", "Saturday"),
    "SU": lambda: pgettext("after every", "Sunday"),
}
# Weekdays as they follow "the first" (Spanish: "el primer sábado", singular).
_ONE_DAY = {
    "MO": lambda: pgettext("after the first", "Monday"),
    "TU": lambda: pgettext("after the first", "Tuesday"),
    "WE": lambda: pgettext("after the first", "Wednesday"),
    "TH": lambda: pgettext("after the first", "Thursday"),
    "FR": lambda: pgettext("after the first", "Friday"),
    "SA": lambda: pgettext("after the first", "Saturday"),
    "SU": lambda: pgettext("after the first", "Sunday"),
}
# Which weekday of the month, before a weekday (Spanish: "primer", "tercer", masculine).
_WHICH = {
    "1": lambda: pgettext("weekday of the month", "first"),
    "2": lambda: pgettext("weekday of the month", "second"),
    "3": lambda: pgettext("weekday of the month", "third"),
    "4": lambda: pgettext("weekday of the month", "fourth"),
    "-1": lambda: pgettext("weekday of the month", "last"),
}


def _parts(rule: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in rule.upper().split(";") if "=" in part)


def _repeat(parts: dict[str, str], times: dict[str, str]) -> str:
    byday = parts.get("BYDAY", "")
    weekday, which = byday[-2:], byday[:-2]
    if "," in byday or weekday not in _EVERY_DAY:
        return gettext("Repeats, %(start)s to %(end)s") % times
    if parts.get("FREQ") == "WEEKLY":
        interval = parts.get("INTERVAL", "1")
        names = times | {"day": _EVERY_DAY[weekday]()}
        if interval == "1":
            return gettext("Every %(day)s, %(start)s to %(end)s") % names
        if interval == "2":
            return gettext("Every other %(day)s, %(start)s to %(end)s") % names
        if interval.isdigit():
            names["weeks"] = interval
            return gettext("Every %(weeks)s weeks on %(day)s, %(start)s to %(end)s") % names
    if parts.get("FREQ") == "MONTHLY" and which in _WHICH:
        names = times | {"which": _WHICH[which](), "day": _ONE_DAY[weekday]()}
        return gettext("The %(which)s %(day)s of every month, %(start)s to %(end)s") % names
    return gettext("Repeats, %(start)s to %(end)s") % times


def describe_repeat(rule: str, start: time, end: time) -> str:
    """The rule and the times in one sentence in the active language."""
    parts = _parts(rule)
    times = {"start": time_format(start, "H:i"), "end": time_format(end, "H:i")}
    sentence = _repeat(parts, times)
    until = parts.get("UNTIL", "")
    try:
        last = datetime.strptime(until[:8], "%Y%m%d").date() if until else None
    except ValueError:
        last = None
    if last:
        return gettext("%(repeat)s, until %(date)s") % {
            "repeat": sentence,
            "date": date_format(last, "DATE_FORMAT"),
        }
    return sentence

"""Filters for long lists: the same text as Django's own, at a fraction of the cost.

Django's ``time`` and ``date`` filters look up formats and check for ambiguous local
times on every call, and ``truncatechars`` normalizes and walks every character of the
text; in a list of 50 to 150 rows that is milliseconds of a page (bench/needs.py,
bench/intake.py, bench/shifts.py).
"""

import datetime

from django import template
from django.template.defaultfilters import truncatechars
from django.utils import timezone, translation
from django.utils.dates import MONTHS_3, WEEKDAYS_ABBR

register = template.Library()


@register.filter
def clock(value) -> str:
    """``{{ value|clock }}``: "14:05", as ``{{ value|time:"H:i" }}`` says it (in the
    current time zone, which neighborhood pages set to the neighborhood's)."""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%H:%M")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return ""


@register.filter
def day_and_time(value) -> str:
    """``{{ value|day_and_time }}``: "Mon 3 Feb, 14:05", as
    ``{{ value|date:"D j M, H:i" }}`` says it, in the reader's language."""
    if not isinstance(value, datetime.datetime):
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    days, months = _day_and_month_names(translation.get_language())
    day, month = days[value.weekday()], months[value.month]
    return f"{day} {value.day} {month}, {value.hour:02}:{value.minute:02}"


_NAMES: dict[str | None, tuple[list[str], dict[int, str]]] = {}


def _day_and_month_names(language: str | None) -> tuple[list[str], dict[int, str]]:
    """The short day and month names in the active language, translated once per
    language instead of twice per row (each lazy name is a catalog lookup)."""
    names = _NAMES.get(language)
    if names is None:
        days = [str(WEEKDAYS_ABBR[day]) for day in range(7)]
        months = {month: str(name).title() for month, name in MONTHS_3.items()}
        names = _NAMES[language] = (days, months)
    return names


@register.filter(is_safe=True)
def shorten(value, length: int) -> str:
    """``{{ text|shorten:80 }}``: ``truncatechars``, which a text that already fits
    passes through unchanged without being walked character by character."""
    if isinstance(value, str) and len(value) <= int(length):
        return value
    return truncatechars(value, length)

"""``{{ value|clock }}``: a time of day as "14:05", for long lists.

The same text as Django's ``{{ value|time:"H:i" }}`` (in the current time zone, which
neighborhood pages set to the neighborhood's), at a tenth of its cost: that filter
looks up formats and checks for ambiguous times on every call, which was 8 ms of the
intake session page's 150 rows (bench/intake.py).
"""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def clock(value) -> str:
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%H:%M")
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M")
    return ""

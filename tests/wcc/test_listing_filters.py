"""The list filters (wcc/templatetags/listing.py) say exactly what Django's own say."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template.defaultfilters import date, time, truncatechars
from django.utils import timezone, translation

from wcc.templatetags.listing import clock, day_and_time, shorten

MOMENTS = [
    datetime.datetime(2026, 1, 5, 0, 5, tzinfo=datetime.UTC),
    datetime.datetime(2026, 3, 8, 7, 30, tzinfo=datetime.UTC),  # the night clocks change
    datetime.datetime(2026, 11, 1, 5, 59, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 31, 23, 59, tzinfo=datetime.UTC),
]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("zone", ["America/New_York", "Europe/Madrid", "UTC"])
def test_clock_and_day_and_time_match_djangos_filters(language, zone):
    with translation.override(language), timezone.override(ZoneInfo(zone)):
        for moment in MOMENTS:
            local = timezone.template_localtime(moment)
            assert clock(moment) == time(local, "H:i")
            assert day_and_time(moment) == date(local, "D j M, H:i")
    assert clock(None) == day_and_time(None) == ""


def test_shorten_matches_truncatechars():
    texts = ["", "short", "x" * 80, "y" * 81, "Need 12: help with a form " * 5, "caf\u00e9" * 30]
    for text in texts:
        assert shorten(text, 80) == truncatechars(text, 80)

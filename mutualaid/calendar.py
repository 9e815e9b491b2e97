"""Shifts as iCalendar (RFC 5545), through the icalendar library."""

from __future__ import annotations

from collections.abc import Iterable

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Shift


def shift_event(shift: Shift, *, public: bool = False) -> Event:
    event = Event()
    event.add("uid", f"shift-{shift.pk}@wcc")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", shift.starts_at)
    event.add("dtend", shift.ends_at)
    event.add("summary", shift.role)
    event.add("location", shift.place)
    if public:
        free = shift.free_places()
        event.add("description", _("%(count)s places free") % {"count": free})
    elif shift.notes:
        event.add("description", shift.notes)
    return event


def calendar_bytes(shifts: Iterable[Shift], *, name: str, public: bool = False) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//WCC mutual aid//shifts//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for shift in shifts:
        calendar.add_component(shift_event(shift, public=public))
    return calendar.to_ical()


def calendar_response(
    shifts: Iterable[Shift], *, name: str, filename: str = "shifts.ics", public: bool = False
) -> HttpResponse:
    body = calendar_bytes(shifts, name=name, public=public)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response

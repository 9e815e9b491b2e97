"""Meetings as iCalendar, at an address beside the shifts' feed that shares its secret
token (mutualaid's ``CalendarFeed``): one token per person, revoked for both at once."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Meeting

# A meeting has a start only; calendars need an end.
MEETING_LENGTH = timedelta(hours=2)


def meeting_event(meeting: Meeting) -> Event:
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@wcc")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.starts_at + MEETING_LENGTH)
    event.add("summary", meeting.title)
    event.add("location", meeting.call_link or meeting.place)
    return event


def meetings_response(meetings, *, name: str) -> HttpResponse:
    calendar = Calendar()
    calendar.add("prodid", "-//WCC mutual aid//meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    response["Cache-Control"] = "private, max-age=300"
    return response

"""Shifts as iCalendar (RFC 5545), through the icalendar library."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC
from urllib.parse import urlencode

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import ngettext
from icalendar import Calendar, Event

from .models import Shift


def shift_event(shift: Shift, *, public: bool = False) -> Event:
    event = Event()
    event.add("uid", f"shift-{shift.pk}@wcc")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", shift.starts_at)
    event.add("dtend", shift.ends_at)
    event.add("summary", shift.role_label)
    event.add("location", shift.place)
    if public:
        free = shift.free_places()
        free_text = ngettext("%(count)s place free", "%(count)s places free", free)
        event.add("description", free_text % {"count": free})
    elif shift.notes:
        event.add("description", shift.notes)
    return event


def _utc_stamp(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_event_url(shift: Shift) -> str:
    """Google Calendar's "add this event" page, filled in with the shift."""
    query = {
        "action": "TEMPLATE",
        "text": shift.role_label,
        "dates": f"{_utc_stamp(shift.starts_at)}/{_utc_stamp(shift.ends_at)}",
        "location": shift.place,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_event_url(shift: Shift) -> str:
    """Outlook on the web's "new event" page, filled in with the shift."""
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": shift.role_label,
        "startdt": shift.starts_at.astimezone(UTC).isoformat(),
        "enddt": shift.ends_at.astimezone(UTC).isoformat(),
        "location": shift.place,
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)


def subscribe_urls(feed_url: str, *, name: str) -> dict[str, str]:
    """One-tap subscriptions to a feed: webcal:// (Apple and most phone calendars),
    Google Calendar and Outlook on the web."""
    webcal = "webcal://" + feed_url.split("://", 1)[1]
    return {
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal}),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": feed_url, "name": name}),
    }


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

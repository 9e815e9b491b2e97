"""Calendar subscribe in one tap: webcal:// and Google / Apple / Outlook links."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.urls import reverse

from mutualaid.models import CalendarFeed

from .factories import ShiftFactory

pytestmark = pytest.mark.django_db


def test_my_shifts_offers_one_tap_subscriptions_to_the_private_feed(world, volunteer_client):
    token = CalendarFeed.for_user(world.volunteer).token
    page = volunteer_client.get(reverse("my_shifts", kwargs={"slug": "eastside"})).content.decode()
    webcal = f"webcal://testserver/calendar/{token}.ics"
    assert f'href="{webcal}"' in page
    assert "Subscribe on this device" in page
    assert "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Ftestserver" in page
    assert "https://outlook.live.com/calendar/0/addfromweb?url=http%3A%2F%2Ftestserver" in page


def test_each_shift_has_add_to_google_apple_and_outlook(world, member_client):
    shift = ShiftFactory(neighborhood=world.own, role="Pantry", place="Hall")
    url = reverse("shift_detail", kwargs={"slug": "eastside", "pk": shift.pk})
    page = member_client.get(url).content.decode()
    google = page.split('href="https://calendar.google.com/calendar/render?')[1].split('"')[0]
    query = parse_qs(urlparse("?" + google.replace("&amp;", "&")).query)
    assert query["text"] == ["Pantry"]
    assert query["location"] == ["Hall"]
    assert query["dates"][0].startswith(shift.starts_at.astimezone().strftime("%Y%m%d"))
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in page
    assert reverse("shift_ics", kwargs={"slug": "eastside", "pk": shift.pk}) in page

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from .factories import ShiftFactory

pytestmark = pytest.mark.django_db


def test_shift_list_shows_the_soonest_shift_first(member_client, world):
    now = timezone.now()
    for days in (9, 2, 5):
        ShiftFactory(neighborhood=world.own, starts_at=now + timedelta(days=days))
    page = member_client.get(reverse("shift_list", args=["eastside"]))
    starts = [shift.starts_at for shift in page.context["shifts"]]
    assert starts == sorted(starts) and len(starts) == 3

"""The home's "short shifts" count leads to coverage showing those shifts only."""

import pytest
from django.urls import reverse

from mutualaid.actions import shifts as actions

from .factories import ShiftFactory, in_days

pytestmark = pytest.mark.django_db

COVERAGE = reverse("shift_coverage", kwargs={"slug": "eastside"})
HOME = reverse("neighborhood_home", kwargs={"slug": "eastside"})


def test_the_short_count_links_to_coverage_of_short_shifts_only(world, coordinator_client):
    ShiftFactory(neighborhood=world.own, capacity=3, role="Short one", starts_at=in_days(2))
    full = ShiftFactory(neighborhood=world.own, capacity=1, role="Full one", starts_at=in_days(2))
    actions.sign_up(shift=full, user=world.volunteer)
    home = coordinator_client.get(HOME).content.decode()
    assert f'href="{COVERAGE}?weeks=1&amp;short=on"' in home

    page = coordinator_client.get(COVERAGE, {"weeks": "1", "short": "on"}).content.decode()

    assert "Short one" in page
    assert "Full one" not in page
    assert "1 shift in these weeks" in page
    everything = coordinator_client.get(COVERAGE, {"weeks": "1"}).content.decode()
    assert "Short one" in everything and "Full one" in everything


def test_the_short_filter_is_kept_on_the_next_page(world, coordinator_client):
    for n in range(51):
        ShiftFactory(neighborhood=world.own, capacity=2, role=f"Short {n}", starts_at=in_days(1))
    page = coordinator_client.get(COVERAGE, {"weeks": "1", "short": "on"}).content.decode()
    assert "?weeks=1&amp;short=on&amp;page=2" in page
    second = coordinator_client.get(COVERAGE, {"weeks": "1", "short": "on", "page": "2"})
    assert len(second.context["page"].object_list) == 1

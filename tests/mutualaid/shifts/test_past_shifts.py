"""Past shifts on the shift list and the coverage view: linked, in the address."""

import pytest
from django.urls import reverse

from mutualaid.actions import shifts as actions

from .factories import ShiftFactory, in_days

pytestmark = pytest.mark.django_db
LIST = reverse("shift_list", kwargs={"slug": "eastside"})
COVERAGE = reverse("shift_coverage", kwargs={"slug": "eastside"})


@pytest.fixture
def shifts(world):
    past = ShiftFactory(neighborhood=world.own, role="Recent pantry", starts_at=in_days(-6))
    older = ShiftFactory(neighborhood=world.own, role="Older pantry", starts_at=in_days(-20))
    ancient = ShiftFactory(neighborhood=world.own, role="Ancient pantry", starts_at=in_days(-200))
    coming = ShiftFactory(neighborhood=world.own, role="Coming pantry", starts_at=in_days(3))
    actions.assign(shift=past, user=world.volunteer)
    return past, older, ancient, coming


def test_the_shift_list_links_to_past_shifts_newest_first(world, shifts, volunteer_client):
    page = volunteer_client.get(LIST).content.decode()
    assert f'href="{LIST}?past=1"' in page
    assert "Recent pantry" not in page
    past_page = volunteer_client.get(LIST, {"past": "1"}).content.decode()
    assert "Past shifts" in past_page
    assert past_page.index("Recent pantry") < past_page.index("Older pantry")
    assert "Ancient pantry" not in past_page and "Coming pantry" not in past_page
    assert "You are on it" in past_page  # my place on last week's shift
    assert f'href="{LIST}"' in past_page  # back to the coming ones


def test_coverage_shows_past_weeks_from_a_link(world, shifts, coordinator_client):
    page = coordinator_client.get(COVERAGE).content.decode()
    assert f'href="{COVERAGE}?weeks=4&amp;past=1"' in page
    assert "Coming pantry" in page and "Recent pantry" not in page
    past_page = coordinator_client.get(COVERAGE, {"weeks": 4, "past": "1"}).content.decode()
    assert "Coverage of the past weeks" in past_page
    assert "Recent pantry" in past_page and "Older pantry" in past_page
    assert "Coming pantry" not in past_page and "Ancient pantry" not in past_page
    assert "Weeks back" in past_page
    assert 'type="hidden" name="past" value="1"' in past_page  # changing the weeks keeps "past"


def test_coverage_htmx_keeps_the_past(world, shifts, coordinator_client):
    response = coordinator_client.get(
        COVERAGE, {"weeks": 1, "past": "1"}, headers={"HX-Request": "true"}
    )
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert "Recent pantry" in fragment and "Older pantry" not in fragment

"""The series form a person fills in without thinking: fields in reading order with
distinct labels, only the fields its repeat needs, the usual place prefilled, a
preview of the dates (htmx and without JavaScript), a warning on overlap, a result
page listing every shift made, and an honest count when a series is changed."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutualaid.actions import shifts as actions
from mutualaid.models import ShiftSeries

from .factories import ShiftFactory
from .test_forms import next_saturday, series_data

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, **kwargs):
    return reverse(name, kwargs={"slug": "eastside", **kwargs})


def label_positions(page: str, labels: list[str]) -> list[int]:
    return [page.index(f">{label}") for label in labels]


def test_the_fields_read_in_order_with_distinct_labels(coordinator_client):
    page = coordinator_client.get(url("series_create")).content.decode()
    order = ["Role", "Repeats", "Day of the week", "First date", "Starts at", "Where"]
    order += ["How many people"]
    positions = label_positions(page, order)
    assert positions == sorted(positions)
    assert ">Place<" not in page and ">Places<" not in page


def test_the_repeat_only_fields_say_which_repeat_they_are_for(coordinator_client):
    page = coordinator_client.get(url("series_create")).content.decode()
    assert 'data-only-for="monthly"' in page and 'data-only-for="weekly"' in page
    assert "Only for monthly repeats." in page and "Only for weekly repeats." in page
    assert "js/series_form.js" in page


def test_a_weekly_series_needs_no_week_of_the_month(coordinator_client):
    response = coordinator_client.post(url("series_create"), series_data(week_of_month=""))
    assert response.status_code == 302
    assert ShiftSeries.objects.get().rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA"


def test_a_monthly_series_needs_its_week_of_the_month(coordinator_client):
    data = series_data(frequency="monthly", interval="", week_of_month="", place="Kept hall")
    response = coordinator_client.post(url("series_create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose which one in the month, such as the first." in page
    assert 'value="Kept hall"' in page
    assert not ShiftSeries.objects.exists()
    ok = coordinator_client.post(url("series_create"), {**data, "week_of_month": "-1"})
    assert ok.status_code == 302
    assert ShiftSeries.objects.get().rule == "FREQ=MONTHLY;BYDAY=-1SA"


def test_a_weekly_series_needs_its_every_how_many_weeks(coordinator_client):
    response = coordinator_client.post(url("series_create"), series_data(interval=""))
    assert "Say every how many weeks: 1 is every week." in response.content.decode()
    assert not ShiftSeries.objects.exists()


def test_the_place_most_shifts_are_at_is_prefilled(world, coordinator_client):
    for place in ["Library", "Library", "Church hall"]:
        ShiftFactory(neighborhood=world.own, place=place)
    form = coordinator_client.get(url("series_create")).context["form"]
    assert form["place"].value() == "Library"


def test_without_shifts_the_place_where_the_table_meets_is_prefilled(world, coordinator_client):
    world.own.meeting_place = "Room 4, community centre"
    world.own.save(update_fields=["meeting_place"])
    page = coordinator_client.get(url("series_create")).content.decode()
    assert 'value="Room 4, community centre"' in page


def test_the_htmx_preview_lists_the_next_dates(coordinator_client):
    data = series_data(interval="1", horizon_weeks="4")
    data.pop("submission_key")

    response = coordinator_client.get(url("series_preview"), data, **HTMX)

    page = response.content.decode()
    assert page.lstrip().startswith('<section class="card" id="series-preview"')
    today = timezone.localdate()
    first = next_saturday()
    dates = [first + timedelta(weeks=n) for n in range(5)]
    dates = [day for day in dates if day <= today + timedelta(weeks=4)]
    assert f"{len(dates)} shifts, from {first.strftime('%-d %b')}" in page
    listed = page[page.index('<ul class="series-dates">') : page.index("</ul>")]
    assert listed.count("<li>") == len(dates)
    assert all(day.strftime("%a %-d %b %Y") in listed for day in dates)
    assert not ShiftSeries.objects.exists()


def test_the_preview_button_without_javascript_shows_the_dates_and_saves_nothing(
    coordinator_client,
):
    response = coordinator_client.post(url("series_create"), series_data(preview="1"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "The dates it makes" in page and "shifts, from" in page
    assert not ShiftSeries.objects.exists()
    # The same render can then be saved: the key is kept.
    assert coordinator_client.post(url("series_create"), series_data()).status_code == 302


def test_the_preview_warns_of_an_overlapping_series(world, coordinator_client):
    actions.create_series(
        neighborhood=world.own,
        created_by=world.coordinator,
        role="Pantry",
        place="Back room",
        capacity=2,
        notes="",
        skill=None,
        rule="FREQ=WEEKLY;BYDAY=SA",
        starts_on=timezone.localdate(),
        start_time=time(12),
        end_time=time(14),
    )
    data = series_data()  # Saturdays 10:00-13:00
    data.pop("submission_key")
    page = coordinator_client.get(url("series_preview"), data, **HTMX).content.decode()
    assert "Overlaps an existing series:" in page and "Pantry, 12:00–14:00 at Back room" in page
    later = coordinator_client.get(
        url("series_preview"), {**data, "start_time": "14:00", "end_time": "16:00"}, **HTMX
    )
    assert "Overlaps" not in later.content.decode()
    sunday = coordinator_client.get(url("series_preview"), {**data, "weekday": "SU"}, **HTMX)
    assert "Overlaps" not in sunday.content.decode()


def test_a_series_does_not_overlap_itself_when_changed(world, coordinator_client):
    coordinator_client.post(url("series_create"), series_data())
    series = ShiftSeries.objects.get()
    data = series_data()
    data.pop("submission_key")
    page = coordinator_client.get(
        url("series_preview"), {**data, "series": series.pk}, **HTMX
    ).content.decode()
    assert "Overlaps" not in page


def test_the_new_series_lands_on_a_page_listing_every_shift_it_made(world, coordinator_client):
    response = coordinator_client.post(
        url("series_create"), series_data(interval="1", horizon_weeks="19"), follow=True
    )
    series = ShiftSeries.objects.get()
    shifts = list(series.shifts.order_by("starts_at"))
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == url("series_detail", pk=series.pk)
    first = timezone.localtime(shifts[0].starts_at).strftime("%-d %b")
    last = timezone.localtime(shifts[-1].starts_at).strftime("%-d %b %Y")
    assert f"{len(shifts)} shifts ahead, from {first} to {last}" in page
    assert len(shifts) >= 19
    for shift in shifts:
        assert f'href="{url("shift_detail", pk=shift.pk)}"' in page


def test_changing_a_series_says_how_many_people_were_told(world, coordinator_client):
    coordinator_client.post(url("series_create"), series_data())
    series = ShiftSeries.objects.get()
    changed = series.shifts.count()
    actions.sign_up(shift=series.shifts.order_by("starts_at").last(), user=world.volunteer)

    response = coordinator_client.post(
        url("series_edit", pk=series.pk), series_data(place="Library"), follow=True
    )

    page = response.content.decode()
    assert (
        f"The series is saved; {changed} future shifts changed. "
        "1 person signed up for them was told."
    ) in page
    assert "their people were told" not in page


def test_changing_a_series_nobody_signed_up_for_says_nobody_was_told(coordinator_client):
    coordinator_client.post(url("series_create"), series_data())
    series = ShiftSeries.objects.get()
    response = coordinator_client.post(
        url("series_edit", pk=series.pk), series_data(place="Library"), follow=True
    )
    assert "Nobody had signed up for them, so nobody needed telling." in response.content.decode()


def test_the_shifts_page_has_create_buttons_for_coordinators_only(client, world):
    client.force_login(world.coordinator)
    page = client.get(url("shift_list")).content.decode()
    assert f'href="{url("series_create")}"' in page and f'href="{url("shift_create")}"' in page
    client.force_login(world.volunteer)
    page = client.get(url("shift_list")).content.decode()
    assert url("series_create") not in page


PREVIEW_FIELDS = st.fixed_dictionaries(
    {
        "frequency": st.sampled_from(["weekly", "monthly", "yearly", ""]),
        "interval": st.one_of(st.just(""), st.integers(-3, 20).map(str), st.text(max_size=5)),
        "week_of_month": st.sampled_from(["1", "-1", "5", "", "x"]),
        "weekday": st.sampled_from(["MO", "SA", "XX", ""]),
        "starts_on": st.one_of(st.dates().map(str), st.text(max_size=10)),
        "ends_on": st.one_of(st.just(""), st.dates().map(str)),
        "start_time": st.sampled_from(["10:00", "23:00", "", "25:99"]),
        "end_time": st.sampled_from(["13:00", "09:00", "", "x"]),
        "horizon_weeks": st.one_of(st.integers(-2, 40).map(str), st.just("")),
        "series": st.one_of(st.just(""), st.integers(0, 10**12).map(str), st.text(max_size=5)),
        "place": st.text(max_size=30),
        "capacity": st.integers(-5, 10**6).map(str),
        "role": st.text(max_size=30),
    }
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=PREVIEW_FIELDS, htmx=st.booleans())
def test_the_preview_never_answers_500(coordinator_client, data, htmx):
    response = coordinator_client.get(url("series_preview"), data, **(HTMX if htmx else {}))
    assert response.status_code in {200, 404}

"""Every shift form: valid input works; bad input gets an error by the field and keeps
what was typed; no input at all gives a 500 (hypothesis)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mutualaid.models import Shift, ShiftSeries

pytestmark = pytest.mark.django_db


def url(name, world, **kwargs):
    return reverse(name, kwargs={"slug": world.own.slug, **kwargs})


def next_saturday():
    today = timezone.localdate()
    return today + timedelta(days=(5 - today.weekday()) % 7 or 7)


def shift_data(**overrides):
    return {
        "role": "Intake table",
        "day": (timezone.localdate() + timedelta(days=3)).isoformat(),
        "start_time": "10:00",
        "end_time": "13:00",
        "place": "Church hall",
        "capacity": "3",
        "notes": "",
        "intake_session": "",
        "submission_key": "6f1c2b9e-1d2a-4c55-9a0e-000000000001",
    } | overrides


def series_data(**overrides):
    return {
        "role": "Intake table",
        "place": "Church hall",
        "capacity": "3",
        "frequency": "weekly",
        "interval": "2",
        "weekday": "SA",
        "week_of_month": "1",
        "starts_on": next_saturday().isoformat(),
        "ends_on": "",
        "start_time": "10:00",
        "end_time": "13:00",
        "horizon_weeks": "8",
        "is_intake_table": "",
        "submission_key": "6f1c2b9e-1d2a-4c55-9a0e-000000000002",
    } | overrides


def test_new_shift_is_created_once_however_often_it_is_submitted(world, coordinator_client):
    first = coordinator_client.post(url("shift_create", world), shift_data())
    again = coordinator_client.post(url("shift_create", world), shift_data())
    assert first.status_code == again.status_code == 302
    assert Shift.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("end_time", "09:00", "The end must be after the start."),
        ("capacity", "0", "greater than or equal to 1"),
        ("capacity", "-4", "greater than or equal to 1"),
        ("day", "2001-01-01", "Choose today or a later date."),
        ("role", "", "This field is required."),
    ],
)
def test_bad_shift_input_gets_an_error_by_the_field(
    world, coordinator_client, field, value, message
):
    response = coordinator_client.post(
        url("shift_create", world), shift_data(**{field: value, "place": "Kept place"})
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="Kept place"' in page
    assert Shift.objects.count() == 0


def test_new_series_creates_every_other_saturday(world, coordinator_client):
    response = coordinator_client.post(url("series_create", world), series_data())
    assert response.status_code == 302
    series = ShiftSeries.objects.get()
    assert series.rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA"
    assert series.shifts.count() == 4


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_time": "08:00"}, "The end must be after the start."),
        ({"capacity": "0"}, "greater than or equal to 1"),
        ({"horizon_weeks": "300"}, "less than or equal to 26"),
        (
            {"ends_on": (next_saturday() + timedelta(days=3650)).isoformat()},
            "A series can run at most two years.",
        ),
        (
            {"ends_on": (next_saturday() + timedelta(days=2)).isoformat(), "weekday": "WE"},
            "This rule gives no dates between the first and the last date.",
        ),
        (
            {"ends_on": (next_saturday() - timedelta(days=2)).isoformat()},
            "The last date must be on or after the first date.",
        ),
    ],
)
def test_bad_series_input_gets_a_clear_error(world, coordinator_client, overrides, message):
    response = coordinator_client.post(
        url("series_create", world), series_data(place="Kept hall", **overrides)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="Kept hall"' in page
    assert ShiftSeries.objects.count() == 0


def test_editing_a_series_through_the_form_moves_its_shifts(world, coordinator_client):
    coordinator_client.post(url("series_create", world), series_data())
    series = ShiftSeries.objects.get()
    form = coordinator_client.get(url("series_edit", world, pk=series.pk)).content.decode()
    assert 'value="Church hall"' in form
    response = coordinator_client.post(
        url("series_edit", world, pk=series.pk), series_data(place="Library")
    )
    assert response.status_code == 302
    assert set(series.shifts.values_list("place", flat=True)) == {"Library"}


def test_a_series_that_staffs_the_intake_table_marks_its_shifts(world, coordinator_client):
    coordinator_client.post(url("series_create", world), series_data(is_intake_table="on"))
    series = ShiftSeries.objects.get()
    assert series.is_intake_table
    assert all(shift.is_intake_table for shift in series.shifts.all())
    form = coordinator_client.get(url("series_edit", world, pk=series.pk)).content.decode()
    assert 'id="id_is_intake_table" checked' in form
    coordinator_client.post(url("series_edit", world, pk=series.pk), series_data())
    assert not series.shifts.filter(is_intake_table=True).exists()


text = st.text(max_size=30)
SHIFT_FIELDS = st.fixed_dictionaries(
    dict.fromkeys(shift_data(), text) | {"capacity": st.integers(-5, 10**6).map(str)}
)
SERIES_FIELDS = st.fixed_dictionaries(
    dict.fromkeys(series_data(), text)
    | {
        "frequency": st.sampled_from(["weekly", "monthly", "yearly", ""]),
        "weekday": st.sampled_from(["MO", "SA", "XX", ""]),
        "interval": st.integers(-3, 20).map(str),
        "week_of_month": st.sampled_from(["1", "-1", "5", "x"]),
        "starts_on": st.dates().map(str),
        "ends_on": st.one_of(st.just(""), st.dates().map(str)),
    }
)
FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(data=SHIFT_FIELDS)
def test_shift_form_never_answers_500(world, coordinator_client, data):
    assert coordinator_client.post(url("shift_create", world), data).status_code in {200, 302}


@FUZZ
@given(data=SERIES_FIELDS)
def test_series_form_never_answers_500(world, coordinator_client, data):
    assert coordinator_client.post(url("series_create", world), data).status_code in {200, 302}


@FUZZ
@given(session=st.one_of(text, st.integers(-5, 10**12).map(str)), flag=text)
def test_intake_table_form_never_answers_500(world, coordinator_client, session, flag):
    from .factories import ShiftFactory

    shift = ShiftFactory(neighborhood=world.own)
    data = {"intake_session": session, "is_intake_table": flag}
    response = coordinator_client.post(url("shift_intake_table", world, pk=shift.pk), data)
    assert response.status_code in {302, 400}


@FUZZ
@given(note=st.text(max_size=400), weeks=text, attendance=text, person=text, anyway=text)
def test_small_forms_never_answer_500(
    world, coordinator_client, note, weeks, attendance, person, anyway
):
    from tests.members.factories import SkillFactory

    from .factories import ShiftFactory

    skill = SkillFactory(neighborhood=world.own)
    shift = ShiftFactory(neighborhood=world.own, skill=skill)
    assert coordinator_client.get(url("shift_coverage", world), {"weeks": weeks}).status_code == 200
    cancel = coordinator_client.post(url("shift_cancel_signup", world, pk=shift.pk), {"note": note})
    assert cancel.status_code in {200, 302}  # asked first, or refused with the page
    assign = url("shift_assign", world, pk=shift.pk)
    for data in ({"person": person}, {"person": world.member.pk, "anyway": anyway}):
        assert coordinator_client.post(assign, data).status_code in {200, 302}

"""Opening today's intake session from an intake-table shift (issues #4 and #5)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from intake import actions
from intake.models import IntakeSession
from members.access import can_open_intake_from_shift
from mutualaid.actions import shifts as shift_actions
from mutualaid.models import CalendarFeed, Signup
from tests.concurrency import run_at_once
from tests.mutualaid.shifts.factories import ShiftFactory, in_days, volunteers

from .factories import IntakeSessionFactory

pytestmark = pytest.mark.django_db


def local_today(world):
    return timezone.localdate(timezone=world.own.zone)


def today_at(neighborhood, hour: int):
    now = timezone.localtime(timezone=neighborhood.zone)
    return now.replace(hour=hour, minute=0, second=0, microsecond=0)


def table_shift(world, *, people=(), **fields):
    """An intake-table shift of today, 10:00-13:00, with ``people`` confirmed on it."""
    starts = fields.pop("starts_at", today_at(world.own, 10))
    fields = {
        "neighborhood": world.own,
        "is_intake_table": True,
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=3),
        "place": "St. Brigid's church hall",
    } | fields
    shift = ShiftFactory(**fields)
    for person in people:
        Signup.objects.create(shift=shift, user=person, status=Signup.Status.CONFIRMED)
    return shift


def open_url(world, shift):
    return reverse("intake_open_from_shift", args=[world.own.slug, shift.pk])


def shift_url(world, shift):
    return reverse("shift_detail", args=[world.own.slug, shift.pk])


# --- The action -------------------------------------------------------------------


def test_opening_from_a_shift_makes_todays_session_from_the_shift(world):
    shift = table_shift(world, people=[world.volunteer, world.coordinator])
    session = actions.open_session_from_shift(shift=shift, by=world.volunteer)
    shift.refresh_from_db()
    assert shift.intake_session == session
    assert session.neighborhood == world.own and session.is_open
    assert session.date == timezone.localdate(timezone=world.own.zone)
    assert (session.starts_at.hour, session.ends_at.hour) == (10, 13)
    assert session.place == "St. Brigid's church hall"
    assert set(session.staffed_by.all()) == {world.volunteer, world.coordinator}


def test_opening_twice_gives_the_same_session(world):
    shift = table_shift(world, people=[world.volunteer])
    first = actions.open_session_from_shift(shift=shift, by=world.volunteer)
    again = actions.open_session_from_shift(shift=shift, by=world.coordinator)
    assert first == again
    assert IntakeSession.objects.count() == 1
    assert world.coordinator in again.staffed_by.all()


def test_a_linked_planned_session_is_opened_not_copied(world):
    planned = IntakeSessionFactory(neighborhood=world.own, status="planned", place="Library")
    shift = table_shift(world, people=[world.volunteer], is_intake_table=False)
    shift.set_intake_table(is_intake_table=False, intake_session=planned)
    session = actions.open_session_from_shift(shift=shift, by=world.volunteer)
    assert session == planned
    planned.refresh_from_db()
    assert planned.is_open and planned.place == "Library"
    assert IntakeSession.objects.count() == 1


def test_the_days_unlinked_session_is_taken_rather_than_a_second_one(world):
    planned = IntakeSessionFactory(
        neighborhood=world.own, status="planned", date=local_today(world)
    )
    IntakeSessionFactory(neighborhood=world.other, status="planned", date=local_today(world))
    shift = table_shift(world, people=[world.volunteer])
    assert actions.open_session_from_shift(shift=shift, by=world.volunteer) == planned
    assert IntakeSession.objects.of(world.own).count() == 1


def test_a_closed_linked_session_stays_closed(world):
    closed = IntakeSessionFactory(neighborhood=world.own, status="closed")
    shift = table_shift(world, people=[world.volunteer], intake_session=closed)
    session = actions.open_session_from_shift(shift=shift, by=world.volunteer)
    assert session == closed and session.status == "closed"
    assert not session.staffed_by.exists()


def test_volunteers_confirmed_later_staff_the_session_when_it_closes(world):
    late, no_show, waiting = volunteers(world.own, 3, prefix="late")
    shift = table_shift(world, people=[world.volunteer], capacity=3)
    session = actions.open_session_from_shift(shift=shift, by=world.volunteer)
    shift_actions.sign_up(shift=shift, user=late)
    marked = shift_actions.sign_up(shift=shift, user=no_show)
    shift_actions.record_attendance(signup=marked, attendance="no-show")
    shift_actions.sign_up(shift=shift, user=waiting)  # the fourth: on the waitlist
    assert set(session.staffed_by.all()) == {world.volunteer}
    actions.set_session_status(session=session, status="closed", by=world.coordinator)
    assert set(session.staffed_by.all()) == {world.volunteer, late}


@pytest.mark.django_db(transaction=True)
def test_two_volunteers_pressing_at_once_make_one_session(world):
    people = volunteers(world.own, 2, prefix="press")
    shift = table_shift(world, people=people)
    opened, errors = run_at_once(
        lambda person: actions.open_session_from_shift(shift=shift, by=person).pk, people
    )

    assert errors == []
    assert IntakeSession.objects.count() == 1
    assert len(set(opened)) == 1
    session = IntakeSession.objects.get()
    assert set(session.staffed_by.all()) == set(people)


# --- Who may open it, and when ------------------------------------------------------


def test_who_may_open_the_table_from_the_shift(world):
    shift = table_shift(world, people=[world.volunteer, world.member])
    other_volunteer = volunteers(world.own, 1, prefix="off")[0]
    assert can_open_intake_from_shift(world.volunteer, shift)
    assert can_open_intake_from_shift(world.coordinator, shift)
    assert can_open_intake_from_shift(world.admin, shift)
    assert not can_open_intake_from_shift(world.member, shift)  # confirmed, but a member
    assert not can_open_intake_from_shift(other_volunteer, shift)  # not on the shift
    assert not can_open_intake_from_shift(world.other_coordinator, shift)


def test_only_on_the_day_of_a_scheduled_intake_table_shift(world):
    other_day = table_shift(world, people=[world.volunteer], starts_at=in_days(2))
    not_table = table_shift(world, people=[world.volunteer], is_intake_table=False)
    cancelled = table_shift(world, people=[world.volunteer], status="cancelled")
    for shift in (other_day, not_table, cancelled):
        assert not can_open_intake_from_shift(world.volunteer, shift)
        assert not can_open_intake_from_shift(world.coordinator, shift)


def test_a_volunteer_opens_the_table_with_a_plain_post(
    world, volunteer_client, django_assert_max_num_queries
):
    shift = table_shift(world, people=[world.volunteer])
    response = volunteer_client.post(open_url(world, shift))
    session = IntakeSession.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("intake_session", args=[world.own.slug, session.pk])
    volunteer_client.get(response.url)  # the first view draws the blank form
    with django_assert_max_num_queries(8):  # then the session page's 7, and the shift
        page = volunteer_client.get(response.url).content.decode()
    assert "From the shift:" in page and shift_url(world, shift) in page


def test_a_volunteer_not_on_the_shift_and_a_member_on_it_are_refused(world, client):
    shift = table_shift(world, people=[world.member])
    other = volunteers(world.own, 1, prefix="off")[0]
    for person in (other, world.member):
        client.force_login(person)
        assert client.post(open_url(world, shift)).status_code == 403
    client.force_login(world.other_coordinator)
    assert client.post(open_url(world, shift)).status_code == 404
    assert not IntakeSession.objects.exists()


def test_the_day_before_the_button_is_missing_and_a_post_is_refused(world, volunteer_client):
    shift = table_shift(world, people=[world.volunteer], starts_at=in_days(1))
    assert "Open today's intake session" not in (
        volunteer_client.get(shift_url(world, shift)).content.decode()
    )
    assert volunteer_client.post(open_url(world, shift)).status_code == 403
    assert not IntakeSession.objects.exists()


# --- Where the button and the link show ----------------------------------------------

OPEN_BUTTON = "Open today's intake session"


def test_the_shift_page_my_shifts_and_the_home_offer_the_button_on_the_day(world, volunteer_client):
    this_hour = timezone.localtime(timezone=world.own.zone).replace(minute=0, second=0)
    shift = table_shift(world, people=[world.volunteer], starts_at=this_hour)  # coming up
    for page in (
        shift_url(world, shift),
        reverse("my_shifts", args=[world.own.slug]),
        reverse("neighborhood_home", args=[world.own.slug]),
    ):
        html = volunteer_client.get(page).content.decode()
        assert OPEN_BUTTON in html, page
        assert open_url(world, shift) in html, page


def test_the_linked_session_shows_to_volunteers_and_not_to_members(world, client):
    session = IntakeSessionFactory(neighborhood=world.own)
    shift = table_shift(world, people=[world.volunteer, world.member], intake_session=session)
    session_url = reverse("intake_session", args=[world.own.slug, session.pk])
    client.force_login(world.volunteer)
    assert session_url in client.get(shift_url(world, shift)).content.decode()
    client.force_login(world.member)
    page = client.get(shift_url(world, shift)).content.decode()
    assert session_url not in page
    assert 'id="intake-table"' not in page
    assert OPEN_BUTTON not in page
    home = client.get(reverse("neighborhood_home", args=[world.own.slug])).content.decode()
    assert OPEN_BUTTON not in home


# --- The coordinator's form on the shift page ----------------------------------------


def table_form_url(world, shift):
    return reverse("shift_intake_table", args=[world.own.slug, shift.pk])


def test_a_coordinator_links_and_clears_a_session(world, coordinator_client):
    shift = table_shift(world, is_intake_table=False)
    session = IntakeSessionFactory(
        neighborhood=world.own, status="planned", date=local_today(world)
    )
    response = coordinator_client.post(table_form_url(world, shift), {"intake_session": session.pk})
    assert response.status_code == 302
    shift.refresh_from_db()
    assert shift.intake_session == session and shift.staffs_intake_table
    coordinator_client.post(table_form_url(world, shift), {"is_intake_table": "on"})
    shift.refresh_from_db()
    assert shift.intake_session is None and shift.is_intake_table


def test_another_neighborhoods_session_is_a_field_error(world, coordinator_client):
    shift = table_shift(world, is_intake_table=False)
    theirs = IntakeSessionFactory(
        neighborhood=world.other, status="planned", date=local_today(world)
    )
    response = coordinator_client.post(
        table_form_url(world, shift), {"intake_session": theirs.pk, "is_intake_table": "on"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Select a valid choice" in page and "field--invalid" in page
    assert 'id="id_is_intake_table" checked' in page  # what was ticked is kept
    shift.refresh_from_db()
    assert shift.intake_session is None and not shift.is_intake_table


def test_a_closed_session_or_one_of_another_date_is_a_field_error(world, coordinator_client):
    shift = table_shift(world, is_intake_table=False)
    closed = IntakeSessionFactory(neighborhood=world.own, status="closed", date=local_today(world))
    later = IntakeSessionFactory(
        neighborhood=world.own, status="planned", date=timezone.localdate() + timedelta(days=3)
    )
    for session, message in [
        (closed, "Select a valid choice"),
        (later, "Choose a session on the shift&#x27;s date."),
    ]:
        response = coordinator_client.post(
            table_form_url(world, shift), {"intake_session": session.pk}
        )
        assert response.status_code == 400
        assert message in response.content.decode()
    shift.refresh_from_db()
    assert shift.intake_session is None


def test_the_new_shift_form_links_a_session(world, coordinator_client):
    day = timezone.localdate() + timedelta(days=3)
    session = IntakeSessionFactory(neighborhood=world.own, status="planned", date=day)
    theirs = IntakeSessionFactory(neighborhood=world.other, status="planned", date=day)
    data = {
        "role": "Intake table",
        "day": day.isoformat(),
        "start_time": "10:00",
        "end_time": "13:00",
        "place": "Hall",
        "capacity": "3",
        "submission_key": "6f1c2b9e-1d2a-4c55-9a0e-00000000f00d",
    }
    url = reverse("shift_create", args=[world.own.slug])
    refused = coordinator_client.post(url, data | {"intake_session": theirs.pk})
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert 'value="Hall"' in refused.content.decode()
    assert coordinator_client.post(url, data | {"intake_session": session.pk}).status_code == 302
    assert session.shifts.get().role == "Intake table"


@pytest.mark.parametrize("rows", [1, 20])
def test_the_shift_page_query_count_is_flat(
    world, coordinator_client, django_assert_max_num_queries, rows
):
    shift = table_shift(world, people=volunteers(world.own, rows, prefix="q"), capacity=30)
    for _ in range(rows):
        IntakeSessionFactory(neighborhood=world.own, status="planned")
    shift.set_intake_table(is_intake_table=True, intake_session=IntakeSession.objects.first())
    with django_assert_max_num_queries(11):
        response = coordinator_client.get(shift_url(world, shift))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 20])
def test_my_shifts_and_the_home_query_counts_stay_flat_with_table_shifts(
    world, volunteer_client, django_assert_max_num_queries, rows
):
    CalendarFeed.for_user(world.volunteer)
    for n in range(rows):
        starts = today_at(world.own, 0) + timedelta(days=n, hours=23)
        table_shift(world, people=[world.volunteer], starts_at=starts)
    with django_assert_max_num_queries(6):
        page = volunteer_client.get(reverse("my_shifts", args=[world.own.slug]))
    assert page.content.decode().count(OPEN_BUTTON) == 1  # today's only
    with django_assert_max_num_queries(8):  # the member's home (tests/wcc/test_base_page.py)
        assert volunteer_client.get(reverse("neighborhood_home", args=[world.own.slug]))

"""“Our neighborhood in numbers”: each figure counted by month from the real records,
no names on the page, the year chooser, and the same queries however much happened."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import numbers
from governance.actions import decisions as decision_actions
from intake.models import Visitor
from mutualaid.models import RequestStatusChange, ResourceRequest, Signup
from tests.intake.factories import IntakeSessionFactory, VisitFactory, VisitorFactory
from tests.mutualaid.needs.factories import NeedFactory
from tests.mutualaid.shifts.factories import ShiftFactory, SignupFactory

from .factories import meeting_of

pytestmark = pytest.mark.django_db


def url(world, **query):
    address = reverse("neighborhood_numbers", kwargs={"slug": world.own.slug})
    return address + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def happened(world, count: int = 1, *, days_ago: int = 3) -> None:
    """``count`` of everything the page counts, ``days_ago`` days ago, in world.own."""
    when = timezone.now() - timedelta(days=days_ago)
    session = IntakeSessionFactory(neighborhood=world.own, date=timezone.localdate(when))
    for n in range(count):
        visitor = VisitorFactory(neighborhood=world.own, first_name=f"Rosalind{n}")
        VisitFactory(session=session, visitor=visitor, logged_by=world.volunteer)
        need = NeedFactory(neighborhood=world.own, status=ResourceRequest.Status.FULFILLED)
        RequestStatusChange.objects.create(
            request=need, from_status="claimed", to_status="fulfilled", changed_at=when
        )
        shift = ShiftFactory(
            neighborhood=world.own, starts_at=when, ends_at=when + timedelta(hours=3), capacity=1
        )
        SignupFactory(shift=shift, user=world.volunteer, attendance=Signup.Attendance.ATTENDED)
        meeting_of(world, days=-days_ago)
        decision_actions.take_urgent_decision(
            neighborhood=world.own,
            by=world.coordinator,
            title=f"Decision {n}",
            text="The table moves.",
            reason="The hall is closed.",
        )


def totals(world, first=None) -> dict:
    first = first or numbers.last_twelve_months(timezone.localdate())
    return {figure.key: figure.total for figure in numbers.figures(world.own, first)}


def test_every_figure_counts_what_happened(world):
    happened(world, 2)
    assert totals(world) == {
        "served": 2,
        "needs": 2,
        "shifts": 2,
        "hours": 6,
        "meetings": 2,
        "decisions": 2,
    }


def test_a_short_shift_is_not_covered_and_an_absent_volunteer_gives_no_hours(world):
    when = timezone.now() - timedelta(days=2)
    shift = ShiftFactory(
        neighborhood=world.own, starts_at=when, ends_at=when + timedelta(hours=2), capacity=2
    )
    SignupFactory(shift=shift, user=world.volunteer, attendance=Signup.Attendance.NO_SHOW)
    assert totals(world)["shifts"] == 0 and totals(world)["hours"] == 0


def test_a_returning_visitor_is_one_person_in_the_month(world):
    session = IntakeSessionFactory(neighborhood=world.own, date=timezone.localdate())
    visitor = VisitorFactory(neighborhood=world.own)
    VisitFactory(session=session, visitor=visitor, logged_by=world.volunteer)
    other = IntakeSessionFactory(neighborhood=world.own, date=timezone.localdate())
    VisitFactory(session=other, visitor=visitor, logged_by=world.volunteer)
    assert totals(world)["served"] == 1


def test_another_neighborhoods_work_is_not_counted(world):
    session = IntakeSessionFactory(neighborhood=world.other, date=timezone.localdate())
    VisitFactory(session=session, visitor=VisitorFactory(neighborhood=world.other))
    assert totals(world)["served"] == 0


def test_a_year_counts_only_that_year(world):
    happened(world, 1, days_ago=400)
    year = (timezone.localdate() - timedelta(days=400)).year
    assert totals(world, date(year, 1, 1))["meetings"] == 1
    assert totals(world)["meetings"] == 0


def test_the_page_draws_a_chart_per_figure_and_names_no_one(member_client, world):
    happened(world, 3)
    page = member_client.get(url(world)).content.decode()
    assert page.count('<svg class="chart"') == 6
    assert "People served: 3" in page and "Hours given: 9" in page
    assert "Rosalind" not in page and "Val Volunteer" not in page.split("<main")[-1]
    assert Visitor.objects.filter(first_name__startswith="Rosalind").count() == 3


def test_the_year_chooser_shows_a_year_and_a_bad_year_shows_the_last_12_months(
    member_client, world
):
    this_year = timezone.localdate().year
    page = member_client.get(url(world, year=this_year)).content.decode()
    assert f"in {this_year}, month by month" in page
    page = member_client.get(url(world, year="1900")).content.decode()
    assert "in the last 12 months" in page


def test_the_page_is_in_the_menu(member_client, world):
    home = member_client.get(reverse("neighborhood_home", args=[world.own.slug]))
    assert url(world) in home.content.decode()


@pytest.mark.parametrize("rows", [1, 30])
def test_the_numbers_page_runs_the_same_queries_at_1_and_30_rows(
    member_client, world, rows, django_assert_num_queries
):
    """One grouped query per figure (six); the neighborhood is in the signed-in snapshot."""
    happened(world, rows)
    member_client.get(url(world))
    with django_assert_num_queries(6):
        response = member_client.get(url(world))
    assert f"Meetings held: {rows}" in response.content.decode()

"""The shifts' parts of a neighborhood copy, the network overview, and a person's
download and erasure (members.registry)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from members import actions as member_actions
from mutualaid.actions import shifts as shift_actions
from mutualaid.models import CalendarFeed, Reminder, Shift, ShiftSeries, Signup
from mutualaid.wcc_hooks import shift_places, shift_places_filled
from tests.members.factories import SkillFactory

from .factories import ShiftFactory, SignupFactory, in_days


def weekly_series(world, **fields):
    skill = SkillFactory(neighborhood=world.own, name="Spanish")
    return shift_actions.create_series(
        neighborhood=world.own,
        created_by=world.coordinator,
        role="Pantry",
        place="Church hall",
        capacity=4,
        notes="Bring gloves",
        skill=skill,
        rule="FREQ=WEEKLY;BYDAY=SA",
        starts_on=datetime.date(2024, 1, 6),
        start_time=datetime.time(10),
        end_time=datetime.time(13),
        horizon_weeks=4,
        **fields,
    )


def test_a_copied_neighborhood_gets_the_series_pattern_and_its_own_shifts_only(world):
    series = weekly_series(world)
    shift = series.shifts.order_by("starts_at").first()
    SignupFactory(shift=shift, user=world.volunteer)
    new = member_actions.copy_neighborhood(
        source=world.own, name="Northside", slug="northside", by=world.admin
    )
    copy = ShiftSeries.objects.get(neighborhood=new)
    assert (copy.role, copy.place, copy.capacity, copy.notes, copy.rule) == (
        "Pantry",
        "Church hall",
        4,
        "Bring gloves",
        "FREQ=WEEKLY;BYDAY=SA",
    )
    assert copy.skill.neighborhood == new and copy.skill.name == "Spanish"
    today = timezone.localdate(timezone=new.zone)
    assert copy.starts_on.weekday() == 5 and today <= copy.starts_on < today + datetime.timedelta(7)
    shifts = Shift.objects.filter(neighborhood=new)
    assert shifts.count() in (4, 5) and all(s.series_id == copy.pk for s in shifts)
    assert not Signup.objects.filter(shift__neighborhood=new).exists()


def test_an_inactive_series_is_not_copied(world):
    series = weekly_series(world)
    series.is_active = False
    series.save(update_fields=["is_active"])
    new = member_actions.copy_neighborhood(
        source=world.own, name="Northside", slug="northside", by=world.admin
    )
    assert not ShiftSeries.objects.filter(neighborhood=new).exists()


def test_the_overview_shows_places_filled_of_places_in_the_coming_month(world, client):
    soon = ShiftFactory(neighborhood=world.own, capacity=3)
    SignupFactory(shift=soon, user=world.volunteer)
    SignupFactory(shift=soon, user=world.coordinator, status=Signup.Status.WAITLISTED)
    ShiftFactory(neighborhood=world.own, capacity=5, starts_at=in_days(40))  # too far
    ShiftFactory(neighborhood=world.own, capacity=2, status=Shift.Status.CANCELLED)
    assert shift_places_filled([world.own, world.other]) == {world.own.pk: 1}
    assert shift_places([world.own, world.other]) == {world.own.pk: 3}
    client.force_login(world.admin)
    page = client.get(reverse("network_overview")).content.decode()
    assert "Shift places filled, coming month" in page and "Shift places, coming month" in page


def test_the_download_holds_the_persons_signups_and_reminders(world):
    signup = SignupFactory(shift=ShiftFactory(neighborhood=world.own), user=world.volunteer)
    signup.note = "Late by ten minutes"
    signup.save(update_fields=["note"])
    shift_actions.schedule_reminders(signup=signup)
    CalendarFeed.for_user(world.volunteer)
    data = member_actions.personal_data(user=world.volunteer)["shift_signups"]
    assert data["signups"][0]["note"] == "Late by ten minutes"
    assert data["reminders"] and data["has_calendar_feed"] is True


def test_erasing_a_person_keeps_past_signup_counts_and_deletes_reminders_and_feed(world):
    shift = ShiftFactory(neighborhood=world.own, starts_at=in_days(-3))
    signup = SignupFactory(shift=shift, user=world.volunteer, attendance="attended")
    signup.note = "notecanary"
    signup.save(update_fields=["note"])
    Reminder.objects.create(
        shift=shift,
        signup=signup,
        user=world.volunteer,
        due_at=timezone.now(),
        detail="detailcanary",
    )
    feed = CalendarFeed.for_user(world.volunteer)
    record = member_actions.erase_person(user=world.volunteer, by=world.coordinator)
    signup.refresh_from_db()
    assert (signup.status, signup.attendance, signup.note) == ("confirmed", "attended", "")
    assert not Reminder.objects.filter(user=world.volunteer).exists()
    assert not CalendarFeed.objects.filter(token=feed.token).exists()
    assert shift.signups.confirmed().count() == 1
    assert record.parts["shift_signups"] == 3


def test_erasing_a_person_frees_their_coming_places_and_promotes_the_waitlist(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    place = shift_actions.sign_up(shift=shift, user=world.volunteer)
    waiting = shift_actions.sign_up(shift=shift, user=world.member)
    assert waiting.status == Signup.Status.WAITLISTED
    world.coordinator.preferred_language = "es"
    world.coordinator.save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        record = member_actions.erase_person(user=world.volunteer, by=world.volunteer)
    place.refresh_from_db()
    waiting.refresh_from_db()
    assert place.status == Signup.Status.CANCELLED
    assert waiting.status == Signup.Status.CONFIRMED
    assert Reminder.objects.filter(user=world.member, kind=Reminder.Kind.PROMOTED).exists()
    assert not Reminder.objects.filter(user=world.volunteer).exists()
    assert record.parts["freed_shift_places_and_claims"] == 1
    [message] = [m for m in mailoutbox if m.to == [world.coordinator.email]]
    assert "Mo Member" in message.body and "lista de espera" in message.body
    assert "Val Volunteer" not in message.body


def test_a_copy_keeps_the_intake_table_mark_but_no_link_to_a_session(world):
    from tests.intake.factories import IntakeSessionFactory

    series = weekly_series(world, is_intake_table=True)
    session = IntakeSessionFactory(neighborhood=world.own, status="planned")
    series.shifts.update(intake_session=session)
    new = member_actions.copy_neighborhood(
        source=world.own, name="Northside", slug="northside", by=world.admin
    )
    assert ShiftSeries.objects.get(neighborhood=new).is_intake_table
    copied = Shift.objects.filter(neighborhood=new)
    assert copied.exists() and all(s.is_intake_table for s in copied)
    assert not copied.filter(intake_session__isnull=False).exists()
    assert session.shifts.filter(neighborhood=world.own).count() == series.shifts.count()


def test_erasing_a_person_or_deleting_a_session_keeps_the_shift(world):
    from tests.intake.factories import IntakeSessionFactory

    session = IntakeSessionFactory(neighborhood=world.own)
    shift = ShiftFactory(neighborhood=world.own, intake_session=session)
    SignupFactory(shift=shift, user=world.volunteer)
    session.staffed_by.add(world.volunteer)
    member_actions.erase_person(user=world.volunteer, by=world.coordinator)
    shift.refresh_from_db()
    assert shift.intake_session == session and shift.signups.count() == 1
    session.delete()
    shift.refresh_from_db()
    assert shift.intake_session is None and shift.signups.count() == 1

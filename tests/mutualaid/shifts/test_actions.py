"""The shift workflows: sign-up, waitlist, cancel and promotion, stand-ins, series."""

from datetime import date, time, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from mutualaid.actions import shifts as actions
from mutualaid.models import Reminder, Shift, Signup

from .factories import ShiftFactory, in_days, volunteers

pytestmark = pytest.mark.django_db


def send_all() -> int:
    return actions.send_due_reminders(limit=50, time_budget=10)


def test_sign_up_confirms_while_places_are_free_then_waitlists(world):
    shift = ShiftFactory(neighborhood=world.own, capacity=2)
    first, second, third = volunteers(world.own, 3)
    assert actions.sign_up(shift=shift, user=first).status == Signup.Status.CONFIRMED
    assert actions.sign_up(shift=shift, user=second).status == Signup.Status.CONFIRMED
    assert actions.sign_up(shift=shift, user=third).status == Signup.Status.WAITLISTED


def test_sign_up_twice_returns_the_same_sign_up(world):
    shift = ShiftFactory(neighborhood=world.own)
    once = actions.sign_up(shift=shift, user=world.volunteer)
    again = actions.sign_up(shift=shift, user=world.volunteer)
    assert once.pk == again.pk
    assert shift.signups.count() == 1


def test_database_refuses_a_second_active_sign_up_for_the_same_person(world):
    from django.db import IntegrityError, transaction

    shift = ShiftFactory(neighborhood=world.own)
    Signup.objects.create(shift=shift, user=world.member, status=Signup.Status.CONFIRMED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Signup.objects.create(shift=shift, user=world.member, status=Signup.Status.WAITLISTED)
    # A cancelled one does not count: the person may sign up again.
    Signup.objects.filter(shift=shift).update(status=Signup.Status.CANCELLED)
    Signup.objects.create(shift=shift, user=world.member, status=Signup.Status.CONFIRMED)


def test_confirmed_sign_up_gets_reminders_at_24_and_2_hours_before(world):
    shift = ShiftFactory(neighborhood=world.own, starts_at=in_days(3))
    signup = actions.sign_up(shift=shift, user=world.volunteer)
    due = sorted(signup.reminders.values_list("due_at", flat=True))
    assert due == [shift.starts_at - timedelta(hours=24), shift.starts_at - timedelta(hours=2)]


def test_waitlisted_sign_up_gets_no_reminders(world):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    actions.sign_up(shift=shift, user=world.coordinator)
    waiting = actions.sign_up(shift=shift, user=world.volunteer)
    assert not waiting.reminders.exists()


def test_cancel_promotes_the_first_on_the_waitlist_and_tells_them(world):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    first, second, third = volunteers(world.own, 3)
    mine = actions.sign_up(shift=shift, user=first)
    actions.sign_up(shift=shift, user=second)
    actions.sign_up(shift=shift, user=third)

    promoted = actions.cancel_signup(signup=mine, note="sick")

    assert promoted.user == second
    assert promoted.status == Signup.Status.CONFIRMED
    assert mine.reminders.filter(status=Reminder.Status.PENDING).count() == 0
    assert promoted.reminders.filter(kind=Reminder.Kind.REMINDER).count() == 2
    assert send_all() == 1
    assert mail.outbox[0].to == [second.email]
    assert "a place opened up" in mail.outbox[0].body
    assert f"/c/{promoted.cancel_token()}/" in mail.outbox[0].body
    assert f"/shifts/{shift.pk}/" in mail.outbox[0].body


def test_cancel_from_the_waitlist_promotes_nobody(world):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    first, second = volunteers(world.own, 2)
    actions.sign_up(shift=shift, user=first)
    waiting = actions.sign_up(shift=shift, user=second)
    assert actions.cancel_signup(signup=waiting) is None
    assert shift.confirmed().get().user == first


def test_message_goes_out_in_the_persons_language(world):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    first, second = volunteers(world.own, 2)
    second.preferred_language = "es"
    second.save()
    signup = actions.sign_up(shift=shift, user=first)
    actions.sign_up(shift=shift, user=second)
    actions.cancel_signup(signup=signup)
    send_all()
    assert "se abrió un lugar" in mail.outbox[0].body


def test_message_goes_by_sms_to_a_person_who_chose_it(world, sms_outbox):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    first, second = volunteers(world.own, 2)
    second.contact_channel = "sms"
    second.phone = "+1 555 123 4567"
    second.contact_consent_at = timezone.now()
    second.save()
    actions.cancel_signup(signup=actions.sign_up(shift=shift, user=first))
    actions.sign_up(shift=shift, user=second)  # joins and gets the free place at once
    actions.cancel_signup(signup=shift.signups.get(user=second))
    actions.sign_up(shift=shift, user=first)
    actions.sign_up(shift=shift, user=second)
    actions.cancel_signup(signup=shift.signups.active().get(user=first))
    send_all()
    assert mail.outbox == []
    assert [m.to for m in sms_outbox] == ["+15551234567"]  # E.164, as the provider wants it


def test_person_who_chose_no_contact_gets_nothing(world, sms_outbox):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    first, second = volunteers(world.own, 2)
    second.contact_channel = "none"
    second.save()
    actions.sign_up(shift=shift, user=first)
    actions.sign_up(shift=shift, user=second)
    actions.cancel_signup(signup=shift.signups.active().get(user=first))
    assert send_all() == 0
    assert mail.outbox == [] and sms_outbox == []
    assert Reminder.objects.get(kind="promoted").status == Reminder.Status.SKIPPED


def test_stand_in_request_notifies_volunteers_who_could_take_it(world):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    helpers = volunteers(world.own, 2)
    for person in helpers:
        person.contact_consent_at = timezone.now()
        person.save()
    signup = actions.sign_up(shift=shift, user=world.volunteer)
    outcome = actions.request_standin(signup=signup)
    # The two helpers who agreed to be contacted; never the asker, never a plain member,
    # and not the coordinator, who has not agreed (so no message could reach them).
    assert outcome.asked == 2
    send_all()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in helpers)

    taker = actions.sign_up(shift=shift, user=helpers[0])
    assert taker.status == Signup.Status.CONFIRMED
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CANCELLED
    mail.outbox.clear()
    send_all()
    assert [m.to[0] for m in mail.outbox] == [world.volunteer.email]
    assert mail.outbox[0].subject.startswith("Stand-in found: Intake table")


def test_due_reminder_is_sent_once_and_marked_sent(world):
    shift = ShiftFactory(neighborhood=world.own, starts_at=timezone.now() + timedelta(hours=30))
    signup = actions.sign_up(shift=shift, user=world.volunteer)
    Reminder.objects.filter(signup=signup).update(due_at=timezone.now() - timedelta(minutes=1))
    assert send_all() == 2
    assert send_all() == 0
    assert set(signup.reminders.values_list("status", flat=True)) == {"sent"}
    subjects = [m.subject for m in mail.outbox]
    assert subjects[0].startswith("Reminder (tomorrow): Intake table on")
    assert subjects[1].startswith("Reminder (in 2 hours): Intake table on")


def test_reminder_subjects_say_which_reminder_in_the_persons_language(world):
    world.volunteer.preferred_language = "es"
    world.volunteer.save()
    shift = ShiftFactory(neighborhood=world.own, starts_at=timezone.now() + timedelta(hours=30))
    signup = actions.sign_up(shift=shift, user=world.volunteer)
    Reminder.objects.filter(signup=signup).update(due_at=timezone.now() - timedelta(minutes=1))
    send_all()
    subjects = [m.subject for m in mail.outbox]
    assert subjects[0].startswith("Recordatorio (mañana): Intake table el")
    assert subjects[1].startswith("Recordatorio (en 2 horas): Intake table el")


def test_reminder_stuck_in_sending_is_retried_after_the_timeout(world, settings):
    settings.WCC_REMINDER_SENDING_TIMEOUT = 60
    shift = ShiftFactory(neighborhood=world.own, starts_at=timezone.now() + timedelta(hours=30))
    signup = actions.sign_up(shift=shift, user=world.volunteer)
    reminders = Reminder.objects.filter(signup=signup)
    reminders.update(status="sending", claimed_at=timezone.now() - timedelta(seconds=30))
    assert send_all() == 0  # another worker may still be sending them
    reminders.update(claimed_at=timezone.now() - timedelta(seconds=61))
    assert send_all() == 2


def test_reminder_of_a_cancelled_sign_up_is_not_sent(world):
    shift = ShiftFactory(neighborhood=world.own, starts_at=timezone.now() + timedelta(hours=30))
    signup = actions.sign_up(shift=shift, user=world.volunteer)
    Reminder.objects.filter(signup=signup).update(due_at=timezone.now(), status="sending")
    Signup.objects.filter(pk=signup.pk).update(status="cancelled")
    Reminder.objects.update(claimed_at=timezone.now() - timedelta(hours=1))
    assert send_all() == 0
    assert mail.outbox == []


def test_assign_confirms_a_person_even_past_the_places(world):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    actions.sign_up(shift=shift, user=world.volunteer)
    signup = actions.assign(shift=shift, user=world.member)
    assert signup.status == Signup.Status.CONFIRMED
    assert shift.confirmed().count() == 2


def series_fields(**overrides):
    fields = {
        "role": "Intake table",
        "place": "Church hall",
        "capacity": 3,
        "rule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=SA",
        "starts_on": timezone.localdate() + timedelta(days=1),
        "start_time": time(10),
        "end_time": time(13),
        "horizon_weeks": 8,
    }
    return fields | overrides


def test_series_creates_every_other_saturday_up_to_its_horizon(world):
    series = actions.create_series(
        neighborhood=world.own, created_by=world.coordinator, **series_fields()
    )
    shifts = list(series.shifts.order_by("starts_at"))
    assert len(shifts) == 4
    assert all(s.occurrence.weekday() == 5 for s in shifts)
    gaps = {(b.occurrence - a.occurrence).days for a, b in zip(shifts, shifts[1:], strict=False)}
    assert gaps == {14}
    local = timezone.localtime(shifts[0].starts_at, world.own.zone)
    assert (local.hour, local.minute) == (10, 0)


def test_monthly_series_falls_on_the_first_saturday(world):
    series = actions.create_series(
        neighborhood=world.own,
        created_by=world.coordinator,
        **series_fields(rule="FREQ=MONTHLY;BYDAY=1SA", horizon_weeks=20),
    )
    days = list(series.shifts.values_list("occurrence", flat=True))
    assert len(days) >= 4
    assert all(d.weekday() == 5 and d.day <= 7 for d in days)


def test_extending_the_horizon_adds_only_new_dates(world):
    series = actions.create_series(
        neighborhood=world.own, created_by=world.coordinator, **series_fields()
    )
    assert actions.extend_series(series=series) == 0
    later = timezone.localdate() + timedelta(weeks=4)
    assert actions.extend_series(series=series, today=later) == 2
    assert series.shifts.count() == 6


def test_editing_a_series_moves_future_shifts_and_tells_their_people(world):
    series = actions.create_series(
        neighborhood=world.own, created_by=world.coordinator, **series_fields()
    )
    past = ShiftFactory(
        neighborhood=world.own,
        series=series,
        occurrence=date(2020, 1, 4),
        starts_at=timezone.now() - timedelta(days=30),
        ends_at=timezone.now() - timedelta(days=30) + timedelta(hours=3),
    )
    first = series.shifts.filter(starts_at__gt=timezone.now()).first()
    signup = actions.sign_up(shift=first, user=world.volunteer)

    change = actions.edit_series(
        series=series, changes={"start_time": time(11), "place": "Library"}
    )

    assert change == actions.SeriesChange(changed=4, told=1)
    first.refresh_from_db()
    past.refresh_from_db()
    assert timezone.localtime(first.starts_at, world.own.zone).hour == 11
    assert first.place == "Library"
    assert past.place == "St. Brigid's church hall"
    signup.refresh_from_db()
    assert signup.status == Signup.Status.CONFIRMED
    # The reminders follow the new start (those whose time has not passed yet: on a
    # Friday evening the 24-hour one of tomorrow's shift is already due).
    pending = signup.reminders.filter(kind="reminder", status="pending")
    due = set(pending.values_list("due_at", flat=True))
    offsets = settings.WCC_REMINDER_OFFSETS_HOURS
    expected = {first.starts_at - timedelta(hours=hours) for hours in offsets}
    assert due == {moment for moment in expected if moment > timezone.now()}
    assert due, "the moved shift still has a reminder to come"
    send_all()
    assert [m.to for m in mail.outbox] == [[world.volunteer.email]]
    assert "Library" in mail.outbox[0].body


def test_cancelling_one_occurrence_tells_the_people_signed_up(world):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    actions.sign_up(shift=shift, user=world.volunteer)
    actions.sign_up(shift=shift, user=world.member)
    assert actions.cancel_occurrence(shift=shift) == 2
    shift.refresh_from_db()
    assert shift.status == Shift.Status.CANCELLED
    assert not Reminder.objects.filter(kind="reminder", status="pending").exists()
    send_all()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.volunteer.email, world.member.email]
    )


def test_short_shift_alerts_coordinators_once(world):
    ShiftFactory(neighborhood=world.own, capacity=2, starts_at=in_days(2))
    ShiftFactory(neighborhood=world.own, capacity=2, starts_at=in_days(20))
    assert actions.alert_short_shifts() == 1
    assert actions.alert_short_shifts() == 0
    send_all()
    assert [m.to for m in mail.outbox] == [[world.coordinator.email]]
    assert "2 of 2 places free" in mail.outbox[0].body


def test_messages_are_queued_only_after_commit(
    world, no_broker, django_capture_on_commit_callbacks
):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    actions.sign_up(shift=shift, user=world.volunteer)
    actions.sign_up(shift=shift, user=world.member)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        actions.cancel_signup(signup=shift.signups.get(user=world.volunteer))
    # (the others move the cached pages' content stamps: wcc/content_stamps.py)
    queued = [callback for callback in callbacks if callback.__module__ != "wcc.content_stamps"]
    assert len(queued) == 1
    assert no_broker == [1]


def test_messages_are_plain_text_without_html_escaping(world):
    shift = ShiftFactory(neighborhood=world.own, capacity=1, role="Setup & tear-down")
    first, second = volunteers(world.own, 2)
    second.display_name = "Ana & Bo"
    second.save()
    actions.sign_up(shift=shift, user=first)
    actions.sign_up(shift=shift, user=second)
    actions.cancel_signup(signup=shift.signups.get(user=first))
    send_all()
    assert "Hello Ana & Bo" in mail.outbox[0].body
    assert "Setup & tear-down" in mail.outbox[0].subject

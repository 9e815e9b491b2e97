"""Every change to a shift's people leaves a trail row a coordinator reads on the
shift's page and on the person's page in the directory."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members.models import Membership
from mutualaid.actions import shifts as actions
from mutualaid.models import Pause, ShiftEvent, Signup

from .factories import ShiftFactory, in_days, volunteers

pytestmark = pytest.mark.django_db
Kind = ShiftEvent.Kind


def shift_page(client, shift) -> str:
    url = reverse("shift_detail", kwargs={"slug": "eastside", "pk": shift.pk})
    return client.get(url).content.decode()


def member_page(client, world, user) -> str:
    membership = Membership.objects.get(user=user, neighborhood=world.own)
    url = reverse("member_detail", kwargs={"slug": "eastside", "pk": membership.pk})
    return client.get(url).content.decode()


def only_row(**filters) -> ShiftEvent:
    (row,) = ShiftEvent.objects.filter(**filters)
    return row


def test_giving_up_a_place_leaves_a_row_with_the_note(world, volunteer_client, client):
    shift = ShiftFactory(neighborhood=world.own)
    actions.sign_up(shift=shift, user=world.volunteer)
    url = reverse("shift_cancel_signup", kwargs={"slug": "eastside", "pk": shift.pk})
    volunteer_client.post(url, {"note": "My child is ill", "confirmed": "True"})
    row = only_row(kind=Kind.GAVE_UP)
    assert (row.shift, row.person, row.actor, row.detail) == (
        shift,
        world.volunteer,
        world.volunteer,
        "My child is ill",
    )
    client.force_login(world.coordinator)
    page = shift_page(client, shift)
    assert "What changed" in page
    assert "Val Volunteer gave up their place: “My child is ill” · by Val Volunteer" in page


def test_a_cancel_link_leaves_a_row_without_who_pressed(world, client):
    shift = ShiftFactory(neighborhood=world.own)
    signup = actions.sign_up(shift=shift, user=world.volunteer)
    client.post(reverse("signup_cancel_link", kwargs={"token": signup.cancel_token()}))
    row = only_row(kind=Kind.GAVE_UP)
    assert (row.person, row.actor) == (world.volunteer, None)
    client.force_login(world.coordinator)
    assert "by a link, a text reply or the system" in shift_page(client, shift)


def test_a_stand_in_asked_and_taken_leave_two_rows(world, volunteer_client):
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    actions.sign_up(shift=shift, user=world.volunteer)
    volunteer_client.post(reverse("shift_standin", kwargs={"slug": "eastside", "pk": shift.pk}))
    asked = only_row(kind=Kind.STANDIN_ASKED)
    assert (asked.person, asked.actor) == (world.volunteer, world.volunteer)
    (taker,) = volunteers(world.own, 1, prefix="t")
    actions.sign_up(shift=shift, user=taker)
    taken = only_row(kind=Kind.STANDIN_TAKEN)
    assert (taken.shift, taken.person, taken.actor) == (shift, taker, taker)


def test_a_removal_leaves_a_row_with_the_coordinators_note(world, coordinator_client):
    shift = ShiftFactory(neighborhood=world.own)
    signup = actions.sign_up(shift=shift, user=world.volunteer)
    url = reverse(
        "signup_remove", kwargs={"slug": "eastside", "pk": shift.pk, "signup_pk": signup.pk}
    )
    coordinator_client.post(url, {"note": "Two people already cover it"})
    row = only_row(kind=Kind.REMOVED)
    assert (row.person, row.actor, row.detail) == (
        world.volunteer,
        world.coordinator,
        "Two people already cover it",
    )
    page = member_page(coordinator_client, world, world.volunteer)
    assert "Val Volunteer was taken off the shift: “Two people already cover it”" in page
    assert "by Cora Coordinator" in page


def test_attendance_leaves_a_row_per_change_not_per_save(world, coordinator_client):
    starts = timezone.now() - timedelta(minutes=20)
    shift = ShiftFactory(
        neighborhood=world.own, starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    signup = actions.assign(shift=shift, user=world.volunteer)
    url = reverse(
        "signup_attendance",
        kwargs={"slug": "eastside", "pk": shift.pk, "signup_pk": signup.pk},
    )
    coordinator_client.post(url, {"attendance": "no-show"})
    coordinator_client.post(url, {"attendance": "no-show"})  # the same answer again
    coordinator_client.post(url, {"attendance": "attended"})
    rows = ShiftEvent.objects.filter(kind=Kind.ATTENDANCE).order_by("pk")
    assert [r.detail for r in rows] == ["no-show", "attended"]
    assert {r.actor for r in rows} == {world.coordinator}
    page = shift_page(coordinator_client, shift)
    assert "attendance recorded: did not come" in page
    assert "attendance recorded: attended" in page


def test_attendance_too_early_leaves_no_row(world):
    shift = ShiftFactory(neighborhood=world.own, starts_at=in_days(2))
    signup = actions.assign(shift=shift, user=world.volunteer)
    with pytest.raises(actions.AttendanceTooEarlyError):
        actions.record_attendance(signup=signup, attendance="attended", by=world.coordinator)
    assert not ShiftEvent.objects.exists()


def test_a_cancelled_shift_and_its_restore_leave_rows(world, coordinator_client):
    shift = ShiftFactory(neighborhood=world.own)
    kwargs = {"slug": "eastside", "pk": shift.pk}
    coordinator_client.post(reverse("shift_cancel", kwargs=kwargs))
    coordinator_client.post(reverse("shift_restore", kwargs=kwargs))
    rows = ShiftEvent.objects.filter(shift=shift).order_by("pk")
    assert [(r.kind, r.actor, r.person) for r in rows] == [
        (Kind.CANCELLED, world.coordinator, None),
        (Kind.RESTORED, world.coordinator, None),
    ]
    page = shift_page(coordinator_client, shift)
    assert "shift cancelled" in page and "shift back on" in page


def test_pauses_set_and_ended_leave_rows_on_the_persons_page(world, coordinator_client):
    today = timezone.localdate()
    first, last = today + timedelta(days=3), today + timedelta(days=8)
    actions.pause(
        user=world.volunteer,
        neighborhood=world.own,
        starts_on=first,
        ends_on=last,
        by=world.coordinator,
    )
    actions.end_pause(pause_row=Pause.objects.get(), by=world.coordinator)
    rows = ShiftEvent.objects.filter(person=world.volunteer).order_by("pk")
    span = f"{first.isoformat()} – {last.isoformat()}"
    assert [(r.kind, r.detail, r.shift) for r in rows] == [
        (Kind.PAUSED, span, None),
        (Kind.PAUSE_ENDED, span, None),
    ]
    page = member_page(coordinator_client, world, world.volunteer)
    assert f"Val Volunteer paused: {span}" in page
    assert f"Val Volunteer pause ended: {span}" in page


def test_the_trail_is_for_coordinators_only(world, volunteer_client):
    shift = ShiftFactory(neighborhood=world.own)
    signup = actions.sign_up(shift=shift, user=world.volunteer)
    actions.cancel_signup(signup=signup, note="private reason", by=world.volunteer)
    page = shift_page(volunteer_client, shift)
    assert "What changed" not in page
    assert "private reason" not in page


def test_a_change_rolled_back_leaves_no_row(world):
    shift = ShiftFactory(neighborhood=world.own)
    signup = actions.sign_up(shift=shift, user=world.volunteer)
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.cancel_signup(signup=signup, note="", by=world.volunteer)
        raise RuntimeError
    assert not ShiftEvent.objects.exists()
    assert Signup.objects.get().status == Signup.Status.CONFIRMED

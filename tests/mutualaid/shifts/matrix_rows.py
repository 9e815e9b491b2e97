"""Every shift URL × every role (see tests/matrix.py)."""

from datetime import time, timedelta

from django.utils import timezone

from members.models import Membership
from mutualaid.models import CalendarFeed, Pause, ShiftSeries, Signup
from tests.matrix import Row, at_least, everyone, own_neighborhood

from .factories import ShiftFactory, in_days


def shift(world) -> dict:
    return {"slug": world.own.slug, "pk": ShiftFactory(neighborhood=world.own).pk}


def past_signup(world) -> dict:
    made = ShiftFactory(neighborhood=world.own, starts_at=in_days(-2))
    signup = Signup.objects.create(shift=made, user=world.volunteer, status="confirmed")
    return {"slug": world.own.slug, "pk": made.pk, "signup_pk": signup.pk}


def cancelled_shift(world) -> dict:
    made = ShiftFactory(neighborhood=world.own, status="cancelled")
    return {"slug": world.own.slug, "pk": made.pk}


def future_signup(world) -> dict:
    made = ShiftFactory(neighborhood=world.own)
    signup = Signup.objects.create(shift=made, user=world.volunteer, status="confirmed")
    return {"slug": world.own.slug, "pk": made.pk, "signup_pk": signup.pk}


def series(world) -> dict:
    made = ShiftSeries.objects.create(
        neighborhood=world.own,
        role="Setup",
        place="Hall",
        capacity=2,
        rule="FREQ=WEEKLY;BYDAY=SA",
        starts_on=timezone.localdate(),
        start_time=time(9),
        end_time=time(10),
    )
    return {"slug": world.own.slug, "pk": made.pk}


def feed(world) -> dict:
    return {"token": CalendarFeed.for_user(world.volunteer).token}


def cancel_link(world) -> dict:
    """A valid token for the volunteer's place: like the calendar feed, the token is the
    key, so every role (anonymous too) gets the page and may give the place up."""
    made = ShiftFactory(neighborhood=world.own)
    signup = Signup.objects.create(shift=made, user=world.volunteer, status="confirmed")
    return {"token": signup.cancel_token()}


def volunteer_membership(world) -> dict:
    membership = Membership.objects.get(user=world.volunteer, neighborhood=world.own)
    return {"slug": world.own.slug, "pk": membership.pk}


def coming_pause(world) -> dict:
    today = timezone.localdate()
    made = Pause.objects.create(
        user=world.volunteer,
        neighborhood=world.own,
        starts_on=today + timedelta(days=2),
        ends_on=today + timedelta(days=9),
    )
    return {"slug": world.own.slug, "pk": made.pk}


def redirect_for(role: str) -> dict:
    return at_least(role, allowed=302)


ROWS = [
    Row("shift_list", at_least("member"), kwargs=own_neighborhood),
    Row("my_shifts", at_least("member"), kwargs=own_neighborhood),
    Row("calendar_revoke", redirect_for("member"), kwargs=own_neighborhood, method="post"),
    Row("calendar_revoke", at_least("member"), kwargs=own_neighborhood, label="GET revoke"),
    Row("my_pause", at_least("member"), kwargs=own_neighborhood),
    Row(
        "my_pause",
        at_least("member"),  # an empty form: the page again, with the errors
        kwargs=own_neighborhood,
        method="post",
    ),
    Row("shift_coverage", at_least("coordinator"), kwargs=own_neighborhood),
    Row("shift_roster_now", at_least("coordinator"), kwargs=own_neighborhood),
    Row("shift_reliability", at_least("coordinator"), kwargs=own_neighborhood),
    Row("shift_create", at_least("coordinator"), kwargs=own_neighborhood),
    Row("series_create", at_least("coordinator"), kwargs=own_neighborhood),
    Row("series_edit", at_least("coordinator"), kwargs=series),
    Row("series_detail", at_least("coordinator"), kwargs=series),
    Row(
        "series_preview",
        at_least("coordinator"),
        kwargs=own_neighborhood,
        data={"frequency": "weekly", "interval": "1", "weekday": "SA"},
    ),
    Row("public_schedule", everyone(200), kwargs=own_neighborhood),
    Row("shift_detail", at_least("member"), kwargs=shift),
    Row("shift_signup", redirect_for("member"), kwargs=shift, method="post"),
    Row("shift_cancel_signup", redirect_for("member"), kwargs=shift, method="post"),
    Row("shift_standin", redirect_for("member"), kwargs=shift, method="post"),
    Row("shift_ics", at_least("member"), kwargs=shift),
    Row("shift_cancel", redirect_for("coordinator"), kwargs=shift, method="post"),
    Row("shift_cancel", at_least("coordinator"), kwargs=shift, label="GET cancel"),
    Row("shift_sign_in_sheet", at_least("coordinator"), kwargs=shift),
    Row("shift_restore", redirect_for("coordinator"), kwargs=cancelled_shift, method="post"),
    Row("shift_intake_table", redirect_for("coordinator"), kwargs=shift, method="post"),
    Row(
        "shift_assign",
        at_least("coordinator"),  # an invalid choice: the page again, with the error
        kwargs=shift,
        method="post",
        data={"person": ""},
    ),
    Row("signup_remove", redirect_for("coordinator"), kwargs=past_signup, method="post"),
    Row("signup_remove", at_least("coordinator"), kwargs=future_signup, label="GET remove"),
    Row(
        "signup_attendance",
        redirect_for("coordinator"),
        kwargs=past_signup,
        method="post",
        data={"attendance": "attended"},
    ),
    Row("member_pause", at_least("coordinator"), kwargs=volunteer_membership),
    Row(
        "member_pause",
        at_least("coordinator"),  # an empty form: the page again, with the errors
        kwargs=volunteer_membership,
        method="post",
    ),
    Row("pause_end", at_least("coordinator"), kwargs=coming_pause, label="GET end pause"),
    Row(
        "pause_end",
        redirect_for("coordinator"),
        kwargs=coming_pause,
        method="post",
        data={"confirmed": "True"},
    ),
    Row("calendar_feed", everyone(200), kwargs=feed),
    Row(
        "calendar_feed",
        everyone(404),
        kwargs=lambda world: {"token": "not-a-token"},
        label="GET calendar_feed with a wrong token",
    ),
    Row("signup_cancel_link", everyone(200), kwargs=cancel_link),
    Row("signup_cancel_link", everyone(200), kwargs=cancel_link, method="post"),
    Row(
        "signup_cancel_link",
        everyone(404),
        kwargs=lambda world: {"token": "1-not-a-signature"},
        label="GET signup_cancel_link with a wrong token",
    ),
    Row(
        "signup_cancel_link",
        everyone(404),
        kwargs=lambda world: {"token": "1-not-a-signature"},
        method="post",
        label="POST signup_cancel_link with a wrong token",
    ),
]

"""Workflows of shifts: keyword-only functions, each one transaction.

Views, tasks and commands call these; none of them sends anything directly. A
message is a Reminder row due now (or later), sent by the dispatcher; after the
commit we nudge the dispatcher through the broker, and the minute beat finds it
anyway if the broker is down.
"""

from __future__ import annotations

import logging
import time as clock
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members import sms
from members.models import ContactChannel, Membership, Role, User
from members.notification_kinds import Kind
from members.notifications import channel_for, notify
from wcc import content_stamps

from ..calendar import calendar_bytes
from ..models import Pause, Reminder, Shift, ShiftEvent, ShiftSeries, Signup

log = logging.getLogger(__name__)

SERIES_FIELDS = (
    "role",
    "role_names",
    "place",
    "capacity",
    "notes",
    "skill",
    "start_time",
    "end_time",
)
# What each shift of a series takes from it.
SHIFT_FROM_SERIES = (
    "role",
    "role_names",
    "place",
    "capacity",
    "notes",
    "skill",
    "is_intake_table",
)


# --- Messages ----------------------------------------------------------------------


def nudge_dispatcher() -> None:
    """Ask a worker to send due messages now. Never fails and never waits long:
    with the broker down, the minute beat sends them once it is back."""
    from ..tasks import dispatch_due_reminders

    try:
        dispatch_due_reminders.apply_async(retry=False)
    except Exception:  # any broker trouble: the database remembers
        log.warning("Broker unreachable; due messages wait for the next beat.", exc_info=True)


def queue_notice(*, kind: str, shift: Shift, user: User, signup: Signup | None = None) -> Reminder:
    notice = Reminder.objects.create(
        kind=kind, shift=shift, user=user, signup=signup, due_at=timezone.now()
    )
    transaction.on_commit(nudge_dispatcher)
    return notice


def schedule_reminders(*, signup: Signup) -> None:
    """Reminders at the configured offsets before the shift, those still ahead."""
    now = timezone.now()
    reminders = []
    for hours in settings.WCC_REMINDER_OFFSETS_HOURS:
        due = signup.shift.starts_at - timedelta(hours=hours)
        if due > now:
            reminders.append(
                Reminder(
                    kind=Reminder.Kind.REMINDER,
                    shift=signup.shift,
                    signup=signup,
                    user_id=signup.user_id,
                    offset_minutes=int(hours * 60),
                    due_at=due,
                )
            )
    Reminder.objects.bulk_create(reminders, ignore_conflicts=True)


def drop_reminders(*, signup: Signup | None = None, shift: Shift | None = None) -> None:
    pending = Reminder.objects.filter(kind=Reminder.Kind.REMINDER, status=Reminder.Status.PENDING)
    pending = pending.filter(signup=signup) if signup else pending.filter(shift=shift)
    pending.update(status=Reminder.Status.CANCELLED)


def shift_url(shift: Shift) -> str:
    return settings.WCC_SITE_URL + reverse(
        "shift_detail", kwargs={"slug": shift.neighborhood.slug, "pk": shift.pk}
    )


def meeting_url(meeting) -> str:
    return settings.WCC_SITE_URL + reverse(
        "meeting_detail", kwargs={"slug": meeting.neighborhood.slug, "pk": meeting.pk}
    )


def cancel_url(signup: Signup) -> str:
    """The one-click cancel link of a sign-up: it works without signing in."""
    return settings.WCC_SITE_URL + reverse(
        "signup_cancel_link", kwargs={"token": signup.cancel_token()}
    )


# What the texts of these messages are recorded under (members.sms), so a reply or a
# failed delivery comes back to ``mutualaid.sms``.
SMS_TOPIC = "shift"

# The kind of message (members/notification_kinds.py) each reminder is: what a person
# may turn off or send another way.
MESSAGE_KINDS = {
    Reminder.Kind.REMINDER: Kind.SHIFT_REMINDERS,
    Reminder.Kind.SIGNED_UP: Kind.SIGNUP_CONFIRMATIONS,
    Reminder.Kind.STANDIN: Kind.STANDIN_REQUESTS,
    Reminder.Kind.SHORT: Kind.SHORT_SHIFTS,
    Reminder.Kind.PROMOTED: Kind.SHIFT_CHANGES,
    Reminder.Kind.CHANGED: Kind.SHIFT_CHANGES,
    Reminder.Kind.CANCELLED: Kind.SHIFT_CHANGES,
    Reminder.Kind.RESTORED: Kind.SHIFT_CHANGES,
    Reminder.Kind.TAKEN: Kind.SHIFT_CHANGES,
    Reminder.Kind.REMOVED: Kind.SHIFT_CHANGES,
    Reminder.Kind.MEETING: Kind.MEETING_REMINDERS,
}

# Messages that carry the person's own one-click cancel link.
KINDS_WITH_CANCEL_LINK = {
    Reminder.Kind.REMINDER,
    Reminder.Kind.SIGNED_UP,
    Reminder.Kind.PROMOTED,
    Reminder.Kind.CHANGED,
    Reminder.Kind.RESTORED,
}


def send_due_reminders(*, limit: int = 50, time_budget: float = 50.0) -> int:
    """Claim due messages in batches and send each; return how many went out.

    Each message is marked sent (its own UPDATE, committed at once) as soon as the
    mail server or SMS provider has taken it, before the next one is handed over. A
    worker killed mid-batch leaves the rest of its batch in "sending"; they are
    retried after WCC_REMINDER_SENDING_TIMEOUT, so a crash repeats at most the one
    message in flight, and nothing is ever lost.
    """
    started = clock.monotonic()
    sent = 0
    urls: dict[int, str] = {}
    while clock.monotonic() - started < time_budget:
        ids = Reminder.objects.claim(limit)
        if not ids:
            break
        batch = (
            Reminder.objects.filter(pk__in=ids)
            .select_related("user", "shift__neighborhood", "signup", "meeting__neighborhood")
            .prefetch_related("meeting__items")  # a meeting's agenda, once a batch
        )
        with mail.get_connection() as email_connection:
            sms_connection = sms.get_connection()
            for reminder in batch:
                status, channel = _send_one(reminder, email_connection, sms_connection, urls)
                if not status:
                    continue
                reminder.mark(status=status, channel=channel)
                sent += status == Reminder.Status.SENT
    return sent


def _still_wanted(reminder: Reminder, now: datetime) -> bool:
    if reminder.kind == Reminder.Kind.MEETING:
        # Not once the meeting has begun, nor to someone who may no longer attend it
        # (left the neighborhood or the circle, or the meeting is now for a role).
        meeting = reminder.meeting
        return (
            meeting.starts_at > now and meeting.audience().filter(user_id=reminder.user_id).exists()
        )
    if reminder.kind != Reminder.Kind.REMINDER:
        return True
    signup = reminder.signup
    return (
        signup is not None
        and signup.status == Signup.Status.CONFIRMED
        and reminder.shift.status == Shift.Status.SCHEDULED
        and reminder.shift.starts_at > now
    )


def _send_one(
    reminder: Reminder, email_connection, sms_connection, urls: dict[int, str]
) -> tuple[str, str]:
    """Send one message; return its new (status, channel), or ("", "") to retry later."""
    if not _still_wanted(reminder, timezone.now()):
        return Reminder.Status.CANCELLED, ""
    if reminder.meeting_id:
        meeting = reminder.meeting
        message = {
            "template": "governance/messages/meeting_reminder",
            "context": {
                "meeting": meeting,
                "agenda": [item.title for item in meeting.items.all()],
                "meeting_url": meeting_url(meeting),
            },
            "time_zone": meeting.neighborhood.zone,
        }
        return _deliver(reminder, message, email_connection, sms_connection)
    shift = reminder.shift
    if shift.pk not in urls:  # a batch often holds many messages about one shift
        urls[shift.pk] = shift_url(shift)
    context = {"shift": shift, "reminder": reminder, "shift_url": urls[shift.pk]}
    signup = reminder.signup
    # Only the person's own place: a stand-in request names the asker's sign-up.
    if (
        reminder.kind in KINDS_WITH_CANCEL_LINK
        and signup is not None
        and signup.user_id == reminder.user_id
        and signup.is_active
    ):
        context["cancel_url"] = cancel_url(signup)
    attachments = ()
    if reminder.kind == Reminder.Kind.SIGNED_UP:
        ics = calendar_bytes([shift], name=shift.role_label)
        attachments = ((f"shift-{shift.pk}.ics", ics, "text/calendar"),)
    message = {
        "template": f"mutualaid/shifts/messages/{reminder.kind}",
        "context": context,
        "time_zone": shift.neighborhood.time_zone,
        "attachments": attachments,
    }
    return _deliver(reminder, message, email_connection, sms_connection)


def _deliver(
    reminder: Reminder, message: dict, email_connection, sms_connection
) -> tuple[str, str]:
    """Hand one message to its channel; its new (status, channel), or ("", "") when
    sending failed and it is to be retried."""
    try:
        channel = notify(
            reminder.user,
            kind=MESSAGE_KINDS[reminder.kind],
            transactional=reminder.kind != Reminder.Kind.STANDIN,
            email_connection=email_connection,
            sms_connection=sms_connection,
            # A text's reply or failed delivery comes back here by the ledger row.
            sms_topic=SMS_TOPIC,
            sms_topic_id=reminder.pk,
            email_only=reminder.email_only,
            **message,
        )
    except Exception as error:  # stays "sending": retried after the timeout
        # The error's type and text only: our backends keep numbers and bodies out of it.
        log.warning("Reminder %s not sent: %s", reminder.pk, error)
        Reminder.objects.filter(pk=reminder.pk).update(detail=str(error)[:300])
        return "", ""
    if channel == "none":
        return Reminder.Status.SKIPPED, channel
    return Reminder.Status.SENT, channel


@transaction.atomic
def text_not_delivered(*, reminder_id: int) -> bool:
    """The provider said a message's text did not arrive: mark it (coordinators see it
    on the roster) and send it again by email when the person has an address.
    Returns whether it goes again."""
    reminder = (
        Reminder.objects.select_for_update().select_related("user").filter(pk=reminder_id).first()
    )
    if reminder is None or reminder.sms_failed_at is not None:
        return False
    reminder.sms_failed_at = timezone.now()
    fields = ["sms_failed_at"]
    resend = bool(reminder.user.email) and reminder.status == Reminder.Status.SENT
    if resend:
        reminder.email_only = True
        reminder.status = Reminder.Status.PENDING
        reminder.due_at = reminder.sms_failed_at
        fields += ["email_only", "status", "due_at"]
    reminder.save(update_fields=fields)
    if resend:
        transaction.on_commit(nudge_dispatcher)
    return resend


# --- The trail -------------------------------------------------------------------


def trail(
    kind: str,
    *,
    shift: Shift | None = None,
    person: User | None = None,
    by: User | None = None,
    detail: str = "",
    neighborhood=None,
) -> ShiftEvent:
    """Write one row of the shift trail (inside the caller's transaction, so a change
    rolled back leaves no row)."""
    return ShiftEvent.objects.create(
        kind=kind,
        shift=shift,
        neighborhood_id=neighborhood.pk if neighborhood else shift.neighborhood_id,
        person=person,
        actor=by,
        detail=detail[:300],
    )


def _span(starts_on: date, ends_on: date) -> str:
    return f"{starts_on.isoformat()} – {ends_on.isoformat()}"


# --- Sign-ups ---------------------------------------------------------------------


class MissingSkillError(Exception):
    """The shift needs a skill the person does not have (a coordinator can still assign)."""

    def __init__(self, shift: Shift):
        super().__init__(f"shift {shift.pk} needs skill {shift.skill_id}")
        self.shift = shift


def _confirm(signup: Signup) -> None:
    signup.status = Signup.Status.CONFIRMED
    signup.save(update_fields=["status", "updated_at"])
    schedule_reminders(signup=signup)


@transaction.atomic
def sign_up(*, shift: Shift, user: User, confirm_by_message: bool = False) -> Signup:
    """Confirm a place if one is free, else take a place given up for a stand-in,
    else join the waitlist. The shift's row lock makes concurrent sign-ups queue.

    A place given up for a stand-in goes to the waitlist first (``request_standin``
    hands it to the first in line at once), so a sign-up only finds one when nobody
    was waiting. Raises MissingSkillError when the shift needs a skill the person
    lacks (for the waitlist too: a place taken from it must be one they can fill).
    With ``confirm_by_message`` (a person signing themself up on the page) a confirmed
    place is confirmed by message too, by email with the shift's .ics attached."""
    signup = _sign_up(shift=shift, user=user)
    if confirm_by_message and signup.status == Signup.Status.CONFIRMED and signup.was_new:
        queue_notice(kind=Reminder.Kind.SIGNED_UP, shift=shift, user=user, signup=signup)
    return signup


class PausedError(Exception):
    """The person paused themself (or was paused) on the shift's day."""


def _sign_up(*, shift: Shift, user: User) -> Signup:
    shift = shift.lock()
    existing = shift.signups.active().filter(user=user).first()
    if existing:
        existing.was_new = False
        return existing
    if shift.lacks_skill(user):
        raise MissingSkillError(shift)
    if Pause.objects.covering(shift).filter(user=user).exists():
        raise PausedError(shift)
    if shift.confirmed().count() < shift.capacity:
        signup = Signup.objects.create(shift=shift, user=user, status=Signup.Status.CONFIRMED)
        schedule_reminders(signup=signup)
        return signup
    leaving = shift.confirmed().filter(standin_requested_at__isnull=False).first()
    if leaving:
        signup = Signup.objects.create(shift=shift, user=user, status=Signup.Status.CONFIRMED)
        _hand_over(shift=shift, leaving=leaving, taker=signup)
        return signup
    return Signup.objects.create(shift=shift, user=user, status=Signup.Status.WAITLISTED)


def _hand_over(*, shift: Shift, leaving: Signup, taker: Signup) -> None:
    """The asker's place goes to ``taker`` (confirmed, reminders scheduled); the asker
    is off the shift and told their stand-in was found."""
    _cancel(leaving, note=leaving.note)
    trail(ShiftEvent.Kind.STANDIN_TAKEN, shift=shift, person=taker.user, by=taker.user)
    if taker.status != Signup.Status.CONFIRMED:
        _confirm(taker)
        queue_notice(kind=Reminder.Kind.PROMOTED, shift=shift, user=taker.user, signup=taker)
    else:
        schedule_reminders(signup=taker)
    queue_notice(kind=Reminder.Kind.TAKEN, shift=shift, user=leaving.user, signup=leaving)


def _cancel(signup: Signup, *, note: str) -> None:
    signup.status = Signup.Status.CANCELLED
    signup.note = note[:300]
    signup.save(update_fields=["status", "note", "updated_at"])
    drop_reminders(signup=signup)


@transaction.atomic
def cancel_signup(*, signup: Signup, note: str = "", by: User | None = None) -> Signup | None:
    """Give up a place (or leave the waitlist); the first on the waitlist is promoted
    and told. Returns the promoted sign-up, if any. ``by`` is who did it (None: a
    cancel link or a text reply, which only the person holds)."""
    signup.shift.lock()
    signup.refresh_from_db()
    if not signup.is_active:
        return None
    was_confirmed = signup.status == Signup.Status.CONFIRMED
    _cancel(signup, note=note)
    trail(ShiftEvent.Kind.GAVE_UP, shift=signup.shift, person=signup.user, by=by, detail=note)
    return promote_from_waitlist(shift=signup.shift) if was_confirmed else None


@transaction.atomic
def confirm_by_reply(*, signup: Signup) -> str:
    """The person answered YES to a message about their place. Returns "confirmed",
    "waitlisted", or why the place can no longer be confirmed (``cancel_link_refusal``)."""
    signup.shift.lock()
    signup.refresh_from_db()
    refusal = signup.cancel_link_refusal()
    if refusal:
        return refusal
    if signup.status != Signup.Status.CONFIRMED:
        return "waitlisted"
    if signup.reply_confirmed_at is None:
        signup.reply_confirmed_at = timezone.now()
        signup.save(update_fields=["reply_confirmed_at", "updated_at"])
    return "confirmed"


@transaction.atomic
def give_up_by_reply(*, signup: Signup, note: str) -> str:
    """The person answered NO: the place is given up as by the cancel link (the first on
    the waitlist is promoted and told). Returns "given-up" or why not."""
    signup.shift.lock()
    signup.refresh_from_db()
    refusal = signup.cancel_link_refusal()
    if refusal:
        return refusal
    cancel_signup(signup=signup, note=note)
    return "given-up"


@transaction.atomic
def promote_from_waitlist(*, shift: Shift) -> Signup | None:
    shift = shift.lock()
    if shift.is_cancelled or shift.confirmed().count() >= shift.capacity:
        return None
    first = shift.signups.waitlisted().order_by("created_at", "pk").first()
    if first is None:
        return None
    _confirm(first)
    queue_notice(kind=Reminder.Kind.PROMOTED, shift=shift, user=first.user, signup=first)
    return first


@dataclass(frozen=True)
class StandinOutcome:
    """What a stand-in request did: handed the place to the first on the waitlist
    (``taken_by``), or sent ``asked`` messages to volunteers who agreed to be asked."""

    asked: int = 0
    taken_by: Signup | None = None
    already_asked: bool = False


def standin_candidates(shift: Shift):
    """The volunteers a stand-in request goes to: active volunteers and coordinators of
    the neighborhood with the shift's skill, who are on no list of this shift (the
    asker, those confirmed or waiting, and those who gave up a place on it), and who
    are not paused on the shift's day."""
    candidates = (
        Membership.objects.active()
        .in_neighborhood(shift.neighborhood)
        .with_role_at_least(Role.VOLUNTEER)
        .exclude(user__shift_signups__shift=shift)
    )
    if shift.skill_id:
        candidates = candidates.filter(skills=shift.skill_id)
    return User.objects.filter(pk__in=candidates.values("user_id")).exclude(
        pk__in=Pause.objects.covering(shift).values("user_id")
    )


@transaction.atomic
def request_standin(*, signup: Signup) -> StandinOutcome:
    """Look for someone to take the place: the first on the waitlist takes it at once;
    with nobody waiting, the volunteers who can be asked are sent a message.

    The asker keeps the place (and stays responsible for it) until someone signs up
    for it (see ``sign_up``), and is told when that happens."""
    shift = signup.shift.lock()
    signup.refresh_from_db()
    if signup.status != Signup.Status.CONFIRMED or signup.standin_requested_at:
        return StandinOutcome(already_asked=True)
    signup.standin_requested_at = timezone.now()
    signup.save(update_fields=["standin_requested_at", "updated_at"])
    trail(ShiftEvent.Kind.STANDIN_ASKED, shift=shift, person=signup.user, by=signup.user)
    first = shift.signups.waitlisted().select_related("user").order_by("created_at", "pk").first()
    if first is not None:
        _hand_over(shift=shift, leaving=signup, taker=first)
        return StandinOutcome(taken_by=first)
    # Only those a message can reach are counted (a stand-in request is not about the
    # person's own commitment, so it needs their consent to be contacted).
    reachable = [
        user
        for user in standin_candidates(shift)
        if channel_for(user, kind=Kind.STANDIN_REQUESTS, transactional=False) != ContactChannel.NONE
    ]
    for user in reachable:
        queue_notice(kind=Reminder.Kind.STANDIN, shift=shift, user=user, signup=signup)
    return StandinOutcome(asked=len(reachable))


@transaction.atomic
def assign(*, shift: Shift, user: User) -> Signup:
    """A coordinator puts a person on the shift, confirmed, even past its places."""
    shift = shift.lock()
    signup = shift.signups.active().filter(user=user).first()
    if signup is None:
        signup = Signup.objects.create(shift=shift, user=user, status=Signup.Status.CONFIRMED)
        schedule_reminders(signup=signup)
    elif signup.status == Signup.Status.WAITLISTED:
        _confirm(signup)
    return signup


@transaction.atomic
def remove_signup(*, signup: Signup, note: str = "", by: User | None = None) -> Signup | None:
    """A coordinator takes a person off the shift (or its waitlist). The person is told,
    with the coordinator's note; the first on the waitlist takes a freed place.
    Returns the promoted sign-up, if any."""
    shift = signup.shift.lock()
    signup.refresh_from_db()
    if not signup.is_active:
        return None
    was_confirmed = signup.status == Signup.Status.CONFIRMED
    _cancel(signup, note=note)
    signup.removed_at = timezone.now()
    signup.save(update_fields=["removed_at"])
    trail(ShiftEvent.Kind.REMOVED, shift=shift, person=signup.user, by=by, detail=note)
    if shift.ends_at > timezone.now():
        queue_notice(kind=Reminder.Kind.REMOVED, shift=shift, user=signup.user, signup=signup)
    return promote_from_waitlist(shift=shift) if was_confirmed else None


class AttendanceTooEarlyError(Exception):
    """Attendance for a shift that begins more than an hour from now."""


@transaction.atomic
def record_attendance(*, signup: Signup, attendance: str, by: User | None = None) -> Signup:
    """Tick attended / did not come (from an hour before the start); a change leaves
    a trail row, saving the same answer again does not."""
    if not signup.shift.takes_attendance():
        raise AttendanceTooEarlyError(signup.shift)
    if signup.attendance == attendance:
        return signup
    signup.attendance = attendance
    signup.save(update_fields=["attendance", "updated_at"])
    trail(
        ShiftEvent.Kind.ATTENDANCE,
        shift=signup.shift,
        person=signup.user,
        by=by,
        detail=attendance,
    )
    return signup


# --- Shifts and series --------------------------------------------------------------


@transaction.atomic
def create_shift(*, neighborhood, **fields) -> Shift:
    return Shift.objects.create(neighborhood=neighborhood, **fields)


@transaction.atomic
def create_series(*, neighborhood, created_by: User, **fields) -> ShiftSeries:
    series = ShiftSeries.objects.create(neighborhood=neighborhood, created_by=created_by, **fields)
    extend_series(series=series)
    return series


@transaction.atomic
def extend_series(*, series: ShiftSeries, today: date | None = None) -> int:
    """Create the series' shifts up to its horizon; return how many were new."""
    series = (
        ShiftSeries.objects.select_for_update().select_related("neighborhood").get(pk=series.pk)
    )
    if not series.is_active:
        return 0
    today = today or timezone.localdate(timezone=series.neighborhood.zone)
    until = series.horizon_date(today)
    first = (
        max(series.generated_until + timedelta(days=1), today) if series.generated_until else today
    )
    first = max(first, series.starts_on)
    created = 0
    if first <= until:
        existing = set(series.shifts.values_list("occurrence", flat=True))
        new = []
        for day in series.dates_between(first, until):
            if day in existing:
                continue
            starts, ends = series.moments(day)
            new.append(
                Shift(
                    neighborhood=series.neighborhood,
                    series=series,
                    occurrence=day,
                    starts_at=starts,
                    ends_at=ends,
                    **{f: getattr(series, f) for f in SHIFT_FROM_SERIES},
                )
            )
        Shift.objects.bulk_create(new, ignore_conflicts=True)
        content_stamps.changed(series.neighborhood_id)  # bulk_create sends no signal
        created = len(new)
    series.generated_until = until
    series.save(update_fields=["generated_until"])
    return created


@dataclass(frozen=True)
class SeriesChange:
    """What editing a series did: future shifts changed (moved or cancelled), and how
    many people signed up for them were told (what the coordinator reads)."""

    changed: int = 0
    told: int = 0


@transaction.atomic
def edit_series(*, series: ShiftSeries, changes: dict) -> SeriesChange:
    """Change the series and its future shifts; past shifts and sign-ups stay.

    People signed up for a future shift whose time or place changed are told; a
    future date the new rule no longer has is cancelled (and its people told)."""
    series = (
        ShiftSeries.objects.select_for_update().select_related("neighborhood").get(pk=series.pk)
    )
    for name, value in changes.items():
        setattr(series, name, value)
    series.save(update_fields=list(changes))
    now = timezone.now()
    future = list(series.shifts.upcoming(now).filter(starts_at__gt=now))
    changed = told = 0
    keep_dates = set(series.dates_between(series.starts_on, series.horizon_date()))
    for shift in future:
        if shift.occurrence not in keep_dates:
            told += cancel_occurrence(shift=shift)
            changed += 1
            continue
        starts, ends = series.moments(shift.occurrence)
        moved = (starts, ends, series.place) != (shift.starts_at, shift.ends_at, shift.place)
        shift.starts_at, shift.ends_at = starts, ends
        for name in SHIFT_FROM_SERIES:
            setattr(shift, name, getattr(series, name))
        shift.save(update_fields=["starts_at", "ends_at", *SHIFT_FROM_SERIES])
        if moved:
            changed += 1
            for signup in shift.signups.active().select_related("user"):
                if signup.status == Signup.Status.CONFIRMED:
                    drop_reminders(signup=signup)
                    Reminder.objects.filter(
                        signup=signup, kind=Reminder.Kind.REMINDER, status="cancelled"
                    ).delete()
                    schedule_reminders(signup=signup)
                queue_notice(
                    kind=Reminder.Kind.CHANGED, shift=shift, user=signup.user, signup=signup
                )
                told += 1
    series.generated_until = None
    series.save(update_fields=["generated_until"])
    extend_series(series=series)
    return SeriesChange(changed=changed, told=told)


@transaction.atomic
def cancel_occurrence(*, shift: Shift, by: User | None = None) -> int:
    """Cancel one shift; everyone signed up is told. Returns how many were told."""
    shift = shift.lock()
    if shift.is_cancelled:
        return 0
    shift.status = Shift.Status.CANCELLED
    shift.save(update_fields=["status"])
    trail(ShiftEvent.Kind.CANCELLED, shift=shift, by=by)
    drop_reminders(shift=shift)
    told = 0
    for signup in shift.signups.active().select_related("user"):
        queue_notice(kind=Reminder.Kind.CANCELLED, shift=shift, user=signup.user, signup=signup)
        told += 1
    return told


@transaction.atomic
def pause(*, user: User, neighborhood, starts_on: date, ends_on: date, by: User) -> int:
    """Pause a volunteer from a date to a date (both included): their places on coming
    shifts in it are given up (the waitlist promoted and told) and they get no stand-in
    requests for it. A pause a coordinator sets is told to the volunteer, in their
    language. Returns how many places were freed."""
    Pause.objects.create(
        user=user, neighborhood=neighborhood, starts_on=starts_on, ends_on=ends_on, created_by=by
    )
    now = timezone.now()
    freed = []
    signups = (
        Signup.objects.active()
        .filter(user=user, shift__neighborhood=neighborhood, shift__starts_at__gt=now)
        .filter(shift__status=Shift.Status.SCHEDULED)
        .select_related("shift__neighborhood")
        .order_by("shift__starts_at", "pk")
    )
    for signup in signups:
        if starts_on <= signup.shift.local_day() <= ends_on:
            cancel_signup(signup=signup, note="", by=by)
            freed.append(signup.shift)
    trail(
        ShiftEvent.Kind.PAUSED,
        neighborhood=neighborhood,
        person=user,
        by=by,
        detail=_span(starts_on, ends_on),
    )
    if by is not None and by.pk != user.pk:
        context = {
            "neighborhood": neighborhood,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "freed": freed,
            "url": settings.WCC_SITE_URL + reverse("my_shifts", kwargs={"slug": neighborhood.slug}),
        }
        _tell_after_commit(user, "mutualaid/messages/paused", context, neighborhood)
    return len(freed)


@transaction.atomic
def end_pause(*, pause_row: Pause, by: User, today: date | None = None) -> Pause | None:
    """End a pause early: from today the person can sign up again. A pause not begun
    yet is removed; one under way ends yesterday. The person is told when someone
    else ended it. Returns the shortened pause (None when it was removed)."""
    pause_row = (
        Pause.objects.select_for_update()
        .select_related("user", "neighborhood")
        .get(pk=pause_row.pk)
    )
    neighborhood = pause_row.neighborhood
    today = today or timezone.localdate(timezone=neighborhood.zone)
    user = pause_row.user
    span = _span(pause_row.starts_on, pause_row.ends_on)
    if pause_row.starts_on >= today:
        pause_row.delete()
        kept = None
    else:
        pause_row.ends_on = min(pause_row.ends_on, today - timedelta(days=1))
        pause_row.save(update_fields=["ends_on"])
        kept = pause_row
    trail(ShiftEvent.Kind.PAUSE_ENDED, neighborhood=neighborhood, person=user, by=by, detail=span)
    if by.pk != user.pk:
        context = {
            "neighborhood": neighborhood,
            "today": today,
            "url": settings.WCC_SITE_URL
            + reverse("shift_list", kwargs={"slug": neighborhood.slug}),
        }
        _tell_after_commit(user, "mutualaid/messages/pause_ended", context, neighborhood)
    return kept


def _tell_after_commit(user: User, template: str, context: dict, neighborhood) -> None:
    """A message that is not about one shift, sent once the change is committed, in
    the person's language and by their channel (a failure is logged: the change
    stands, and the person's page says it)."""

    def send():
        try:
            notify(
                user,
                kind=Kind.SHIFT_CHANGES,  # a pause set or ended for them: their own shifts
                template=template,
                context=context,
                time_zone=neighborhood.time_zone,
            )
        except Exception:
            log.warning("Could not tell person %s (%s)", user.pk, template, exc_info=True)

    transaction.on_commit(send)


class TooLateError(Exception):
    """The shift has started: what is done to it can no longer be undone."""


@transaction.atomic
def restore_occurrence(*, shift: Shift, by: User | None = None) -> int:
    """Undo a cancellation before the shift starts: everyone still on it is told it is
    back on and their reminders return. Returns how many were told."""
    shift = shift.lock()
    if not shift.is_cancelled:
        return 0
    if shift.starts_at <= timezone.now():
        raise TooLateError(shift)
    shift.status = Shift.Status.SCHEDULED
    shift.save(update_fields=["status"])
    trail(ShiftEvent.Kind.RESTORED, shift=shift, by=by)
    # The cancelled notices not yet sent need not go out any more.
    Reminder.objects.filter(
        shift=shift, kind=Reminder.Kind.CANCELLED, status=Reminder.Status.PENDING
    ).update(status=Reminder.Status.CANCELLED)
    told = 0
    for signup in shift.signups.active().select_related("user"):
        if signup.status == Signup.Status.CONFIRMED:
            Reminder.objects.filter(
                signup=signup, kind=Reminder.Kind.REMINDER, status=Reminder.Status.CANCELLED
            ).delete()
            schedule_reminders(signup=signup)
        queue_notice(kind=Reminder.Kind.RESTORED, shift=shift, user=signup.user, signup=signup)
        told += 1
    return told


@transaction.atomic
def alert_short_shifts(*, now: datetime | None = None) -> int:
    """Tell coordinators about shifts still short of people a few days ahead (once)."""
    now = now or timezone.now()
    soon = now + timedelta(days=settings.WCC_SHORT_ALERT_DAYS)
    shifts = (
        Shift.objects.upcoming(now)
        .filter(starts_at__lte=soon, short_alert_sent_at__isnull=True)
        .short_of_people()
        .select_related("neighborhood")
    )
    alerted = 0
    for shift in shifts:
        # Only the dispatcher that marks the shift sends its alert (no double alerts).
        if not Shift.objects.filter(pk=shift.pk, short_alert_sent_at__isnull=True).update(
            short_alert_sent_at=now
        ):
            continue
        coordinators = Membership.objects.active().in_neighborhood(shift.neighborhood)
        for membership in coordinators.filter(role=Role.COORDINATOR).select_related("user"):
            queue_notice(kind=Reminder.Kind.SHORT, shift=shift, user=membership.user)
        alerted += 1
    return alerted

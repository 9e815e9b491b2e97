"""Volunteer shifts, their recurring series, sign-ups with a waitlist, and the
messages about them (reminders and notices), which the database keeps until sent."""

from __future__ import annotations

import secrets
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from members.models import Membership, Neighborhood, Skill
from wcc import recurrence
from wcc.languages import in_reader_language

from .repeats import describe_repeat

# The cancel links in reminders are signed with this salt, and with nothing else.
CANCEL_LINK_SALT = "wcc.mutualaid.signup-cancel-link"

# Limits that keep a series (and the work a coordinator can start with one form) sane.
MAX_HORIZON_WEEKS = 26
MAX_SERIES_YEARS = 2


class ShiftSeries(models.Model):
    """A recurring shift ("every other Saturday, 10:00-13:00, at the church hall").

    The rule is an RFC 5545 RRULE (without DTSTART); the first date is ``starts_on``.
    Shifts are generated ``horizon_weeks`` ahead; a periodic task extends them.
    """

    neighborhood = models.ForeignKey(
        Neighborhood, on_delete=models.CASCADE, related_name="shift_series"
    )
    role = models.CharField(_("role"), max_length=80)
    # {language code: role} for the languages besides the default (wcc/languages.py).
    role_names = models.JSONField(
        _("role in other languages"), default=dict, db_default={}, blank=True
    )
    place = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("places"))
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    skill = models.ForeignKey(
        Skill, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rule = models.CharField(_("recurrence rule"), max_length=200)
    starts_on = models.DateField(_("first date"))
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    horizon_weeks = models.PositiveSmallIntegerField(_("weeks ahead"), default=8)
    is_intake_table = models.BooleanField(
        _("staffs the intake table"), default=False, db_default=False
    )
    generated_until = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("shift series")
        verbose_name_plural = _("shift series")
        ordering = ["neighborhood", "starts_on"]

    def __str__(self) -> str:
        return f"{self.role} · {self.rule}"

    @property
    def role_label(self) -> str:
        """The role in the reader's language, or as first typed."""
        return in_reader_language(self.role, self.role_names)

    @classmethod
    def intake_table_of(cls, neighborhood: Neighborhood) -> ShiftSeries | None:
        """The active series that staffs the neighborhood's intake table (the oldest,
        should there be several), which says when the table meets."""
        series = cls.objects.filter(neighborhood=neighborhood, is_active=True, is_intake_table=True)
        return series.only("rule", "start_time", "end_time").order_by("starts_on", "pk").first()

    def describe(self) -> str:
        """When it repeats, in the reader's language: "Every other Saturday, 10:00 to
        13:00". Made from the rule each time, never stored in one language."""
        return describe_repeat(self.rule, self.start_time, self.end_time)

    def dates_between(self, first: date, last: date) -> list[date]:
        """The series' dates from ``first`` to ``last``, both included (wcc/recurrence.py)."""
        return recurrence.dates_between(self.rule, self.starts_on, first, last)

    def moments(self, day: date) -> tuple[datetime, datetime]:
        """The aware start and end of the occurrence on ``day``, in the neighborhood's clock."""
        zone = self.neighborhood.zone
        starts = datetime.combine(day, self.start_time, tzinfo=zone)
        ends = datetime.combine(day, self.end_time, tzinfo=zone)
        if ends <= starts:  # a night shift ends the next day
            ends += timedelta(days=1)
        return starts, ends

    def horizon_date(self, today: date | None = None) -> date:
        today = today or timezone.localdate(timezone=self.neighborhood.zone)
        return today + timedelta(weeks=self.horizon_weeks)

    @property
    def weekday(self) -> str:
        """The rule's day of the week ("SA"), for every rule the series form makes."""
        byday = dict(part.split("=", 1) for part in self.rule.split(";")).get("BYDAY", "")
        return byday[-2:]

    def next_dates(self, today: date | None = None) -> list[date]:
        """The dates its shifts are made for now: from today (or its first date) to
        its horizon. What the form's preview shows before anything is saved."""
        today = today or timezone.localdate(timezone=self.neighborhood.zone)
        return self.dates_between(max(today, self.starts_on), self.horizon_date(today))

    def overlapping(self) -> list[ShiftSeries]:
        """The neighborhood's other active series on the same day of the week whose
        hours overlap these (a second table at the same time, most likely by mistake)."""
        others = ShiftSeries.objects.filter(neighborhood=self.neighborhood, is_active=True)
        if self.pk:
            others = others.exclude(pk=self.pk)
        return [
            other
            for other in others.order_by("start_time", "pk")
            if other.weekday == self.weekday
            and other.start_time < self.end_time
            and self.start_time < other.end_time
        ]


class ShiftQuerySet(models.QuerySet):
    def of(self, neighborhood: Neighborhood):
        return self.filter(neighborhood=neighborhood)

    def scheduled(self):
        return self.filter(status=Shift.Status.SCHEDULED)

    def upcoming(self, now: datetime | None = None):
        return self.scheduled().filter(ends_at__gt=now or timezone.now())

    def with_counts(self):
        return self.annotate(
            confirmed_count=Count("signups", filter=Q(signups__status=Signup.Status.CONFIRMED)),
            waitlist_count=Count("signups", filter=Q(signups__status=Signup.Status.WAITLISTED)),
        )

    def usual_place(self) -> str:
        """The place most of these shifts are at ("" if none): what a new series'
        form starts with."""
        most_used = (
            self.exclude(place="")
            .values("place")
            .annotate(uses=Count("pk"))
            .order_by("-uses", "place")
            .first()
        )
        return most_used["place"] if most_used else ""

    def short_of_people(self):
        return self.with_counts().filter(confirmed_count__lt=F("capacity"))

    def for_coverage(self):
        """The coverage rows: counts and only the columns a row shows (three fewer
        timestamps to parse and a lighter model per row)."""
        return (
            self.with_counts()
            .only("role", "role_names", "starts_at", "capacity")
            .order_by("starts_at", "pk")  # aggregates drop Meta.ordering
        )


class Shift(models.Model):
    """One shift: a role at a time and place, with a number of places.

    The intake table: a coordinator ticks "staffs the intake table" on a shift (or on
    its series, whose shifts inherit it). On the shift's day, its confirmed volunteers
    and the coordinators open the day's intake session from the shift page: the first
    press creates the session from the shift (date, times, place, people) and links it
    here; later presses go to the same session. A coordinator may also link a session
    made beforehand; a shift linked to a session counts as the intake table too.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("scheduled")
        CANCELLED = "cancelled", _("cancelled")

    neighborhood = models.ForeignKey(Neighborhood, on_delete=models.CASCADE, related_name="shifts")
    series = models.ForeignKey(
        ShiftSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="shifts"
    )
    occurrence = models.DateField(null=True, blank=True, help_text="The series date it stands for.")
    role = models.CharField(_("role"), max_length=80)
    # Copied from the series with the role (wcc/languages.py).
    role_names = models.JSONField(
        _("role in other languages"), default=dict, db_default={}, blank=True
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("places"))
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    skill = models.ForeignKey(
        Skill,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("skill needed"),
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    is_intake_table = models.BooleanField(
        _("staffs the intake table"), default=False, db_default=False
    )
    # mutualaid refers to intake by name only: intake imports mutualaid, never the reverse.
    intake_session = models.ForeignKey(
        "intake.IntakeSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shifts",
        verbose_name=_("intake session"),
        db_index=False,  # indexed concurrently (shift_intake_session_idx), not under a lock
    )
    short_alert_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["neighborhood", "status", "starts_at"], name="shift_cal_idx"),
            models.Index(
                fields=["intake_session"],
                name="shift_intake_session_idx",
                condition=Q(intake_session__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "occurrence"], name="one_shift_per_series_date"
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="shift_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="shift_has_places"),
        ]

    def __str__(self) -> str:
        return f"{self.role} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def role_label(self) -> str:
        """The role in the reader's language, or as first typed."""
        return in_reader_language(self.role, self.role_names)

    @property
    def hours(self) -> float:
        return round((self.ends_at - self.starts_at).total_seconds() / 3600, 2)

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def staffs_intake_table(self) -> bool:
        return self.is_intake_table or self.intake_session_id is not None

    def local_day(self) -> date:
        """The shift's date in its neighborhood's clock."""
        return timezone.localtime(self.starts_at, self.neighborhood.zone).date()

    def is_on(self, day: date) -> bool:
        """Does the shift take place on ``day`` (a night shift: on both its days)?"""
        zone = self.neighborhood.zone
        ends = timezone.localtime(self.ends_at, zone).date()
        return self.local_day() <= day <= ends

    def is_intake_day(self, today: date | None = None) -> bool:
        """Is today the day of this intake-table shift (scheduled, not cancelled)?"""
        if not self.staffs_intake_table or self.is_cancelled:
            return False
        return self.is_on(today or timezone.localdate(timezone=self.neighborhood.zone))

    def confirmed(self):
        return self.signups.filter(status=Signup.Status.CONFIRMED)

    # Attendance can be ticked at the table from shortly before the start.
    ATTENDANCE_OPENS_BEFORE = timedelta(hours=1)

    def takes_attendance(self, now: datetime | None = None) -> bool:
        """Attendance can be recorded: from an hour before the start, for ever after."""
        return self.starts_at - self.ATTENDANCE_OPENS_BEFORE <= (now or timezone.now())

    def free_places(self) -> int:
        count = getattr(self, "confirmed_count", None)
        if count is None:
            count = self.confirmed().count()
        return max(self.capacity - count, 0)

    def shortfall(self) -> int:
        return self.free_places()

    def shortfall_label(self) -> str:
        """ "Short by 2 people", or "" when covered (words, not only a color)."""
        short = self.free_places()
        if not short:
            return ""
        return ngettext("Short by %(count)s person", "Short by %(count)s people", short) % {
            "count": short
        }

    def set_intake_table(self, *, is_intake_table: bool, intake_session) -> None:
        """Mark the shift as the intake table (or not) and link a session (or none)."""
        self.is_intake_table = is_intake_table
        self.intake_session = intake_session
        self.save(update_fields=["is_intake_table", "intake_session"])

    def lacks_skill(self, user) -> bool:
        """True when the shift needs a skill this person does not have in its neighborhood."""
        if not self.skill_id:
            return False
        mine = Membership.objects.filter(user=user, neighborhood_id=self.neighborhood_id)
        return self.skill_id not in mine.skill_ids()

    def lock(self) -> Shift:
        """The shift's row, locked until the transaction ends (serializes sign-ups)."""
        return type(self).objects.select_for_update().get(pk=self.pk)


class SignupQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(status=Signup.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Signup.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Signup.Status.WAITLISTED)

    def of(self, user):
        return self.filter(user=user)

    def with_reminder_trouble(self):
        """Each sign-up with ``text_not_delivered``: a text about it did not arrive."""
        failed = Reminder.objects.filter(signup=OuterRef("pk"), sms_failed_at__isnull=False)
        return self.annotate(text_not_delivered=Exists(failed))

    def from_cancel_token(self, token: str) -> Signup | None:
        """The sign-up a cancel link names, or None when the token is garbage or forged."""
        pk, _dash, signature = token.partition("-")
        if not pk.isascii() or not pk.isdigit() or len(pk) > 18 or not signature:
            return None
        signup = self.select_related("user", "shift__neighborhood").filter(pk=int(pk)).first()
        if signup is None or not signup.has_cancel_signature(signature):
            return None
        return signup


class Signup(models.Model):
    """A person on a shift: confirmed, on the waitlist, or cancelled."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waitlist")
        CANCELLED = "cancelled", _("cancelled")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("not recorded")
        ATTENDED = "attended", _("attended")
        NO_SHOW = "no-show", _("did not come")

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shift_signups"
    )
    status = models.CharField(max_length=12, choices=Status.choices)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, blank=True, default=""
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    standin_requested_at = models.DateTimeField(null=True, blank=True)
    # The person answered a reminder's text with YES (coordinators see it on the roster).
    reply_confirmed_at = models.DateTimeField(null=True, blank=True)
    # Set when a coordinator took the person off (``note`` is then the coordinator's).
    removed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SignupQuerySet.as_manager()
    # Set false by ``sign_up`` on a sign-up the person already had (nothing new to tell).
    was_new = True

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift", "user"],
                condition=~Q(status="cancelled"),
                name="one_active_signup_per_person_per_shift",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.shift} · {self.status}"

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED

    def place_in_line(self) -> int:
        """1 for the first on the waitlist, 2 for the next... (0 when not waiting)."""
        if self.status != self.Status.WAITLISTED:
            return 0
        ahead = (
            Signup.objects.waitlisted()
            .filter(shift_id=self.shift_id)
            .filter(
                Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk)
            )
        )
        return ahead.count() + 1

    def cancel_signature(self, secret: str | None = None) -> str:
        """An HMAC of this sign-up and its person under the site's secret key, with a salt
        of its own, cut to 16 characters (96 bits) so the link stays short in a text
        message. Unguessable, and useless for any other sign-up."""
        digest = salted_hmac(
            CANCEL_LINK_SALT, f"{self.pk}.{self.user_id}", secret=secret, algorithm="sha256"
        ).digest()
        return urlsafe_base64_encode(digest)[:16]

    def has_cancel_signature(self, signature: str) -> bool:
        """Checked against the current key and SECRET_KEY_FALLBACKS, as Django's signing
        does, so links already sent survive a key rotation."""
        secrets_ = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
        return any(
            constant_time_compare(signature, self.cancel_signature(secret)) for secret in secrets_
        )

    def cancel_token(self) -> str:
        """What the one-click cancel link in reminders carries: ``<pk>-<signature>``."""
        return f"{self.pk}-{self.cancel_signature()}"

    def cancel_link_refusal(self, now: datetime | None = None) -> str:
        """Why the cancel link no longer works ("" while it does): the place is already
        given up, the shift was cancelled, or it has started."""
        now = now or timezone.now()
        if not self.is_active:
            return "used"
        if self.shift.is_cancelled:
            return "shift-cancelled"
        if self.shift.starts_at <= now:
            return "started"
        return ""


class ReminderQuerySet(models.QuerySet):
    def due(self, now: datetime | None = None):
        """Pending messages whose time has come, and ones stuck in "sending" too long."""
        now = now or timezone.now()
        stuck = now - timedelta(seconds=settings.WCC_REMINDER_SENDING_TIMEOUT)
        return self.filter(
            Q(status=Reminder.Status.PENDING, due_at__lte=now)
            | Q(status=Reminder.Status.SENDING, claimed_at__lt=stuck)
        )

    def claim(self, limit: int) -> list[int]:
        """Mark up to ``limit`` due messages as sending and return their ids.

        Two dispatchers never claim the same row: each skips rows another has locked.
        """
        now = timezone.now()
        with transaction.atomic():
            due = self.due(now).order_by("due_at", "pk").select_for_update(skip_locked=True)
            ids = list(due.values_list("pk", flat=True)[:limit])
            if ids:
                Reminder.objects.filter(pk__in=ids).update(
                    status=Reminder.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
                )
        return ids


class Reminder(models.Model):
    """A message about a shift or a meeting, due at a time: the reminders before a
    confirmed shift, the notices (promoted, shift changed or cancelled, stand-in
    wanted, short of people) and the reminders before a meeting. The database is the
    source of truth: pending → sending → sent, each row sent once.

    Meeting reminders share this ledger (and its dispatcher) rather than keeping one of
    their own, so claiming, crash recovery and "sent exactly once" are one mechanism."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("reminder")
        SIGNED_UP = "signed-up", _("sign-up confirmed")
        PROMOTED = "promoted", _("promoted from the waitlist")
        CHANGED = "changed", _("shift changed")
        CANCELLED = "cancelled", _("shift cancelled")
        RESTORED = "restored", _("shift back on")
        STANDIN = "standin", _("stand-in wanted")
        TAKEN = "taken", _("stand-in found")
        REMOVED = "removed", _("taken off the shift")
        SHORT = "short", _("short of people")
        MEETING = "meeting", _("meeting reminder")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENDING = "sending", _("sending")
        SENT = "sent", _("sent")
        SKIPPED = "skipped", _("not sent (no channel)")
        CANCELLED = "cancelled", _("cancelled")

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.REMINDER)
    # Exactly one of the two is set (a check constraint): what the message is about.
    shift = models.ForeignKey(
        Shift, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    meeting = models.ForeignKey(
        "governance.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        db_index=False,  # reminder_meeting_idx below, built concurrently
    )
    signup = models.ForeignKey(
        Signup, on_delete=models.CASCADE, null=True, blank=True, related_name="reminders"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    offset_minutes = models.PositiveIntegerField(null=True, blank=True)
    due_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=8, blank=True)
    detail = models.CharField(max_length=300, blank=True)
    # The provider said the text did not arrive; it is sent again by email when the
    # person has an address (``email_only``).
    sms_failed_at = models.DateTimeField(null=True, blank=True)
    email_only = models.BooleanField(default=False, db_default=False)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="reminder_due_idx"),
            models.Index(
                fields=["meeting"],
                condition=Q(meeting__isnull=False),
                name="reminder_meeting_idx",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["signup", "offset_minutes"],
                condition=Q(kind="reminder"),
                name="one_reminder_per_signup_offset",
            ),
            models.UniqueConstraint(
                fields=["meeting", "user", "offset_minutes"],
                condition=Q(kind="meeting"),
                name="one_meeting_reminder_per_person_offset",
            ),
            models.CheckConstraint(
                condition=Q(shift__isnull=False, meeting__isnull=True)
                | Q(shift__isnull=True, meeting__isnull=False),
                name="reminder_about_a_shift_or_a_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id} at {self.due_at:%Y-%m-%d %H:%M}"

    def mark(self, *, status: str, channel: str) -> None:
        """Record how the message ended, in its own statement: outside a transaction it
        is committed before the next message leaves."""
        self.status, self.channel, self.sent_at = status, channel, timezone.now()
        self.save(update_fields=["status", "channel", "sent_at"])

    def lead_time(self) -> str:
        """Which reminder this is, as its subject says it: "tomorrow", "in 2 hours"."""
        minutes = self.offset_minutes or 0
        if minutes == 24 * 60:
            return gettext("tomorrow")
        if minutes % (24 * 60) == 0 and minutes:
            days = minutes // (24 * 60)
            return ngettext("in %(count)s day", "in %(count)s days", days) % {"count": days}
        if minutes % 60 == 0 and minutes:
            hours = minutes // 60
            return ngettext("in %(count)s hour", "in %(count)s hours", hours) % {"count": hours}
        return ngettext("in %(count)s minute", "in %(count)s minutes", minutes) % {"count": minutes}


class PauseQuerySet(models.QuerySet):
    def covering(self, shift: Shift):
        """Pauses in the shift's neighborhood that include the shift's day."""
        day = shift.local_day()
        return self.filter(
            neighborhood_id=shift.neighborhood_id, starts_on__lte=day, ends_on__gte=day
        )

    def current_or_coming(self, today: date):
        return self.filter(ends_on__gte=today)


class Pause(models.Model):
    """A volunteer away from a date to a date (both included): no sign-ups in it, no
    stand-in requests, and recurring series do not count on them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shift_pauses"
    )
    neighborhood = models.ForeignKey(
        Neighborhood, on_delete=models.CASCADE, related_name="shift_pauses"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PauseQuerySet.as_manager()

    class Meta:
        verbose_name = _("pause")
        verbose_name_plural = _("pauses")
        ordering = ["starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="pause_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} away {self.starts_on}–{self.ends_on}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """A person's private calendar address. Revoking gives a new token."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"calendar of {self.user_id}"

    @classmethod
    def for_user(cls, user) -> CalendarFeed:
        feed, _created = cls.objects.get_or_create(user=user)
        return feed

    def revoke(self) -> None:
        self.token = new_feed_token()
        self.created_at = timezone.now()
        self.save(update_fields=["token", "created_at"])

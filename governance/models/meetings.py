"""Meetings of a neighborhood: the agenda, who came, and the minutes with their action
points, published to the members when the note-taker marks them final."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Membership, Neighborhood, Role
from wcc import recurrence

from .circles import CircleMember


class MeetingQuerySet(models.QuerySet):
    def of(self, neighborhood: Neighborhood):
        return self.filter(neighborhood=neighborhood)

    def visible_to(self, user, role: Role | None):
        """The meetings this person may attend: open to all members, to their role (or
        one below it), or of a circle they are a member of. Staff see every one."""
        if user.is_staff:
            return self
        ranks = [r.value for r in Role if role is not None and Role(role).includes(r)]
        in_circle = Exists(
            CircleMember.objects.filter(
                circle=OuterRef("circle"), person=user, status=CircleMember.Status.MEMBER
            )
        )
        return self.filter(
            Q(circle=None) & (Q(audience_role="") | Q(audience_role__in=ranks)) | in_circle
        )

    def upcoming(self):
        return self.filter(starts_at__gte=timezone.now()).order_by("starts_at", "pk")

    def past(self):
        return self.filter(starts_at__lt=timezone.now()).order_by("-starts_at", "-pk")


class MeetingSeries(models.Model):
    """A recurring meeting ("the assembly, first Tuesday of the month, 19:00"). Its rule
    and the expansion into dates are the shifts' (wcc/recurrence.py); meetings are
    created ``horizon_weeks`` ahead and the shifts' daily beat task extends them."""

    neighborhood = models.ForeignKey(
        Neighborhood, on_delete=models.CASCADE, related_name="meeting_series"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, default="assembly")
    rule = models.CharField(_("recurrence rule"), max_length=200)
    starts_on = models.DateField(_("first date"))
    start_time = models.TimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    call_link = models.URLField(_("call link"), blank=True)
    audience_role = models.CharField(_("who may attend"), max_length=16, blank=True, default="")
    agenda = models.TextField(_("agenda"), max_length=4000)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    horizon_weeks = models.PositiveSmallIntegerField(_("weeks ahead"), default=8)
    generated_until = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")
        ordering = ["neighborhood", "starts_on"]

    def __str__(self) -> str:
        return f"{self.title} · {self.rule}"

    def dates_between(self, first, last):
        return recurrence.dates_between(self.rule, self.starts_on, first, last)

    def moment(self, day):
        return datetime.combine(day, self.start_time, tzinfo=self.neighborhood.zone)


class Meeting(models.Model):
    class Kind(models.TextChoices):
        ASSEMBLY = "assembly", _("general assembly")
        WORKING_GROUP = "group", _("working-group meeting")
        SESSION = "session", _("study-circle session")

    neighborhood = models.ForeignKey(
        Neighborhood, on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ASSEMBLY)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    call_link = models.URLField(_("call link"), blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facilitator"),
    )
    note_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("note-taker"),
    )
    minutes_final_at = models.DateTimeField(null=True, blank=True)
    # When it was planned: a reminder whose time had already passed then is not sent.
    created_at = models.DateTimeField(default=timezone.now, db_default=Now())
    # Who may attend (and see the meeting, its minutes and its place in the feed): every
    # member, or only those with a role, or (a study-circle session) the circle's members.
    audience_role = models.CharField(
        _("who may attend"),
        max_length=16,
        choices=[("", _("all members"))] + list(Role.choices),
        blank=True,
        default="",
        db_default="",
    )
    circle = models.ForeignKey(
        "governance.StudyCircle",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("study circle"),
    )
    series = models.ForeignKey(
        MeetingSeries, on_delete=models.SET_NULL, null=True, blank=True, related_name="meetings"
    )
    # The series' date this meeting is for: one meeting per series and date.
    occurrence = models.DateField(null=True, blank=True)
    reading = models.ForeignKey(
        "governance.Reading",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("reading of the day"),
    )

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        indexes = [models.Index(fields=["neighborhood", "starts_at"], name="meeting_time_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "occurrence"], name="one_meeting_per_series_date"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def minutes_published(self) -> bool:
        return self.minutes_final_at is not None

    def audience(self):
        """The active memberships of the people who may attend: those the minutes and
        the reminders go to."""
        members = Membership.objects.active().filter(neighborhood_id=self.neighborhood_id)
        if self.circle_id:
            return members.filter(
                user__circle_memberships__circle_id=self.circle_id,
                user__circle_memberships__status=CircleMember.Status.MEMBER,
            )
        if self.audience_role:
            return members.with_role_at_least(Role(self.audience_role))
        return members

    def reminder_hours(self) -> str:
        """The reminders still to come, as hours before it ("24, 2"); "" once none is
        (governance.actions.meetings.queue_meeting_reminders sends them)."""
        now = timezone.now()
        ahead = sorted(settings.WCC_MEETING_REMINDER_OFFSETS_HOURS, reverse=True)
        return ", ".join(
            f"{hours:g}" for hours in ahead if self.starts_at - timedelta(hours=hours) > now
        )

    def runs(self, user) -> bool:
        """The facilitator and the note-taker run the meeting (coordinators too)."""
        return user.pk in (self.facilitator_id, self.note_taker_id)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(_("agenda item"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who brings it"),
    )
    proposal = models.ForeignKey(
        "governance.Proposal",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("proposal"),
    )
    notes = models.TextField(_("notes"), blank=True, max_length=10000)
    decisions = models.TextField(_("decisions taken"), blank=True, max_length=4000)
    # Raised by every save of the minutes; a save made from an older one is a conflict.
    version = models.PositiveIntegerField(default=1, db_default=1)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class ActionPointQuerySet(models.QuerySet):
    def open_for(self, user, neighborhood: Neighborhood):
        return self.filter(
            owner=user, done_at=None, item__meeting__neighborhood=neighborhood
        ).exclude(item__meeting__minutes_final_at=None)


class ActionPoint(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="action_points")
    text = models.CharField(_("action point"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="action_points",
        verbose_name=_("who does it"),
    )
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(null=True, blank=True)

    objects = ActionPointQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text


class Attendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_attendances"
    )
    checked_in_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_check_in_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} at {self.meeting_id}"

"""People, neighborhoods and who plays which role where."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from wcc.languages import in_reader_language

from ..choices import new_choices_stamp, remember

T = TypeVar("T")

phone_validator = RegexValidator(
    regex=r"^\+?[0-9 ().-]{7,20}$",
    message=_("Enter a phone number of 7 to 20 digits, for example +1 555 123 4567."),
)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        # Email addresses are stored lower-case; let people type them any way.
        return self.get(email__iexact=username)


class ContactChannel(models.TextChoices):
    """How a person wants reminders and digests to reach them."""

    EMAIL = "email", _("email")
    SMS = "sms", _("text message (SMS)")
    NONE = "none", _("do not contact me")


class JoinRequestNotices(models.TextChoices):
    """How a coordinator hears of requests to join their neighborhood."""

    EACH = "each", _("an email for each one")
    DAILY = "daily", _("one summary a day")
    NEVER = "never", _("never (I look at the member list myself)")


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Logs in by email. Staff users are network admins."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=80)
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[phone_validator])
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    contact_channel = models.CharField(
        _("how to reach me"),
        max_length=8,
        choices=ContactChannel.choices,
        default=ContactChannel.EMAIL,
    )
    contact_consent_at = models.DateTimeField(
        _("agreed to be contacted"),
        null=True,
        blank=True,
        help_text=_("When the person agreed to reminders and digests; empty means no."),
    )
    languages_spoken = models.CharField(
        _("languages I speak"),
        max_length=200,
        blank=True,
        help_text=_("Separated by commas, for example “English, Spanish, Haitian Creole”."),
    )
    availability = models.CharField(
        _("when I am available"),
        max_length=300,
        blank=True,
        help_text=_("In words, for example “weekday evenings and every other Saturday”."),
    )
    join_request_notices = models.CharField(
        _("tell me about requests to join"),
        max_length=8,
        choices=JoinRequestNotices.choices,
        default=JoinRequestNotices.EACH,
        db_default=JoinRequestNotices.EACH,
        help_text=_(
            "For coordinators. When many people ask on one day, they come in the daily summary."
        ),
    )
    two_factor_enabled = models.BooleanField(
        _("signs in with a TOTP app"),
        default=False,
        help_text=_("Set when the person confirms an authenticator app; read on every request."),
    )
    is_staff = models.BooleanField(
        _("network admin"),
        default=False,
        help_text=_("Network admins can use the admin site and act in every neighborhood."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["display_name"]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    def clean(self):
        super().clean()
        self.email = type(self).objects.normalize_email(self.email).lower()


class Neighborhood(models.Model):
    """One neighborhood of the network: its own table, people and needs."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("short name for links"), max_length=60, unique=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="America/New_York", validators=[validate_time_zone]
    )
    description = models.TextField(_("short description"), blank=True, max_length=1000)
    meeting_place = models.CharField(_("where the table meets"), max_length=200, blank=True)
    meeting_schedule = models.CharField(
        _("when the table meets"),
        max_length=200,
        blank=True,
        help_text=_("In words, for example “every other Saturday, 10:00 to 13:00”."),
    )
    accepts_join_requests = models.BooleanField(
        _("accepts requests to join"),
        default=True,
        help_text=_("Show a join form on the neighborhood's public page."),
    )
    retention_months = models.PositiveSmallIntegerField(
        _("keep visitors' details for (months)"),
        default=24,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Visitors with no visit for this long are anonymized."),
    )
    coordinators_need_two_factor = models.BooleanField(
        _("coordinators must use two-factor sign-in"),
        default=False,
        help_text=_("Set by a network admin: coordinators here sign in with a TOTP app too."),
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("set up as a copy of"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # A new random number at every change to what the neighborhood's forms offer: its
    # need categories and who can own a follow-up (its active volunteers and
    # coordinators). Only database triggers change it (members/choices.py), so no code
    # path can forget to; caches of those choices key on it (``remember``). Random, not
    # counted: a rolled-back change must not leave a number that a later one reuses.
    choices_stamp = models.PositiveBigIntegerField(
        default=new_choices_stamp, db_default=0, editable=False
    )

    class Meta:
        verbose_name = _("neighborhood")
        verbose_name_plural = _("neighborhoods")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            # Never write back a choices_stamp read earlier: the triggers may have moved
            # it on since, and an old stamp would bring an old cache entry back.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name != "choices_stamp"
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("neighborhood_home", kwargs={"slug": self.slug})

    def get_public_url(self) -> str:
        return reverse("neighborhood_public", kwargs={"slug": self.slug})

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def remember(self, name: str, compute: Callable[[], T]) -> T:
        """What ``compute()`` gives for this neighborhood's current choices (see
        ``choices_stamp``), computed once per web process until they change.

        For things every request of a page would otherwise read again: the need
        categories of the board, the new-visit form of the intake table. ``compute`` may
        depend only on the choices, the active language and fixed text; name each
        variant (the language, say) in ``name``.
        """
        return remember(f"{self.pk}:{self.choices_stamp}:{name}", compute)


# Skills that ship translated: a neighborhood that keeps one of these names gets its
# name in every language (Skill.names) from the catalog (the demo starts with them).
DEFAULT_SKILLS = [
    gettext_noop("Driving"),
    gettext_noop("Cooking"),
    gettext_noop("Spanish interpreting"),
    gettext_noop("First aid"),
    gettext_noop("Childcare"),
    gettext_noop("Lifting"),
]


class Skill(models.Model):
    """A skill from the list a neighborhood keeps (driving, Spanish, first aid, ...)."""

    neighborhood = models.ForeignKey(
        Neighborhood,
        on_delete=models.CASCADE,
        related_name="skills",
        verbose_name=_("neighborhood"),
    )
    name = models.CharField(_("name"), max_length=80)
    # {language code: name} for the languages besides the default (wcc/languages.py).
    names = models.JSONField(_("name in other languages"), default=dict, db_default={}, blank=True)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["neighborhood", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["neighborhood", "name"], name="one_skill_name_per_neighborhood"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language, or the default name."""
        return in_reader_language(self.name, self.names)


class Role(models.TextChoices):
    """Roles within one neighborhood, from least to most trusted."""

    MEMBER = "member", _("member")
    VOLUNTEER = "volunteer", _("volunteer")
    COORDINATOR = "coordinator", _("coordinator")

    @property
    def rank(self) -> int:
        return _ROLE_RANKS[self]

    def includes(self, other: Role) -> bool:
        """A coordinator may do what a volunteer may do, who may do what a member may do."""
        return self.rank >= Role(other).rank


# Each role's place in the order above, looked up on every page's navigation (listing
# the enum each time was a measurable part of drawing a page).
_ROLE_RANKS = {role: rank for rank, role in enumerate(Role)}


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Membership.Status.ACTIVE, user__is_active=True)

    def in_neighborhood(self, neighborhood: Neighborhood):
        return self.filter(neighborhood=neighborhood)

    def with_role_at_least(self, role: Role):
        roles = [r for r in Role if r.includes(role)]
        return self.filter(role__in=roles)

    def pending(self):
        return self.filter(status=Membership.Status.PENDING)

    def skill_ids(self) -> set[int]:
        """The ids of the skills these memberships declare (one query)."""
        return set(self.exclude(skills=None).values_list("skills", flat=True))

    def search(self, text: str):
        """Name, email or phone containing the text (case-insensitive, any database)."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            models.Q(user__display_name__icontains=text)
            | models.Q(user__email__icontains=text)
            | models.Q(user__phone__icontains=text)
        )

    def speaking(self, language: str):
        return self.filter(user__languages_spoken__icontains=language.strip())

    def for_directory(self):
        return (
            self.select_related("user")
            .prefetch_related("skills")
            .order_by("user__display_name", "pk")
        )


class Membership(models.Model):
    """A person's place in one neighborhood. One per person and neighborhood."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        ACTIVE = "active", _("active")
        INACTIVE = "inactive", _("inactive")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("person"),
    )
    neighborhood = models.ForeignKey(
        Neighborhood,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("neighborhood"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    skills = models.ManyToManyField(
        Skill, blank=True, related_name="memberships", verbose_name=_("skills")
    )
    join_message = models.TextField(
        _("message with the request to join"), blank=True, max_length=1000
    )
    created_at = models.DateTimeField(_("asked or added"), auto_now_add=True)
    activated_at = models.DateTimeField(_("active since"), null=True, blank=True)
    deactivated_at = models.DateTimeField(_("inactive since"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # What the coordinators were told of a pending request (members.actions): an email
    # of its own, and the daily summary. Both are emptied when the person asks again.
    join_announced_at = models.DateTimeField(_("coordinators told"), null=True, blank=True)
    join_summarized_at = models.DateTimeField(_("in a daily summary"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["neighborhood__name", "user__display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "neighborhood"], name="one_membership_per_neighborhood"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.neighborhood} · {self.get_role_display()}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def has_left(self) -> bool:
        """Inactive because the person left it themselves (their latest change)."""
        if self.status != self.Status.INACTIVE:
            return False
        latest = self.changes.order_by("-changed_at", "-pk").first()
        return latest is not None and latest.kind == "left"

    @property
    def ended_by_coordinator(self) -> bool:
        """Inactive because a coordinator ended it: only a coordinator brings it back.

        Read from the trail: the last change of status decides. A declined request
        may be asked again, and so may a membership the person ended themself (a
        change made by the person, such as leaving); anything else that left the
        membership inactive (made inactive by a coordinator, or no trail at all)
        counts as ended by a coordinator, the safe default.
        """
        if self.status != self.Status.INACTIVE:
            return False
        from .joining import MembershipChange

        last = self.changes.exclude(kind=MembershipChange.Kind.ROLE).first()
        if last is None:
            return True
        return last.kind != MembershipChange.Kind.DECLINED and last.changed_by_id != self.user_id

    def set_status(self, status: str) -> None:
        """Move pending → active → inactive (and back to active), stamping the dates."""
        now = timezone.now()
        self.status = status
        if status == self.Status.ACTIVE:
            self.activated_at, self.deactivated_at = now, None
        elif status == self.Status.INACTIVE:
            self.deactivated_at = now
        self.save(update_fields=["status", "activated_at", "deactivated_at", "updated_at"])

"""Invitations and the trail of every membership change (who, what, when)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .people import Membership, Neighborhood, Role


class MembershipChange(models.Model):
    """One change of a membership's status or role. Holds codes, never personal details."""

    class Kind(models.TextChoices):
        REQUESTED = "requested", _("asked to join")
        INVITED = "invited", _("joined by invitation")
        IMPORTED = "imported", _("added from a spreadsheet")
        APPROVED = "approved", _("request approved")
        DECLINED = "declined", _("request declined")
        DEACTIVATED = "deactivated", _("made inactive")
        REACTIVATED = "reactivated", _("made active again")
        ROLE = "role", _("role changed")
        ERASED = "erased", _("personal details erased")
        LEFT = "left", _("left the neighborhood")

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("change"), max_length=16, choices=Kind.choices)
    from_value = models.CharField(_("from"), max_length=16, blank=True)
    to_value = models.CharField(_("to"), max_length=16, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("membership change")
        verbose_name_plural = _("membership changes")

    def __str__(self) -> str:
        return f"{self.kind}: {self.from_value} → {self.to_value}"

    @staticmethod
    def _label(value: str) -> str:
        choices = dict(Role.choices) | dict(Membership.Status.choices)
        return str(choices.get(value, value))

    @property
    def from_label(self) -> str:
        return self._label(self.from_value)

    @property
    def to_label(self) -> str:
        return self._label(self.to_value)


def new_confirmation_token() -> str:
    return secrets.token_urlsafe(32)


class JoinConfirmation(models.Model):
    """A request to join from someone with no account, waiting for them to open the
    link mailed to the address they typed (members.actions.sign_up_and_request).

    Nothing else exists until then: the account and its pending membership are made
    when the link is used (members.actions.confirm_join), which deletes this row, so a
    link works once. Rows whose link expired are deleted by the daily join summary.
    The password is kept only as Django's hash.
    """

    VALID_FOR = timedelta(days=3)

    neighborhood = models.ForeignKey(Neighborhood, on_delete=models.CASCADE, related_name="+")
    email = models.EmailField(_("email address"))
    display_name = models.CharField(_("display name"), max_length=80)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    password = models.CharField(max_length=128)  # make_password's hash, never the password
    message = models.TextField(blank=True, max_length=1000)
    language = models.CharField(max_length=8, default=settings.LANGUAGE_CODE)
    token = models.CharField(max_length=64, unique=True, default=new_confirmation_token)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = _("request to join waiting for its email link")
        verbose_name_plural = _("requests to join waiting for their email link")
        constraints = [
            models.UniqueConstraint(
                fields=["neighborhood", "email"], name="one_join_confirmation_per_address"
            )
        ]

    def __str__(self) -> str:
        return f"{self.neighborhood} · {self.created_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("join_confirm", kwargs={"token": self.token})

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()


def new_invitation_token() -> str:
    return secrets.token_urlsafe(24)


class InvitationQuerySet(models.QuerySet):
    def of(self, neighborhood: Neighborhood):
        return self.filter(neighborhood=neighborhood)

    def usable(self):
        return self.filter(
            used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
        )


class Invitation(models.Model):
    """A link that makes its one user a member with a role, until it expires."""

    DEFAULT_DAYS = 14

    neighborhood = models.ForeignKey(
        Neighborhood, on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    email = models.EmailField(
        _("email address"),
        blank=True,
        help_text=_("Leave empty to make a link you pass on yourself."),
    )
    token = models.CharField(max_length=64, unique=True, default=new_invitation_token)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.neighborhood} · {self.role}"

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            self.expires_at = timezone.now() + timedelta(days=self.DEFAULT_DAYS)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("invitation_accept", kwargs={"token": self.token})

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.revoked_at is None and self.expires_at > timezone.now()

    def withdraw(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])

    @property
    def state(self) -> str:
        if self.used_at:
            return _("used")
        if self.revoked_at:
            return _("withdrawn")
        if self.expires_at <= timezone.now():
            return _("expired")
        return _("open")

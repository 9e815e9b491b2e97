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

"""A person's signed-in devices and the record that an erasure happened."""

from __future__ import annotations

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserSessionQuerySet(models.QuerySet):
    def end_all(self) -> int:
        """Sign these devices out now: delete their sessions and forget them."""
        keys = list(self.values_list("session_key", flat=True))
        Session.objects.filter(session_key__in=keys).delete()
        return self.delete()[0]


class UserSession(models.Model):
    """One signed-in browser of a person, keyed by its session key.

    A small table of our own (rather than replacing the session engine) so sessions
    stay Django's plain database sessions and a person can end any one of them.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signed_in_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    device = models.CharField(_("device"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("signed in"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen"), default=timezone.now)

    objects = UserSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-last_seen_at", "-pk"]
        verbose_name = _("signed-in device")
        verbose_name_plural = _("signed-in devices")

    def __str__(self) -> str:
        return self.device or self.session_key[:8]


class ErasureRecord(models.Model):
    """That an erasure happened, by whom and how many rows each part touched.

    Holds no erased data: only the kind, the former row id and counts.
    """

    class Kind(models.TextChoices):
        PERSON = "person", _("person with an account")
        VISITOR = "visitor", _("visitor")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    subject_id = models.PositiveBigIntegerField()
    requested_by_subject = models.BooleanField(default=False)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    erased_at = models.DateTimeField(default=timezone.now)
    parts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-erased_at"]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return f"{self.kind} #{self.subject_id}"

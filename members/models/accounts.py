"""A person's signed-in devices and the record that an erasure happened."""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..useragents import Agent, describe


class UserSessionQuerySet(models.QuerySet):
    def _with_idle_end(self):
        return self.annotate(
            idle_ends_at=models.ExpressionWrapper(
                models.F("last_seen_at") + models.F("idle_limit"),
                output_field=models.DateTimeField(),
            )
        )

    def live(self, now=None) -> UserSessionQuerySet:
        """Devices still signed in: their session has not expired, nor gone idle too long."""
        now = now or timezone.now()
        unexpired = Session.objects.filter(
            session_key=models.OuterRef("session_key"), expire_date__gt=now
        )
        return (
            self._with_idle_end()
            .filter(models.Exists(unexpired))
            .filter(models.Q(idle_limit__isnull=True) | models.Q(idle_ends_at__gt=now))
        )

    def ended(self, now=None) -> UserSessionQuerySet:
        """Devices whose session expired or went idle past its limit (to forget)."""
        return self.exclude(pk__in=self.live(now).values("pk"))

    def end_all(self) -> int:
        """Sign these devices out now: delete their sessions (the rows and the cached
        copies, which would otherwise keep a device signed in) and forget them."""
        from ..signed_in import forget_sessions

        keys = list(self.values_list("session_key", flat=True))
        store = import_module(settings.SESSION_ENGINE).SessionStore
        caches[settings.SESSION_CACHE_ALIAS].delete_many(
            [store(session_key=key).cache_key for key in keys]
        )
        forget_sessions(keys)
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
    # How long this session may go unused before it ends (volunteers, coordinators and
    # shared devices, see members.access.session_idle_limit); None: the normal length.
    idle_limit = models.DurationField(null=True, blank=True)

    objects = UserSessionQuerySet.as_manager()

    # Kept in the session itself, so most requests need no query: when this device was
    # last marked seen (seconds since the epoch), and that its person said it is shared.
    SEEN_KEY = "wcc_seen"
    SHARED_KEY = "wcc_shared_device"
    # "Last seen" moves at most once a minute (one UPDATE, not one per request).
    SEEN_EVERY_SECONDS = 60

    class Meta:
        ordering = ["-last_seen_at", "-pk"]
        verbose_name = _("signed-in device")
        verbose_name_plural = _("signed-in devices")

    def __str__(self) -> str:
        return self.device or self.session_key[:8]

    @property
    def agent(self) -> Agent:
        """The browser and system, by names a person recognizes ("Firefox", "Android")."""
        return describe(self.device)

    @property
    def seen_just_now(self) -> bool:
        return (timezone.now() - self.last_seen_at).total_seconds() < self.SEEN_EVERY_SECONDS


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

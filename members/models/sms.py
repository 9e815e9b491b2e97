"""Text messages both ways: what we sent (and what became of it), what people sent us,
and the opt-out ledger that every send consults.

Inbound messages and status callbacks are stored before they are acted on, keyed by
the provider's message id, so a webhook the provider retries is recognised and acted
on once. Phone numbers are compared by their digits only (``phone_digits``).
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Func, Value
from django.utils import timezone

NON_DIGITS = re.compile(r"\D")

# A reply is matched to the last message we sent that number within this window;
# a reply to anything older gets the short help text and changes nothing.
REPLY_WINDOW = timedelta(days=14)


def phone_digits(number: str) -> str:
    """The digits of a phone number ("+1 (555) 222-3333" → "15552223333")."""
    return NON_DIGITS.sub("", number or "")[:20]


class PhoneDigits(Func):
    """The digits of a phone column, in SQL (the same rule as ``phone_digits``)."""

    function = "regexp_replace"
    output_field = models.CharField()

    def __init__(self, expression, **extra):
        super().__init__(expression, Value(r"\D"), Value(""), Value("g"), **extra)


class SmsOptOutQuerySet(models.QuerySet):
    def opted_out(self, number: str) -> bool:
        """Did the last word of this number in the ledger say stop?"""
        digits = phone_digits(number)
        if not digits:
            return False
        last = self.filter(phone_digits=digits).order_by("-at", "-pk").first()
        return last is not None and last.action == SmsOptOut.Action.STOP


class SmsOptOut(models.Model):
    """The opt-out ledger: each STOP and START a number sent, in order. Append-only;
    the last entry of a number decides whether we may text it."""

    class Action(models.TextChoices):
        STOP = "stop", "stop"
        START = "start", "start"

    phone_digits = models.CharField(max_length=20)
    action = models.CharField(max_length=5, choices=Action.choices)
    keyword = models.CharField(max_length=16)
    at = models.DateTimeField(default=timezone.now)

    objects = SmsOptOutQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["phone_digits", "-at"], name="sms_optout_number_idx")]

    def __str__(self) -> str:
        return f"{self.action} at {self.at:%Y-%m-%d %H:%M}"


class SentSmsQuerySet(models.QuerySet):
    def last_to(self, number: str, *, now=None) -> SentSms | None:
        """The last message we sent this number that a reply may answer."""
        now = now or timezone.now()
        return (
            self.filter(to_digits=phone_digits(number), sent_at__gte=now - REPLY_WINDOW)
            .exclude(topic="")
            .select_related("user")
            .order_by("-sent_at", "-pk")
            .first()
        )

    def not_delivered(self):
        return self.filter(status__in=SentSms.FAILED)


class SentSms(models.Model):
    """One text we sent: to whom, about what (``topic`` and ``topic_id``, which the app
    that sent it reads when a reply or a status comes), and its delivery status.
    The body is not kept."""

    class Status(models.TextChoices):
        QUEUED = "queued", "queued"
        SENT = "sent", "sent"
        DELIVERED = "delivered", "delivered"
        UNDELIVERED = "undelivered", "undelivered"
        FAILED = "failed", "failed"

    FAILED = (Status.UNDELIVERED, Status.FAILED)
    # A later callback never moves a message back (callbacks can arrive out of order).
    RANK = {"queued": 0, "sent": 1, "delivered": 2, "undelivered": 3, "failed": 3}

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    to_digits = models.CharField(max_length=20)
    provider_id = models.CharField(max_length=64, unique=True)
    topic = models.CharField(max_length=32, blank=True)
    topic_id = models.BigIntegerField(null=True, blank=True)
    # What a numbered reply picks (a digest's needs, in the order the text listed them).
    choices = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    error_code = models.CharField(max_length=12, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)
    status_at = models.DateTimeField(null=True, blank=True)

    objects = SentSmsQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["to_digits", "-sent_at"], name="sentsms_number_idx")]

    def __str__(self) -> str:
        return f"{self.topic} {self.status}"

    @property
    def failed(self) -> bool:
        return self.status in self.FAILED


class InboundSms(models.Model):
    """A text someone sent us, stored as it came, then acted on once (``handled_at``)."""

    provider_id = models.CharField(max_length=64, unique=True)
    from_digits = models.CharField(max_length=20)
    body = models.CharField(max_length=1600, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    received_at = models.DateTimeField(default=timezone.now)
    handled_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=32, blank=True)
    # How many times the provider delivered it (retries included).
    deliveries = models.PositiveSmallIntegerField(default=1)

    def __str__(self) -> str:
        return f"inbound {self.outcome or 'unhandled'}"


class SmsStatusEvent(models.Model):
    """A delivery status callback, stored once per message and status."""

    provider_id = models.CharField(max_length=64)
    status = models.CharField(max_length=12)
    error_code = models.CharField(max_length=12, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["provider_id", "status"], name="one_status_event_per_message_status"
            )
        ]

    def __str__(self) -> str:
        return f"{self.status}"

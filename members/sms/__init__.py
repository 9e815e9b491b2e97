"""Text messages, with backends like Django's email backends.

``send_sms(to, body)`` uses the backend named by ``settings.SMS_BACKEND``:

- ``members.sms.backends.twilio.SmsBackend``: Twilio's REST API (production),
  at ``SMS_API_URL`` with ``TWILIO_ACCOUNT_SID``, ``TWILIO_AUTH_TOKEN``, ``TWILIO_FROM``;
- ``members.sms.backends.filebased.SmsBackend``: one file per message in ``SMS_FILE_PATH``;
- ``members.sms.backends.console.SmsBackend``: prints them;
- ``members.sms.backends.locmem.SmsBackend``: keeps them in ``members.sms.outbox`` (tests).

Every send asks the opt-out ledger first (``SmsOptOut``): a number that replied STOP
gets nothing until it replies START, except the one confirmation of the STOP itself.
Each message sent is recorded as a ``SentSms`` (without its body), which is how a
reply or a delivery status finds what it answers.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.module_loading import import_string

# The locmem backend appends here, as Django's does to mail.outbox.
outbox: list[SmsMessage] = []


@dataclass
class SmsMessage:
    to: str
    body: str
    # Set by the backend: the provider's id of the message (a local one for files).
    provider_id: str = field(default="")


class SmsError(Exception):
    """The provider refused or could not be reached; the message was not sent.
    Its text never holds the number or the body (it reaches logs)."""


class OptedOut(SmsError):
    """The number replied STOP: nothing may be sent to it."""


def get_connection(backend: str | None = None, **kwargs):
    return import_string(backend or settings.SMS_BACKEND)(**kwargs)


def local_provider_id() -> str:
    return "local-" + uuid.uuid4().hex


def send_sms(
    to: str,
    body: str,
    *,
    connection=None,
    user=None,
    topic: str = "",
    topic_id: int | None = None,
    choices=(),
    despite_opt_out: bool = False,
):
    """Send one text and record it; return the ``SentSms``.

    Raises OptedOut when the number's last word in the ledger was STOP
    (``despite_opt_out`` is for the confirmation of that STOP only).
    """
    from members.models import SentSms, SmsOptOut, phone_digits

    if not despite_opt_out and SmsOptOut.objects.opted_out(to):
        raise OptedOut("the number has opted out")
    # The provider wants E.164 ("+15552223333"), whatever way the number was typed.
    message = SmsMessage(to="+" + phone_digits(to), body=body)
    (connection or get_connection()).send_messages([message])
    return SentSms.objects.create(
        user=user,
        to_digits=phone_digits(to),
        provider_id=message.provider_id or local_provider_id(),
        topic=topic,
        topic_id=topic_id,
        choices=list(choices),
    )

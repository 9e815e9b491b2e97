"""Text messages, with backends like Django's email backends.

``send_sms(to, body)`` uses the backend named by ``settings.SMS_BACKEND``:

- ``members.sms.backends.twilio.SmsBackend``: Twilio's REST API (production),
  at ``SMS_API_URL`` with ``TWILIO_ACCOUNT_SID``, ``TWILIO_AUTH_TOKEN``, ``TWILIO_FROM``;
- ``members.sms.backends.filebased.SmsBackend``: one file per message in ``SMS_FILE_PATH``;
- ``members.sms.backends.console.SmsBackend``: prints them;
- ``members.sms.backends.locmem.SmsBackend``: keeps them in ``members.sms.outbox`` (tests).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

# The locmem backend appends here, as Django's does to mail.outbox.
outbox: list[SmsMessage] = []


@dataclass
class SmsMessage:
    to: str
    body: str


class SmsError(Exception):
    """The provider refused or could not be reached; the message was not sent."""


def get_connection(backend: str | None = None, **kwargs):
    return import_string(backend or settings.SMS_BACKEND)(**kwargs)


def send_sms(to: str, body: str, *, connection=None) -> None:
    (connection or get_connection()).send_messages([SmsMessage(to=to, body=body)])

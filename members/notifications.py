"""Send a person a message by the channel they chose, in their own language.

Every app uses ``notify``: shift reminders and notices, the needs digest. A message
is two templates, ``<name>_subject.txt`` and ``<name>.txt``, rendered with the
person's language and time zone active. A text message is the subject and the body,
unless ``<name>_sms.txt`` exists: then that short version is the whole text.
"""

from __future__ import annotations

import zoneinfo
from contextlib import contextmanager

from django.conf import settings
from django.core.mail import EmailMessage
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from . import sms
from .models import ContactChannel, SmsOptOut, User


def channel_for(user: User, *, transactional: bool = True) -> str:
    """The channel to use, or ``none``.

    Messages about a person's own commitments (a shift they signed up for) are
    *transactional* and go by email even without marketing consent. Texts need
    consent, a phone that has not replied STOP (the opt-out ledger), else email;
    broadcasts (``transactional=False``) need consent on every channel.
    """
    channel = user.contact_channel
    if not user.is_active or channel == ContactChannel.NONE:
        return ContactChannel.NONE
    if not transactional and user.contact_consent_at is None:
        return ContactChannel.NONE
    if channel == ContactChannel.SMS:
        if user.phone and user.contact_consent_at and not SmsOptOut.objects.opted_out(user.phone):
            return ContactChannel.SMS
        channel = ContactChannel.EMAIL
    return ContactChannel.EMAIL if user.email else ContactChannel.NONE


@contextmanager
def _as_person(user: User, time_zone=None):
    zone = zoneinfo.ZoneInfo(str(time_zone)) if time_zone else timezone.get_current_timezone()
    with translation.override(user.preferred_language), timezone.override(zone):
        yield


def render_message(user: User, template: str, context: dict, *, time_zone=None) -> tuple[str, str]:
    """(subject, body) in the person's language, times in ``time_zone``."""
    with _as_person(user, time_zone):
        context = {"person": user, "site_url": settings.WCC_SITE_URL, **context}
        subject = render_to_string(f"{template}_subject.txt", context)
        body = render_to_string(f"{template}.txt", context)
    return " ".join(subject.split()), body.strip() + "\n"


def render_sms(user: User, template: str, context: dict, *, time_zone=None) -> str:
    """The text message: ``<template>_sms.txt`` if there is one, else subject and body."""
    try:
        short = get_template(f"{template}_sms.txt")
    except TemplateDoesNotExist:
        subject, body = render_message(user, template, context, time_zone=time_zone)
        return f"{subject}\n{body}"
    with _as_person(user, time_zone):
        text = short.render({"person": user, "site_url": settings.WCC_SITE_URL, **context})
    return " ".join(text.split())


def notify(
    user: User,
    *,
    template: str,
    context: dict,
    transactional: bool = True,
    time_zone=None,
    email_connection=None,
    sms_connection=None,
    sms_topic: str = "",
    sms_topic_id: int | None = None,
    sms_choices=(),
    email_only: bool = False,
    attachments=(),
) -> str:
    """Send the message; return the channel used ("email", "sms" or "none").

    A text is recorded with ``sms_topic`` and ``sms_topic_id`` (and ``sms_choices``,
    what a numbered reply picks), so a reply or a failed delivery finds what it is
    about. ``email_only``: the text did not arrive, send it by email if there is one.
    ``attachments`` ((filename, content, mimetype) each) go with an email only; a text
    message carries links instead. Raises the backend's error when sending fails, so
    callers can retry.
    """
    channel = channel_for(user, transactional=transactional)
    if channel == ContactChannel.SMS and email_only:
        channel = ContactChannel.EMAIL if user.email else ContactChannel.NONE
    if channel == ContactChannel.NONE:
        return channel
    if channel == ContactChannel.SMS:
        text = render_sms(user, template, context, time_zone=time_zone)
        sms.send_sms(
            user.phone,
            text,
            connection=sms_connection,
            user=user,
            topic=sms_topic,
            topic_id=sms_topic_id,
            choices=sms_choices,
        )
    else:
        subject, body = render_message(user, template, context, time_zone=time_zone)
        message = EmailMessage(subject, body, to=[user.email], connection=email_connection)
        for attachment in attachments:
            message.attach(*attachment)
        message.send()
    return channel

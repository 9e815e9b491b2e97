"""Send a person a message by the channel they chose, in their own language.

Every app uses ``notify``: shift reminders and notices, the needs digest. A message
is two templates, ``<name>_subject.txt`` and ``<name>.txt``, rendered with the
person's language and time zone active. A text message is the subject and the body,
unless ``<name>_sms.txt`` exists: then that short version is the whole text.

Each message has a *kind* (members/notification_kinds.py); the person may choose a
channel per kind, or none where the kind can be turned off (``NotificationChoice``).
An email of a kind that can be turned off carries ``List-Unsubscribe`` and
``List-Unsubscribe-Post`` (RFC 2369, RFC 8058: one click in the mail client turns
the kind off) and ends with why the person gets it and where to change that; an
email of a kind that cannot ends with why it always comes.
"""

from __future__ import annotations

import zoneinfo
from contextlib import contextmanager

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import sms
from .models import ContactChannel, NotificationChoice, SmsOptOut, User
from .notification_kinds import KindInfo, kind_info

UNSUBSCRIBE_SALT = "members.unsubscribe"
# An unsubscribe link keeps working this long after its email was sent.
UNSUBSCRIBE_MAX_AGE = 365 * 24 * 3600


def channel_for(user: User, *, kind: str = "", transactional: bool = True) -> str:
    """The channel to use, or ``none``.

    The person's choice for ``kind`` comes first ("none" only where the kind can be
    turned off), then the channel of their profile; "do not contact me" there stops
    every kind. Messages about a person's own commitments (a shift they signed up for)
    are *transactional* and go by email even without marketing consent. Texts need
    consent, a phone that has not replied STOP (the opt-out ledger), else email;
    broadcasts (``transactional=False``) need consent on every channel.
    """
    channel = user.contact_channel
    if not user.is_active or channel == ContactChannel.NONE:
        return ContactChannel.NONE
    chosen = NotificationChoice.objects.channel_of(user, kind) if kind else ""
    if chosen == NotificationChoice.Channel.NONE:
        if kind_info(kind).can_turn_off:
            return ContactChannel.NONE
    elif chosen:
        channel = chosen
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


def unsubscribe_token(user: User, kind: str) -> str:
    """Signed (person, kind), for the one-click link: no login needed to use it."""
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    """(person id, kind) from a link, or None if tampered with, expired or no kind."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
        user_id, kind = int(data["u"]), str(data["k"])
        if not kind_info(kind).can_turn_off:
            return None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return user_id, kind


def unsubscribe_url(user: User, kind: str) -> str:
    return settings.WCC_SITE_URL + reverse(
        "unsubscribe", kwargs={"token": unsubscribe_token(user, kind)}
    )


def _email(user: User, info: KindInfo, subject: str, body: str, connection) -> EmailMessage:
    """The email, with the foot and headers its kind calls for."""
    context = {"info": info, "choices_url": settings.WCC_SITE_URL + reverse("notification_choices")}
    headers = {}
    if info.can_turn_off:
        context["unsubscribe_url"] = unsubscribe_url(user, info.key)
        headers = {
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    with translation.override(user.preferred_language):
        foot = render_to_string("members/email/kind_foot.txt", context).strip()
    body = f"{body}\n-- \n{foot}\n"
    return EmailMessage(subject, body, to=[user.email], connection=connection, headers=headers)


def notify(
    user: User,
    *,
    kind: str,
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
    callers can retry. ``kind`` is required and must be one of
    members/notification_kinds.py (a ValueError otherwise, before anything is sent).
    """
    info = kind_info(kind)
    channel = channel_for(user, kind=kind, transactional=transactional)
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
        message = _email(user, info, subject, body, email_connection)
        for attachment in attachments:
            message.attach(*attachment)
        message.send()
    return channel

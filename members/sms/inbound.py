"""What people text us, and what the provider tells us of what we sent.

Both arrive as webhooks (``members/views/sms.py``), which check the provider's
signature, store the message or the status (``receive``, ``record_status``) and only
then act on it (``act_on``), once: a row already handled is left alone, and the row
lock makes a retry that arrives while the first is being handled wait for it.

Who sent a text is decided by the number alone, never by what the text says: the last
message we sent that number (``SentSms.last_to``) names the person and what a reply
answers; its topic's handler (the ``sms_replies`` registry, e.g. mutualaid's
reminders and digests) acts on the reply.
"""

from __future__ import annotations

import logging
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members.models import (
    ContactChannel,
    InboundSms,
    SentSms,
    SmsOptOut,
    SmsStatusEvent,
    User,
    phone_digits,
)
from members.models.sms import PhoneDigits
from members.registry import sms_delivery, sms_replies

from . import SmsError, send_sms

log = logging.getLogger(__name__)

# The carriers' keywords (as Twilio applies them): the whole text, any case.
STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT"}
START_WORDS = {"START", "UNSTOP"}
HELP_WORDS = {"HELP", "INFO"}


def normalized(body: str) -> str:
    """The text in capitals without accents or surrounding punctuation ("Sí!" → "SI")."""
    text = unicodedata.normalize("NFKD", body or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.strip().strip(".!¡?¿,;:'\"()").strip().upper()


def first_word(body: str) -> str:
    words = normalized(body).split()
    return words[0].strip(".!¡?¿,;:'\"()") if words else ""


def clean_body(body: str) -> str:
    """What is stored: at most 1,600 characters, no NUL or other control characters."""
    return "".join(ch for ch in (body or "")[:1600] if ch.isprintable() or ch in "\n\t")


def message_id(params) -> str:
    """The provider's message id, letters, digits, "-" and "_" only (or "")."""
    raw = params.get("MessageSid") or params.get("SmsSid") or ""
    return raw[:64] if raw.isascii() and raw.replace("-", "").replace("_", "").isalnum() else ""


def people_with(number: str):
    digits = phone_digits(number)
    return User.objects.annotate(phone_digits=PhoneDigits("phone")).filter(
        phone_digits=digits, is_active=True
    )


# --- Inbound texts -------------------------------------------------------------------


def receive(params) -> InboundSms | None:
    """Store an inbound text (once per provider id); None when it names no message."""
    provider_id = message_id(params)
    if not provider_id:
        return None
    inbound, created = InboundSms.objects.get_or_create(
        provider_id=provider_id,
        defaults={
            "from_digits": phone_digits(params.get("From", "")),
            "body": clean_body(params.get("Body", "")),
        },
    )
    if not created:
        InboundSms.objects.filter(pk=inbound.pk).update(deliveries=F("deliveries") + 1)
    return inbound


@dataclass
class Reply:
    to: str
    text: str
    user: User | None = None
    despite_opt_out: bool = False


def act_on(*, inbound_id: int) -> Reply | None:
    """Act on a stored text once; return the answer to send (after the commit)."""
    with transaction.atomic():
        inbound = InboundSms.objects.select_for_update().get(pk=inbound_id)
        if inbound.handled_at is not None:
            return None
        outcome, reply = _decide(inbound)
        inbound.handled_at = timezone.now()
        inbound.outcome = outcome[:32]
        inbound.user = reply.user if reply else inbound.user
        inbound.save(update_fields=["handled_at", "outcome", "user"])
    return reply


def send_reply(reply: Reply | None) -> None:
    """Send the answer; a failure is logged without the number or the text."""
    if reply is None or not reply.text:
        return
    try:
        send_sms(
            "+" + reply.to,
            reply.text,
            user=reply.user,
            topic="",
            despite_opt_out=reply.despite_opt_out,
        )
    except SmsError as error:
        log.warning("Reply to an inbound text not sent: %s", error)


def _decide(inbound: InboundSms) -> tuple[str, Reply | None]:
    number = inbound.from_digits
    whole = normalized(inbound.body)
    sent = SentSms.objects.last_to(number)
    person = sent.user if sent and sent.user else people_with(number).first()
    language = person.preferred_language if person else settings.LANGUAGE_CODE
    with translation.override(language):
        if whole in STOP_WORDS:
            return "stop", Reply(number, _stop(number, whole), person, despite_opt_out=True)
        if whole in START_WORDS:
            return "start", Reply(number, _start(number, whole), person)
        if person is None:
            # An unknown number learns nothing, not even that this is WCC.
            return "unknown", None
        if whole in HELP_WORDS:
            return "help", Reply(number, help_text(), person)
        if sent is None or sent.topic not in sms_replies.functions:
            return "no-context", Reply(number, help_text(), person)
        outcome, text = sms_replies.functions[sent.topic](
            sent=sent, user=person, word=first_word(inbound.body)
        )
        return f"{sent.topic}:{outcome}", Reply(number, text or help_text(), person)


def help_text() -> str:
    return _(
        "WCC: reply YES to confirm your shift, NO to give up your place, or the number of a "
        "need to help with it. STOP ends texts. More: %(url)s"
    ) % {"url": settings.WCC_SITE_URL}


def _stop(number: str, keyword: str) -> str:
    SmsOptOut.objects.create(phone_digits=number, action=SmsOptOut.Action.STOP, keyword=keyword)
    for person in people_with(number).filter(contact_channel=ContactChannel.SMS):
        person.contact_channel = ContactChannel.EMAIL if person.email else ContactChannel.NONE
        person.save(update_fields=["contact_channel"])
    return _("You will get no more texts from WCC. Reply START to get them again.")


def _start(number: str, keyword: str) -> str:
    SmsOptOut.objects.create(phone_digits=number, action=SmsOptOut.Action.START, keyword=keyword)
    people_with(number).filter(contact_consent_at__isnull=False).update(
        contact_channel=ContactChannel.SMS
    )
    return _("Texts from WCC are on again. Reply HELP for help, STOP to stop.")


# --- Delivery status -----------------------------------------------------------------


def record_status(params) -> bool:
    """Store a status callback once and move the message's status forward; when a
    text failed, its topic's ``sms_delivery`` handler sends it another way. Returns
    whether this callback was new."""
    provider_id = message_id(params)
    status = (params.get("MessageStatus") or params.get("SmsStatus") or "").lower()
    if not provider_id or status not in SentSms.RANK:
        return False
    with transaction.atomic():
        event, created = SmsStatusEvent.objects.get_or_create(
            provider_id=provider_id,
            status=status,
            defaults={"error_code": clean_body(params.get("ErrorCode") or "")[:12]},
        )
        if not created:
            return False
        sent = SentSms.objects.select_for_update().filter(provider_id=provider_id).first()
        if sent is None or SentSms.RANK[status] < SentSms.RANK[sent.status]:
            return True
        had_failed = sent.failed
        sent.status = status
        sent.error_code = event.error_code
        sent.status_at = timezone.now()
        sent.save(update_fields=["status", "error_code", "status_at"])
        if sent.failed and not had_failed and sent.topic in sms_delivery.functions:
            sms_delivery.functions[sent.topic](sent=sent)
    return True

"""Every kind of message WCC sends, in one place: what it is, and whether a person may
turn it off (and why not, when not).

``notify(user, kind=..., ...)`` takes one of these keys and refuses any other, so no
message goes out without a kind; ``tests/members/test_notification_kinds.py`` also
reads the source and fails on a ``notify(`` call that names no kind. A person chooses
a channel per kind, or "none" where the kind allows it (``NotificationChoice``); with
no choice stored, a kind goes by the channel of their profile.

Kinds with ``fixed_channel`` are not sent through ``notify``: an answer to a text
goes back by text (members/sms/inbound.py), account mails go to the address they are
about (members/actions.py). They are listed so the choices page tells the whole story.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    SHIFT_REMINDERS = "shift_reminders", _("Shift reminders")
    SIGNUP_CONFIRMATIONS = "signup_confirmations", _("Sign-up confirmations")
    STANDIN_REQUESTS = "standin_requests", _("Stand-in requests")
    SHIFT_CHANGES = "shift_changes", _("Changes to your shifts")
    SHORT_SHIFTS = "short_shifts", _("Shifts short of people")
    NEED_DIGESTS = "need_digests", _("Needs digest")
    NEED_UPDATES = "need_updates", _("News of needs you asked for or took on")
    JOIN_REQUESTS = "join_requests", _("Requests to join")
    MEMBERS_LEAVING = "members_leaving", _("Members leaving")
    JOIN_ANSWERS = "join_answers", _("Answers to your request to join")
    MEETINGS_AND_DECISIONS = "meetings_and_decisions", _("Meetings and decisions")
    MEETING_REMINDERS = "meeting_reminders", _("Meeting reminders")
    SMS_REPLIES = "sms_replies", _("Answers to your texts")
    ACCOUNT = "account", _("Your account and its security")


@dataclass(frozen=True)
class KindInfo:
    kind: Kind
    help_text: str | Promise
    # Ends the sentence "You get this because …" at the foot of each email.
    because: str | Promise
    # Empty when the kind can be turned off; else why it always comes.
    why_always: str | Promise = ""
    # Set for kinds that always go one way, not by the person's choice.
    fixed_channel: str = ""
    # Only coordinators get these, so only their choices page shows them.
    coordinators_only: bool = False

    @property
    def key(self) -> str:
        return self.kind.value

    @property
    def label(self):
        return self.kind.label

    @property
    def can_turn_off(self) -> bool:
        return not self.why_always

    @property
    def choosable(self) -> bool:
        return not self.fixed_channel


KINDS: dict[str, KindInfo] = {
    info.key: info
    for info in [
        KindInfo(
            Kind.SHIFT_REMINDERS,
            _("A reminder before each shift you are on."),
            _("you are on a shift"),
        ),
        KindInfo(
            Kind.SIGNUP_CONFIRMATIONS,
            _("When you sign up for a shift, with a file for your calendar."),
            _("you signed up for a shift"),
        ),
        KindInfo(
            Kind.STANDIN_REQUESTS,
            _("When someone on a shift you could do asks for a stand-in."),
            _("you could stand in on a shift"),
        ),
        KindInfo(
            Kind.SHIFT_CHANGES,
            _(
                "A shift you are on moves, is cancelled or is back on; you are taken off "
                "it, you move up from the waitlist, or someone stands in for you."
            ),
            _("you are on a shift that changed"),
            why_always=_(
                "These always come: they tell you where to be, or not to be, and a "
                "cancelled or moved shift is a matter of safety."
            ),
        ),
        KindInfo(
            Kind.SHORT_SHIFTS,
            _("For coordinators: a shift coming up is short of people."),
            _("you coordinate a neighborhood with a shift short of people"),
            coordinators_only=True,
        ),
        KindInfo(
            Kind.NEED_DIGESTS,
            _("A daily list of new needs that match your offers and skills."),
            _("you get the needs digest"),
        ),
        KindInfo(
            Kind.NEED_UPDATES,
            _(
                "A need you asked for is taken on, or a need you took on is connected, "
                "closed or withdrawn."
            ),
            _("you asked for or took on a need"),
        ),
        KindInfo(
            Kind.JOIN_REQUESTS,
            _(
                "For coordinators: someone asks to join (each request or a daily "
                "summary, as your profile says)."
            ),
            _("you coordinate a neighborhood someone asked to join"),
            coordinators_only=True,
        ),
        KindInfo(
            Kind.MEMBERS_LEAVING,
            _("For coordinators: a member leaves, and which places that frees."),
            _("you coordinate a neighborhood a member left"),
            coordinators_only=True,
        ),
        KindInfo(
            Kind.JOIN_ANSWERS,
            _("A coordinator's answer to your request to join a neighborhood."),
            _("you asked to join a neighborhood"),
            why_always=_(
                "This always comes: it answers a request you made, and without it you "
                "would not know whether you are in."
            ),
        ),
        KindInfo(
            Kind.MEETINGS_AND_DECISIONS,
            _("Minutes of a meeting, and decisions taken or confirmed by an assembly."),
            _("you are a member of a neighborhood that met or decided"),
        ),
        KindInfo(
            Kind.MEETING_REMINDERS,
            _("A reminder before each meeting you may attend, with its agenda."),
            _("you may attend a meeting of your neighborhood"),
        ),
        KindInfo(
            Kind.SMS_REPLIES,
            _("Our answer when you text WCC (YES, NO, STOP, START, HELP)."),
            _("you texted WCC"),
            why_always=_(
                "These always come, by text: phone carriers require an answer to STOP, "
                "START and HELP, and the answer tells you what your text did."
            ),
            fixed_channel="sms",
        ),
        KindInfo(
            Kind.ACCOUNT,
            _("Invitations, sign-in links and password resets you asked for."),
            _("you asked for it"),
            why_always=_(
                "These always come, by email: you need them to get into your account, "
                "and they go only to the address they are about."
            ),
            fixed_channel="email",
        ),
    ]
}

assert set(KINDS) == set(Kind.values), "every Kind needs its KindInfo"


def kind_info(kind: str) -> KindInfo:
    """The kind's details; a ValueError for a key that is no kind (a typo must not
    send a message that nobody can turn off)."""
    try:
        return KINDS[kind]
    except KeyError:
        raise ValueError(
            f"{kind!r} is not a kind of message (members/notification_kinds.py)"
        ) from None

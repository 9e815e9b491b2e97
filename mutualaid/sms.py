"""Replies to our texts, and texts that did not arrive (registered in wcc_hooks).

A reminder (or another message about a person's own place) is recorded under the
topic "shift" with its Reminder's id: YES or SÍ confirms the place, NO gives it up
(the waitlist promoted, as by the cancel link), anything else gets the help text.
A digest is recorded under "digest" with its needs, in the order the text numbered
them: the number of one claims it, with the board's row lock (the first wins).
The answers are in the active language, which members.sms.inbound sets to the
person's own.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from members.models import Membership

from .actions import needs as needs_actions
from .actions import shifts as shift_actions
from .models import NeedTransitionError, Reminder, ResourceRequest

YES_WORDS = {"YES", "Y", "SI", "S", "OK", "CONFIRM", "CONFIRMO"}
NO_WORDS = {"NO", "N"}

DIGEST_TOPIC = "digest"


def _when(shift) -> str:
    with timezone.override(shift.neighborhood.zone):
        return formats.date_format(timezone.localtime(shift.starts_at), "DATETIME_FORMAT")


REFUSALS = {
    "used": lambda: _("Your place on that shift was already given up."),
    "shift-cancelled": lambda: _("That shift was cancelled."),
    "started": lambda: _("That shift has already started."),
    "waitlisted": lambda: _(
        "You are on the waitlist of that shift; we will text you if a place opens."
    ),
}


def reply_to_shift_message(*, sent, user, word: str) -> tuple[str, str]:
    reminder = (
        Reminder.objects.select_related("signup__shift__neighborhood").filter(pk=sent.topic_id)
    ).first()
    signup = reminder.signup if reminder else None
    if (
        signup is None
        or signup.user_id != user.pk
        or reminder.kind not in shift_actions.KINDS_WITH_CANCEL_LINK
    ):
        return "not-about-a-place", ""
    shift = signup.shift
    names = {"role": shift.role_label, "when": _when(shift)}
    if word in YES_WORDS:
        outcome = shift_actions.confirm_by_reply(signup=signup)
        if outcome == "confirmed":
            return outcome, _("Thank you: you are confirmed for %(role)s on %(when)s.") % names
        return outcome, REFUSALS[outcome]()
    if word in NO_WORDS:
        outcome = shift_actions.give_up_by_reply(signup=signup, note=_("Replied NO by text"))
        if outcome == "given-up":
            return outcome, _(
                "Your place on %(role)s on %(when)s is given up. Thank you for telling us."
            ) % names
        return outcome, REFUSALS[outcome]()
    return "not-understood", _(
        "Reply YES to confirm your place on %(role)s on %(when)s, or NO to give it up."
    ) % names


def text_not_delivered(*, sent) -> None:
    if sent.topic_id:
        shift_actions.text_not_delivered(reminder_id=sent.topic_id)


def reply_to_digest(*, sent, user, word: str) -> tuple[str, str]:
    choices = [pk for pk in sent.choices if isinstance(pk, int)]
    if not word.isdigit() or not 1 <= int(word) <= len(choices):
        return "not-understood", _("Reply with the number of a need (1 to %(count)s) to help.") % {
            "count": len(choices)
        }
    need = (
        ResourceRequest.objects.select_related("neighborhood", "category")
        .filter(pk=choices[int(word) - 1])
        .first()
    )
    if (
        need is None
        or not Membership.objects.active()
        .filter(user=user, neighborhood=need.neighborhood)
        .exists()
    ):
        return "gone", _("That need is no longer on the board.")
    try:
        needs_actions.claim_need(need=need, member=user)
    except NeedTransitionError:
        return "taken", _("Someone is already helping with that need. Thank you all the same!")
    url = settings.WCC_SITE_URL + reverse(
        "needs_my_claims", kwargs={"slug": need.neighborhood.slug}
    )
    return "claimed", _("Thank you! You are helping with: %(summary)s. Details: %(url)s") % {
        "summary": need.public_summary[:60],
        "url": url,
    }

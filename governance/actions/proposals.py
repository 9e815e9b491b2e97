"""Workflows of proposals: drafting, opening, voting, discussing and counting.

Every vote locks its proposal's row, and so does the count, so a vote sent at the
deadline is either counted or refused, never lost between the two.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members.models import Membership, Neighborhood
from members.notification_kinds import Kind
from members.notifications import notify

from .. import tally
from ..models import (
    BallotCast,
    Comment,
    CommentRevision,
    Decision,
    GovernanceSettings,
    Proposal,
    SecretChoice,
    Vote,
    VotingClosedError,
)
from ..models.proposals import NEEDS_REASON
from . import decisions

log = logging.getLogger(__name__)


class EditConflictError(Exception):
    """Someone changed the proposal since this edit's form was drawn."""

    def __init__(self, current: Proposal):
        super().__init__("edited meanwhile")
        self.current = current


def create_proposal(*, neighborhood: Neighborhood, author, **fields) -> Proposal:
    return Proposal.objects.create(neighborhood=neighborhood, author=author, **fields)


EDITABLE = ["title", "text", "change", "process", "threshold", "secret", "deadline", "meeting"]


@transaction.atomic
def edit_proposal(*, proposal: Proposal, version: int, **fields) -> Proposal:
    """Save an edit of a draft made from ``version``; a newer version is a conflict."""
    current = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if current.version != version or current.status != Proposal.Status.DRAFT:
        raise EditConflictError(current)
    for name in EDITABLE:
        setattr(current, name, fields[name])
    current.version += 1
    current.save(update_fields=[*EDITABLE, "version"])
    return current


@transaction.atomic
def open_proposal(*, proposal: Proposal) -> Proposal:
    current = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if current.status != Proposal.Status.DRAFT:
        return current
    if current.deadline <= timezone.now():
        raise VotingClosedError("the deadline has passed")
    current.status = Proposal.Status.OPEN
    current.opened_at = timezone.now()
    current.quorum_percent = GovernanceSettings.of(current.neighborhood).quorum_percent
    if current.secret:
        current.new_ballot_key()
    current.version += 1
    current.save(update_fields=["status", "opened_at", "quorum_percent", "ballot_key", "version"])
    transaction.on_commit(lambda: announce_opened(current.pk))
    return current


def announce_opened(proposal_id: int) -> int:
    """Tell every active member (but the author) that a proposal is open, with its
    deadline, in their language. Opening happens once (a draft only), so they are told
    once; one failed send does not stop the others."""
    proposal = Proposal.objects.select_related("neighborhood", "author").get(pk=proposal_id)
    neighborhood = proposal.neighborhood
    path = reverse("proposal_detail", kwargs={"slug": neighborhood.slug, "pk": proposal.pk})
    members = Membership.objects.active().filter(neighborhood=neighborhood)
    told = 0
    for membership in members.exclude(user_id=proposal.author_id).select_related("user"):
        try:
            notify(
                membership.user,
                kind=Kind.MEETINGS_AND_DECISIONS,
                template="governance/messages/proposal_opened",
                context={"proposal": proposal, "path": path},
                time_zone=neighborhood.zone,
            )
            told += 1
        except Exception:
            log.exception("a notice of an open proposal could not be sent")
    return told


def may_vote(proposal: Proposal, user) -> bool:
    return (
        Membership.objects.active().filter(user=user, neighborhood=proposal.neighborhood).exists()
    )


@transaction.atomic
def cast_vote(*, proposal: Proposal, voter, choice: str, reason: str = "") -> None:
    """Record or change the person's vote. One per person: the proposal's row lock
    makes votes on it take turns, and a unique constraint backs that up."""
    current = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if not current.is_open:
        raise VotingClosedError("voting is closed")
    if choice not in current.choices:
        raise ValueError(f"not a choice of this proposal: {choice}")
    if choice in NEEDS_REASON and not reason.strip():
        raise ValueError("a concern or a block needs a reason")
    reason = reason.strip() if choice in NEEDS_REASON else ""
    if not current.secret:
        Vote.objects.update_or_create(
            proposal=current, voter=voter, defaults={"choice": choice, "reason": reason}
        )
        return
    seal = current.seal_for(voter)
    SecretChoice.objects.filter(proposal=current, seal=seal).delete()
    SecretChoice.objects.create(proposal=current, choice=choice, reason=reason, seal=seal)
    BallotCast.objects.get_or_create(proposal=current, voter=voter)


def electorate_of(proposal: Proposal) -> int:
    """Whom the quorum is a share of: the people checked in at the meeting the proposal
    is decided in, else the neighborhood's active members."""
    if proposal.meeting_id:
        return proposal.meeting.attendances.count()
    return Membership.objects.active().filter(neighborhood=proposal.neighborhood).count()


@transaction.atomic
def close_proposal(*, proposal_id: int, now=None) -> Decision | None:
    """Count a proposal whose deadline passed, once: the row is locked and its status
    moves on in the same transaction as the count, so a second run finds nothing."""
    now = now or timezone.now()
    proposal = (
        Proposal.objects.due(now).select_for_update(skip_locked=True).filter(pk=proposal_id).first()
    )
    if proposal is None:
        return None
    result = tally.count(
        process=proposal.process,
        threshold=proposal.threshold,
        quorum_percent=proposal.quorum_percent or 0,
        electorate=electorate_of(proposal),
        choices=proposal.choices_cast(),
    )
    proposal.status = Proposal.Status.PASSED if result.passed else Proposal.Status.FAILED
    proposal.decided_at = now
    proposal.tally = result.as_json()
    proposal.outcome_reason = result.reason
    proposal.ballot_key = ""  # the seals can no longer be made again ...
    proposal.save(update_fields=["status", "decided_at", "tally", "outcome_reason", "ballot_key"])
    proposal.secret_choices.update(seal=None)  # ... and those stored are gone
    decision = Decision.objects.create(
        neighborhood=proposal.neighborhood,
        kind=Decision.Kind.PROPOSAL,
        outcome=Decision.Outcome.ADOPTED if result.passed else Decision.Outcome.REJECTED,
        title=proposal.title,
        text=proposal.text,
        decided_at=now,
        proposal=proposal,
        tally=proposal.tally,
    )
    decisions.announce(decision)
    return decision


def close_due_proposals(now=None) -> int:
    """Beat's task: count every proposal whose deadline passed (the database says
    which; running it twice, or on two workers, counts each once)."""
    closed = 0
    for proposal_id in Proposal.objects.due(now).values_list("pk", flat=True):
        closed += close_proposal(proposal_id=proposal_id, now=now) is not None
    return closed


def add_comment(*, proposal: Proposal, author, text: str) -> Comment:
    return Comment.objects.create(proposal=proposal, author=author, text=text)


@transaction.atomic
def edit_comment(*, comment: Comment, text: str) -> Comment:
    current = Comment.objects.select_for_update().get(pk=comment.pk)
    if current.text == text:
        return current
    CommentRevision.objects.create(comment=current, text=current.text)
    current.text = text
    current.edited_at = timezone.now()
    current.save(update_fields=["text", "edited_at"])
    return current

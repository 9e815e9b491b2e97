"""Proposals, their votes (open or secret) and their comments.

A secret ballot is stored in two tables that share no column but the proposal:
``BallotCast`` says who has voted, ``SecretChoice`` holds the choices, with a random
primary key (no order to match against the casts) and no time. While the ballot is
open a choice carries a ``seal``, a keyed hash of the voter's id under the proposal's
own random ``ballot_key``, so the voter can change it; when the outcome is counted the
key and every seal are wiped in the same transaction, and nothing stored links a
person to a choice any more.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Neighborhood

from .. import tally


class VotingClosedError(Exception):
    """The proposal is not open for votes (a draft, decided, or past its deadline)."""


class GovernanceSettings(models.Model):
    """A neighborhood's rules for proposals; a neighborhood without a row uses the
    defaults below."""

    class Proposers(models.TextChoices):
        MEMBERS = "members", _("every member")
        COORDINATORS = "coordinators", _("coordinators only")

    neighborhood = models.OneToOneField(
        Neighborhood, on_delete=models.CASCADE, related_name="governance_settings"
    )
    who_may_propose = models.CharField(
        _("who may draft proposals"),
        max_length=16,
        choices=Proposers.choices,
        default=Proposers.MEMBERS,
    )
    quorum_percent = models.PositiveSmallIntegerField(
        _("quorum (% of active members)"),
        default=25,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("The share of the neighborhood's active members who must take part."),
    )

    class Meta:
        verbose_name = _("governance settings")
        verbose_name_plural = _("governance settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quorum_percent__lte=100), name="quorum_at_most_100_percent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.neighborhood}: {self.quorum_percent} %"

    @classmethod
    def of(cls, neighborhood: Neighborhood) -> GovernanceSettings:
        found = cls.objects.filter(neighborhood=neighborhood).first()
        return found or cls(neighborhood=neighborhood)


class ProposalQuerySet(models.QuerySet):
    def of(self, neighborhood: Neighborhood):
        return self.filter(neighborhood=neighborhood)

    def visible_to(self, user):
        """Open and decided proposals, and the person's own drafts."""
        return self.exclude(models.Q(status=Proposal.Status.DRAFT) & ~models.Q(author=user))

    def due(self, now=None):
        """Open proposals whose deadline has passed: the closing task's work."""
        return self.filter(status=Proposal.Status.OPEN, deadline__lte=now or timezone.now())


class Proposal(models.Model):
    class Process(models.TextChoices):
        CONSENT = tally.CONSENT, _("consent")
        MAJORITY = tally.MAJORITY, _("majority vote")

    class Threshold(models.TextChoices):
        SIMPLE = tally.SIMPLE, _("more than half")
        TWO_THIRDS = tally.TWO_THIRDS, _("at least two thirds")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open for votes")
        PASSED = "passed", _("passed")
        FAILED = "failed", _("did not pass")

    neighborhood = models.ForeignKey(
        Neighborhood, on_delete=models.CASCADE, related_name="proposals"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="proposals",
        verbose_name=_("drafted by"),
    )
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("proposal"), max_length=10000)
    change = models.TextField(_("what it would change"), max_length=4000, blank=True)
    process = models.CharField(
        _("how it is decided"), max_length=16, choices=Process.choices, default=Process.CONSENT
    )
    threshold = models.CharField(
        _("majority needed"),
        max_length=16,
        choices=Threshold.choices,
        default=Threshold.SIMPLE,
        help_text=_("For a majority vote: the share of yes among yes and no votes."),
    )
    secret = models.BooleanField(
        _("secret ballot"),
        default=False,
        help_text=_("Nobody, coordinators included, can see who chose what."),
    )
    deadline = models.DateTimeField(_("votes close at"))
    meeting = models.ForeignKey(
        "governance.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        db_index=False,  # indexed concurrently (proposal_meeting_idx), not under a lock
        verbose_name=_("decided at the meeting"),
        help_text=_(
            "Then the quorum is a share of the people checked in there, not of all members."
        ),
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    # Raised by every edit; an edit made from an older version is refused (a conflict).
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    # Set when voting opens (the neighborhood's quorum then) and when it is counted.
    quorum_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    tally = models.JSONField(null=True, blank=True)
    outcome_reason = models.CharField(max_length=16, blank=True)
    ballot_key = models.CharField(max_length=64, blank=True, editable=False)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["deadline"],
                condition=models.Q(status="open"),
                name="proposal_open_deadline_idx",
            ),
            models.Index(
                fields=["meeting"],
                condition=models.Q(meeting__isnull=False),
                name="proposal_meeting_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN and self.deadline > timezone.now()

    @property
    def is_decided(self) -> bool:
        return self.status in (self.Status.PASSED, self.Status.FAILED)

    @property
    def choices(self) -> tuple[str, ...]:
        if self.process == self.Process.CONSENT:
            return tally.CONSENT_CHOICES
        return tally.MAJORITY_CHOICES

    def new_ballot_key(self) -> None:
        self.ballot_key = secrets.token_hex(32)

    def seal_for(self, user) -> str:
        """The seal of this person's secret choice while the ballot is open."""
        assert self.ballot_key, "a secret ballot's key exists only while it is open"
        return hmac.new(
            bytes.fromhex(self.ballot_key), str(user.pk).encode(), hashlib.sha256
        ).hexdigest()

    def choices_cast(self) -> list[str]:
        if self.secret:
            return list(self.secret_choices.values_list("choice", flat=True))
        return list(self.votes.values_list("choice", flat=True))

    def reasons(self) -> list[tuple[str, str]]:
        """(choice, reason) of concerns and blocks; for a secret ballot without names."""
        rows = self.secret_choices if self.secret else self.votes
        return list(
            rows.exclude(reason="").order_by("choice", "reason").values_list("choice", "reason")
        )

    def has_voted(self, user) -> bool:
        rows = self.ballot_casts if self.secret else self.votes
        return rows.filter(voter=user).exists()


CHOICE_LABELS = {
    "agree": _("agree"),
    "abstain": _("abstain"),
    "concern": _("agree with concerns"),
    "block": _("block"),
    "yes": _("yes"),
    "no": _("no"),
}
NEEDS_REASON = ("concern", "block")


class Vote(models.Model):
    """A vote in an open ballot: who and what, changeable until the deadline."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="votes"
    )
    choice = models.CharField(max_length=8)
    reason = models.TextField(blank=True, max_length=2000)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "voter"], name="one_vote_per_person_per_proposal"
            )
        ]

    def __str__(self) -> str:
        return f"vote {self.pk} on {self.proposal_id}"

    @property
    def choice_label(self) -> str:
        return CHOICE_LABELS.get(self.choice, self.choice)


class BallotCast(models.Model):
    """Who has voted in a secret ballot, and nothing of what (no time either, which a
    choice could be matched against)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="ballot_casts")
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ballot_casts"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "voter"], name="one_secret_ballot_per_person_per_proposal"
            )
        ]

    def __str__(self) -> str:
        return f"ballot cast on {self.proposal_id}"


class SecretChoice(models.Model):
    """A choice in a secret ballot: no person, no time, a random key."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="secret_choices")
    choice = models.CharField(max_length=8)
    reason = models.TextField(blank=True, max_length=2000)
    seal = models.CharField(max_length=64, null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "seal"], name="one_secret_choice_per_seal")
        ]

    def __str__(self) -> str:
        return f"a secret choice on {self.proposal_id}"


class Comment(models.Model):
    """Plain-text discussion of a proposal; edits keep the earlier text."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.proposal_id}"


class CommentRevision(models.Model):
    """The text a comment had before one edit."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField()
    replaced_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-replaced_at", "-pk"]

    def __str__(self) -> str:
        return f"earlier text of comment {self.comment_id}"

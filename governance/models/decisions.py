"""The decision log: every decision of a neighborhood, from a proposal or taken
urgently by coordinators, and the ledger of who was told."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.models import Neighborhood


class DecisionQuerySet(models.QuerySet):
    def of(self, neighborhood: Neighborhood):
        return self.filter(neighborhood=neighborhood)

    def search(self, text: str):
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(
            models.Q(title__icontains=text)
            | models.Q(text__icontains=text)
            | models.Q(reason__icontains=text)
        )

    def awaiting_confirmation(self):
        return self.filter(ratification=Decision.Ratification.AWAITING)

    def for_log(self):
        return self.select_related("proposal", "superseded_by").order_by("-decided_at", "-pk")


class Decision(models.Model):
    class Kind(models.TextChoices):
        PROPOSAL = "proposal", _("from a proposal")
        URGENT = "urgent", _("urgent decision")

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("not adopted")

    class Ratification(models.TextChoices):
        NOT_NEEDED = "", _("not needed")
        AWAITING = "awaiting", _("awaiting confirmation by the next assembly")
        CONFIRMED = "confirmed", _("confirmed by the assembly")
        REVERSED = "reversed", _("reversed by the assembly")

    neighborhood = models.ForeignKey(
        Neighborhood, on_delete=models.CASCADE, related_name="decisions"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.ADOPTED)
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("what was decided"), max_length=10000)
    reason = models.TextField(_("why it could not wait"), blank=True, max_length=4000)
    decided_at = models.DateTimeField()
    proposal = models.OneToOneField(
        "governance.Proposal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decision",
    )
    tally = models.JSONField(null=True, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ratification = models.CharField(
        max_length=16, choices=Ratification.choices, default="", blank=True
    )
    ratified_at = models.DateTimeField(null=True, blank=True)
    ratified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    ratification_note = models.TextField(blank=True, max_length=4000)
    superseded_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supersedes",
        verbose_name=_("replaced by"),
    )

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        indexes = [models.Index(fields=["neighborhood", "-decided_at"], name="decision_log_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def awaits_confirmation(self) -> bool:
        return self.ratification == self.Ratification.AWAITING


class Announcement(models.Model):
    """One person to be told of one decision: created with the decision, sent by the
    dispatch task, so each person is told once however often it runs."""

    class Kind(models.TextChoices):
        DECIDED = "decided", _("decided")
        RATIFIED = "ratified", _("confirmed or reversed")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="announcements")
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.DECIDED)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=8, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "kind", "recipient"], name="one_announcement_per_person"
            )
        ]
        indexes = [
            models.Index(
                fields=["decision"], condition=models.Q(sent_at=None), name="announcement_due_idx"
            )
        ]

    def __str__(self) -> str:
        return f"decision {self.decision_id} to {self.recipient_id}"

"""Workflows of the decision log: urgent decisions, their confirmation, and telling
the members of every decision."""

from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members.models import Membership, Neighborhood
from members.notification_kinds import Kind
from members.notifications import notify

from ..models import Announcement, Decision

log = logging.getLogger(__name__)


def announce(decision: Decision, kind: str = Announcement.Kind.DECIDED) -> int:
    """Queue one announcement per active member, sent after the commit."""
    recipients = Membership.objects.active().filter(neighborhood=decision.neighborhood)
    rows = [
        Announcement(decision=decision, kind=kind, recipient_id=user_id)
        for user_id in recipients.values_list("user_id", flat=True)
    ]
    Announcement.objects.bulk_create(rows, ignore_conflicts=True)
    transaction.on_commit(_queue_dispatch)
    return len(rows)


def _queue_dispatch() -> None:
    from ..tasks import dispatch_announcements

    try:
        dispatch_announcements.delay()
    except Exception:  # the broker is down: beat's next run sends them
        log.warning("announcements queued for beat: the broker did not answer")


@transaction.atomic
def take_urgent_decision(
    *, neighborhood: Neighborhood, by, title: str, text: str, reason: str, supersedes=None
) -> Decision:
    decision = Decision.objects.create(
        neighborhood=neighborhood,
        kind=Decision.Kind.URGENT,
        title=title,
        text=text,
        reason=reason,
        decided_at=timezone.now(),
        taken_by=by,
        ratification=Decision.Ratification.AWAITING,
    )
    if supersedes is not None:
        supersede(earlier=supersedes, later=decision)
    announce(decision)
    return decision


def supersede(*, earlier: Decision, later: Decision) -> None:
    earlier.superseded_by = later
    earlier.save(update_fields=["superseded_by"])


@transaction.atomic
def ratify(*, decision: Decision, by, confirmed: bool, note: str) -> Decision:
    """The assembly's word on an urgent decision; only once."""
    current = Decision.objects.select_for_update().get(pk=decision.pk)
    if not current.awaits_confirmation:
        return current
    current.ratification = (
        Decision.Ratification.CONFIRMED if confirmed else Decision.Ratification.REVERSED
    )
    current.ratified_at = timezone.now()
    current.ratified_by = by
    current.ratification_note = note
    current.save(update_fields=["ratification", "ratified_at", "ratified_by", "ratification_note"])
    announce(current, Announcement.Kind.RATIFIED)
    return current


def _context(decision: Decision) -> dict:
    path = reverse(
        "decision_detail", kwargs={"slug": decision.neighborhood.slug, "pk": decision.pk}
    )
    return {"decision": decision, "neighborhood": decision.neighborhood, "path": path}


TEMPLATES = {
    Announcement.Kind.DECIDED: "governance/messages/decision",
    Announcement.Kind.RATIFIED: "governance/messages/ratified",
}


def send_due_announcements(limit: int = 200) -> int:
    """Send announcements not yet sent, each once: a row is locked while it is sent
    (another worker skips it) and marked sent in the same transaction. One that fails
    stays unsent for beat's next run."""
    sent, failed = 0, set()
    while True:
        with transaction.atomic():
            batch = list(
                Announcement.objects.filter(sent_at=None)
                .exclude(pk__in=failed)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("decision__neighborhood", "recipient")
                .order_by("pk")[:limit]
            )
            if not batch:
                return sent
            for announcement in batch:
                decision = announcement.decision
                try:
                    announcement.channel = notify(
                        announcement.recipient,
                        kind=Kind.MEETINGS_AND_DECISIONS,
                        template=TEMPLATES[announcement.kind],
                        context=_context(decision),
                        time_zone=decision.neighborhood.zone,
                    )
                except Exception:
                    log.exception("a decision announcement could not be sent")
                    failed.add(announcement.pk)
                    continue
                announcement.sent_at = timezone.now()
                announcement.save(update_fields=["sent_at", "channel"])
                sent += 1

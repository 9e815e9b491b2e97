"""Who hears of requests to join, and when: the coordinators (an email for each, a
daily summary, or never, as each chose in their profile) and the person asking, when
a coordinator decides. Called by members.actions and members.tasks.

The database says what was told: ``Membership.join_announced_at`` (its own email
went out) and ``join_summarized_at`` (it was in a daily summary).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from .models import (
    JoinConfirmation,
    JoinRequestNotices,
    Membership,
    MembershipChange,
    Neighborhood,
    Role,
    User,
)
from .notification_kinds import Kind
from .notifications import notify

logger = logging.getLogger(__name__)

# More requests than this in a day, and coordinators hear of the rest in the daily summary.
JOIN_NOTICES_PER_DAY = 3


def announce(membership: Membership) -> None:
    """A new pending request: its coordinators hear of it after the commit. Should the
    broker be down, the daily summary still tells them (nothing is marked announced)."""
    from .actions import _queue
    from .tasks import announce_join_request

    if membership.join_announced_at or membership.join_summarized_at:
        membership.join_announced_at = membership.join_summarized_at = None
        membership.save(update_fields=["join_announced_at", "join_summarized_at"])
    transaction.on_commit(lambda: _queue(announce_join_request, membership.pk))


def _coordinators(neighborhood: Neighborhood) -> list[User]:
    memberships = Membership.objects.active().in_neighborhood(neighborhood)
    return [m.user for m in memberships.filter(role=Role.COORDINATOR).select_related("user")]


def _tell(user: User, template: str, context: dict, time_zone=None, *, kind: str) -> bool:
    """Send one message through notify; a failure is logged, not raised."""
    try:
        sent = notify(user, kind=kind, template=template, context=context, time_zone=time_zone)
        return sent != "none"
    except Exception:  # the backends' many errors: one person's failure stops no one else
        logger.warning("Could not send %s to person %s.", template, user.pk, exc_info=True)
        return False


@transaction.atomic
def announce_join_request(*, membership_id: int) -> int:
    """Tell the coordinators who want each request about this one; return how many
    were told. Done once (the membership is marked); beyond JOIN_NOTICES_PER_DAY
    requests in a day the neighborhood's requests wait for the daily summary."""
    membership = (
        Membership.objects.select_for_update(of=("self",))
        .select_related("user", "neighborhood")
        .filter(pk=membership_id, status=Membership.Status.PENDING)
        .first()
    )
    if membership is None or membership.join_announced_at or membership.join_summarized_at:
        return 0
    asked_today = MembershipChange.objects.filter(
        kind=MembershipChange.Kind.REQUESTED,
        membership__neighborhood=membership.neighborhood,
        changed_at__gte=timezone.now() - timedelta(days=1),
    ).count()
    if asked_today > JOIN_NOTICES_PER_DAY:
        return 0
    membership.join_announced_at = timezone.now()
    membership.save(update_fields=["join_announced_at"])
    neighborhood = membership.neighborhood
    context = {
        "neighborhood": neighborhood,
        "membership": membership,
        "url": _pending_url(neighborhood),
    }
    told = 0
    for coordinator in _coordinators(neighborhood):
        if coordinator.join_request_notices == JoinRequestNotices.EACH:
            told += _tell(
                coordinator,
                "members/email/join_request",
                context,
                neighborhood.time_zone,
                kind=Kind.JOIN_REQUESTS,
            )
    return told


def _pending_url(neighborhood: Neighborhood) -> str:
    return (
        settings.WCC_SITE_URL
        + reverse("member_directory", args=[neighborhood.slug])
        + "?status=pending"
    )


def send_join_summaries() -> int:
    """Daily (Celery beat): each neighborhood's coordinators get one summary of the
    requests not yet in a summary, those who want each request only of the ones they
    were not told of. Also deletes join links that expired. Returns the summaries sent."""
    JoinConfirmation.objects.filter(expires_at__lte=timezone.now()).delete()
    waiting = Membership.objects.pending().filter(join_summarized_at__isnull=True)
    ids = waiting.values_list("neighborhood_id", flat=True).distinct()
    return sum(_summarize(neighborhood_id) for neighborhood_id in list(ids))


@transaction.atomic
def _summarize(neighborhood_id: int) -> int:
    neighborhood = Neighborhood.objects.get(pk=neighborhood_id)
    requests = list(
        Membership.objects.select_for_update(of=("self",))
        .pending()
        .filter(neighborhood=neighborhood, join_summarized_at__isnull=True)
        .select_related("user")
        .order_by("created_at", "pk")
    )
    if not requests:
        return 0  # another run took them
    Membership.objects.filter(pk__in=[m.pk for m in requests]).update(
        join_summarized_at=timezone.now()
    )
    sent = 0
    for coordinator in _coordinators(neighborhood):
        choice = coordinator.join_request_notices
        if choice == JoinRequestNotices.NEVER:
            continue
        news = [
            m for m in requests if choice == JoinRequestNotices.DAILY or not m.join_announced_at
        ]
        if news:
            context = {
                "neighborhood": neighborhood,
                "requests": news,
                "count": len(news),
                "url": _pending_url(neighborhood),
            }
            sent += _tell(
                coordinator,
                "members/email/join_summary",
                context,
                neighborhood.time_zone,
                kind=Kind.JOIN_REQUESTS,
            )
    return sent


def tell_decision(membership: Membership, template: str) -> None:
    neighborhood = membership.neighborhood
    context = {
        "neighborhood": neighborhood,
        "url": settings.WCC_SITE_URL + neighborhood.get_absolute_url(),
        "public_url": settings.WCC_SITE_URL + neighborhood.get_public_url(),
    }
    user = membership.user
    transaction.on_commit(
        lambda: _tell(user, template, context, neighborhood.time_zone, kind=Kind.JOIN_ANSWERS)
    )

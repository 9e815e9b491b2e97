"""Workflows on needs and offers: each one atomic, called by views, tasks and commands.

Status changes lock the need's row first (``select_for_update``), so two members who
tap "I can help" at the same moment are served one after the other: the first claims
it, the second finds it claimed and gets NeedTransitionError.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members.models import Neighborhood, User
from members.notification_kinds import Kind
from members.notifications import notify

from ..models import (
    ContactReveal,
    DigestSubscription,
    NeedCategory,
    NeedTransitionError,
    Offer,
    ResourceRequest,
)

# The trail's reason when the asker changes the words (stored in English).
EDITED_BY_ASKER = "Changed by the member who asked"


log = logging.getLogger(__name__)


def _locked(need: ResourceRequest) -> ResourceRequest:
    return ResourceRequest.objects.select_for_update().get(pk=need.pk)


def _tell_helper(need: ResourceRequest, helper_id: int | None, message: str, **context) -> None:
    """Once the change is committed, tell the person (the helper who had taken the need
    on, or the member who asked) in their language and by their channel
    (``mutualaid/needs/messages/<message>``)."""
    if helper_id is None:
        return
    claims_url = settings.WCC_SITE_URL + reverse(
        "needs_my_claims", kwargs={"slug": need.neighborhood.slug}
    )

    def send():
        helper = User.objects.filter(pk=helper_id, is_active=True).first()
        if helper is None:
            return
        try:
            notify(
                helper,
                kind=Kind.NEED_UPDATES,
                template=f"mutualaid/needs/messages/{message}",
                context={"need": need, "claims_url": claims_url, **context},
                time_zone=need.neighborhood.time_zone,
            )
        except Exception:  # the change is made; one lost message is logged
            log.warning("Could not tell helper %s about need %s", helper_id, need.pk)

    transaction.on_commit(send)


def post_need(
    *,
    neighborhood: Neighborhood,
    by,
    category: NeedCategory,
    public_summary: str,
    private_details: str = "",
    urgency: str = ResourceRequest.Urgency.NORMAL,
    needed_by=None,
    source: str = ResourceRequest.Source.MEMBER,
) -> ResourceRequest:
    """A new open need. A member posting asks for themselves; a coordinator records one."""
    with transaction.atomic():
        need = ResourceRequest.objects.create(
            neighborhood=neighborhood,
            category=category,
            public_summary=public_summary,
            private_details=private_details,
            urgency=urgency,
            needed_by=needed_by,
            source=source,
            requested_by=by if source == ResourceRequest.Source.MEMBER else None,
            created_by=by,
        )
        need.status_changes.create(
            from_status="", to_status=ResourceRequest.Status.OPEN, changed_by=by
        )
    return need


def claim_need(*, need: ResourceRequest, member) -> ResourceRequest:
    """The member takes the need on; a member who asked for it is told someone offered."""
    with transaction.atomic():
        locked = _locked(need)
        locked.claim(by=member)
        _tell_helper(locked, locked.requested_by_id, "claimed")
    return locked


def release_need(*, need: ResourceRequest, member, reason: str) -> ResourceRequest:
    with transaction.atomic():
        locked = _locked(need)
        locked.release(by=member, reason=reason)
    return locked


def fulfil_need(*, need: ResourceRequest, member) -> ResourceRequest:
    with transaction.atomic():
        locked = _locked(need)
        locked.fulfil(by=member)
    return locked


def close_need(*, need: ResourceRequest, by, reason: str, note: str = "") -> ResourceRequest:
    """A coordinator closes the need; a helper who had taken it on is told."""
    with transaction.atomic():
        locked = _locked(need)
        helper_id = locked.claimed_by_id if locked.is_claimed else None
        locked.close(by=by, reason=reason, note=note)
        _tell_helper(locked, helper_id, "closed")
    return locked


def withdraw_need(*, need: ResourceRequest, by) -> ResourceRequest:
    """The member who asked takes the need back; a helper who had taken it on is told."""
    with transaction.atomic():
        locked = _locked(need)
        helper_id = locked.claimed_by_id if locked.is_claimed else None
        locked.withdraw(by=by)
        _tell_helper(locked, helper_id, "withdrawn")
    return locked


def reopen_need(*, need: ResourceRequest, by, reason: str = "") -> ResourceRequest:
    with transaction.atomic():
        locked = _locked(need)
        locked.reopen(by=by, reason=reason)
    return locked


def edit_need(*, need: ResourceRequest, fields: dict, by=None) -> ResourceRequest:
    """An edit of what a need says (not its status), by a coordinator or by the member
    who asked while it is still open (the trail records the asker's edit)."""
    with transaction.atomic():
        locked = _locked(need)
        if by is not None and locked.is_asked_by(by):
            if not locked.may_be_changed_by_asker:
                raise NeedTransitionError(locked.status)
            locked.status_changes.create(
                from_status=locked.status,
                to_status=locked.status,
                reason=EDITED_BY_ASKER,
                changed_by=by,
            )
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*fields, "updated_at"])
    return locked


def connect_claimant(*, need: ResourceRequest, by, shared_contact: str) -> ContactReveal:
    """Show the claimant the contact details the coordinator chose, and record it."""
    with transaction.atomic():
        locked = _locked(need)
        if not locked.is_claimed:
            raise ValueError("Only a claimed need has a helper to connect.")
        locked.shared_contact = shared_contact
        locked.connected_at = timezone.now()
        locked.save(update_fields=["shared_contact", "connected_at", "updated_at"])
        _tell_helper(locked, locked.claimed_by_id, "connected")
        return ContactReveal.objects.create(
            request=locked,
            claimant_id=locked.claimed_by_id,
            shared_contact=shared_contact,
            revealed_by=by,
        )


def add_offer(
    *,
    neighborhood: Neighborhood,
    member,
    category: NeedCategory,
    description: str,
    availability: str = "",
) -> Offer:
    with transaction.atomic():
        return Offer.objects.create(
            neighborhood=neighborhood,
            member=member,
            category=category,
            description=description,
            availability=availability,
        )


def set_digest(*, user, neighborhood: Neighborhood, subscribe: bool) -> None:
    """Opt in to (or out of) the daily digest; opting in records consent to be contacted."""
    with transaction.atomic():
        if not subscribe:
            DigestSubscription.objects.filter(user=user, neighborhood=neighborhood).delete()
            return
        DigestSubscription.objects.get_or_create(user=user, neighborhood=neighborhood)
        if user.contact_consent_at is None:
            user.contact_consent_at = timezone.now()
            user.save(update_fields=["contact_consent_at"])

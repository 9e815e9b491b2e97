"""Workflows on needs and offers: each one atomic, called by views, tasks and commands.

Status changes lock the need's row first (``select_for_update``), so two members who
tap "I can help" at the same moment are served one after the other: the first claims
it, the second finds it claimed and gets NeedTransitionError.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from members.models import Neighborhood

from ..models import ContactReveal, DigestSubscription, NeedCategory, Offer, ResourceRequest


def _locked(need: ResourceRequest) -> ResourceRequest:
    return ResourceRequest.objects.select_for_update().get(pk=need.pk)


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
    with transaction.atomic():
        locked = _locked(need)
        locked.claim(by=member)
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
    with transaction.atomic():
        locked = _locked(need)
        locked.close(by=by, reason=reason, note=note)
    return locked


def reopen_need(*, need: ResourceRequest, by, reason: str = "") -> ResourceRequest:
    with transaction.atomic():
        locked = _locked(need)
        locked.reopen(by=by, reason=reason)
    return locked


def edit_need(*, need: ResourceRequest, fields: dict) -> ResourceRequest:
    """A coordinator's edit of what a need says (not its status)."""
    with transaction.atomic():
        locked = _locked(need)
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

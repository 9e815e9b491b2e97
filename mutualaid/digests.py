"""The daily digest of new needs that match a member's offers or skills.

``digest_channel`` is the one place that decides how a digest reaches a person. Email
works today; when the SMS backend lands, register a sender for ContactChannel.SMS in
``DIGEST_SENDERS`` and digests go out by text message too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from members.models import ContactChannel, Skill, User

from .models import DigestDelivery, DigestSubscription, NeedCategory, Offer, ResourceRequest

# Needs older than this are not "new" any more, even if a person never got them.
DIGEST_WINDOW = timedelta(days=7)
DIGEST_MAX_NEEDS = 20


def _send_email(user: User, subject: str, body: str) -> None:
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


DIGEST_SENDERS: dict[str, Callable[[User, str, str], None]] = {
    ContactChannel.EMAIL: _send_email,
}


def digest_channel(user: User) -> str | None:
    """How this person's digest is sent, or None when it must not be sent at all."""
    if not user.is_active or user.contact_consent_at is None:
        return None
    if user.contact_channel == ContactChannel.EMAIL and not user.email:
        return None
    return user.contact_channel if user.contact_channel in DIGEST_SENDERS else None


def matching_category_ids(user: User, neighborhood) -> set[int]:
    """Categories of the person's active offers, and those named like one of their skills
    in this neighborhood (a skill "Translation" matches the category "Translation")."""
    categories = Offer.objects.of(user, neighborhood).category_ids()
    skills = Skill.objects.filter(
        memberships__user=user, memberships__neighborhood=neighborhood
    ).values_list("name", flat=True)
    names = {name.casefold() for name in skills}
    if names:
        categories |= {
            category.pk
            for category in NeedCategory.objects.of(neighborhood).active()
            if category.name.casefold() in names or str(category.label).casefold() in names
        }
    return categories


def pending_needs(subscription: DigestSubscription):
    """Open, recent needs matching the person's offers or skills, not sent to them yet."""
    categories = matching_category_ids(subscription.user, subscription.neighborhood)
    sent = DigestDelivery.objects.filter(user=subscription.user).values("request_id")
    return (
        ResourceRequest.objects.of(subscription.neighborhood)
        .for_board()
        .filter(
            category_id__in=categories,
            created_at__gte=timezone.now() - DIGEST_WINDOW,
        )
        .exclude(requested_by=subscription.user)
        .exclude(pk__in=sent)
    )


def send_digest(*, subscription_id: int) -> int:
    """Send one person's digest; return how many needs it carried (0: nothing sent).

    The deliveries are written in the same transaction as the send, under a lock on the
    subscription, so two runs at once or a run repeated the same day send nothing twice.
    """
    with transaction.atomic():
        subscription = (
            DigestSubscription.objects.select_for_update()
            .select_related("user", "neighborhood")
            .filter(pk=subscription_id)
            .first()
        )
        if subscription is None:
            return 0
        user = subscription.user
        channel = digest_channel(user)
        if channel is None:
            return 0
        needs = list(pending_needs(subscription)[:DIGEST_MAX_NEEDS])
        if not needs:
            return 0
        DigestDelivery.objects.bulk_create(
            DigestDelivery(user=user, request=need, channel=channel) for need in needs
        )
        neighborhood = subscription.neighborhood
        with translation.override(user.preferred_language):
            context = {
                "user": user,
                "neighborhood": neighborhood,
                "needs": needs,
                "board_path": reverse("needs_board", kwargs={"slug": neighborhood.slug}),
            }
            subject = render_to_string("mutualaid/needs/digest_subject.txt", context).strip()
            body = render_to_string("mutualaid/needs/digest_body.txt", context)
        DIGEST_SENDERS[channel](user, subject, body)
    return len(needs)

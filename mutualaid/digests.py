"""The daily digest of new needs that match a member's offers or skills.

It goes out through ``members.notifications.notify``, like every message: by email,
or as one short text message (``digest_sms.txt``) to people who chose SMS and gave a
phone and consent, in the person's language. ``digest_channel`` says which, if any.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members.models import ContactChannel, Skill, User
from members.notification_kinds import Kind
from members.notifications import channel_for, notify

from .models import DigestDelivery, DigestSubscription, NeedCategory, Offer, ResourceRequest

# Needs older than this are not "new" any more, even if a person never got them.
DIGEST_WINDOW = timedelta(days=7)
DIGEST_MAX_NEEDS = 20
# The needs a digest's text names and numbers (a reply with the number claims one).
DIGEST_SMS_NEEDS = 2


def digest_channel(user: User) -> str | None:
    """How this person's digest is sent, or None when it must not be sent at all.

    A digest is not about the person's own commitments, so it needs their consent on
    every channel; a text needs a phone too (else it goes by email, as reminders do).
    """
    channel = channel_for(user, kind=Kind.NEED_DIGESTS, transactional=False)
    return None if channel == ContactChannel.NONE else channel


def board_url(user: User, neighborhood) -> str:
    """The needs board, filtered to the person's offers when they have some."""
    url = settings.WCC_SITE_URL + reverse("needs_board", kwargs={"slug": neighborhood.slug})
    return url + "?matches=on" if Offer.objects.of(user, neighborhood).exists() else url


def matching_category_ids(user: User, neighborhood) -> set[int]:
    """Categories of the person's active offers, and those named like one of their skills
    in this neighborhood (a skill "Translation" matches the category "Translation")."""
    categories = Offer.objects.of(user, neighborhood).category_ids()
    skills = Skill.objects.filter(
        memberships__user=user, memberships__neighborhood=neighborhood
    ).values_list("name", "names")
    # In any of their languages: a skill "Traducción" matches the category "Translation"
    # whose Spanish name is "Traducción".
    names = {text.casefold() for name, others in skills for text in [name, *others.values()]}
    if names:
        categories |= {
            category.pk
            for category in NeedCategory.objects.of(neighborhood).active()
            if names
            & {
                text.casefold()
                for text in [category.name, str(category.label), *category.names.values()]
            }
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
    subscription, so two runs at once or a run repeated the same day send nothing twice;
    a send that fails rolls them back, so the next run tries the same needs again.
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
        context = {
            "user": user,
            "neighborhood": neighborhood,
            "needs": needs,
            "total": len(needs),
            "board_url": board_url(user, neighborhood),
        }
        # notify picks the same channel as digest_channel (one rule, channel_for).
        notify(
            user,
            kind=Kind.NEED_DIGESTS,
            template="mutualaid/needs/digest",
            context=context,
            transactional=False,
            sms_topic="digest",
            sms_choices=[need.pk for need in needs[:DIGEST_SMS_NEEDS]],
        )
    return len(needs)

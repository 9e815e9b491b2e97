"""Offers (what a member can give) and the daily digest of needs that match them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Neighborhood

from .needs import NeedCategory, ResourceRequest


class OfferQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def of(self, user, neighborhood: Neighborhood):
        return self.filter(member=user, neighborhood=neighborhood)

    def category_ids(self) -> set[int]:
        return set(self.active().order_by().values_list("category_id", flat=True))


class Offer(models.Model):
    """What a member can give: a category, a few words, and when they are free."""

    neighborhood = models.ForeignKey(
        Neighborhood,
        on_delete=models.CASCADE,
        related_name="offers",
        verbose_name=_("neighborhood"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="offers",
        verbose_name=_("member"),
    )
    category = models.ForeignKey(
        NeedCategory, on_delete=models.PROTECT, related_name="offers", verbose_name=_("category")
    )
    description = models.CharField(_("what you can give"), max_length=200)
    availability = models.CharField(
        _("when you are available"),
        max_length=120,
        blank=True,
        help_text=_("For example “weekday evenings” or “Saturday mornings”."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-is_active", "-created_at"]
        indexes = [models.Index(fields=["member", "neighborhood"], name="offer_member_idx")]

    def __str__(self) -> str:
        return self.description

    def set_active(self, active: bool) -> None:
        self.is_active = active
        self.save(update_fields=["is_active"])


class DigestSubscription(models.Model):
    """A member opted in to a daily digest of new needs that match their offers."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="needs_digests"
    )
    neighborhood = models.ForeignKey(
        Neighborhood, on_delete=models.CASCADE, related_name="needs_digests"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("daily digest subscription")
        verbose_name_plural = _("daily digest subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["user", "neighborhood"], name="one_digest_per_place")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.neighborhood}"


class DigestDelivery(models.Model):
    """One need sent to one person in a digest: never send it to them again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(ResourceRequest, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=8)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [
            models.UniqueConstraint(fields=["user", "request"], name="one_digest_line_per_need")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ← {self.request_id}"

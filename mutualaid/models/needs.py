"""Needs (resource requests) and the categories a neighborhood sorts them into."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from members.models import Neighborhood

# The categories every new neighborhood starts with (it may rename, add or retire them).
# Stored in English; shown translated while the neighborhood keeps the default name.
DEFAULT_NEED_CATEGORIES = [
    ("groceries", gettext_noop("Groceries")),
    ("hot-meals", gettext_noop("Hot meals")),
    ("rent-and-bills", gettext_noop("Rent and bills")),
    ("housing", gettext_noop("Housing")),
    ("medical", gettext_noop("Medical")),
    ("medicine-pickup", gettext_noop("Medicine pickup")),
    ("childcare", gettext_noop("Childcare")),
    ("transportation", gettext_noop("Transportation")),
    ("legal-and-immigration", gettext_noop("Legal and immigration help")),
    ("translation", gettext_noop("Translation")),
    ("clothing", gettext_noop("Clothing")),
    ("household-items", gettext_noop("Household items")),
    ("other", gettext_noop("Other")),
]

_DEFAULT_NAMES = dict(DEFAULT_NEED_CATEGORIES)


class NeedCategoryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def of(self, neighborhood: Neighborhood):
        return self.filter(neighborhood=neighborhood)


class NeedCategory(models.Model):
    """One kind of need in one neighborhood's own list (groceries, rent, ...)."""

    neighborhood = models.ForeignKey(
        Neighborhood,
        on_delete=models.CASCADE,
        related_name="need_categories",
        verbose_name=_("neighborhood"),
    )
    slug = models.SlugField(_("short name"), max_length=60)
    name = models.CharField(_("name"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = NeedCategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("need category")
        verbose_name_plural = _("need categories")
        ordering = ["neighborhood", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["neighborhood", "slug"], name="one_category_slug_per_neighborhood"
            )
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self):
        """The name to show: a default category unchanged by its neighborhood is
        shown in the reader's language; a renamed or added one as it was typed."""
        if _DEFAULT_NAMES.get(self.slug) == self.name:
            return gettext(self.name)
        return self.name

    @classmethod
    def ensure_defaults(cls, neighborhood: Neighborhood) -> None:
        """Give a neighborhood the default categories it lacks (idempotent)."""
        existing = set(cls.objects.of(neighborhood).values_list("slug", flat=True))
        cls.objects.bulk_create(
            cls(neighborhood=neighborhood, slug=slug, name=name, position=index)
            for index, (slug, name) in enumerate(DEFAULT_NEED_CATEGORIES)
            if slug not in existing
        )


class ResourceRequestQuerySet(models.QuerySet):
    def of(self, neighborhood: Neighborhood):
        return self.filter(neighborhood=neighborhood)

    def open(self):
        return self.filter(status=ResourceRequest.Status.OPEN)


class ResourceRequest(models.Model):
    """A need. The public summary carries no personal details; private details are
    for coordinators only. Status moves open → claimed → fulfilled, or closed."""

    class Urgency(models.TextChoices):
        LOW = "low", _("low")
        NORMAL = "normal", _("normal")
        URGENT = "urgent", _("urgent")

    class Source(models.TextChoices):
        INTAKE = "intake", _("intake table")
        MEMBER = "member", _("member")
        COORDINATOR = "coordinator", _("coordinator")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLAIMED = "claimed", _("claimed")
        FULFILLED = "fulfilled", _("fulfilled")
        CLOSED = "closed", _("closed")

    class CloseReason(models.TextChoices):
        NO_LONGER_NEEDED = "no-longer-needed", _("no longer needed")
        COULD_NOT_REACH = "could-not-reach", _("could not reach the person")
        DUPLICATE = "duplicate", _("duplicate")
        OUT_OF_SCOPE = "out-of-scope", _("not something we can help with")
        OTHER = "other", _("other")

    neighborhood = models.ForeignKey(
        Neighborhood,
        on_delete=models.CASCADE,
        related_name="resource_requests",
        verbose_name=_("neighborhood"),
    )
    category = models.ForeignKey(
        NeedCategory, on_delete=models.PROTECT, related_name="requests", verbose_name=_("category")
    )
    public_summary = models.CharField(
        _("public summary"),
        max_length=280,
        help_text=_("What is needed, with no names, addresses or other personal details."),
    )
    private_details = models.TextField(
        _("private details"),
        blank=True,
        max_length=4000,
        help_text=_("Only coordinators see this."),
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests_made",
        verbose_name=_("asked by (member)"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    close_reason = models.CharField(
        _("reason for closing"), max_length=24, choices=CloseReason.choices, blank=True
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="requests_claimed",
        verbose_name=_("claimed by"),
    )
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ResourceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["neighborhood", "status", "-created_at"], name="request_board_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.public_summary


class RequestStatusChange(models.Model):
    """The trail of a need: every status change, who made it and when."""

    request = models.ForeignKey(
        ResourceRequest, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(max_length=12, choices=ResourceRequest.Status.choices)
    to_status = models.CharField(max_length=12, choices=ResourceRequest.Status.choices)
    reason = models.CharField(max_length=200, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"

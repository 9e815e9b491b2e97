"""Needs (resource requests) and the categories a neighborhood sorts them into."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _

from members.models import Neighborhood
from wcc import content_stamps
from wcc.languages import in_reader_language, names_from_catalog

# The categories every new neighborhood starts with (it may rename, add or retire them).
# Stored in English with the other languages' names beside it (``names``, filled from
# the translations when a neighborhood gets them).
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
    # {language code: name} for the languages besides the default (wcc/languages.py).
    names = models.JSONField(_("name in other languages"), default=dict, db_default={}, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = NeedCategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("need category")
        verbose_name_plural = _("need categories")
        # By the neighborhood's id, not its name: every list of categories is one
        # neighborhood's, and ordering by name joined the neighborhood table each time.
        ordering = ["neighborhood_id", "position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["neighborhood", "slug"], name="one_category_slug_per_neighborhood"
            )
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self):
        return self.label_of(self.slug, self.name, self.names)

    @staticmethod
    def label_of(slug: str, name: str, names: dict | None) -> str:
        """The name to show in the reader's language: the one the neighborhood wrote
        for it; else, for a default category still under its default name, the
        translation (a language added to the site later needs no data); else the
        default name as it was typed."""
        if _DEFAULT_NAMES.get(slug) == name:
            return in_reader_language(gettext(name), names)
        return in_reader_language(name, names)

    @classmethod
    def in_use(cls, neighborhood: Neighborhood) -> list[NeedCategory]:
        """The neighborhood's categories in use; a neighborhood that has none yet gets
        the defaults first (a one-time write, so a new neighborhood works at once).

        Read once per web process until the categories change (Neighborhood.remember).
        """

        def read() -> list[NeedCategory]:
            categories = list(cls.objects.of(neighborhood).active())
            if not categories and not cls.objects.of(neighborhood).exists():
                cls.ensure_defaults(neighborhood)
                categories = list(cls.objects.of(neighborhood).active())
            return categories

        return neighborhood.remember("need-categories", read)

    @classmethod
    def ensure_defaults(cls, neighborhood: Neighborhood) -> None:
        """Give a neighborhood the default categories it lacks (idempotent)."""
        existing = set(cls.objects.of(neighborhood).values_list("slug", flat=True))
        cls.objects.bulk_create(
            cls(
                neighborhood=neighborhood,
                slug=slug,
                name=name,
                names=names_from_catalog(name),
                position=index,
            )
            for index, (slug, name) in enumerate(DEFAULT_NEED_CATEGORIES)
            if slug not in existing
        )
        content_stamps.changed(neighborhood.pk)  # bulk_create sends no signal


# The trail's reason when the asker withdraws a need (stored in English, like the
# other reasons written by the system).
WITHDRAWN = "Withdrawn by the member who asked"


class NeedTransitionError(Exception):
    """A status change that the need's current status does not allow (someone was first)."""


class OwnNeedError(NeedTransitionError):
    """A member tried to claim the need they asked for themselves."""


def age_text(created_at, now=None) -> str:
    """“3 days”: how long a need has been open, cheaper than the timesince filter."""
    age = (now or timezone.now()) - created_at
    if age.days >= 1:
        return ngettext("%(count)d day", "%(count)d days", age.days) % {"count": age.days}
    hours = age.seconds // 3600
    if hours >= 1:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return gettext("less than an hour")


def since_text(moment, now=None) -> str:
    """“just now”, “5 minutes ago”, “2 hours ago”, “3 days ago”: never “0 minutes”."""
    elapsed = (now or timezone.now()) - moment
    minutes = int(elapsed.total_seconds() // 60)
    if minutes < 1:
        return gettext("just now")
    if minutes < 60:
        return ngettext("%(count)d minute ago", "%(count)d minutes ago", minutes) % {
            "count": minutes
        }
    if elapsed.days < 1:
        hours = minutes // 60
        return ngettext("%(count)d hour ago", "%(count)d hours ago", hours) % {"count": hours}
    return ngettext("%(count)d day ago", "%(count)d days ago", elapsed.days) % {
        "count": elapsed.days
    }


class ResourceRequestQuerySet(models.QuerySet):
    def of(self, neighborhood: Neighborhood):
        return self.filter(neighborhood=neighborhood)

    def open(self):
        return self.filter(status=ResourceRequest.Status.OPEN)

    def matching_offers_of(self, member, neighborhood: Neighborhood):
        """Each need with ``matches_offer``: whether the member offers its category
        (read in the same query: one fewer on every board page than the member's offers
        read apart)."""
        from .offers import Offer  # offers.py imports this module

        offers = Offer.objects.of(member, neighborhood).active()
        return self.annotate(matches_offer=Exists(offers.filter(category=OuterRef("category"))))

    def for_board(self):
        """Open needs, newest first, with what a card shows (and nothing private)."""
        return (
            self.open()
            .select_related("category")
            .only(
                "id",
                "neighborhood_id",
                "category__id",
                "category__name",
                "category__names",
                "category__slug",
                "public_summary",
                "urgency",
                "needed_by",
                "status",
                "created_at",
                "requested_by",
            )
            .order_by("-created_at", "-id")
        )

    def waiting_for_connection(self):
        """Claimed needs whose helper no coordinator has connected yet."""
        return self.filter(status=ResourceRequest.Status.CLAIMED, connected_at__isnull=True)

    def opened_days_ago(self, *, at_least: int | None = None, under: int | None = None):
        """Needs created at least ``at_least`` days ago and fewer than ``under`` days ago."""
        now = timezone.now()
        needs = self
        if at_least is not None:
            needs = needs.filter(created_at__lte=now - timedelta(days=at_least))
        if under is not None:
            needs = needs.filter(created_at__gt=now - timedelta(days=under))
        return needs

    def search(self, words: str):
        """Needs whose public summary holds every word typed (never the private details)."""
        needs = self
        for word in words.split():
            needs = needs.filter(public_summary__icontains=word)
        return needs

    def for_coordinator_list(self):
        """Every need with what a row of the coordinator's list shows, newest first."""
        return (
            self.select_related("category")
            .only(
                "id",
                "neighborhood_id",
                "category__id",
                "category__name",
                "category__names",
                "category__slug",
                "public_summary",
                "urgency",
                "status",
                "created_at",
                "claimed_at",
                "connected_at",
            )
            .order_by("-created_at", "-id")
        )

    def claimed_by_user(self, user):
        return self.filter(claimed_by=user, status=ResourceRequest.Status.CLAIMED)

    def urgent_and_waiting(self):
        """Urgent needs nobody has fulfilled or closed yet, oldest first."""
        return self.filter(
            urgency=ResourceRequest.Urgency.URGENT,
            status__in=[ResourceRequest.Status.OPEN, ResourceRequest.Status.CLAIMED],
        ).order_by("created_at", "pk")

    def stale(self, days: int):
        return self.open().filter(created_at__lt=timezone.now() - timedelta(days=days))

    def for_triage(self, *, new_since, stale_days: int, rows: int):
        """The coordinator's three lists in one query (a UNION ALL of three short ones):
        open needs created since ``new_since`` (newest first),
        urgent ones still waiting and stale ones (oldest first), at most ``rows`` each.
        Tuples of what a triage row shows and nothing private: (pk, public_summary,
        urgency, status, created_at, category_id, category slug, category name, its names in
        other languages, section);
        sort each section by created_at and pk (a UNION ALL keeps no order by itself)."""
        needs = self.values_list(
            "pk",
            "public_summary",
            "urgency",
            "status",
            "created_at",
            "category_id",
            "category__slug",
            "category__name",
            "category__names",
        )
        sections = {
            "new": needs.open().filter(created_at__gte=new_since).order_by("-created_at", "-pk"),
            "urgent": needs.urgent_and_waiting(),
            "stale": needs.stale(stale_days).order_by("created_at", "pk"),
        }
        first, *others = (
            part.annotate(section=models.Value(key))[:rows] for key, part in sections.items()
        )
        return first.union(*others, all=True)


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
    # Set by a coordinator who connects the claimant with the person who asked: only
    # then does the claimant see these contact details (each reveal is a ContactReveal).
    shared_contact = models.TextField(
        _("contact details to share with the helper"), blank=True, max_length=1000
    )
    connected_at = models.DateTimeField(_("helper connected"), null=True, blank=True)

    objects = ResourceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["-created_at"]
        indexes = [
            models.Index(
                fields=["neighborhood", "status", "-created_at"], name="request_board_idx"
            ),
            # Triage's urgent list (urgent_and_waiting), oldest first: without it the
            # list reads every open and claimed need of the neighborhood to find them.
            models.Index(
                fields=["neighborhood", "created_at"],
                condition=models.Q(urgency="urgent", status__in=["open", "claimed"]),
                name="request_urgent_waiting_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.public_summary

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def status_label(self) -> str:
        """The status in the reader's language: what get_status_display says, at a
        fifth of its cost (it rebuilds and hashes every choice's label), for lists."""
        return self.Status(self.status).label

    @property
    def is_claimed(self) -> bool:
        return self.status == self.Status.CLAIMED

    def age_text(self, now=None) -> str:
        return age_text(self.created_at, now)

    def claimed_text(self) -> str:
        """“You took this just now.” on the helper's card (never “0 minutes ago”)."""
        return gettext("You took this %(since)s.") % {"since": since_text(self.claimed_at)}

    def is_asked_by(self, user) -> bool:
        return self.requested_by_id is not None and self.requested_by_id == user.pk

    @property
    def may_be_changed_by_asker(self) -> bool:
        """The asker may change the words until someone has taken the need on."""
        return self.status == self.Status.OPEN

    @property
    def may_be_withdrawn(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.CLAIMED)

    def open_for_text(self) -> str:
        return gettext("Open for %(age)s") % {"age": self.age_text()}

    def is_stale(self, days: int) -> bool:
        return self.is_open and self.created_at < timezone.now() - timedelta(days=days)

    def _move(self, *, allowed: set[str], to: str, by, reason: str = "", **fields) -> None:
        """Change status (the caller holds a row lock) and write the trail."""
        if self.status not in allowed:
            raise NeedTransitionError(self.status)
        from_status = self.status
        self.status = to
        for name, value in fields.items():
            setattr(self, name, value)
        self.save(update_fields=["status", "updated_at", *fields])
        RequestStatusChange.objects.create(
            request=self, from_status=from_status, to_status=to, reason=reason, changed_by=by
        )

    def claim(self, *, by) -> None:
        if by.pk == self.requested_by_id:
            raise OwnNeedError(self.status)
        self._move(
            allowed={self.Status.OPEN},
            to=self.Status.CLAIMED,
            by=by,
            claimed_by=by,
            claimed_at=timezone.now(),
        )

    def release(self, *, by, reason: str) -> None:
        self._move(
            allowed={self.Status.CLAIMED},
            to=self.Status.OPEN,
            by=by,
            reason=reason,
            claimed_by=None,
            claimed_at=None,
            shared_contact="",
            connected_at=None,
        )

    def fulfil(self, *, by) -> None:
        self._move(allowed={self.Status.CLAIMED}, to=self.Status.FULFILLED, by=by)

    def close(self, *, by, reason: str, note: str = "") -> None:
        label = self.CloseReason(reason).label
        self._move(
            allowed={self.Status.OPEN, self.Status.CLAIMED},
            to=self.Status.CLOSED,
            by=by,
            reason=f"{label}: {note}" if note else str(label),
            close_reason=reason,
        )

    def withdraw(self, *, by) -> None:
        """The member who asked no longer needs it: closed, with that on the trail."""
        self._move(
            allowed={self.Status.OPEN, self.Status.CLAIMED},
            to=self.Status.CLOSED,
            by=by,
            reason=WITHDRAWN,
            close_reason=self.CloseReason.NO_LONGER_NEEDED,
        )

    def reopen(self, *, by, reason: str = "") -> None:
        self._move(
            allowed={self.Status.CLOSED, self.Status.FULFILLED},
            to=self.Status.OPEN,
            by=by,
            reason=reason,
            close_reason="",
            claimed_by=None,
            claimed_at=None,
            shared_contact="",
            connected_at=None,
        )


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


class ContactReveal(models.Model):
    """A coordinator connected a claimant with the person who asked: what was shared,
    with whom, by whom and when. The claimant sees nothing private before this."""

    request = models.ForeignKey(
        ResourceRequest, on_delete=models.CASCADE, related_name="contact_reveals"
    )
    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    shared_contact = models.TextField(max_length=1000)
    revealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    revealed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["revealed_at", "pk"]
        verbose_name = _("contact shared")
        verbose_name_plural = _("contacts shared")

    def __str__(self) -> str:
        return f"{self.request_id} → {self.claimant_id}"


class NeedsSettings(models.Model):
    """A neighborhood's own settings for needs (one row per neighborhood, optional)."""

    DEFAULT_STALE_DAYS = 14

    neighborhood = models.OneToOneField(
        Neighborhood, on_delete=models.CASCADE, related_name="needs_settings"
    )
    stale_after_days = models.PositiveSmallIntegerField(
        _("a need is stale after (days)"), default=DEFAULT_STALE_DAYS
    )

    class Meta:
        verbose_name = _("needs settings")
        verbose_name_plural = _("needs settings")

    def __str__(self) -> str:
        return str(self.neighborhood)

    @classmethod
    def for_neighborhood(cls, neighborhood: Neighborhood) -> NeedsSettings:
        """The saved settings, or unsaved defaults (saved when a coordinator changes them)."""
        # At most one row (one-to-one): a plain LIMIT 1, without first()'s ORDER BY.
        found = cls.objects.filter(neighborhood=neighborhood)[:1]
        return next(iter(found), None) or cls(neighborhood=neighborhood)

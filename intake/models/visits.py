"""Visits: one person at one session, with the needs they came with."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Count
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Neighborhood
from mutualaid.models import NeedCategory, ResourceRequest
from wcc.paging import Cursor, encode_cursor, older_than

from .sessions import IntakeSession, visits_stamp
from .visitors import Visitor


@dataclass(frozen=True)
class VisitPage:
    visits: list[Visit]
    older_cursor: str  # the next (older) page's link, "" on the last page
    from_here: int  # visits from this page's first to the session's first
    stamp: str = ""  # the newest page's visits_stamp, for the live list; "" on older pages


@dataclass(frozen=True)
class RecentVisit:
    """One line of a visitor's recent visits: when, and with which needs."""

    pk: int
    session_id: int
    date: datetime.date
    created_at: datetime.datetime
    needs: list[str]

    @property
    def needs_text(self) -> str:
        return ", ".join(self.needs)


class VisitQuerySet(models.QuerySet):
    def of(self, neighborhood: Neighborhood):
        return self.filter(session__neighborhood=neighborhood)

    def for_list(self):
        return self.select_related("visitor").prefetch_related(
            models.Prefetch("visit_needs", queryset=VisitNeed.objects.select_related("category"))
        )

    def with_chips(self, limit: int | None = None) -> list[Visit]:
        """The visits of the session page's list (the first ``limit`` of them): each with
        ``visitor_name`` and, as ``chips``, its needs as (category label, shared on the
        board) pairs.

        Only the columns shown (no visitor or category objects), and two small queries
        instead of for_list's prefetch, which builds a need and a category object per
        need and a queryset per visit (docs/performance.md).
        """
        visits = self.only("session", "visitor", "is_first_visit", "created_at").annotate(
            visitor_first_name=models.F("visitor__first_name"),
            visitor_last_name=models.F("visitor__last_name"),
        )
        visits = list(visits if limit is None else visits[:limit])
        rows = (
            VisitNeed.objects.filter(visit__in=[visit.pk for visit in visits])
            .order_by("pk")
            .values_list(
                "visit_id",
                "request_id",
                "category_id",
                "category__slug",
                "category__name",
                "category__names",
            )
        )
        labels: dict[int, str] = {}  # each category's read in the reader's language once
        chips: dict[int, list] = {}
        for visit_id, request_id, category_id, slug, name, names in rows:
            if category_id not in labels:
                labels[category_id] = NeedCategory.label_of(slug, name, names)
            chips.setdefault(visit_id, []).append((labels[category_id], request_id is not None))
        for visit in visits:
            visit.chips = chips.get(visit.pk, [])
            # As Visitor.__str__ says it.
            visit.visitor_name = f"{visit.visitor_first_name} {visit.visitor_last_name}".strip()
        return visits

    def list_page(self, *, size: int, older: Cursor | None = None) -> VisitPage:
        """One page of the newest-first list (see ``with_chips``), in one query with the
        number of visits from its first row to the oldest."""
        visits = self if older is None else older_than(self, older)
        rows = visits.annotate(
            from_here=models.Window(Count("pk")),
            latest_change=models.Window(models.Max("updated_at")),
        ).with_chips(limit=size + 1)
        more = len(rows) > size
        from_here = rows[0].from_here if rows else 0
        stamp = ""
        if older is None:  # the whole session's: what the live list compares with
            stamp = visits_stamp(from_here, rows[0].latest_change if rows else None)
        return VisitPage(
            visits=rows[:size],
            older_cursor=encode_cursor(rows[size - 1]) if more else "",
            from_here=from_here,
            stamp=stamp,
        )

    def recent_of(self, visitors, *, per_visitor: int) -> dict[int, list[RecentVisit]]:
        """Each visitor's latest ``per_visitor`` visits, newest first, with their needs'
        labels: two queries whatever the number of visitors."""
        ranked = (
            self.filter(visitor__in=visitors)
            .annotate(
                rank=models.Window(
                    RowNumber(),
                    partition_by=[models.F("visitor_id")],
                    order_by=[models.F("created_at").desc(), models.F("pk").desc()],
                )
            )
            .filter(rank__lte=per_visitor)
            .order_by("visitor_id", "rank")
            .values_list("pk", "visitor_id", "session_id", "session__date", "created_at")
        )
        rows = list(ranked)
        labels: dict[int, list[str]] = {}
        needs = (
            VisitNeed.objects.filter(visit__in=[row[0] for row in rows])
            .order_by("category__position", "pk")
            .values_list("visit_id", "category__slug", "category__name", "category__names")
        )
        for visit_id, slug, name, names in needs:
            labels.setdefault(visit_id, []).append(NeedCategory.label_of(slug, name, names))
        recent: dict[int, list[RecentVisit]] = {}
        for pk, visitor_id, session_id, date, created_at in rows:
            recent.setdefault(visitor_id, []).append(
                RecentVisit(pk, session_id, date, created_at, labels.get(pk, []))
            )
        return recent

    def with_follow_up(self):
        return self.exclude(follow_up="")

    def follow_ups_due(self):
        return self.with_follow_up().filter(follow_up_done_at__isnull=True)

    def follow_ups_overdue(self, today: datetime.date):
        return self.follow_ups_due().filter(follow_up_due__lt=today)

    def follow_ups_done(self):
        return self.with_follow_up().filter(follow_up_done_at__isnull=False)


class Visit(models.Model):
    """One intake record: who came to which session, their needs, a private note and
    a follow-up."""

    session = models.ForeignKey(IntakeSession, on_delete=models.CASCADE, related_name="visits")
    visitor = models.ForeignKey(Visitor, on_delete=models.CASCADE, related_name="visits")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    needs = models.ManyToManyField(NeedCategory, through="VisitNeed", related_name="+")
    is_first_visit = models.BooleanField(default=False)
    note = models.TextField(_("private note"), blank=True, max_length=4000)
    follow_up = models.CharField(_("follow-up: what"), max_length=280, blank=True)
    follow_up_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("follow-up: who"),
    )
    follow_up_due = models.DateField(_("follow-up: by when"), null=True, blank=True)
    follow_up_done_at = models.DateTimeField(null=True, blank=True)
    # Optimistic concurrency, as a visitor's: every edit bumps it; a stale save conflicts.
    version = models.PositiveIntegerField(default=1, db_default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["session", "-created_at"], name="visit_session_idx"),
            models.Index(fields=["follow_up_due"], name="visit_follow_up_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.visitor} · {self.session}"

    def confirmation(self) -> dict:
        """What the volunteer reads beside Save: whose visit, with which needs."""
        labels = [
            vn.category.label
            for vn in self.visit_needs.select_related("category").order_by("category__position")
        ]
        return {
            "visitor_name": str(self.visitor),
            "needs_text": " + ".join(labels) if labels else _("no needs ticked"),
        }

    # How long the volunteer who saved a visit can take it back with one tap.
    UNDO_WINDOW = datetime.timedelta(minutes=2)

    def undoable_until(self) -> datetime.datetime:
        return self.created_at + self.UNDO_WINDOW

    def can_be_undone_by(self, user, now: datetime.datetime | None = None) -> bool:
        """Only by who saved it, only while its session is open, only for a short while:
        later it is a visit like any other, edited (not undone) from the list."""
        now = now or timezone.now()
        return self.logged_by_id == user.pk and self.session.is_open and now < self.undoable_until()

    def mark_follow_up_done(self) -> None:
        self.follow_up_done_at = timezone.now()
        self.save(update_fields=["follow_up_done_at", "updated_at"])


class VisitNeed(models.Model):
    """A need ticked at a visit; a shared one links the open need it put on the board."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="visit_needs")
    category = models.ForeignKey(NeedCategory, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(
        ResourceRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visit", "category"], name="one_need_per_visit")
        ]

    def __str__(self) -> str:
        return f"visit {self.visit_id} · category {self.category_id}"


def attach_recent_visits(visitors: list[Visitor], *, session: IntakeSession, per_visitor: int):
    """Give each visitor ``recent_visits`` (newest first) and ``visit_here``: their visit
    at ``session`` if they are already logged there."""
    recent = Visit.objects.recent_of(visitors, per_visitor=per_visitor)
    for visitor in visitors:
        visitor.recent_visits = recent.get(visitor.pk, [])
        latest = visitor.recent_visits[0] if visitor.recent_visits else None
        visitor.visit_here = latest if latest and latest.session_id == session.pk else None

"""The Saturday table: sessions, the people served (visitors), their visits, and the
append-only trail of who looked at or changed which record.

Intake depends on mutualaid (a shared need becomes a ResourceRequest, linked from
VisitNeed; a session is opened from an intake-table Shift). The one link the other
way, Shift.intake_session, names this app's model by string: mutualaid never imports
intake, so the apps load in one order and the migrations have no cycle.
"""

from __future__ import annotations

import datetime
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Neighborhood, phone_validator
from mutualaid.models import NeedCategory, ResourceRequest, Shift, Signup
from wcc.paging import Cursor, encode_cursor, older_than


def normalized(text: str) -> str:
    """Lower case without accents, so "José" and "jose" read alike."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def digits_of(text: str) -> str:
    return "".join(c for c in text or "" if c.isdigit())


class IntakeSessionQuerySet(models.QuerySet):
    def of(self, neighborhood: Neighborhood):
        return self.filter(neighborhood=neighborhood)

    def open(self):
        return self.filter(status=IntakeSession.Status.OPEN)

    def upcoming(self, today: datetime.date):
        return self.exclude(status=IntakeSession.Status.CLOSED).filter(date__gte=today)

    def with_counts(self):
        return self.annotate(
            visit_count=Count("visits", distinct=True),
            people_count=Count("visits__visitor", distinct=True),
        )

    def one_of(self, neighborhood: Neighborhood, pk: int) -> IntakeSession | None:
        """The neighborhood's session ``pk``, with ``from_shift`` (whether a shift opened
        it, so a page asks for those shifts only then); None if it has no such session."""
        return (
            self.filter(neighborhood=neighborhood, pk=pk)
            .annotate(from_shift=Exists(Shift.objects.filter(intake_session=OuterRef("pk"))))
            .first()
        )


class IntakeSession(models.Model):
    """One opening of the table: a date, a time, a place, who staffed it."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    neighborhood = models.ForeignKey(
        Neighborhood, on_delete=models.CASCADE, related_name="intake_sessions"
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), default=datetime.time(10, 0))
    ends_at = models.TimeField(_("ends at"), default=datetime.time(13, 0))
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    staffed_by = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("staffed by")
    )
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    objects = IntakeSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("intake session")
        verbose_name_plural = _("intake sessions")
        ordering = ["-date", "-starts_at"]
        indexes = [models.Index(fields=["neighborhood", "-date"], name="intake_session_date_idx")]

    def __str__(self) -> str:
        return f"{self.neighborhood} · {self.date:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def open(self) -> None:
        self.status = self.Status.OPEN
        self.closed_at = None
        self.save(update_fields=["status", "closed_at"])

    def close(self) -> None:
        self.status = self.Status.CLOSED
        self.closed_at = timezone.now()
        self.save(update_fields=["status", "closed_at"])

    def staff(self, user) -> None:
        self.staffed_by.add(user)

    def staff_from_shifts(self) -> None:
        """Everyone confirmed on a shift linked to this session staffed it, except
        those a coordinator marked as not come."""
        people = (
            Signup.objects.confirmed()
            .filter(shift__intake_session=self)
            .exclude(attendance=Signup.Attendance.NO_SHOW)
            .values_list("user_id", flat=True)
        )
        self.staffed_by.add(*people)

    def viewed_visit_page(self, *, viewer, size: int, older: Cursor | None = None) -> VisitPage:
        """One page of the session's newest-first visit list (``VisitQuerySet.list_page``)
        with each row shown written to the access log as viewed by ``viewer`` before the
        page is drawn: a row that could not be logged is never shown."""
        page = self.visits.list_page(size=size, older=older)
        for visit in page.visits:
            visit.session = self  # the log's neighborhood, without a query a row
        AccessLog.record(user=viewer, action=AccessLog.Action.VIEW, visits=page.visits)
        return page


class VisitorQuerySet(models.QuerySet):
    SIMILAR = 0.4  # word similarity from which a name counts as a match despite typos

    def of(self, neighborhood: Neighborhood):
        return self.filter(neighborhood=neighborhood)

    def current(self):
        """Not merged into another visitor."""
        return self.filter(merged_into__isnull=True)

    def search(self, text: str, limit: int = 8):
        """Returning visitors by a few letters of a name or digits of a phone number,
        tolerant of accents, case and small typos (trigram similarity)."""
        name, digits = normalized(text), digits_of(text)
        if len(name) < 2:
            return self.none()
        if len(digits) >= 3 and not any(c.isalpha() for c in name):
            return self.filter(phone_digits__contains=digits).order_by("-last_visit_on", "pk")[
                :limit
            ]
        found = Q(search_name__contains=name)
        from django.contrib.postgres.lookups import Unaccent
        from django.contrib.postgres.search import TrigramWordSimilarity

        with connection.cursor() as cursor:  # what "similar" means for the indexed operator
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                [str(self.SIMILAR)],
            )
        # The operator (not the function) lets the GIN trigram index pick candidates;
        # only those are scored.
        return (
            self.filter(found | Q(search_name__trigram_word_similar=name))
            .annotate(similarity=TrigramWordSimilarity(Unaccent(models.Value(name)), "search_name"))
            .order_by("-similarity", "-last_visit_on", "pk")[:limit]
        )


class Visitor(models.Model):
    """A person served at the table. Need not be a member; a first name is enough."""

    class ContactBy(models.TextChoices):
        PHONE = "phone", _("phone call")
        SMS = "sms", _("text message")
        IN_PERSON = "in-person", _("only in person")

    neighborhood = models.ForeignKey(Neighborhood, on_delete=models.CASCADE, related_name="+")
    first_name = models.CharField(_("first name or nickname"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[phone_validator])
    household_size = models.PositiveSmallIntegerField(_("household size"), null=True, blank=True)
    languages = models.CharField(_("languages spoken"), max_length=120, blank=True)
    contact_by = models.CharField(
        _("how to contact"), max_length=12, choices=ContactBy.choices, blank=True
    )
    contact_consent_at = models.DateTimeField(null=True, blank=True)
    contact_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    share_consent_at = models.DateTimeField(null=True, blank=True)
    share_consent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_visit_on = models.DateField(null=True, blank=True)
    last_visit_on = models.DateField(null=True, blank=True)
    # Derived, for search: the name without accents or case, and the phone's digits.
    search_name = models.CharField(max_length=170, editable=False, default="")
    phone_digits = models.CharField(max_length=32, editable=False, blank=True, default="")
    # Optimistic concurrency: every change bumps it; a save from a stale render conflicts.
    version = models.PositiveIntegerField(default=1)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = VisitorQuerySet.as_manager()

    EDITABLE = ["first_name", "last_name", "phone", "household_size", "languages", "contact_by"]

    class Meta:
        verbose_name = _("visitor")
        verbose_name_plural = _("visitors")
        ordering = ["first_name", "last_name", "pk"]
        indexes = [
            models.Index(fields=["neighborhood", "phone_digits"], name="visitor_phone_idx"),
            models.Index(fields=["neighborhood", "search_name"], name="visitor_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def refresh_search_fields(self) -> None:
        self.search_name = normalized(f"{self.first_name} {self.last_name}")
        self.phone_digits = digits_of(self.phone)

    @property
    def contact_consent(self) -> bool:
        return self.contact_consent_at is not None

    @property
    def share_consent(self) -> bool:
        return self.share_consent_at is not None


@dataclass(frozen=True)
class VisitPage:
    visits: list[Visit]
    older_cursor: str  # the next (older) page's link, "" on the last page
    from_here: int  # visits from this page's first to the session's first


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
            .values_list("visit_id", "request_id", "category__slug", "category__name")
        )
        labels: dict[tuple[str, str], str] = {}  # each category's translated once
        chips: dict[int, list] = {}
        for visit_id, request_id, slug, name in rows:
            if (slug, name) not in labels:
                labels[slug, name] = NeedCategory.label_of(slug, name)
            chips.setdefault(visit_id, []).append((labels[slug, name], request_id is not None))
        for visit in visits:
            visit.chips = chips.get(visit.pk, [])
            # As Visitor.__str__ says it.
            visit.visitor_name = f"{visit.visitor_first_name} {visit.visitor_last_name}".strip()
        return visits

    def list_page(self, *, size: int, older: Cursor | None = None) -> VisitPage:
        """One page of the newest-first list (see ``with_chips``), in one query with the
        number of visits from its first row to the oldest."""
        visits = self if older is None else older_than(self, older)
        rows = visits.annotate(from_here=models.Window(Count("pk"))).with_chips(limit=size + 1)
        more = len(rows) > size
        return VisitPage(
            visits=rows[:size],
            older_cursor=encode_cursor(rows[size - 1]) if more else "",
            from_here=rows[0].from_here if rows else 0,
        )

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


class AccessLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The access log is append-only.")

    def delete(self):
        raise TypeError("The access log is append-only.")


class AccessLog(models.Model):
    """Append-only: who viewed or changed which visitor or visit, when. Never values."""

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CREATE = "create", _("created")
        CHANGE = "change", _("changed")
        MERGE = "merge", _("merged")
        EXPORT = "export", _("exported")

    neighborhood = models.ForeignKey(Neighborhood, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    visitor = models.ForeignKey(
        Visitor, on_delete=models.SET_NULL, null=True, blank=True, related_name="access_log"
    )
    visit_id = models.PositiveBigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.visitor_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The access log is append-only.")

    @classmethod
    def record(cls, *, user, action: str, visitors=(), visits=()) -> None:
        """One entry per visitor and per visit touched, in one INSERT."""
        at, user_id = timezone.now(), getattr(user, "pk", None)
        entries = [
            cls(
                neighborhood_id=v.neighborhood_id,
                user_id=user_id,
                visitor_id=v.pk,
                action=action,
                at=at,
            )
            for v in visitors
        ] + [
            cls(
                neighborhood_id=visit.session.neighborhood_id,
                user_id=user_id,
                visitor_id=visit.visitor_id,
                visit_id=visit.pk,
                action=action,
                at=at,
            )
            for visit in visits
        ]
        cls.objects.bulk_create(entries)


class VisitorMerge(models.Model):
    """A recorded merge: every visit of ``merged`` moved to ``kept``."""

    kept = models.ForeignKey(Visitor, on_delete=models.CASCADE, related_name="+")
    merged = models.ForeignKey(Visitor, on_delete=models.CASCADE, related_name="+")
    visits_moved = models.PositiveIntegerField()
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.kept_id}"


def likely_duplicates(neighborhood: Neighborhood, limit: int = 50) -> list[tuple]:
    """Pairs of current visitors with the same phone or very similar names."""
    visitors = Visitor.objects.of(neighborhood).current()
    pairs = list(
        visitors.exclude(phone_digits="")
        .filter(
            phone_digits__in=visitors.exclude(phone_digits="")
            .values("phone_digits")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .values("phone_digits")
        )
        .order_by("phone_digits", "pk")
        .values_list("phone_digits", "pk")
    )
    found: set[tuple[int, int]] = set()
    for (phone_a, a), (phone_b, b) in zip(pairs, pairs[1:], strict=False):
        if phone_a == phone_b:
            found.add((a, b))
    with connection.cursor() as cursor:
        cursor.execute(
            # %% (the trigram operator) lets the GIN index find candidates.
            """SELECT a.id, b.id FROM intake_visitor a JOIN intake_visitor b
               ON b.search_name %% a.search_name AND a.id < b.id
               AND b.neighborhood_id = a.neighborhood_id
               WHERE a.neighborhood_id = %s AND a.merged_into_id IS NULL
               AND b.merged_into_id IS NULL
               AND similarity(a.search_name, b.search_name) >= 0.6 LIMIT %s""",
            [neighborhood.pk, limit],
        )
        found |= set(cursor.fetchall())
    by_pk = Visitor.objects.in_bulk({pk for pair in found for pk in pair})
    return [(by_pk[a], by_pk[b]) for a, b in sorted(found)[:limit]]


__all__ = ["AccessLog", "IntakeSession", "Visit", "VisitNeed", "Visitor", "VisitorMerge"]

"""The people served at the table (visitors), their merges, and finding likely
duplicates."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, models
from django.db.models import Count
from django.db.models.functions import Left, Length
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Neighborhood, phone_validator
from wcc import content_stamps


def normalized(text: str) -> str:
    """Lower case without accents, so "José" and "jose" read alike."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def digits_of(text: str) -> str:
    return "".join(c for c in text or "" if c.isdigit())


# A name's first word, for the typo-tolerant search and the index that serves it.
FIRST_WORD = models.Func(
    models.F("search_name"),
    models.Value(" "),
    models.Value(1),
    function="split_part",
    output_field=models.CharField(),
)


class VisitorQuerySet(models.QuerySet):
    SIMILAR = 0.4  # word similarity from which a name counts as a match despite typos
    EDITS = 2  # letters changed (a swap is two) for a first name to count despite a typo

    def of(self, neighborhood: Neighborhood):
        return self.filter(neighborhood=neighborhood)

    def current(self):
        """Not merged into another visitor."""
        return self.filter(merged_into__isnull=True)

    def roster(self, *, session, since, size: int):
        """The recent visitors a table's device keeps for searching offline: seen on or
        after ``since``, the most recent first, each marked if already in ``session``.
        Only the fields the visit form fills for a returning visitor."""
        from .visits import Visit  # visits imports this module

        here = Visit.objects.filter(session=session, visitor=models.OuterRef("pk"))
        return (
            self.current()
            .filter(last_visit_on__gte=since)
            .annotate(here_today=models.Exists(here))
            .only("pk", "version", "contact_consent_at", "last_visit_on", *Visitor.EDITABLE)
            .order_by("-last_visit_on", "pk")[:size]
        )

    def search(self, text: str, limit: int = 8):
        """Returning visitors by a few letters of a name or digits of a phone number,
        tolerant of accents, case and small typos.

        Candidates: the name is trigram-similar to the text (the GIN index finds those),
        or its first word is within two edits of the text's first word (fuzzystrmatch,
        over the first words visitor_first_word_idx finds): a one-letter typo in a short
        name like "Grece" changes too many of its few trigrams for similarity alone.
        Ranked by word similarity, lifted for a first word one or two edits away."""
        name, digits = normalized(text), digits_of(text)
        if len(name) < 2:
            return self.none()
        if len(digits) >= 3 and not any(c.isalpha() for c in name):
            return self.filter(phone_digits__contains=digits).order_by("-last_visit_on", "pk")[
                :limit
            ]
        from django.contrib.postgres.search import TrigramWordSimilarity

        with connection.cursor() as cursor:  # what "similar" means for the indexed operator
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                [str(self.SIMILAR)],
            )
        first_word = name.split(" ", 1)[0]
        # Each way of being a candidate is its own indexed query, and the candidates are
        # their union: as one OR the planner reads every visitor of the neighborhood
        # (thousands of rows on as many pages) to test each condition on each. Word
        # similarity (the GIN trigram index) also finds a name that starts with the text
        # or holds it whole from four letters on; a LIKE '%text%' beside it cost more than
        # all the rest (every trigram's posting list, in every neighborhood).
        arms = [self.filter(search_name__trigram_word_similar=name)]
        closeness = models.Value(0.0)
        queryset = self
        if len(first_word) >= 3:
            edits = models.Func(
                FIRST_WORD,
                models.Value(first_word),
                models.Value(self.EDITS),
                function="levenshtein_less_equal",
                output_field=models.IntegerField(),
            )
            # Only first words visitor_first_word_idx finds by initial and length are
            # measured: two edits change the length by two at most, and keep the initial
            # unless the first two letters are swapped (so either typed one may be it).
            # A slip in the very first letter is left to the trigram match.
            arms.append(
                self.annotate(
                    first_initial=Left(FIRST_WORD, 1),
                    first_length=Length(FIRST_WORD),
                    first_edits=edits,
                ).filter(
                    first_initial__in=sorted({first_word[0], first_word[1]}),
                    first_length__range=(
                        len(first_word) - self.EDITS,
                        len(first_word) + self.EDITS,
                    ),
                    first_edits__lte=self.EDITS,
                )
            )
            queryset = self.annotate(first_edits=edits)
            closeness = models.Case(
                models.When(first_edits=0, then=models.Value(0.3)),
                models.When(first_edits=1, then=models.Value(0.25)),
                models.When(first_edits=2, then=models.Value(0.15)),
                default=models.Value(0.0),
            )
        first, *others = (arm.order_by().values("pk") for arm in arms)
        return (
            queryset.filter(pk__in=first.union(*others))
            .annotate(
                similarity=TrigramWordSimilarity(models.Value(name), "search_name"),
                rank=models.F("similarity") + closeness,
            )
            .order_by("-rank", "-last_visit_on", "pk")[:limit]
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
            # The search's typo-tolerant candidates: first words by initial and length.
            models.Index(
                models.F("neighborhood"),
                Left(FIRST_WORD, 1),
                Length(FIRST_WORD),
                name="visitor_first_word_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def refresh_search_fields(self) -> None:
        self.search_name = normalized(f"{self.first_name} {self.last_name}")
        self.phone_digits = digits_of(self.phone)

    def following_merges(self) -> Visitor:
        """The record this one lives on as: itself, or the one it was merged into (a merge
        repoints earlier merges, so it is one step)."""
        return self if self.merged_into_id is None else self.merged_into

    def recompute_visit_marks(self) -> None:
        """After visits moved in (a merge) or out (an undone save): the earliest visit is
        the first visit, no other is, and the first and last visit dates follow them."""
        visits = self.visits.order_by("session__date", "created_at", "pk")
        first = visits.values_list("pk", flat=True).first()
        self.visits.exclude(pk=first).filter(is_first_visit=True).update(is_first_visit=False)
        if first is not None:
            self.visits.filter(pk=first, is_first_visit=False).update(is_first_visit=True)
        dates = visits.aggregate(
            first=models.Min("session__date"), last=models.Max("session__date")
        )
        self.first_visit_on, self.last_visit_on = dates["first"], dates["last"]
        Visitor.objects.filter(pk=self.pk).update(
            first_visit_on=self.first_visit_on, last_visit_on=self.last_visit_on
        )
        content_stamps.changed(self.neighborhood_id)  # update() sends no signal

    @property
    def contact_consent(self) -> bool:
        return self.contact_consent_at is not None

    @property
    def share_consent(self) -> bool:
        return self.share_consent_at is not None

    def roster_entry(self) -> dict:
        """What the offline search shows and the visit form needs to pick this person:
        the same details a volunteer sees when picking them online, no more."""
        return {
            "id": self.pk,
            "name": str(self),
            "version": self.version,
            "contact_consent": self.contact_consent,
            "last_visit_on": self.last_visit_on.isoformat() if self.last_visit_on else "",
            "here_today": bool(getattr(self, "here_today", False)),
            # What the offline search matches: the name without accents, the phone digits.
            "search": normalized(str(self)),
            "digits": digits_of(self.phone),
            **{
                name: ("" if getattr(self, name) is None else getattr(self, name))
                for name in Visitor.EDITABLE
            },
        }


class VisitorMerge(models.Model):
    """A recorded merge: every visit of ``merged`` moved to ``kept``, and the kept
    record's fields taken from the merged one (names only: the trail holds no values)."""

    kept = models.ForeignKey(Visitor, on_delete=models.CASCADE, related_name="+")
    merged = models.ForeignKey(Visitor, on_delete=models.CASCADE, related_name="+")
    visits_moved = models.PositiveIntegerField()
    fields_taken = models.JSONField(default=list, db_default=[], blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-merged_at"]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.kept_id}"


def is_empty(value) -> bool:
    return value is None or value == ""


@dataclass
class MergeField:
    """One detail of a merge: its label and the value on each record, as shown."""

    name: str
    label: str
    kept: object
    other: object

    @classmethod
    def of(cls, kept: Visitor, other: Visitor, name: str) -> MergeField:
        def shown(visitor):
            if name == "contact_by" and visitor.contact_by:
                return visitor.get_contact_by_display()
            return getattr(visitor, name)

        return cls(name, str(Visitor._meta.get_field(name).verbose_name), shown(kept), shown(other))


@dataclass
class MergePlan:
    """What merging ``other`` into ``kept`` does: the visits that move, the details the
    kept record takes because it has none (``filled``), and those both have, differently,
    for someone to choose (``conflicts``). Consents given on either record are kept."""

    kept: Visitor
    other: Visitor
    visits: int
    filled: list[MergeField]
    conflicts: list[MergeField]
    consents: list[str]  # names of consent fields the kept record takes from the other

    CONSENTS = ["contact_consent", "share_consent"]

    @classmethod
    def of(cls, kept: Visitor, other: Visitor) -> MergePlan:
        filled, conflicts = [], []
        for name in Visitor.EDITABLE:
            mine, theirs = getattr(kept, name), getattr(other, name)
            if is_empty(theirs) or mine == theirs:
                continue
            field = MergeField.of(kept, other, name)
            (filled if is_empty(mine) else conflicts).append(field)
        consents = [
            name for name in cls.CONSENTS if getattr(other, name) and not getattr(kept, name)
        ]
        return cls(kept, other, other.visits.count(), filled, conflicts, consents)

    def apply(self, take_from_other: set[str]) -> list[str]:
        """Write the chosen details onto the kept record (not saved); the names taken."""
        taken = [f.name for f in self.filled] + [
            f.name for f in self.conflicts if f.name in take_from_other
        ]
        for name in taken:
            setattr(self.kept, name, getattr(self.other, name))
        for name in self.consents:
            for part in ("_at", "_by_id"):
                setattr(self.kept, name + part, getattr(self.other, name + part))
        self.kept.refresh_search_fields()
        return taken + self.consents


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

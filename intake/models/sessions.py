"""Table sessions: one Saturday (or any day) of the intake table in a neighborhood."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import Neighborhood
from mutualaid.models import Signup
from wcc.paging import Cursor

from .access_log import AccessLog

if TYPE_CHECKING:
    from .visits import VisitPage


def visits_stamp(count: int, latest_change: datetime.datetime | None) -> str:
    """What a session's list looks like, in a word: its number of visits and the last
    time one of them changed. A visit added, edited or undone changes it."""
    if latest_change is None:
        return f"{count}-0"
    micros = int(latest_change.timestamp()) * 1_000_000 + latest_change.microsecond
    return f"{count}-{micros}"


class IntakeSessionQuerySet(models.QuerySet):
    def of(self, neighborhood: Neighborhood):
        return self.filter(neighborhood=neighborhood)

    def open(self):
        return self.filter(status=IntakeSession.Status.OPEN)

    def to_close(self, now: datetime.datetime):
        """Sessions that have ended (a past day, or today past their end time; ``now``
        on the neighborhood's clock) and nobody closed yet: closing makes the summary."""
        ended_today = Q(date=now.date(), ends_at__lte=now.time(), ends_at__gt=F("starts_at"))
        return self.exclude(status=IntakeSession.Status.CLOSED).filter(
            Q(date__lt=now.date()) | ended_today
        )

    def upcoming(self, today: datetime.date):
        return self.exclude(status=IntakeSession.Status.CLOSED).filter(date__gte=today)

    def with_counts(self):
        return self.annotate(
            visit_count=Count("visits", distinct=True),
            people_count=Count("visits__visitor", distinct=True),
        )

    def visits_stamp_of(self, neighborhood: Neighborhood, pk: int) -> str | None:
        """The neighborhood's session ``pk``'s visits_stamp in one query; None if it has
        no such session. The live list asks for it every few seconds from every open
        session page, so it reads two numbers and nothing else."""
        row = (
            self.filter(neighborhood=neighborhood, pk=pk)
            .annotate(count=Count("visits"), latest=models.Max("visits__updated_at"))
            .values_list("count", "latest")
            .first()
        )
        return None if row is None else visits_stamp(*row)

    def one_of(self, neighborhood: Neighborhood, pk: int) -> IntakeSession | None:
        """The neighborhood's session ``pk``; None if it has no such session."""
        session = self.filter(neighborhood=neighborhood, pk=pk).first()
        if session is not None:
            session.neighborhood = neighborhood  # known already: no query to read it again
        return session


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

    def from_shifts(self):
        """The intake-table shifts that opened this session, in time order (the page's
        head, drawn only when its fragment cache has no copy)."""
        return self.shifts.order_by("starts_at", "pk")

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

    def sign_in_rows(self) -> list[tuple]:
        """Who is on the session's sign-in sheet, as (person, role): those confirmed
        on its shifts with the shift's role, then anyone else who staffed it. Names
        and roles only: nothing of the visitors."""
        signups = (
            Signup.objects.confirmed()
            .filter(shift__intake_session=self)
            .select_related("user", "shift")
            .order_by("shift__starts_at", "shift__role", "user__display_name", "pk")
        )
        rows = [(signup.user, signup.shift.role) for signup in signups]
        listed = {person.pk for person, _role in rows}
        others = self.staffed_by.exclude(pk__in=listed).order_by("display_name", "pk")
        rows += [(person, gettext("At the table")) for person in others]
        return rows

    def viewed_visit_page(self, *, viewer, size: int, older: Cursor | None = None) -> VisitPage:
        """One page of the session's newest-first visit list (``VisitQuerySet.list_page``)
        with each row shown written to the access log as viewed by ``viewer`` (once per
        person) before the page is drawn: a row that could not be logged is never shown."""
        page = self.visits.list_page(size=size, older=older)
        for visit in page.visits:
            visit.session = self  # the log's neighborhood, without a query a row
        AccessLog.record_first_views(user=viewer, visits=page.visits)
        return page

"""The append-only trail of who looked at or changed which visitor's record."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Neighborhood

from .visitors import Visitor


class AccessLogQuerySet(models.QuerySet):
    def of(self, neighborhood: Neighborhood):
        return self.filter(neighborhood=neighborhood)

    def filtered(self, *, zone: datetime.tzinfo, user=None, day: datetime.date | None = None):
        """The entries of one person and/or one day (``day`` in the time zone ``zone``)."""
        entries = self
        if user is not None:
            entries = entries.filter(user=user)
        if day is not None:
            starts = datetime.datetime.combine(day, datetime.time(), tzinfo=zone)
            entries = entries.filter(at__gte=starts, at__lt=starts + datetime.timedelta(days=1))
        return entries

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
        REMOVE = "remove", _("removed")  # a save undone at the table

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
    def record_first_views(cls, *, user, visits) -> None:
        """The visits of a list as viewed, once per person: a list drawn again (a save,
        a refresh, a poll) would otherwise bury the real reads under repeats."""
        ids = [visit.pk for visit in visits]
        seen = (
            set(
                cls.objects.filter(
                    user_id=user.pk, action=cls.Action.VIEW, visit_id__in=ids
                ).values_list("visit_id", flat=True)
            )
            if ids
            else set()
        )
        cls.record(
            user=user, action=cls.Action.VIEW, visits=[v for v in visits if v.pk not in seen]
        )

    @classmethod
    def record_first_visitor_views(cls, *, user, visitors, since) -> None:
        """The visitors of a list (the offline roster) as viewed, once per person since
        ``since``: a device fetching the roster again must not bury the real reads."""
        ids = [visitor.pk for visitor in visitors]
        seen = (
            set(
                cls.objects.filter(
                    user_id=user.pk,
                    action=cls.Action.VIEW,
                    visit_id__isnull=True,
                    visitor_id__in=ids,
                    at__gte=since,
                ).values_list("visitor_id", flat=True)
            )
            if ids
            else set()
        )
        cls.record(
            user=user, action=cls.Action.VIEW, visitors=[v for v in visitors if v.pk not in seen]
        )

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
        if entries:
            cls.objects.bulk_create(entries)

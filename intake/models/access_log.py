"""The append-only trail of who looked at or changed which visitor's record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Neighborhood

from .visitors import Visitor


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

"""A spreadsheet of members on its way in: checked rows, a preview, then progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .people import Neighborhood


class MemberImportQuerySet(models.QuerySet):
    def of(self, neighborhood: Neighborhood) -> MemberImportQuerySet:
        """The neighborhood's imports, with the neighborhood each one's link is under."""
        return self.filter(neighborhood=neighborhood).select_related("neighborhood")


class MemberImport(models.Model):
    class Status(models.TextChoices):
        PREVIEW = "preview", _("waiting for confirmation")
        QUEUED = "queued", _("waiting to start")
        RUNNING = "running", _("importing")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    neighborhood = models.ForeignKey(
        Neighborhood, on_delete=models.CASCADE, related_name="member_imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREVIEW)
    # The checked rows, until the import finishes; then emptied (only counts are kept).
    rows = models.JSONField(default=list, blank=True)
    # [{"line": 3, "messages": ["..."]}]: line numbers and messages, no cell values.
    problems = models.JSONField(default=list, blank=True)
    ignored_columns = models.JSONField(default=list, blank=True)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    # Before invitations (imports never add anyone now): people added straight away.
    created_count = models.PositiveIntegerField(default=0)
    invited_count = models.PositiveIntegerField(default=0, db_default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = MemberImportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("member import")
        verbose_name_plural = _("member imports")

    def __str__(self) -> str:
        return self.file_name

    def get_absolute_url(self) -> str:
        return reverse(
            "member_import_detail", kwargs={"slug": self.neighborhood.slug, "pk": self.pk}
        )

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.processed / self.total))

    @property
    def is_working(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

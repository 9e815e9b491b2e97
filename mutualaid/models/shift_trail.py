"""The trail of shifts: every change to a shift's people (sign-ups given up, stand-ins
asked and taken, removals with their note, attendance, pauses, a cancelled shift put
back on) leaves a row a coordinator reads on the shift's page and the person's page."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Neighborhood


class ShiftEventQuerySet(models.QuerySet):
    def for_page(self):
        """Newest first, with the names the rows show (no query per row)."""
        return self.select_related("person", "actor", "shift").order_by("-created_at", "-pk")

    def about(self, user, neighborhood):
        return self.filter(person=user, neighborhood=neighborhood)


class ShiftEvent(models.Model):
    """One change on the trail: what happened, to whom, who did it, and a note."""

    class Kind(models.TextChoices):
        GAVE_UP = "gave-up", _("gave up their place")
        STANDIN_ASKED = "standin-asked", _("asked for a stand-in")
        STANDIN_TAKEN = "standin-taken", _("took the place as a stand-in")
        REMOVED = "removed", _("was taken off the shift")
        ATTENDANCE = "attendance", _("attendance recorded")
        PAUSED = "paused", _("paused")
        PAUSE_ENDED = "pause-ended", _("pause ended")
        CANCELLED = "cancelled", _("shift cancelled")
        RESTORED = "restored", _("shift back on")

    neighborhood = models.ForeignKey(
        Neighborhood, on_delete=models.CASCADE, related_name="shift_events"
    )
    # Empty for a pause (it spans days, not one shift).
    shift = models.ForeignKey(
        "mutualaid.Shift", on_delete=models.CASCADE, null=True, blank=True, related_name="events"
    )
    kind = models.CharField(_("what happened"), max_length=16, choices=Kind.choices)
    # Whom it is about (empty for a whole shift cancelled or restored).
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    # Who did it (empty: the system, or a cancel link / text reply with no sign-in).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    # The person's or the coordinator's words, or what changed ("did not come",
    # "12 Dec – 20 Dec").
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    objects = ShiftEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("shift trail row")
        verbose_name_plural = _("shift trail")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["person", "neighborhood", "created_at"], name="shiftevent_person_idx"
            ),
            models.Index(fields=["shift", "created_at"], name="shiftevent_shift_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.person_id} · {self.created_at:%Y-%m-%d %H:%M}"

    def detail_text(self) -> str:
        """The detail as the page shows it: attendance in words, a note in quotes."""
        if self.kind == self.Kind.ATTENDANCE:
            from .shifts import Signup

            return str(Signup.Attendance(self.detail).label)
        if self.detail and self.kind in (self.Kind.GAVE_UP, self.Kind.REMOVED):
            return f"“{self.detail}”"
        return self.detail

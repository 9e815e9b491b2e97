"""Study circles: people of a neighborhood who read together. A circle has a convener,
members (who join at once when it is open, or ask and wait for the convener when it is
not), a reading list, and sessions, which are meetings of the circle
(``Meeting.Kind.SESSION`` with ``Meeting.circle``) so check-in, minutes and the .ics
feed work for them unchanged."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import Neighborhood


class StudyCircleQuerySet(models.QuerySet):
    def of(self, neighborhood: Neighborhood):
        return self.filter(neighborhood=neighborhood)

    def joined_by(self, user):
        return self.filter(
            members__person=user, members__status=CircleMember.Status.MEMBER
        ).distinct()


class StudyCircle(models.Model):
    neighborhood = models.ForeignKey(
        Neighborhood, on_delete=models.CASCADE, related_name="study_circles"
    )
    name = models.CharField(_("name"), max_length=120)
    about = models.TextField(_("what the circle reads and why"), blank=True, max_length=2000)
    convener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("convener"),
    )
    is_open = models.BooleanField(
        _("anyone may join"),
        default=True,
        help_text=_("When this is off, people ask to join and the convener says yes."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = StudyCircleQuerySet.as_manager()

    class Meta:
        verbose_name = _("study circle")
        verbose_name_plural = _("study circles")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def is_member(self, user) -> bool:
        return self.members.filter(person=user, status=CircleMember.Status.MEMBER).exists()

    def readings_visible_to(self, user) -> bool:
        """An open circle's reading list is the neighborhood's; a closed one's is its members'."""
        return self.is_open or self.is_member(user)


class CircleMember(models.Model):
    class Status(models.TextChoices):
        ASKED = "asked", _("asked to join")
        MEMBER = "member", _("member")

    circle = models.ForeignKey(StudyCircle, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="circle_memberships"
    )
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    asked_at = models.DateTimeField(default=timezone.now)
    joined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("circle member")
        verbose_name_plural = _("circle members")
        constraints = [
            models.UniqueConstraint(fields=["circle", "person"], name="one_place_per_circle")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.circle_id} ({self.status})"


def reading_upload_path(reading: Reading, filename: str) -> str:
    # Never under a public URL: MEDIA_ROOT is not served; reading_file is the only way in.
    return f"readings/{reading.circle_id}/{filename}"


class Reading(models.Model):
    circle = models.ForeignKey(StudyCircle, on_delete=models.CASCADE, related_name="readings")
    title = models.CharField(_("title"), max_length=200)
    author = models.CharField(_("author"), max_length=200, blank=True)
    link = models.URLField(_("link"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to=reading_upload_path, blank=True, max_length=300)
    note = models.CharField(_("a short note"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reading")
        verbose_name_plural = _("readings")
        ordering = ["added_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(link="") | ~Q(pdf=""), name="reading_has_link_or_pdf"
            )
        ]

    def __str__(self) -> str:
        return self.title

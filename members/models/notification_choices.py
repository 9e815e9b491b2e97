"""A person's choice of channel for one kind of message (members/notification_kinds.py).

No row means the kind goes by the channel of the person's profile, so nothing needs
writing when a kind is added or a person joins; a row is written only when the person
chooses something else, and deleted when they go back to the default.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..notification_kinds import Kind, kind_info


class NotificationChoiceQuerySet(models.QuerySet):
    def chosen(self, user) -> dict[str, str]:
        """kind → channel the person chose (kinds left at the default are absent)."""
        return dict(self.filter(user=user).values_list("kind", "channel"))

    def channel_of(self, user, kind: str) -> str:
        """The channel chosen for ``kind``, or "" for the default."""
        return self.filter(user=user, kind=kind).values_list("channel", flat=True).first() or ""

    def choose(self, user, kind: str, channel: str) -> None:
        """Store a choice; "" goes back to the default (the row goes). "none" is refused
        for a kind that cannot be turned off: no page offers it, and no caller may."""
        if channel == NotificationChoice.Channel.NONE and not kind_info(kind).can_turn_off:
            raise ValueError(f"{kind} cannot be turned off")
        if not channel:
            self.filter(user=user, kind=kind).delete()
            return
        self.update_or_create(user=user, kind=kind, defaults={"channel": channel})


class NotificationChoice(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("email")
        SMS = "sms", _("text message (SMS)")
        NONE = "none", _("none: do not send these")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_choices"
    )
    kind = models.CharField(_("kind of message"), max_length=32, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    updated_at = models.DateTimeField(auto_now=True)

    objects = NotificationChoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification choice")
        verbose_name_plural = _("notification choices")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="one_choice_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.kind} → {self.channel}"

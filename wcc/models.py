"""Project-wide plumbing that every app's forms share. Keep it to that."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class FormSubmission(models.Model):
    """One submit of a form render, so a double tap or a retry creates one record.

    Each form render carries a fresh ``submission_key``; the first submit creates the
    record and remembers it here, a repeat of the same key gets the same record back.
    """

    key = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    model = models.CharField(max_length=100)
    object_pk = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"{self.model} {self.object_pk}"


def new_submission_key() -> uuid.UUID:
    return uuid.uuid4()

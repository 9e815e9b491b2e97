"""Create a record once per form render, however often the form is submitted.

Use it in a form and its action::

    class NeedForm(SubmitOnceForm, forms.ModelForm): ...

    need, created = submit_once(
        key=form.cleaned_data["submission_key"], user=request.user,
        create=lambda: post_need(...),
    )

A second submit of the same render (double tap, a retry after a dropped
connection, a concurrent duplicate) returns the first record with created=False.
"""

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.apps import apps
from django.db import IntegrityError, models, transaction

from .models import FormSubmission, new_submission_key

M = TypeVar("M", bound=models.Model)


class SubmitOnceForm(forms.Form):
    """Adds the hidden per-render key. Mix in before forms.Form / forms.ModelForm."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=new_submission_key)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # A fresh key for every render, not one fixed when the class was defined.
            self.initial["submission_key"] = new_submission_key()


def submit_once(*, key, user, create: Callable[[], M]) -> tuple[M, bool]:
    """Run ``create`` once per key; later calls with the key return its record."""
    try:
        with transaction.atomic():
            # The unique key makes a concurrent duplicate wait here until the first commits.
            submission = FormSubmission.objects.create(key=key, user=user)
            record = create()
            submission.model = record._meta.label
            submission.object_pk = str(record.pk)
            submission.save(update_fields=["model", "object_pk"])
            return record, True
    except IntegrityError:
        submission = FormSubmission.objects.filter(key=key, user=user).first()
        if submission is None:  # the key belongs to someone else's render: refuse it
            raise
    model = apps.get_model(submission.model)
    return model._default_manager.get(pk=submission.object_pk), False

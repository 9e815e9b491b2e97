"""Forms of study circles: starting one, adding a reading (a link or a PDF, checked by
size and by content), and planning a session."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wcc.idempotency import SubmitOnceForm

from ..models import Meeting, Reading, StudyCircle
from .proposals import DeadlineInput

# Every PDF file starts with these bytes; a file that does not is not a PDF, whatever
# its name or the browser's content type say.
PDF_MAGIC = b"%PDF-"


class CircleForm(SubmitOnceForm, forms.ModelForm):
    class Meta:
        model = StudyCircle
        fields = ["name", "about", "is_open"]
        widgets = {"about": forms.Textarea(attrs={"rows": 3})}


class ReadingForm(SubmitOnceForm, forms.ModelForm):
    link = forms.URLField(label=_("Link"), required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = Reading
        fields = ["title", "author", "link", "pdf", "note"]
        widgets = {"pdf": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"})}
        help_texts = {"pdf": _("A PDF file of the reading, or give a link instead.")}

    def clean_pdf(self):
        upload = self.cleaned_data.get("pdf")
        if not upload or not hasattr(upload, "size"):
            return upload
        limit = settings.WCC_READING_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("This file is %(size)s; a reading may be at most %(limit)s."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            )
        upload.seek(0)
        head = upload.read(len(PDF_MAGIC))
        upload.seek(0)
        if head != PDF_MAGIC:
            raise forms.ValidationError(
                _("This file is not a PDF. Choose a PDF file, or give a link instead.")
            )
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("link") and not cleaned.get("pdf") and not self.errors:
            raise forms.ValidationError(_("Give a link to the reading or choose its PDF file."))
        return cleaned


class SessionForm(SubmitOnceForm, forms.ModelForm):
    call_link = forms.URLField(
        label=_("call link"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Meeting
        fields = ["title", "starts_at", "place", "call_link", "reading"]
        widgets = {"starts_at": DeadlineInput()}
        help_texts = {"title": _("Leave empty to use the circle's name.")}

    def __init__(self, *args, circle: StudyCircle, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["reading"].queryset = circle.readings.all()
        self.fields["reading"].empty_label = _("No reading this time")

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return starts_at

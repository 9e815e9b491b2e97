"""Forms for needs and offers: the board's filters, posting, claiming, triage."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wcc.idempotency import SubmitOnceForm
from wcc.paging import decode_cursor, older_than

from ..models import NeedCategory, NeedsSettings, Offer, ResourceRequest


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: NeedCategory) -> str:
        return str(obj.label)


class NeighborhoodCategoriesMixin:
    """Limit the category field to the neighborhood's own categories in use."""

    def set_categories(self, categories: list[NeedCategory]) -> None:
        field = self.fields["category"]
        field.queryset = NeedCategory.objects.filter(pk__in=[c.pk for c in categories])
        # Reuse the list already read: no second query to render the options.
        field.choices = [
            *([("", field.empty_label)] if field.empty_label else []),
            *((c.pk, c.label) for c in categories),
        ]


class BoardFilterForm(NeighborhoodCategoriesMixin, forms.Form):
    """The board's filters, read from the query string (so a filtered board is a link)."""

    category = CategoryChoiceField(
        label=_("Category"),
        queryset=NeedCategory.objects.none(),
        required=False,
        empty_label=_("All categories"),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"),
        choices=[("", _("Any urgency")), *ResourceRequest.Urgency.choices],
        required=False,
    )
    matches = forms.BooleanField(label=_("Only needs that match my offers"), required=False)
    after = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)

    def __init__(self, *args, categories: list[NeedCategory], **kwargs):
        super().__init__(*args, **kwargs)
        self.set_categories(categories)

    def clean_after(self):
        value = self.cleaned_data["after"]
        if not value:
            return None
        cursor = decode_cursor(value)
        if cursor is None:
            raise forms.ValidationError(_("This page link is not valid; start from the top."))
        return cursor

    def filter(self, needs):
        """Apply the valid filters; an invalid one is ignored (its error shows by it).
        ``needs`` carry ``matches_offer`` (ResourceRequestQuerySet.matching_offers_of)."""
        data = self.cleaned_data if self.is_valid() else getattr(self, "cleaned_data", {})
        if data.get("category"):
            needs = needs.filter(category=data["category"])
        if data.get("urgency"):
            needs = needs.filter(urgency=data["urgency"])
        if data.get("matches"):
            needs = needs.filter(matches_offer=True)
        if data.get("after"):
            needs = older_than(needs, data["after"])
        return needs

    def query_without_cursor(self) -> str:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        params = {}
        if data.get("category"):
            params["category"] = data["category"].pk
        if data.get("urgency"):
            params["urgency"] = data["urgency"]
        if data.get("matches"):
            params["matches"] = "on"
        return urlencode(params)


class NeedListFilterForm(NeighborhoodCategoriesMixin, forms.Form):
    """The coordinator's list of every need: filters read from the query string, so
    each filtered list is a link (the home's counts point at them)."""

    AGES = {
        # name: (at least, under) days since the need was posted
        "week": (None, 7),
        "two-weeks": (7, 14),
        "older": (14, None),
    }

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Any status")), *ResourceRequest.Status.choices],
        required=False,
    )
    waiting = forms.BooleanField(label=_("Only claimed needs not yet connected"), required=False)
    age = forms.ChoiceField(
        label=_("Posted"),
        choices=[
            ("", _("Any time")),
            ("week", _("In the last 7 days")),
            ("two-weeks", _("7 to 14 days ago")),
            ("older", _("More than 14 days ago")),
        ],
        required=False,
    )
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=NeedCategory.objects.none(),
        required=False,
        empty_label=_("All categories"),
    )
    q = forms.CharField(label=_("Words in the public summary"), max_length=100, required=False)
    after = forms.CharField(required=False, widget=forms.HiddenInput, max_length=40)

    def __init__(self, *args, categories: list[NeedCategory], **kwargs):
        super().__init__(*args, **kwargs)
        self.set_categories(categories)

    clean_after = BoardFilterForm.clean_after

    def filter(self, needs):
        """Apply the valid filters; an invalid one is ignored (its error shows by it)."""
        self.is_valid()
        data = self.cleaned_data
        if data.get("status"):
            needs = needs.filter(status=data["status"])
        if data.get("waiting"):
            needs = needs.waiting_for_connection()
        if data.get("age"):
            at_least, under = self.AGES[data["age"]]
            needs = needs.opened_days_ago(at_least=at_least, under=under)
        if data.get("category"):
            needs = needs.filter(category=data["category"])
        if data.get("q"):
            needs = needs.search(data["q"])
        if data.get("after"):
            needs = older_than(needs, data["after"])
        return needs

    def query_without_cursor(self) -> str:
        data = getattr(self, "cleaned_data", {})
        params = {name: data[name] for name in ("status", "age", "q") if data.get(name)}
        if data.get("waiting"):
            params["waiting"] = "on"
        if data.get("category"):
            params["category"] = data["category"].pk
        return urlencode(params)


class NeedFieldsMixin(NeighborhoodCategoriesMixin):
    def clean_needed_by(self):
        needed_by = self.cleaned_data.get("needed_by")
        if needed_by and needed_by < timezone.localdate():
            raise forms.ValidationError(_("This date has passed; pick today or a later day."))
        return needed_by

    def clean_public_summary(self):
        summary = self.cleaned_data["public_summary"].strip()
        if len(summary) < 5:
            raise forms.ValidationError(_("Say in a few words what is needed."))
        return summary


class NeedForm(NeedFieldsMixin, SubmitOnceForm, forms.ModelForm):
    """Post a need. Members ask for themselves; the summary must carry no personal details."""

    category = CategoryChoiceField(label=_("Category"), queryset=NeedCategory.objects.none())

    class Meta:
        model = ResourceRequest
        fields = ["category", "public_summary", "private_details", "urgency", "needed_by"]
        widgets = {
            "public_summary": forms.Textarea(attrs={"rows": 3, "maxlength": 280}),
            "private_details": forms.Textarea(attrs={"rows": 4}),
            "needed_by": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "private_details": _(
                "Only coordinators see this: how to reach you, an address, anything personal."
            ),
        }

    def __init__(self, *args, categories: list[NeedCategory], **kwargs):
        super().__init__(*args, **kwargs)
        self.set_categories(categories)


class NeedEditForm(NeedFieldsMixin, forms.ModelForm):
    """A coordinator's edit of a need's words, category, urgency and date."""

    category = CategoryChoiceField(label=_("Category"), queryset=NeedCategory.objects.none())
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ResourceRequest
        fields = ["category", "public_summary", "private_details", "urgency", "needed_by"]
        widgets = NeedForm.Meta.widgets

    def __init__(self, *args, categories: list[NeedCategory], **kwargs):
        super().__init__(*args, **kwargs)
        self.set_categories(categories)
        self.fields["version"].initial = self.instance.updated_at.isoformat()

    def clean_needed_by(self):
        # A coordinator may keep a date that has passed since the need was posted.
        needed_by = self.cleaned_data.get("needed_by")
        if needed_by and needed_by != self.instance.needed_by:
            return super().clean_needed_by()
        return needed_by

    def clean(self):
        cleaned = super().clean()
        if self.data.get(self.add_prefix("version")) != self.instance.updated_at.isoformat():
            raise forms.ValidationError(
                _("Someone changed this need while you were editing. Check it and save again.")
            )
        return cleaned

    def changed_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ConfirmForm(forms.Form):
    """The second step of an action that closes or withdraws: the button says yes."""

    confirmed = forms.BooleanField(required=True, widget=forms.HiddenInput)


class ReleaseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are you giving it back?"),
        max_length=200,
        help_text=_("For example “I fell ill” or “I could not get there in time”."),
    )


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason for closing"), choices=ResourceRequest.CloseReason.choices
    )
    note = forms.CharField(label=_("Note (optional)"), max_length=150, required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why re-open it? (optional)"), max_length=200, required=False)


class ConnectForm(forms.Form):
    shared_contact = forms.CharField(
        label=_("Contact details to share with the helper"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only what the person agreed to share, for example a first name and a phone."),
    )


class OfferForm(NeighborhoodCategoriesMixin, SubmitOnceForm, forms.ModelForm):
    category = CategoryChoiceField(label=_("Category"), queryset=NeedCategory.objects.none())

    class Meta:
        model = Offer
        fields = ["category", "description", "availability"]

    def __init__(self, *args, categories: list[NeedCategory], **kwargs):
        super().__init__(*args, **kwargs)
        self.set_categories(categories)

    def clean_description(self):
        description = self.cleaned_data["description"].strip()
        if len(description) < 3:
            raise forms.ValidationError(_("Say in a few words what you can give."))
        return description


class StaleDaysForm(forms.ModelForm):
    class Meta:
        model = NeedsSettings
        fields = ["stale_after_days"]

    def clean_stale_after_days(self):
        days = self.cleaned_data["stale_after_days"]
        if not 1 <= days <= 365:
            raise forms.ValidationError(_("Enter a number of days from 1 to 365."))
        return days


class DigestForm(forms.Form):
    subscribe = forms.BooleanField(
        label=_("Email me a daily digest of new needs that match my offers"), required=False
    )

"""Forms of the table. Every field is optional except a first name (or nickname)."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Membership, Neighborhood, Role, User, phone_validator
from mutualaid.models import NeedCategory
from wcc.idempotency import SubmitOnceForm

from .models import IntakeSession, MergePlan, Visitor


class ShareBoxes(forms.CheckboxSelectMultiple):
    """Checkboxes drawn by one template (Django's takes three per option), as toggles
    of at least a finger's size."""

    template_name = "intake/choice_boxes.html"
    toggles = True

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["toggles"] = self.toggles
        return context


class NeedToggles(ShareBoxes):
    """Needs as compact toggle buttons (styled checkboxes: they work without JS)."""


class ReadOnceChoiceIterator(forms.models.ModelChoiceIterator):
    """Choices from the field's queryset, read once per form.

    Django's iterator runs the query again (through a server-side cursor on
    PostgreSQL) every time the choices are read; the intake form reads each list
    when it renders, and validation still asks the database (``queryset``).
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:  # the queryset keeps its rows after the first read
            yield self.choice(obj)


class ReadOnceChoices:
    """For a ModelChoiceField: its choices read once (see ReadOnceChoiceIterator), and
    fields given the same queryset share its rows (Django would copy it)."""

    iterator = ReadOnceChoiceIterator

    def _set_queryset(self, queryset):
        self._queryset = queryset
        self.widget.choices = self.choices

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)


class ReadOnceModelChoiceField(ReadOnceChoices, forms.ModelChoiceField):
    pass


class ReadOnceModelMultipleChoiceField(ReadOnceChoices, forms.ModelMultipleChoiceField):
    pass


def staff_of(neighborhood: Neighborhood):
    """Who can own a follow-up: with only what the choice shows (``User.__str__``)."""
    return (
        User.objects.filter(
            memberships__in=Membership.objects.active()
            .in_neighborhood(neighborhood)
            .with_role_at_least(Role.VOLUNTEER)
        )
        .only("display_name", "email")
        .order_by("display_name")
    )


class VisitForm(forms.Form):
    """The visit and the visitor's details in one form, for a phone at the table."""

    visitor = forms.ModelChoiceField(
        queryset=Visitor.objects.none(), required=False, widget=forms.HiddenInput
    )
    visitor_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    visit_version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    first_name = forms.CharField(
        label=_("First name or nickname"),
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    last_name = forms.CharField(label=_("Last name (optional)"), max_length=80, required=False)
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=32,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    needs = ReadOnceModelMultipleChoiceField(
        label=_("Needs"),
        queryset=NeedCategory.objects.none(),
        required=False,
        widget=NeedToggles(attrs={"class": "need-toggles"}),
    )
    shared = ReadOnceModelMultipleChoiceField(
        label=_("Share on the needs board (the visitor agrees)"),
        queryset=NeedCategory.objects.none(),
        required=False,
        widget=ShareBoxes(attrs={"class": "share-boxes"}),
        help_text=_("Only the public summary below is shown to members, never the name."),
    )
    public_summary = forms.CharField(
        label=_("Public summary (no names or personal details)"),
        max_length=280,
        required=False,
        help_text=_("Leave empty to use the suggested summary: the need and the household size."),
    )
    household_size = forms.IntegerField(
        label=_("Household size (optional)"), min_value=1, max_value=30, required=False
    )
    languages = forms.CharField(
        label=_("Languages spoken (optional)"), max_length=120, required=False
    )
    contact_by = forms.ChoiceField(
        label=_("How to contact (optional)"),
        choices=[("", "—"), *Visitor.ContactBy.choices],
        required=False,
    )
    contact_consent = forms.BooleanField(label=_("Agrees to be contacted"), required=False)
    note = forms.CharField(
        label=_("Private note (volunteers and coordinators only)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_up = forms.CharField(label=_("Follow-up: what"), max_length=280, required=False)
    follow_up_owner = ReadOnceModelChoiceField(
        label=_("Follow-up: who"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody yet"),
    )
    follow_up_due = forms.DateField(
        label=_("Follow-up: by when"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    VISITOR_FIELDS = [
        "first_name",
        "last_name",
        "phone",
        "household_size",
        "languages",
        "contact_by",
    ]

    # The one screen to Save: the name and the needs stay in view; sharing and the
    # optional details fold away until the volunteer opens them.
    SHARE_FIELDS = ["shared", "public_summary"]
    MORE_FIELDS = [
        "last_name",
        "phone",
        "household_size",
        "languages",
        "contact_by",
        "contact_consent",
        "note",
        "follow_up",
        "follow_up_owner",
        "follow_up_due",
    ]

    def share_fields(self):
        return [self[name] for name in self.SHARE_FIELDS]

    def more_fields(self):
        return [self[name] for name in self.MORE_FIELDS]

    def share_open(self) -> bool:
        """Open the sharing step when it holds an error or something shared."""
        if any(self[name].errors for name in self.SHARE_FIELDS):
            return True
        if self.is_bound:
            return bool(self.data.getlist(self.add_prefix("shared")))
        return bool(self.initial.get("shared"))

    def more_open(self) -> bool:
        return any(self[name].errors for name in self.MORE_FIELDS)

    def __init__(self, *args, neighborhood: Neighborhood, **kwargs):
        super().__init__(*args, **kwargs)
        categories = NeedCategory.objects.of(neighborhood).active()
        self.fields["needs"].queryset = categories
        self.fields["shared"].queryset = categories  # the same rows, read once
        # Merged records too: a form drawn before a merge follows it (clean_visitor).
        self.fields["visitor"].queryset = Visitor.objects.of(neighborhood).select_related(
            "merged_into"
        )
        self.fields["follow_up_owner"].queryset = staff_of(neighborhood)

    def clean_follow_up_due(self):
        due = self.cleaned_data.get("follow_up_due")
        if due and not (datetime.date(2000, 1, 1) <= due <= datetime.date(2100, 1, 1)):
            raise forms.ValidationError(_("Enter a date between 2000 and 2100."))
        return due

    def clean_visitor(self):
        """The record merged into, for one merged since the form was drawn; the record the
        form showed stays as ``merged_from`` (what the volunteer changed is read from it)."""
        visitor = self.cleaned_data.get("visitor")
        if visitor is not None and visitor.merged_into_id:
            self.merged_from = visitor
            return visitor.merged_into
        return visitor

    def clean(self):
        data = super().clean()
        if getattr(self, "merged_from", None) is not None:
            data["merged_from"] = self.merged_from
        needs, shared = data.get("needs") or [], data.get("shared") or []
        if any(category not in needs for category in shared):
            self.add_error("shared", _("Only a need that is ticked above can be shared."))
        if data.get("follow_up") and not data.get("follow_up_due"):
            self.add_error("follow_up_due", _("Say by when the follow-up is due."))
        return data

    def first_problem(self) -> str:
        """The first error in the order of the page, said beside Save."""
        for field in self:
            if field.errors:
                return f"{field.label}: {field.errors[0]}"
        errors = self.non_field_errors()
        return errors[0] if errors else ""

    def visitor_changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.VISITOR_FIELDS}

    @classmethod
    def initial_for(cls, visitor: Visitor | None) -> dict:
        if visitor is None:
            return {}
        return {
            "visitor": visitor.pk,
            "visitor_version": visitor.version,
            "contact_consent": visitor.contact_consent,
            **{name: getattr(visitor, name) for name in cls.VISITOR_FIELDS},
        }


class NewVisitForm(SubmitOnceForm, VisitForm):
    """A new visit: carries the per-render key so a double tap saves one visit."""


class VisitorForm(forms.ModelForm):
    """A visitor's details, edited from a possibly stale page: ``version`` catches it."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    household_size = forms.IntegerField(
        label=_("household size"), min_value=1, max_value=30, required=False
    )

    class Meta:
        model = Visitor
        fields = Visitor.EDITABLE
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel"})}


class PickForm(forms.Form):
    """The returning visitor picked from the search results (?visitor=id)."""

    visitor = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)


class SearchForm(forms.Form):
    q = forms.CharField(max_length=80, required=False, strip=True)


class SessionForm(forms.ModelForm):
    class Meta:
        model = IntakeSession
        fields = ["date", "starts_at", "ends_at", "place", "notes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "starts_at": forms.TimeInput(attrs={"type": "time"}),
            "ends_at": forms.TimeInput(attrs={"type": "time"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_date(self):
        date = self.cleaned_data["date"]
        if not datetime.date(2000, 1, 1) <= date <= datetime.date(2100, 1, 1):
            raise forms.ValidationError(_("Enter a date between 2000 and 2100."))
        return date

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end must come after the start."))
        return data


class StatusForm(forms.Form):
    """Open or close a session. Closing needs ``confirmed``: the question page sends it."""

    status = forms.ChoiceField(
        choices=[(IntakeSession.Status.OPEN, ""), (IntakeSession.Status.CLOSED, "")],
        widget=forms.HiddenInput,
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    @classmethod
    def to_close(cls) -> StatusForm:
        return cls(initial={"status": IntakeSession.Status.CLOSED, "confirmed": True})

    def closes_unasked(self) -> bool:
        return (
            self.cleaned_data["status"] == IntakeSession.Status.CLOSED
            and not (self.cleaned_data["confirmed"])
        )


class MergeForm(forms.Form):
    """Confirms one merge (a MergePlan): for each detail both records have, differently,
    which to keep; the versions seen, so a record changed since is looked at again."""

    kept_version = forms.IntegerField(widget=forms.HiddenInput)
    other_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, plan: MergePlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.initial.update(kept_version=plan.kept.version, other_version=plan.other.version)
        for conflict in plan.conflicts:
            self.fields[f"take_{conflict.name}"] = forms.ChoiceField(
                label=conflict.label.capitalize(),
                choices=[("kept", conflict.kept), ("other", conflict.other)],
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose which one to keep.")},
            )

    def conflict_fields(self):
        return [self[f"take_{conflict.name}"] for conflict in self.plan.conflicts]

    def take_from_other(self) -> set[str]:
        return {
            conflict.name
            for conflict in self.plan.conflicts
            if self.cleaned_data[f"take_{conflict.name}"] == "other"
        }

    def versions(self) -> tuple[int, int]:
        return self.cleaned_data["kept_version"], self.cleaned_data["other_version"]


class SessionListForm(forms.Form):
    """Which sessions the list shows: all, or those of past days still open."""

    show = forms.ChoiceField(
        choices=[("", _("All")), ("to-close", _("Still open from past days"))], required=False
    )


class FollowUpFilterForm(forms.Form):
    show = forms.ChoiceField(
        choices=[("due", _("Due")), ("overdue", _("Overdue")), ("done", _("Done"))],
        required=False,
    )


class EraseVisitorForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand this erases the visitor's details for good; counts stay.")
    )


class AccessLogFilterForm(forms.Form):
    """The neighborhood's access log, narrowed to one person and/or one day."""

    person = ReadOnceModelChoiceField(
        label=_("Person"), queryset=User.objects.none(), required=False, empty_label=_("Everyone")
    )
    day = forms.DateField(
        label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, neighborhood: Neighborhood, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = staff_of(neighborhood)

    def clean_day(self):
        day = self.cleaned_data.get("day")
        if day and not (datetime.date(2000, 1, 1) <= day <= datetime.date(2100, 1, 1)):
            raise forms.ValidationError(_("Enter a date between 2000 and 2100."))
        return day

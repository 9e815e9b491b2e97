"""Forms for meetings: planning, the door's roster search, minutes and action points."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from members.models import Membership, User
from mutualaid.forms.shifts import SeriesForm
from wcc.idempotency import SubmitOnceForm
from wcc.recurrence import build_rule, first_date

from ..models import ActionPoint, AgendaItem, Meeting, MeetingSeries, Proposal
from .proposals import DeadlineInput


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


def members_of(neighborhood):
    ids = Membership.objects.active().filter(neighborhood=neighborhood).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("display_name", "pk")


RUN_BY = ["facilitator", "note_taker"]  # who runs a meeting: chosen among its members


class RunByMembersMixin:
    """The facilitator and note-taker fields of a meeting's and a series' form: the
    neighborhood's members by name, labelled in the meeting's words (the series' model
    fields have none of their own)."""

    def choose_run_by_among(self, neighborhood) -> None:
        for name in RUN_BY:
            self.fields[name].queryset = members_of(neighborhood)
            self.fields[name].label = capfirst(Meeting._meta.get_field(name).verbose_name)


class MeetingForm(RunByMembersMixin, forms.ModelForm):
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("One item a line, in order."),
    )
    # Declared so a link typed without a scheme reads as https (Django 6's default).
    call_link = forms.URLField(
        label=_("call link"), required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = Meeting
        fields = ["title", "kind", "starts_at", "place", "call_link", "audience_role", *RUN_BY]
        widgets = {"starts_at": DeadlineInput(), "kind": forms.RadioSelect}
        field_classes = dict.fromkeys(RUN_BY, MemberChoiceField)

    def __init__(self, *args, neighborhood, **kwargs):
        super().__init__(*args, **kwargs)
        self.choose_run_by_among(neighborhood)
        # A study circle's session is planned from its circle (it needs one).
        self.fields["kind"].choices = [
            choice for choice in Meeting.Kind.choices if choice[0] != Meeting.Kind.SESSION
        ]

    def clean_agenda(self):
        lines = [line.strip() for line in self.cleaned_data["agenda"].splitlines()]
        lines = [line[:200] for line in lines if line]
        if not lines:
            raise forms.ValidationError(_("Write at least one agenda item."))
        return lines


class MeetingSeriesForm(RunByMembersMixin, SubmitOnceForm, forms.ModelForm):
    """A recurring meeting: the recurrence fields are the shifts' series form's own
    (one definition), turned into a rule by wcc/recurrence.py."""

    frequency = SeriesForm.base_fields["frequency"]
    interval = SeriesForm.base_fields["interval"]
    weekday = SeriesForm.base_fields["weekday"]
    week_of_month = SeriesForm.base_fields["week_of_month"]
    starts_on = SeriesForm.base_fields["starts_on"]
    ends_on = SeriesForm.base_fields["ends_on"]
    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[c for c in Meeting.Kind.choices if c[0] != Meeting.Kind.SESSION],
        widget=forms.RadioSelect,
        initial=Meeting.Kind.ASSEMBLY,
    )
    audience_role = Meeting._meta.get_field("audience_role").formfield()
    call_link = forms.URLField(
        label=_("call link"), required=False, assume_scheme="https", max_length=200
    )
    agenda = MeetingForm.base_fields["agenda"]

    class Meta:
        model = MeetingSeries
        fields = ["title", "kind", "start_time", "place", "call_link", "audience_role"]
        fields += [*RUN_BY, "agenda"]
        widgets = {"start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
        field_classes = dict.fromkeys(RUN_BY, MemberChoiceField)

    def __init__(self, *args, neighborhood, **kwargs):
        super().__init__(*args, **kwargs)
        self.neighborhood = neighborhood
        self.choose_run_by_among(neighborhood)

    def clean_agenda(self):
        lines = MeetingForm.clean_agenda(self)
        return "\n".join(lines)

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        today = timezone.localdate(timezone=self.neighborhood.zone)
        if starts_on and not (
            today - timedelta(days=31) <= starts_on <= today + timedelta(days=366)
        ):
            self.add_error("starts_on", _("Choose a first date within the coming year."))
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last date must be on or after the first date."))
        if self.errors or not starts_on:
            return cleaned
        rule = build_rule(
            frequency=cleaned["frequency"],
            interval=cleaned["interval"],
            weekday=cleaned["weekday"],
            week_of_month=cleaned["week_of_month"],
            ends_on=ends_on,
        )
        if first_date(rule, starts_on) is None:
            self.add_error(
                None,
                _("This rule gives no dates between the first and the last date. Check the day."),
            )
        self.instance.rule, self.instance.starts_on = rule, starts_on
        return cleaned

    def series_fields(self) -> dict:
        data = self.cleaned_data
        names = ["title", "kind", "start_time", "place", "call_link", "audience_role"]
        names += [*RUN_BY, "agenda"]
        fields = {name: data[name] for name in names}
        return fields | {"rule": self.instance.rule, "starts_on": self.instance.starts_on}


class RosterSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=80)


class CheckInForm(forms.Form):
    person = MemberChoiceField(queryset=User.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, neighborhood, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members_of(neighborhood)


class AgendaItemForm(forms.ModelForm):
    """An item's title, who brings it, and the proposal it is about (if any)."""

    class Meta:
        model = AgendaItem
        fields = ["title", "owner", "proposal"]
        field_classes = {"owner": MemberChoiceField}

    def __init__(self, *args, neighborhood, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(neighborhood)
        self.fields["proposal"].queryset = (
            Proposal.objects.of(neighborhood)
            .exclude(status=Proposal.Status.DRAFT)
            .order_by("-created_at", "-pk")
        )


class ItemMinutesForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    class Meta:
        model = AgendaItem
        fields = ["notes", "decisions"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 5}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
        }


class ActionPointForm(forms.ModelForm):
    class Meta:
        model = ActionPoint
        fields = ["text", "owner", "due_on"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"})}
        field_classes = {"owner": MemberChoiceField}

    def __init__(self, *args, neighborhood, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = members_of(neighborhood)

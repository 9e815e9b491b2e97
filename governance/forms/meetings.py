"""Forms for meetings: planning, the door's roster search, minutes and action points."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Membership, User

from ..models import ActionPoint, AgendaItem, Meeting
from .proposals import DeadlineInput


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


def members_of(neighborhood):
    ids = Membership.objects.active().filter(neighborhood=neighborhood).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("display_name", "pk")


class MeetingForm(forms.ModelForm):
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
        fields = ["title", "kind", "starts_at", "place", "call_link", "facilitator", "note_taker"]
        widgets = {"starts_at": DeadlineInput(), "kind": forms.RadioSelect}
        field_classes = {"facilitator": MemberChoiceField, "note_taker": MemberChoiceField}

    def __init__(self, *args, neighborhood, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("facilitator", "note_taker"):
            self.fields[name].queryset = members_of(neighborhood)

    def clean_agenda(self):
        lines = [line.strip() for line in self.cleaned_data["agenda"].splitlines()]
        lines = [line[:200] for line in lines if line]
        if not lines:
            raise forms.ValidationError(_("Write at least one agenda item."))
        return lines


class RosterSearchForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=80)


class CheckInForm(forms.Form):
    person = MemberChoiceField(queryset=User.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, neighborhood, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members_of(neighborhood)


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

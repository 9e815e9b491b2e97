"""Forms for proposals, votes, comments, the neighborhood's rules and the log's search."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wcc.idempotency import SubmitOnceForm

from ..models import Comment, Decision, GovernanceSettings, Meeting, Proposal
from ..models.proposals import CHOICE_LABELS, NEEDS_REASON


class DeadlineInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format="%Y-%m-%dT%H:%M")


class ProposalForm(SubmitOnceForm, forms.ModelForm):
    class Meta:
        model = Proposal
        fields = [
            "title",
            "text",
            "change",
            "process",
            "threshold",
            "secret",
            "deadline",
            "meeting",
        ]
        widgets = {
            "process": forms.RadioSelect,
            "threshold": forms.RadioSelect,
            "deadline": DeadlineInput(),
            "text": forms.Textarea(attrs={"rows": 6}),
            "change": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, neighborhood, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.of(neighborhood).upcoming()
        self.fields["meeting"].empty_label = _("No: all active members")

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return deadline


class ProposalEditForm(ProposalForm):
    """An edit carries the version it was made from, so a newer edit is a conflict."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class VoteForm(forms.Form):
    choice = forms.ChoiceField(label=_("Your vote"), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Your reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed with a concern or a block."),
    )

    def __init__(self, *args, proposal: Proposal, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = [(c, CHOICE_LABELS[c]) for c in proposal.choices]

    def clean(self):
        data = super().clean()
        if data.get("choice") in NEEDS_REASON and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why: the others need your reason to answer it."))
        return data


class CommentForm(SubmitOnceForm, forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class CommentEditForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class SettingsForm(forms.ModelForm):
    class Meta:
        model = GovernanceSettings
        fields = ["who_may_propose", "quorum_percent"]
        widgets = {"who_may_propose": forms.RadioSelect}


class DecisionSearchForm(forms.Form):
    q = forms.CharField(label=_("Search the decisions"), required=False, max_length=100)


class UrgentDecisionForm(SubmitOnceForm, forms.ModelForm):
    supersedes = forms.ModelChoiceField(
        label=_("It replaces an earlier decision"),
        queryset=Decision.objects.none(),
        required=False,
        empty_label=_("None"),
    )

    class Meta:
        model = Decision
        fields = ["title", "text", "reason"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 4}),
            "reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, neighborhood, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = True
        self.fields["supersedes"].queryset = Decision.objects.of(neighborhood).filter(
            superseded_by=None, outcome=Decision.Outcome.ADOPTED
        )


class RatifyForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("The assembly"),
        widget=forms.RadioSelect,
        choices=[("confirm", _("confirmed it")), ("reverse", _("reversed it"))],
    )
    note = forms.CharField(
        label=_("Note for the log"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

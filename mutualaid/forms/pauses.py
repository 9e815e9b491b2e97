"""The coordinator's pause of a volunteer (the volunteer's own is PauseForm in shifts)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .shifts import PauseForm


class CoordinatorPauseForm(PauseForm):
    """The same rules as a volunteer's own pause, in words about someone else."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].label = _("Paused from")
        self.fields["ends_on"].label = _("Paused until")
        self.fields["ends_on"].help_text = _("The last day they are away (included).")


class EndPauseForm(forms.Form):
    """The confirmation of "End this pause now" (a hidden field, so a bare POST from a
    stale page does not end it by accident)."""

    confirmed = forms.BooleanField(widget=forms.HiddenInput, initial=True)

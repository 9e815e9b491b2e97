"""The year chooser of "our neighborhood in numbers" (a GET filter, through a form)."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# How many past years the chooser offers beside the current one.
YEARS_BACK = 5


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        years = [(str(y), str(y)) for y in range(this_year, this_year - YEARS_BACK - 1, -1)]
        self.fields["year"].choices = [("", _("The last 12 months")), *years]

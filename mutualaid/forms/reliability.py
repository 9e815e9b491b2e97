"""The period and threshold of the coordinator's reliability view."""

from datetime import timedelta

from django import forms
from django.utils.translation import gettext_lazy as _

DEFAULT_DAYS = 90
# The default period reaches a week ahead: places given up late for coming shifts count.
DEFAULT_DAYS_AHEAD = 7
MAX_DAYS = 2 * 366


class ReliabilityForm(forms.Form):
    """From / to dates (both included) and how many late cancellations or no-shows
    make a volunteer listed. Read from the address (GET), so the page can be shared
    and Back shows the same list; empty fields fall back to the last 90 days and the
    coming week."""

    starts_on = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    at_least = forms.IntegerField(
        label=_("At least this many times"),
        help_text=_("Late cancellations or no-shows, each counted on its own."),
        min_value=1,
        max_value=100,
        required=False,
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        ends_on = cleaned.get("ends_on") or self.today + timedelta(days=DEFAULT_DAYS_AHEAD)
        starts_on = cleaned.get("starts_on") or ends_on - timedelta(days=DEFAULT_DAYS)
        if ends_on < starts_on:
            self.add_error("ends_on", _("The end date must be on or after the start date."))
        elif (ends_on - starts_on).days > MAX_DAYS:
            self.add_error("ends_on", _("Choose a period of at most two years."))
        cleaned["starts_on"], cleaned["ends_on"] = starts_on, ends_on
        cleaned["at_least"] = cleaned.get("at_least") or 2
        return cleaned

    def period(self) -> tuple:
        """(from, to, at least) when valid; the defaults when the form has errors (the
        page then shows the errors by the fields and the default list)."""
        if self.is_valid():
            data = self.cleaned_data
            return data["starts_on"], data["ends_on"], data["at_least"]
        ends_on = self.today + timedelta(days=DEFAULT_DAYS_AHEAD)
        return ends_on - timedelta(days=DEFAULT_DAYS), ends_on, 2

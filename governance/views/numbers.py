"""“Our neighborhood in numbers”: the last twelve months, or a calendar year as a
printable report."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from members.access import neighborhood_view
from members.models import Neighborhood

from .. import numbers
from ..forms.numbers import YearForm


@neighborhood_view()
def neighborhood_numbers(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = YearForm(request.GET)
    year = form.cleaned_data["year"] if form.is_valid() else None
    today = timezone.localdate(timezone=neighborhood.zone)
    first = date(year, 1, 1) if year else numbers.last_twelve_months(today)
    context = {
        "neighborhood": neighborhood,
        "form": form,
        "year": year,
        "first": first,
        "figures": numbers.figures(neighborhood, first),
        "today": today,
    }
    return render(request, "governance/numbers.html", context)

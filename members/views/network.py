"""The network admins' pages: the overview of every neighborhood, and starting a new one."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from wcc.idempotency import submit_once

from .. import actions, registry
from ..access import network_admin_view
from ..forms import NewNeighborhoodForm
from ..models import Neighborhood


@network_admin_view
def network_overview(request: HttpRequest) -> HttpResponse:
    """One row per neighborhood, one column per registered figure (members.registry)."""
    neighborhoods = list(Neighborhood.objects.all())
    columns = [
        (registry.overview_figures.labels[name], figure(neighborhoods))
        for name, figure in registry.overview_figures.items()
    ]
    rows = [
        (neighborhood, [values.get(neighborhood.pk, 0) for _label, values in columns])
        for neighborhood in neighborhoods
    ]
    context = {"labels": [label for label, _values in columns], "rows": rows}
    return render(request, "members/network_overview.html", context)


@network_admin_view
def neighborhood_new(request: HttpRequest) -> HttpResponse:
    form = NewNeighborhoodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        neighborhood, _created = submit_once(
            key=data["submission_key"],
            user=request.user,
            create=lambda: actions.copy_neighborhood(
                source=data["source"], name=data["name"], slug=data["slug"], by=request.user
            ),
        )
        messages.success(request, _("%s is set up. Invite its first coordinator.") % neighborhood)
        return redirect("invitations", slug=neighborhood.slug)
    return render(request, "members/neighborhood_new.html", {"form": form})

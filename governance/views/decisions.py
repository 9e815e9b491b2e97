"""The decision log, one decision, urgent decisions and their confirmation, and the
neighborhood's rules for proposals."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from members.access import neighborhood_view
from members.models import Neighborhood, Role

from ..access import get_decision_or_404
from ..actions import decisions as actions
from ..forms.proposals import DecisionSearchForm, RatifyForm, SettingsForm, UrgentDecisionForm
from ..models import Decision, GovernanceSettings
from ..models.proposals import CHOICE_LABELS
from .proposals import _create_once

LOG = "governance/decisions/log.html"
LOG_ROWS = 50


@neighborhood_view()
def decision_log(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = DecisionSearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    decisions = Decision.objects.of(neighborhood).search(query).for_log()
    rows = list(decisions[: LOG_ROWS + 1])
    context = {
        "neighborhood": neighborhood,
        "form": form,
        "query": query,
        "decisions": rows[:LOG_ROWS],
        "more": len(rows) > LOG_ROWS,
    }
    if request.htmx:
        return render(request, f"{LOG}#results", context)
    return render(request, LOG, context)


@neighborhood_view()
def decision_detail(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    decision = get_decision_or_404(request, neighborhood, pk)
    counts = []
    if decision.tally:
        counts = [(CHOICE_LABELS[c], n) for c, n in decision.tally["counts"].items()]
    context = {
        "neighborhood": neighborhood,
        "decision": decision,
        "counts": counts,
        "supersedes": list(decision.supersedes.order_by("-decided_at")),
        # Why it went as it did: the concerns and blocks, without names even for an
        # open ballot (the proposal's page has the names of an open ballot's votes).
        "reasons": [(CHOICE_LABELS[c], r) for c, r in decision.proposal.reasons()]
        if decision.proposal
        else [],
    }
    return render(request, "governance/decisions/detail.html", context)


@neighborhood_view(Role.COORDINATOR)
def urgent_decision_create(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = UrgentDecisionForm(request.POST or None, neighborhood=neighborhood)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        decision = _create_once(
            request,
            form,
            lambda: actions.take_urgent_decision(
                neighborhood=neighborhood,
                by=request.user,
                title=data["title"],
                text=data["text"],
                reason=data["reason"],
                supersedes=data["supersedes"],
            ),
        )
        if decision is not None:
            messages.success(
                request,
                _(
                    "The decision is in the log and the members are told. The next assembly "
                    "confirms or reverses it."
                ),
            )
            return redirect("decision_detail", slug=neighborhood.slug, pk=decision.pk)
    context = {"neighborhood": neighborhood, "form": form}
    return render(request, "governance/decisions/urgent.html", context)


@neighborhood_view(Role.COORDINATOR)
def decision_ratify(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    decision = get_decision_or_404(request, neighborhood, pk)
    if not decision.awaits_confirmation:
        messages.info(request, _("This decision is not waiting for an assembly."))
        return redirect("decision_detail", slug=neighborhood.slug, pk=decision.pk)
    form = RatifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        confirmed = form.cleaned_data["verdict"] == "confirm"
        actions.ratify(
            decision=decision, by=request.user, confirmed=confirmed, note=form.cleaned_data["note"]
        )
        text = (
            _("Recorded: the assembly confirmed it.")
            if confirmed
            else _("Recorded: the assembly reversed it.")
        )
        messages.success(request, text)
        return redirect("decision_detail", slug=neighborhood.slug, pk=decision.pk)
    context = {"neighborhood": neighborhood, "decision": decision, "form": form}
    return render(request, "governance/decisions/ratify.html", context)


@neighborhood_view(Role.COORDINATOR)
def governance_settings(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = SettingsForm(request.POST or None, instance=GovernanceSettings.of(neighborhood))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The rules for proposals are saved."))
        return redirect("proposal_list", slug=neighborhood.slug)
    context = {"neighborhood": neighborhood, "form": form}
    return render(request, "governance/settings.html", context)

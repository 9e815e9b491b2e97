"""The open-needs board, a member's claims and offers, and the coordinator's triage."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import NamedTuple

from django.contrib import messages
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.access import can_coordinate, neighborhood_view
from members.models import Neighborhood, Role
from wcc.idempotency import submit_once
from wcc.models import new_submission_key
from wcc.paging import encode_cursor

from ..actions import needs as actions
from ..forms.needs import (
    BoardFilterForm,
    CloseForm,
    ConfirmForm,
    ConnectForm,
    DigestForm,
    NeedEditForm,
    NeedForm,
    NeedListFilterForm,
    OfferForm,
    ReleaseForm,
    ReopenForm,
    StaleDaysForm,
)
from ..models import (
    DigestSubscription,
    NeedCategory,
    NeedsSettings,
    NeedTransitionError,
    Offer,
    OwnNeedError,
    ResourceRequest,
)
from ..models.needs import age_text

PAGE_SIZE = 20
TRIAGE_ROWS = 20  # per section, oldest (stale, urgent) or newest first; "20+" when cut
NEW_DAYS = 7
BOARD = "mutualaid/needs/board.html"


def get_need_or_404(request: HttpRequest, neighborhood: Neighborhood, pk: int, **filters):
    """A need of this neighborhood (and, with filters, only one that matches them)."""
    return get_object_or_404(
        ResourceRequest.objects.of(neighborhood).select_related("category"), pk=pk, **filters
    )


def get_offer_or_404(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> Offer:
    return get_object_or_404(Offer.objects.of(request.user, neighborhood), pk=pk)


def _create_once(request: HttpRequest, form, create) -> bool:
    """submit_once, with a key that is not this person's shown as a form error (not a 500)."""
    try:
        submit_once(key=form.cleaned_data["submission_key"], user=request.user, create=create)
    except IntegrityError:
        form.add_error(None, _("This form was already used. Please check it and send it again."))
        form.data = form.data.copy()
        form.data["submission_key"] = str(new_submission_key())
        return False
    return True


def _board_url(neighborhood: Neighborhood) -> str:
    return reverse("needs_board", kwargs={"slug": neighborhood.slug})


@neighborhood_view()
def board(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    # Nothing is built or read until the template asks: a full page whose filters and
    # cards are in the fragment cache (wcc/content_stamps.py) builds no form and no
    # queryset, and reads neither categories nor needs.
    form = SimpleLazyObject(
        lambda: BoardFilterForm(request.GET, categories=NeedCategory.in_use(neighborhood))
    )

    def needs_page() -> list:
        needs = form.filter(
            ResourceRequest.objects.of(neighborhood)
            .for_board()
            .matching_offers_of(request.user, neighborhood)
        )
        return list(needs[: PAGE_SIZE + 1])

    page = SimpleLazyObject(needs_page)

    def has_offers() -> bool:
        """Asked only when "matches my offers" found nothing: none, or no offers at all?"""
        matches_only = form.is_valid() and form.cleaned_data.get("matches")
        return (
            bool(page)
            or not matches_only
            or Offer.objects.of(request.user, neighborhood).active().exists()
        )

    context = {
        "neighborhood": neighborhood,
        "form": form,
        "needs": SimpleLazyObject(lambda: page[:PAGE_SIZE]),
        "next_cursor": SimpleLazyObject(
            lambda: encode_cursor(page[PAGE_SIZE - 1]) if len(page) > PAGE_SIZE else ""
        ),
        "query": SimpleLazyObject(lambda: (form.is_valid(), form.query_without_cursor())[1]),
        "coordinating": can_coordinate(request.user, neighborhood),
        "has_offers": SimpleLazyObject(has_offers),
    }
    if request.htmx:
        form.is_valid()
        part = "page" if form.cleaned_data.get("after") else "results"
        return render(request, f"{BOARD}#{part}", context)
    return render(request, BOARD, context)


def _refusal(error: NeedTransitionError) -> tuple[str, str]:
    """Why a claim did not go through, in words that match what happened."""
    if isinstance(error, OwnNeedError):
        return "refused", _("This is your own need: someone else will help with it.")
    status = error.args[0] if error.args else ""
    if status == ResourceRequest.Status.CLAIMED:
        return "taken", _("Someone else took this one just before you. Thank you anyway!")
    if status == ResourceRequest.Status.FULFILLED:
        return "gone", _("This need was met meanwhile. Thank you anyway!")
    return "gone", _("This need was closed meanwhile: it is no longer needed. Thank you anyway!")


@require_POST
@neighborhood_view()
def claim(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    need = get_need_or_404(request, neighborhood, pk)
    try:
        need = actions.claim_need(need=need, member=request.user)
        outcome, text = "claimed", _("It is yours: thank you! Find it under “My claims”.")
    except NeedTransitionError as error:
        outcome, text = _refusal(error)
    if request.htmx:
        context = {
            "need": need,
            "outcome": outcome,
            "outcome_text": text,
            "offer_ids": set(),
            "coordinating": can_coordinate(request.user, neighborhood),
        }
        return render(request, f"{BOARD}#card", context)
    if outcome == "claimed":
        messages.success(request, text)
        return redirect("needs_my_claims", slug=neighborhood.slug)
    messages.warning(request, text)
    return redirect(_board_url(neighborhood))


@neighborhood_view()
def my_claims(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    needs = ResourceRequest.objects.of(neighborhood).select_related("category")
    claims = needs.claimed_by_user(request.user).order_by("claimed_at", "pk")
    asked = needs.filter(requested_by=request.user).order_by("-created_at")[:PAGE_SIZE]
    context = {"neighborhood": neighborhood, "claims": claims, "asked": asked}
    return render(request, "mutualaid/needs/my_claims.html", context)


@require_POST
@neighborhood_view()
def fulfil(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """Asks first: "Mark fulfilled" posts without ``confirmed`` and gets what happens
    (in place with htmx, as a page without), whose button posts again with it."""
    need = get_need_or_404(request, neighborhood, pk, claimed_by=request.user)
    if not ConfirmForm(request.POST).is_valid():
        context = {"neighborhood": neighborhood, "need": need, "confirm_fulfil": True}
        if request.htmx:
            return render(request, "mutualaid/needs/my_claims.html#claim", context)
        return render(request, "mutualaid/needs/fulfil_confirm.html", context)
    try:
        need = actions.fulfil_need(need=need, member=request.user)
        text = _("Marked as fulfilled. Thank you for helping!")
    except NeedTransitionError:
        text = _("This need is no longer yours to fulfil.")
    if request.htmx:
        context = {"need": need, "outcome_text": text}
        return render(request, "mutualaid/needs/my_claims.html#claim", context)
    messages.success(request, text)
    return redirect("needs_my_claims", slug=neighborhood.slug)


@neighborhood_view()
def release(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    need = get_need_or_404(request, neighborhood, pk, claimed_by=request.user)
    form = ReleaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.release_need(need=need, member=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("You gave it back; it is on the board again."))
        except NeedTransitionError:
            messages.warning(request, _("This need is no longer yours to give back."))
        return redirect("needs_my_claims", slug=neighborhood.slug)
    context = {"neighborhood": neighborhood, "need": need, "form": form}
    return render(request, "mutualaid/needs/release.html", context)


@neighborhood_view()
def post_need(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = NeedForm(request.POST or None, categories=NeedCategory.in_use(neighborhood))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        coordinator = can_coordinate(request.user, neighborhood)
        created = _create_once(
            request,
            form,
            lambda: actions.post_need(
                neighborhood=neighborhood,
                by=request.user,
                category=data["category"],
                public_summary=data["public_summary"],
                private_details=data["private_details"],
                urgency=data["urgency"],
                needed_by=data["needed_by"],
                source=ResourceRequest.Source.COORDINATOR
                if coordinator
                else ResourceRequest.Source.MEMBER,
            ),
        )
        if created:
            messages.success(request, _("Your need is on the board. Neighbors can offer help now."))
            return redirect(_board_url(neighborhood))
    return render(
        request, "mutualaid/needs/post.html", {"neighborhood": neighborhood, "form": form}
    )


@neighborhood_view()
def offers(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = OfferForm(request.POST or None, categories=NeedCategory.in_use(neighborhood))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = _create_once(
            request,
            form,
            lambda: actions.add_offer(
                neighborhood=neighborhood,
                member=request.user,
                category=data["category"],
                description=data["description"],
                availability=data["availability"],
            ),
        )
        if created:
            messages.success(
                request, _("Your offer is saved. Matching needs are marked on the board.")
            )
            return redirect("needs_offers", slug=neighborhood.slug)
    subscribed = DigestSubscription.objects.filter(
        user=request.user, neighborhood=neighborhood
    ).exists()
    context = {
        "neighborhood": neighborhood,
        "form": form,
        "offers": Offer.objects.of(request.user, neighborhood).select_related("category"),
        "digest_form": DigestForm(initial={"subscribe": subscribed}),
        "subscribed": subscribed,
    }
    return render(request, "mutualaid/needs/offers.html", context)


@require_POST
@neighborhood_view()
def offer_toggle(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """Making an offer active acts at once; pausing it asks first (in place with
    htmx, as a page without), since its matches stop reaching the member."""
    offer = get_offer_or_404(request, neighborhood, pk)
    if offer.is_active and not ConfirmForm(request.POST).is_valid():
        context = {"neighborhood": neighborhood, "offer": offer, "confirm_pause": True}
        if request.htmx:
            return render(request, "mutualaid/needs/offers.html#offer", context)
        return render(request, "mutualaid/needs/offer_pause_confirm.html", context)
    offer.set_active(not offer.is_active)
    text = _("Your offer is active again.") if offer.is_active else _("Your offer is paused.")
    if request.htmx:
        context = {"neighborhood": neighborhood, "offer": offer, "outcome_text": text}
        return render(request, "mutualaid/needs/offers.html#offer", context)
    messages.success(request, text)
    return redirect("needs_offers", slug=neighborhood.slug)


@require_POST
@neighborhood_view()
def digest(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = DigestForm(request.POST)
    form.is_valid()  # a boolean: anything but a ticked box means "no"
    subscribe = bool(form.cleaned_data.get("subscribe"))
    actions.set_digest(user=request.user, neighborhood=neighborhood, subscribe=subscribe)
    if subscribe:
        messages.success(request, _("You will get a daily digest of matching needs."))
    else:
        messages.success(request, _("You will no longer get the daily digest."))
    return redirect("needs_offers", slug=neighborhood.slug)


@neighborhood_view()
def text_list(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    needs = ResourceRequest.objects.of(neighborhood).for_board()[:100]
    context = {
        "neighborhood": neighborhood,
        "needs": needs,
        "board_url": request.build_absolute_uri(_board_url(neighborhood)),
    }
    return render(request, "mutualaid/needs/text_list.html", context)


@neighborhood_view(Role.COORDINATOR)
def needs_list(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    """Every need of the neighborhood, whatever its status, filtered: what the home's
    counts and triage link to, so no need is out of a coordinator's reach."""
    form = NeedListFilterForm(request.GET, categories=NeedCategory.in_use(neighborhood))
    needs = form.filter(ResourceRequest.objects.of(neighborhood).for_coordinator_list())
    page = list(needs[: PAGE_SIZE + 1])
    context = {
        "neighborhood": neighborhood,
        "form": form,
        "needs": page[:PAGE_SIZE],
        "next_cursor": encode_cursor(page[PAGE_SIZE - 1]) if len(page) > PAGE_SIZE else None,
        "query": form.query_without_cursor(),
    }
    template = "mutualaid/needs/list.html"
    if request.htmx:
        part = "page" if form.cleaned_data.get("after") else "results"
        return render(request, f"{template}#{part}", context)
    return render(request, template, context)


def get_own_need_or_404(request: HttpRequest, neighborhood: Neighborhood, pk: int):
    """A need the signed-in member asked for themselves; anyone else's is 404."""
    return get_need_or_404(request, neighborhood, pk, requested_by=request.user)


@neighborhood_view()
def edit_own(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    need = get_own_need_or_404(request, neighborhood, pk)
    if not need.may_be_changed_by_asker:
        messages.warning(
            request,
            _("Someone is already helping with this need, so it can no longer be changed here."),
        )
        return redirect("needs_my_claims", slug=neighborhood.slug)
    categories = NeedCategory.in_use(neighborhood)
    form = NeedEditForm(request.POST or None, instance=need, categories=categories)
    if request.method == "POST" and form.is_valid():
        try:
            actions.edit_need(need=need, fields=form.changed_fields(), by=request.user)
            messages.success(request, _("Your need is saved."))
        except NeedTransitionError:
            messages.warning(
                request, _("Someone took this need on meanwhile; nothing was changed.")
            )
        return redirect("needs_my_claims", slug=neighborhood.slug)
    context = {"neighborhood": neighborhood, "need": need, "form": form}
    return render(request, "mutualaid/needs/edit_own.html", context)


@neighborhood_view()
def withdraw(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """Asks first (GET, or a POST without the confirmation), then withdraws."""
    need = get_own_need_or_404(request, neighborhood, pk)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.withdraw_need(need=need, by=request.user)
            messages.success(request, _("Your need is withdrawn and off the board."))
        except NeedTransitionError:
            messages.warning(request, _("This need was already closed or met; nothing was done."))
        return redirect("needs_my_claims", slug=neighborhood.slug)
    context = {"neighborhood": neighborhood, "need": need}
    return render(request, "mutualaid/needs/withdraw.html", context)


@neighborhood_view(Role.COORDINATOR)
def triage(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    return render(request, "mutualaid/needs/triage.html", _triage_context(neighborhood))


class TriageRow(NamedTuple):
    """One row of a triage table, its labels already in the reader's language (each
    status and category translated once a page)."""

    pk: int
    public_summary: str
    is_urgent: bool
    category: str
    status: str
    created_at: datetime
    age: str = ""


def _triage_sections(neighborhood: Neighborhood, stale_days: int) -> dict[str, list[TriageRow]]:
    now = timezone.now()
    found = ResourceRequest.objects.of(neighborhood).for_triage(
        new_since=now - timedelta(days=NEW_DAYS), stale_days=stale_days, rows=TRIAGE_ROWS
    )
    statuses: dict[str, str] = {}
    categories: dict[int, str] = {}
    sections: dict[str, list[TriageRow]] = {"new": [], "urgent": [], "stale": []}
    for pk, summary, urgency, status, created_at, category_id, slug, name, names, key in found:
        if status not in statuses:
            statuses[status] = str(ResourceRequest.Status(status).label)
        if category_id not in categories:
            categories[category_id] = NeedCategory.label_of(slug, name, names)
        row = TriageRow(
            pk,
            summary,
            urgency == ResourceRequest.Urgency.URGENT,
            categories[category_id],
            statuses[status],
            created_at,
        )
        sections[key].append(row._replace(age=age_text(created_at, now)))
    for key, rows in sections.items():  # newest first, the others oldest first
        rows.sort(key=lambda row: (row.created_at, row.pk), reverse=key == "new")
    return sections


def _triage_context(neighborhood: Neighborhood, form: StaleDaysForm | None = None) -> dict:
    settings_row = NeedsSettings.for_neighborhood(neighborhood)
    days = settings_row.stale_after_days
    rows = _triage_sections(neighborhood, days)
    titles = {
        "new": _("New this week"),
        "urgent": _("Urgent"),
        "stale": _("Open longer than %(days)s days") % {"days": days},
    }
    return {
        "neighborhood": neighborhood,
        "sections": [(key, titles[key], rows[key]) for key in titles],
        "stale_form": form or StaleDaysForm(instance=settings_row),
        "triage_rows": TRIAGE_ROWS,
    }


@neighborhood_view(Role.COORDINATOR)
def manage(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    need = get_need_or_404(request, neighborhood, pk)
    categories = NeedCategory.in_use(neighborhood)
    form = NeedEditForm(request.POST or None, instance=need, categories=categories)
    if request.method == "POST" and form.is_valid():
        actions.edit_need(need=need, fields=form.changed_fields())
        messages.success(request, _("The need is saved."))
        return redirect("needs_manage", slug=neighborhood.slug, pk=need.pk)
    return render(request, "mutualaid/needs/manage.html", _manage_context(need, form=form))


def _manage_context(need: ResourceRequest, **forms) -> dict:
    need = ResourceRequest.objects.select_related(
        "neighborhood", "category", "requested_by", "claimed_by", "created_by"
    ).get(pk=need.pk)
    context = {
        "neighborhood": need.neighborhood,
        "need": need,
        "trail": need.status_changes.select_related("changed_by"),
        "reveals": need.contact_reveals.select_related("claimant", "revealed_by"),
        "close_form": CloseForm(),
        "reopen_form": ReopenForm(),
        "connect_form": ConnectForm(initial={"shared_contact": need.shared_contact}),
    }
    context.update(forms)
    if "form" not in context:
        context["form"] = NeedEditForm(
            instance=need, categories=NeedCategory.in_use(need.neighborhood)
        )
    return context


def _coordinator_step(request, neighborhood, pk, form_class, form_name, step, done):
    """Run one coordinator action on a need from a posted form; show errors on the page."""
    need = get_need_or_404(request, neighborhood, pk)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            step(need, form.cleaned_data)
            messages.success(request, done)
        except (NeedTransitionError, ValueError):
            messages.warning(request, _("The need changed meanwhile; nothing was done."))
        return redirect("needs_manage", slug=neighborhood.slug, pk=need.pk)
    context = _manage_context(need, **{form_name: form})
    return render(request, "mutualaid/needs/manage.html", context, status=400)


@require_POST
@neighborhood_view(Role.COORDINATOR)
def close(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """Asks first: the manage page's form posts here without ``confirmed``, and gets a
    page that says what closing does and who is told; its button posts again with it."""
    if not ConfirmForm(request.POST).is_valid():
        need = get_need_or_404(request, neighborhood, pk)
        form = CloseForm(request.POST)
        if form.is_valid():
            need = ResourceRequest.objects.select_related("claimed_by", "category").get(pk=need.pk)
            context = {"neighborhood": neighborhood, "need": need, "form": form}
            return render(request, "mutualaid/needs/close_confirm.html", context)
    return _coordinator_step(
        request,
        neighborhood,
        pk,
        CloseForm,
        "close_form",
        lambda need, data: actions.close_need(
            need=need, by=request.user, reason=data["reason"], note=data["note"]
        ),
        _("The need is closed."),
    )


@require_POST
@neighborhood_view(Role.COORDINATOR)
def reopen(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    return _coordinator_step(
        request,
        neighborhood,
        pk,
        ReopenForm,
        "reopen_form",
        lambda need, data: actions.reopen_need(need=need, by=request.user, reason=data["reason"]),
        _("The need is open again."),
    )


@require_POST
@neighborhood_view(Role.COORDINATOR)
def connect(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    return _coordinator_step(
        request,
        neighborhood,
        pk,
        ConnectForm,
        "connect_form",
        lambda need, data: actions.connect_claimant(
            need=need, by=request.user, shared_contact=data["shared_contact"]
        ),
        _("The helper can now see the contact details you shared."),
    )


@require_POST
@neighborhood_view(Role.COORDINATOR)
def stale_days(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = StaleDaysForm(request.POST, instance=NeedsSettings.for_neighborhood(neighborhood))
    if form.is_valid():
        form.save()
        days = form.cleaned_data["stale_after_days"]
        messages.success(
            request, _("Saved: needs open longer than %(days)s days are stale.") % {"days": days}
        )
        return redirect("needs_triage", slug=neighborhood.slug)
    context = _triage_context(neighborhood, form)
    return render(request, "mutualaid/needs/triage.html", context, status=400)

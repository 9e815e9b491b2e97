"""Joining: the public page with its join form, invitations, a member's own skills."""

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wcc.idempotency import submit_once

from .. import actions
from ..access import get_invitation_or_404, neighborhood_view
from ..forms import InvitationForm, InvitationSignUpForm, JoinForm, JoinMessageForm, SkillsForm
from ..models import Invitation, Membership, Neighborhood, Role

BACKEND = "django.contrib.auth.backends.ModelBackend"


def join_list(request: HttpRequest) -> HttpResponse:
    """The neighborhoods that take requests to join: where the login page sends newcomers."""
    neighborhoods = Neighborhood.objects.filter(accepts_join_requests=True)
    return render(request, "members/join_list.html", {"neighborhoods": neighborhoods})


def neighborhood_public(request: HttpRequest, slug: str) -> HttpResponse:
    """What anyone may know of a neighborhood, and the way to ask to join it.

    Someone with no session gets the same answer for every address (a link to confirm
    it, or a note to log in: see actions.sign_up_and_request) and is not signed in.
    """
    neighborhood = get_object_or_404(Neighborhood, slug=slug)
    membership = None
    if request.user.is_authenticated:
        membership = request.user.memberships.filter(neighborhood=neighborhood).first()
    form_class = JoinMessageForm if request.user.is_authenticated else JoinForm
    form = form_class(request.POST or None)
    can_ask = neighborhood.accepts_join_requests and (
        membership is None or membership.status == Membership.Status.INACTIVE
    )
    if request.method == "POST" and can_ask and form.is_valid():
        if request.user.is_authenticated:
            actions.request_to_join(
                neighborhood=neighborhood, user=request.user, message=form.cleaned_data["message"]
            )
        else:
            actions.sign_up_and_request(neighborhood=neighborhood, **form.cleaned_data)
        return redirect("join_thanks", slug=neighborhood.slug)
    context = {"neighborhood": neighborhood, "form": form, "membership": membership}
    return render(request, "members/neighborhood_public.html", context | {"can_ask": can_ask})


def join_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    """After asking: "check your email" for everyone with no session, whatever they typed."""
    neighborhood = get_object_or_404(Neighborhood, slug=slug)
    return render(request, "members/join_thanks.html", {"neighborhood": neighborhood})


def join_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link mailed to a new address. Opening it shows one button; pressing it makes
    the account and the request, and signs the person in. (A GET that used the link up
    would let mail scanners, which open every link, spend it before the person does.)"""
    if request.method == "POST":
        outcome, membership = actions.confirm_join(token=token)
        if outcome == "joined":
            login(request, membership.user, backend=BACKEND)
            return redirect(membership.neighborhood)
        status = 200 if outcome == "has_account" else 410
        return render(request, "members/join_confirm.html", {"outcome": outcome}, status=status)
    confirmation = actions.usable_join_confirmation(token)
    if confirmation is None:
        return render(request, "members/join_confirm.html", {"outcome": "gone"}, status=410)
    return render(request, "members/join_confirm.html", {"confirmation": confirmation})


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation.objects.select_related("neighborhood"), token=token)
    if not invitation.is_usable:
        return render(request, "members/invitation.html", {"invitation": invitation}, status=410)
    form = None
    if not request.user.is_authenticated:
        form = InvitationSignUpForm(request.POST or None, invitation=invitation)
    if request.method == "POST":
        membership = None
        if request.user.is_authenticated:
            membership = actions.accept_invitation(invitation=invitation, user=request.user)
        elif form.is_valid():
            data = {k: form.cleaned_data[k] for k in ("display_name", "email", "password")}
            membership = actions.sign_up_with_invitation(invitation=invitation, **data)
            if membership is not None:
                login(request, membership.user, backend=BACKEND)
        if membership is not None:
            messages.success(
                request, _("Welcome! You are now part of %s.") % membership.neighborhood
            )
            return redirect(membership.neighborhood)
    return render(request, "members/invitation.html", {"invitation": invitation, "form": form})


@neighborhood_view(Role.COORDINATOR)
def invitations(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation, _created = submit_once(
            key=data["submission_key"],
            user=request.user,
            create=lambda: actions.invite(
                neighborhood=neighborhood,
                role=data["role"],
                email=data["email"],
                days=data["days"],
                by=request.user,
            ),
        )
        messages.success(request, _("The invitation is ready. Its link is below."))
        return redirect(f"{request.path}?new={invitation.pk}")
    invitation_list = Invitation.objects.of(neighborhood).select_related("used_by")[:50]
    context = {"form": form, "invitations": invitation_list, "new": request.GET.get("new", "")}
    return render(request, "members/invitations.html", context)


@require_POST
@neighborhood_view(Role.COORDINATOR)
def invitation_withdraw(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    invitation = get_invitation_or_404(neighborhood, pk)
    if invitation.is_usable:
        invitation.withdraw()
        messages.success(request, _("The invitation is withdrawn; its link no longer works."))
    return redirect("invitations", slug=neighborhood.slug)


@neighborhood_view()
def my_membership(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    # Network admins open every neighborhood without a membership of their own.
    membership = request.user.memberships.filter(neighborhood=neighborhood).first()
    form = SkillsForm(
        request.POST or None,
        neighborhood=neighborhood,
        initial={"skills": membership.skills.all() if membership else []},
    )
    if request.method == "POST" and membership and form.is_valid():
        membership.skills.set(form.cleaned_data["skills"])
        messages.success(request, _("Your skills are saved."))
        return redirect("my_membership", slug=neighborhood.slug)
    return render(request, "members/my_membership.html", {"form": form, "membership": membership})

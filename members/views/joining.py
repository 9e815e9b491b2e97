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
        membership is None
        or (membership.status == Membership.Status.INACTIVE and not membership.ended_by_coordinator)
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


def refusal_message(reason: str, invitation: Invitation) -> str:
    """What a person is told when an invitation cannot be used (nothing changed)."""
    name = invitation.neighborhood.name
    texts = {
        actions.InvitationRefused.USED: _(
            "This link was just used, withdrawn or has expired, so it no longer works. "
            "Ask the person who gave it to you for a new one."
        ),
        actions.InvitationRefused.WRONG_ACCOUNT: _(
            "This invitation was sent to another email address than the one you are "
            "logged in with. Log in with the account of the address it was sent to, or "
            "ask the coordinator for an invitation to your address."
        ),
        actions.InvitationRefused.ENDED: _(
            "Your membership in %(name)s was ended by a coordinator, so this link cannot "
            "bring you back. Please contact a coordinator of %(name)s."
        ),
        actions.InvitationRefused.INACTIVE: _(
            "Your membership in %(name)s has ended, and a link passed on by hand cannot "
            "bring it back. Ask to join again from the neighborhood's page."
        ),
        actions.InvitationRefused.ALREADY_MEMBER: _(
            "You are already a member of %(name)s. A link passed on by hand does not "
            "change your role; a coordinator can."
        ),
        actions.InvitationRefused.HAS_ACCOUNT: _(
            "This email address already has an account. Log in, then open the invitation "
            "link again."
        ),
    }
    return texts[reason] % {"name": name}


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
    """Accept with the account one is logged in with, or sign up.

    A pass-on link's sign-up answers "check your email" for every address (see
    actions.start_invitation_sign_up); an addressed invitation's link came by mail to
    its address, so its sign-up makes the account at once.
    """
    invitation = get_object_or_404(Invitation.objects.select_related("neighborhood"), token=token)
    if not invitation.is_usable:
        return render(request, "members/invitation.html", {"invitation": invitation}, status=410)
    form, refusal = None, None
    if request.user.is_authenticated:
        refusal = actions.invitation_refusal(invitation=invitation, user=request.user)
    else:
        form = InvitationSignUpForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and refusal is None:
        try:
            if request.user.is_authenticated:
                membership = actions.accept_invitation(invitation=invitation, user=request.user)
            elif not form.is_valid():
                membership = None
            elif not invitation.email:
                actions.start_invitation_sign_up(invitation=invitation, **_sign_up_data(form))
                return render(request, "members/invitation_check_email.html", {})
            else:
                membership = actions.sign_up_with_invitation(
                    invitation=invitation, **_sign_up_data(form)
                )
                login(request, membership.user, backend=BACKEND)
        except actions.InvitationRefused as refused:
            if refused.reason == actions.InvitationRefused.HAS_ACCOUNT:
                # The addressed account exists: the same answer as a pass-on sign-up.
                actions.start_invitation_sign_up(invitation=invitation, **_sign_up_data(form))
                return render(request, "members/invitation_check_email.html", {})
            refusal, membership = refused.reason, None
        if membership is not None:
            messages.success(
                request, _("Welcome! You are now part of %s.") % membership.neighborhood
            )
            return redirect(membership.neighborhood)
    context = {"invitation": invitation, "form": form}
    if refusal is not None:
        context["refusal"] = refusal_message(refusal, invitation)
    status = 409 if refusal is not None and request.method == "POST" else 200
    return render(request, "members/invitation.html", context, status=status)


def _sign_up_data(form: InvitationSignUpForm) -> dict:
    return {k: form.cleaned_data[k] for k in ("display_name", "email", "password")}


def invitation_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link a pass-on sign-up mails: a button (mail scanners open links), then the
    account, made only if the invitation is still usable when its row is locked."""
    data = actions.read_invitation_sign_up(token)
    invitation = None
    if data is not None:
        invitation = Invitation.objects.select_related("neighborhood").filter(pk=data["i"]).first()
    if invitation is None:
        context = {"invalid": True}
        return render(request, "members/invitation_confirm.html", context, status=404)
    context = {"invitation": invitation, "email": data["e"]}
    if request.method == "POST":
        try:
            membership = actions.sign_up_with_invitation(
                invitation=invitation,
                display_name=data["n"],
                email=data["e"],
                password_hash=data["p"],
            )
        except actions.InvitationRefused as refused:
            context["refusal"] = refusal_message(refused.reason, invitation)
            return render(request, "members/invitation_confirm.html", context, status=409)
        login(request, membership.user, backend=BACKEND)
        messages.success(request, _("Welcome! You are now part of %s.") % membership.neighborhood)
        return redirect(membership.neighborhood)
    if not invitation.is_usable:
        context["refusal"] = refusal_message(actions.InvitationRefused.USED, invitation)
    return render(request, "members/invitation_confirm.html", context)


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

"""Leaving a neighborhood: a confirm step, then a page that says it is done."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .. import actions
from ..access import get_own_membership_or_404
from ..models import Membership


@login_required
def leave_neighborhood(request: HttpRequest, slug: str) -> HttpResponse:
    """GET asks first (what leaving frees, what stays); POST leaves."""
    membership = get_own_membership_or_404(request.user, slug)
    if membership.status == Membership.Status.INACTIVE:
        if membership.has_left:  # a second tap of the button
            return redirect("neighborhood_left", slug=slug)
        raise Http404("No membership to leave.")
    if request.method == "POST":
        actions.leave_neighborhood(membership=membership)
        return redirect("neighborhood_left", slug=slug)
    return render(request, "members/leave.html", {"membership": membership})


@login_required
def neighborhood_left(request: HttpRequest, slug: str) -> HttpResponse:
    membership = get_own_membership_or_404(request.user, slug)
    if not membership.has_left:
        raise Http404("You have not left this neighborhood.")
    return render(request, "members/left.html", {"neighborhood": membership.neighborhood})

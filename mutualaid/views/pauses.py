"""A coordinator pauses a volunteer of their neighborhood and ends a pause early
(from the member's page in the directory)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from members.access import get_membership_or_404, neighborhood_view
from members.models import Membership, Neighborhood, Role

from ..actions import shifts as actions
from ..forms.pauses import CoordinatorPauseForm, EndPauseForm
from ..models import Pause
from .shifts import confirm_page


def _member_page(neighborhood: Neighborhood, membership_pk: int) -> str:
    return reverse("member_detail", kwargs={"slug": neighborhood.slug, "pk": membership_pk})


@require_http_methods(["GET", "POST"])
@neighborhood_view(Role.COORDINATOR)
def member_pause(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """Pause a member's shifts from a date to a date; they are told, and their places
    in it go to the waitlist."""
    membership = get_membership_or_404(neighborhood, pk)
    person = membership.user
    today = timezone.localdate(timezone=neighborhood.zone)
    form = CoordinatorPauseForm(request.POST or None, today=today)
    if request.method == "POST" and form.is_valid():
        freed = actions.pause(
            user=person, neighborhood=neighborhood, by=request.user, **form.cleaned_data
        )
        messages.success(
            request,
            ngettext(
                "%(name)s is paused and was told; %(count)s place on a shift was freed.",
                "%(name)s is paused and was told; %(count)s places on shifts were freed.",
                freed,
            )
            % {"name": person, "count": freed},
        )
        return redirect(_member_page(neighborhood, membership.pk))
    context = {
        "neighborhood": neighborhood,
        "membership": membership,
        "person": person,
        "form": form,
        "pauses": Pause.objects.filter(user=person, neighborhood=neighborhood).current_or_coming(
            today
        ),
        "back_url": _member_page(neighborhood, membership.pk),
    }
    return render(request, "mutualaid/pauses/member_pause.html", context)


@require_http_methods(["GET", "POST"])
@neighborhood_view(Role.COORDINATOR)
def pause_end(request: HttpRequest, neighborhood: Neighborhood, pk: int) -> HttpResponse:
    """GET asks first (the person can sign up again and is told); POST ends it."""
    pause_row = get_object_or_404(
        Pause.objects.select_related("user"), neighborhood=neighborhood, pk=pk
    )
    membership = get_object_or_404(Membership, neighborhood=neighborhood, user_id=pause_row.user_id)
    back = _member_page(neighborhood, membership.pk)
    today = timezone.localdate(timezone=neighborhood.zone)
    if pause_row.ends_on < today:
        messages.info(request, _("This pause is already over."))
        return redirect(back)
    form = EndPauseForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        actions.end_pause(pause_row=pause_row, by=request.user, today=today)
        messages.success(
            request,
            _("The pause of %(name)s has ended and they were told.") % {"name": pause_row.user},
        )
        return redirect(back)
    name = pause_row.user.display_name or pause_row.user.email
    consequences = [
        _("%(name)s can sign up for shifts again from today and may be asked to stand in.")
        % {"name": name},
        _("%(name)s is told by their usual channel.") % {"name": name},
        _("Places freed when the pause began are not given back."),
    ]
    return confirm_page(
        request,
        neighborhood,
        None,
        title=_("End the pause of %(name)s now?") % {"name": name},
        consequences=consequences,
        button=_("End the pause"),
        form=EndPauseForm(initial={"confirmed": True}),
        back=("member_detail", {"slug": neighborhood.slug, "pk": membership.pk}),
    )

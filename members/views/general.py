from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import registry
from ..access import neighborhood_view, neighborhoods_of
from ..forms import LanguageForm, ProfileDetailsForm
from ..models import Membership, Neighborhood, Role, SmsOptOut
from . import sms as sms_views


def home(request: HttpRequest) -> HttpResponse:
    """The front door: a person with one neighborhood goes straight to it."""
    if not request.user.is_authenticated:
        open_to_join = Neighborhood.objects.filter(accepts_join_requests=True)
        return render(request, "members/welcome.html", {"open_to_join": open_to_join})
    neighborhoods = list(neighborhoods_of(request.user))
    if len(neighborhoods) == 1:
        return redirect(neighborhoods[0])
    return render(
        request,
        "members/choose_neighborhood.html",
        {
            "neighborhoods": neighborhoods,
            "pending": pending_memberships(request),
            "ended": ended_memberships(request),
        },
    )


def neighborhood_waiting(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The neighborhood's address for someone whose request to join waits: only that."""
    context = {"neighborhood": membership.neighborhood, "membership": membership}
    return render(request, "members/neighborhood_waiting.html", context)


@neighborhood_view(pending_view=neighborhood_waiting)
def neighborhood_home(request: HttpRequest, neighborhood: Neighborhood) -> HttpResponse:
    """Each app's cards (``registry.home_cards``): the home imports none of them."""

    def all_cards():
        cards = [card(request, neighborhood) for _name, card in registry.home_cards.items()]
        return sorted((card for card in cards if card is not None), key=lambda card: card.order)

    # Asked only when the cards are drawn: a home whose cards are in the fragment cache
    # (wcc/content_stamps.py) runs none of their queries.
    cards = SimpleLazyObject(all_cards)
    context = {
        "neighborhood": neighborhood,
        "to_do": SimpleLazyObject(lambda: [card for card in cards if card.to_do]),
        "cards": SimpleLazyObject(lambda: [card for card in cards if not card.to_do]),
    }
    return render(request, "members/neighborhood_home.html", context)


def pending_memberships(request: HttpRequest) -> list:
    """Requests to join still waiting, shown on the front door to their asker."""
    if not request.user.is_authenticated:
        return []
    return list(request.user.memberships.pending().select_related("neighborhood"))


def ended_memberships(request: HttpRequest) -> list:
    """Memberships a coordinator ended: the person is told so, and whom to ask."""
    inactive = request.user.memberships.filter(status=Membership.Status.INACTIVE)
    return [m for m in inactive.select_related("neighborhood") if m.ended_by_coordinator]


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    coordinator = request.user.memberships.active().filter(role=Role.COORDINATOR).exists()
    form = ProfileDetailsForm(request.POST or None, instance=request.user, coordinator=coordinator)
    if request.method == "POST" and form.is_valid():
        form.save()
        translation.activate(request.user.preferred_language)
        messages.success(request, _("Your profile is saved."))
        response = redirect("profile")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, request.user.preferred_language)
        return response
    context = {
        "form": form,
        "may_use_two_factor": coordinator,
        "texts_opted_out": SmsOptOut.objects.opted_out(request.user.phone),
        "may_try_texts": not sms_views.provider_is_real(),
    }
    return render(request, "members/profile.html", context)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The language switcher: remembered in a cookie, and in the profile when logged in."""
    form = LanguageForm(request.POST)
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = redirect(next_url)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            request.user.preferred_language = language
            request.user.save(update_fields=["preferred_language"])
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


class LogoutView(auth_views.LogoutView):
    """Log out, and ask the browser to forget what it cached of this person's pages."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        return response

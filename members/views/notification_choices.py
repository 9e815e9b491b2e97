"""Which messages a person gets, and how: their choices page, and the one-click
unsubscribe link every email of a kind that can be turned off carries."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from ..forms import NotificationChoicesForm, UnsubscribeForm
from ..models import NotificationChoice, SmsOptOut, User
from ..notification_kinds import KINDS, kind_info
from ..notifications import read_unsubscribe_token


@login_required
def notification_choices(request: HttpRequest) -> HttpResponse:
    form = NotificationChoicesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your choices are saved."))
        return redirect("notification_choices")
    context = {
        "form": form,
        "fixed_kinds": [info for info in KINDS.values() if not info.choosable],
        "texts_opted_out": SmsOptOut.objects.opted_out(request.user.phone),
    }
    return render(request, "members/notification_choices.html", context)


@csrf_exempt  # mail clients post the one click without a session; the signed token is the key
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks first; POST (RFC 8058's body, from a mail client or the page's button)
    turns the kind off, again and again with the same result; ``restore`` undoes it."""
    found = read_unsubscribe_token(token)
    person = found and User.objects.filter(pk=found[0], is_active=True).first()
    if not person:
        return render(request, "members/unsubscribe.html", {"invalid": True}, status=400)
    kind = found[1]
    context = {"info": kind_info(kind), "token": token}
    # In the language this browser chose, if it chose one; else in the person's own (a
    # mail client's click carries no cookie).
    chosen_here = settings.LANGUAGE_COOKIE_NAME in request.COOKIES
    with translation.override(request.LANGUAGE_CODE if chosen_here else person.preferred_language):
        if request.method == "GET":
            chosen = NotificationChoice.objects.channel_of(person, kind)
            context["already_off"] = chosen == NotificationChoice.Channel.NONE
            return render(request, "members/unsubscribe.html", context)
        form = UnsubscribeForm(request.POST)
        if not form.is_valid():
            return render(request, "members/unsubscribe.html", {"invalid": True}, status=400)
        channel = "" if form.restores else NotificationChoice.Channel.NONE
        NotificationChoice.objects.choose(person, kind, channel)
        context["restored" if form.restores else "stopped"] = True
        return render(request, "members/unsubscribe.html", context)

"""A person's own account: their data, erasure, signed-in devices, two-factor sign-in."""

import base64
import json

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .. import actions
from ..access import two_factor_required
from ..forms import ConfirmPasswordForm, TokenForm
from ..models import Membership, Role, UserSession


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    return render(request, "members/my_data.html")


@login_required
def my_data_download(request: HttpRequest) -> HttpResponse:
    data = actions.personal_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="my-wcc-data-{stamp}.json"'
    return response


@login_required
def erase_account(request: HttpRequest) -> HttpResponse:
    form = ConfirmPasswordForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        actions.erase_person(user=user, by=user)
        return render(request, "members/erased.html")
    return render(request, "members/erase_account.html", {"form": form})


@login_required
def sessions(request: HttpRequest) -> HttpResponse:
    current = request.session.session_key
    devices = UserSession.objects.filter(user=request.user).live()
    return render(request, "members/sessions.html", {"devices": devices, "current": current})


@require_POST
@login_required
def session_end(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(UserSession, pk=pk, user=request.user)
    actions.end_session(session=session)
    messages.success(request, _("That device is signed out."))
    return redirect("sessions")


@require_POST
@login_required
def sessions_end_others(request: HttpRequest) -> HttpResponse:
    count = actions.end_all_sessions(user=request.user, keep=request.session.session_key)
    signed_out = ngettext(
        "Signed out on %(count)s other device.", "Signed out on %(count)s other devices.", count
    )
    messages.success(request, signed_out % {"count": count})
    return redirect("sessions")


def _may_use_two_factor(user) -> bool:
    """Coordinators and network admins turn two-factor sign-in on."""
    if user.is_staff or user.two_factor_enabled:
        return True
    return Membership.objects.active().filter(user=user, role=Role.COORDINATOR).exists()


def _next(request: HttpRequest) -> str:
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return "/"
    return target


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Set up a TOTP app: a QR code (inline SVG) and the key, then one code to confirm."""
    user = request.user
    if not _may_use_two_factor(user):
        raise PermissionDenied
    if user.two_factor_enabled:
        return render(request, "members/two_factor.html", {"required": two_factor_required(user)})
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        actions.confirm_two_factor(user=user, device=device)
        otp_login(request, device)
        messages.success(request, _("Two-factor sign-in is on."))
        return redirect(_next(request))
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_svg": mark_safe(qr.svg_inline(scale=5, title=_("QR code for your authenticator app"))),
        "secret": _base32(device.bin_key),
        "required": two_factor_required(user),
    }
    return render(request, "members/two_factor.html", context)


def _base32(key: bytes) -> str:
    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in, for people who use a TOTP app."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None or request.user.is_verified():
        return redirect(_next(request))
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(_next(request))
    return render(request, "members/two_factor_verify.html", {"form": form})


@require_POST
@login_required
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    if two_factor_required(request.user):
        messages.error(request, _("Your neighborhood requires two-factor sign-in for you."))
    elif request.user.two_factor_enabled:
        actions.disable_two_factor(user=request.user)
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("profile")

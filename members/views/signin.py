"""Signing in: the login form, the lockout answer, and passwords that lift a lockout.

django-axes locks an account after too many wrong passwords. Its documented way to
unlock one from code is ``axes.utils.reset``; Django sends no signal when a password
is reset or changed, so the views that set the password call it, right after saving.
"""

from math import ceil

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ..forms import EmailAuthenticationForm, lockout_username
from ..models import UserSession


class LoginView(auth_views.LoginView):
    """Django's login, plus "This is a shared device": such a session ends when the
    browser closes, and after the idle limit whoever signs in (see
    members.middleware.SessionActivityMiddleware)."""

    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        shared = form.cleaned_data.get("shared_device", False)
        if shared:
            # Before logging in, so the device is recorded as shared (login keeps the data).
            self.request.session[UserSession.SHARED_KEY] = True
        response = super().form_valid(form)
        if shared:
            self.request.session.set_expiry(0)
        return response


def lift_lockout(user) -> int:
    """Forget the failed logins counted against ``user``'s email (the axes username)."""
    return axes_reset(username=lockout_username(None, {"username": user.email}))


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password from the emailed link also unlocks the account.

    The link proves the person holds the mailbox, which is what the lockout waits for.
    """

    def form_valid(self, form):
        response = super().form_valid(form)
        lift_lockout(form.user)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """A signed-in person who changes their password unlocks their other devices too."""

    def form_valid(self, form):
        response = super().form_valid(form)
        lift_lockout(form.user)
        return response


def locked_out(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a locked account (AXES_LOCKOUT_CALLABLE).

    Says exactly what works: the minutes left until the account opens again (counted
    from the failure that locked it; tries during the wait do not restart it, see
    AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT), or a new password by email now.
    """
    username = lockout_username(request, credentials)
    last = AccessAttempt.objects.filter(username=username).aggregate(last=Max("attempt_time"))
    opens_at = (last["last"] or timezone.now()) + settings.AXES_COOLOFF_TIME
    minutes = max(1, ceil((opens_at - timezone.now()).total_seconds() / 60))
    context = {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "registration/locked_out.html", context, status=429)

import time
from datetime import UTC, datetime

from django.contrib import messages
from django.contrib.auth import logout
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from wcc.htmx import is_htmx, page_of, redirect_page

from .access import session_idle_limit, two_factor_required
from .models import UserSession


class PreferredLanguageMiddleware:
    """Speak each logged-in person's preferred language, whatever their browser says.

    Anonymous visitors keep what LocaleMiddleware chose (the switcher's cookie, then
    the browser's Accept-Language). Also resets the time zone that a neighborhood
    page may have activated on this thread during an earlier request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.deactivate()
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


# Pages a signed-in person may open before passing the second factor.
TWO_FACTOR_OPEN_PAGES = {
    "two_factor",
    "two_factor_verify",
    "logout",
    "set_language",
    "healthz",
    "neighborhood_public",
}


class TwoFactorMiddleware:
    """Enforce two-factor sign-in right after the password (the login step).

    A person with a confirmed TOTP device goes to the code page until this session
    passed it; a person who must use one and has none goes to set it up. The access
    layer (members.access.role_in) enforces the same rule for coordinator pages.
    Goes after django_otp's OTPMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            target = self._redirect_to(request, user)
            if target:
                # Back to the page afterwards, never to a POST-only address (htmx's or a
                # form's: the page it was sent from, wcc.htmx.page_of).
                plain_get = request.method in ("GET", "HEAD") and not is_htmx(request)
                back = request.get_full_path() if plain_get else page_of(request)
                return redirect_page(request, f"{target}?{urlencode({'next': back})}")
        return self.get_response(request)

    def _redirect_to(self, request, user) -> str | None:
        if user.two_factor_enabled:
            target = "/accounts/two-factor/verify/"
        elif two_factor_required(user):
            target = "/accounts/two-factor/"
        else:
            return None
        # Only then the page's name: resolving a path walks the URLconf, a cost every
        # request of everyone else would pay for nothing.
        if request.path_info.startswith(("/static/", "/favicon")):
            return None
        try:
            name = resolve(request.path_info).url_name
        except Resolver404:
            return None
        return None if name in TWO_FACTOR_OPEN_PAGES else target


class SessionActivityMiddleware:
    """Keep each device's "last seen" and end a session left unused past its limit.

    The time a device was last marked seen lives in its session, so a request within a
    minute of the last mark costs nothing. After that, one UPDATE moves the device's
    ``last_seen_at`` (and its idle limit, which follows the person's current roles);
    a session whose limit (members.access.session_idle_limit) passed since the last
    mark is ended first: its person is signed out and the request goes on as a
    visitor's (a signed-in page then asks to log in, with ``next`` set). Goes after
    AuthenticationMiddleware and MessageMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self._mark_seen(request, user)
        return self.get_response(request)

    def _mark_seen(self, request, user) -> None:
        session = request.session
        now = int(time.time())
        seen = session.get(UserSession.SEEN_KEY)
        if seen is not None and now - seen < UserSession.SEEN_EVERY_SECONDS:
            return
        shared = bool(session.get(UserSession.SHARED_KEY))
        limit = session_idle_limit(user, shared_device=shared)
        if seen is not None and limit is not None and now - seen > limit.total_seconds():
            logout(request)
            messages.info(
                request,
                _("You were signed out because this device was not used for a while."),
            )
            return
        session[UserSession.SEEN_KEY] = now
        if limit is not None and not shared:
            # The session itself (cookie and database row) also ends after the limit.
            session.set_expiry(int(limit.total_seconds()))
        UserSession.objects.filter(session_key=session.session_key).update(
            last_seen_at=datetime.fromtimestamp(now, UTC), idle_limit=limit
        )

from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import timezone, translation

from .access import two_factor_required


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
                return redirect(f"{target}?next={request.get_full_path()}")
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

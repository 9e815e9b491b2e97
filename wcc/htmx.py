"""htmx's edges, handled once for every page.

- A history-restore request (htmx asks the server for a page it has no snapshot of,
  after Back) is a page load: ``request.htmx`` is false for it, so every view that
  answers ``if request.htmx:`` with a partial gives the whole page instead.
- A response from a view that looked at ``request.htmx`` varies by it: ``Vary`` says so,
  so a browser cache never serves a partial for a page (or the other way round).
- A login-required view bouncing someone whose session ended: an htmx request gets
  ``HX-Redirect`` to the login page (not the login page swapped into a card), and the
  ``next`` of any request that is not a plain GET is the page the person was on (htmx's
  ``HX-Current-URL``, else the ``Referer``, same origin only), never the POST-only URL
  that would answer 405 after the login.
- A stale CSRF token on an htmx request: ``csrf_failure`` sends the person back to the
  page (or to the login, if the session ended too) with a message to try again.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit, urlunsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.shortcuts import resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.cache import patch_vary_headers
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

# The page for a CSRF failure outside htmx. To chain another view, name it here.
PLAIN_CSRF_FAILURE_VIEW = "wcc.views.csrf_failure"

VARY = ("HX-Request", "HX-History-Restore-Request")


class PageAwareHtmxDetails(HtmxDetails):
    """django-htmx's ``request.htmx``, but false for a history-restore request (which
    wants the whole page), and remembering that a view asked (so the answer varies)."""

    asked = False

    def __bool__(self) -> bool:
        self.asked = True
        return super().__bool__() and not self.history_restore_request


class HtmxMiddleware:
    """Replaces django_htmx.middleware.HtmxMiddleware (same place in MIDDLEWARE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request.htmx = details = PageAwareHtmxDetails(request)
        response = self.get_response(request)
        if details.asked:
            patch_vary_headers(response, VARY)
        if _bounced_to_login(request, response):
            return login_redirect(request)
        return response


def _bounced_to_login(request: HttpRequest, response: HttpResponseBase) -> bool:
    if response.status_code != 302 or not isinstance(response, HttpResponseRedirect):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    if request.method in ("GET", "HEAD") and not is_htmx(request):
        return False  # Django's own next (this page) is right
    # login_required's own answer: to the login, with next this very request (so not,
    # say, the logout's redirect to the login page).
    location = urlsplit(response["Location"])
    return location.path == resolve_url(settings.LOGIN_URL) and parse_qs(location.query).get(
        REDIRECT_FIELD_NAME
    ) == [request.get_full_path()]


def is_htmx(request: HttpRequest) -> bool:
    """An htmx request that will swap its answer in (not a history restore)."""
    htmx = getattr(request, "htmx", None)
    if htmx is None:  # asked by a middleware before HtmxMiddleware: read the headers
        headers = request.headers
        return headers.get("HX-Request") == "true" and not headers.get("HX-History-Restore-Request")
    return bool(htmx)


def _same_origin_path(request: HttpRequest, url: str | None) -> str | None:
    if not url:
        return None
    split = urlsplit(url)
    if split.scheme != request.scheme or split.netloc != request.get_host():
        return None
    path = urlunsplit(split._replace(scheme="", netloc="", fragment=""))
    return None if split.path == resolve_url(settings.LOGIN_URL) else path


def page_of(request: HttpRequest) -> str:
    """The page the person is looking at: what ``next`` after a login may be.

    htmx says (HX-Current-URL); a plain form post has its Referer; a plain GET is its
    own page. Else the neighborhood's home, else the site's.
    """
    candidates = [request.headers.get("HX-Current-URL")] if is_htmx(request) else []
    candidates.append(request.headers.get("Referer"))
    for url in candidates:
        path = _same_origin_path(request, url)
        if path:
            return path
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    match = getattr(request, "resolver_match", None)
    if match is not None and "slug" in match.kwargs:
        try:
            return reverse("neighborhood_home", kwargs={"slug": match.kwargs["slug"]})
        except NoReverseMatch:
            pass
    return resolve_url("home")


def redirect_page(request: HttpRequest, url: str, status: int | None = None) -> HttpResponseBase:
    """A redirect the browser follows as a whole page, htmx or not (HX-Redirect)."""
    if not is_htmx(request):
        return HttpResponseRedirect(url)
    response = HttpResponseClientRedirect(url)
    if status:
        response.status_code = status
    return response


def login_redirect(request: HttpRequest, status: int | None = None) -> HttpResponseBase:
    """To the login page, then back to the page the person was on."""
    url = redirect_to_login(page_of(request))["Location"]
    return redirect_page(request, url, status)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponseBase:
    """CSRF_FAILURE_VIEW: for htmx, back to the page (fresh token) with a message, or to
    the login when the session ended; otherwise the plain failure page."""
    if not is_htmx(request):
        return import_string(PLAIN_CSRF_FAILURE_VIEW)(request, reason=reason)
    if not request.user.is_authenticated:
        return login_redirect(request, status=403)
    messages.error(
        request,
        _(
            "The form could not be sent: the page was open for a long time, or your "
            "browser is not keeping cookies for this site. Nothing was saved; send it again."
        ),
    )
    return redirect_page(request, page_of(request), status=403)

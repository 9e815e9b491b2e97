import functools

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Tell browsers this site never uses the camera, microphone, location and such."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def cacheable(reason: str):
    """Let a signed-in page keep the caching its view chose, for a reason stated here.

    Without this mark, PrivateByDefaultMiddleware answers every signed-in page with
    ``Cache-Control: no-store, private``. Use it as the outermost decorator or not, as
    the mark travels on the response; ``reason`` is for the reader (and the test that
    lists every marked view).
    """
    if not reason.strip():
        raise ValueError("cacheable() needs a reason")

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.cache_reason = reason
            return response

        wrapped.cache_reason = reason
        return wrapped

    return decorator


class PrivateByDefaultMiddleware:
    """Every page a signed-in person gets says ``Cache-Control: no-store, private``.

    Signed-in pages show people's contact details, needs and exports: no browser
    cache, shared-computer history or proxy may keep them. A default here rather than
    a decorator on each view, so a new view cannot forget it; a view that should be
    cached says why with ``@cacheable(reason)``. A response that already forbids
    storing (``never_cache``) is left as it is. Goes after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(response, "cache_reason", None) is None
            and "no-store" not in response.get("Cache-Control", "")
        ):
            response["Cache-Control"] = "no-store, private"
        return response

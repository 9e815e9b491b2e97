"""WCC's URLs plus ``/bench/floor/``, for bench/city.py only (see bench/settings.py)."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from wcc.urls import handler500  # noqa: F401
from wcc.urls import urlpatterns as wcc_urlpatterns

FLOOR_PAGE = "<!doctype html><html lang=en><title>floor</title><p>floor</p></html>"


def floor(request: HttpRequest) -> HttpResponse:
    """The framework floor: the whole middleware stack, then no queries and no template."""
    return HttpResponse(FLOOR_PAGE)


urlpatterns = [path("bench/floor/", floor), *wcc_urlpatterns]

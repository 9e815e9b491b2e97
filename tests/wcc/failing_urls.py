"""A URLconf for tests/wcc/test_logging.py: a view that fails while holding canary data."""

from django.db import connection
from django.urls import path

from wcc.urls import urlpatterns as wcc_urlpatterns


def fail_with_private_data(request):
    visitor_name = request.POST.get("name", "") + request.GET.get("q", "")
    with connection.cursor() as cursor:
        # A database error whose message repeats the value, as PostgreSQL's DETAIL lines do.
        cursor.execute("SELECT %s::integer", [visitor_name])
    return None


urlpatterns = [path("fail/", fail_with_private_data, name="fail"), *wcc_urlpatterns]

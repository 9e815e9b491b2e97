"""The bare-Django floor for bench/city.py: a trivial Django WSGI app (one view, no
middleware, no apps, no database), served by gunicorn with WCC's own config beside WCC,
so that WCC's signed-in floor can be compared with what Django itself costs."""

import django
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

PAGE = "<!doctype html><html lang=en><title>bare</title><p>bare</p></html>"


def bare(request):
    return HttpResponse(PAGE)


def healthz(request):
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("healthz", healthz)]

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-bare-floor-not-a-secret",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
)
django.setup()
application = get_wsgi_application()

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views

handler500 = "wcc.views.server_error"

admin.site.site_header = _("WCC network administration")
admin.site.site_title = _("WCC admin")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("members.urls")),
    path("n/<slug:slug>/intake/", include("intake.urls")),
    path("", include("mutualaid.urls")),
    path("n/<slug:slug>/governance/", include("governance.urls")),
]

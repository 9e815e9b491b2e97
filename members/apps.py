from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members and neighborhoods")

    def ready(self):
        # Every app's wcc_hooks.py registers its part of data rights, neighborhood
        # copies and the network overview (see members/registry.py).
        from . import signals  # noqa: F401

        autodiscover_modules("wcc_hooks")

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members and neighborhoods")

    def ready(self):
        # Every app's wcc_hooks.py registers its part of data rights, neighborhood
        # copies and the network overview (see members/registry.py).
        from . import signals  # noqa: F401
        from .choices import install_triggers

        post_migrate.connect(install_triggers, sender=self, dispatch_uid="members.choices")

        autodiscover_modules("wcc_hooks")

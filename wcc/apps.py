from django.apps import AppConfig


class WccConfig(AppConfig):
    name = "wcc"
    verbose_name = "WCC"

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the deployment checks)
            content_stamps,
        )

        content_stamps.connect()

"""Deployment checks of our own, run by ``manage.py check --deploy``."""

import os

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def insecure_key(app_configs=None, **kwargs) -> list[Error]:
    """The built-in development key is public: a deployment must never sign with it.

    The settings already refuse it with DEBUG off; this also catches a deployment
    checked with DEBUG on, or one that still carries WCC_ALLOW_INSECURE_KEY.
    """
    errors = []
    if settings.SECRET_KEY == settings.INSECURE_DEVELOPMENT_KEY:
        errors.append(
            Error(
                "SECRET_KEY is WCC's public development key.",
                hint="Set SECRET_KEY to a long random secret (and DEBUG off).",
                id="wcc.E001",
            )
        )
    if os.environ.get("WCC_ALLOW_INSECURE_KEY"):
        errors.append(
            Error(
                "WCC_ALLOW_INSECURE_KEY is set.",
                hint="Remove it: production must run with its own SECRET_KEY.",
                id="wcc.E002",
            )
        )
    return errors

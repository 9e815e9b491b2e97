"""Demo data of the mutualaid app, for `manage.py seed_demo` (idempotent)."""

from members.demo import DemoNetwork

from .models import NeedCategory


def seed(network: DemoNetwork) -> None:
    for neighborhood in (network.eastside, network.westside):
        NeedCategory.ensure_defaults(neighborhood)

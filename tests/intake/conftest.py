import pytest

from mutualaid.models import NeedCategory

from .factories import IntakeSessionFactory


@pytest.fixture
def categories(world):
    NeedCategory.ensure_defaults(world.own)
    NeedCategory.ensure_defaults(world.other)
    return {c.slug: c for c in NeedCategory.objects.of(world.own)}


@pytest.fixture
def session(world, categories):
    return IntakeSessionFactory(neighborhood=world.own)

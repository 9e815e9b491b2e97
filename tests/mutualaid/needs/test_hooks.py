import pytest

from members.actions import copy_neighborhood
from mutualaid.models import NeedCategory, NeedsSettings

pytestmark = pytest.mark.django_db


def test_a_copied_neighborhood_keeps_the_sources_stale_days_and_categories(world):
    NeedCategory.ensure_defaults(world.own)
    NeedsSettings.objects.create(neighborhood=world.own, stale_after_days=5)

    copy = copy_neighborhood(source=world.own, name="Northside", slug="northside", by=world.admin)

    assert NeedsSettings.for_neighborhood(copy).stale_after_days == 5
    assert NeedCategory.objects.of(copy).count() == NeedCategory.objects.of(world.own).count()


def test_a_source_with_default_settings_gives_the_default(world):
    copy = copy_neighborhood(source=world.own, name="Northside", slug="northside", by=world.admin)
    assert NeedsSettings.for_neighborhood(copy).stale_after_days == 14
    assert not NeedsSettings.objects.filter(neighborhood=copy).exists()

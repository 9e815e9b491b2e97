import pytest
from django.utils import translation

from mutualaid.models import DEFAULT_NEED_CATEGORIES, NeedCategory
from tests.factories import NeighborhoodFactory

pytestmark = pytest.mark.django_db


def test_a_neighborhood_gets_the_default_categories_once():
    neighborhood = NeighborhoodFactory()
    NeedCategory.ensure_defaults(neighborhood)
    NeedCategory.ensure_defaults(neighborhood)
    slugs = list(NeedCategory.objects.of(neighborhood).values_list("slug", flat=True))
    assert slugs == [slug for slug, _ in DEFAULT_NEED_CATEGORIES]


def test_default_categories_read_in_the_readers_language_renamed_ones_as_typed():
    neighborhood = NeighborhoodFactory()
    NeedCategory.ensure_defaults(neighborhood)
    groceries = NeedCategory.objects.get(neighborhood=neighborhood, slug="groceries")
    renamed = NeedCategory.objects.get(neighborhood=neighborhood, slug="hot-meals")
    # Renamed with no Spanish name written (the edit form clears the old one when
    # its field is emptied): Spanish readers see the new name as typed.
    renamed.name, renamed.names = "Sopa los martes", {}
    renamed.save(update_fields=["name", "names"])
    with translation.override("es"):
        assert str(groceries) == "Alimentos"
        assert str(renamed) == "Sopa los martes"

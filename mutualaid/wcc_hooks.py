"""The mutualaid app's part of neighborhood copies and the network overview.

See members/registry.py. Shift series patterns and message texts register their
copiers here (or in their own app's wcc_hooks.py) when those models land.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from members.models import Neighborhood
from members.registry import neighborhood_copiers, overview_figures

from .models import NeedCategory


@neighborhood_copiers.register("need_categories")
def copy_need_categories(*, source: Neighborhood, target: Neighborhood) -> int:
    categories = NeedCategory.objects.of(source)
    return len(
        NeedCategory.objects.bulk_create(
            NeedCategory(
                neighborhood=target,
                slug=c.slug,
                name=c.name,
                position=c.position,
                is_active=c.is_active,
            )
            for c in categories
        )
    )


@overview_figures.register("open_needs", label=_("Open needs"))
def open_needs(neighborhoods) -> dict[int, int]:
    rows = Neighborhood.objects.filter(pk__in=[n.pk for n in neighborhoods]).annotate(
        count=Count("resource_requests", filter=Q(resource_requests__status="open"))
    )
    return {row.pk: row.count for row in rows}

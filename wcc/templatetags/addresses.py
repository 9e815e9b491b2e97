"""``{% address 'name' %}``: ``{% url 'name' %}`` for the links every page draws.

The address is worked out once per process (wcc.navigation.address), because base.html
draws the same handful of links on every page (docs/performance.md). Only for names
without arguments or with a neighborhood's slug.
"""

from django import template

from wcc.navigation import address as remembered_address

register = template.Library()


@register.simple_tag
def address(url_name: str, slug: str | None = None) -> str:
    return remembered_address(url_name, slug)

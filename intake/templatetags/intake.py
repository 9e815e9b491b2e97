"""The neighborhood home shows when and where the next table session is."""

from django import template

from ..actions import today_in
from ..models import IntakeSession

register = template.Library()


@register.inclusion_tag("intake/next_session.html")
def next_table_session(neighborhood) -> dict:
    upcoming = IntakeSession.objects.of(neighborhood).upcoming(today_in(neighborhood))
    return {"next_session": upcoming.order_by("date", "starts_at").first()}

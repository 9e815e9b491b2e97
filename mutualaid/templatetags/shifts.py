from collections.abc import Iterable

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from members.access import can_open_intake_from_shift
from mutualaid.models import Shift, Signup
from wcc.templatetags.listing import day_and_time

register = template.Library()


@register.inclusion_tag("mutualaid/shifts/next_shift.html", takes_context=True)
def my_next_shift(context, neighborhood):
    """The person's own next shift in this neighborhood, for the neighborhood home."""
    user = context["request"].user
    signup = (
        Signup.objects.active()
        .filter(
            user=user,
            shift__neighborhood=neighborhood,
            shift__status="scheduled",
            shift__ends_at__gt=timezone.now(),
        )
        .select_related("shift")
        # What the card shows and what deciding on the intake button reads.
        .only(
            "status",
            "shift__role",
            "shift__starts_at",
            "shift__ends_at",
            "shift__place",
            "shift__status",
            "shift__is_intake_table",
            "shift__intake_session_id",
            "shift__neighborhood_id",
        )
        .order_by("shift__starts_at")
        .first()
    )
    can_open = False
    if signup is not None:
        signup.shift.neighborhood = neighborhood  # the page's own: no join to read it again
        can_open = can_open_intake_from_shift(
            user, signup.shift, confirmed=signup.status == Signup.Status.CONFIRMED
        )
    return {"signup": signup, "neighborhood": neighborhood, "can_open_intake": can_open}


@register.simple_tag
def coverage_rows(shifts: Iterable[Shift], shift_prefix: str) -> SafeString:
    """The rows of the coverage list, written here rather than in the template: at a
    dozen template variables a row, fifty rows took ~3 ms of template rendering, here
    under 1 ms (CPU, wcc_bench_city). The text is escaped as the template would; the
    markup is what the template wrote (tests/mutualaid/shifts/test_views.py pins it).
    """
    covered = escape(gettext("Covered"))  # outside the f-string, where makemessages finds it
    covered_badge = f'<span class="badge badge--open">✓ {covered}</span>'
    short_badges = {}  # by the number of free places: their words are translated once
    rows = []
    for shift in shifts:
        if short := shift.free_places():
            modifier = " coverage__row--short"
            badge = short_badges.get(short)
            if badge is None:
                words = escape(shift.shortfall_label())
                badge = short_badges[short] = (
                    f'<strong class="badge badge--short">▲ {words}</strong>'
                )
        else:
            modifier, badge = "", covered_badge
        waitlist = f" (+{shift.waitlist_count})" if shift.waitlist_count else ""
        rows.append(
            f'\n  <li class="coverage__row{modifier}">'
            f'\n    <a href="{shift_prefix}{shift.pk}/">{escape(shift.role)}</a>'
            f"\n    <span>{day_and_time(shift.starts_at)}</span>"
            f"\n    <span>{shift.confirmed_count}/{shift.capacity}{waitlist}</span>"
            f"\n    {badge}"
            "\n  </li>\n  "
        )
    return mark_safe("".join(rows))  # every text in it is escaped above

from django import template
from django.utils import timezone

from members.access import can_open_intake_from_shift
from mutualaid.models import Signup

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

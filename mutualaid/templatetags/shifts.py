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
        .filter(user=user, shift__neighborhood=neighborhood, shift__ends_at__gt=timezone.now())
        .filter(shift__status="scheduled")
        .select_related("shift__neighborhood")
        .order_by("shift__starts_at")
        .first()
    )
    can_open = signup is not None and can_open_intake_from_shift(
        user, signup.shift, confirmed=signup.status == Signup.Status.CONFIRMED
    )
    return {"signup": signup, "neighborhood": neighborhood, "can_open_intake": can_open}

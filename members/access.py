"""The one place that answers "may this person do this in this neighborhood?".

Views never check roles by hand: they use ``neighborhood_view`` (or the functions
below), so no view can forget a check. The rules:

- Roles rank member < volunteer < coordinator; a higher role may do all a lower may.
- Only *active* memberships of *active* accounts count.
- Network admins (staff) act as coordinators in every neighborhood.
- A neighborhood the person does not belong to answers 404, as if it did not
  exist; a page of their own neighborhood that their role does not allow answers 403.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Membership, Neighborhood, Role

_CACHE_ATTR = "_wcc_roles_by_neighborhood"
_NEIGHBORHOODS_ATTR = "_wcc_neighborhoods_by_slug"


def roles_of(user) -> dict[int, Role]:
    """The person's role in each neighborhood (by id), read once per request.

    The same query reads those neighborhoods (a page of one's own neighborhood then
    needs no query to find it, see get_neighborhood_or_404) and whether a coordinator
    must use two-factor sign-in. They travel with the person in the signed-in snapshot
    (members.signed_in), which any save of a neighborhood makes stale; only their
    ``choices_stamp`` is left unread, because database triggers move it without a
    signal: a page that needs it reads it then (Django's deferred field), fresh.
    """
    if not user.is_authenticated:
        return {}
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        memberships = list(
            Membership.objects.filter(user=user)
            .active()
            .select_related("neighborhood")
            .defer("neighborhood__choices_stamp")
        )
        cached = {m.neighborhood_id: Role(m.role) for m in memberships}
        coordinator_flags = [
            m.neighborhood.coordinators_need_two_factor
            for m in memberships
            if m.role == Role.COORDINATOR
        ]
        setattr(
            user,
            _TWO_FACTOR_ATTR,
            (settings.WCC_TWO_FACTOR_FOR_COORDINATORS and bool(coordinator_flags))
            or any(coordinator_flags),
        )
        setattr(
            user, _NEIGHBORHOODS_ATTR, {m.neighborhood.slug: m.neighborhood for m in memberships}
        )
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user) -> None:
    """Drop the cached roles after a membership of this person changed."""
    for attr in (_CACHE_ATTR, _TWO_FACTOR_ATTR, _NEIGHBORHOODS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def role_in(user, neighborhood: Neighborhood) -> Role | None:
    if not user.is_authenticated or not user.is_active:
        return None
    role = Role.COORDINATOR if user.is_staff else roles_of(user).get(neighborhood.pk)
    if role == Role.COORDINATOR and not two_factor_satisfied(user):
        # A coordinator who must use two-factor sign-in but has not acts as a volunteer.
        return Role.VOLUNTEER
    return role


_TWO_FACTOR_ATTR = "_wcc_two_factor_required"


def two_factor_required(user) -> bool:
    """Must this person sign in with a TOTP app? Network admins when the network asks
    (WCC_TWO_FACTOR_FOR_COORDINATORS); coordinators when the network or one of their
    neighborhoods (Neighborhood.coordinators_need_two_factor) asks."""
    if not user.is_authenticated:
        return False
    if user.is_staff:  # no query: staff pages keep their query counts
        return settings.WCC_TWO_FACTOR_FOR_COORDINATORS
    if not hasattr(user, _TWO_FACTOR_ATTR):
        roles_of(user)  # reads the requirement with the roles, in one query
    return getattr(user, _TWO_FACTOR_ATTR)


def two_factor_satisfied(user) -> bool:
    """True unless two-factor sign-in is required and this session has not passed it."""
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return True
    return not two_factor_required(user)


def session_idle_limit(user, *, shared_device: bool = False) -> timedelta | None:
    """How long a signed-in session may go unused before it ends, or None (the normal
    session length). Volunteers, coordinators and network admins see other people's
    details, so their sessions end after WCC_STAFF_IDLE_MINUTES; so does everyone's on
    a device its person said is shared."""
    limit = timedelta(minutes=settings.WCC_STAFF_IDLE_MINUTES)
    if shared_device or user.is_staff:
        return limit
    roles = getattr(user, _CACHE_ATTR, None)
    if roles is None:
        # Not read yet in this request: ask without caching, as this also runs while
        # logging in, before a join or invitation flow changes the person's roles.
        staff_roles = [Role.VOLUNTEER, Role.COORDINATOR]
        helps = Membership.objects.filter(user=user, role__in=staff_roles).active().exists()
    else:
        helps = any(role.includes(Role.VOLUNTEER) for role in roles.values())
    return limit if helps else None


def has_role(user, neighborhood: Neighborhood, role: Role = Role.MEMBER) -> bool:
    actual = role_in(user, neighborhood)
    return actual is not None and actual.includes(role)


def can_see_private_details(user, neighborhood: Neighborhood) -> bool:
    """Visitors' identities, contact details and notes: volunteers and coordinators only."""
    return has_role(user, neighborhood, Role.VOLUNTEER)


def can_coordinate(user, neighborhood: Neighborhood) -> bool:
    return has_role(user, neighborhood, Role.COORDINATOR)


def can_open_intake_from_shift(user, shift, *, confirmed: bool | None = None) -> bool:
    """May this person open the day's intake session from this shift?

    Only on the day of a shift that staffs the intake table (see mutualaid's Shift),
    and only the neighborhood's coordinators and the volunteers confirmed on it.
    ``confirmed`` (is the person confirmed on it?) saves a query when the caller knows.
    """
    if not shift.is_intake_day():
        return False
    role = role_in(user, shift.neighborhood)
    if role is None or not role.includes(Role.VOLUNTEER):
        return False
    if role.includes(Role.COORDINATOR):
        return True
    if confirmed is None:
        confirmed = shift.signups.filter(user=user, status="confirmed").exists()
    return confirmed


def neighborhoods_of(user) -> QuerySet[Neighborhood]:
    """Neighborhoods this person may open: all of them for network admins."""
    if not user.is_authenticated or not user.is_active:
        return Neighborhood.objects.none()
    if user.is_staff:
        return Neighborhood.objects.all()
    return Neighborhood.objects.filter(pk__in=list(roles_of(user)))


def get_neighborhood_or_404(user, slug: str, role: Role = Role.MEMBER) -> Neighborhood:
    neighborhood = _own_neighborhood(user, slug) or get_object_or_404(Neighborhood, slug=slug)
    actual = role_in(user, neighborhood)
    if actual is None:
        raise Http404("No such neighborhood.")
    if not actual.includes(role):
        raise PermissionDenied
    return neighborhood


def _own_neighborhood(user, slug: str) -> Neighborhood | None:
    """One of the person's own neighborhoods, as read with their roles (no query)."""
    if not user.is_authenticated or user.is_staff:
        return None
    roles_of(user)
    return getattr(user, _NEIGHBORHOODS_ATTR, {}).get(slug)


def pending_membership(user, slug: str) -> Membership | None:
    """The person's own request to join this neighborhood, if it is waiting."""
    if not user.is_authenticated or not user.is_active:
        return None
    memberships = Membership.objects.pending().select_related("neighborhood")
    return memberships.filter(user=user, neighborhood__slug=slug).first()


def neighborhood_view(role: Role = Role.MEMBER, *, pending_view: Callable | None = None):
    """Decorate a view taking ``slug``: it receives the ``neighborhood`` instead.

    Also sets ``request.neighborhood`` and ``request.role`` for templates and navigation.
    ``pending_view(request, membership)`` answers instead of the 404 a person whose
    request to join waits would get (only their own request: others still get 404).
    """

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args, **kwargs):
            try:
                neighborhood = get_neighborhood_or_404(request.user, slug, role)
            except Http404:
                waiting = pending_view and pending_membership(request.user, slug)
                if not waiting:
                    raise
                return pending_view(request, waiting)
            request.neighborhood = neighborhood
            request.role = role_in(request.user, neighborhood)
            # Times on neighborhood pages read in the neighborhood's own clock.
            timezone.activate(neighborhood.zone)
            return view(request, neighborhood, *args, **kwargs)

        wrapper.required_role = role
        return wrapper

    return decorator


def network_admin_view(view):
    """Network pages: staff only (others 403, the anonymous to the login page)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not (request.user.is_staff and two_factor_satisfied(request.user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def get_membership_or_404(neighborhood: Neighborhood, pk: int) -> Membership:
    """A membership of this neighborhood only: another neighborhood's answers 404."""
    return get_object_or_404(
        Membership.objects.select_related("user", "neighborhood"), pk=pk, neighborhood=neighborhood
    )


def get_invitation_or_404(neighborhood: Neighborhood, pk: int):
    from .models import Invitation

    return get_object_or_404(Invitation, pk=pk, neighborhood=neighborhood)


def get_member_import_or_404(neighborhood: Neighborhood, pk: int):
    from .models import MemberImport

    return get_object_or_404(MemberImport, pk=pk, neighborhood=neighborhood)


def get_own_membership_or_404(user, slug: str) -> Membership:
    """The person's own membership in the neighborhood, whatever its status (to leave
    it, or to read that they left); a neighborhood they have none in answers 404."""
    return get_object_or_404(
        Membership.objects.select_related("neighborhood"), user=user, neighborhood__slug=slug
    )

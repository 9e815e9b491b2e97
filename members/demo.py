"""Demo neighborhoods and one account per role, for `manage.py seed_demo`.

Idempotent: rows are looked up by natural keys and created only when missing,
so running the seed twice changes nothing.
"""

from dataclasses import dataclass

from django.conf import settings

from .models import Membership, Neighborhood, Role, User


@dataclass
class DemoNetwork:
    eastside: Neighborhood
    westside: Neighborhood
    admin: User
    coordinator: User
    volunteer: User
    member: User
    other_coordinator: User


# (email, display name, neighborhood key, role); the admin is staff without a membership.
DEMO_ACCOUNTS = [
    ("admin@example.org", "Ada Admin", None, None),
    ("coordinator@example.org", "Cora Coordinator", "eastside", Role.COORDINATOR),
    ("volunteer@example.org", "Val Volunteer", "eastside", Role.VOLUNTEER),
    ("member@example.org", "Mo Member", "eastside", Role.MEMBER),
    ("west.coordinator@example.org", "Wes Westside", "westside", Role.COORDINATOR),
]


def _neighborhood(slug: str, **defaults) -> Neighborhood:
    neighborhood, _ = Neighborhood.objects.get_or_create(slug=slug, defaults=defaults)
    return neighborhood


def _account(email: str, display_name: str, *, staff: bool = False) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email,
            password=settings.WCC_DEMO_PASSWORD,
            display_name=display_name,
            is_staff=staff,
            is_superuser=staff,
        )
    return user


def seed() -> DemoNetwork:
    neighborhoods = {
        "eastside": _neighborhood(
            "eastside",
            name="Eastside",
            description="Mutual aid for the streets east of the river.",
            meeting_place="St. Brigid's church hall, 120 Elm Street",
            meeting_schedule="Every other Saturday, 10:00 to 13:00",
            time_zone="America/New_York",
        ),
        "westside": _neighborhood(
            "westside",
            name="Westside",
            description="Neighbors of the west end, meeting at the library.",
            meeting_place="Westside branch library, community room",
            meeting_schedule="Every other Saturday, 11:00 to 14:00",
            time_zone="America/New_York",
        ),
    }
    users = {}
    for email, name, neighborhood_key, role in DEMO_ACCOUNTS:
        user = _account(email, name, staff=role is None)
        users[email] = user
        if neighborhood_key:
            Membership.objects.get_or_create(
                user=user,
                neighborhood=neighborhoods[neighborhood_key],
                defaults={"role": role, "status": Membership.Status.ACTIVE},
            )
    return DemoNetwork(
        eastside=neighborhoods["eastside"],
        westside=neighborhoods["westside"],
        admin=users["admin@example.org"],
        coordinator=users["coordinator@example.org"],
        volunteer=users["volunteer@example.org"],
        member=users["member@example.org"],
        other_coordinator=users["west.coordinator@example.org"],
    )

"""Demo neighborhoods and one account per role, for `manage.py seed_demo`.

Idempotent: rows are looked up by natural keys and created only when missing,
so running the seed twice changes nothing.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from wcc.languages import names_from_catalog

from .models import Invitation, Membership, MembershipChange, Neighborhood, Role, Skill, User
from .models.people import DEFAULT_SKILLS


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
    _seed_membership_demo(neighborhoods["eastside"], users["coordinator@example.org"])
    return DemoNetwork(
        eastside=neighborhoods["eastside"],
        westside=neighborhoods["westside"],
        admin=users["admin@example.org"],
        coordinator=users["coordinator@example.org"],
        volunteer=users["volunteer@example.org"],
        member=users["member@example.org"],
        other_coordinator=users["west.coordinator@example.org"],
    )


DEMO_SKILLS = DEFAULT_SKILLS
# More Eastside people for the directory: (email, name, role, languages, skills, availability).
DEMO_MEMBERS = [
    (
        "ana.lopez@example.org",
        "Ana López",
        Role.VOLUNTEER,
        "Spanish, English",
        ["Spanish interpreting", "Driving"],
        "Saturday mornings",
    ),
    (
        "ben.okafor@example.org",
        "Ben Okafor",
        Role.MEMBER,
        "English, Igbo",
        ["Lifting"],
        "Weekday evenings",
    ),
    ("chen.wei@example.org", "Chen Wei", Role.MEMBER, "Mandarin, English", ["Cooking"], "Sundays"),
    (
        "dora.pierre@example.org",
        "Dora Pierre",
        Role.VOLUNTEER,
        "Haitian Creole, French, English",
        ["First aid", "Childcare"],
        "Every other Saturday",
    ),
    ("eli.moss@example.org", "Eli Moss", Role.MEMBER, "English", ["Driving"], "Any afternoon"),
]
DEMO_INVITATION_TOKEN = "demo-eastside-volunteer-invitation"


def _seed_membership_demo(eastside: Neighborhood, coordinator: User) -> None:
    skills = {
        name: Skill.objects.get_or_create(
            neighborhood=eastside, name=name, defaults={"names": names_from_catalog(name)}
        )[0]
        for name in DEMO_SKILLS
    }
    for email, name, role, languages, skill_names, availability in DEMO_MEMBERS:
        user = _account(email, name)
        if not user.languages_spoken:
            user.languages_spoken, user.availability = languages, availability
            user.save(update_fields=["languages_spoken", "availability"])
        membership, created = Membership.objects.get_or_create(
            user=user,
            neighborhood=eastside,
            defaults={
                "role": role,
                "status": Membership.Status.ACTIVE,
                "activated_at": timezone.now(),
            },
        )
        if created:
            membership.skills.set([skills[s] for s in skill_names])
            MembershipChange.objects.create(
                membership=membership,
                kind=MembershipChange.Kind.IMPORTED,
                to_value=role,
                changed_by=coordinator,
            )
    # Someone asking to join, waiting for the coordinator.
    asker = _account("new.neighbor@example.org", "Nia Newcomer")
    pending, created = Membership.objects.get_or_create(
        user=asker,
        neighborhood=eastside,
        defaults={"join_message": "I moved in on Elm Street and can cook on weekends."},
    )
    if created:
        MembershipChange.objects.create(
            membership=pending,
            kind=MembershipChange.Kind.REQUESTED,
            to_value="pending",
            changed_by=asker,
        )
    # An open invitation link for a volunteer.
    Invitation.objects.get_or_create(
        token=DEMO_INVITATION_TOKEN,
        defaults={
            "neighborhood": eastside,
            "role": Role.VOLUNTEER,
            "created_by": coordinator,
            "expires_at": timezone.now() + timedelta(days=365),
        },
    )

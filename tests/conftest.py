"""Fixtures shared by every test: a small network with one person per role.

``own`` is the neighborhood the role fixtures belong to; ``other`` is a second one
whose coordinator must never see ``own``'s private data.
"""

from dataclasses import dataclass

import pytest

from members.models import Neighborhood, Role, User

from .factories import MembershipFactory, NeighborhoodFactory, UserFactory

ROLES = ["anonymous", "member", "volunteer", "coordinator", "other_coordinator", "admin"]


@dataclass
class World:
    own: Neighborhood
    other: Neighborhood
    member: User
    volunteer: User
    coordinator: User
    other_coordinator: User
    admin: User

    def user(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    """Serve static files by their own names in tests, without a collectstatic manifest.

    tests/wcc/test_static.py checks the production (manifest) build separately.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def no_fragments_of_earlier_tests():
    """Each test draws its pages afresh: fragments cached by an earlier test (whose rows
    were rolled back) must not answer for this one's (wcc/content_stamps.py)."""
    from django.core.cache import caches

    caches["template_fragments"].clear()


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings, tmp_path):
    """Uploaded files (study circles' PDFs) land in the test's own folder, not in var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db) -> World:
    own = NeighborhoodFactory(name="Eastside", slug="eastside")
    other = NeighborhoodFactory(name="Westside", slug="westside")

    def person(email, name, neighborhood, role):
        user = UserFactory(email=email, display_name=name)
        MembershipFactory(user=user, neighborhood=neighborhood, role=role)
        return user

    return World(
        own=own,
        other=other,
        member=person("member@example.org", "Mo Member", own, Role.MEMBER),
        volunteer=person("volunteer@example.org", "Val Volunteer", own, Role.VOLUNTEER),
        coordinator=person("coordinator@example.org", "Cora Coordinator", own, Role.COORDINATOR),
        other_coordinator=person("west@example.org", "Wes Westside", other, Role.COORDINATOR),
        admin=UserFactory(
            email="admin@example.org", display_name="Ada Admin", is_staff=True, is_superuser=True
        ),
    )


@pytest.fixture
def member(world):
    return world.member


@pytest.fixture
def volunteer(world):
    return world.volunteer


@pytest.fixture
def coordinator(world):
    return world.coordinator


def client_for(client, user):
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def member_client(client, world):
    return client_for(client, world.member)


@pytest.fixture
def volunteer_client(client, world):
    return client_for(client, world.volunteer)


@pytest.fixture
def coordinator_client(client, world):
    return client_for(client, world.coordinator)

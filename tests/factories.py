"""factory_boy factories for the members app (other apps keep theirs beside their tests)."""

import factory
from django.contrib.auth.hashers import make_password

from members.models import Membership, Neighborhood, Role, User

PASSWORD = "a-long-test-password-9"
_password_hash: str | None = None


def password_hash() -> str:
    """Argon2 is slow on purpose: hash the shared test password once, reuse the hash."""
    global _password_hash
    if _password_hash is None:
        _password_hash = make_password(PASSWORD)
    return _password_hash


class NeighborhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighborhood
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Neighborhood {n}")
    slug = factory.Sequence(lambda n: f"neighborhood-{n}")
    time_zone = "America/New_York"
    meeting_place = "Community hall"
    meeting_schedule = "Every other Saturday, 10:00 to 13:00"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name")
    password = factory.LazyFunction(password_hash)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    neighborhood = factory.SubFactory(NeighborhoodFactory)
    role = Role.MEMBER
    status = Membership.Status.ACTIVE

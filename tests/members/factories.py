"""factory_boy factories for the membership features (the basics are in tests/factories.py)."""

from datetime import timedelta

import factory
from django.utils import timezone

from members.models import Invitation, JoinConfirmation, MemberImport, Skill, UserSession
from tests.factories import NeighborhoodFactory, UserFactory, password_hash


class SkillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Skill
        django_get_or_create = ["neighborhood", "name"]

    neighborhood = factory.SubFactory(NeighborhoodFactory)
    name = factory.Sequence(lambda n: f"Skill {n}")


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    neighborhood = factory.SubFactory(NeighborhoodFactory)
    role = "member"


class MemberImportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberImport

    neighborhood = factory.SubFactory(NeighborhoodFactory)
    file_name = "members.csv"


class UserSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserSession

    user = factory.SubFactory(UserFactory)
    session_key = factory.Sequence(lambda n: f"session-key-{n:020d}")
    device = "Test browser"


class JoinConfirmationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinConfirmation

    neighborhood = factory.SubFactory(NeighborhoodFactory)
    email = factory.Sequence(lambda n: f"newcomer{n}@example.org")
    display_name = "Nell Newcomer"
    password = factory.LazyFunction(password_hash)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))

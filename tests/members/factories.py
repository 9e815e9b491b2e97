"""factory_boy factories for the membership features (the basics are in tests/factories.py)."""

import factory

from members.models import Invitation, MemberImport, Skill, UserSession
from tests.factories import NeighborhoodFactory, UserFactory


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

"""factory_boy factories for shifts, series and sign-ups."""

from datetime import timedelta

import factory
from django.utils import timezone

from mutualaid.models import Shift, Signup
from tests.factories import MembershipFactory, NeighborhoodFactory, UserFactory


def in_days(days: float, hour: int = 10):
    moment = timezone.localtime() + timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shift

    neighborhood = factory.SubFactory(NeighborhoodFactory)
    role = "Intake table"
    starts_at = factory.LazyFunction(lambda: in_days(3))
    ends_at = factory.LazyAttribute(lambda shift: shift.starts_at + timedelta(hours=3))
    place = "St. Brigid's church hall"
    capacity = 3


class SignupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signup

    shift = factory.SubFactory(ShiftFactory)
    user = factory.SubFactory(UserFactory)
    status = Signup.Status.CONFIRMED


def volunteers(neighborhood, count: int, prefix: str = "v"):
    """``count`` active volunteers of the neighborhood."""
    people = []
    for n in range(count):
        user = UserFactory(email=f"{prefix}{n}@example.org", display_name=f"Volunteer {prefix}{n}")
        MembershipFactory(user=user, neighborhood=neighborhood, role="volunteer")
        people.append(user)
    return people

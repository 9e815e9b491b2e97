"""factory_boy factories for the intake app."""

import datetime

import factory

from intake.models import IntakeSession, Visit, Visitor, normalized
from tests.factories import NeighborhoodFactory, UserFactory


class IntakeSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntakeSession

    neighborhood = factory.SubFactory(NeighborhoodFactory)
    date = factory.LazyFunction(datetime.date.today)
    status = IntakeSession.Status.OPEN
    place = "Community hall"


class VisitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visitor

    neighborhood = factory.SubFactory(NeighborhoodFactory)
    first_name = factory.Sequence(lambda n: f"Visitor{n}")
    last_name = ""
    search_name = factory.LazyAttribute(lambda v: normalized(f"{v.first_name} {v.last_name}"))
    phone_digits = factory.LazyAttribute(lambda v: "".join(c for c in v.phone if c.isdigit()))
    phone = ""


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    session = factory.SubFactory(IntakeSessionFactory)
    visitor = factory.SubFactory(
        VisitorFactory, neighborhood=factory.SelfAttribute("..session.neighborhood")
    )
    logged_by = factory.SubFactory(UserFactory)

"""factory_boy factories for needs and offers, and helpers for needs in each status."""

import factory

from mutualaid.actions import needs as actions
from mutualaid.models import NeedCategory, Offer, ResourceRequest
from tests.factories import NeighborhoodFactory, UserFactory


class NeedCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NeedCategory
        django_get_or_create = ["neighborhood", "slug"]

    neighborhood = factory.SubFactory(NeighborhoodFactory)
    slug = "groceries"
    name = "Groceries"


class NeedFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceRequest

    neighborhood = factory.SubFactory(NeighborhoodFactory)
    category = factory.LazyAttribute(lambda o: NeedCategoryFactory(neighborhood=o.neighborhood))
    public_summary = factory.Sequence(lambda n: f"Need number {n}: a bag of groceries")
    private_details = ""
    source = ResourceRequest.Source.COORDINATOR


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    neighborhood = factory.SubFactory(NeighborhoodFactory)
    member = factory.SubFactory(UserFactory)
    category = factory.LazyAttribute(lambda o: NeedCategoryFactory(neighborhood=o.neighborhood))
    description = "I can shop on Saturdays"


def claimed_need(claimant, **kwargs) -> ResourceRequest:
    need = NeedFactory(**kwargs)
    return actions.claim_need(need=need, member=claimant)


def closed_need(by, **kwargs) -> ResourceRequest:
    need = NeedFactory(**kwargs)
    return actions.close_need(need=need, by=by, reason=ResourceRequest.CloseReason.DUPLICATE)

"""The mutualaid app's models, one module per noun: needs (and offers), shifts."""

from .needs import (
    DEFAULT_NEED_CATEGORIES,
    ContactReveal,
    NeedCategory,
    NeedsSettings,
    NeedTransitionError,
    OwnNeedError,
    RequestStatusChange,
    ResourceRequest,
)
from .offers import DigestDelivery, DigestSubscription, Offer

__all__ = [
    "DEFAULT_NEED_CATEGORIES",
    "ContactReveal",
    "DigestDelivery",
    "DigestSubscription",
    "NeedCategory",
    "NeedTransitionError",
    "NeedsSettings",
    "Offer",
    "OwnNeedError",
    "RequestStatusChange",
    "ResourceRequest",
]

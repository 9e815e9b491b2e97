"""The mutualaid app's models, one module per noun: needs, offers, shifts."""

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
from .shift_trail import ShiftEvent
from .shifts import CalendarFeed, Pause, Reminder, Shift, ShiftSeries, Signup

__all__ = [
    "DEFAULT_NEED_CATEGORIES",
    "CalendarFeed",
    "ContactReveal",
    "DigestDelivery",
    "DigestSubscription",
    "NeedCategory",
    "NeedTransitionError",
    "NeedsSettings",
    "Offer",
    "OwnNeedError",
    "Pause",
    "Reminder",
    "RequestStatusChange",
    "ResourceRequest",
    "Shift",
    "ShiftEvent",
    "ShiftSeries",
    "Signup",
]

"""The mutualaid app's models, one module per noun: needs (and offers), shifts."""

from .needs import (
    DEFAULT_NEED_CATEGORIES,
    NeedCategory,
    RequestStatusChange,
    ResourceRequest,
)
from .shifts import CalendarFeed, Reminder, Shift, ShiftSeries, Signup

__all__ = [
    "DEFAULT_NEED_CATEGORIES",
    "NeedCategory",
    "RequestStatusChange",
    "ResourceRequest",
    "CalendarFeed",
    "Reminder",
    "Shift",
    "ShiftSeries",
    "Signup",
]

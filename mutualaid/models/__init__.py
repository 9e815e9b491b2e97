"""The mutualaid app's models, one module per noun: needs (and offers), shifts."""

from .needs import (
    DEFAULT_NEED_CATEGORIES,
    NeedCategory,
    RequestStatusChange,
    ResourceRequest,
)

__all__ = [
    "DEFAULT_NEED_CATEGORIES",
    "NeedCategory",
    "RequestStatusChange",
    "ResourceRequest",
]

"""The members app's models, one module per noun group; import them from here."""

from .accounts import ErasureRecord, UserSession
from .imports import MemberImport
from .joining import Invitation, JoinConfirmation, MembershipChange, new_invitation_token
from .notification_choices import NotificationChoice
from .people import (
    ContactChannel,
    JoinRequestNotices,
    Membership,
    MembershipQuerySet,
    Neighborhood,
    Role,
    Skill,
    User,
    UserManager,
    phone_validator,
    validate_time_zone,
)
from .sms import InboundSms, SentSms, SmsOptOut, SmsStatusEvent, phone_digits

__all__ = [
    "ContactChannel",
    "ErasureRecord",
    "InboundSms",
    "Invitation",
    "JoinConfirmation",
    "JoinRequestNotices",
    "MemberImport",
    "Membership",
    "MembershipChange",
    "NotificationChoice",
    "MembershipQuerySet",
    "Neighborhood",
    "Role",
    "SentSms",
    "Skill",
    "SmsOptOut",
    "SmsStatusEvent",
    "User",
    "UserManager",
    "UserSession",
    "new_invitation_token",
    "phone_digits",
    "phone_validator",
    "validate_time_zone",
]

"""The members app's views, one module per noun."""

from .account import (
    erase_account,
    my_data,
    my_data_download,
    session_end,
    sessions,
    sessions_end_others,
    two_factor,
    two_factor_disable,
    two_factor_verify,
)
from .directory import member_detail, member_directory, member_export, member_role, member_status
from .general import LogoutView, home, neighborhood_home, profile, set_language
from .imports import member_import, member_import_confirm, member_import_detail
from .joining import (
    invitation_accept,
    invitation_confirm,
    invitation_withdraw,
    invitations,
    join_confirm,
    join_list,
    join_thanks,
    my_membership,
    neighborhood_public,
)
from .leaving import leave_neighborhood, neighborhood_left
from .network import neighborhood_new, network_overview
from .notification_choices import notification_choices, unsubscribe
from .sms import sms_inbound, sms_status, sms_try

__all__ = [
    "LogoutView",
    "erase_account",
    "home",
    "invitation_accept",
    "invitation_confirm",
    "invitation_withdraw",
    "invitations",
    "join_confirm",
    "join_list",
    "join_thanks",
    "leave_neighborhood",
    "member_detail",
    "member_directory",
    "member_export",
    "member_import",
    "member_import_confirm",
    "member_import_detail",
    "member_role",
    "member_status",
    "my_data",
    "my_data_download",
    "my_membership",
    "neighborhood_home",
    "neighborhood_left",
    "neighborhood_new",
    "neighborhood_public",
    "network_overview",
    "notification_choices",
    "profile",
    "session_end",
    "sessions",
    "sessions_end_others",
    "set_language",
    "sms_inbound",
    "sms_status",
    "sms_try",
    "two_factor",
    "two_factor_disable",
    "two_factor_verify",
    "unsubscribe",
]

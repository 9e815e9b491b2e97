"""Permission-matrix rows of the membership pages (joining, directory, data rights, network)."""

from django.core import signing

from members import actions
from tests.matrix import LOGIN, Row, at_least, everyone, logged_in
from tests.members.factories import (
    InvitationFactory,
    JoinConfirmationFactory,
    MemberImportFactory,
    UserSessionFactory,
)


def own(world) -> dict:
    return {"slug": world.own.slug}


def own_member(world) -> dict:
    return {"slug": world.own.slug, "pk": world.member.memberships.get().pk}


def own_invitation(world) -> dict:
    return {"slug": world.own.slug, "pk": InvitationFactory(neighborhood=world.own).pk}


def own_import(world) -> dict:
    return {"slug": world.own.slug, "pk": MemberImportFactory(neighborhood=world.own).pk}


def invitation_token(world) -> dict:
    return {"token": InvitationFactory(neighborhood=world.own).token}


def sign_up_confirmation(world) -> dict:
    invitation = InvitationFactory(neighborhood=world.own)
    data = {"i": invitation.pk, "e": "new@example.org", "n": "New", "p": "!"}
    return {"token": signing.dumps(data, salt=actions.SIGN_UP_SALT, compress=True)}


def join_token(world) -> dict:
    return {"token": JoinConfirmationFactory(neighborhood=world.own).token}


def members_session(world) -> dict:
    return {"pk": UserSessionFactory(user=world.member).pk}


# A person's own membership, whatever their role; a network admin has none here.
OWN_MEMBERS_ONLY = {**at_least("member"), "admin": 404}
COORDINATOR_POST = at_least("coordinator", allowed=302)
ADMINS_ONLY = {
    "anonymous": LOGIN,
    "member": 403,
    "volunteer": 403,
    "coordinator": 403,
    "other_coordinator": 403,
    "admin": 200,
}
COORDINATORS_ANYWHERE = {**ADMINS_ONLY, "coordinator": 200, "other_coordinator": 200}

ROWS = [
    Row("neighborhood_public", everyone(200), kwargs=own),
    Row("join_thanks", everyone(200), kwargs=own),
    Row("join_list", everyone(200)),
    Row("join_confirm", everyone(200), kwargs=join_token),
    Row("invitation_accept", everyone(200), kwargs=invitation_token),
    Row("invitation_confirm", everyone(200), kwargs=sign_up_confirmation),
    Row("my_membership", at_least("member"), kwargs=own),
    Row("leave_neighborhood", OWN_MEMBERS_ONLY, kwargs=own),
    Row(
        "leave_neighborhood",
        {**OWN_MEMBERS_ONLY, "member": 302, "volunteer": 302, "coordinator": 302},
        kwargs=own,
        method="post",
    ),
    Row("neighborhood_left", logged_in(404), kwargs=own),
    Row("member_directory", at_least("coordinator"), kwargs=own),
    Row("member_export", at_least("coordinator"), kwargs=own),
    Row("member_detail", at_least("coordinator"), kwargs=own_member),
    Row("member_role", COORDINATOR_POST, kwargs=own_member, method="post", data={"role": "member"}),
    Row(
        "member_status",
        COORDINATOR_POST,
        kwargs=own_member,
        method="post",
        data={"action": "approve"},
    ),
    Row("member_import", at_least("coordinator"), kwargs=own),
    Row("member_import_detail", at_least("coordinator"), kwargs=own_import),
    Row("member_import_confirm", COORDINATOR_POST, kwargs=own_import, method="post"),
    Row("invitations", at_least("coordinator"), kwargs=own),
    Row("invitation_withdraw", COORDINATOR_POST, kwargs=own_invitation, method="post"),
    Row("network_overview", ADMINS_ONLY),
    Row("neighborhood_new", ADMINS_ONLY),
    Row("my_data", logged_in(200)),
    Row("my_data_download", logged_in(200)),
    Row("erase_account", logged_in(200)),
    Row("sessions", logged_in(200)),
    Row(
        "session_end",
        {**logged_in(404), "member": 302},
        kwargs=members_session,
        method="post",
    ),
    Row("sessions_end_others", logged_in(302), method="post"),
    Row("two_factor", COORDINATORS_ANYWHERE),
    Row("two_factor_verify", logged_in(302)),
    Row("two_factor_disable", logged_in(302), method="post"),
]

"""Membership workflows: each a keyword-only function in one transaction.

Views, tasks and commands call these; none of them checks permissions (the views
do that through members.access before calling).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from wcc import content_stamps

from . import join_notices, registry
from .access import forget_roles
from .models import (
    ErasureRecord,
    Invitation,
    JoinConfirmation,
    MemberImport,
    Membership,
    MembershipChange,
    Neighborhood,
    Role,
    Skill,
    User,
    UserSession,
)
from .notification_kinds import Kind
from .notifications import notify

logger = logging.getLogger(__name__)
ERASED_NAME = "Erased person"  # stored in English, like every erased row


def _record(membership, kind, *, by=None, from_value="", to_value="") -> MembershipChange:
    return MembershipChange.objects.create(
        membership=membership, kind=kind, changed_by=by, from_value=from_value, to_value=to_value
    )


# --- Joining -------------------------------------------------------------------------


@transaction.atomic
def request_to_join(*, neighborhood: Neighborhood, user: User, message: str = "") -> Membership:
    """A pending membership; asking again while pending or active changes nothing,
    and neither does asking after a coordinator ended the membership (only the
    coordinator brings it back: see Membership.ended_by_coordinator)."""
    membership, created = Membership.objects.get_or_create(
        user=user,
        neighborhood=neighborhood,
        defaults={"status": Membership.Status.PENDING, "join_message": message},
    )
    if created:
        _record(membership, MembershipChange.Kind.REQUESTED, by=user, to_value=membership.status)
        join_notices.announce(membership)
    elif membership.status == Membership.Status.INACTIVE and not membership.ended_by_coordinator:
        membership.join_message = message
        membership.save(update_fields=["join_message"])
        membership.set_status(Membership.Status.PENDING)
        _record(membership, MembershipChange.Kind.REQUESTED, by=user, to_value="pending")
        join_notices.announce(membership)
    return membership


@transaction.atomic
def sign_up_and_request(
    *,
    neighborhood: Neighborhood,
    display_name: str,
    email: str,
    password: str,
    phone: str = "",
    message: str = "",
) -> None:
    """Ask to join with a new account, once the address is shown to be theirs.

    Every address gets the same answer and one mail, so the form never tells a
    stranger which addresses have accounts: a new address gets a link to confirm it
    (nothing else is made until the link is used, see ``confirm_join``); an address
    with an account gets a note to log in and ask there (none when that account is
    already in the neighborhood: a double submit). The password is hashed either way,
    so both answers take as long.
    """
    email = email.strip().lower()
    password_hash = make_password(password)
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        if not existing.memberships.filter(neighborhood=neighborhood).exists():
            _mail(existing, "members/email/already_have_account", {"neighborhood": neighborhood})
        return
    now = timezone.now()
    confirmation, _created = JoinConfirmation.objects.update_or_create(
        neighborhood=neighborhood,
        email=email,
        defaults={
            "display_name": display_name,
            "phone": phone,
            "password": password_hash,
            "message": message,
            "language": translation.get_language() or settings.LANGUAGE_CODE,
            "token": JoinConfirmation._meta.get_field("token").default(),
            "created_at": now,
            "expires_at": now + JoinConfirmation.VALID_FOR,
        },
    )
    _mail_address(
        email,
        confirmation.language,
        "members/email/confirm_join",
        {
            "neighborhood": neighborhood,
            "name": display_name,
            "url": settings.WCC_SITE_URL + confirmation.get_absolute_url(),
            "days": JoinConfirmation.VALID_FOR.days,
        },
    )


def usable_join_confirmation(token: str) -> JoinConfirmation | None:
    """The waiting request this link belongs to, unless it was used or expired."""
    confirmation = (
        JoinConfirmation.objects.select_related("neighborhood").filter(token=token).first()
    )
    return None if confirmation is None or confirmation.is_expired else confirmation


@transaction.atomic
def confirm_join(*, token: str) -> tuple[str, Membership | None]:
    """Use a join link: the account and its pending membership, once.

    Returns ("joined", membership); ("gone", None) for a link that is unknown, used
    or expired; ("has_account", None) when the address got an account meanwhile (by
    an invitation, say): its owner logs in and asks there.
    """
    confirmation = (
        JoinConfirmation.objects.select_for_update()
        .select_related("neighborhood")
        .filter(token=token)
        .first()
    )
    if confirmation is None:
        return "gone", None
    confirmation.delete()
    if confirmation.is_expired:
        return "gone", None
    user = User(
        email=confirmation.email,
        display_name=confirmation.display_name,
        phone=confirmation.phone,
        preferred_language=confirmation.language,
        password=confirmation.password,
    )
    try:
        with transaction.atomic():
            if User.objects.filter(email__iexact=confirmation.email).exists():
                return "has_account", None
            user.save()
    except IntegrityError:  # the same address confirmed for another neighborhood at once
        return "has_account", None
    membership = request_to_join(
        neighborhood=confirmation.neighborhood, user=user, message=confirmation.message
    )
    return "joined", membership


@transaction.atomic
def approve(*, membership: Membership, by: User) -> Membership:
    old = membership.status
    membership.set_status(Membership.Status.ACTIVE)
    _record(membership, MembershipChange.Kind.APPROVED, by=by, from_value=old, to_value="active")
    forget_roles(membership.user)
    if old == Membership.Status.PENDING:
        join_notices.tell_decision(membership, "members/email/join_approved")
    return membership


@transaction.atomic
def decline(*, membership: Membership, by: User) -> Membership:
    old = membership.status
    membership.set_status(Membership.Status.INACTIVE)
    _record(membership, MembershipChange.Kind.DECLINED, by=by, from_value=old, to_value="inactive")
    if old == Membership.Status.PENDING:
        join_notices.tell_decision(membership, "members/email/join_declined")
    return membership


@transaction.atomic
def deactivate(*, membership: Membership, by: User) -> Membership:
    """Make a member inactive and sign them out everywhere at once."""
    old = membership.status
    membership.set_status(Membership.Status.INACTIVE)
    _record(
        membership, MembershipChange.Kind.DEACTIVATED, by=by, from_value=old, to_value="inactive"
    )
    end_all_sessions(user=membership.user)
    forget_roles(membership.user)
    return membership


@transaction.atomic
def reactivate(*, membership: Membership, by: User) -> Membership:
    old = membership.status
    membership.set_status(Membership.Status.ACTIVE)
    _record(membership, MembershipChange.Kind.REACTIVATED, by=by, from_value=old, to_value="active")
    return membership


@transaction.atomic
def change_role(*, membership: Membership, role: Role, by: User) -> Membership:
    old = membership.role
    if old == role:
        return membership
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    _record(membership, MembershipChange.Kind.ROLE, by=by, from_value=old, to_value=role)
    forget_roles(membership.user)
    return membership


# --- Invitations ------------------------------------------------------------------------


@transaction.atomic
def invite(
    *, neighborhood: Neighborhood, role: Role, by: User, email: str = "", days: int = 14
) -> Invitation:
    invitation = Invitation.objects.create(
        neighborhood=neighborhood,
        role=role,
        email=email.strip().lower(),
        created_by=by,
        expires_at=timezone.now() + timedelta(days=days),
    )
    if invitation.email:
        transaction.on_commit(lambda: _send_invitation(invitation.pk))
    return invitation


def _send_invitation(invitation_id: int) -> None:
    invitation = Invitation.objects.select_related("neighborhood").get(pk=invitation_id)
    subject = render_to_string(
        "members/email/invitation_subject.txt", {"invitation": invitation}
    ).strip()
    body = render_to_string(
        "members/email/invitation.txt",
        {"invitation": invitation, "url": settings.WCC_SITE_URL + invitation.get_absolute_url()},
    )
    send_mail(subject, body, None, [invitation.email])


class InvitationRefused(Exception):
    """Why an invitation was not used. Raised inside the transaction, so nothing
    it began (an account being created, say) is kept; the invitation stays as it was."""

    USED = "used"  # used, withdrawn or expired by the time the row was locked
    WRONG_ACCOUNT = "wrong_account"  # addressed to another email than the account's
    ENDED = "ended"  # a coordinator ended this person's membership here
    INACTIVE = "inactive"  # a pass-on link never brings back an ended membership
    ALREADY_MEMBER = "already_member"  # a pass-on link never changes a member's role
    HAS_ACCOUNT = "has_account"  # a sign-up for an email that has an account meanwhile

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _locked_usable(invitation: Invitation) -> Invitation:
    """The invitation's row, locked until the transaction ends; refused if no longer usable.

    Every use locks the row first, so of several people using one link at once exactly
    one wins and the others see it used."""
    locked = (
        Invitation.objects.select_for_update().select_related("neighborhood").get(pk=invitation.pk)
    )
    if not locked.is_usable:
        raise InvitationRefused(InvitationRefused.USED)
    return locked


def invitation_is_for(invitation: Invitation, user: User) -> bool:
    """An invitation addressed to an email is for the account with that email only."""
    return not invitation.email or invitation.email.lower() == user.email.lower()


def invitation_refusal(
    *, invitation: Invitation, user: User, membership: Membership | None = None
) -> str | None:
    """Why this person may not use this invitation (an InvitationRefused reason), or None.

    Read alone it only answers (the page says so before anyone presses a button);
    accept_invitation asks it again with the rows locked."""
    if not invitation.is_usable:
        return InvitationRefused.USED
    if not invitation_is_for(invitation, user):
        return InvitationRefused.WRONG_ACCOUNT
    if membership is None:
        membership = user.memberships.filter(neighborhood_id=invitation.neighborhood_id).first()
    if membership is None:
        return None
    if membership.ended_by_coordinator:
        return InvitationRefused.ENDED
    if not invitation.email and membership.status == Membership.Status.INACTIVE:
        return InvitationRefused.INACTIVE
    if not invitation.email and membership.is_active:
        return InvitationRefused.ALREADY_MEMBER
    return None


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User) -> Membership:
    """Use the invitation once, or raise InvitationRefused and change nothing.

    An invitation addressed to an email is for the account with that email (its link
    was mailed there). A pass-on link (no email) is for anyone, but it only ever makes
    new members: it never brings back an inactive membership and never changes an
    existing member's role (and is not used up by them). No invitation brings back a
    membership a coordinator ended: that takes the coordinator reactivating it.
    """
    invitation = _locked_usable(invitation)
    membership = (
        Membership.objects.select_for_update()
        .filter(user=user, neighborhood=invitation.neighborhood)
        .order_by("pk")  # no joins: lock the membership row alone
        .first()
    )
    refusal = invitation_refusal(invitation=invitation, user=user, membership=membership)
    if refusal is not None:
        raise InvitationRefused(refusal)
    invitation.used_at, invitation.used_by = timezone.now(), user
    invitation.save(update_fields=["used_at", "used_by"])
    if membership is None:
        membership = Membership.objects.create(
            user=user, neighborhood=invitation.neighborhood, role=invitation.role
        )
    elif membership.is_pending or Role(invitation.role).includes(membership.role):
        # Not a member yet (pending), or the coordinator's invitation to this address
        # raises the role: the invitation's role. An addressed one never lowers it.
        change_role(membership=membership, role=invitation.role, by=invitation.created_by)
    if not membership.is_active:
        membership.set_status(Membership.Status.ACTIVE)
    _record(
        membership,
        MembershipChange.Kind.INVITED,
        by=invitation.created_by,
        to_value=membership.role,
    )
    forget_roles(user)
    return membership


@transaction.atomic
def sign_up_with_invitation(
    *,
    invitation: Invitation,
    display_name: str,
    email: str,
    password: str = "",
    password_hash: str = "",
) -> Membership:
    """A new account that uses the invitation, or InvitationRefused and no account.

    The invitation's row is locked before the account is made: a link someone else
    used a moment ago refuses here, and the whole transaction (the account too) rolls
    back, so a lost race leaves no account without a membership behind.
    """
    invitation = _locked_usable(invitation)
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise InvitationRefused(InvitationRefused.HAS_ACCOUNT)
    user = User.objects.create_user(
        email=email, password=password or None, display_name=display_name
    )
    if password_hash:
        user.password = password_hash
        user.save(update_fields=["password"])
    return accept_invitation(invitation=invitation, user=user)


SIGN_UP_SALT = "members.invitation-sign-up"
SIGN_UP_MAX_AGE = 2 * 24 * 3600  # the confirmation link works two days


def start_invitation_sign_up(
    *, invitation: Invitation, display_name: str, email: str, password: str
) -> None:
    """A pass-on link's sign-up form, answered the same for every email address.

    Whoever holds a pass-on link may type any address, so the answer must not tell
    them whether it has an account. Nothing is created or used up here (a link that
    turned "used" would tell as well): an address with an account gets a mail saying
    to log in and open the link; a new address gets a mail with a link that confirms
    it and creates the account (name and password hash travel signed in that link,
    never in plain text, and expire). Both see the same "check your email" page. This
    also makes a pass-on sign-up prove the address, as an addressed invitation's link
    (mailed to that address) already does.
    """
    email = email.strip().lower()
    owner = User.objects.filter(email__iexact=email).first()
    url = settings.WCC_SITE_URL + invitation.get_absolute_url()
    if owner is not None:
        _mail(owner, "members/email/invitation_log_in", {"invitation": invitation, "url": url})
        return
    token = signing.dumps(
        {"i": invitation.pk, "e": email, "n": display_name, "p": make_password(password)},
        salt=SIGN_UP_SALT,
        compress=True,
    )
    confirm = settings.WCC_SITE_URL + reverse("invitation_confirm", kwargs={"token": token})
    # No account, so no language of its own: the mail is in the language of the page.
    context = {"invitation": invitation, "url": confirm}
    subject = render_to_string("members/email/invitation_confirm_subject.txt", context).strip()
    body = render_to_string("members/email/invitation_confirm.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [email]))


def read_invitation_sign_up(token: str) -> dict | None:
    """The sign-up a confirmation link carries, or None if tampered with or expired."""
    try:
        data = signing.loads(token, salt=SIGN_UP_SALT, max_age=SIGN_UP_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not {"i", "e", "n", "p"} <= set(data):
        return None
    return data


# --- Sessions ----------------------------------------------------------------------------


def end_all_sessions(*, user: User, keep: str | None = None) -> int:
    """Sign the person out of every device (but ``keep``, the current session key)."""
    sessions = UserSession.objects.filter(user=user)
    if keep:
        sessions = sessions.exclude(session_key=keep)
    return sessions.end_all()


def end_session(*, session: UserSession) -> None:
    UserSession.objects.filter(pk=session.pk).end_all()


# --- People's data rights ------------------------------------------------------------


PERSONAL_DATA_FORMAT = "wcc-personal-data/2"


def personal_data(*, user: User) -> dict:
    """Everything every app holds about the person, ready for JSON, and nothing about
    anyone else. The layout (one key per registered part) is written down in
    docs/personal-data.md; bump ``PERSONAL_DATA_FORMAT`` when it changes."""
    data = {"exported_at": timezone.now().isoformat(), "format": PERSONAL_DATA_FORMAT}
    for name, function in registry.personal_data.items():
        data[name] = function(user)
    return data


def _end_membership(user: User, neighborhood: Neighborhood) -> dict[str, int]:
    """Every app lets go of what the person holds in the neighborhood (shift places,
    claims on needs, the digest), telling its coordinators."""
    return {name: ender(user, neighborhood) for name, ender in registry.membership_enders.items()}


@transaction.atomic
def leave_neighborhood(*, membership: Membership) -> Membership:
    """The person leaves: the membership turns inactive (recorded as LEFT), their shift
    places there are freed, their claims released and their digest of its needs stopped
    (``registry.membership_enders``), and the coordinators are told. Nothing else ends:
    their account, devices, offers and other memberships stay."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status == Membership.Status.INACTIVE:
        return membership
    old = membership.status
    membership.set_status(Membership.Status.INACTIVE)
    _record(
        membership,
        MembershipChange.Kind.LEFT,
        by=membership.user,
        from_value=old,
        to_value="inactive",
    )
    _end_membership(membership.user, membership.neighborhood)
    forget_roles(membership.user)
    _tell_coordinators_left(membership)
    return membership


def _tell_coordinators_left(membership: Membership) -> None:
    neighborhood = membership.neighborhood
    coordinators = [
        m.user
        for m in Membership.objects.active()
        .in_neighborhood(neighborhood)
        .filter(role=Role.COORDINATOR)
        .exclude(user=membership.user)
        .select_related("user")
    ]
    context = {
        "neighborhood": neighborhood,
        "name": membership.user.display_name,
        "directory_url": settings.WCC_SITE_URL
        + reverse("member_directory", kwargs={"slug": neighborhood.slug}),
    }

    def send():
        for coordinator in coordinators:
            try:
                notify(
                    coordinator,
                    kind=Kind.MEMBERS_LEAVING,
                    template="members/email/member_left",
                    context=context,
                )
            except Exception:  # the person has left; one lost mail is logged
                logger.warning("Could not tell coordinator %s that a member left", coordinator.pk)

    transaction.on_commit(send)


@transaction.atomic
def erase_person(*, user: User, by: User | None) -> ErasureRecord:
    """Remove the person's details everywhere; rows that counts depend on stay, anonymous.

    First every neighborhood lets go of them (shift places freed, claims released,
    coordinators told), then every app's eraser runs, the account's own last."""
    subject_id = user.pk
    neighborhoods = Neighborhood.objects.filter(memberships__user=user)
    freed = {}
    for neighborhood in neighborhoods:
        for name, count in _end_membership(user, neighborhood).items():
            freed[name] = freed.get(name, 0) + count
    parts = {name: eraser(user) for name, eraser in registry.person_erasers.items()}
    parts |= {f"freed_{name}": count for name, count in freed.items()}
    # The erasers write with update(), which sends no signals: no cached page may go on
    # showing what they removed, in any neighborhood.
    content_stamps.changed_everywhere()
    return ErasureRecord.objects.create(
        kind=ErasureRecord.Kind.PERSON,
        subject_id=subject_id,
        requested_by_subject=by is not None and by.pk == subject_id,
        erased_by=by if by is not None and by.pk != subject_id else None,
        parts=parts,
    )


@transaction.atomic
def erase_visitor(*, visitor_id: int, by: User | None) -> ErasureRecord:
    """The hook the intake app calls to erase a visitor (and its retention task too):
    every app's registered visitor eraser runs, and the erasure is recorded."""
    parts = {name: eraser(visitor_id) for name, eraser in registry.visitor_erasers.items()}
    content_stamps.changed_everywhere()  # as erase_person: the erasers send no signals
    return ErasureRecord.objects.create(
        kind=ErasureRecord.Kind.VISITOR, subject_id=visitor_id, erased_by=by, parts=parts
    )


# --- New neighborhoods -----------------------------------------------------------------

COPIED_SETTINGS = [
    "description",
    "time_zone",
    "meeting_schedule",
    "accepts_join_requests",
    "retention_months",
    "coordinators_need_two_factor",
]


@transaction.atomic
def copy_neighborhood(*, source: Neighborhood, name: str, slug: str, by: User) -> Neighborhood:
    """A new neighborhood with the source's setup and none of its people or records."""
    target = Neighborhood.objects.create(
        name=name,
        slug=slug,
        copied_from=source,
        **{field: getattr(source, field) for field in COPIED_SETTINGS},
    )
    for _name, copier in registry.neighborhood_copiers.items():
        copier(source=source, target=target)
    return target


# --- Spreadsheet import ----------------------------------------------------------------

IMPORT_CHUNK = 50
# Stored untranslated (gettext_noop) and shown in the reader's language.
NEEDS_EMAIL = gettext_noop(
    "No one here has this phone number; a new person needs an email address."
)
ENDED_HERE = gettext_noop(
    "A coordinator made this person inactive here, so the import leaves them as they "
    "are. To bring them back, reactivate them in the member directory."
)


def _digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())


class ImportPlan:
    """What an import does with each row, decided from this neighborhood's own records.

    A row is matched only against the people who have a membership here (by email,
    else by phone), so the plan, the preview and the counts never depend on whether
    an address has an account elsewhere, and never show another neighborhood's data:

    - a person here (active or pending) is updated ("update");
    - a person a coordinator made inactive here is left alone, with a message ("skip");
    - everyone else with an email is invited ("invite"): an invitation addressed to
      that email, with the row's role, which they accept or ignore. Whether the address
      already has an account makes no difference to the plan or to its answer: a new
      person's account is made when they accept (never before, so the directory shows
      no one who has not said yes, and shows new and known addresses alike). An open
      invitation to the address already sent from here is not sent again ("unchanged");
    - a row without an email that matches no one here is skipped: a new person needs an
      email address to be invited.
    """

    UPDATE, INVITE, UNCHANGED, SKIP = "update", "invite", "unchanged", "skip"

    def __init__(self, neighborhood: Neighborhood):
        self.neighborhood = neighborhood
        memberships = list(
            Membership.objects.in_neighborhood(neighborhood).select_related("user").order_by("pk")
        )
        self.by_email = {m.user.email.lower(): m for m in memberships}
        self.by_phone = {}
        for membership in memberships:
            if membership.user.phone:
                self.by_phone.setdefault(_digits(membership.user.phone), membership)
        self.invited = {
            email.lower()
            for email in Invitation.objects.of(neighborhood)
            .usable()
            .exclude(email="")
            .values_list("email", flat=True)
        }

    def match(self, row: dict) -> Membership | None:
        """The membership here this row names: by email, else by phone (here only)."""
        if row["email"]:
            return self.by_email.get(row["email"].lower())
        return self.by_phone.get(_digits(row["phone"]))

    def decide(self, row: dict) -> tuple[str, Membership | None, str]:
        """(what to do, the membership here if any, the message of a skipped row)."""
        membership = self.match(row)
        if membership is not None and membership.ended_by_coordinator:
            return self.SKIP, membership, ENDED_HERE
        if membership is not None and membership.status != Membership.Status.INACTIVE:
            return self.UPDATE, membership, ""
        if not row["email"]:
            return self.SKIP, None, NEEDS_EMAIL
        if row["email"].lower() in self.invited:
            return self.UNCHANGED, membership, ""
        return self.INVITE, membership, ""


def _update_member(member_import: MemberImport, membership: Membership, row: dict, skills) -> str:
    """Update one person already here from their row; "updated" or "unchanged"."""
    neighborhood, by, user = member_import.neighborhood, member_import.created_by, membership.user
    outcome = "unchanged"
    if not user.memberships.exclude(neighborhood=neighborhood).exists():
        # Only people who belong to this neighborhood alone: a coordinator's file
        # never rewrites the profile of someone another neighborhood also knows.
        wanted = {
            "display_name": row["name"],
            "phone": row["phone"] or user.phone,
            "languages_spoken": row["languages"] or user.languages_spoken,
            "availability": row["availability"] or user.availability,
        }
        changed = [key for key, value in wanted.items() if getattr(user, key) != value]
        if changed:
            for key in changed:
                setattr(user, key, wanted[key])
            user.save(update_fields=changed)
            outcome = "updated"
    if membership.role != row["role"]:
        change_role(membership=membership, role=row["role"], by=by)
        outcome = "updated"
    for name in row["skills"]:
        if name not in skills:
            skills[name] = Skill.objects.get_or_create(neighborhood=neighborhood, name=name)[0]
    wanted_skills = {skills[name] for name in row["skills"]}
    if wanted_skills and not wanted_skills <= set(membership.skills.all()):
        membership.skills.add(*wanted_skills)
        outcome = "updated"
    return outcome


def _import_row(
    member_import: MemberImport, plan: ImportPlan, row: dict, skills: dict[str, Skill]
) -> tuple[str, str]:
    """Update, invite or skip one row; returns (outcome, the message of a skipped row)."""
    action, membership, message = plan.decide(row)
    if action == ImportPlan.UPDATE:
        return _update_member(member_import, membership, row, skills), ""
    if action == ImportPlan.INVITE:
        invite(
            neighborhood=member_import.neighborhood,
            role=row["role"],
            email=row["email"],
            by=member_import.created_by,
        )
        plan.invited.add(row["email"].lower())
        return "invited", ""
    if action == ImportPlan.UNCHANGED:
        return "unchanged", ""
    return "skipped", message


def preview_rows(member_import: MemberImport) -> list[dict]:
    """Each confirmed-to-be row with what the import will do with it (nothing saved)."""
    plan = ImportPlan(member_import.neighborhood)
    previews = []
    for row in member_import.rows:
        action, _membership, message = plan.decide(row)
        role = Role(row["role"]).label
        previews.append({"row": row, "action": action, "message": message, "role": role})
        if action == ImportPlan.INVITE:
            plan.invited.add(row["email"].lower())
    return previews


def run_member_import(*, import_id: int) -> MemberImport:
    """Import the confirmed rows in small transactions, recording progress as it goes."""
    with transaction.atomic():
        member_import = MemberImport.objects.select_for_update().get(pk=import_id)
        if member_import.status not in {MemberImport.Status.QUEUED, MemberImport.Status.RUNNING}:
            return member_import
        member_import.status = MemberImport.Status.RUNNING
        member_import.save(update_fields=["status"])
    rows = member_import.rows
    counts = {"invited": 0, "updated": 0, "unchanged": 0, "skipped": 0}
    skipped = []
    # The neighborhood's skills by name, read once for the whole file.
    skills = {skill.name: skill for skill in member_import.neighborhood.skills.all()}
    try:
        for start in range(member_import.processed, len(rows), IMPORT_CHUNK):
            with transaction.atomic():
                plan = ImportPlan(member_import.neighborhood)
                for row in rows[start : start + IMPORT_CHUNK]:
                    outcome, message = _import_row(member_import, plan, row, skills)
                    counts[outcome] += 1
                    if outcome == "skipped":
                        skipped.append({"line": row["line"], "messages": [message]})
                MemberImport.objects.filter(pk=import_id).update(
                    processed=min(len(rows), start + IMPORT_CHUNK)
                )
    except Exception:
        MemberImport.objects.filter(pk=import_id).update(status=MemberImport.Status.FAILED)
        raise
    MemberImport.objects.filter(pk=import_id).update(
        status=MemberImport.Status.DONE,
        invited_count=counts["invited"],
        updated_count=counts["updated"],
        unchanged_count=counts["unchanged"],
        skipped_count=counts["skipped"],
        problems=member_import.problems + skipped,
        processed=len(rows),
        rows=[],  # keep counts, not people's details
        finished_at=timezone.now(),
    )
    member_import.refresh_from_db()
    return member_import


@transaction.atomic
def confirm_import(*, member_import: MemberImport) -> MemberImport:
    from .tasks import import_members

    member_import.status = MemberImport.Status.QUEUED
    member_import.save(update_fields=["status"])
    transaction.on_commit(lambda: _queue(import_members, member_import.pk))
    return member_import


def _queue(task, *args) -> None:
    """Send a task; a broker that is down leaves the job waiting in the database
    (the page says so) instead of failing the request that asked for it."""
    try:
        task.delay(*args)
    except Exception:  # the broker's many connection errors
        logger.warning(
            "Could not queue %s%s; it waits in the database.", task.name, args, exc_info=True
        )


def _mail(user: User, template: str, context: dict) -> None:
    _mail_address(user.email, user.preferred_language, template, {"user": user, **context})


def _mail_address(address: str, language: str, template: str, context: dict) -> None:
    """A mail to an address, which may have no account (so not through notify)."""
    with translation.override(language):
        context = {"site_url": settings.WCC_SITE_URL, **context}
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}.txt", context)
    transaction.on_commit(lambda: send_mail(subject, body, None, [address]))


# --- Two-factor sign-in ------------------------------------------------------------------


@transaction.atomic
def confirm_two_factor(*, user: User, device) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    user.two_factor_enabled = True
    user.save(update_fields=["two_factor_enabled"])


@transaction.atomic
def disable_two_factor(*, user: User) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=user).delete()
    user.two_factor_enabled = False
    user.save(update_fields=["two_factor_enabled"])

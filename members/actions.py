"""Membership workflows: each a keyword-only function in one transaction.

Views, tasks and commands call these; none of them checks permissions (the views
do that through members.access before calling).
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.sessions.models import Session
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

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

logger = logging.getLogger(__name__)
ERASED_NAME = "Erased person"  # stored in English, like every erased row


def _record(membership, kind, *, by=None, from_value="", to_value="") -> MembershipChange:
    return MembershipChange.objects.create(
        membership=membership, kind=kind, changed_by=by, from_value=from_value, to_value=to_value
    )


# --- Joining -------------------------------------------------------------------------


@transaction.atomic
def request_to_join(*, neighborhood: Neighborhood, user: User, message: str = "") -> Membership:
    """A pending membership; asking again while pending or active changes nothing."""
    membership, created = Membership.objects.get_or_create(
        user=user,
        neighborhood=neighborhood,
        defaults={"status": Membership.Status.PENDING, "join_message": message},
    )
    if created:
        _record(membership, MembershipChange.Kind.REQUESTED, by=user, to_value=membership.status)
        join_notices.announce(membership)
    elif membership.status == Membership.Status.INACTIVE:
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


@transaction.atomic
def accept_invitation(*, invitation: Invitation, user: User) -> Membership | None:
    """Use the invitation once; returns None when it was used or expired meanwhile."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable:
        return None
    invitation.used_at, invitation.used_by = timezone.now(), user
    invitation.save(update_fields=["used_at", "used_by"])
    membership, created = Membership.objects.get_or_create(
        user=user, neighborhood=invitation.neighborhood, defaults={"role": invitation.role}
    )
    if not created and Role(invitation.role).includes(membership.role):
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
    *, invitation: Invitation, display_name: str, email: str, password: str
) -> Membership | None:
    user = User.objects.create_user(email=email, password=password, display_name=display_name)
    return accept_invitation(invitation=invitation, user=user)


# --- Sessions ----------------------------------------------------------------------------


def end_all_sessions(*, user: User, keep: str | None = None) -> int:
    """Sign the person out of every device (but ``keep``, the current session key)."""
    sessions = UserSession.objects.filter(user=user)
    if keep:
        sessions = sessions.exclude(session_key=keep)
    return sessions.end_all()


def end_session(*, session: UserSession) -> None:
    Session.objects.filter(session_key=session.session_key).delete()
    session.delete()


# --- People's data rights ------------------------------------------------------------


def personal_data(*, user: User) -> dict:
    """Everything every app holds about the person, ready for JSON."""
    data = {"exported_at": timezone.now().isoformat(), "format": "wcc-personal-data/1"}
    for name, function in registry.personal_data.items():
        data[name] = function(user)
    return data


@transaction.atomic
def erase_person(*, user: User, by: User | None) -> ErasureRecord:
    """Remove the person's details everywhere; rows that counts depend on stay, anonymous."""
    subject_id = user.pk
    # Every app's part first: they find the person's rows by email and phone.
    parts = {name: eraser(user) for name, eraser in registry.person_erasers.items()}
    _anonymize_account(user)
    return ErasureRecord.objects.create(
        kind=ErasureRecord.Kind.PERSON,
        subject_id=subject_id,
        requested_by_subject=by is not None and by.pk == subject_id,
        erased_by=by if by is not None and by.pk != subject_id else None,
        parts=parts,
    )


def _anonymize_account(user: User) -> None:
    """Keep the row (counts and history point at it), empty every personal field."""
    user.email = f"erased-{user.pk}@erased.invalid"
    user.display_name = ERASED_NAME
    user.phone = ""
    user.languages_spoken = ""
    user.availability = ""
    user.contact_channel = "none"
    user.contact_consent_at = None
    user.last_login = None
    user.is_active = False
    user.is_staff = user.is_superuser = user.two_factor_enabled = False
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


@transaction.atomic
def erase_visitor(*, visitor_id: int, by: User | None) -> ErasureRecord:
    """The hook the intake app calls to erase a visitor (and its retention task too):
    every app's registered visitor eraser runs, and the erasure is recorded."""
    parts = {name: eraser(visitor_id) for name, eraser in registry.visitor_erasers.items()}
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


def _digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())


def _match(neighborhood: Neighborhood, row: dict) -> User | None:
    """The same person: by email anywhere, else by phone among this neighborhood's people."""
    if row["email"]:
        return User.objects.filter(email__iexact=row["email"]).first()
    wanted = _digits(row["phone"])
    for user in User.objects.filter(memberships__neighborhood=neighborhood).exclude(phone=""):
        if _digits(user.phone) == wanted:
            return user
    return None


def _import_row(member_import: MemberImport, row: dict, skills: dict[str, Skill]) -> str:
    """Create or update one person; returns "created", "updated" or "unchanged"."""
    neighborhood = member_import.neighborhood
    by = member_import.created_by
    user = _match(neighborhood, row)
    outcome = "unchanged"
    if user is None and not row["email"]:
        return "skipped"  # a new person needs an email address to log in with
    if user is None:
        user = User.objects.create_user(
            email=row["email"],
            display_name=row["name"],
            phone=row["phone"],
            languages_spoken=row["languages"],
            availability=row["availability"],
        )
        outcome = "created"
    elif not user.memberships.exclude(neighborhood=neighborhood).exists():
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
    membership, created = Membership.objects.get_or_create(
        user=user,
        neighborhood=neighborhood,
        defaults={"role": row["role"], "status": Membership.Status.ACTIVE},
    )
    if created:
        membership.set_status(Membership.Status.ACTIVE)
        _record(membership, MembershipChange.Kind.IMPORTED, by=by, to_value=membership.role)
        outcome = "created" if outcome == "created" else "updated"
    elif membership.role != row["role"]:
        change_role(membership=membership, role=row["role"], by=by)
        outcome = "updated"
    for name in row["skills"]:
        if name not in skills:
            skills[name] = Skill.objects.get_or_create(neighborhood=neighborhood, name=name)[0]
    wanted = {skills[name] for name in row["skills"]}
    if wanted and not wanted <= set(membership.skills.all()):
        membership.skills.add(*wanted)
        outcome = "updated" if outcome == "unchanged" else outcome
    return outcome


def run_member_import(*, import_id: int) -> MemberImport:
    """Import the confirmed rows in small transactions, recording progress as it goes."""
    with transaction.atomic():
        member_import = MemberImport.objects.select_for_update().get(pk=import_id)
        if member_import.status not in {MemberImport.Status.QUEUED, MemberImport.Status.RUNNING}:
            return member_import
        member_import.status = MemberImport.Status.RUNNING
        member_import.save(update_fields=["status"])
    rows = member_import.rows
    counts = {"created": 0, "updated": 0, "unchanged": 0, "skipped": 0}
    skipped = []
    # The neighborhood's skills by name, read once for the whole file.
    skills = {skill.name: skill for skill in member_import.neighborhood.skills.all()}
    try:
        for start in range(member_import.processed, len(rows), IMPORT_CHUNK):
            with transaction.atomic():
                for row in rows[start : start + IMPORT_CHUNK]:
                    outcome = _import_row(member_import, row, skills)
                    counts[outcome] += 1
                    if outcome == "skipped":
                        skipped.append({"line": row["line"], "messages": [NEEDS_EMAIL]})
                MemberImport.objects.filter(pk=import_id).update(
                    processed=min(len(rows), start + IMPORT_CHUNK)
                )
    except Exception:
        MemberImport.objects.filter(pk=import_id).update(status=MemberImport.Status.FAILED)
        raise
    MemberImport.objects.filter(pk=import_id).update(
        status=MemberImport.Status.DONE,
        created_count=counts["created"],
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

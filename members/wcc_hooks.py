"""The members app's own parts of data rights, neighborhood copies, the overview and
the neighborhood home.

See members/registry.py for how other apps add theirs.
"""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from wcc import content_stamps
from wcc.models import FormSubmission

from .models import (
    InboundSms,
    Invitation,
    JoinConfirmation,
    MemberImport,
    Membership,
    MembershipChange,
    Neighborhood,
    NotificationChoice,
    Role,
    SentSms,
    Skill,
    SmsOptOut,
    User,
    UserSession,
)
from .registry import (
    HomeCard,
    home_cards,
    neighborhood_copiers,
    overview_figures,
    person_erasers,
    personal_data,
)

ERASED_NAME = "Erased person"


def _when(value):
    return value.isoformat() if value else None


@personal_data.register("account", covers=[User, TOTPDevice])
def account_data(user: User) -> dict:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "phone": user.phone,
        "preferred_language": user.preferred_language,
        "contact_channel": user.contact_channel,
        "contact_consent_at": _when(user.contact_consent_at),
        "join_request_notices": user.join_request_notices,
        "languages_spoken": user.languages_spoken,
        "availability": user.availability,
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "network_admin": user.is_staff,
        "two_factor_devices": [
            {"name": device.name, "confirmed": device.confirmed}
            for device in devices_for_user(user, confirmed=None)
        ],
    }


@personal_data.register("texts", covers=[SentSms, InboundSms])
def text_data(user: User) -> dict:
    """The texts we sent the person (what about and whether they arrived; bodies are
    not kept) and the ones they sent us, word for word."""
    return {
        "texts_opted_out": SmsOptOut.objects.opted_out(user.phone),
        "sent": [
            {"about": sent.topic, "status": sent.status, "sent_at": _when(sent.sent_at)}
            for sent in SentSms.objects.filter(user=user).order_by("sent_at")
        ],
        "received": [
            {"text": inbound.body, "received_at": _when(inbound.received_at)}
            for inbound in InboundSms.objects.filter(user=user).order_by("received_at")
        ],
    }


@person_erasers.register("texts", covers=[SentSms, InboundSms])
def erase_texts(user: User) -> int:
    return (
        SentSms.objects.filter(user=user).delete()[0]
        + InboundSms.objects.filter(user=user).delete()[0]
    )


@personal_data.register("notification_choices", covers=[NotificationChoice])
def notification_choice_data(user: User) -> dict:
    """kind → channel, for the kinds the person set apart from their profile's channel."""
    return NotificationChoice.objects.chosen(user)


@person_erasers.register("notification_choices", covers=[NotificationChoice])
def erase_notification_choices(user: User) -> int:
    return NotificationChoice.objects.filter(user=user).delete()[0]


@personal_data.register("memberships", covers=[Membership, MembershipChange])
def membership_data(user: User) -> list:
    memberships = user.memberships.select_related("neighborhood").prefetch_related(
        "skills", "changes"
    )
    return [
        {
            "neighborhood": m.neighborhood.name,
            "role": m.role,
            "status": m.status,
            "asked_or_added_at": _when(m.created_at),
            "active_since": _when(m.activated_at),
            "inactive_since": _when(m.deactivated_at),
            "message_with_request": m.join_message,
            "skills": [skill.name for skill in m.skills.all()],
            "history": [
                {
                    "change": c.kind,
                    "from": c.from_value,
                    "to": c.to_value,
                    "at": _when(c.changed_at),
                }
                for c in m.changes.all()
            ],
        }
        for m in memberships
    ]


@personal_data.register("signed_in_devices", covers=[UserSession, Session])
def session_data(user: User) -> list:
    return [
        {"device": s.device, "signed_in": _when(s.created_at), "last_seen": _when(s.last_seen_at)}
        for s in user.signed_in_sessions.all()
    ]


@personal_data.register("invitations_used", covers=[Invitation])
def invitation_data(user: User) -> list:
    return [
        {"neighborhood": i.neighborhood.name, "role": i.role, "used_at": _when(i.used_at)}
        for i in Invitation.objects.filter(used_by=user).select_related("neighborhood")
    ]


@personal_data.register("sign_in_history", covers=[AccessLog, AccessAttempt, AccessFailureLog])
def sign_in_history(user: User) -> dict:
    """What django-axes keeps by the email typed at the login: sign-ins and failed tries."""

    def rows(model, time_field):
        return [
            {
                "at": _when(getattr(row, time_field)),
                "ip_address": row.ip_address,
                "browser": row.user_agent,
            }
            for row in model.objects.filter(username__iexact=user.email).order_by(time_field)
        ]

    return {
        "sign_ins": rows(AccessLog, "attempt_time"),
        "failed_attempts": rows(AccessFailureLog, "attempt_time"),
        "current_lockout_counters": [
            {"failures": row.failures_since_start, "since": _when(row.attempt_time)}
            for row in AccessAttempt.objects.filter(username__iexact=user.email)
        ],
    }


@person_erasers.register("memberships", covers=[Membership, MembershipChange])
def erase_memberships(user: User) -> int:
    memberships = list(user.memberships.all())
    for membership in memberships:
        membership.skills.clear()
        if membership.status != Membership.Status.INACTIVE:
            membership.set_status(Membership.Status.INACTIVE)
        MembershipChange.objects.create(membership=membership, kind=MembershipChange.Kind.ERASED)
    user.memberships.update(join_message="")
    return len(memberships)


@person_erasers.register("sessions_and_devices", covers=[UserSession, Session, TOTPDevice])
def erase_sessions(user: User) -> int:
    count = user.signed_in_sessions.all().end_all()
    for device in devices_for_user(user, confirmed=None):
        device.delete()
        count += 1
    return count


def erase_login_logs(email: str) -> int:
    """django-axes keeps attempts and logins by the typed email address."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return sum(
        model.objects.filter(username__iexact=email).delete()[0]
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    )


def erase_admin_log(user: User) -> int:
    """The admin site's history names the person in each entry about them."""
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    )
    return entries.update(object_repr=ERASED_NAME, change_message="")


def erase_invitations(email: str) -> int:
    return Invitation.objects.filter(email__iexact=email).update(email="")


def erase_import_rows(email: str, phone: str) -> int:
    """Imports still waiting for confirmation hold their rows; drop this person's."""
    touched = 0
    for member_import in MemberImport.objects.exclude(rows=[]):
        kept = [
            row
            for row in member_import.rows
            if not (email and row.get("email") == email)
            and not (phone and row.get("phone") == phone)
        ]
        if len(kept) != len(member_import.rows):
            touched += len(member_import.rows) - len(kept)
            member_import.rows = kept
            member_import.save(update_fields=["rows"])
    return touched


@person_erasers.register(
    "logs_and_imports",
    covers=[AccessAttempt, AccessFailureLog, AccessLog, LogEntry, Invitation, MemberImport],
)
def erase_logs(user: User) -> int:
    return (
        erase_login_logs(user.email)
        + erase_admin_log(user)
        + erase_invitations(user.email)
        + erase_import_rows(user.email, user.phone)
    )


@person_erasers.register("form_submissions", covers=[FormSubmission])
def erase_form_submissions(user: User) -> int:
    deleted, _rows = FormSubmission.objects.filter(user=user).delete()
    return deleted


@person_erasers.register("account", covers=[User], last=True)
def erase_account(user: User) -> int:
    """Last of all (the other parts find the person by email and phone): keep the row,
    which counts and history point at, and empty every personal field."""
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
    return 1


@personal_data.register("join_links_waiting", covers=[JoinConfirmation])
def join_link_data(user: User) -> list:
    """Requests to join another neighborhood made with this address, link not yet used."""
    confirmations = JoinConfirmation.objects.filter(email__iexact=user.email)
    return [
        {
            "neighborhood": c.neighborhood.name,
            "display_name": c.display_name,
            "phone": c.phone,
            "message": c.message,
            "created_at": _when(c.created_at),
            "expires_at": _when(c.expires_at),
        }
        for c in confirmations.select_related("neighborhood")
    ]


@person_erasers.register("join_links_waiting", covers=[JoinConfirmation])
def erase_join_links(user: User) -> int:
    return JoinConfirmation.objects.filter(email__iexact=user.email).delete()[0]


@neighborhood_copiers.register("skills")
def copy_skills(*, source: Neighborhood, target: Neighborhood) -> int:
    skills = source.skills.values_list("name", "names")
    copies = [Skill(neighborhood=target, name=name, names=names) for name, names in skills]
    copied = Skill.objects.bulk_create(copies)
    content_stamps.changed(target.pk)  # bulk_create sends no signal
    return len(copied)


@overview_figures.register("active_members", label=_("Active members"))
def active_members(neighborhoods) -> dict[int, int]:
    rows = Neighborhood.objects.filter(pk__in=[n.pk for n in neighborhoods]).annotate(
        count=Count(
            "memberships",
            filter=Q(memberships__status="active", memberships__user__is_active=True),
        )
    )
    return {row.pk: row.count for row in rows}


@overview_figures.register("pending_requests", label=_("Asking to join"))
def pending_requests(neighborhoods) -> dict[int, int]:
    rows = Neighborhood.objects.filter(pk__in=[n.pk for n in neighborhoods]).annotate(
        count=Count("memberships", filter=Q(memberships__status="pending"))
    )
    return {row.pk: row.count for row in rows}


@home_cards.register("join_requests")
def join_requests_card(request, neighborhood: Neighborhood) -> HomeCard | None:
    """How many people wait for a coordinator's answer: coordinators only."""
    if not request.role.includes(Role.COORDINATOR):
        return None
    waiting = Membership.objects.in_neighborhood(neighborhood).pending().count()
    return HomeCard("members/home/join_requests.html", {"waiting": waiting}, order=4, to_do=True)

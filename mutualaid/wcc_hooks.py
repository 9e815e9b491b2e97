"""The mutualaid app's part of neighborhood copies, the network overview, the
neighborhood home, and a person's download and erasure.

See members/registry.py.
"""

import logging
from datetime import datetime, time, timedelta

from dateutil.rrule import rrulestr
from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Round
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.access import can_open_intake_from_shift
from members.models import Membership, Neighborhood, Role
from members.notification_kinds import Kind
from members.notifications import notify
from members.registry import (
    HomeCard,
    directory_figures,
    home_cards,
    member_sections,
    membership_enders,
    neighborhood_copiers,
    overview_figures,
    person_erasers,
    personal_data,
    sms_delivery,
    sms_replies,
)
from wcc import content_stamps

from . import sms as mutualaid_sms
from .actions import needs as needs_actions
from .actions import shifts as shift_actions
from .models import (
    CalendarFeed,
    ContactReveal,
    DigestDelivery,
    DigestSubscription,
    NeedCategory,
    NeedsSettings,
    Offer,
    Pause,
    Reminder,
    RequestStatusChange,
    ResourceRequest,
    Shift,
    ShiftEvent,
    ShiftSeries,
    Signup,
    service_record,
)

log = logging.getLogger(__name__)

# The reason on the trail of a need released because its helper left (stored in
# English, like every row written for an erasure).
HELPER_LEFT = "Back on the board: the helper left the neighborhood"

# A copied series keeps whether it staffs the intake table, but no shift, sign-up or
# link to an intake session is copied: those belong to the source neighborhood.
SERIES_PATTERN = [
    "role",
    "role_names",
    "place",
    "capacity",
    "notes",
    "rule",
    "start_time",
    "end_time",
    "is_intake_table",
]


@neighborhood_copiers.register("need_categories")
def copy_need_categories(*, source: Neighborhood, target: Neighborhood) -> int:
    categories = NeedCategory.objects.of(source)
    content_stamps.changed(target.pk)  # bulk_create sends no signal
    return len(
        NeedCategory.objects.bulk_create(
            NeedCategory(
                neighborhood=target,
                slug=c.slug,
                name=c.name,
                names=c.names,
                position=c.position,
                is_active=c.is_active,
            )
            for c in categories
        )
    )


@neighborhood_copiers.register("needs_settings")
def copy_needs_settings(*, source: Neighborhood, target: Neighborhood) -> int:
    """How many days until an open need counts as stale, when the source changed it."""
    saved = NeedsSettings.objects.filter(neighborhood=source).first()
    if saved is None:
        return 0
    NeedsSettings.objects.create(neighborhood=target, stale_after_days=saved.stale_after_days)
    return 1


@overview_figures.register("open_needs", label=_("Open needs"))
def open_needs(neighborhoods) -> dict[int, int]:
    rows = Neighborhood.objects.filter(pk__in=[n.pk for n in neighborhoods]).annotate(
        count=Count("resource_requests", filter=Q(resource_requests__status="open"))
    )
    return {row.pk: row.count for row in rows}


@home_cards.register("open_needs")
def open_needs_card(request, neighborhood: Neighborhood) -> HomeCard:
    open_count = ResourceRequest.objects.of(neighborhood).open().count()
    return HomeCard("mutualaid/home/open_needs.html", {"open_needs": open_count}, order=40)


@home_cards.register("needs_to_connect")
def needs_to_connect_card(request, neighborhood: Neighborhood) -> HomeCard | None:
    """Claimed needs whose helper waits for a coordinator to connect them."""
    if not request.role.includes(Role.COORDINATOR):
        return None
    waiting = ResourceRequest.objects.of(neighborhood).waiting_for_connection().count()
    return HomeCard("mutualaid/home/needs_to_connect.html", {"waiting": waiting}, 2, True)


# --- Shifts ---------------------------------------------------------------------------

SHORT_SHIFT_DAYS = 7  # "in the next days" on the coordinator's home: a week


@home_cards.register("short_shifts")
def short_shifts_card(request, neighborhood: Neighborhood) -> HomeCard | None:
    """Shifts of the coming week still short of people, linked to a week of coverage."""
    if not request.role.includes(Role.COORDINATOR):
        return None
    now = timezone.now()
    short = (
        Shift.objects.of(neighborhood)
        .upcoming(now)
        .filter(starts_at__lte=now + timedelta(days=SHORT_SHIFT_DAYS))
        .short_of_people()
        .count()
    )
    context = {"short": short, "days": SHORT_SHIFT_DAYS}
    return HomeCard("mutualaid/home/short_shifts.html", context, 1, True)


def _next_date(series: ShiftSeries, today):
    """The first date of the series' rule on or after ``today``, or None when it ended."""
    rule = rrulestr(series.rule, dtstart=datetime.combine(series.starts_on, time()))
    moment = rule.after(datetime.combine(today, time()), inc=True)
    return moment.date() if moment else None


@neighborhood_copiers.register("shift_series")
def copy_shift_series(*, source: Neighborhood, target: Neighborhood) -> int:
    """Active series patterns, starting on their next date from today; no shifts or
    sign-ups are copied: the target's own shifts are then generated."""
    today = timezone.localdate(timezone=target.zone)
    skills = {skill.name: skill for skill in target.skills.all()}
    copied = 0
    for series in ShiftSeries.objects.filter(neighborhood=source, is_active=True).select_related(
        "skill"
    ):
        starts_on = _next_date(series, today)
        if starts_on is None:
            continue
        new = ShiftSeries.objects.create(
            neighborhood=target,
            starts_on=starts_on,
            horizon_weeks=series.horizon_weeks,
            skill=skills.get(series.skill.name) if series.skill else None,
            **{field: getattr(series, field) for field in SERIES_PATTERN},
        )
        shift_actions.extend_series(series=new, today=today)
        copied += 1
    return copied


def _coming_month(neighborhoods):
    now = timezone.now()
    return Shift.objects.filter(
        neighborhood__in=[n.pk for n in neighborhoods],
        status=Shift.Status.SCHEDULED,
        starts_at__gte=now,
        starts_at__lt=now + timedelta(days=30),
    )


@overview_figures.register("shift_places_filled", label=_("Shift places filled, coming month"))
def shift_places_filled(neighborhoods) -> dict[int, int]:
    rows = (
        Signup.objects.filter(
            shift__in=_coming_month(neighborhoods), status=Signup.Status.CONFIRMED
        )
        .values("shift__neighborhood_id")
        .annotate(n=Count("pk"))
    )
    return {row["shift__neighborhood_id"]: row["n"] for row in rows}


@overview_figures.register("shift_places", label=_("Shift places, coming month"))
def shift_places(neighborhoods) -> dict[int, int]:
    rows = _coming_month(neighborhoods).values("neighborhood_id").annotate(n=Sum("capacity"))
    return {row["neighborhood_id"]: row["n"] for row in rows}


def _when(value):
    return value.isoformat() if value else None


@personal_data.register("shift_signups", covers=[Signup, Reminder, CalendarFeed, Pause])
def shift_signups(user) -> dict:
    signups = (
        Signup.objects.filter(user=user)
        .select_related("shift__neighborhood")
        .order_by("created_at", "pk")
    )
    reminders = Reminder.objects.filter(user=user).order_by("due_at", "pk")
    return {
        "signups": [
            {
                "shift": s.shift_id,
                "neighborhood": s.shift.neighborhood.name,
                "role": s.shift.role,  # the data export: as it was typed
                "place": s.shift.place,
                "starts_at": s.shift.starts_at.isoformat(),
                "status": s.status,
                "attendance": s.attendance,
                "note": s.note,
                "signed_up_at": _when(s.created_at),
            }
            for s in signups
        ],
        "reminders": [
            {
                "shift": r.shift_id,
                "meeting": r.meeting_id,
                "kind": r.kind,
                "due_at": r.due_at.isoformat(),
                "status": r.status,
                "channel": r.channel,
            }
            for r in reminders
        ],
        "has_calendar_feed": CalendarFeed.objects.filter(user=user).exists(),
        "pauses": [
            {
                "neighborhood": p.neighborhood.name,
                "from": p.starts_on.isoformat(),
                "until": p.ends_on.isoformat(),
            }
            for p in Pause.objects.filter(user=user).select_related("neighborhood")
        ],
    }


@personal_data.register("shift_trail", covers=[ShiftEvent])
def shift_trail(user) -> list:
    """The trail rows about the person (what they or a coordinator changed on their
    places and pauses)."""
    events = ShiftEvent.objects.filter(person=user).select_related("neighborhood")
    return [
        {
            "neighborhood": e.neighborhood.name,
            "shift": e.shift_id,
            "what": e.kind,
            "detail": e.detail,
            "by_themself": e.actor_id == user.pk,
            "at": e.created_at.isoformat(),
        }
        for e in events.order_by("created_at", "pk")
    ]


@personal_data.register("offers", covers=[Offer])
def offers(user) -> list:
    return [
        {
            "neighborhood": o.neighborhood.name,
            "category": o.category.label,
            "description": o.description,
            "availability": o.availability,
            "active": o.is_active,
            "created_at": _when(o.created_at),
        }
        for o in Offer.objects.filter(member=user)
        .select_related("neighborhood", "category")
        .order_by("created_at", "pk")
    ]


def _history(need: ResourceRequest, user) -> list:
    """The need's status changes; a reason only where the person wrote it."""
    return [
        {
            "from": c.from_status,
            "to": c.to_status,
            "at": _when(c.changed_at),
            "by_you": c.changed_by_id == user.pk,
            "reason": c.reason if c.changed_by_id == user.pk else "",
        }
        for c in need.status_changes.all()
    ]


@personal_data.register(
    "needs_posted", covers=[ResourceRequest, RequestStatusChange, ContactReveal]
)
def needs_posted(user) -> list:
    """The needs the person asked for, with their private details and what a
    coordinator shared of their contact with a helper (never who the helper is)."""
    needs = (
        ResourceRequest.objects.filter(requested_by=user)
        .select_related("neighborhood", "category")
        .prefetch_related("status_changes", "contact_reveals")
        .order_by("created_at", "pk")
    )
    return [
        {
            "need": n.pk,
            "neighborhood": n.neighborhood.name,
            "category": n.category.label,
            "public_summary": n.public_summary,
            "private_details": n.private_details,
            "urgency": n.urgency,
            "needed_by": _when(n.needed_by),
            "status": n.status,
            "close_reason": n.close_reason,
            "created_at": _when(n.created_at),
            "contact_shared_with_the_helper": [
                {"shared": r.shared_contact, "at": _when(r.revealed_at)}
                for r in n.contact_reveals.all()
            ],
            "history": _history(n, user),
        }
        for n in needs
    ]


@personal_data.register("needs_claimed")
def needs_claimed(user) -> dict:
    """Needs the person helps with (or helped with), as they see them: the public
    summary, and the contact a coordinator shared with them while the need is theirs;
    never who asked or the private details. Status changes they made on other needs:
    ids and their reasons."""
    needs = (
        ResourceRequest.objects.filter(claimed_by=user)
        .select_related("neighborhood", "category")
        .order_by("claimed_at", "pk")
    )
    # Only while the need is still theirs: a helper who gave it back no longer sees it.
    reveals = ContactReveal.objects.filter(claimant=user, request__claimed_by=user).order_by(
        "revealed_at", "pk"
    )
    changes = (
        RequestStatusChange.objects.filter(changed_by=user)
        .exclude(request__requested_by=user)
        .order_by("changed_at", "pk")
    )
    return {
        "claims": [
            {
                "need": n.pk,
                "neighborhood": n.neighborhood.name,
                "category": n.category.label,
                "public_summary": n.public_summary,
                "status": n.status,
                "claimed_at": _when(n.claimed_at),
            }
            for n in needs
        ],
        "contact_shared_with_you": [
            {"need": r.request_id, "shared": r.shared_contact, "at": _when(r.revealed_at)}
            for r in reveals
        ],
        "status_changes_you_made": [
            {
                "need": c.request_id,
                "from": c.from_status,
                "to": c.to_status,
                "reason": c.reason,
                "at": _when(c.changed_at),
            }
            for c in changes
        ],
    }


@personal_data.register("needs_digests", covers=[DigestSubscription, DigestDelivery])
def needs_digests(user) -> dict:
    return {
        "subscribed_in": [
            d.neighborhood.name
            for d in DigestSubscription.objects.filter(user=user).select_related("neighborhood")
        ],
        "needs_sent": [
            {"need": d.request_id, "channel": d.channel, "at": _when(d.sent_at)}
            for d in DigestDelivery.objects.filter(user=user).order_by("sent_at", "pk")
        ],
    }


@person_erasers.register("shift_signups", covers=[Signup, Reminder, CalendarFeed, Pause])
def erase_shift_details(user) -> int:
    """Sign-ups keep their status and attendance (the counts) but lose their notes
    (places on coming shifts were freed before, see ``free_places_and_claims``); the
    person's reminders and notices, their private calendar address and their pauses
    are deleted (pauses they set for others forget who set them)."""
    touched = Signup.objects.filter(user=user).exclude(note="").update(note="")
    deleted, _rows = Reminder.objects.filter(user=user).delete()
    feeds, _rows = CalendarFeed.objects.filter(user=user).delete()
    pauses, _rows = Pause.objects.filter(user=user).delete()
    touched += Pause.objects.filter(created_by=user).update(created_by=None)
    return touched + deleted + feeds + pauses


@person_erasers.register("shift_trail", covers=[ShiftEvent])
def erase_shift_trail(user) -> int:
    """The rows about the person go; rows about others forget that they wrote them."""
    deleted, _rows = ShiftEvent.objects.filter(person=user).delete()
    return deleted + ShiftEvent.objects.filter(actor=user).update(actor=None)


@person_erasers.register(
    "needs_and_offers",
    covers=[
        Offer,
        ResourceRequest,
        RequestStatusChange,
        ContactReveal,
        DigestSubscription,
        DigestDelivery,
    ],
)
def erase_needs_and_offers(user) -> int:
    """Offers go; a need the person asked for keeps only its public summary (the
    counts), losing its private details, what was shared of their contact and who
    asked; reasons they wrote on any need's trail are emptied; digests stop.
    Their claims were released before (``free_places_and_claims``)."""
    touched, _rows = Offer.objects.filter(member=user).delete()
    posted = ResourceRequest.objects.filter(requested_by=user)
    touched += ContactReveal.objects.filter(request__in=posted).update(shared_contact="")
    touched += posted.filter(created_by=user).update(created_by=None)
    touched += posted.update(private_details="", shared_contact="", requested_by=None)
    touched += (
        RequestStatusChange.objects.filter(changed_by=user).exclude(reason="").update(reason="")
    )
    for model in (DigestSubscription, DigestDelivery):
        deleted, _rows = model.objects.filter(user=user).delete()
        touched += deleted
    return touched


@membership_enders.register("shift_places_and_claims")
def free_places_and_claims(user, neighborhood: Neighborhood) -> int:
    """The person's places on the neighborhood's coming shifts are freed (the first on
    each waitlist takes it) and their claims on its needs go back on the board, with a
    trail row; its coordinators are told what changed. Returns how many were let go."""
    needs = []
    for need in ResourceRequest.objects.of(neighborhood).claimed_by_user(user):
        needs.append(needs_actions.release_need(need=need, member=None, reason=HELPER_LEFT))
    shifts = []
    signups = (
        Signup.objects.active()
        .filter(user=user, shift__in=Shift.objects.upcoming().filter(neighborhood=neighborhood))
        .select_related("shift")
        .order_by("shift__starts_at", "pk")
    )
    for signup in signups:
        was_confirmed = signup.status == Signup.Status.CONFIRMED
        promoted = shift_actions.cancel_signup(signup=signup)
        if was_confirmed:
            shifts.append({"shift": signup.shift, "promoted": promoted and promoted.user})
    if needs or shifts:
        _tell_coordinators(user, neighborhood, needs=needs, shifts=shifts)
    return len(needs) + len(signups)


@membership_enders.register("needs_digest")
def stop_digest(user, neighborhood: Neighborhood) -> int:
    """The daily digest of the neighborhood's needs is for its members: it stops."""
    deleted, _rows = DigestSubscription.objects.filter(
        user=user, neighborhood=neighborhood
    ).delete()
    return deleted


def _tell_coordinators(user, neighborhood: Neighborhood, *, needs: list, shifts: list) -> None:
    site = settings.WCC_SITE_URL
    context = {
        "neighborhood": neighborhood,
        "needs": [
            {
                "summary": need.public_summary,
                "url": site
                + reverse("needs_manage", kwargs={"slug": neighborhood.slug, "pk": need.pk}),
            }
            for need in needs
        ],
        "shifts": [
            {
                "shift": item["shift"],
                "promoted": item["promoted"].display_name if item["promoted"] else "",
                "url": shift_actions.shift_url(item["shift"]),
            }
            for item in shifts
        ],
    }
    coordinators = [
        m.user
        for m in Membership.objects.active()
        .in_neighborhood(neighborhood)
        .filter(role=Role.COORDINATOR)
        .exclude(user=user)
        .select_related("user")
    ]

    def send():
        for coordinator in coordinators:
            try:
                notify(
                    coordinator,
                    kind=Kind.MEMBERS_LEAVING,
                    template="mutualaid/messages/places_freed",
                    context=context,
                    time_zone=neighborhood.time_zone,
                )
            except Exception:  # the change is made; one lost mail is logged
                log.warning("Could not tell coordinator %s of freed places", coordinator.pk)

    transaction.on_commit(send)


@home_cards.register("coordinating_shifts")
def coordinating_shifts_card(request, neighborhood: Neighborhood) -> HomeCard | None:
    """The coordinator's way to today's roster and the reliability view (links only:
    no query on the home)."""
    if not request.role.includes(Role.COORDINATOR):
        return None
    return HomeCard("mutualaid/home/coordinating_shifts.html", {}, order=35)


@home_cards.register("my_next_shift")
def my_next_shift_card(request, neighborhood: Neighborhood) -> HomeCard:
    """The person's own next shift here, with the intake button when it is the table's."""
    signup = (
        Signup.objects.active()
        .filter(
            user=request.user,
            shift__neighborhood=neighborhood,
            shift__status="scheduled",
            shift__ends_at__gt=timezone.now(),
        )
        .select_related("shift")
        # What the card shows and what deciding on the intake button reads.
        .only(
            "status",
            "shift__role",
            "shift__role_names",
            "shift__starts_at",
            "shift__ends_at",
            "shift__place",
            "shift__status",
            "shift__is_intake_table",
            "shift__intake_session_id",
            "shift__neighborhood_id",
        )
        .order_by("shift__starts_at")
        .first()
    )
    can_open = False
    if signup is not None:
        signup.shift.neighborhood = neighborhood  # the page's own: no join to read it again
        can_open = can_open_intake_from_shift(
            request.user, signup.shift, confirmed=signup.status == Signup.Status.CONFIRMED
        )
    context = {"signup": signup, "can_open_intake": can_open}
    return HomeCard("mutualaid/home/next_shift.html", context, order=20)


# Replies to our texts, and texts that did not arrive (mutualaid/sms.py).
sms_replies.register(shift_actions.SMS_TOPIC)(mutualaid_sms.reply_to_shift_message)
sms_delivery.register(shift_actions.SMS_TOPIC)(mutualaid_sms.text_not_delivered)
sms_replies.register(mutualaid_sms.DIGEST_TOPIC)(mutualaid_sms.reply_to_digest)


# --- A volunteer's record: the directory, its export, the member page ---------------


@directory_figures.register("hours_served", label=_("Hours served"))
def directory_hours_served(memberships):
    return memberships.annotate(hours_served=Round(service_record.hours_served(), 1))


@directory_figures.register("no_shows", label=_("No-shows"))
def directory_no_shows(memberships):
    return memberships.annotate(no_shows=service_record.no_shows())


MEMBER_TRAIL_ROWS = 50


@member_sections.register("shifts")
def member_shifts_section(request, membership: Membership) -> HomeCard:
    """Hours served, no-shows and late cancellations, pauses (with "end early") and the
    trail of the person's shifts, on their page in the directory (coordinators only)."""
    neighborhood = membership.neighborhood
    record = service_record.with_service_record(
        Membership.objects.filter(pk=membership.pk)
    ).annotate(late_cancellations=service_record.late_cancellations())
    today = timezone.localdate(timezone=neighborhood.zone)
    context = {
        "neighborhood": neighborhood,
        "membership": membership,
        "record": record.values(
            "hours_served", "shifts_served", "no_shows", "late_cancellations"
        ).get(),
        "pauses": Pause.objects.filter(
            user_id=membership.user_id, neighborhood=neighborhood
        ).current_or_coming(today),
        "trail": ShiftEvent.objects.about(membership.user_id, neighborhood).for_page()[
            :MEMBER_TRAIL_ROWS
        ],
    }
    return HomeCard("mutualaid/members/service.html", context, order=10)

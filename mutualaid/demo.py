"""Demo data of the mutualaid app, for `manage.py seed_demo` (idempotent)."""

from datetime import time, timedelta

from django.utils import timezone

from members.demo import DemoNetwork

from .actions import needs as actions
from .actions import shifts as shift_actions
from .models import NeedCategory, Offer, ResourceRequest, Shift, ShiftSeries

Urgency = ResourceRequest.Urgency

# (category slug, public summary, private details, urgency, age in days, what happens)
EASTSIDE_NEEDS = [
    (
        "groceries",
        "Groceries for a family of four this week",
        "Call Ana at 555-0101 after 5pm",
        Urgency.URGENT,
        1,
        "open",
    ),
    (
        "hot-meals",
        "Hot meals for an older neighbor recovering from surgery",
        "Apt 3B, Elm St",
        Urgency.NORMAL,
        2,
        "open",
    ),
    (
        "medicine-pickup",
        "Pick up a prescription at the Main Street pharmacy",
        "",
        Urgency.URGENT,
        0,
        "open",
    ),
    ("childcare", "Childcare on Tuesday afternoons for two kids", "", Urgency.LOW, 4, "open"),
    (
        "translation",
        "Spanish interpreter for a school meeting",
        "Meeting with Ms. Ruiz",
        Urgency.NORMAL,
        3,
        "open",
    ),
    ("rent-and-bills", "Help reading a confusing electricity bill", "", Urgency.NORMAL, 20, "open"),
    (
        "transportation",
        "A ride to a clinic appointment on Thursday",
        "Pick-up at 12 Oak Ave",
        Urgency.NORMAL,
        5,
        "claimed",
    ),
    ("groceries", "Baby formula and diapers", "", Urgency.URGENT, 6, "claimed-by-member"),
    (
        "clothing",
        "Winter coats for two children (sizes 6 and 8)",
        "",
        Urgency.NORMAL,
        9,
        "fulfilled",
    ),
    ("household-items", "A small table and two chairs", "", Urgency.LOW, 12, "closed"),
    # A claimed need of low urgency no coordinator has connected yet: the home's
    # "waits for you to connect" count leads to it (issue 14).
    (
        "medical",
        "Company on the way to a dentist appointment",
        "Tomás, 555-0177, prefers a call in the morning",
        Urgency.LOW,
        10,
        "claimed-by-member-waiting",
    ),
    # Asked by the demo member: they see it as their own (change it, withdraw it).
    ("household-items", "A working fan for a hot apartment", "", Urgency.NORMAL, 1, "asked"),
]
WESTSIDE_NEEDS = [
    (
        "groceries",
        "Groceries for a neighbor who cannot leave home",
        "Westside private note",
        Urgency.NORMAL,
        1,
        "open",
    ),
    (
        "legal-and-immigration",
        "Someone to go along to a legal aid appointment",
        "",
        Urgency.URGENT,
        2,
        "open",
    ),
]


def _category(neighborhood, slug: str) -> NeedCategory:
    return NeedCategory.objects.get(neighborhood=neighborhood, slug=slug)


def _seed_needs(neighborhood, rows, network: DemoNetwork, recorder) -> None:
    now = timezone.now()
    for slug, summary, private, urgency, age, fate in rows:
        if ResourceRequest.objects.filter(
            neighborhood=neighborhood, public_summary=summary
        ).exists():
            continue
        asked = fate == "asked"
        need = actions.post_need(
            neighborhood=neighborhood,
            by=network.member if asked else recorder,
            category=_category(neighborhood, slug),
            public_summary=summary,
            private_details=private,
            urgency=urgency,
            source=ResourceRequest.Source.MEMBER if asked else ResourceRequest.Source.COORDINATOR,
        )
        need.created_at = now - timedelta(days=age)
        need.save(update_fields=["created_at"])
        if fate == "claimed":
            actions.claim_need(need=need, member=network.volunteer)
        elif fate == "claimed-by-member":
            actions.claim_need(need=need, member=network.member)
            actions.connect_claimant(
                need=need, by=recorder, shared_contact="Rosa, 555-0144 (text first)"
            )
        elif fate == "claimed-by-member-waiting":
            actions.claim_need(need=need, member=network.member)
        elif fate == "fulfilled":
            actions.claim_need(need=need, member=network.volunteer)
            actions.fulfil_need(need=need, member=network.volunteer)
        elif fate == "closed":
            actions.close_need(need=need, by=recorder, reason="duplicate")


def seed(network: DemoNetwork) -> None:
    for neighborhood in (network.eastside, network.westside):
        NeedCategory.ensure_defaults(neighborhood)
    seed_needs(network)
    seed_shifts(network)


def seed_needs(network: DemoNetwork) -> None:
    _seed_needs(network.eastside, EASTSIDE_NEEDS, network, network.coordinator)
    _seed_needs(network.westside, WESTSIDE_NEEDS, network, network.other_coordinator)
    if not Offer.objects.filter(member=network.member, neighborhood=network.eastside).exists():
        actions.add_offer(
            neighborhood=network.eastside,
            member=network.member,
            category=_category(network.eastside, "groceries"),
            description="I can shop for groceries and drop them off",
            availability="Saturday mornings",
        )


def seed_shifts(network: DemoNetwork) -> None:
    """Eastside's every-other-Saturday table (its shifts staff the intake table) with
    the demo volunteer on it, and a
    setup shift about two hours ahead, so a reminder lands in var/outbox/ minutes
    after `make run` starts."""
    eastside = network.eastside
    series = ShiftSeries.objects.filter(neighborhood=eastside, role="Intake table").first()
    if series is None:
        today = timezone.localdate(timezone=eastside.zone)
        series = shift_actions.create_series(
            neighborhood=eastside,
            created_by=network.coordinator,
            role="Intake table",
            role_names={"es": "Mesa de recepción"},
            place=eastside.meeting_place,
            capacity=3,
            notes="Bring a pen. Coffee is on the table.",
            rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=SA",
            starts_on=today + timedelta(days=(5 - today.weekday()) % 7 or 7),
            start_time=time(10),
            end_time=time(13),
            horizon_weeks=8,
            is_intake_table=True,
        )
    for shift in series.shifts.order_by("starts_at")[:2]:
        shift_actions.sign_up(shift=shift, user=network.volunteer)

    setup = Shift.objects.filter(neighborhood=eastside, role="Set up tables").first()
    if setup is None:
        starts = timezone.now().replace(second=0, microsecond=0) + timedelta(hours=2, minutes=5)
        setup = shift_actions.create_shift(
            neighborhood=eastside,
            role="Set up tables",
            role_names={"es": "Montar las mesas"},
            starts_at=starts,
            ends_at=starts + timedelta(hours=1),
            place=eastside.meeting_place,
            capacity=2,
        )
    for person in (network.volunteer, network.coordinator, network.member):
        shift_actions.sign_up(shift=setup, user=person)  # the member lands on the waitlist
    seed_shift_loops(network)


def seed_shift_loops(network: DemoNetwork) -> None:
    """What the stand-in and attendance loops need to be tried: the demo volunteer and
    coordinator agreed to be contacted (so a stand-in request reaches someone), and a
    shift three days ago with attendance recorded."""
    now = timezone.now()
    for person in (network.volunteer, network.coordinator):
        if person.contact_consent_at is None:
            person.contact_consent_at = now
            person.save(update_fields=["contact_consent_at"])
    eastside = network.eastside
    if not Shift.objects.filter(neighborhood=eastside, role="Sort donations").exists():
        starts = (now - timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
        past = shift_actions.create_shift(
            neighborhood=eastside,
            role="Sort donations",
            role_names={"es": "Clasificar donaciones"},
            starts_at=starts,
            ends_at=starts + timedelta(hours=2),
            place=eastside.meeting_place,
            capacity=2,
        )
        came = shift_actions.assign(shift=past, user=network.volunteer)
        shift_actions.record_attendance(signup=came, attendance="attended", by=network.coordinator)
        missed = shift_actions.assign(shift=past, user=network.coordinator)
        shift_actions.record_attendance(signup=missed, attendance="no-show", by=network.coordinator)

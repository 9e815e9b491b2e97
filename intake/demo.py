"""Demo data of the intake app, for `manage.py seed_demo` (idempotent).

Eastside gets twelve past sessions with returning and new visitors, follow-ups, a
likely duplicate pair, and today's session open for the volunteer, linked to an
intake-table shift of today that the volunteer is on (so the volunteer opens the
table from their shift); Westside a few visitors of its own (which Eastside must
never see).
"""

from __future__ import annotations

import datetime
import random
import uuid

from django.utils import timezone

from members.demo import DemoNetwork
from mutualaid.actions import shifts as shift_actions
from mutualaid.models import NeedCategory
from wcc.idempotency import submit_once

from . import actions
from .forms import VisitForm
from .models import IntakeSession, Visit, VisitNeed, Visitor

EASTSIDE_PEOPLE = [
    ("María José", "Hernández", "555 201 3344", 4, "Spanish"),
    ("José", "Martínez", "", 2, "Spanish, English"),
    ("Lan", "Nguyễn", "555 201 8890", 3, "Vietnamese"),
    ("Amina", "", "", 1, "Somali"),
    ("Dmitri", "Volkov", "555 201 7777", None, "Russian"),
    ("Fatima", "Al-Sayed", "", 5, "Arabic"),
    ("Grace", "O'Brien", "555 201 4242", 2, "English"),
    ("Kwame", "", "", None, ""),
    ("Rosa", "Quispe", "555 201 1212", 6, "Quechua, Spanish"),
    ("Tomás", "Silva", "", 1, "Portuguese"),
    ("Mei", "Chen", "555 201 5656", 2, "Cantonese"),
    ("Big Lou", "", "", 1, ""),
    ("Ana", "Lima", "555 201 9090", 3, "Portuguese"),
    # A likely duplicate of María José: same phone, name typed differently.
    ("Maria Jose", "Hernandez", "(555) 201-3344", 4, "Spanish"),
]
WESTSIDE_PEOPLE = [("Walter", "West", "555 909 0001", 1, "English")]
FOLLOW_UPS = ["Call about the rent assistance form", "Bring a winter coat (size M)", ""]


def _visitor(neighborhood, first, last, phone, size, languages, first_visit) -> Visitor:
    visitor = Visitor(
        neighborhood=neighborhood,
        first_name=first,
        last_name=last,
        phone=phone,
        household_size=size,
        languages=languages,
        first_visit_on=first_visit,
        last_visit_on=first_visit,
    )
    visitor.refresh_search_fields()
    visitor.save()
    return visitor


def _past_sessions(neighborhood, people, staff, today, count) -> None:
    rng = random.Random(f"intake-{neighborhood.slug}")
    categories = list(NeedCategory.objects.of(neighborhood).active())
    visitors: list[Visitor] = []
    for n in range(count, 0, -1):
        date = today - datetime.timedelta(days=14 * n)
        session = IntakeSession.objects.create(
            neighborhood=neighborhood,
            date=date,
            place=neighborhood.meeting_place,
            status=IntakeSession.Status.CLOSED,
            closed_at=timezone.now(),
        )
        session.staffed_by.add(*staff)
        newcomers = people[len(visitors) : len(visitors) + rng.randint(1, 3)]
        visitors += [_visitor(neighborhood, *p, first_visit=date) for p in newcomers]
        for visitor in rng.sample(visitors, k=min(len(visitors), rng.randint(3, 8))):
            follow_up = rng.choice(FOLLOW_UPS)
            visit = Visit.objects.create(
                session=session,
                visitor=visitor,
                logged_by=rng.choice(staff),
                is_first_visit=visitor.first_visit_on == date,
                note="Prefers morning calls." if rng.random() < 0.3 else "",
                follow_up=follow_up,
                follow_up_owner=rng.choice(staff) if follow_up else None,
                follow_up_due=date + datetime.timedelta(days=7) if follow_up else None,
                follow_up_done_at=timezone.now() if follow_up and n > 3 else None,
            )
            VisitNeed.objects.bulk_create(
                VisitNeed(visit=visit, category=c) for c in rng.sample(categories, k=2)
            )
            Visitor.objects.filter(pk=visitor.pk).update(last_visit_on=date)


def _todays_session(network: DemoNetwork, today) -> None:
    neighborhood = network.eastside
    session = IntakeSession.objects.create(
        neighborhood=neighborhood,
        date=today,
        place=neighborhood.meeting_place,
        status=IntakeSession.Status.OPEN,
    )
    session.staffed_by.add(network.volunteer, network.coordinator)
    categories = {c.slug: c for c in NeedCategory.objects.of(neighborhood)}
    returning = Visitor.objects.of(neighborhood).filter(first_name="Rosa").first()
    for data in [
        {"visitor": returning, "first_name": "Rosa", "needs": [categories["groceries"]]},
        {
            "first_name": "Samir",
            "household_size": 3,
            "needs": [categories["rent-and-bills"], categories["groceries"]],
            "shared": [categories["groceries"]],
            "public_summary": "Groceries for a family of three this week",
        },
    ]:
        if data.get("visitor"):
            data = {**VisitForm.initial_for(data["visitor"]), **data}
        submit_once(
            key=uuid.uuid5(uuid.NAMESPACE_URL, f"demo-{today}-{data['first_name']}"),
            user=network.volunteer,
            create=lambda data=data: actions.record_visit(
                session=session, data=data, by=network.volunteer
            ),
        )


def _todays_table_shift(network: DemoNetwork, today) -> None:
    """Today's table as a shift the volunteer is on, linked to today's session (the
    series' own shifts start next Saturday). It starts this hour, so it is the
    volunteer's next shift on the neighborhood home whenever the demo is run."""
    eastside = network.eastside
    session = IntakeSession.objects.of(eastside).filter(date=today).exclude(status="closed").first()
    if session is None or session.shifts.exists():
        return
    starts = timezone.localtime(timezone=eastside.zone).replace(minute=0, second=0, microsecond=0)
    shift = shift_actions.create_shift(
        neighborhood=eastside,
        role="Intake table",
        role_names={"es": "Mesa de recepción"},
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=4),
        place=session.place or eastside.meeting_place,
        capacity=3,
        is_intake_table=True,
        intake_session=session,
    )
    shift_actions.sign_up(shift=shift, user=network.volunteer)


def seed(network: DemoNetwork) -> None:
    today = timezone.localdate(timezone=network.eastside.zone)
    if not IntakeSession.objects.of(network.eastside).exists():
        staff = [network.volunteer, network.coordinator]
        _past_sessions(network.eastside, EASTSIDE_PEOPLE, staff, today, count=12)
        _past_sessions(network.westside, WESTSIDE_PEOPLE, [network.other_coordinator], today, 1)
    if not IntakeSession.objects.of(network.eastside).filter(date=today).exists():
        _todays_session(network, today)
    _todays_table_shift(network, today)

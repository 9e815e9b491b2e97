"""Factories and helpers for governance tests."""

from datetime import timedelta

import factory
from django.utils import timezone

from governance.actions import proposals as actions
from governance.models import Proposal
from members.models import Role
from tests.factories import MembershipFactory, UserFactory


def in_days(days: float):
    return timezone.now() + timedelta(days=days)


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    title = factory.Sequence(lambda n: f"Proposal {n}")
    text = "We buy a second folding table for the Saturday intake."
    change = "The table budget grows by 40 dollars."
    deadline = factory.LazyFunction(lambda: in_days(3))


def open_proposal(neighborhood, author, **fields) -> Proposal:
    proposal = ProposalFactory(neighborhood=neighborhood, author=author, **fields)
    return actions.open_proposal(proposal=proposal)


def members(neighborhood, count: int, *, language: str = "en") -> list:
    people = []
    for _ in range(count):
        person = UserFactory(preferred_language=language)
        MembershipFactory(user=person, neighborhood=neighborhood, role=Role.MEMBER)
        people.append(person)
    return people


def meeting_of(world, *, published: bool = False, days: float = -1):
    """An assembly of the own neighborhood run by the volunteer (facilitator and
    note-taker), with two agenda items."""
    from governance.actions import meetings

    made = meetings.create_meeting(
        neighborhood=world.own,
        agenda=["Welcome", "The Sunday table"],
        title="December assembly",
        kind="assembly",
        starts_at=in_days(days),
        place="Church hall",
        call_link="",
        facilitator=world.volunteer,
        note_taker=world.volunteer,
    )
    if published:
        meetings.publish_minutes(meeting=made)
    return made


PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def circle_of(world, *, is_open: bool = True, name: str = "Reading Freire"):
    """A circle of the own neighborhood convened by the volunteer."""
    from governance.actions import circles

    return circles.create_circle(
        neighborhood=world.own,
        convener=world.volunteer,
        name=name,
        about="We read about popular education.",
        is_open=is_open,
    )


def pdf_reading(circle, *, title: str = "Pedagogy of the Oppressed, chapter 2"):
    from django.core.files.base import ContentFile

    from governance.actions import circles

    return circles.add_reading(
        circle=circle,
        added_by=circle.convener,
        title=title,
        author="Paulo Freire",
        pdf=ContentFile(PDF_BYTES, name="chapter2.pdf"),
    )


def session_of(circle, *, reading=None, days: float = 3):
    from governance.actions import circles

    return circles.plan_session(
        circle=circle,
        reading=reading,
        starts_at=in_days(days),
        place="Library room",
        call_link="",
        facilitator=circle.convener,
        note_taker=circle.convener,
    )

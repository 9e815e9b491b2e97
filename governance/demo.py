"""Eastside's governance for the demo: a past assembly with published minutes (and an
action point for the demo member), an open proposal the demo member can vote on, a
decided one in the log, an urgent decision waiting for the next assembly, a monthly
assembly that recurs, and a study circle (the demo member in it) with readings and a
next session. Idempotent: found by title, made once."""

from datetime import time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from members.demo import DemoNetwork

from .actions import circles as circle_actions
from .actions import decisions as decision_actions
from .actions import meetings as meeting_actions
from .actions import proposals as actions
from .models import Decision, Meeting, MeetingSeries, Proposal, StudyCircle

OPEN_TITLE = "Open the table on the first Sunday too"
DECIDED_TITLE = "Keep a box of children's books at the table"
URGENT_TITLE = "The table moves to the library on 12 December"
ASSEMBLY_TITLE = "November general assembly"
SERIES_TITLE = "Monthly general assembly"
CIRCLE_NAME = "Reading circle: the right to housing"

# A small, valid one-page PDF for the demo's uploaded reading.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def seed_recurring_assembly(network: DemoNetwork) -> None:
    eastside = network.eastside
    if MeetingSeries.objects.filter(neighborhood=eastside, title=SERIES_TITLE).exists():
        return
    meeting_actions.create_meeting_series(
        neighborhood=eastside,
        created_by=network.coordinator,
        title=SERIES_TITLE,
        kind=Meeting.Kind.ASSEMBLY,
        rule="FREQ=MONTHLY;BYDAY=1TU",
        starts_on=timezone.localdate(),
        start_time=time(19, 0),
        place=eastside.meeting_place,
        agenda="Welcome and check-in\nHow the table went\nProposals\nAnything else",
        facilitator=network.coordinator,
        note_taker=network.volunteer,
        horizon_weeks=12,
    )


def seed_study_circle(network: DemoNetwork) -> None:
    eastside = network.eastside
    if StudyCircle.objects.filter(neighborhood=eastside, name=CIRCLE_NAME).exists():
        return
    circle = circle_actions.create_circle(
        neighborhood=eastside,
        convener=network.volunteer,
        name=CIRCLE_NAME,
        about="Tenants and neighbors read about housing and organizing, one text a fortnight.",
        is_open=True,
    )
    circle_actions.join(circle=circle, person=network.member)
    circle_actions.add_reading(
        circle=circle,
        added_by=network.volunteer,
        title="The Universal Declaration of Human Rights, article 25",
        author="United Nations",
        link="https://www.un.org/en/about-us/universal-declaration-of-human-rights",
        note="Short: read it twice.",
    )
    chapter = circle_actions.add_reading(
        circle=circle,
        added_by=network.volunteer,
        title="Notes on tenants' unions",
        author="The circle",
        pdf=ContentFile(DEMO_PDF, name="tenants-unions.pdf"),
        note="Pages 1 to 12 for the next session.",
    )
    circle_actions.plan_session(
        circle=circle,
        reading=chapter,
        starts_at=timezone.now() + timedelta(days=5),
        place="Library room",
        call_link="",
        facilitator=network.volunteer,
        note_taker=network.volunteer,
    )


def seed_assembly(network: DemoNetwork) -> None:
    eastside = network.eastside
    if Meeting.objects.filter(neighborhood=eastside, title=ASSEMBLY_TITLE).exists():
        return
    meeting = meeting_actions.create_meeting(
        neighborhood=eastside,
        agenda=["Welcome and check-in", "How the Saturday table went", "A Sunday table?"],
        title=ASSEMBLY_TITLE,
        kind=Meeting.Kind.ASSEMBLY,
        starts_at=timezone.now() - timedelta(days=10),
        place=eastside.meeting_place,
        call_link="",
        facilitator=network.coordinator,
        note_taker=network.volunteer,
    )
    for person in (network.coordinator, network.volunteer, network.member):
        meeting_actions.check_in(meeting=meeting, person=person)
    table, sunday = list(meeting.items.all())[1:]
    meeting_actions.save_item_minutes(
        item=table,
        notes="42 households came; the line was long before 10:00.",
        decisions="Open the doors at 9:45.",
    )
    meeting_actions.save_item_minutes(
        item=sunday,
        notes="Many families cannot come on Saturdays.",
        decisions="A proposal goes to all members.",
    )
    meeting_actions.add_action_point(
        item=sunday,
        text="Ask the church hall whether it is free on Sundays",
        owner=network.member,
        due_on=timezone.localdate() + timedelta(days=14),
    )
    meeting_actions.publish_minutes(meeting=meeting)


def seed(network: DemoNetwork) -> None:
    seed_assembly(network)
    seed_recurring_assembly(network)
    seed_study_circle(network)
    eastside = network.eastside
    if not Proposal.objects.filter(neighborhood=eastside, title=OPEN_TITLE).exists():
        proposal = actions.create_proposal(
            neighborhood=eastside,
            author=network.volunteer,
            title=OPEN_TITLE,
            text="Many families cannot come on Saturdays. A Sunday table once a month would "
            "reach them; four volunteers have said they would staff it.",
            change="A second monthly table, first Sunday, 12:00 to 14:00.",
            process=Proposal.Process.CONSENT,
            threshold=Proposal.Threshold.SIMPLE,
            secret=False,
            deadline=timezone.now() + timedelta(days=5),
        )
        proposal = actions.open_proposal(proposal=proposal)
        actions.cast_vote(proposal=proposal, voter=network.coordinator, choice="agree")
        actions.add_comment(
            proposal=proposal,
            author=network.coordinator,
            text="The church hall is free on Sundays; I asked.",
        )
    if not Proposal.objects.filter(neighborhood=eastside, title=DECIDED_TITLE).exists():
        proposal = actions.create_proposal(
            neighborhood=eastside,
            author=network.member,
            title=DECIDED_TITLE,
            text="Children wait in line with their parents. A box of books helps.",
            change="",
            process=Proposal.Process.MAJORITY,
            threshold=Proposal.Threshold.SIMPLE,
            secret=True,
            deadline=timezone.now() + timedelta(minutes=1),
        )
        proposal = actions.open_proposal(proposal=proposal)
        for person in (network.coordinator, network.volunteer, network.member):
            actions.cast_vote(proposal=proposal, voter=person, choice="yes")
        Proposal.objects.filter(pk=proposal.pk).update(deadline=timezone.now() - timedelta(days=3))
        actions.close_proposal(proposal_id=proposal.pk)
    if not Decision.objects.filter(neighborhood=eastside, title=URGENT_TITLE).exists():
        decision_actions.take_urgent_decision(
            neighborhood=eastside,
            by=network.coordinator,
            title=URGENT_TITLE,
            text="The church hall is closed for repairs; the library lends us its room.",
            reason="The hall told us on Monday and the table is on Saturday.",
        )

"""Eastside's governance for the demo: a past assembly with published minutes (and an
action point for the demo member), an open proposal the demo member can vote on, a
decided one in the log, and an urgent decision waiting for the next assembly.
Idempotent: found by title, made once."""

from datetime import timedelta

from django.utils import timezone

from members.demo import DemoNetwork

from .actions import decisions as decision_actions
from .actions import meetings as meeting_actions
from .actions import proposals as actions
from .models import Decision, Meeting, Proposal

OPEN_TITLE = "Open the table on the first Sunday too"
DECIDED_TITLE = "Keep a box of children's books at the table"
URGENT_TITLE = "The table moves to the library on 12 December"
ASSEMBLY_TITLE = "November general assembly"


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

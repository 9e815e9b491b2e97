"""Eastside's governance for the demo: an open proposal the demo member can vote on, a
decided one in the log, and an urgent decision waiting for the next assembly.
Idempotent: found by title, made once."""

from datetime import timedelta

from django.utils import timezone

from members.demo import DemoNetwork

from .actions import decisions as decision_actions
from .actions import proposals as actions
from .models import Decision, Proposal

OPEN_TITLE = "Open the table on the first Sunday too"
DECIDED_TITLE = "Keep a box of children's books at the table"
URGENT_TITLE = "The table moves to the library on 12 December"


def seed(network: DemoNetwork) -> None:
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

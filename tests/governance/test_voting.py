"""One vote per person per proposal, changeable until the deadline, and counted once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from governance.actions import proposals as actions
from governance.actions.decisions import send_due_announcements
from governance.models import (
    Announcement,
    BallotCast,
    Decision,
    Proposal,
    SecretChoice,
    Vote,
    VotingClosedError,
)
from tests.concurrency import run_at_once

from .factories import members, open_proposal


def past_deadline(proposal):
    Proposal.objects.filter(pk=proposal.pk).update(deadline=timezone.now() - timedelta(minutes=1))


def test_the_database_refuses_a_second_vote_row(world):
    proposal = open_proposal(world.own, world.member)
    Vote.objects.create(proposal=proposal, voter=world.volunteer, choice="agree")
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(proposal=proposal, voter=world.volunteer, choice="block")


def test_a_vote_changed_before_the_deadline_counts_as_the_last_choice(world):
    proposal = open_proposal(world.own, world.member, process="majority")
    actions.cast_vote(proposal=proposal, voter=world.volunteer, choice="yes")
    actions.cast_vote(proposal=proposal, voter=world.volunteer, choice="no")
    assert list(proposal.votes.values_list("choice", flat=True)) == ["no"]


def test_a_vote_after_the_deadline_is_refused(world):
    proposal = open_proposal(world.own, world.member)
    past_deadline(proposal)
    with pytest.raises(VotingClosedError):
        actions.cast_vote(proposal=proposal, voter=world.volunteer, choice="agree")
    assert not proposal.votes.exists()


def test_a_block_without_a_reason_is_refused(world):
    proposal = open_proposal(world.own, world.member)
    with pytest.raises(ValueError):
        actions.cast_vote(proposal=proposal, voter=world.volunteer, choice="block", reason=" ")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("secret", [False, True])
def test_the_same_vote_sent_eight_times_at_once_counts_once(world, secret):
    proposal = open_proposal(world.own, world.member, secret=secret)
    choices = ["agree", "block", "abstain", "concern"] * 2

    _, errors = run_at_once(
        lambda choice: actions.cast_vote(
            proposal=proposal, voter=world.volunteer, choice=choice, reason="why"
        ),
        choices,
    )

    assert errors == []
    if secret:
        assert BallotCast.objects.filter(proposal=proposal).count() == 1
        assert SecretChoice.objects.filter(proposal=proposal).count() == 1
    else:
        assert Vote.objects.filter(proposal=proposal).count() == 1


@pytest.mark.django_db(transaction=True)
def test_twenty_members_voting_at_once_are_twenty_votes(world):
    proposal = open_proposal(world.own, world.member, process="majority")
    people = members(world.own, 20)
    _, errors = run_at_once(
        lambda person: actions.cast_vote(proposal=proposal, voter=person, choice="yes"), people
    )
    assert errors == []
    assert proposal.votes.count() == 20


def test_the_count_runs_once_however_often_the_task_runs(world):
    proposal = open_proposal(world.own, world.member)
    actions.cast_vote(proposal=proposal, voter=world.volunteer, choice="agree")
    past_deadline(proposal)

    assert actions.close_due_proposals() == 1
    assert actions.close_due_proposals() == 0
    assert actions.close_proposal(proposal_id=proposal.pk) is None
    assert Decision.objects.filter(proposal=proposal).count() == 1


def test_an_open_proposal_before_its_deadline_is_not_counted(world):
    open_proposal(world.own, world.member)
    assert actions.close_due_proposals() == 0


def test_every_member_is_told_the_outcome_once_in_their_language(
    world, django_capture_on_commit_callbacks
):
    world.volunteer.preferred_language = "es"
    world.volunteer.save(update_fields=["preferred_language"])
    proposal = open_proposal(world.own, world.member, title="Second table")
    actions.cast_vote(proposal=proposal, voter=world.volunteer, choice="block", reason="No room")
    past_deadline(proposal)

    with django_capture_on_commit_callbacks():
        actions.close_due_proposals()
    sent = send_due_announcements()
    again = send_due_announcements()

    assert sent == 3 and again == 0  # member, volunteer, coordinator of Eastside
    by_person = {message.to[0]: message for message in mail.outbox}
    assert set(by_person) == {world.member.email, world.volunteer.email, world.coordinator.email}
    assert "Did not pass: Second table" in by_person[world.member.email].subject
    assert "a member blocked it" in by_person[world.member.email].body
    assert "No se aprobó: Second table" in by_person[world.volunteer.email].subject
    assert Announcement.objects.filter(sent_at=None).count() == 0


def test_a_proposal_decided_in_a_meeting_counts_the_quorum_of_those_present(world):
    from governance.actions import meetings
    from governance.models import GovernanceSettings

    from .factories import meeting_of

    GovernanceSettings.objects.create(neighborhood=world.own, quorum_percent=100)
    meeting = meeting_of(world, days=1)
    for person in (world.member, world.volunteer):
        meetings.check_in(meeting=meeting, person=person)
    proposal = open_proposal(world.own, world.member, meeting=meeting)
    for person in (world.member, world.volunteer):
        actions.cast_vote(proposal=proposal, voter=person, choice="agree")
    past_deadline(proposal)

    actions.close_due_proposals()

    proposal.refresh_from_db()
    # Two of the two present: quorum; of all four active members it would not be.
    assert proposal.tally["electorate"] == 2 and proposal.status == "passed"

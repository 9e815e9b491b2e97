"""Tallies against an independent count: random electorates, votes, changes of mind,
abstentions and quorum settings, through the real actions and the real count."""

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance import tally
from governance.actions import proposals as actions
from governance.models import GovernanceSettings, Proposal
from members.models import Membership
from tests.factories import NeighborhoodFactory

from .factories import ProposalFactory, members


def independent_outcome(process, threshold, quorum_percent, electorate, final_choices):
    """The rules written again, plainly: integers only, no shared code."""
    took_part = len(final_choices)
    if took_part == 0 or took_part * 100 < quorum_percent * electorate:
        return False, "no_quorum"
    if process == "consent":
        return ("block" not in final_choices), ("blocked" if "block" in final_choices else "passed")
    yes = final_choices.count("yes")
    no = final_choices.count("no")
    if threshold == "simple":
        clears = yes * 2 > yes + no
    else:
        clears = yes + no > 0 and yes * 3 >= (yes + no) * 2
    return clears, "passed" if clears else "below_threshold"


@given(
    process=st.sampled_from(["consent", "majority"]),
    threshold=st.sampled_from(["simple", "two_thirds"]),
    quorum=st.integers(0, 100),
    electorate=st.integers(0, 60),
    picks=st.lists(st.integers(0, 3), max_size=60),
)
def test_the_count_matches_an_independent_count(process, threshold, quorum, electorate, picks):
    names = tally.CONSENT_CHOICES if process == "consent" else tally.MAJORITY_CHOICES
    choices = [names[i % len(names)] for i in picks[:electorate]]
    result = tally.count(
        process=process,
        threshold=threshold,
        quorum_percent=quorum,
        electorate=electorate,
        choices=choices,
    )
    assert (result.passed, result.reason) == independent_outcome(
        process, threshold, quorum, electorate, choices
    )
    assert sum(result.counts.values()) == len(choices)


ballots = st.lists(
    st.tuples(st.integers(0, 5), st.integers(0, 3)),  # (who, which choice), in order
    max_size=14,
)


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    process=st.sampled_from(["consent", "majority"]),
    threshold=st.sampled_from(["simple", "two_thirds"]),
    secret=st.booleans(),
    quorum=st.integers(0, 100),
    inactive=st.integers(0, 2),
    sequence=ballots,
)
def test_votes_changes_and_quorum_counted_through_the_database(
    db, process, threshold, secret, quorum, inactive, sequence
):
    # A neighborhood of its own for each example (the database is not rolled back
    # between hypothesis's examples).
    neighborhood = NeighborhoodFactory()
    people = members(neighborhood, 6)
    # Some members left: they are not in the electorate (and may not vote).
    gone = people[:inactive]
    Membership.objects.filter(user__in=gone, neighborhood=neighborhood).update(status="inactive")
    GovernanceSettings.objects.create(neighborhood=neighborhood, quorum_percent=quorum)
    proposal = ProposalFactory(
        neighborhood=neighborhood,
        author=people[-1],
        process=process,
        threshold=threshold,
        secret=secret,
    )
    proposal = actions.open_proposal(proposal=proposal)
    names = proposal.choices
    final = {}
    for who, which in sequence:
        person = people[who]
        if person in gone:
            continue
        choice = names[which % len(names)]
        actions.cast_vote(proposal=proposal, voter=person, choice=choice, reason="because")
        final[person.pk] = choice  # a later vote replaces the earlier one
    Proposal.objects.filter(pk=proposal.pk).update(deadline=proposal.deadline - timedelta(days=9))

    decision = actions.close_proposal(proposal_id=proposal.pk)

    electorate = 6 - inactive
    passed, reason = independent_outcome(
        process, threshold, quorum, electorate, list(final.values())
    )
    proposal.refresh_from_db()
    assert proposal.outcome_reason == reason
    assert proposal.status == ("passed" if passed else "failed")
    assert proposal.tally["electorate"] == electorate
    assert proposal.tally["took_part"] == len(final)
    for name in names:
        assert proposal.tally["counts"][name] == list(final.values()).count(name)
    assert decision.outcome == ("adopted" if passed else "rejected")
    if secret:  # counted: nothing links a choice to a person any more
        assert proposal.ballot_key == ""
        assert not proposal.secret_choices.exclude(seal=None).exists()

"""Governance's part of a person's download and erasure, and of the neighborhood home."""

from django.urls import reverse

from governance.actions import decisions as decision_actions
from governance.actions import proposals as actions
from governance.models import Comment, CommentRevision, Proposal, Vote
from governance.wcc_hooks import erase_governance, governance_data

from .factories import open_proposal


def test_the_download_has_the_persons_proposals_votes_and_comments(world):
    open_ballot = open_proposal(world.own, world.member, title="Mine")
    secret = open_proposal(world.own, world.coordinator, secret=True)
    actions.cast_vote(proposal=open_ballot, voter=world.member, choice="concern", reason="Cost")
    actions.cast_vote(proposal=secret, voter=world.member, choice="block", reason="Hidden")
    comment = actions.add_comment(proposal=open_ballot, author=world.member, text="First")
    actions.edit_comment(comment=comment, text="Second")

    data = governance_data(world.member)

    assert [p["title"] for p in data["proposals_drafted"]] == ["Mine"]
    assert data["open_ballot_votes"] == [
        {"proposal": open_ballot.pk, "choice": "concern", "reason": "Cost"}
    ]
    assert data["secret_ballots_voted_in"] == [secret.pk]
    assert "Hidden" not in str(data) and "block" not in str(data)
    assert data["comments"][0]["text"] == "Second"
    assert data["comments"][0]["earlier_texts"] == ["First"]


def test_erasure_removes_the_persons_words_and_name_and_keeps_the_counts(world):
    proposal = open_proposal(world.own, world.member, title="Mine")
    actions.cast_vote(proposal=proposal, voter=world.member, choice="concern", reason="Cost")
    comment = actions.add_comment(proposal=proposal, author=world.member, text="First")
    actions.edit_comment(comment=comment, text="Second")
    decision_actions.take_urgent_decision(
        neighborhood=world.own, by=world.coordinator, title="t", text="t", reason="r"
    )

    assert erase_governance(world.member) > 0

    assert not Comment.objects.exists() and not CommentRevision.objects.exists()
    assert Vote.objects.get().reason == ""
    assert Proposal.objects.get().author is None
    assert erase_governance(world.coordinator) > 0


def test_the_home_card_counts_what_waits_for_the_person(member_client, world):
    voted = open_proposal(world.own, world.coordinator)
    open_proposal(world.own, world.coordinator)
    actions.cast_vote(proposal=voted, voter=world.member, choice="agree")
    page = member_client.get(
        reverse("neighborhood_home", kwargs={"slug": world.own.slug})
    ).content.decode()
    assert "2 proposals are open for votes" in page
    assert "1 waits for your vote" in page

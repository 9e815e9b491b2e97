"""The pages of proposals and decisions, as members and coordinators use them."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.actions import decisions as decision_actions
from governance.actions import proposals as actions
from governance.models import Comment, Decision, GovernanceSettings, Proposal

from .factories import ProposalFactory, open_proposal


def url(name, world, **kwargs):
    return reverse(name, kwargs={"slug": world.own.slug, **kwargs})


def soon() -> str:
    return (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")


def draft_data(**overrides):
    from wcc.models import new_submission_key

    data = {
        "title": "Buy a second table",
        "text": "The line is long.",
        "change": "Budget +40",
        "process": "consent",
        "threshold": "simple",
        "deadline": soon(),
        "submission_key": str(new_submission_key()),
    }
    return {**data, **overrides}


def test_a_member_drafts_and_opens_a_proposal(member_client, world):
    response = member_client.post(url("proposal_create", world), draft_data())
    proposal = Proposal.objects.get()
    assert response.url == url("proposal_detail", world, pk=proposal.pk)
    assert proposal.status == "draft" and proposal.author == world.member

    member_client.post(url("proposal_open", world, pk=proposal.pk))
    proposal.refresh_from_db()
    assert proposal.status == "open" and proposal.quorum_percent == 25


def test_a_draft_sent_twice_is_one_draft(member_client, world):
    data = draft_data()
    member_client.post(url("proposal_create", world), data)
    member_client.post(url("proposal_create", world), data)
    assert Proposal.objects.count() == 1


def test_a_deadline_in_the_past_is_refused_by_the_field_keeping_the_text(member_client, world):
    past = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = member_client.post(url("proposal_create", world), draft_data(deadline=past))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose a time in the future." in page
    assert "The line is long." in page
    assert not Proposal.objects.exists()


def test_only_coordinators_draft_when_the_neighborhood_says_so(member_client, world):
    GovernanceSettings.objects.create(neighborhood=world.own, who_may_propose="coordinators")
    assert member_client.get(url("proposal_create", world)).status_code == 403


def test_a_quorum_over_100_percent_is_refused_by_the_field(coordinator_client, world):
    response = coordinator_client.post(
        url("governance_settings", world), {"who_may_propose": "members", "quorum_percent": 150}
    )
    assert response.status_code == 200
    assert "Ensure this value is less than or equal to 100." in response.content.decode()


def test_an_edit_from_an_older_version_is_a_conflict_not_an_overwrite(member_client, world):
    proposal = ProposalFactory(neighborhood=world.own, author=world.member, title="First")
    fields = {n: getattr(proposal, n) for n in actions.EDITABLE}
    actions.edit_proposal(proposal=proposal, version=1, **{**fields, "title": "Other tab"})

    data = draft_data(title="Mine", version=1)
    response = member_client.post(url("proposal_edit", world, pk=proposal.pk), data)

    page = response.content.decode()
    assert "Someone changed this proposal" in page
    assert "Other tab" in page and 'value="Mine"' in page
    proposal.refresh_from_db()
    assert proposal.title == "Other tab"


def test_a_block_needs_a_reason_by_the_field(volunteer_client, world):
    proposal = open_proposal(world.own, world.member)
    response = volunteer_client.post(
        url("proposal_vote", world, pk=proposal.pk), {"choice": "block"}
    )
    assert response.status_code == 200
    assert "Say why" in response.content.decode()
    assert not proposal.votes.exists()


def test_a_vote_by_htmx_answers_the_vote_section(volunteer_client, world):
    proposal = open_proposal(world.own, world.member)
    response = volunteer_client.post(
        url("proposal_vote", world, pk=proposal.pk),
        {"choice": "agree"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert '<section id="vote"' in page and "<html" not in page
    assert "Your vote is in." in page
    assert proposal.votes.get().voter == world.volunteer


def test_a_comment_edit_keeps_the_earlier_text_for_everyone(member_client, client, world):
    proposal = open_proposal(world.own, world.coordinator)
    comment = actions.add_comment(proposal=proposal, author=world.member, text="Before")
    member_client.post(
        url("comment_edit", world, pk=proposal.pk, comment_pk=comment.pk), {"text": "After"}
    )
    assert Comment.objects.get().text == "After"

    client.force_login(world.volunteer)
    page = client.get(
        url("comment_edit", world, pk=proposal.pk, comment_pk=comment.pk)
    ).content.decode()
    assert "Before" in page and "After" in page and "<textarea" not in page
    detail = client.get(url("proposal_detail", world, pk=proposal.pk)).content.decode()
    assert "edited once" in detail
    assert (
        client.post(
            url("comment_edit", world, pk=proposal.pk, comment_pk=comment.pk), {"text": "X"}
        ).status_code
        == 403
    )


def test_an_urgent_decision_is_marked_until_the_assembly_confirms_it(coordinator_client, world):
    from django.test import Client

    from wcc.models import new_submission_key

    member_client = Client()
    member_client.force_login(world.member)

    response = coordinator_client.post(
        url("urgent_decision_create", world),
        {
            "title": "Close on the 24th",
            "text": "No table that day.",
            "reason": "",
            "submission_key": str(new_submission_key()),
        },
    )
    assert "This field is required." in response.content.decode()
    response = coordinator_client.post(
        url("urgent_decision_create", world),
        {
            "title": "Close on the 24th",
            "text": "No table that day.",
            "reason": "The hall flooded.",
            "submission_key": str(new_submission_key()),
        },
    )
    decision = Decision.objects.get()
    log = member_client.get(url("decision_log", world)).content.decode()
    assert "Close on the 24th" in log and "awaiting confirmation by the next assembly" in log
    home = member_client.get(reverse("neighborhood_home", kwargs={"slug": world.own.slug}))
    assert "1 urgent decision awaits the next assembly" in home.content.decode()

    coordinator_client.post(url("decision_ratify", world, pk=decision.pk), {"verdict": "reverse"})
    decision.refresh_from_db()
    assert decision.ratification == "reversed"
    log = member_client.get(url("decision_log", world)).content.decode()
    assert "awaiting confirmation" not in log and "reversed by the assembly" in log


def test_a_later_decision_supersedes_an_earlier_one_shown_both_ways(member_client, world):
    earlier = decision_actions.take_urgent_decision(
        neighborhood=world.own, by=world.coordinator, title="Open at 9", text="t", reason="r"
    )
    later = decision_actions.take_urgent_decision(
        neighborhood=world.own,
        by=world.coordinator,
        title="Open at 10",
        text="t",
        reason="r",
        supersedes=earlier,
    )
    page = member_client.get(url("decision_detail", world, pk=earlier.pk)).content.decode()
    assert "Replaced by a later decision" in page and "Open at 10" in page
    page = member_client.get(url("decision_detail", world, pk=later.pk)).content.decode()
    assert "This decision replaces" in page and "Open at 9" in page


def test_the_decision_log_is_searchable(member_client, world):
    for title in ["Buy chairs", "Paint the hall"]:
        decision_actions.take_urgent_decision(
            neighborhood=world.own, by=world.coordinator, title=title, text="t", reason="r"
        )
    page = member_client.get(url("decision_log", world), {"q": "chairs"}).content.decode()
    assert "Buy chairs" in page and "Paint the hall" not in page


def test_another_neighborhoods_decisions_are_not_in_the_log(member_client, world):
    decision_actions.take_urgent_decision(
        neighborhood=world.other,
        by=world.other_coordinator,
        title="Westside only",
        text="t",
        reason="r",
    )
    assert "Westside only" not in member_client.get(url("decision_log", world)).content.decode()


@pytest.mark.parametrize("rows", [1, 30])
def test_the_decision_log_reads_a_fixed_number_of_queries(
    member_client, world, rows, django_assert_num_queries
):
    for n in range(rows):
        decision_actions.take_urgent_decision(
            neighborhood=world.own, by=world.coordinator, title=f"D{n}", text="t", reason="r"
        )
    member_client.get(url("decision_log", world))  # then the person comes from the cache
    with django_assert_num_queries(1):
        member_client.get(url("decision_log", world))


@pytest.mark.parametrize("rows", [1, 30])
def test_a_proposal_page_reads_a_fixed_number_of_queries(
    member_client, world, rows, django_assert_num_queries
):
    from .factories import members

    proposal = open_proposal(world.own, world.coordinator)
    for person in members(world.own, rows):
        actions.cast_vote(proposal=proposal, voter=person, choice="agree")
        actions.add_comment(proposal=proposal, author=person, text="yes")
    member_client.get(url("proposal_detail", world, pk=proposal.pk))  # warm, as above
    with django_assert_num_queries(6):
        member_client.get(url("proposal_detail", world, pk=proposal.pk))

"""Hypothesis throws arbitrary input at every governance form: never a server error,
and bad input changes nothing."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance.actions import decisions as decision_actions
from governance.models import Decision, GovernanceSettings

from .factories import ProposalFactory, open_proposal

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

value = st.one_of(
    st.text(max_size=300),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(
        ["", "on", "consent", "majority", "simple", "two_thirds", "block", "yes", "confirm"]
    ),
    st.uuids().map(str),
    st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
)


def fields(*names):
    return st.fixed_dictionaries({}, optional=dict.fromkeys(names, value))


PROPOSAL = ["submission_key", "title", "text", "change", "process", "threshold", "secret"]


@FUZZ
@given(data=fields(*PROPOSAL, "deadline", "version"))
def test_drafting_and_editing_never_fail(member_client, world, data):
    slug = world.own.slug
    assert member_client.post(
        reverse("proposal_create", kwargs={"slug": slug}), data
    ).status_code in (200, 302)
    draft = ProposalFactory(neighborhood=world.own, author=world.member)
    url = reverse("proposal_edit", kwargs={"slug": slug, "pk": draft.pk})
    assert member_client.post(url, data).status_code in (200, 302)


@FUZZ
@given(data=fields("choice", "reason"))
def test_voting_never_fails(volunteer_client, world, data):
    proposal = open_proposal(world.own, world.member)
    url = reverse("proposal_vote", kwargs={"slug": world.own.slug, "pk": proposal.pk})
    assert volunteer_client.post(url, data).status_code in (200, 302)
    for vote in proposal.votes.all():  # whatever was accepted is a valid vote
        assert vote.choice in proposal.choices
        assert vote.choice not in ("block", "concern") or vote.reason


@FUZZ
@given(data=fields("submission_key", "text"))
def test_commenting_never_fails(member_client, world, data):
    proposal = open_proposal(world.own, world.coordinator)
    url = reverse("comment_add", kwargs={"slug": world.own.slug, "pk": proposal.pk})
    assert member_client.post(url, data).status_code in (200, 302)


@FUZZ
@given(
    urgent=fields("submission_key", "title", "text", "reason", "supersedes"),
    ratify=fields("verdict", "note"),
    rules=fields("who_may_propose", "quorum_percent"),
)
def test_coordinator_forms_never_fail(coordinator_client, world, urgent, ratify, rules):
    slug = world.own.slug
    response = coordinator_client.post(
        reverse("urgent_decision_create", kwargs={"slug": slug}), urgent
    )
    assert response.status_code in (200, 302)
    waiting = decision_actions.take_urgent_decision(
        neighborhood=world.own, by=world.coordinator, title="t", text="t", reason="r"
    )
    url = reverse("decision_ratify", kwargs={"slug": slug, "pk": waiting.pk})
    assert coordinator_client.post(url, ratify).status_code in (200, 302)
    response = coordinator_client.post(reverse("governance_settings", kwargs={"slug": slug}), rules)
    assert response.status_code in (200, 302)
    assert all(0 <= s.quorum_percent <= 100 for s in GovernanceSettings.objects.all())
    assert not Decision.objects.filter(kind="urgent", reason="").exists()


def test_the_decision_log_search_never_fails(member_client, world):
    url = reverse("decision_log", kwargs={"slug": world.own.slug})
    for q in ["", "x" * 500, "%", "\x00", "'; drop table"]:
        assert member_client.get(url, {"q": q}).status_code == 200


CIRCLE_FILES = st.one_of(
    st.binary(max_size=2000),
    st.binary(max_size=200).map(lambda b: b"%PDF-" + b),
    st.just(b"%PDF-" + b"0" * (10 * 1024 * 1024)),
)


@FUZZ
@given(
    data=fields("submission_key", "title", "author", "link", "note"),
    content=st.one_of(st.none(), CIRCLE_FILES),
)
def test_adding_a_reading_never_fails_and_keeps_only_pdfs(client, world, data, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from governance.models import Reading

    from .factories import circle_of

    circle = circle_of(world)
    client.force_login(world.volunteer)
    if content is not None:
        data = {**data, "pdf": SimpleUploadedFile("r.pdf", content, "application/pdf")}
    url = reverse("reading_add", kwargs={"slug": world.own.slug, "pk": circle.pk})
    assert client.post(url, data).status_code in (200, 302)
    for reading in Reading.objects.exclude(pdf=""):
        with reading.pdf.open("rb") as stored:
            head = stored.read(5)
            assert head == b"%PDF-" and reading.pdf.size <= 5 * 1024 * 1024


@FUZZ
@given(data=fields("submission_key", "name", "about", "is_open"))
def test_starting_a_circle_never_fails(member_client, world, data):
    url = reverse("circle_create", kwargs={"slug": world.own.slug})
    assert member_client.post(url, data).status_code in (200, 302)


@FUZZ
@given(data=fields("submission_key", "title", "starts_at", "place", "call_link", "reading"))
def test_planning_a_session_never_fails_nor_plans_one_in_the_past(client, world, data):
    from django.utils import timezone

    from governance.models import Meeting

    from .factories import circle_of

    circle = circle_of(world)
    client.force_login(world.volunteer)
    url = reverse("session_create", kwargs={"slug": world.own.slug, "pk": circle.pk})
    assert client.post(url, data).status_code in (200, 302)
    assert not Meeting.objects.filter(
        starts_at__lte=timezone.now() - timezone.timedelta(minutes=1)
    ).exists()


@FUZZ
@given(data=fields("title", "owner", "proposal"))
def test_editing_an_agenda_item_never_fails(client, world, data):
    from .factories import meeting_of

    meeting = meeting_of(world)
    client.force_login(world.volunteer)
    item = meeting.items.first()
    url = reverse(
        "agenda_item_edit", kwargs={"slug": world.own.slug, "pk": meeting.pk, "item_pk": item.pk}
    )
    assert client.post(url, data).status_code in (200, 302)

"""Canaries for secret ballots: markers in the voters' names and in their choices must
never appear together on a page, in a download, in a log line or in one database row."""

import json
import logging
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from governance.actions import proposals as actions
from governance.models import Proposal
from members.models import Role, User
from tests.factories import MembershipFactory, UserFactory

from .factories import open_proposal

VOTERS = ["Canaryvoter Ab1", "Canaryvoter Cd2", "Canaryvoter Ef3"]
REASONS = ["Canaryreason Gh4", "Canaryreason Ij5"]


@pytest.fixture
def ballot(world, caplog):
    caplog.set_level(logging.DEBUG)
    proposal = open_proposal(world.own, world.coordinator, secret=True, title="Move the table")
    voters = []
    for name in VOTERS:
        person = UserFactory(display_name=name)
        MembershipFactory(user=person, neighborhood=world.own, role=Role.VOLUNTEER)
        voters.append(person)
    client = Client()
    for person, (choice, reason) in zip(
        voters, [("block", REASONS[0]), ("concern", REASONS[1]), ("agree", "")], strict=True
    ):
        client.force_login(person)
        url = reverse("proposal_vote", kwargs={"slug": world.own.slug, "pk": proposal.pk})
        # A first choice, then the real one: the change must not leave a link either.
        client.post(url, {"choice": "abstain"})
        client.post(url, {"choice": choice, "reason": reason})
    return proposal, voters, client


def assert_apart(text: str, where: str) -> None:
    names = [name for name in VOTERS if name in text]
    reasons = [reason for reason in REASONS if reason in text]
    assert not (names and reasons), f"{where}: {names} beside {reasons}"


def pages(world, proposal):
    slug = world.own.slug
    return [
        reverse("proposal_detail", kwargs={"slug": slug, "pk": proposal.pk}),
        reverse("proposal_list", kwargs={"slug": slug}),
        reverse("decision_log", kwargs={"slug": slug}),
        reverse("neighborhood_home", kwargs={"slug": slug}),
        reverse("my_data_download"),
    ]


def every_row_of_every_table() -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        tables = [row[0] for row in cursor.fetchall()]
        rows = []
        for table in tables:
            cursor.execute(f'SELECT row_to_json(t)::text FROM "{table}" t')
            rows.extend((table, row[0]) for row in cursor.fetchall())
    return rows


def check_everywhere(world, proposal, voters, client, caplog) -> None:
    decision = getattr(Proposal.objects.get(pk=proposal.pk), "decision", None)
    people = [*voters, world.coordinator, world.admin]
    for person in people:
        client.force_login(person)
        urls = pages(world, proposal)
        if decision is not None:
            urls.append(
                reverse("decision_detail", kwargs={"slug": world.own.slug, "pk": decision.pk})
            )
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert_apart(response.content.decode(), f"{url} as {person}")
    voter_ids = {str(v.pk) for v in voters}
    user_columns = {
        (model._meta.db_table, field.column)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is User
    }
    for table, row in every_row_of_every_table():
        assert_apart(row, f"a row of {table}")
        if any(reason in row for reason in REASONS):
            values = json.loads(row)
            for t, column in user_columns:
                assert not (t == table and str(values.get(column)) in voter_ids), table
    for record in caplog.records:
        assert_apart(record.getMessage(), "a log line")


def test_the_canaries_are_really_stored(ballot):
    proposal, voters, _client = ballot
    assert proposal.ballot_casts.count() == 3
    assert sorted(proposal.secret_choices.values_list("choice", flat=True)) == [
        "agree",
        "block",
        "concern",
    ]


def test_while_open_no_page_row_or_log_links_a_voter_to_a_choice(world, ballot, caplog):
    proposal, voters, client = ballot
    check_everywhere(world, proposal, voters, client, caplog)


def test_after_the_count_no_page_row_or_log_links_a_voter_to_a_choice(world, ballot, caplog):
    proposal, voters, client = ballot
    Proposal.objects.filter(pk=proposal.pk).update(deadline=timezone.now() - timedelta(seconds=1))
    actions.close_due_proposals()
    proposal.refresh_from_db()
    assert proposal.outcome_reason == "blocked"
    client.force_login(voters[2])
    page = client.get(
        reverse("proposal_detail", kwargs={"slug": world.own.slug, "pk": proposal.pk})
    ).content.decode()
    assert REASONS[0] in page  # the reasons are read, without names
    check_everywhere(world, proposal, voters, client, caplog)


def test_no_admin_page_shows_a_voter_beside_a_secret_choice(world, ballot):
    """The network admin's lists and pages of every governance model, and each row's
    own page: who voted and what was chosen are never on one page."""
    from django.contrib import admin

    proposal, voters, _ = ballot
    client = Client()
    client.force_login(world.admin)
    governance = [m for m in admin.site._registry if m._meta.app_label == "governance"]
    seen = {"voters": False, "reasons": False}
    for model in governance:
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        urls = [reverse(f"{prefix}_changelist")]
        urls += [
            reverse(f"{prefix}_change", args=[pk])
            for pk in model.objects.values_list("pk", flat=True)[:20]
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            text = response.content.decode()
            assert_apart(text, url)
            seen["voters"] |= any(name in text for name in VOTERS)
            seen["reasons"] |= any(reason in text for reason in REASONS)
    # Both are shown somewhere (so the check above read real pages), just never together.
    assert seen == {"voters": True, "reasons": True}

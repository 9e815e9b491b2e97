"""The demo shows needs and offers to each role."""

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from members.models import User

pytestmark = pytest.mark.django_db


def client_of(email) -> Client:
    client = Client()
    client.force_login(User.objects.get(email=email))
    return client


def test_demo_member_sees_a_matching_need_and_a_connected_claim():
    call_command("seed_demo", verbosity=0)
    member = client_of("member@example.org")
    board = member.get(reverse("needs_board", kwargs={"slug": "eastside"})).content.decode()
    assert "Matches your offer" in board
    claims = member.get(reverse("needs_my_claims", kwargs={"slug": "eastside"})).content.decode()
    assert "Contact shared by a coordinator" in claims


def test_demo_coordinator_sees_new_urgent_and_stale_needs():
    call_command("seed_demo", verbosity=0)
    triage = client_of("coordinator@example.org").get(
        reverse("needs_triage", kwargs={"slug": "eastside"})
    )
    sections = {key: rows for key, _title, rows in triage.context["sections"]}
    assert sections["new"] and sections["urgent"] and sections["stale"]

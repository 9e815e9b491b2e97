"""A person's data: the JSON download, and erasure that leaves no trace of them."""

import json

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.urls import reverse

from members import actions, registry
from members.models import ErasureRecord, MemberImport, Membership, User, UserSession
from mutualaid.models import NeedCategory, ResourceRequest
from tests.factories import PASSWORD, MembershipFactory, UserFactory

from .factories import InvitationFactory, SkillFactory

pytestmark = pytest.mark.django_db

MARKERS = {
    "email": "canary-7f3a@example.org",
    "name": "Canaryname Zq9",
    "phone": "+1 555 731 9146",
    "languages": "Canarylang Xw2",
    "availability": "Canaryhours Vb8",
    "message": "Canarymessage Kp4",
    "agent": "CanaryBrowser/9.9",
}


@pytest.fixture
def canary(world, client):
    """A person whose details sit in every place this app keeps them."""
    user = UserFactory(
        email=MARKERS["email"],
        display_name=MARKERS["name"],
        phone=MARKERS["phone"],
        languages_spoken=MARKERS["languages"],
        availability=MARKERS["availability"],
    )
    membership = MembershipFactory(
        user=user, neighborhood=world.own, join_message=MARKERS["message"]
    )
    membership.skills.add(SkillFactory(neighborhood=world.own, name="First aid"))
    # A real login (axes logs it, a session and its device are recorded), then a
    # failed one elsewhere (axes keeps the attempt by the typed email).
    client.post(
        reverse("login"),
        {"username": MARKERS["email"], "password": PASSWORD},
        HTTP_USER_AGENT=MARKERS["agent"],
    )
    Client().post(reverse("login"), {"username": MARKERS["email"], "password": "wrong"})
    InvitationFactory(neighborhood=world.own, email=MARKERS["email"], used_by=user)
    MemberImport.objects.create(
        neighborhood=world.own,
        rows=[
            {
                "line": 2,
                "name": MARKERS["name"],
                "email": MARKERS["email"],
                "phone": MARKERS["phone"],
            }
        ],
    )
    LogEntry.objects.create(
        user=world.admin,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(user.pk),
        object_repr=str(user),
        action_flag=CHANGE,
        change_message=f"Changed phone {MARKERS['phone']}",
    )
    category = NeedCategory.objects.create(neighborhood=world.own, slug="food", name="Food")
    ResourceRequest.objects.create(
        neighborhood=world.own,
        category=category,
        public_summary="Groceries",
        source="member",
        requested_by=user,
        claimed_by=user,
    )
    return user


def every_text_value() -> str:
    """Every text, varchar and json value of every table: what a dump would hold."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT table_name, column_name FROM information_schema.columns
               WHERE table_schema = 'public'
                 AND data_type IN ('text', 'character varying', 'jsonb', 'json', 'inet')"""
        )
        columns = cursor.fetchall()
        values = []
        for table, column in columns:
            cursor.execute(f'SELECT "{column}"::text FROM "{table}" WHERE "{column}" IS NOT NULL')
            values.extend(row[0] for row in cursor.fetchall())
    return "\n".join(values)


def test_the_canary_is_really_in_the_database_before_erasure(canary):
    dump = every_text_value()
    for marker in MARKERS.values():
        assert marker in dump, marker
    assert AccessLog.objects.filter(username=MARKERS["email"]).exists()
    assert AccessAttempt.objects.filter(username=MARKERS["email"]).exists()


def test_after_erasure_no_marker_is_left_in_any_table(canary, client):
    response = client.post(reverse("erase_account"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 200
    assert "Your account is erased" in response.content.decode()
    dump = every_text_value().lower()
    for marker in MARKERS.values():
        assert marker.lower() not in dump, marker
    # Counts stay: the membership and the need still exist, without who asked.
    assert Membership.objects.filter(pk=canary.memberships.get().pk).exists()
    need = ResourceRequest.objects.get()
    assert need.requested_by_id is None and need.public_summary == "Groceries"
    record = ErasureRecord.objects.get()
    assert record.subject_id == canary.pk and record.requested_by_subject
    assert "canary" not in json.dumps(record.parts).lower()


def test_an_erased_person_is_signed_out_and_cannot_log_in(canary, client):
    client.post(reverse("erase_account"), {"password": PASSWORD, "confirm": "on"})
    assert not UserSession.objects.filter(user=canary).exists()
    assert client.get(reverse("profile")).status_code == 302
    again = Client().post(reverse("login"), {"username": MARKERS["email"], "password": PASSWORD})
    assert again.status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"password": "wrong", "confirm": "on"}, "That is not your password."),
        ({"password": PASSWORD}, "This field is required."),
    ],
)
def test_erasure_needs_the_password_and_the_tick(canary, client, data, message):
    response = client.post(reverse("erase_account"), data)
    assert message in response.content.decode()
    canary.refresh_from_db()
    assert canary.email == MARKERS["email"]


def test_the_download_holds_everything_about_the_person(canary, client):
    response = client.get(reverse("my_data_download"))
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == MARKERS["email"]
    assert data["account"]["availability"] == MARKERS["availability"]
    [membership] = data["memberships"]
    assert membership["message_with_request"] == MARKERS["message"]
    assert membership["skills"] == ["First aid"]
    assert data["signed_in_devices"][0]["device"] == MARKERS["agent"]
    assert data["invitations_used"][0]["neighborhood"] == "Eastside"


def test_the_download_holds_no_one_elses_data(canary, client):
    body = client.get(reverse("my_data_download")).content.decode()
    assert "member@example.org" not in body and "Mo Member" not in body


def test_other_apps_add_their_part_through_the_registry(canary, client):
    registry.personal_data.register("test_app")(lambda user: {"seen": user.pk})
    erased = []
    registry.person_erasers.register("test_app")(lambda user: erased.append(user.pk) or 1)
    try:
        data = json.loads(client.get(reverse("my_data_download")).content)
        assert data["test_app"] == {"seen": canary.pk}
        record = actions.erase_person(user=canary, by=None)
        assert erased == [canary.pk] and record.parts["test_app"] == 1
    finally:
        registry.personal_data.unregister("test_app")
        registry.person_erasers.unregister("test_app")


def test_visitor_erasure_runs_every_registered_part(world):
    seen = []
    registry.visitor_erasers.register("test_app")(lambda visitor_id: seen.append(visitor_id) or 2)
    try:
        record = actions.erase_visitor(visitor_id=41, by=world.coordinator)
    finally:
        registry.visitor_erasers.unregister("test_app")
    assert seen == [41]
    assert (record.kind, record.subject_id, record.parts["test_app"]) == ("visitor", 41, 2)


def test_the_download_holds_offers_needs_shifts_and_sign_ins_in_format_2(canary, client, world):
    from mutualaid.actions import needs as needs_actions
    from mutualaid.actions import shifts as shift_actions
    from tests.mutualaid.shifts.factories import ShiftFactory

    category = NeedCategory.objects.get(neighborhood=world.own, slug="food")
    needs_actions.add_offer(
        neighborhood=world.own,
        member=canary,
        category=category,
        description="Offercanary drives",
        availability="Weekends",
    )
    posted = needs_actions.post_need(
        neighborhood=world.own,
        by=canary,
        category=category,
        public_summary="Help moving",
        private_details="Privatecanary third floor",
    )
    others = needs_actions.post_need(
        neighborhood=world.own,
        by=world.member,
        category=category,
        public_summary="Rice for two",
        private_details="Mo's address is 9 Oak",
    )
    needs_actions.claim_need(need=others, member=canary)
    needs_actions.connect_claimant(
        need=others, by=world.coordinator, shared_contact="Call 555 0100"
    )
    shift_actions.sign_up(shift=ShiftFactory(neighborhood=world.own, role="Pantry"), user=canary)
    actions.change_role(membership=canary.memberships.get(), role="volunteer", by=world.coordinator)
    response = client.get(reverse("my_data_download"))
    body = response.content.decode()
    data = json.loads(body)
    assert data["format"] == "wcc-personal-data/2"
    [offer] = data["offers"]
    assert (offer["description"], offer["availability"]) == ("Offercanary drives", "Weekends")
    mine = next(n for n in data["needs_posted"] if n["need"] == posted.pk)
    assert mine["private_details"] == "Privatecanary third floor"
    assert mine["history"][0]["to"] == "open"
    [claim] = [c for c in data["needs_claimed"]["claims"] if c["need"] == others.pk]
    assert claim["public_summary"] == "Rice for two" and claim["status"] == "claimed"
    assert data["needs_claimed"]["contact_shared_with_you"][0]["shared"] == "Call 555 0100"
    [signup] = data["shift_signups"]["signups"]
    assert (signup["role"], signup["status"], signup["neighborhood"]) == (
        "Pantry",
        "confirmed",
        "Eastside",
    )
    assert data["sign_in_history"]["sign_ins"][0]["browser"] == MARKERS["agent"]
    assert data["sign_in_history"]["current_lockout_counters"][0]["failures"] == 1
    assert data["memberships"][0]["history"][0]["change"] == "role"
    # Nothing about anyone else: not who asked for the need they claimed, nor its details.
    assert "Mo Member" not in body and "member@example.org" not in body
    assert "9 Oak" not in body
    assert "Cora Coordinator" not in body and "Val Volunteer" not in body
    # Given back, the need's shared contact is no longer theirs to see.
    needs_actions.release_need(need=others, member=canary, reason="")
    again = json.loads(client.get(reverse("my_data_download")).content)
    assert again["needs_claimed"]["contact_shared_with_you"] == []
    assert "555 0100" not in json.dumps(again)


def test_the_download_layout_is_documented_for_every_part():
    """docs/personal-data.md names every top-level key of the download."""
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "personal-data.md").read_text()
    assert actions.PERSONAL_DATA_FORMAT in doc
    for name in ["exported_at", "format", *registry.personal_data.functions]:
        assert f"`{name}`" in doc, name

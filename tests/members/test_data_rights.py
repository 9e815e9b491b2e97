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
        del registry.personal_data.functions["test_app"]
        del registry.person_erasers.functions["test_app"]


def test_visitor_erasure_runs_every_registered_part(world):
    seen = []
    registry.visitor_erasers.register("test_app")(lambda visitor_id: seen.append(visitor_id) or 2)
    try:
        record = actions.erase_visitor(visitor_id=41, by=world.coordinator)
    finally:
        del registry.visitor_erasers.functions["test_app"]
    assert seen == [41]
    assert (record.kind, record.subject_id, record.parts["test_app"]) == ("visitor", 41, 2)

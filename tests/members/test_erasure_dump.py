"""Erasure, proven on the whole database: a person seeded with a marker in every field
any model holds for them is erased, then ``pg_dump`` of the test database (committed
data: a transactional test) holds no marker. What they had taken on goes back to
others: their claim is on the board again, the waitlist takes their shift place,
and the coordinator is told."""

import subprocess

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from intake.models import IntakeSession
from members.models import ErasureRecord, MemberImport, Membership, User
from mutualaid.actions import needs as needs_actions
from mutualaid.actions import shifts as shift_actions
from mutualaid.models import (
    CalendarFeed,
    DigestSubscription,
    Offer,
    Reminder,
    ResourceRequest,
    Signup,
)
from tests.factories import PASSWORD, MembershipFactory, UserFactory
from tests.members.factories import InvitationFactory
from tests.mutualaid.needs.factories import NeedCategoryFactory, NeedFactory
from tests.mutualaid.shifts.factories import ShiftFactory, in_days

MARKERS = {
    "email": "dumpcanary-81x@example.org",
    "name": "Dumpcanary Qv7",
    "phone": "+1 555 864 2213",
    "languages": "Dumplang Rt5",
    "availability": "Dumphours Wp3",
    "join_message": "Dumpjoinmsg Hh6",
    "agent": "DumpcanaryBrowser/7.7",
    "totp": "Dumptotp Phone",
    "offer": "Dumpoffer can drive Jq2",
    "offer_when": "Dumpofferwhen Zk8",
    "private": "Dumpprivate lives at 14 Elm Kx1",
    "shared": "Dumpshared call her Ln4",
    "reason": "Dumpreason away Mv9",
    "signup_note": "Dumpnote late Bb2",
    "reminder": "Dumpreminder bounce Cc5",
    "import_name": "Dumpimport Nm3",
}


def dump_database() -> str:
    db = connection.settings_dict
    result = subprocess.run(
        [
            "pg_dump",
            "--host",
            db["HOST"] or "127.0.0.1",
            "--port",
            str(db["PORT"] or 5432),
            "--username",
            db["USER"] or "postgres",
            "--no-owner",
            db["NAME"],
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout


@pytest.fixture
def canary(transactional_db, world):
    """A member who posted an offer and a need with private details, claimed another
    need, signed up for a full shift with a waitlist, and left a trace everywhere."""
    user = UserFactory(
        email=MARKERS["email"],
        display_name=MARKERS["name"],
        phone=MARKERS["phone"],
        languages_spoken=MARKERS["languages"],
        availability=MARKERS["availability"],
        contact_channel="email",
        contact_consent_at=timezone.now(),
    )
    MembershipFactory(
        user=user, neighborhood=world.own, role="volunteer", join_message=MARKERS["join_message"]
    )
    client = Client()
    client.post(
        reverse("login"),
        {"username": MARKERS["email"], "password": PASSWORD},
        HTTP_USER_AGENT=MARKERS["agent"],
    )
    Client().post(reverse("login"), {"username": MARKERS["email"], "password": "wrong"})
    TOTPDevice.objects.create(user=user, name=MARKERS["totp"], confirmed=True)
    InvitationFactory(neighborhood=world.own, email=MARKERS["email"])
    MemberImport.objects.create(
        neighborhood=world.own,
        rows=[{"line": 2, "name": MARKERS["import_name"], "email": MARKERS["email"]}],
    )
    LogEntry.objects.create(
        user=world.admin,
        content_type=ContentType.objects.get_for_model(User),
        object_id=str(user.pk),
        object_repr=str(user),
        action_flag=CHANGE,
        change_message=f"Changed phone {MARKERS['phone']}",
    )
    category = NeedCategoryFactory(neighborhood=world.own)
    needs_actions.add_offer(
        neighborhood=world.own,
        member=user,
        category=category,
        description=MARKERS["offer"],
        availability=MARKERS["offer_when"],
    )
    needs_actions.set_digest(user=user, neighborhood=world.own, subscribe=True)
    # The need they asked for: private details, and their contact shared with a helper.
    posted = needs_actions.post_need(
        neighborhood=world.own,
        by=user,
        category=category,
        public_summary="A ride to the clinic",
        private_details=MARKERS["private"],
    )
    needs_actions.claim_need(need=posted, member=world.volunteer)
    needs_actions.connect_claimant(
        need=posted, by=world.coordinator, shared_contact=MARKERS["shared"]
    )
    # A need they claimed, and one they claimed and gave back with a reason.
    claimed = NeedFactory(neighborhood=world.own, category=category, public_summary="Rice")
    needs_actions.claim_need(need=claimed, member=user)
    given_back = NeedFactory(neighborhood=world.own, category=category)
    needs_actions.claim_need(need=given_back, member=user)
    needs_actions.release_need(need=given_back, member=user, reason=MARKERS["reason"])
    # A full shift with someone waiting, and a past one with their note.
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    place = shift_actions.sign_up(shift=shift, user=user)
    waiting = shift_actions.sign_up(shift=shift, user=world.member)
    Reminder.objects.filter(signup=place).update(detail=MARKERS["reminder"])
    past = ShiftFactory(neighborhood=world.own, starts_at=in_days(-7))
    Signup.objects.create(
        shift=past,
        user=user,
        status="confirmed",
        attendance="attended",
        note=MARKERS["signup_note"],
    )
    feed = CalendarFeed.for_user(user)
    IntakeSession.objects.create(neighborhood=world.own, date=timezone.localdate()).staffed_by.add(
        user
    )
    return {
        "user": user,
        "client": client,
        "session_key": client.session.session_key,
        "feed_token": feed.token,
        "claimed": claimed,
        "posted": posted,
        "place": place,
        "waiting": waiting,
    }


def test_every_marker_is_in_the_dump_before_erasure(canary):
    dump = dump_database()
    for name, marker in MARKERS.items():
        assert marker in dump, name
    assert canary["session_key"] in dump and canary["feed_token"] in dump


def test_after_erasure_pg_dump_holds_no_marker_and_what_they_held_goes_to_others(canary, world):
    mail.outbox.clear()
    response = canary["client"].post(
        reverse("erase_account"), {"password": PASSWORD, "confirm": "on"}
    )
    assert response.status_code == 200
    dump = dump_database().lower()
    left = [name for name, marker in MARKERS.items() if marker.lower() in dump]
    assert left == []
    assert canary["session_key"].lower() not in dump
    assert canary["feed_token"].lower() not in dump
    user = canary["user"]
    # Their claim is back on the board, with a trail row; the waitlist took their place.
    claimed = ResourceRequest.objects.get(pk=canary["claimed"].pk)
    assert (claimed.status, claimed.claimed_by) == ("open", None)
    assert ResourceRequest.objects.for_board().filter(pk=claimed.pk).exists()
    assert claimed.status_changes.last().to_status == "open"
    assert Signup.objects.get(pk=canary["waiting"].pk).status == "confirmed"
    assert Signup.objects.get(pk=canary["place"].pk).status == "cancelled"
    # The need they asked for keeps only its public summary; their offers are gone.
    posted = ResourceRequest.objects.get(pk=canary["posted"].pk)
    assert (posted.public_summary, posted.private_details, posted.requested_by) == (
        "A ride to the clinic",
        "",
        None,
    )
    assert not Offer.objects.filter(member=user).exists()
    assert not Reminder.objects.filter(user=user).exists()
    assert not DigestSubscription.objects.filter(user=user).exists()
    assert Membership.objects.get(user=user).status == "inactive"
    # The coordinator is told, and nobody else is.
    [told] = [m for m in mail.outbox if m.to == [world.coordinator.email]]
    assert "Rice" in told.body and "Mo Member" in told.body
    assert not [m for m in mail.outbox if m.to == [world.other_coordinator.email]]
    assert ErasureRecord.objects.get(subject_id=user.pk).parts["freed_shift_places_and_claims"] == 2

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from members.models import Membership, Role, User
from mutualaid.models import Shift

pytestmark = pytest.mark.django_db


def row_counts() -> dict[str, int]:
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in {"members", "intake", "mutualaid", "governance"}
    }


def test_seed_demo_makes_one_account_per_role():
    call_command("seed_demo", verbosity=0)
    roles = dict(Membership.objects.values_list("user__email", "role"))
    assert roles["coordinator@example.org"] == Role.COORDINATOR
    assert roles["volunteer@example.org"] == Role.VOLUNTEER
    assert roles["member@example.org"] == Role.MEMBER
    assert roles["west.coordinator@example.org"] == Role.COORDINATOR
    assert User.objects.get(email="admin@example.org").is_staff


def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", verbosity=0)
    before = row_counts()
    passwords = dict(User.objects.values_list("email", "password"))
    call_command("seed_demo", verbosity=0)
    assert row_counts() == before
    assert dict(User.objects.values_list("email", "password")) == passwords


def test_seed_demo_lets_the_shift_loops_be_tried():
    """Some volunteers agreed to be contacted (a stand-in request reaches someone) and a
    past shift has attendance recorded."""
    call_command("seed_demo")
    consenting = User.objects.filter(contact_consent_at__isnull=False)
    assert consenting.filter(email="volunteer@example.org").exists()
    assert consenting.count() >= 2
    past = Shift.objects.get(role="Sort donations")
    assert past.ends_at < timezone.now()
    assert sorted(past.signups.values_list("attendance", flat=True)) == ["attended", "no-show"]

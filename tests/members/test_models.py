import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError

from members.models import Membership
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_email_is_stored_lower_case_and_found_in_any_case():
    User = get_user_model()
    user = User.objects.create_user("Rosa.Diaz@Example.ORG", "pw-123-abc-xyz", display_name="Rosa")
    assert user.email == "rosa.diaz@example.org"
    assert User.objects.get_by_natural_key("ROSA.DIAZ@example.org") == user


def test_new_person_defaults_to_english():
    user = get_user_model().objects.create_user("a@example.org", "x", display_name="A")
    assert user.preferred_language == "en"


def test_one_membership_per_person_and_neighborhood():
    membership = MembershipFactory()
    with pytest.raises(IntegrityError):
        Membership.objects.create(user=membership.user, neighborhood=membership.neighborhood)

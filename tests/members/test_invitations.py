"""Invitations: by link or email, with a role and an expiry, usable once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.models import Invitation, Membership, Role, User

from .factories import InvitationFactory

pytestmark = pytest.mark.django_db


def test_coordinator_invites_by_email_and_the_mail_carries_the_link(
    coordinator_client, world, django_capture_on_commit_callbacks
):
    page = coordinator_client.get(reverse("invitations", kwargs={"slug": "eastside"}))
    key = page.context["form"]["submission_key"].value()
    data = {"role": "volunteer", "email": "Vee@Example.org", "days": "7", "submission_key": key}
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("invitations", kwargs={"slug": "eastside"}), data)
        coordinator_client.post(reverse("invitations", kwargs={"slug": "eastside"}), data)
    invitation = Invitation.objects.get()  # the double submit made one
    assert invitation.email == "vee@example.org"
    assert invitation.role == Role.VOLUNTEER
    assert timedelta(days=6) < invitation.expires_at - timezone.now() <= timedelta(days=7)
    assert len(mail.outbox) == 1
    assert invitation.get_absolute_url() in mail.outbox[0].body


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("role", "king", "Select a valid choice."),
        ("email", "nope", "Enter a valid email address."),
        ("days", "0", "greater than or equal to 1"),
        ("days", "many", "Enter a whole number."),
    ],
)
def test_bad_invitation_input_gets_an_error(coordinator_client, field, value, message):
    data = {"role": "member", "email": "", "days": "14", field: value}
    response = coordinator_client.post(reverse("invitations", kwargs={"slug": "eastside"}), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_new_person_accepts_a_link_invitation_once(client, world):
    invitation = InvitationFactory(neighborhood=world.own, role=Role.VOLUNTEER)
    data = {"display_name": "Ivy", "email": "ivy@example.org", "password": "a-long-pass-phrase-42"}
    response = client.post(invitation.get_absolute_url(), data)
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="ivy@example.org")
    assert (membership.role, membership.status) == (Role.VOLUNTEER, Membership.Status.ACTIVE)
    again = Client().post(invitation.get_absolute_url(), {**data, "email": "ivy2@example.org"})
    assert again.status_code == 410
    assert not User.objects.filter(email="ivy2@example.org").exists()


def test_an_email_invitation_is_for_that_address_only(client, world):
    invitation = InvitationFactory(neighborhood=world.own, email="only@example.org")
    data = {
        "display_name": "Ivy",
        "email": "other@example.org",
        "password": "a-long-pass-phrase-42",
    }
    client.post(invitation.get_absolute_url(), data)
    assert User.objects.filter(email="only@example.org").exists()
    assert not User.objects.filter(email="other@example.org").exists()


def test_a_logged_in_member_accepts_and_gets_the_invited_role(member_client, world):
    invitation = InvitationFactory(neighborhood=world.own, role=Role.COORDINATOR)
    member_client.post(invitation.get_absolute_url())
    assert world.member.memberships.get().role == Role.COORDINATOR


def test_an_expired_invitation_answers_gone(client, world):
    invitation = InvitationFactory(
        neighborhood=world.own, expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(invitation.get_absolute_url())
    assert response.status_code == 410
    assert "can no longer be used" in response.content.decode()


def test_a_withdrawn_invitation_no_longer_works(coordinator_client, world):
    invitation = InvitationFactory(neighborhood=world.own)
    url = reverse("invitation_withdraw", kwargs={"slug": "eastside", "pk": invitation.pk})
    coordinator_client.post(url)
    assert Client().get(invitation.get_absolute_url()).status_code == 410


def test_an_existing_email_is_told_to_log_in_first(client, world):
    invitation = InvitationFactory(neighborhood=world.own)
    data = {
        "display_name": "Mo",
        "email": "member@example.org",
        "password": "a-long-pass-phrase-42",
    }
    response = client.post(invitation.get_absolute_url(), data)
    assert "Log in first" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.used_at is None


def test_another_neighborhoods_coordinator_cannot_withdraw(client, world):
    invitation = InvitationFactory(neighborhood=world.own)
    client.force_login(world.other_coordinator)
    url = reverse("invitation_withdraw", kwargs={"slug": "westside", "pk": invitation.pk})
    assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_usable

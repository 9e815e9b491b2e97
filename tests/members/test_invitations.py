"""Invitations: by link or email, with a role and an expiry, usable once."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members import actions
from members.models import Invitation, Membership, Role, User
from tests.concurrency import run_at_once

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


def confirm_link(message) -> str:
    """The path of the confirmation link in a pass-on sign-up's mail."""
    match = re.search(r"https?://[^/\s]+(/invite-confirm/\S+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_a_new_person_accepts_a_link_invitation_once(
    client, world, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(neighborhood=world.own, role=Role.VOLUNTEER)
    data = {"display_name": "Ivy", "email": "ivy@example.org", "password": "a-long-pass-phrase-42"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(invitation.get_absolute_url(), data)
    assert "Check your email" in response.content.decode()
    assert not User.objects.filter(email="ivy@example.org").exists()  # not before confirming
    link = confirm_link(mail.outbox[0])
    assert "Create my account" in client.get(link).content.decode()  # a GET changes nothing
    assert not User.objects.filter(email="ivy@example.org").exists()
    response = client.post(link)
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="ivy@example.org")
    assert (membership.role, membership.status) == (Role.VOLUNTEER, Membership.Status.ACTIVE)
    assert membership.user.check_password("a-long-pass-phrase-42")
    again = Client().post(invitation.get_absolute_url(), {**data, "email": "ivy2@example.org"})
    assert again.status_code == 410
    assert not User.objects.filter(email="ivy2@example.org").exists()


def test_a_link_used_before_the_confirmation_says_so_and_makes_no_account(
    client, world, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(neighborhood=world.own)
    data = {"display_name": "Ivy", "email": "ivy@example.org", "password": "a-long-pass-phrase-42"}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(invitation.get_absolute_url(), data)
    newcomer = User.objects.create_user(email="first@example.org", display_name="First")
    actions.accept_invitation(invitation=invitation, user=newcomer)
    response = client.post(confirm_link(mail.outbox[0]))
    assert response.status_code == 409
    assert "This link was just used" in response.content.decode()
    assert not User.objects.filter(email="ivy@example.org").exists()


def test_a_tampered_confirmation_link_is_refused(client, world):
    response = client.post(reverse("invitation_confirm", kwargs={"token": "made-up"}))
    assert response.status_code == 404
    assert "not complete or has expired" in response.content.decode()
    assert User.objects.count() == 5


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
    invitation = InvitationFactory(
        neighborhood=world.own, role=Role.COORDINATOR, email="member@example.org"
    )
    member_client.post(invitation.get_absolute_url())
    assert world.member.memberships.get().role == Role.COORDINATOR


def test_an_invitation_for_another_email_is_refused_and_stays_usable(member_client, world):
    invitation = InvitationFactory(
        neighborhood=world.own, role=Role.COORDINATOR, email="someone@example.org"
    )
    page = member_client.get(invitation.get_absolute_url()).content.decode()
    assert "sent to another email address" in page
    response = member_client.post(invitation.get_absolute_url())
    assert response.status_code == 409
    assert "sent to another email address" in response.content.decode()
    assert world.member.memberships.get().role == Role.MEMBER
    invitation.refresh_from_db()
    assert invitation.is_usable and invitation.used_by is None


def test_an_invitation_is_matched_to_its_email_without_regard_to_case(client, world):
    invitation = InvitationFactory(
        neighborhood=world.other, role=Role.VOLUNTEER, email="MEMBER@Example.org"
    )
    client.force_login(world.member)
    client.post(invitation.get_absolute_url())
    membership = world.member.memberships.get(neighborhood=world.other)
    assert (membership.role, membership.status) == (Role.VOLUNTEER, Membership.Status.ACTIVE)


def test_the_action_refuses_an_invitation_for_another_email(world):
    invitation = InvitationFactory(neighborhood=world.own, email="someone@example.org")
    with pytest.raises(actions.InvitationRefused) as refused:
        actions.accept_invitation(invitation=invitation, user=world.member)
    assert refused.value.reason == actions.InvitationRefused.WRONG_ACCOUNT


def test_a_pass_on_link_never_changes_a_members_role(member_client, volunteer, world):
    raising = InvitationFactory(neighborhood=world.own, role=Role.COORDINATOR)
    page = member_client.get(raising.get_absolute_url()).content.decode()
    assert "does not change your role" in page
    response = member_client.post(raising.get_absolute_url())
    assert "does not change your role" in response.content.decode()
    assert world.member.memberships.get().role == Role.MEMBER
    raising.refresh_from_db()
    assert raising.is_usable  # left for the newcomer it was meant for
    lowering = InvitationFactory(neighborhood=world.own, role=Role.MEMBER)
    with pytest.raises(actions.InvitationRefused):
        actions.accept_invitation(invitation=lowering, user=volunteer)
    assert volunteer.memberships.get().role == Role.VOLUNTEER


def test_a_pass_on_link_says_plainly_what_it_does(client, world):
    invitation = InvitationFactory(neighborhood=world.own)
    page = client.get(invitation.get_absolute_url()).content.decode()
    assert "makes new members only" in page


def deactivated(world):
    membership = world.member.memberships.get()
    actions.deactivate(membership=membership, by=world.coordinator)
    return membership


@pytest.mark.parametrize("email", ["", "member@example.org"])
def test_no_invitation_brings_back_a_member_a_coordinator_deactivated(client, world, email):
    membership = deactivated(world)
    invitation = InvitationFactory(neighborhood=world.own, role=Role.VOLUNTEER, email=email)
    client.force_login(world.member)
    response = client.post(invitation.get_absolute_url())
    assert "ended by a coordinator" in response.content.decode()
    assert "contact a coordinator" in response.content.decode()
    membership.refresh_from_db()
    assert (membership.status, membership.role) == (Membership.Status.INACTIVE, Role.MEMBER)
    invitation.refresh_from_db()
    assert invitation.is_usable


def test_a_pass_on_link_does_not_bring_back_a_declined_request(client, world):
    person = User.objects.create_user(email="asker@example.org", display_name="Asker")
    membership = actions.request_to_join(neighborhood=world.own, user=person)
    actions.decline(membership=membership, by=world.coordinator)
    invitation = InvitationFactory(neighborhood=world.own)
    client.force_login(person)
    response = client.post(invitation.get_absolute_url())
    assert "cannot bring it back" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == Membership.Status.INACTIVE


def test_an_invitation_to_their_address_brings_back_a_declined_request(client, world):
    person = User.objects.create_user(email="asker@example.org", display_name="Asker")
    membership = actions.request_to_join(neighborhood=world.own, user=person)
    actions.decline(membership=membership, by=world.coordinator)
    invitation = InvitationFactory(neighborhood=world.own, email="asker@example.org")
    client.force_login(person)
    client.post(invitation.get_absolute_url())
    membership.refresh_from_db()
    assert membership.status == Membership.Status.ACTIVE


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


def test_the_sign_up_answers_a_known_email_as_it_answers_a_new_one(
    world, django_capture_on_commit_callbacks
):
    """Whoever holds a pass-on link cannot learn which addresses have accounts."""
    invitation = InvitationFactory(neighborhood=world.own)
    pages = []
    for email in ("member@example.org", "newcomer@example.org"):
        data = {"display_name": "Mo", "email": email, "password": "a-long-pass-phrase-42"}
        with django_capture_on_commit_callbacks(execute=True):
            response = Client().post(invitation.get_absolute_url(), data)
        body = response.content.decode()
        body_without_tokens = re.sub(r'("X-CSRFToken": |value=)"[^"]+"', "TOKEN", body)
        pages.append((response.status_code, body_without_tokens.replace(email, "EMAIL")))
        assert "has an account" not in body
    assert pages[0] == pages[1]
    assert "Check your email" in pages[0][1]
    invitation.refresh_from_db()
    assert invitation.is_usable  # nothing used up that a stranger could notice
    assert not User.objects.filter(email="newcomer@example.org").exists()
    to_owner, to_newcomer = mail.outbox
    assert to_owner.to == ["member@example.org"] and "log in" in to_owner.body
    assert invitation.get_absolute_url() in to_owner.body
    assert to_newcomer.to == ["newcomer@example.org"] and "/invite-confirm/" in to_newcomer.body


def test_an_addressed_invitation_for_an_existing_account_mails_its_owner(
    client, world, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(neighborhood=world.other, email="member@example.org")
    data = {"display_name": "Mo", "password": "a-long-pass-phrase-42"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(invitation.get_absolute_url(), data)
    assert "Check your email" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["member@example.org"]]
    assert not world.member.memberships.filter(neighborhood=world.other).exists()


def test_one_link_used_by_three_at_once_makes_one_member_and_no_stray_accounts(
    transactional_db, world
):
    invitation = InvitationFactory(neighborhood=world.own)
    users_before = User.objects.count()

    def sign_up(index):
        try:
            actions.sign_up_with_invitation(
                invitation=invitation,
                display_name=f"Racer {index}",
                email=f"racer{index}@example.org",
                password="a-long-pass-phrase-42",
            )
        except actions.InvitationRefused as refused:
            return refused.reason
        return "won"

    outcomes, errors = run_at_once(sign_up, range(3))
    assert errors == []
    assert sorted(outcomes) == ["used", "used", "won"]
    assert User.objects.count() == users_before + 1
    assert Membership.objects.filter(user__email__startswith="racer").count() == 1
    assert not User.objects.filter(email__startswith="racer", memberships=None).exists()


def test_another_neighborhoods_coordinator_cannot_withdraw(client, world):
    invitation = InvitationFactory(neighborhood=world.own)
    client.force_login(world.other_coordinator)
    url = reverse("invitation_withdraw", kwargs={"slug": "westside", "pk": invitation.pk})
    assert client.post(url).status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_usable


def test_three_confirmations_of_one_link_at_once_let_one_in_and_tell_the_others(
    transactional_db, world
):
    invitation = InvitationFactory(neighborhood=world.own)
    links = []
    for index in range(3):
        data = {
            "display_name": f"Racer {index}",
            "email": f"racer{index}@example.org",
            "password": "a-long-pass-phrase-42",
        }
        Client().post(invitation.get_absolute_url(), data)  # autocommit: the mail goes out
        links.append(confirm_link(mail.outbox[-1]))

    def confirm(link):
        response = Client().post(link)
        return response.status_code, "This link was just used" in response.content.decode()

    outcomes, errors = run_at_once(confirm, links)
    assert errors == []
    assert sorted(outcomes) == [(302, False), (409, True), (409, True)]
    assert User.objects.filter(email__startswith="racer").count() == 1
    assert Membership.objects.filter(user__email__startswith="racer").count() == 1

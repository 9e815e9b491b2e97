"""Asking to join on the public page, and coordinators deciding."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members.models import JoinConfirmation, Membership, MembershipChange, Role, User, UserSession
from tests.members.factories import JoinConfirmationFactory
from tests.members.sameness import page_text

pytestmark = pytest.mark.django_db

JOIN = {
    "display_name": "Rosa Diaz",
    "email": "rosa@example.org",
    "phone": "+1 555 222 3333",
    "password": "a-long-pass-phrase-42",
    "message": "I can drive on weekends.",
}


def test_public_page_shows_the_table_and_no_private_data(client, world):
    world.member.phone = "+1 555 000 1111"
    world.member.save()
    body = client.get(join_url(world)).content.decode()
    assert "Eastside" in body and "Every other Saturday" in body
    for private in ("Mo Member", "member@example.org", "555 000 1111", "Cora Coordinator"):
        assert private not in body


def ask(client, data, capture):
    """Post the join form (running the mails queued on commit); the answer."""
    with capture(execute=True):
        return client.post(join_url(world_slug="eastside"), data)


def join_url(world=None, world_slug=None):
    return reverse("neighborhood_public", kwargs={"slug": world_slug or world.own.slug})


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/join/confirm/\S+/)", message.body).group(1)


def test_asking_to_join_signs_nobody_in_and_makes_nothing_until_the_link_is_used(
    client, world, django_capture_on_commit_callbacks
):
    response = ask(client, JOIN, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    assert response.url == reverse("join_thanks", args=["eastside"])
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="rosa@example.org").exists()
    thanks = client.get(response.url).content.decode()
    assert "Check your email" in thanks and "Log out" not in thanks
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["rosa@example.org"]
    assert "Confirm your email" in mail.outbox[0].subject
    assert JoinConfirmation.objects.get().password != JOIN["password"]  # only its hash


def test_opening_the_link_makes_the_request_signs_in_and_shows_it_waiting(
    client, world, django_capture_on_commit_callbacks
):
    ask(client, JOIN, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    page = client.get(link)
    assert page.status_code == 200
    assert "Confirm and ask to join" in page.content.decode()
    assert not User.objects.filter(email="rosa@example.org").exists()  # a GET spends nothing

    response = client.post(link, follow=True)
    membership = Membership.objects.get(user__email="rosa@example.org")
    assert membership.status == Membership.Status.PENDING
    assert membership.join_message == "I can drive on weekends."
    assert membership.user.phone == "+1 555 222 3333"
    assert membership.user.check_password(JOIN["password"])
    assert membership.changes.get().kind == MembershipChange.Kind.REQUESTED
    assert int(client.session["_auth_user_id"]) == membership.user.pk
    assert response.request["PATH_INFO"] == reverse("neighborhood_home", args=["eastside"])
    assert "is waiting for a coordinator" in response.content.decode()
    assert not JoinConfirmation.objects.exists()


def test_the_account_speaks_the_language_the_person_asked_in(
    client, world, django_capture_on_commit_callbacks
):
    client.cookies["django_language"] = "es"
    ask(client, JOIN, django_capture_on_commit_callbacks)
    assert "Confirme su correo" in mail.outbox[0].subject
    client.post(link_in(mail.outbox[0]))
    assert User.objects.get(email="rosa@example.org").preferred_language == "es"


def test_a_join_link_works_once(client, world, django_capture_on_commit_callbacks):
    ask(client, JOIN, django_capture_on_commit_callbacks)
    link = link_in(mail.outbox[0])
    client.post(link)
    client.logout()
    again = client.post(link)
    assert again.status_code == 410
    assert "This link no longer works" in again.content.decode()
    assert client.get(link).status_code == 410
    assert "_auth_user_id" not in client.session
    assert User.objects.filter(email="rosa@example.org").count() == 1


def test_an_expired_or_made_up_join_link_changes_nothing(client, world):
    expired = JoinConfirmationFactory(
        neighborhood=world.own, expires_at=timezone.now() - timedelta(minutes=1)
    )
    for token in (expired.token, "made-up-token", expired.token[:-1] + "x"):
        url = reverse("join_confirm", args=[token])
        assert client.get(url).status_code == 410
        response = client.post(url)
        assert response.status_code == 410
        assert "This link no longer works" in response.content.decode()
    assert not User.objects.filter(email=expired.email).exists()
    assert "_auth_user_id" not in client.session


def test_a_join_link_for_an_address_that_got_an_account_meanwhile_says_log_in(client, world):
    confirmation = JoinConfirmationFactory(neighborhood=world.own, email="member@example.org")
    response = client.post(reverse("join_confirm", args=[confirmation.token]))
    assert response.status_code == 200
    assert "This email address has an account" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert not world.member.memberships.exclude(neighborhood=world.own).exists()


def test_asking_twice_before_the_link_sends_a_new_link_and_the_old_one_stops(
    client, world, django_capture_on_commit_callbacks
):
    ask(client, JOIN, django_capture_on_commit_callbacks)
    ask(client, {**JOIN, "message": "Second try"}, django_capture_on_commit_callbacks)
    first, second = (link_in(message) for message in mail.outbox)
    assert client.post(first).status_code == 410
    client.post(second)
    assert User.objects.filter(email="rosa@example.org").count() == 1
    assert Membership.objects.get(user__email="rosa@example.org").join_message == "Second try"


def test_a_known_email_gets_a_mail_not_a_second_account(
    client, world, django_capture_on_commit_callbacks
):
    response = ask(
        client, {**JOIN, "email": "WEST@example.org"}, django_capture_on_commit_callbacks
    )
    assert response.status_code == 302
    assert User.objects.filter(email__iexact="west@example.org").count() == 1
    assert not Membership.objects.filter(user=world.other_coordinator, neighborhood=world.own)
    assert len(mail.outbox) == 1
    assert "/n/eastside/join/" in mail.outbox[0].body
    assert "/accounts/password/reset/" in mail.outbox[0].body
    assert not JoinConfirmation.objects.exists()


def test_the_join_form_answers_a_known_and_an_unknown_email_alike(
    client, world, django_capture_on_commit_callbacks
):
    answers = []
    for email in ("west@example.org", "nobody-yet@example.org"):
        fresh = Client()
        response = ask(fresh, {**JOIN, "email": email}, django_capture_on_commit_callbacks)
        page = fresh.get(response.url)
        answers.append(
            (
                response.status_code,
                response.url,
                "_auth_user_id" in fresh.session,
                sorted(response.cookies),
                page_text(page, email),
            )
        )
    assert answers[0] == answers[1]
    assert [m.to for m in mail.outbox] == [["west@example.org"], ["nobody-yet@example.org"]]


def test_a_logged_in_person_asks_with_a_message_only(client, world):
    client.force_login(world.other_coordinator)
    client.post(join_url(world), {"message": "Hello"})
    membership = Membership.objects.get(user=world.other_coordinator, neighborhood=world.own)
    assert membership.status == Membership.Status.PENDING


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-email", "Enter a valid email address."),
        ("display_name", "   ", "This field is required."),
        ("phone", "call me", "Enter a phone number of 7 to 20 digits"),
        ("password", "123", "This password is too short."),
        ("message", "x" * 1001, "at most 1000 characters"),
    ],
)
def test_bad_join_input_gets_an_error_and_keeps_the_rest(client, world, field, value, message):
    response = client.post(join_url(world), {**JOIN, field: value})
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    if field != "email":
        assert 'value="rosa@example.org"' in body
    assert not User.objects.filter(email="rosa@example.org").exists()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.text(max_size=100),
    email=st.one_of(st.emails(), st.text(max_size=60)),
    password=st.text(max_size=40),
    message=st.text(max_size=1100),
)
def test_no_join_input_gives_a_server_error(client, world, name, email, password, message):
    data = {"display_name": name, "email": email, "password": password, "message": message}
    response = client.post(join_url(world), data)
    assert response.status_code in {200, 302}
    client.logout()


@pytest.fixture
def pending(world):
    user = User.objects.create_user("new@example.org", "pw-long-enough-1", display_name="Newt")
    return Membership.objects.create(user=user, neighborhood=world.own)


def status_url(membership, slug="eastside"):
    return reverse("member_status", kwargs={"slug": slug, "pk": membership.pk})


def test_coordinator_approves_a_request(coordinator_client, world, pending):
    response = coordinator_client.post(status_url(pending), {"action": "approve"})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Membership.Status.ACTIVE
    assert pending.activated_at is not None
    change = pending.changes.get(kind=MembershipChange.Kind.APPROVED)
    assert change.changed_by == world.coordinator


def test_coordinator_declines_a_request(coordinator_client, pending):
    coordinator_client.post(status_url(pending), {"action": "decline"})
    pending.refresh_from_db()
    assert pending.status == Membership.Status.INACTIVE


def test_another_neighborhoods_coordinator_cannot_approve(client, world, pending):
    client.force_login(world.other_coordinator)
    response = client.post(status_url(pending, "westside"), {"action": "approve"})
    assert response.status_code == 404
    response = client.post(status_url(pending), {"action": "approve"})
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == Membership.Status.PENDING


def test_a_coordinator_cannot_open_another_neighborhoods_member_through_their_own(client, world):
    client.force_login(world.other_coordinator)
    theirs = world.member.memberships.get()
    url = reverse("member_detail", kwargs={"slug": "westside", "pk": theirs.pk})
    assert client.get(url).status_code == 404
    role_url = reverse("member_role", kwargs={"slug": "westside", "pk": theirs.pk})
    assert client.post(role_url, {"role": "coordinator"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.role == Role.MEMBER


def test_role_change_is_recorded_with_who_and_when(coordinator_client, world):
    membership = world.member.memberships.get()
    url = reverse("member_role", kwargs={"slug": "eastside", "pk": membership.pk})
    coordinator_client.post(url, {"role": "volunteer"})
    membership.refresh_from_db()
    assert membership.role == Role.VOLUNTEER
    change = membership.changes.get(kind=MembershipChange.Kind.ROLE)
    assert (change.from_value, change.to_value, change.changed_by) == (
        "member",
        "volunteer",
        world.coordinator,
    )
    page = coordinator_client.get(
        reverse("member_detail", kwargs={"slug": "eastside", "pk": membership.pk})
    )
    assert "Role changed" in page.content.decode()


def test_an_unknown_role_changes_nothing(coordinator_client, world):
    membership = world.member.memberships.get()
    url = reverse("member_role", kwargs={"slug": "eastside", "pk": membership.pk})
    response = coordinator_client.post(url, {"role": "king"}, follow=True)
    assert "Choose member, volunteer or coordinator." in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.MEMBER


def test_deactivating_a_member_ends_their_sessions_at_once(coordinator_client, world):
    client = Client()
    client.force_login(world.member)
    assert client.get(reverse("profile")).status_code == 200
    assert UserSession.objects.filter(user=world.member).count() == 1
    membership = world.member.memberships.get()
    coordinator_client.post(status_url(membership), {"action": "deactivate"})
    membership.refresh_from_db()
    assert membership.status == Membership.Status.INACTIVE
    assert membership.deactivated_at is not None
    response = client.get(reverse("profile"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert not UserSession.objects.filter(user=world.member).exists()


@pytest.mark.django_db(transaction=True)
def test_a_join_link_pressed_three_times_at_once_makes_one_account(world):
    from members import actions
    from tests.concurrency import run_at_once

    confirmation = JoinConfirmationFactory(neighborhood=world.own, email="rosa@example.org")
    results, errors = run_at_once(
        lambda _: actions.confirm_join(token=confirmation.token)[0], range(3)
    )
    assert errors == []
    assert sorted(results) == ["gone", "gone", "joined"]
    assert User.objects.filter(email="rosa@example.org").count() == 1
    assert Membership.objects.filter(user__email="rosa@example.org").count() == 1


@pytest.mark.django_db(transaction=True)
def test_one_address_confirmed_for_two_neighborhoods_at_once_makes_one_account(world):
    from members import actions
    from tests.concurrency import run_at_once

    tokens = [
        JoinConfirmationFactory(neighborhood=n, email="rosa@example.org").token
        for n in (world.own, world.other)
    ]
    results, errors = run_at_once(lambda token: actions.confirm_join(token=token)[0], tokens)
    assert errors == []
    assert sorted(results) == ["has_account", "joined"]
    assert User.objects.filter(email="rosa@example.org").count() == 1


def test_a_waiting_join_link_is_in_the_persons_data_and_goes_with_erasure(world):
    from members import actions

    JoinConfirmationFactory(
        neighborhood=world.other, email="member@example.org", message="Marker-7731"
    )
    data = actions.personal_data(user=world.member)
    assert data["join_links_waiting"][0]["message"] == "Marker-7731"
    assert data["account"]["join_request_notices"] == "each"
    actions.erase_person(user=world.member, by=None)
    assert not JoinConfirmation.objects.exists()

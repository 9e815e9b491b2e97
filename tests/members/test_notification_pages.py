"""The choices page (which messages a person gets, and how) and the one-click
unsubscribe link of an email, posted as a mail client posts it: no cookies, no CSRF
token, only the signed link."""

import time

import pytest
from django.conf import settings as django_settings
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members.actions import invite
from members.models import NotificationChoice
from members.notification_kinds import KINDS
from members.notifications import UNSUBSCRIBE_MAX_AGE, UNSUBSCRIBE_SALT, notify, unsubscribe_token

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def expected_texts_in_english():
    """The labels and reasons compared are lazy: read them in English, whatever
    language an earlier test left active in this process."""
    with translation.override("en"):
        yield


CHOICES_URL = "/accounts/notifications/"
CHOOSABLE = [info.key for info in KINDS.values() if info.choosable]
ONE_CLICK = "List-Unsubscribe=One-Click"


def send(user, kind="standin_requests"):
    return notify(
        user,
        kind=kind,
        template="members/email/member_left",
        context={"neighborhood": user.memberships.first().neighborhood, "name": "Ana"},
    )


def link_of(message) -> str:
    """The path of the List-Unsubscribe URL, as a mail client reads it."""
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def mail_client_post(path: str, body: str = ONE_CLICK):
    """RFC 8058: a POST with the body List-Unsubscribe=One-Click, without cookies."""
    client = Client(enforce_csrf_checks=True)
    return client.post(path, body, content_type="application/x-www-form-urlencoded")


# --- The choices page ---------------------------------------------------------------------


def test_the_profile_links_to_the_choices_page(member_client):
    page = member_client.get(reverse("profile")).content.decode()
    assert f'href="{CHOICES_URL}"' in page


def test_the_choices_page_lists_every_kind_and_offers_none_only_where_allowed(
    coordinator_client,
):
    page = coordinator_client.get(CHOICES_URL).content.decode()
    for info in KINDS.values():
        assert str(info.label) in page
    assert 'name="standin_requests" value="none"' in page
    assert 'name="shift_changes" value="none"' not in page
    assert "These always come" in page  # the reason, where it cannot be turned off


def test_a_member_who_coordinates_nowhere_sees_no_coordinators_kinds(member_client):
    page = member_client.get(CHOICES_URL).content.decode()
    assert "Stand-in requests" in page
    for key in ["short_shifts", "join_requests", "members_leaving"]:
        assert KINDS[key].coordinators_only
        assert f'name="{key}"' not in page


def test_turning_a_kind_off_on_the_page_stores_it_and_the_message_stops(member_client, world):
    response = member_client.post(CHOICES_URL, {"standin_requests": "none"}, follow=True)

    assert "Your choices are saved." in response.content.decode()
    assert NotificationChoice.objects.chosen(world.member) == {"standin_requests": "none"}
    assert send(world.member) == "none"
    assert send(world.member, "shift_reminders") == "email"


def test_going_back_to_the_profiles_channel_deletes_the_choice(member_client, world):
    NotificationChoice.objects.choose(world.member, "standin_requests", "none")
    member_client.post(CHOICES_URL, {"standin_requests": ""})
    assert not NotificationChoice.objects.exists()


def test_texts_without_a_phone_get_an_error_by_the_field_and_keep_the_rest(member_client, world):
    response = member_client.post(CHOICES_URL, {"shift_reminders": "sms", "need_digests": "none"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "Add a phone number in your profile to get these by text." in page
    assert response.context["form"]["need_digests"].value() == "none"
    assert not NotificationChoice.objects.exists()


def test_texts_without_consent_get_an_error(member_client, world):
    world.member.phone = "+1 555 222 3333"
    world.member.contact_consent_at = None
    world.member.save(update_fields=["phone", "contact_consent_at"])

    response = member_client.post(CHOICES_URL, {"shift_reminders": "sms"})

    assert "Texts need your agreement" in response.content.decode()
    assert not NotificationChoice.objects.exists()


def test_none_for_a_kind_that_always_comes_is_refused_by_the_field(member_client):
    response = member_client.post(CHOICES_URL, {"shift_changes": "none"})
    assert response.status_code == 200
    assert response.context["form"].errors["shift_changes"]
    assert not NotificationChoice.objects.exists()


def test_the_choices_page_is_in_spanish(member_client, world):
    world.member.preferred_language = "es"
    world.member.save(update_fields=["preferred_language"])
    page = member_client.get(CHOICES_URL).content.decode()
    assert "Qué mensajes recibe" in page
    assert "Stand-in requests" not in page


VALUES = st.one_of(
    st.sampled_from(["", "email", "sms", "none"]), st.text(max_size=20), st.just("\x00")
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_no_input_to_the_choices_form_gives_a_server_error(client, world, data):
    values = data.draw(st.fixed_dictionaries({}, optional=dict.fromkeys(CHOOSABLE, VALUES)))
    person = world.coordinator  # who has every kind to choose for
    person.phone = data.draw(st.sampled_from(["", "+1 555 222 3333"]))
    person.contact_consent_at = timezone.now()
    person.save(update_fields=["phone", "contact_consent_at"])
    NotificationChoice.objects.filter(user=person).delete()
    client.force_login(person)

    response = client.post(CHOICES_URL, values)

    assert response.status_code in {200, 302}
    stored = NotificationChoice.objects.chosen(person)
    if response.status_code == 302:  # saved: exactly what was sent, defaults as no row
        assert stored == {kind: channel for kind, channel in values.items() if channel}
    else:  # an error: nothing saved, each error beside a field
        assert stored == {}
        assert set(response.context["form"].errors) <= set(CHOOSABLE)


# --- One-click unsubscribe ------------------------------------------------------------


def test_a_mail_clients_one_click_post_turns_the_kind_off_and_is_idempotent(world):
    send(world.member)
    path = link_of(mail.outbox[0])

    first = mail_client_post(path)
    again = mail_client_post(path)

    assert first.status_code == again.status_code == 200
    assert NotificationChoice.objects.get().channel == "none"
    assert NotificationChoice.objects.count() == 1
    mail.outbox.clear()
    assert send(world.member) == "none"
    assert mail.outbox == []
    assert send(world.member, "shift_reminders") == "email"  # only that kind


def test_the_link_opened_in_a_browser_asks_first_and_changes_nothing(client, world):
    send(world.member)
    response = client.get(link_of(mail.outbox[0]))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Yes, stop these messages" in page
    assert 'name="List-Unsubscribe" value="One-Click"' in page
    assert f'href="{CHOICES_URL}"' in page
    assert not NotificationChoice.objects.exists()


def test_the_button_stops_them_and_an_undo_brings_them_back(client, world):
    send(world.member)
    path = link_of(mail.outbox[0])

    stopped = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert "You will no longer get these messages" in stopped.content.decode()
    assert "Undo" in stopped.content.decode()
    restored = client.post(path, {"restore": "1"})

    assert "You will get these messages again" in restored.content.decode()
    assert not NotificationChoice.objects.exists()


def test_the_page_speaks_the_persons_language_without_a_session(world):
    world.member.preferred_language = "es"
    world.member.save(update_fields=["preferred_language"])
    send(world.member)
    response = mail_client_post(link_of(mail.outbox[0]))
    assert "Ya no recibirá" in response.content.decode()


@pytest.mark.parametrize(
    "token",
    ["not-a-token", "", signing.dumps({"u": 1, "k": "standin_requests"}, salt="other-salt")],
    ids=["garbage", "empty", "forged"],
)
def test_a_bad_or_forged_token_gets_a_clear_400_and_changes_nothing(client, world, token):
    path = f"/unsubscribe/{token or 'x'}/"
    for response in (client.get(path), mail_client_post(path)):
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert not NotificationChoice.objects.exists()


def test_an_expired_token_gets_a_400(world, monkeypatch):
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() - UNSUBSCRIBE_MAX_AGE - 60)
    token = unsubscribe_token(world.member, "standin_requests")
    monkeypatch.setattr(time, "time", real_time)

    response = mail_client_post(f"/unsubscribe/{token}/")

    assert response.status_code == 400
    assert not NotificationChoice.objects.exists()


def test_a_signed_token_for_a_kind_that_always_comes_is_refused(world):
    token = signing.dumps({"u": world.member.pk, "k": "shift_changes"}, salt=UNSUBSCRIBE_SALT)
    assert mail_client_post(f"/unsubscribe/{token}/").status_code == 400
    assert not NotificationChoice.objects.exists()


def test_a_token_of_someone_erased_or_deactivated_is_refused(world):
    token = unsubscribe_token(world.member, "standin_requests")
    world.member.is_active = False
    world.member.save(update_fields=["is_active"])
    assert mail_client_post(f"/unsubscribe/{token}/").status_code == 400


def test_a_post_without_the_one_click_body_is_refused(world):
    token = unsubscribe_token(world.member, "standin_requests")
    response = mail_client_post(f"/unsubscribe/{token}/", "something=else")
    assert response.status_code == 400
    assert not NotificationChoice.objects.exists()


# --- Account mails: not through notify, but they say why they always come -------------------


def test_an_invitation_says_why_it_always_comes_and_has_no_unsubscribe(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(neighborhood=world.own, role="member", by=world.coordinator, email="n@x.org")

    (message,) = mail.outbox
    assert str(KINDS["account"].why_always) in message.body
    assert "List-Unsubscribe" not in message.message().as_string()


def test_a_password_reset_says_why_it_always_comes(client, world):
    client.post(reverse("password_reset"), {"email": world.member.email})
    (message,) = mail.outbox
    assert str(KINDS["account"].why_always) in message.body


ACCOUNT_MAILS = [
    "members/email/invitation.txt",
    "members/email/invitation_confirm.txt",
    "members/email/invitation_log_in.txt",
    "members/email/already_have_account.txt",
    "members/email/confirm_join.txt",
    "registration/password_reset_email.txt",
]


@pytest.mark.parametrize("template", ACCOUNT_MAILS)
def test_every_account_mail_ends_with_why_it_always_comes(template):
    source = (django_settings.BASE_DIR / "templates" / template).read_text()
    assert '{% why_always "account" %}' in source

"""The SMS webhooks: the provider's signature, storing before acting, acting once,
the carriers' keywords and the opt-out ledger, and bad input."""

import logging

import pytest
from django.urls import reverse
from django.utils import timezone
from twilio.request_validator import RequestValidator

from members import sms
from members.models import InboundSms, SentSms, SmsOptOut, SmsStatusEvent
from members.notifications import channel_for
from members.sms.inbound import normalized
from tests.fake_twilio import twilio_signature

pytestmark = pytest.mark.django_db

TOKEN = "test-auth-token"
SITE = "http://testserver"

# Twilio's published example (its security documentation and its libraries' tests).
VECTOR_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
VECTOR_PARAMS = {
    "CallSid": "CA1234567890ABCDE",
    "Caller": "+14158675309",
    "Digits": "1234",
    "From": "+14158675309",
    "To": "+18005551212",
}
VECTOR_SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8="


@pytest.fixture(autouse=True)
def provider_settings(settings):
    settings.TWILIO_AUTH_TOKEN = TOKEN
    settings.WCC_SITE_URL = SITE
    settings.SMS_BACKEND = "members.sms.backends.locmem.SmsBackend"
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def texter(world):
    person = world.volunteer
    person.phone = "+1 (555) 222-3333"
    person.contact_channel = "sms"
    person.contact_consent_at = timezone.now()
    person.save()
    return person


def post_signed(client, name, params, *, signature=None):
    url = reverse(name)
    if signature is None:
        signature = twilio_signature(TOKEN, SITE + url, params)
    headers = {"HTTP_X_TWILIO_SIGNATURE": signature} if signature else {}
    return client.post(url, params, **headers)


def inbound(body, sid="SM1", number="+15552223333"):
    return {"MessageSid": sid, "From": number, "To": "+15550000000", "Body": body}


def test_the_signature_matches_twilios_published_example():
    assert twilio_signature("12345", VECTOR_URL, VECTOR_PARAMS) == VECTOR_SIGNATURE
    assert RequestValidator("12345").validate(VECTOR_URL, VECTOR_PARAMS, VECTOR_SIGNATURE)
    tampered = {**VECTOR_PARAMS, "Digits": "9999"}
    assert not RequestValidator("12345").validate(VECTOR_URL, tampered, VECTOR_SIGNATURE)


@pytest.mark.parametrize("name", ["sms_inbound", "sms_status"])
@pytest.mark.parametrize("signature", ["", "bm90IGEgc2lnbmF0dXJl", "wrong"])
def test_an_unsigned_or_mis_signed_webhook_is_refused_and_changes_nothing(
    client, texter, name, signature
):
    response = post_signed(client, name, inbound("STOP"), signature=signature)
    assert response.status_code == 403
    assert not InboundSms.objects.exists() and not SmsOptOut.objects.exists()
    assert not SmsStatusEvent.objects.exists()


def test_a_signature_for_other_parameters_is_refused(client, texter):
    signature = twilio_signature(TOKEN, SITE + reverse("sms_inbound"), inbound("HELP"))
    response = post_signed(client, "sms_inbound", inbound("STOP"), signature=signature)
    assert response.status_code == 403
    assert not SmsOptOut.objects.opted_out(texter.phone)


def test_without_an_auth_token_every_webhook_is_refused(client, texter, settings):
    settings.TWILIO_AUTH_TOKEN = ""
    response = post_signed(client, "sms_inbound", inbound("STOP"), signature="anything")
    assert response.status_code == 403


def test_stop_opts_the_number_out_once_and_confirms(client, texter):
    for _attempt in range(3):  # the provider retries
        response = post_signed(client, "sms_inbound", inbound("stop "))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/xml")
    (stored,) = InboundSms.objects.all()
    assert stored.deliveries == 3 and stored.outcome == "stop" and stored.user == texter
    assert SmsOptOut.objects.count() == 1
    assert SmsOptOut.objects.opted_out("+15552223333")
    (confirmation,) = sms.outbox
    assert "START" in confirmation.body
    texter.refresh_from_db()
    assert texter.contact_channel == "email"  # shown in their contact settings
    assert channel_for(texter) == "email"
    with pytest.raises(sms.OptedOut):
        sms.send_sms(texter.phone, "anything")
    assert len(sms.outbox) == 1


def test_start_lets_texts_through_again(client, texter):
    post_signed(client, "sms_inbound", inbound("STOP", sid="SM1"))
    post_signed(client, "sms_inbound", inbound("Start", sid="SM2"))
    assert not SmsOptOut.objects.opted_out(texter.phone)
    texter.refresh_from_db()
    assert texter.contact_channel == "sms"
    assert channel_for(texter) == "sms"
    assert "HELP" in sms.outbox[-1].body


def test_help_is_answered_in_the_persons_language(client, texter):
    texter.preferred_language = "es"
    texter.save()
    post_signed(client, "sms_inbound", inbound("HELP"))
    assert "responda SÍ para confirmar" in sms.outbox[0].body


@pytest.mark.parametrize(
    "body",
    ["x" * 2000, "\x00\x01\x02 binary \xff", "👍🎉", "", "YES" * 700],
)
def test_bad_bodies_get_a_short_safe_answer_and_never_a_500(client, texter, body):
    response = post_signed(client, "sms_inbound", inbound(body))
    assert response.status_code == 200
    stored = InboundSms.objects.get()
    assert "\x00" not in stored.body and len(stored.body) <= 1600
    (answer,) = sms.outbox
    assert len(answer.body) < 320


def test_an_unknown_number_gets_no_answer(client, world):
    response = post_signed(client, "sms_inbound", inbound("YES", number="+19998887777"))
    assert response.status_code == 200
    assert sms.outbox == []
    assert InboundSms.objects.get().outcome == "unknown"


def test_a_webhook_without_a_message_id_changes_nothing(client, texter):
    response = post_signed(client, "sms_inbound", {"From": "+15552223333", "Body": "STOP"})
    assert response.status_code == 200
    assert not InboundSms.objects.exists() and not SmsOptOut.objects.exists()


def test_status_callbacks_are_stored_once_and_never_move_back(client, texter):
    sent = sms.send_sms(texter.phone, "Hello", user=texter, topic="test")
    for status in ("sent", "delivered", "delivered", "sent"):
        params = {"MessageSid": sent.provider_id, "MessageStatus": status}
        assert post_signed(client, "sms_status", params).status_code == 200
    sent.refresh_from_db()
    assert sent.status == SentSms.Status.DELIVERED
    assert SmsStatusEvent.objects.count() == 2


def test_phone_numbers_and_bodies_stay_out_of_the_logs(client, texter, caplog, settings):
    settings.SMS_BACKEND = "tests.members.test_sms_webhooks.BrokenSms"
    with caplog.at_level(logging.DEBUG):
        post_signed(client, "sms_inbound", inbound("HELP ME PLEASE secret words"))
        post_signed(client, "sms_inbound", inbound("HELP", sid="SM2"))
    text = caplog.text
    assert "5552223333" not in text and "555) 222" not in text
    assert "secret words" not in text
    assert "not sent" in text  # the failure itself is logged


class BrokenSms:
    def __init__(self, **kwargs):
        pass

    def send_messages(self, messages):
        raise sms.SmsError("SMS failed: the provider answered 500")


def test_normalized_reads_replies_as_people_type_them():
    assert normalized(" Sí! ") == "SI"
    assert normalized("yes.") == "YES"
    assert normalized("¿no?") == "NO"


def test_the_try_page_handles_a_typed_text_once_and_shows_the_answer(client, texter):
    client.force_login(texter)
    page = client.get(reverse("profile")).content.decode()
    assert reverse("sms_try") in page  # reachable from the profile
    form = client.get(reverse("sms_try")).context["form"]
    data = {"body": "STOP", "message_id": form.initial["message_id"]}
    first = client.post(reverse("sms_try"), data)
    client.post(reverse("sms_try"), data)  # a double tap: the same text
    assert "START" in first.context["answer"]
    assert SmsOptOut.objects.count() == 1 and len(sms.outbox) == 1
    profile = client.get(reverse("profile")).content.decode()
    assert "Your phone number replied STOP" in profile


def test_the_try_page_is_gone_with_a_real_provider(client, texter, settings):
    settings.SMS_BACKEND = "members.sms.backends.twilio.SmsBackend"
    client.force_login(texter)
    assert client.get(reverse("sms_try")).status_code == 404
    assert reverse("sms_try") not in client.get(reverse("profile")).content.decode()


def test_the_try_page_asks_for_a_phone_first(client, world):
    client.force_login(world.member)
    page = client.get(reverse("sms_try")).content.decode()
    assert "Add your phone number to your profile first." in page


@pytest.mark.parametrize("sid", ["SM\x001", "../../etc", "SM 1", "ñandú"])
def test_a_strange_message_id_is_ignored_not_a_500(client, texter, sid):
    for name in ("sms_inbound", "sms_status"):
        params = {**inbound("STOP", sid=sid), "MessageStatus": "failed", "ErrorCode": "\x00"}
        assert post_signed(client, name, params).status_code == 200
    assert not InboundSms.objects.exists() and not SmsStatusEvent.objects.exists()

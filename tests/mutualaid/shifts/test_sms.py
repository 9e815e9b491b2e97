"""The SMS backends and notify(): Twilio's REST API against a fake provider on loopback."""

import base64
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.utils import timezone

from members import sms
from members.notifications import channel_for, notify
from mutualaid.actions import shifts as actions
from mutualaid.models import Reminder

from .factories import ShiftFactory, volunteers

pytestmark = pytest.mark.django_db


class FakeTwilio(BaseHTTPRequestHandler):
    received: list = []
    status = 201

    def do_POST(self):  # http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        type(self).received.append((self.path, self.headers["Authorization"], body))
        self.send_response(type(self).status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"sid": "SM123"}')

    def log_message(self, *args):
        pass


@pytest.fixture
def provider(settings):
    FakeTwilio.received = []
    FakeTwilio.status = 201
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeTwilio)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.SMS_BACKEND = "members.sms.backends.twilio.SmsBackend"
    settings.SMS_API_URL = f"http://127.0.0.1:{server.server_port}"
    settings.TWILIO_ACCOUNT_SID = "AC123"
    settings.TWILIO_AUTH_TOKEN = "secret"
    settings.TWILIO_FROM = "+15550000000"
    yield FakeTwilio
    server.shutdown()


@pytest.fixture
def texter(world):
    person = volunteers(world.own, 1, prefix="sms")[0]
    person.contact_channel = "sms"
    person.phone = "+1 555 222 3333"
    person.contact_consent_at = timezone.now()
    person.save()
    return person


def test_twilio_backend_posts_the_message_with_basic_auth(world, provider, texter):
    shift = ShiftFactory(neighborhood=world.own)
    channel = notify(
        texter,
        kind="shift_reminders",
        template="mutualaid/shifts/messages/reminder",
        context={"shift": shift, "shift_url": "http://x/"},
    )
    assert channel == "sms"
    path, auth, body = provider.received[0]
    assert path == "/2010-04-01/Accounts/AC123/Messages.json"
    assert auth == "Basic " + base64.b64encode(b"AC123:secret").decode()
    form = urllib.parse.parse_qs(body)
    assert form["To"] == ["+15552223333"]  # E.164, as the provider wants it
    assert form["From"] == ["+15550000000"]
    assert "Reminder: Intake table" in form["Body"][0]


def test_provider_failure_leaves_the_reminder_to_be_retried(world, provider, texter):
    provider.status = 500
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    actions.sign_up(shift=shift, user=world.volunteer)
    actions.sign_up(shift=shift, user=texter)
    actions.cancel_signup(signup=shift.signups.get(user=world.volunteer))
    assert actions.send_due_reminders(time_budget=5) == 0
    notice = Reminder.objects.get(kind="promoted")
    assert notice.status == Reminder.Status.SENDING
    assert "failed" in notice.detail


def test_sms_without_consent_falls_back_to_email(world, texter):
    texter.contact_consent_at = None
    texter.save()
    assert channel_for(texter) == "email"
    assert channel_for(texter, transactional=False) == "none"


def test_file_backend_writes_one_file_per_text(tmp_path):
    backend = sms.get_connection("members.sms.backends.filebased.SmsBackend", file_path=tmp_path)
    backend.send_messages([sms.SmsMessage(to="+15551234567", body="Hola")])
    (written,) = tmp_path.iterdir()
    assert "Hola" in written.read_text()
    assert mail.outbox == []

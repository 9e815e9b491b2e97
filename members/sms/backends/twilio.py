"""Twilio's REST API: POST /2010-04-01/Accounts/{sid}/Messages.json with basic auth.

``SMS_API_URL`` points it elsewhere (the tests run a fake provider on loopback). Each
message asks for delivery status callbacks at ``/sms/status/`` of ``WCC_SITE_URL``.
"""

import base64
import json
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.urls import reverse

from .. import SmsError
from .base import BaseSmsBackend


class SmsBackend(BaseSmsBackend):
    def __init__(self, **kwargs):
        self.api_url = settings.SMS_API_URL.rstrip("/")
        self.sid = settings.TWILIO_ACCOUNT_SID
        self.token = settings.TWILIO_AUTH_TOKEN
        self.sender = settings.TWILIO_FROM
        self.timeout = settings.SMS_TIMEOUT
        self.status_callback = settings.WCC_SITE_URL + reverse("sms_status")

    def send_messages(self, messages) -> int:
        url = f"{self.api_url}/2010-04-01/Accounts/{self.sid}/Messages.json"
        auth = base64.b64encode(f"{self.sid}:{self.token}".encode()).decode()
        for message in messages:
            data = urllib.parse.urlencode(
                {
                    "To": message.to,
                    "From": self.sender,
                    "Body": message.body,
                    "StatusCallback": self.status_callback,
                }
            ).encode()
            request = urllib.request.Request(  # the URL is our own setting
                url, data=data, headers={"Authorization": f"Basic {auth}"}, method="POST"
            )
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    answer = json.loads(response.read() or b"{}")
            except urllib.error.HTTPError as error:
                # Neither the number nor the body: this text reaches logs.
                raise SmsError(f"SMS failed: the provider answered {error.code}") from None
            except (urllib.error.URLError, OSError, ValueError) as error:
                raise SmsError(f"SMS failed: {type(error).__name__}") from None
            message.provider_id = str(answer.get("sid", ""))[:64]
        return len(messages)

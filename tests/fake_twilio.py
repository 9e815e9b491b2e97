"""A small fake of Twilio on loopback: its Messages REST API, and the signed webhooks
it posts back (delivery status callbacks, and texts "people" send).

It signs with its own implementation of Twilio's published algorithm (HMAC-SHA1 of
the URL and the sorted parameters, base64), not with the library the app checks
with, so the two are tested against each other.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import itertools
import json
import threading
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def twilio_signature(token: str, url: str, params: dict[str, str]) -> str:
    payload = url + "".join(key + params[key] for key in sorted(params))
    digest = hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


@dataclass
class Sent:
    sid: str
    to: str
    body: str
    status_callback: str


@dataclass
class FakeTwilio:
    account_sid: str
    auth_token: str
    number: str = "+15550000000"
    messages: list[Sent] = field(default_factory=list)
    # Numbers whose texts the fake reports as failed, not delivered.
    failing: set[str] = field(default_factory=set)
    webhook_posts: int = 0

    def __post_init__(self):
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def start(self) -> FakeTwilio:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def new_sid(self, prefix: str = "SM") -> str:
        with self._lock:
            return f"{prefix}{next(self._ids):032x}"

    def to(self, number: str) -> list[Sent]:
        return [message for message in self.messages if message.to == number]

    # --- The REST API ------------------------------------------------------------

    def _handler(self):
        fake = self
        expected_path = f"/2010-04-01/Accounts/{self.account_sid}/Messages.json"
        expected_auth = (
            "Basic " + base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        )

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # http.server's name
                length = int(self.headers.get("Content-Length", 0))
                form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
                if self.path != expected_path:
                    return self._answer(404, {"code": 20404})
                if self.headers.get("Authorization") != expected_auth:
                    return self._answer(401, {"code": 20003})
                if not form.get("To") or not form.get("Body"):
                    return self._answer(400, {"code": 21604})
                sid = fake.new_sid()
                with fake._lock:
                    fake.messages.append(
                        Sent(sid, form["To"], form["Body"], form.get("StatusCallback", ""))
                    )
                self._answer(201, {"sid": sid, "status": "queued", "to": form["To"]})

            def _answer(self, status, payload):
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler

    # --- Webhooks it posts back ------------------------------------------------------

    def post_webhook(self, url: str, params: dict[str, str], *, signature: str | None = None):
        """POST a signed form to the app; return the HTTP status."""
        data = urllib.parse.urlencode(params).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        signature = (
            twilio_signature(self.auth_token, url, params) if signature is None else signature
        )
        if signature:
            headers["X-Twilio-Signature"] = signature
        request = urllib.request.Request(url, data=data, headers=headers, method="POST")
        with self._lock:
            self.webhook_posts += 1
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def report_statuses(self, messages=None, *, retry=lambda index: False, workers=4) -> None:
        """Post "sent" then "delivered" (or "failed" for failing numbers) for each message,
        several messages at once; ``retry(i)`` says which callbacks are posted twice, the
        second at the same time as the first, as when the provider times out waiting."""
        messages = list(messages if messages is not None else self.messages)
        with ThreadPoolExecutor(workers) as pool:
            list(
                pool.map(
                    self._report, range(len(messages)), messages, map(retry, range(len(messages)))
                )
            )

    def _report(self, index: int, message: Sent, retried: bool) -> None:
        if not message.status_callback:
            return
        final = "failed" if message.to in self.failing else "delivered"
        for status in ("sent", final):
            params = {
                "AccountSid": self.account_sid,
                "MessageSid": message.sid,
                "MessageStatus": status,
                "To": message.to,
                "From": self.number,
            }
            if status == "failed":
                params["ErrorCode"] = "30003"
            self._post_maybe_twice(message.status_callback, params, retried)

    def _post_maybe_twice(self, url, params, retried: bool) -> int:
        if not retried:
            return self.post_webhook(url, params)
        with ThreadPoolExecutor(2) as pool:  # the retry overlaps the first attempt
            statuses = list(pool.map(lambda _n: self.post_webhook(url, params), range(2)))
        return max(statuses)

    def text_from(self, site_url: str, number: str, body: str, *, retried: bool = False, sid=None):
        """A person texts our number; ``retried`` posts the same webhook twice."""
        params = {
            "AccountSid": self.account_sid,
            "MessageSid": sid or self.new_sid(),
            "From": number,
            "To": self.number,
            "Body": body,
            "NumMedia": "0",
        }
        url = site_url.rstrip("/") + "/sms/inbound/"
        return self._post_maybe_twice(url, params, retried)

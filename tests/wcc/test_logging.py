"""No personal details reach the logs or error reports, even when a view fails."""

import io
import json
import logging

import pytest
from django.conf import settings
from django.test import Client

from wcc.logging import PrivacyFilter, PrivateJsonFormatter, scrub_sentry_event

CANARY = "Zyxwanda Qorthby 555-0199"


@pytest.fixture
def log_output():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(PrivacyFilter())
    handler.setFormatter(PrivateJsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    yield stream
    root.removeHandler(handler)


@pytest.mark.django_db
@pytest.mark.urls("tests.wcc.failing_urls")
def test_a_failing_view_holding_private_data_logs_none_of_it(log_output, world):
    client = Client(raise_request_exception=False)
    client.force_login(world.volunteer)
    response = client.post(f"/fail/?q={CANARY}", {"name": CANARY})

    assert response.status_code == 500
    assert CANARY.encode() not in response.content
    lines = [json.loads(line) for line in log_output.getvalue().splitlines()]
    errors = [line for line in lines if line["levelname"] == "ERROR"]
    assert errors, "the failure was not logged at all"
    assert "django.db.utils.DataError (message withheld)" in errors[0]["exc_info"]
    assert errors[0]["request"] == "POST /fail/"
    assert "Zyxwanda" not in log_output.getvalue()
    assert "0199" not in log_output.getvalue()


def test_the_configured_console_handler_uses_the_privacy_filter():
    handler = settings.LOGGING["handlers"]["console"]
    assert handler["filters"] == ["privacy"]
    assert settings.LOGGING["formatters"]["json"]["()"] == "wcc.logging.PrivateJsonFormatter"


def test_sentry_events_lose_request_data_messages_and_variables():
    event = {
        "request": {
            "url": "/n/x/intake/",
            "query_string": f"q={CANARY}",
            "data": {"n": CANARY},
            "cookies": {"sessionid": "s"},
            "headers": {"Cookie": "s", "User-Agent": "ua"},
        },
        "exception": {
            "values": [
                {
                    "type": "DataError",
                    "value": f"bad {CANARY}",
                    "stacktrace": {"frames": [{"vars": {"name": CANARY}}]},
                }
            ]
        },
        "breadcrumbs": {"values": [{"message": CANARY}]},
        "user": {"email": "x@example.org"},
    }
    scrubbed = scrub_sentry_event(event, {})
    assert CANARY not in json.dumps(scrubbed)
    assert scrubbed["exception"]["values"][0]["type"] == "DataError"
    assert scrubbed["request"]["headers"] == {"User-Agent": "ua"}

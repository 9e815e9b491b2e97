"""Structured logs that carry no personal details.

Names, phone numbers and notes reach the server in form fields and search query
strings, and come back inside database error messages. So the logs keep the method
and path of a request (never its query string or body), and an exception's type
and stack frames (never its message). The same rules scrub error reports sent to
Sentry, which is off unless SENTRY_DSN is set.
"""

import logging
import traceback

from pythonjsonlogger.json import JsonFormatter


class PrivacyFilter(logging.Filter):
    """Replace a log record's request object with its method and path only."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            record.request = f"{request.method} {request.path}"
        return True


class PrivateJsonFormatter(JsonFormatter):
    """One JSON object per line; exceptions as type and frames, without the message."""

    def formatException(self, exc_info) -> str:  # logging's own name
        exc_type, _value, tb = exc_info
        frames = "".join(traceback.format_tb(tb))
        return f"{frames}{exc_type.__module__}.{exc_type.__qualname__} (message withheld)"


def scrub_sentry_event(event: dict, hint: dict) -> dict:
    """before_send for sentry-sdk: the same rules as the logs."""
    request = event.get("request") or {}
    for key in ("query_string", "data", "cookies", "env"):
        request.pop(key, None)
    if "headers" in request:
        request["headers"] = {
            k: v for k, v in request["headers"].items() if k.lower() in {"user-agent", "host"}
        }
    for exception in (event.get("exception") or {}).get("values", []):
        exception["value"] = "(message withheld)"
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)
    event.pop("breadcrumbs", None)
    event.pop("user", None)
    return event

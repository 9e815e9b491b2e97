"""The provider's request signature (``X-Twilio-Signature``), checked with Twilio's
own library: an HMAC-SHA1, under the account's auth token, of the full URL the
provider called followed by each POST parameter's name and value in name order,
base64-encoded.

The URL is ``WCC_SITE_URL`` plus the path and query, the address the provider was
given, so it matches behind a proxy that changes the scheme or host.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from twilio.request_validator import RequestValidator


def url_called(request: HttpRequest) -> str:
    return settings.WCC_SITE_URL.rstrip("/") + request.get_full_path()


def is_signed_by_provider(request: HttpRequest) -> bool:
    """Does the request carry a valid signature? Without an auth token, none does."""
    signature = request.headers.get("X-Twilio-Signature", "")
    token = settings.TWILIO_AUTH_TOKEN
    if not signature or not token:
        return False
    params = {key: request.POST.get(key, "") for key in request.POST}
    return RequestValidator(token).validate(url_called(request), params, signature)

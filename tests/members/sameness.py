"""Comparing two answers of a page for sameness, whatever the CSRF token of each."""

import re

_TOKENS = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": ")[^"]+')


def page_text(response, *typed: str) -> str:
    """The page's HTML without its CSRF tokens, and with what the person typed masked."""
    text = _TOKENS.sub(r"\1TOKEN", response.content.decode())
    for value in typed:
        text = text.replace(value, "TYPED")
    return text

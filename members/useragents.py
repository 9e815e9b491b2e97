"""Names a person recognizes for a signed-in browser: "Firefox" on "Android".

ua-parser (with its packaged rules, ua-parser-builtins) reads the user-agent string;
this module only turns its family names into the ones people use ("Firefox Mobile"
is just Firefox to the person holding the phone).
"""

from functools import lru_cache
from typing import NamedTuple

from ua_parser import parse

BROWSER_NAMES = {
    "Chrome Mobile": "Chrome",
    "Chrome Mobile iOS": "Chrome",
    "Chrome Mobile WebView": "Android WebView",
    "HeadlessChrome": "Chrome",
    "Edge Mobile": "Edge",
    "Firefox Mobile": "Firefox",
    "Firefox iOS": "Firefox",
    "Mobile Safari": "Safari",
    "Mobile Safari UI/WKWebView": "Safari",
    "Opera Mobile": "Opera",
}
OS_NAMES = {"Mac OS X": "macOS", "Chrome OS": "ChromeOS"}
APPLE_DEVICES = {"iPhone", "iPad"}


class Agent(NamedTuple):
    browser: str | None
    os: str | None


@lru_cache(maxsize=512)
def describe(user_agent: str) -> Agent:
    """The browser and the system (or the Apple device) a user-agent string names."""
    result = parse(user_agent or "")
    browser = result.user_agent.family if result.user_agent else None
    system = result.os.family if result.os else None
    device = result.device.family if result.device else None
    if system == "iOS" and device in APPLE_DEVICES:
        system = device
    return Agent(
        browser=BROWSER_NAMES.get(browser, browser) if browser != "Other" else None,
        os=OS_NAMES.get(system, system) if system != "Other" else None,
    )

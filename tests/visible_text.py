"""What a person reads on a page or in a message, and what of it is still English.

Used by tests/wcc/test_no_english_in_spanish.py: the visible text of a page (text
nodes, and the attributes a browser shows or reads aloud), with what people typed
(names, addresses, need texts: every string held in the project's tables) taken out,
so only the words WCC itself wrote are left to compare between two languages.
"""

import re
from html.parser import HTMLParser

import polib
from django.apps import apps
from django.conf import settings
from django.db import models

# Attributes whose words a person sees or hears (a screen reader reads aria-label).
SHOWN_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label"}
BUTTON_INPUTS = {"submit", "button", "reset"}
NOT_READ = {"script", "style"}
# Tables of WCC's apps: their text is what people typed or seeded, not WCC's words.
PEOPLES_DATA_APPS = {"members", "intake", "mutualaid", "governance", "wcc"}

EMAIL_OR_URL = re.compile(r"\S+@\S+\.\S+|https?://\S+|/[\w\-./?=&%#]+")
LETTERS = re.compile(r"[^\W\d_]{2,}")

# The same word in both languages, or a name that is never translated.
SAME_IN_BOTH = {
    "WCC": "the project's name",
    "English": "the language switcher names each language in itself",
    "Español": "the language switcher names each language in itself",
    "SMS": "the same abbreviation in Spanish",
    "PDF": "the file format's name, the same in Spanish",
    "PDF:": "the same, as a form label",
    "CSV": "a file format",
    "JSON": "a file format",
    "iCal": "a calendar format's name",
    "Twilio": "the SMS provider's name",
    "TOTP": "the name of the two-factor standard",
    "No": "the same word in Spanish",
    "Normal": "the same word in Spanish (a need's urgency)",
    "Google": "a company's name",
    "Google Calendar": "the product's name, the same in Spanish",
    "Outlook": "a product's name",
    "Apple (.ics)": "a company's name and a file format",
    "Total": "the same word in Spanish",
    "Error": "the same word in Spanish",
    "Email": "also used in Spanish",
}


def normalized(text: str) -> str:
    return " ".join(text.split())


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in NOT_READ:
            self._skipping += 1
            return
        attrs = dict(attrs)
        for name in SHOWN_ATTRIBUTES & set(attrs):
            self.pieces.append(attrs[name] or "")
        if tag == "input" and (attrs.get("type") or "").lower() in BUTTON_INPUTS:
            self.pieces.append(attrs.get("value") or "")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in NOT_READ:
            self._skipping -= 1

    def handle_endtag(self, tag):
        if tag in NOT_READ and self._skipping:
            self._skipping -= 1

    def handle_data(self, data):
        if not self._skipping:
            self.pieces.append(data)


def visible_text(html: str) -> list[str]:
    """The page's text nodes and shown attributes, whitespace collapsed, empty ones out."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return [text for text in map(normalized, parser.pieces) if text]


# The properties of an iCalendar event a calendar app shows.
CALENDAR_SHOWN = {"SUMMARY", "DESCRIPTION", "LOCATION", "X-WR-CALNAME"}


def calendar_text(ics: str) -> list[str]:
    """The shown values of a calendar feed (folded lines joined, escapes undone)."""
    unfolded = ics.replace("\r\n ", "").replace("\n ", "")
    shown = []
    for line in unfolded.splitlines():
        name, _colon, value = line.partition(":")
        if name.split(";")[0] in CALENDAR_SHOWN:
            value = value.replace("\\n", " ").replace("\\,", ",").replace("\\;", ";")
            shown.append(normalized(value))
    return [text for text in shown if text]


def typed_by_people() -> list[str]:
    """Every text value in WCC's tables (longest first), as typed or seeded.

    Fields with choices hold codes, not text anyone reads, and stay out.
    """
    values = set()
    for model in apps.get_models():
        if model._meta.app_label not in PEOPLES_DATA_APPS:
            continue
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.CharField | models.TextField) and not field.choices
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in row:
                if value:
                    values.update(filter(None, map(normalized, str(value).splitlines())))
                    values.add(normalized(str(value)))
    return sorted((v for v in values if len(v) >= 3), key=len, reverse=True)


def without_data(text: str, data: list[str]) -> str:
    """``text`` with what people typed, email addresses and links taken out."""
    for value in data:
        if value in text:
            text = text.replace(value, " ")
    return normalized(EMAIL_OR_URL.sub(" ", text))


SAME_IN_BOTH_FOLDED = {word.casefold() for word in SAME_IN_BOTH}
# A two-factor secret typed by hand: groups of capitals and digits.
SECRET_KEY_GROUPS = re.compile(r"^([A-Z2-7]{4} ?)+$")


def has_words(text: str) -> bool:
    return (
        bool(LETTERS.search(text))
        and text.casefold() not in SAME_IN_BOTH_FOLDED
        and not SECRET_KEY_GROUPS.match(text)
    )


def english_catalog() -> dict[str, bool]:
    """English msgid → whether Spanish says it differently (plural forms too)."""
    po = polib.pofile(str(settings.BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.po"))
    catalog = {}
    for entry in po:
        if entry.obsolete:
            continue
        translations = [entry.msgstr, *entry.msgstr_plural.values()]
        for msgid in filter(None, [entry.msgid, entry.msgid_plural]):
            catalog[normalized(msgid)] = any(t and t != msgid for t in translations)
    return catalog


def english_left(spanish: list[str], english: list[str], data: list[str], catalog) -> set[str]:
    """Words of WCC's own that read the same in the English and the Spanish page, and
    English msgids (their Spanish differs, or is missing) shown as they are."""
    english_texts = {without_data(text, data) for text in english}
    left = set()
    for text in spanish:
        own = without_data(text, data)
        if not has_words(own):
            continue
        if own in english_texts or own in catalog:
            left.add(own)
    return left

"""No English in a Spanish message: every email, subject and SMS template
(templates/**/*.txt), rendered once in English and once in Spanish.

The templates are rendered with a context in which every name stands for a neutral
token (WCC's own words are what is compared; names, places and need texts come
from people), so each blocktranslate shows its text. A line with words that reads
the same in both languages is English left in the Spanish message.
"""

from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import timezone, translation

from tests.visible_text import english_catalog, has_words, without_data

TEMPLATES = Path(settings.BASE_DIR) / "templates"
MESSAGES = sorted(TEMPLATES.rglob("*.txt"))
CATALOG = english_catalog()
TOKEN = "Zq"


# Names that hold a moment or a count get one, so the date filter and the plural forms
# of blocktranslate have what they need; every other name is a neutral token.
MOMENT_ENDINGS = ("_at", "_on", "date", "when", "deadline", "starts", "ends", "due", "until")
COUNTS = {"count", "counter", "days", "minutes", "hours", "free", "free_places", "capacity"}
COUNTS |= {"total", "done", "ahead", "electorate", "took_part", "size", "number", "place"}


def value_for(name: str):
    if name.endswith(MOMENT_ENDINGS):
        return timezone.make_aware(datetime(2026, 12, 2, 10, 0))
    if name in COUNTS or name.endswith("_count"):
        return 2
    return Anything()


class Anything(str):
    """A stand-in for every variable: a short neutral token, whose attributes,
    items and calls are the same token; a number where a count is needed."""

    def __new__(cls):
        return super().__new__(cls, TOKEN)

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return value_for(name)

    def __getitem__(self, key):  # the template language tries items before attributes
        return value_for(key) if isinstance(key, str) else Anything()

    def __call__(self, *args, **kwargs):
        return Anything()

    def __int__(self):
        return 2

    def __float__(self):
        return 2.0

    def __len__(self):
        return 2

    def __iter__(self):
        return iter(())

    def __bool__(self):
        return True


class EverythingContext(Context):
    def __contains__(self, key):
        return True

    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except KeyError:
            return value_for(key)


def render(path: Path, language: str) -> list[str]:
    with translation.override(language):
        text = Template(path.read_text()).render(EverythingContext({}))
    lines = (without_data(line.replace(TOKEN, " "), []) for line in text.splitlines())
    return [line for line in lines if line]


@pytest.mark.parametrize("path", MESSAGES, ids=lambda path: str(path.relative_to(TEMPLATES)))
def test_a_spanish_message_has_no_english(path):
    english = set(render(path, "en"))
    spanish = render(path, "es")
    left = [line for line in spanish if has_words(line) and (line in english or line in CATALOG)]
    print(f"{path.name}: {len(left)} English lines in Spanish")
    assert not left, f"{path.name} in Spanish still reads: {left}"
    assert spanish, f"{path.name} renders nothing"


def test_every_message_template_is_read():
    assert len(MESSAGES) >= 60

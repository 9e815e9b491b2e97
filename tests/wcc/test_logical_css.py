"""The stylesheets say "start" and "end", never "left" and "right", so a right-to-left
language mirrors the layout by itself (``<html dir>`` from the language, base.html).

A physical property is allowed only in ALLOWED, keyed by (file, the declaration as
written), with the reason it must stay physical."""

import re
from pathlib import Path

from django.conf import settings

STATIC = Path(settings.BASE_DIR) / "static"

PHYSICAL = re.compile(
    r"""(?ix)
    (?<![\w-])(?:
        (?:margin|padding|border|scroll-margin|scroll-padding)-(?:left|right)[\w-]*\s*:
      | (?:left|right)\s*:
      | text-align\s*:\s*(?:left|right)\b
      | float\s*:\s*(?:left|right)\b
      | clear\s*:\s*(?:left|right)\b
      | border-(?:top|bottom)-(?:left|right)-radius\s*:
    )[^;}]*
    """
)

# (file relative to static/, declaration) → why it stays physical. Empty today.
ALLOWED: dict[tuple[str, str], str] = {}


def physical_declarations(css: str) -> list[str]:
    without_comments = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [match.group(0).strip() for match in PHYSICAL.finditer(without_comments)]


def test_the_check_finds_each_kind_of_physical_property():
    css = """
    .a { margin-left: 1rem; padding-right: 2px; border-left: 6px solid red; }
    .b { left: 0; right: 0; text-align: left; float: right; clear: left; }
    .c { border-left-color: red; border-top-right-radius: 3px; }
    /* .d { margin-left: 1rem } in a comment is not a rule */
    .e { margin-inline-start: 1rem; inset-inline: 0; text-align: start; border-inline-end: 0; }
    """
    found = physical_declarations(css)
    assert found == [
        "margin-left: 1rem",
        "padding-right: 2px",
        "border-left: 6px solid red",
        "left: 0",
        "right: 0",
        "text-align: left",
        "float: right",
        "clear: left",
        "border-left-color: red",
        "border-top-right-radius: 3px",
    ]


def test_static_css_uses_logical_properties_outside_the_allow_list():
    sheets = sorted(STATIC.rglob("*.css"))
    assert sheets, "no stylesheet found under static/"
    physical = [
        f"{sheet.relative_to(STATIC)}: {declaration}"
        for sheet in sheets
        for declaration in physical_declarations(sheet.read_text())
        if (str(sheet.relative_to(STATIC)), declaration) not in ALLOWED
    ]
    assert physical == [], (
        "Use logical properties (margin-inline-start, padding-inline-end, "
        "inset-inline-start, border-inline-*, text-align: start), or add the "
        "declaration to ALLOWED with the reason it must stay physical."
    )


def test_every_allowed_physical_property_has_a_reason_and_still_exists():
    for (sheet, declaration), reason in ALLOWED.items():
        assert reason.strip(), f"{sheet}: {declaration} needs a reason"
        assert declaration in physical_declarations((STATIC / sheet).read_text())

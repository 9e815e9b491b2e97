"""Template mistakes a person would see on the page."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = [*(ROOT / "templates").rglob("*.html"), *ROOT.glob("*/templates/**/*.html")]


def test_no_comment_tag_spans_lines():
    """{# #} comments end at the line's end: one that spans lines shows as page text."""
    assert len(TEMPLATES) > 20
    for template in TEMPLATES:
        for number, line in enumerate(template.read_text().splitlines(), 1):
            opened = line.count("{#") - line.count("#}")
            assert opened <= 0, f"{template.relative_to(ROOT)}:{number} use {{% comment %}}"

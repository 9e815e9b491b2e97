"""Benchmark of the needs board at city scale (issue 3).

Seeds 50 neighborhoods, 20,000 members and 300,000 needs (10,000 of them open) into
its own PostgreSQL database, then measures server time of the board's first page, a
filtered page and the coordinator's triage view, and their compressed HTML size.

Method: Django's test Client, in-process, through the whole middleware stack (sessions,
auth, CSRF, locale, htmx), with DEBUG off; the time of each ``client.get`` is measured
with ``time.perf_counter`` (wall) and ``time.process_time`` (CPU) over many requests
after a warm-up, the pages taking turns in rounds so that other work on the machine
weighs on all of them alike. No network and no WSGI server are in the figure: it is the
time Django spends producing the page. Issue 7's yardstick is measured too: a minimal
view (a few bytes, logged in) through the same stack; "share" is each page's
throughput (requests a second, one after the other) as a share of the minimal view's.

    .venv/bin/python bench/needs.py            # seed once (about 1-2 minutes), then measure
    .venv/bin/python bench/needs.py --reseed   # drop and seed again
    BENCH_DATABASE_URL=postgres://... BENCH_REQUESTS=500 .venv/bin/python bench/needs.py
"""

from __future__ import annotations

import argparse
import gzip
import io
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wcc_bench_needs"
)
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wcc.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("WCC_MANIFEST_STATIC", "0")
# The test client speaks plain http: no redirect to https in a measurement.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.pop("DEBUG", None)

NEIGHBORHOODS = 50
MEMBERS = 20_000
NEEDS = 300_000
OPEN_NEEDS = 10_000
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))
WARMUP = 30
ROUNDS = 5  # each page gets REQUESTS / ROUNDS requests per round, in turn


def ensure_database() -> None:
    import psycopg

    base, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def seed() -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.utils import timezone

    from bench.seeding import bench_neighborhoods
    from members.models import Membership, Role, User
    from mutualaid.models import NeedCategory, Offer, ResourceRequest

    rng = random.Random(3)
    started = time.perf_counter()
    neighborhoods = bench_neighborhoods(NEIGHBORHOODS)
    categories = {}
    for category in NeedCategory.objects.all():
        categories.setdefault(category.neighborhood_id, []).append(category.pk)
    password = make_password("bench-pass-2026")
    users = User.objects.bulk_create(
        (
            User(email=f"m{i}@bench.example", display_name=f"Member {i}", password=password)
            for i in range(MEMBERS)
        ),
        batch_size=5000,
    )
    per_place = MEMBERS // NEIGHBORHOODS
    Membership.objects.bulk_create(
        (
            Membership(
                user=user,
                neighborhood=neighborhoods[i // per_place],
                role=Role.COORDINATOR if i % per_place == 0 else Role.MEMBER,
                status=Membership.Status.ACTIVE,
            )
            for i, user in enumerate(users)
        ),
        batch_size=5000,
    )
    member = users[1]  # a member of bench-00, with two offers
    for category_id in categories[neighborhoods[0].pk][:2]:
        Offer.objects.create(
            neighborhood=neighborhoods[0],
            member=member,
            category_id=category_id,
            description="Bench offer",
        )

    now = timezone.now()
    statuses = [ResourceRequest.Status.FULFILLED] * 3 + [ResourceRequest.Status.CLOSED]
    urgencies = ["low", "normal", "normal", "normal", "urgent"]
    buffer = io.StringIO()
    for i in range(NEEDS):
        neighborhood = neighborhoods[i % NEIGHBORHOODS]
        is_open = i < OPEN_NEEDS
        status = ResourceRequest.Status.OPEN if is_open else rng.choice(statuses)
        age = timedelta(minutes=rng.randint(0, 60 * 24 * (60 if is_open else 720)))
        created = (now - age).isoformat()
        user_id = users[rng.randrange(MEMBERS)].pk
        summary = f"Need {i}: {rng.choice(['groceries', 'a ride', 'a coat', 'help with a form'])}"
        buffer.write(
            "\t".join(
                [
                    str(neighborhood.pk),
                    str(rng.choice(categories[neighborhood.pk])),
                    summary,
                    "private note",
                    rng.choice(urgencies),
                    "member",
                    str(user_id),
                    status,
                    "duplicate" if status == "closed" else "",
                    created,
                    created,
                    "",
                ]
            )
            + "\n"
        )
    columns = (
        "neighborhood_id, category_id, public_summary, private_details, urgency, source, "
        "requested_by_id, status, close_reason, created_at, updated_at, shared_contact"
    )
    with connection.cursor() as cursor:
        with cursor.connection.cursor().copy(
            f"COPY mutualaid_resourcerequest ({columns}) FROM STDIN"
        ) as copy:
            copy.write(buffer.getvalue())
        cursor.execute("ANALYZE")
    print(f"seeded in {time.perf_counter() - started:.0f} s")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def add_minimal_view() -> str:
    """A minimal view served by the same stack (issue 7's yardstick): a few bytes."""
    from django.http import HttpResponse
    from django.urls import clear_url_caches, path

    import wcc.urls

    wcc.urls.urlpatterns.insert(0, path("bench/minimal/", lambda request: HttpResponse("ok")))
    clear_url_caches()
    return "/bench/minimal/"


def measure() -> list[tuple]:
    from django.conf import settings
    from django.test import Client

    from members.models import User
    from mutualaid.models import NeedCategory, ResourceRequest
    from wcc.paging import encode_cursor

    # No setup_test_environment(): its template instrumentation (copying every context
    # for the test client) would be measured too.
    settings.ALLOWED_HOSTS = ["testserver"]
    member = User.objects.get(email="m1@bench.example")
    coordinator = User.objects.get(email="m0@bench.example")
    category = NeedCategory.objects.filter(neighborhood__slug="bench-00").order_by("pk").first()
    deep = ResourceRequest.objects.filter(neighborhood__slug="bench-00").for_board()[159]
    cases = [
        ("minimal view, same stack (issue 7)", member, add_minimal_view(), {}),
        ("floor: neighborhood home (no needs code)", member, "/n/bench-00/", {}),
        ("board, first page", member, "/n/bench-00/needs/", {}),
        (
            "board, filtered (category + urgency)",
            member,
            "/n/bench-00/needs/",
            {"category": category.pk, "urgency": "normal"},
        ),
        ("board, matches my offers", member, "/n/bench-00/needs/", {"matches": "on"}),
        (
            "board, 9th page (htmx load more)",
            member,
            "/n/bench-00/needs/",
            {"after": encode_cursor(deep), "_htmx": "1"},
        ),
        ("triage", coordinator, "/n/bench-00/needs/triage/", {}),
    ]
    runs = []
    for label, user, url, query in cases:
        client = Client()
        client.force_login(user)
        headers = {"HTTP_HX_REQUEST": "true"} if query.pop("_htmx", None) else {}
        for _ in range(WARMUP):
            response = client.get(url, query, **headers)
        runs.append((label, client, url, query, headers, [], [], response))
    for _ in range(ROUNDS):
        for label, client, url, query, headers, times, cpu, _response in runs:
            for _ in range(REQUESTS // ROUNDS):
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(url, query, **headers)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - cpu_started) * 1000)
                assert response.status_code == 200, (label, response.status_code)
    minimal_rate = 1000 / statistics.mean(runs[0][5])
    results = []
    for label, _client, _url, _query, _headers, times, cpu, response in runs:
        html = response.content
        rate = 1000 / statistics.mean(times)
        results.append(
            (
                label,
                statistics.median(times),
                percentile(times, 0.95),
                statistics.median(cpu),
                percentile(cpu, 0.95),
                rate,
                rate / minimal_rate,
                len(html),
                len(gzip.compress(html, compresslevel=6)),
            )
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reseed", action="store_true", help="drop the data and seed again")
    args = parser.parse_args()
    ensure_database()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from mutualaid.models import ResourceRequest

    if args.reseed:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    if ResourceRequest.objects.count() != NEEDS:
        if ResourceRequest.objects.exists():
            call_command("flush", interactive=False, verbosity=0)
        seed()
    print(
        f"PostgreSQL {connection.cursor().connection.info.server_version}, "
        f"{os.cpu_count()} cores, {REQUESTS} requests per page after {WARMUP} warm-up"
    )
    load = os.getloadavg()[0]
    print(f"load average at start: {load:.1f} (other work on the same 2 cores inflates times)")
    print("wall: server time per request; cpu: this process's CPU time (no waiting for a core)")
    header = ["wall p50", "wall p95", "cpu p50", "cpu p95", "req/s", "share", "HTML", "gzip"]
    print(f"{'page':41}" + "".join(f"{h:>10}" for h in header))
    for label, p50, p95, cpu50, cpu95, rate, share, size, gz in measure():
        print(
            f"{label:41}{p50:10.1f}{p95:10.1f}{cpu50:10.1f}{cpu95:10.1f}{rate:10.0f}"
            f"{share:10.0%}{size:9d}B{gz:9d}B"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

"""What each middleware adds to a signed-in request, measured one layer at a time.

    .venv/bin/python bench/middleware.py            # 2,000 requests a step
    BENCH_REQUESTS=500 .venv/bin/python bench/middleware.py

WCC's signed-in floor (``/bench/floor/``: the whole stack, then a fixed string) is
requested in-process through Django's test client, as a signed-in member, with the
middleware list cut after its first k entries, for k = 0 .. all. Each step's time
minus the step before is what that middleware adds (its dependencies always come
earlier in the list, so every prefix is a working stack). Reported per request, as
this process's CPU time and as wall time (the wall time includes the round trips to
PostgreSQL and Redis that a layer makes, which this process's CPU time leaves out).

Uses a small database of its own (``wcc_bench_middleware``; BENCH_DATABASE_URL to
change) and the sessions cache of the environment (SESSION_CACHE_URL; the bench sets
Redis db 9 when unset, as in production).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wcc_bench_middleware"
)
os.environ.update(
    DATABASE_URL=DATABASE_URL,
    DJANGO_SETTINGS_MODULE="bench.settings",
    SECRET_KEY=os.environ.get("SECRET_KEY", "bench-only-secret-key-not-for-production-use"),
    SECURE_SSL_REDIRECT="0",
    SECURE_COOKIES="0",
    CELERY_BROKER_URL="memory://",
    LOG_LEVEL="WARNING",
    WCC_MANIFEST_STATIC="0",
)
os.environ.setdefault("SESSION_CACHE_URL", "redis://127.0.0.1:6379/9")
os.environ.pop("DEBUG", None)
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "2000"))
ROUNDS = 3


def setup() -> None:
    from bench.seeding import ensure_database

    ensure_database(DATABASE_URL)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def signed_in_client():
    from django.test import Client

    from members.models import Membership, Neighborhood, Role, User

    neighborhood, _ = Neighborhood.objects.get_or_create(slug="bench-mw", name="Bench MW")
    user, created = User.objects.get_or_create(
        email="member@bench-mw.example", defaults={"display_name": "Bench Member"}
    )
    Membership.objects.get_or_create(
        user=user, neighborhood=neighborhood, defaults={"role": Role.MEMBER, "status": "active"}
    )
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    return client


def per_request(client, middleware: list[str]) -> tuple[float, float]:
    """Median over rounds of (CPU ms, wall ms) per request with this middleware list."""
    from django.test import Client
    from django.test.utils import override_settings

    cpu, wall = [], []
    with override_settings(MIDDLEWARE=middleware):
        # A new client for each list: a client's handler builds its chain only once.
        signed_in, client = client, Client(HTTP_HOST="localhost")
        client.cookies = signed_in.cookies
        for _ in range(50):  # warm: the session, the snapshot, the URL resolver
            assert client.get("/bench/floor/").status_code == 200
        for _ in range(ROUNDS):
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            for _ in range(REQUESTS):
                client.get("/bench/floor/")
            cpu.append((time.process_time() - started_cpu) * 1000 / REQUESTS)
            wall.append((time.perf_counter() - started_wall) * 1000 / REQUESTS)
    return statistics.median(cpu), statistics.median(wall)


def main() -> None:
    setup()
    from django.conf import settings

    client = signed_in_client()
    stack = list(settings.MIDDLEWARE)
    rows, before = [], per_request(client, [])
    print("| middleware | CPU ms added | wall ms added |\n|---|---:|---:|")
    print(f"| (none: test client, URL resolver, view) | {before[0]:.3f} | {before[1]:.3f} |")
    for k in range(1, len(stack) + 1):
        now = per_request(client, stack[:k])
        rows.append((stack[k - 1], now[0] - before[0], now[1] - before[1]))
        print(f"| `{stack[k - 1]}` | {rows[-1][1]:.3f} | {rows[-1][2]:.3f} |", flush=True)
        before = now
    print(f"| **all** | {before[0]:.3f} total | {before[1]:.3f} total |")


if __name__ == "__main__":
    main()

"""Shift benchmarks (issue 5), on their own PostgreSQL database.

    .venv/bin/python bench/shifts.py            # both
    .venv/bin/python bench/shifts.py reminders  # one Celery worker, 10,000 due reminders
    .venv/bin/python bench/shifts.py coverage   # coverage view with 2,000 upcoming shifts

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/wcc_bench_shifts),
BENCH_BROKER_URL (default redis://127.0.0.1:6379/5). Results: bench/README.md.
"""

import os
import socket
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wcc_bench_shifts"
)
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/5")
os.environ.update(
    DATABASE_URL=DATABASE_URL,
    CELERY_BROKER_URL=BROKER_URL,
    SECRET_KEY="bench-only-secret-key",
    DJANGO_SETTINGS_MODULE="wcc.settings",
    WCC_MANIFEST_STATIC="0",
    SECURE_SSL_REDIRECT="0",  # the test client speaks plain http
)
os.environ.pop("DEBUG", None)

REMINDERS = 10_000
SHIFTS = 2_000
# 2,000 upcoming shifts spread over the 26 weeks a series may look ahead (~77 a week).
SPACING = 26 * 7 * 24 * 60 // SHIFTS


def create_database() -> None:
    import psycopg

    base, name = DATABASE_URL.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


create_database()
import django  # noqa: E402

django.setup()
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from members.models import Membership, Neighborhood, Role, User  # noqa: E402
from mutualaid.models import Reminder, Shift, Signup  # noqa: E402


def neighborhood(slug: str) -> Neighborhood:
    Neighborhood.objects.filter(slug=slug).delete()
    return Neighborhood.objects.create(name=slug.title(), slug=slug)


def people(prefix: str, count: int) -> list[User]:
    User.objects.filter(email__startswith=prefix).delete()
    return User.objects.bulk_create(
        (
            User(email=f"{prefix}{n}@example.org", display_name=f"Person {n}", password="!")
            for n in range(count)
        ),
        batch_size=2000,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_reminders() -> None:
    place = neighborhood("bench-reminders")
    users = people("bench-r-", REMINDERS)
    starts = timezone.now() + timedelta(days=2)
    shifts = Shift.objects.bulk_create(
        Shift(
            neighborhood=place,
            role="Intake table",
            starts_at=starts + timedelta(hours=n),
            ends_at=starts + timedelta(hours=n + 3),
            place="Hall",
            capacity=100,
        )
        for n in range(REMINDERS // 100)
    )
    signups = Signup.objects.bulk_create(
        (
            Signup(shift=shifts[n // 100], user=user, status=Signup.Status.CONFIRMED)
            for n, user in enumerate(users)
        ),
        batch_size=2000,
    )
    due = timezone.now() - timedelta(minutes=1)
    Reminder.objects.bulk_create(
        (
            Reminder(
                shift_id=s.shift_id, signup=s, user_id=s.user_id, offset_minutes=120, due_at=due
            )
            for s in signups
        ),
        batch_size=2000,
    )
    port = free_port()
    sink = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aiosmtpd",
            "-n",
            "-l",
            f"127.0.0.1:{port}",
            "-c",
            "aiosmtpd.handlers.Sink",
        ],
    )
    env = {
        **os.environ,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "wcc",
            "worker",
            "--concurrency=2",
            "-l",
            "WARNING",
            "-n",
            "bench-shifts@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
    )
    from mutualaid.tasks import dispatch_due_reminders
    from wcc.celery import app

    try:
        while not app.control.ping(timeout=1):
            time.sleep(0.5)
        started = time.perf_counter()
        last_nudge = 0.0
        pending = Reminder.objects.filter(shift__neighborhood=place).exclude(status="sent")
        while pending.exists():
            if time.perf_counter() - last_nudge > 10:  # what beat does, every minute in production
                dispatch_due_reminders.delay()  # two at once: one per worker process
                dispatch_due_reminders.delay()
                last_nudge = time.perf_counter()
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
    finally:
        worker.terminate()
        sink.terminate()
        worker.wait(30)
        sink.wait(10)
    print(
        f"reminders: {REMINDERS} sent by one worker to the SMTP sink in {elapsed:.1f} s "
        f"({REMINDERS / elapsed:.0f}/s)"
    )


def seed_coverage(place: Neighborhood, volunteers: list[User]) -> None:
    """SHIFTS upcoming shifts over 26 weeks, with 0 to 3 of 20 volunteers confirmed on each
    (also used by bench/city.py)."""
    now = timezone.now()
    shifts = Shift.objects.bulk_create(
        Shift(
            neighborhood=place,
            role=f"Role {n % 7}",
            starts_at=now + timedelta(minutes=SPACING * n + 60),
            ends_at=now + timedelta(minutes=SPACING * n + 240),
            place="Hall",
            capacity=3,
        )
        for n in range(SHIFTS)
    )
    Signup.objects.bulk_create(
        Signup(shift=shift, user=volunteers[(n + k) % 20], status=Signup.Status.CONFIRMED)
        for n, shift in enumerate(shifts)
        for k in range(n % 4)
    )


def bench_coverage(requests: int = 200) -> None:
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    place = neighborhood("bench-coverage")
    volunteers = people("bench-c-", 20)
    coordinator = User.objects.create(
        email="bench-c-coordinator@example.org", display_name="Coordinator", password="!"
    )
    Membership.objects.create(
        user=coordinator, neighborhood=place, role=Role.COORDINATOR, status="active"
    )
    seed_coverage(place, volunteers)
    client = Client()
    client.force_login(coordinator)
    url = reverse("shift_coverage", kwargs={"slug": place.slug}) + "?weeks=4"
    response = client.get(url)
    assert response.status_code == 200
    shown = response.content.decode().count("coverage__row ") + response.content.decode().count(
        'coverage__row"'
    )
    home = reverse("neighborhood_home", kwargs={"slug": place.slug})
    from django.http import HttpResponse
    from django.urls import clear_url_caches, path

    import wcc.urls

    wcc.urls.urlpatterns.insert(0, path("bench/minimal/", lambda request: HttpResponse("ok")))
    clear_url_caches()
    # The machine is shared: a floor page (the neighborhood home) and a minimal view
    # through the same stack (issue 7's yardstick) take turns with it, in rounds.
    pages = {
        "coverage": url,
        "floor: neighborhood home": home,
        "minimal view, same stack (issue 7)": "/bench/minimal/",
    }
    wall = {label: [] for label in pages}
    cpu = {label: [] for label in pages}
    for _ in range(5):
        for label, address in pages.items():
            for _ in range(requests // 5):
                started, cpu_started = time.perf_counter(), time.process_time()
                assert client.get(address).status_code == 200
                wall[label].append((time.perf_counter() - started) * 1000)
                cpu[label].append((time.process_time() - cpu_started) * 1000)
    minimal_rate = 1000 / statistics.mean(wall["minimal view, same stack (issue 7)"])
    for label in pages:
        timings, cpu_times = sorted(wall[label]), sorted(cpu[label])
        p95 = timings[int(len(timings) * 0.95) - 1]
        cpu95 = cpu_times[int(len(cpu_times) * 0.95) - 1]
        share = 1000 / statistics.mean(timings) / minimal_rate
        print(
            f"{label}: {requests} requests, p50 {statistics.median(timings):.1f} ms, "
            f"p95 {p95:.1f} ms; cpu p50 {statistics.median(cpu_times):.1f} ms, "
            f"p95 {cpu95:.1f} ms; {share:.0%} of the minimal view's throughput"
        )
    print(f"coverage page: {shown} of {SHIFTS} upcoming shifts (4 weeks, first page)")


if __name__ == "__main__":
    call_command("migrate", verbosity=0)
    what = sys.argv[1:] or ["reminders", "coverage"]
    if "coverage" in what:
        bench_coverage()
    if "reminders" in what:
        bench_reminders()

"""Benchmark of the intake table on PostgreSQL (issue 4).

Seeds 200,000 visitors and 500,000 visits (with ~500,000 ticked needs) across 50
neighborhoods into its own database with COPY, then measures through Django's test
client (the whole middleware stack, as a logged-in volunteer):

- the typo recall (issue 15): a fixed list of typo variants (swapped, dropped, doubled
  and wrong letter in the first name, missing accent) of the names of 200 visitors
  whose name no other visitor of the neighborhood has, each
  searched as a volunteer would type it; the share whose visitor is in the top 5;
- the returning-visitor search (htmx partial) for 3- to 6-letter prefixes, typos and
  phone digits, 300 requests after 30 warm-up requests;
- the session page of a session with 150 visits, 120 requests after 5 warm-ups, taking
  turns with the neighborhood home and a minimal view through the same stack (issue 7):
  wall and CPU time, and each page's throughput as a share of the minimal view's.

Run from the worktree (about 2 minutes to seed, once; later runs reuse the data):

    .venv/bin/python bench/intake.py            # seed if empty, then measure
    .venv/bin/python bench/intake.py --reseed   # drop and seed again
    .venv/bin/python bench/intake.py --typos    # only the typo recall (issue 15)

DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/wcc_bench_intake.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wcc_bench_intake")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wcc.settings")
# The test client speaks plain http: no redirect to https in a measurement.
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

NEIGHBORHOODS, VISITORS, VISITS, PER_SESSION = 50, 200_000, 500_000, 150

FIRST = [
    "María",
    "José",
    "Ana",
    "Lucía",
    "Carmen",
    "Rosa",
    "Guadalupe",
    "Fatima",
    "Amina",
    "Aisha",
    "Mei",
    "Lan",
    "Thu",
    "Nguyen",
    "Olga",
    "Dmitri",
    "Ivan",
    "Kwame",
    "Kofi",
    "Ama",
    "Grace",
    "John",
    "Peter",
    "Paul",
    "Mary",
    "Sarah",
    "Jean",
    "François",
    "Zoë",
    "Chloé",
    "Noël",
    "Tomás",
    "Joaquín",
    "Sofía",
    "Valentina",
    "Camila",
    "Mateo",
    "Santiago",
    "Diego",
    "Ahmed",
    "Omar",
    "Yusuf",
    "Leila",
    "Priya",
    "Arjun",
    "Ravi",
    "Deepa",
    "Hannah",
    "Jakub",
    "Zofia",
    "Łukasz",
    "Björn",
    "Søren",
    "Renée",
    "André",
    "Inés",
    "Raúl",
]
LAST = [
    "García",
    "Martínez",
    "Hernández",
    "López",
    "González",
    "Pérez",
    "Rodríguez",
    "Sánchez",
    "Ramírez",
    "Cruz",
    "Flores",
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Chen",
    "Wang",
    "Li",
    "Zhang",
    "Okafor",
    "Mensah",
    "Boateng",
    "Mohamed",
    "Ali",
    "Hassan",
    "Khan",
    "Singh",
    "Patel",
    "Kumar",
    "Smith",
    "Johnson",
    "Brown",
    "O'Brien",
    "Murphy",
    "Kowalski",
    "Nowak",
    "Müller",
    "Schmidt",
    "Dubois",
    "Lefèvre",
    "Rossi",
    "Silva",
    "Santos",
    "Oliveira",
    "Costa",
    "Quispe",
    "Mamani",
    "Ivanova",
    "Petrov",
    "Jensen",
]


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49], cuts[94]


def ensure_database() -> None:
    import psycopg

    base, name = os.environ["DATABASE_URL"].rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if "--reseed" in sys.argv and exists:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def seed() -> None:
    from django.db import connection
    from django.utils import timezone

    from bench.seeding import bench_neighborhoods
    from intake.models import IntakeSession, normalized
    from members.models import Membership, Role, User

    rng = random.Random(2026)
    started = time.perf_counter()
    neighborhoods = bench_neighborhoods(NEIGHBORHOODS)
    volunteers = []
    for hood in neighborhoods:
        user = User.objects.create_user(
            email=f"volunteer@{hood.slug}.example.org", display_name=f"Vol {hood.slug}"
        )
        Membership.objects.create(
            user=user, neighborhood=hood, role=Role.VOLUNTEER, status=Membership.Status.ACTIVE
        )
        volunteers.append(user)
    today = timezone.localdate()
    sessions_per_hood = VISITS // NEIGHBORHOODS // PER_SESSION + 1
    sessions = IntakeSession.objects.bulk_create(
        IntakeSession(
            neighborhood=hood,
            date=today - timezone.timedelta(days=14 * k),
            status="closed" if k else "open",
        )
        for hood in neighborhoods
        for k in range(sessions_per_hood)
    )
    now = timezone.now()
    raw = connection.connection
    with raw.cursor() as cursor:
        columns = (
            "neighborhood_id, first_name, last_name, phone, household_size, languages, "
            "contact_by, search_name, phone_digits, version, created_at, updated_at"
        )
        with cursor.copy(f"COPY intake_visitor ({columns}) FROM STDIN") as copy:
            for i in range(VISITORS):
                first, last = rng.choice(FIRST), rng.choice(LAST) if rng.random() < 0.8 else ""
                digits = f"555{rng.randrange(10**7):07}" if rng.random() < 0.6 else ""
                phone = f"{digits[:3]} {digits[3:6]} {digits[6:]}" if digits else ""
                copy.write_row(
                    (
                        neighborhoods[i % NEIGHBORHOODS].pk,
                        first,
                        last,
                        phone,
                        rng.randint(1, 7),
                        "",
                        "",
                        normalized(f"{first} {last}"),
                        digits,
                        1,
                        now,
                        now,
                    )
                )
        cursor.execute("SELECT neighborhood_id, array_agg(id) FROM intake_visitor GROUP BY 1")
        visitors_of = dict(cursor.fetchall())
        by_hood: dict[int, list] = {}
        for session in sessions:
            by_hood.setdefault(session.neighborhood_id, []).append(session)
        columns = (
            "session_id, visitor_id, logged_by_id, is_first_visit, note, follow_up, "
            "created_at, updated_at"
        )
        with cursor.copy(f"COPY intake_visit ({columns}) FROM STDIN") as copy:
            per_hood = VISITS // NEIGHBORHOODS
            for hood, volunteer in zip(neighborhoods, volunteers, strict=True):
                pool = visitors_of[hood.pk]
                for j in range(per_hood):
                    session = by_hood[hood.pk][j // PER_SESSION]
                    copy.write_row(
                        (
                            session.pk,
                            rng.choice(pool),
                            volunteer.pk,
                            False,
                            "",
                            "",
                            now,
                            now,
                        )
                    )
        cursor.execute(
            """INSERT INTO intake_visitneed (visit_id, category_id)
               SELECT v.id, c.id FROM intake_visit v
               JOIN intake_intakesession s ON s.id = v.session_id
               JOIN mutualaid_needcategory c ON c.neighborhood_id = s.neighborhood_id
               AND c.position = v.id % 13"""
        )
        cursor.execute("ANALYZE")
    raw.commit()
    print(f"seeded in {time.perf_counter() - started:.0f} s")


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def typo_variants(name: str, rng: random.Random) -> list[tuple[str, str]]:
    """One variant of ``name`` per kind of typo, in its first word (a short name is the
    hard case: a letter is a large share of its trigrams), as (kind, text) pairs."""
    import unicodedata

    first, _, rest = name.partition(" ")

    def spelled(word: str) -> str:
        return f"{word} {rest}".strip()

    variants = []
    if len(first) >= 3:
        i = rng.randrange(len(first) - 1)
        if first[i] != first[i + 1]:
            variants.append(
                ("swapped", spelled(first[:i] + first[i + 1] + first[i] + first[i + 2 :]))
            )
        i = rng.randrange(1, len(first))
        variants.append(("dropped", spelled(first[:i] + first[i + 1 :])))
        i = rng.randrange(len(first))
        variants.append(("doubled", spelled(first[: i + 1] + first[i] + first[i + 1 :])))
        i = rng.randrange(1, len(first))
        wrong = rng.choice([c for c in LETTERS if c != first[i].lower()])
        variants.append(("wrong letter", spelled(first[:i] + wrong + first[i + 1 :])))
    plain = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    if plain != name:
        variants.append(("missing accent", plain))
    return variants


def typo_recall(hood, rng: random.Random) -> None:
    """Top-5 recall of the returning-visitor search over a fixed list of typo variants
    of 200 visitors' names (the same seed gives the same list), and the search's own
    time over them."""
    from intake.models import Visitor

    # Names no other visitor of the neighborhood has: for a name shared by several
    # people, which of them the search puts first says nothing about typos.
    visitors = list(Visitor.objects.of(hood).current().order_by("pk"))
    count = Counter(v.search_name for v in visitors)
    chosen = rng.sample([v for v in visitors if count[v.search_name] == 1], 200)
    cases = [
        (visitor.pk, kind, text)
        for visitor in chosen
        for kind, text in typo_variants(str(visitor), rng)
    ]
    found: dict[str, list[bool]] = {}
    timings = []
    for pk, kind, text in cases:
        started = time.perf_counter()
        top = [v.pk for v in Visitor.objects.of(hood).current().search(text, limit=5)]
        timings.append((time.perf_counter() - started) * 1000)
        found.setdefault(kind, []).append(pk in top)
    every = [hit for hits in found.values() for hit in hits]
    print(f"typo recall (top 5), {len(every)} variants of 200 names: {sum(every) / len(every):.1%}")
    for kind, hits in found.items():
        print(f"  {kind}: {sum(hits)}/{len(hits)} ({sum(hits) / len(hits):.1%})")
    p50, p95 = percentiles(timings)
    print(f"  search over the variants (ORM): p50 {p50:.1f} ms, p95 {p95:.1f} ms")


def measure() -> None:
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client
    from django.urls import reverse

    from intake.models import IntakeSession, Visit, Visitor
    from intake.views import VISITS_PER_PAGE
    from members.models import Neighborhood, User

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    rng = random.Random(4)
    print(
        f"visitors {Visitor.objects.count():,}, visits {Visit.objects.count():,}, "
        f"neighborhoods {Neighborhood.objects.count()}"
    )
    hood = Neighborhood.objects.get(slug="bench-07")
    client = Client()
    client.force_login(User.objects.get(email=f"volunteer@{hood.slug}.example.org"))
    session = (
        IntakeSession.objects.of(hood).annotate(n=Count("visits")).filter(n=PER_SESSION).first()
    )
    names = list(Visitor.objects.of(hood).values_list("first_name", "last_name", "phone_digits"))
    typo_recall(hood, random.Random(15))
    if "--typos" in sys.argv:
        return

    def query() -> str:
        first, last, digits = rng.choice(names)
        kind = rng.random()
        if kind < 0.5:
            return first[: rng.randint(3, 6)]
        if kind < 0.75 and last:  # a small typo: one letter dropped
            word = f"{first} {last}"
            cut = rng.randrange(1, len(word))
            return word[:cut] + word[cut + 1 :]
        return digits[-4:] if digits else first[:3]

    search_url = reverse("intake_search", args=[hood.slug, session.pk])
    timings = []
    for n in range(330):
        started = time.perf_counter()
        response = client.post(search_url, {"q": query()}, headers={"HX-Request": "true"})
        assert response.status_code == 200
        if n >= 30:
            timings.append((time.perf_counter() - started) * 1000)
    p50, p95 = percentiles(timings)
    print(f"search (htmx partial, 300 requests): p50 {p50:.1f} ms, p95 {p95:.1f} ms")

    visitors = Visitor.objects.of(hood).current()
    timings = []
    for n in range(330):
        text = query()
        started = time.perf_counter()
        list(visitors.search(text))
        if n >= 30:
            timings.append((time.perf_counter() - started) * 1000)
    p50, p95 = percentiles(timings)
    print(f"search query alone (ORM, 300 searches): p50 {p50:.1f} ms, p95 {p95:.1f} ms")

    # The session page, with the neighborhood home (the floor page) and a minimal view
    # through the same stack (issue 7's yardstick) taking turns, in rounds.
    from django.http import HttpResponse
    from django.urls import clear_url_caches, path

    import wcc.urls

    wcc.urls.urlpatterns.insert(0, path("bench/minimal/", lambda request: HttpResponse("ok")))
    clear_url_caches()
    pages = {
        "session page with 150 visits": reverse("intake_session", args=[hood.slug, session.pk]),
        "floor: neighborhood home": reverse("neighborhood_home", args=[hood.slug]),
        "minimal view, same stack (issue 7)": "/bench/minimal/",
    }
    wall = {label: [] for label in pages}
    cpu = {label: [] for label in pages}
    for address in pages.values():
        for _ in range(5):
            client.get(address)
    for _ in range(6):
        for label, address in pages.items():
            for _ in range(20):
                started, cpu_started = time.perf_counter(), time.process_time()
                response = client.get(address)
                wall[label].append((time.perf_counter() - started) * 1000)
                cpu[label].append((time.process_time() - cpu_started) * 1000)
                assert response.status_code == 200
                if label.startswith("session"):  # the newest page of the 150
                    assert f"{PER_SESSION} visits so far".encode() in response.content
                    assert response.content.count(b'class="visit"') == VISITS_PER_PAGE
    minimal_rate = 1000 / statistics.mean(wall["minimal view, same stack (issue 7)"])
    for label in pages:
        p50, p95 = percentiles(wall[label])
        c50, c95 = percentiles(cpu[label])
        share = 1000 / statistics.mean(wall[label]) / minimal_rate
        print(
            f"{label} (120 requests): wall p50 {p50:.1f} ms, p95 {p95:.1f} ms; "
            f"cpu p50 {c50:.1f} ms, p95 {c95:.1f} ms; {share:.0%} of the minimal view's throughput"
        )
    print("load average (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))


def main() -> None:
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command

    from intake.models import Visit

    call_command("migrate", verbosity=0)
    if not Visit.objects.exists():
        seed()
    print("load average before (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    measure()


if __name__ == "__main__":
    main()

"""City-scale benchmark (issue 7): one command seeds, serves with gunicorn and measures.

    .venv/bin/python bench/city.py                      # seed once, then every measurement
    .venv/bin/python bench/city.py --reseed             # drop the database and seed again
    .venv/bin/python bench/city.py --only wrk,weight    # some of: weight,wrk,cpu,lighthouse,writes

Seeds ONE database (``wcc_bench_city``; ``BENCH_DATABASE_URL`` to change) with the
city-scale set, using the other bench scripts' seeders: 50 neighborhoods, 20,000 members,
300,000 needs (10,000 open) from bench/needs.py; 200,000 visitors and 500,000 visits in
sessions of 150 from bench/intake.py; 2,000 upcoming shifts with sign-ups from
bench/shifts.py. Later runs reuse the data.

Then it collects the static files into a temporary STATIC_ROOT (hashed and compressed,
served by whitenoise) and starts gunicorn on 127.0.0.1 with WCC's production config
(DEBUG off, a random secret, https redirect and secure cookies off: loopback speaks
http), with ``bench.settings``: WCC's settings plus ``/bench/floor/``, a view that
returns a fixed string through the same middleware (WCC's signed-in floor). Beside it a
second gunicorn, same config, serves bench/bare.py: one Django view with no middleware,
no apps and no database (the bare-Django floor), so the floor's own cost shows.

- weight: each page's first load, HTML gzipped (level 6) plus its CSS and JS as
  whitenoise sends them with ``Accept-Encoding: gzip``; budget 60 KB.
- wrk: ``wrk -t2 -c20 -d10s --latency --timeout 30s`` with a signed-in session cookie
  on the board and home (a member), the intake session page with 150 visits (a volunteer), the shift
  coverage (a coordinator), and the floor, in three rounds (BENCH_WRK_ROUNDS); each
  page's median run counts; targets: every page at least 40 % of the floor's requests
  per second, and the floor at least 25 % of bare Django's.
- cpu: the machine's CPU time (all processes, /proc/stat) per request of each page with
  one connection (``wrk -t1 -c1``, 5 s a page, two rounds), and the floor's over the
  page's: the same ratio without the noise of 20 connections on two cores.
- lighthouse: the npm package (installed on demand into bench/.node, never part of CI)
  against Debian's Chromium, mobile, median of 3 runs, for board, session page and home;
  targets: performance 95, accessibility 100, best practices 100.
- writes: 20 volunteers (threads, each with its own session and intake session) log
  visits over real HTTP for 60 s as a browser without JavaScript does (GET the page for
  the CSRF token and the per-render key, POST, follow the redirect); 5 % of the posts are
  sent twice at once with the same key. Then: HTTP errors, visits the clients saw saved
  against rows in the database, and duplicates per key.

Figures are printed as a Markdown table and saved in bench/results/city-<time>.json.
Environment: BENCH_WRK_SECONDS (10), BENCH_WRK_ROUNDS (3), BENCH_WRITE_SECONDS (60),
BENCH_LIGHTHOUSE_RUNS (3).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.client
import io
import json
import os
import random
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wcc_bench_city"
)
# The environment of this process (which seeds and signs people in) and of the server:
# the same database and secret, so the sessions made here are valid there.
SERVER_ENV = {
    **os.environ,
    "BENCH_DATABASE_URL": DATABASE_URL,
    "DATABASE_URL": DATABASE_URL,
    "SECRET_KEY": secrets.token_urlsafe(50),
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_COOKIES": "0",
    "CELERY_BROKER_URL": "memory://",
    # Sessions and who is signed in, in Redis as in production (members/signed_in.py).
    "SESSION_CACHE_URL": os.environ.get("BENCH_SESSION_CACHE_URL", "redis://127.0.0.1:6379/9"),
    "LOG_LEVEL": "WARNING",
}
SERVER_ENV.pop("DEBUG", None)
os.environ.clear()
os.environ.update(SERVER_ENV, DJANGO_SETTINGS_MODULE="wcc.settings", WCC_MANIFEST_STATIC="0")

STAGES = ["weight", "wrk", "cpu", "lighthouse", "writes"]
NEEDS, VISITS, SHIFTS, PER_SESSION = 300_000, 500_000, 2_000, 150
WRK_SECONDS = int(os.environ.get("BENCH_WRK_SECONDS", "10"))
WRK_ROUNDS = int(os.environ.get("BENCH_WRK_ROUNDS", "3"))
BARE = "bare Django (no middleware)"  # bench/bare.py: Django itself, beside WCC's floor
CPU_SECONDS, CPU_ROUNDS = 5, 2
WRITE_SECONDS = int(os.environ.get("BENCH_WRITE_SECONDS", "60"))
LIGHTHOUSE_RUNS = int(os.environ.get("BENCH_LIGHTHOUSE_RUNS", "3"))
LIGHTHOUSE_VERSION = "12.8.2"
NODE_DIR = ROOT / "bench" / ".node"
LIGHTHOUSE = NODE_DIR / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
BUDGET = 60 * 1024
WRITERS = 20
DOUBLE_SHARE = 0.05


# --- The data set -------------------------------------------------------------------


def seeded() -> bool:
    from intake.models import Visit
    from mutualaid.models import ResourceRequest, Shift

    return (
        ResourceRequest.objects.count() == NEEDS
        and Visit.objects.filter(session__neighborhood__slug__startswith="bench-").count() >= VISITS
        and Shift.objects.filter(neighborhood__slug="bench-00").count() >= SHIFTS
    )


def seed_shifts() -> None:
    from bench import shifts  # its import only re-checks that the database exists
    from members.models import Neighborhood, User

    place = Neighborhood.objects.get(slug="bench-00")
    # Members of bench-00 (m0 is its coordinator) sign up, 0 to 3 a shift.
    volunteers = list(User.objects.filter(email__in=[f"m{n}@bench.example" for n in range(1, 21)]))
    shifts.seed_coverage(place, volunteers)


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def seed() -> None:
    from tqdm import tqdm

    from bench import intake as intake_bench
    from bench import needs as needs_bench

    steps = [
        ("50 neighborhoods, 20,000 members, 300,000 needs", needs_bench.seed),
        ("200,000 visitors, 500,000 visits", intake_bench.seed),
        ("2,000 upcoming shifts with sign-ups", seed_shifts),
        ("ANALYZE", analyze),
    ]
    started = time.perf_counter()
    done = threading.Event()
    with tqdm(total=len(steps), unit="step", file=sys.stdout, dynamic_ncols=True) as bar:

        def redraw() -> None:  # steps take a minute or more: keep the clock moving
            while not done.wait(1):
                bar.refresh()

        threading.Thread(target=redraw, daemon=True).start()
        for label, step in steps:
            bar.set_description(label)
            with contextlib.redirect_stdout(io.StringIO()):  # the seeders' own prints
                step()
            bar.update()
        done.set()
    print(f"seeded in {time.perf_counter() - started:.0f} s")


def prepare_database(reseed: bool) -> None:
    """Migrate, then seed unless a complete data set is already there."""
    import django
    from django.core.management import call_command
    from django.db import connections

    from bench.seeding import ensure_database

    ensure_database(DATABASE_URL, drop=reseed)
    django.setup()
    call_command("migrate", verbosity=0)
    if seeded():
        print("data set already seeded: reusing it (--reseed to start over)")
        return
    from members.models import Neighborhood

    if Neighborhood.objects.exists():  # a run stopped half-way: start from empty
        connections.close_all()
        ensure_database(DATABASE_URL, drop=True)
        call_command("migrate", verbosity=0)
    seed()


# --- People, pages and the server -----------------------------------------------------


def session_cookie(email: str) -> str:
    from django.conf import settings
    from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
    from django.test import Client
    from django.utils.crypto import get_random_string

    from members.models import User

    client = Client()
    client.force_login(User.objects.get(email=email))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    # A browser sends back the CSRF cookie its first page set; without one, every page
    # would make a new secret and set the cookie again.
    csrf = get_random_string(CSRF_SECRET_LENGTH, CSRF_ALLOWED_CHARS)
    return f"{settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={csrf}"


def pages() -> dict[str, tuple[str, str]]:
    """Each measured page: its path and the cookie of the person who opens it."""
    from django.db.models import Count
    from django.urls import reverse

    from intake.models import IntakeSession

    member = session_cookie("m1@bench.example")
    session = (
        IntakeSession.objects.filter(neighborhood__slug="bench-00", status="open")
        .annotate(n=Count("visits"))
        .filter(n=PER_SESSION)
        .order_by("pk")
        .first()
    )
    slug = {"slug": "bench-00"}
    return {
        BARE: ("/bench/bare/", ""),
        "floor": ("/bench/floor/", member),
        "needs board": (reverse("needs_board", kwargs=slug), member),
        "intake session page (150 visits)": (
            reverse("intake_session", args=["bench-00", session.pk]),
            session_cookie("volunteer@bench-00.example.org"),
        ),
        "shift coverage": (
            reverse("shift_coverage", kwargs=slug) + "?weeks=4",
            session_cookie("m0@bench.example"),
        ),
        "neighborhood home": (reverse("neighborhood_home", kwargs=slug), member),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port: int, path: str, cookie: str = "", **headers) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", path, headers={"Cookie": cookie, **headers})
    response = conn.getresponse()
    response.body = response.read()
    conn.close()
    return response


@contextlib.contextmanager
def server(app: str = "wcc.wsgi:application"):
    """gunicorn on loopback with WCC's config, static files collected into a temp dir.
    ``app`` another WSGI app (the bare-Django floor, bench/bare.py) with the same config."""
    workdir = Path(tempfile.mkdtemp(prefix="wcc-bench-city-"))
    port = free_port()
    env = {
        **SERVER_ENV,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "STATIC_ROOT": str(workdir / "static"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    if app == "wcc.wsgi:application":
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    else:
        del env["DJANGO_SETTINGS_MODULE"]  # the app configures itself
    log = open(workdir / "gunicorn.log", "w")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", app]
        + ["--config", "wcc/gunicorn.conf.py", "--no-control-socket"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if fetch(port, "/healthz").status == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start: see {workdir / 'gunicorn.log'}")
            time.sleep(0.3)
        workers = env.get("WEB_CONCURRENCY") or os.cpu_count() * 2 + 1
        print(f"gunicorn on 127.0.0.1:{port}, {workers} workers x 2 threads, DEBUG off")
        yield port
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        errors = [
            line
            for line in (workdir / "gunicorn.log").read_text().splitlines()
            if "Traceback" in line or '"levelname": "ERROR"' in line
        ]
        if errors:
            print(f"server log had {len(errors)} error lines, e.g. {errors[0][:300]}")
        shutil.rmtree(workdir, ignore_errors=True)


class LoadSampler(threading.Thread):
    """The 1-minute load average every 5 s, so each figure says how busy the machine was."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[tuple[float, float]] = []
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            self.samples.append((time.monotonic(), os.getloadavg()[0]))
            self.stopped.wait(5)

    def during(self, since: float) -> str:
        values = [load for at, load in self.samples if at >= since] or [os.getloadavg()[0]]
        return f"{min(values):.1f}-{max(values):.1f}"


# --- Measurements --------------------------------------------------------------------


def check_page(port: int, label: str, path: str, cookie: str) -> None:
    response = fetch(port, path, cookie)
    if response.status != 200:  # a redirect would mean the cookie was refused
        raise RuntimeError(f"{label}: {path} answered {response.status}, not 200")


ASSET = re.compile(r'<(?:script[^>]+src|link[^>]+href)="(/static/[^"?]+\.(?:js|css))"')


def measure_weight(port: int, measured: dict) -> list[dict]:
    rows = []
    for label, (path, cookie) in measured.items():
        if label in {"floor", BARE}:
            continue
        html = fetch(port, path, cookie).body
        html_gz = len(gzip.compress(html, compresslevel=6))
        assets = 0
        for asset in sorted(set(ASSET.findall(html.decode()))):
            response = fetch(port, asset, cookie, **{"Accept-Encoding": "gzip"})
            assert response.status == 200, (asset, response.status)
            assets += len(response.body)
        total = html_gz + assets
        rows.append(
            {
                "page": label,
                "html_bytes": len(html),
                "html_gzip": html_gz,
                "css_js_gzip": assets,
                "total": total,
                "met": total < BUDGET,
            }
        )
    return rows


def parse_duration(value: str, unit: str) -> float:
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(port: int, path: str, cookie: str, seconds: int) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", "-c20", f"-d{seconds}s", "--timeout", "30s", "--latency"]
        + ["-H", f"Cookie: {cookie}"]
        + [f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))}
    for share in (50, 90, 99):
        value, unit = re.search(rf"^\s+{share}%\s+([\d.]+)(us|ms|s)\b", out, re.M).groups()
        result[f"p{share}"] = parse_duration(value, unit)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    result["errors"] = (int(bad.group(1)) if bad else 0) + (
        sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1))) if socket_errors else 0
    )
    return result


def measure_wrk(port: int, measured: dict, load: LoadSampler, ports: dict) -> list[dict]:
    """WRK_ROUNDS rounds of the floor then each page; each page's figures are from its
    median run (by requests per second), the ratio is the medians'. One 10 s run can
    be off by half: wrk's 20 keep-alive connections stay with the gunicorn worker
    that accepted them, and sometimes most of them land on one or two workers."""
    for label, (path, cookie) in measured.items():  # warm every worker up
        wrk(ports.get(label, port), path, cookie, 2)
    runs: dict[str, list[dict]] = {label: [] for label in measured}
    for _round in range(WRK_ROUNDS):
        for label, (path, cookie) in measured.items():
            since = time.monotonic()
            result = wrk(ports.get(label, port), path, cookie, WRK_SECONDS)
            runs[label].append({**result, "load": load.during(since)})
            print(
                f"  {label:34} {result['rps']:7.1f} req/s  p50 {result['p50']:6.1f} ms  "
                f"p90 {result['p90']:6.1f} ms  p99 {result['p99']:6.1f} ms  "
                f"load {runs[label][-1]['load']}"
            )
    summary = []
    for label, page_runs in runs.items():
        ordered = sorted(page_runs, key=lambda run: run["rps"])
        median = ordered[(len(ordered) - 1) // 2]  # the lower one of an even number
        summary.append({"page": label, **median, "all_rps": [run["rps"] for run in page_runs]})
    floor = next(row["rps"] for row in summary if row["page"] == "floor")
    bare = next(row["rps"] for row in summary if row["page"] == BARE)
    for row in summary:
        row["ratio"] = row["rps"] / floor
        row["of_bare"] = row["rps"] / bare
        row["errors"] = sum(run["errors"] for run in runs[row["page"]])
        # Targets (issue 16): every page >= 40 % of WCC's floor; the floor >= 25 % of bare.
        if row["page"] == "floor":
            row["met"] = row["errors"] == 0 and row["of_bare"] >= 0.25
        else:
            row["met"] = row["errors"] == 0 and (row["page"] == BARE or row["ratio"] >= 0.40)
    return summary


def machine_busy_seconds() -> float:
    """CPU time the whole machine has spent busy (every process: gunicorn, PostgreSQL,
    wrk), from /proc/stat (Linux)."""
    with open("/proc/stat") as stat:
        ticks = [int(value) for value in stat.readline().split()[1:]]
    idle, iowait = ticks[3], ticks[4]
    return (sum(ticks) - idle - iowait) / os.sysconf("SC_CLK_TCK")


def measure_cpu(port: int, measured: dict, ports: dict) -> list[dict]:
    """Machine CPU per request, one connection at a time (wrk -t1 -c1), each page twice
    in turn: the cost of a request without the scheduling noise of 20 connections on
    two cores. The share is the floor's cost over the page's: the throughput ratio the
    page would have if the machine only ever ran it."""
    costs: dict[str, list[float]] = {label: [] for label in measured}
    for _round in range(CPU_ROUNDS):
        for label, (path, cookie) in measured.items():
            before = machine_busy_seconds()
            out = subprocess.run(
                ["wrk", "-t1", "-c1", f"-d{CPU_SECONDS}s", "-H", f"Cookie: {cookie}"]
                + [f"http://127.0.0.1:{ports.get(label, port)}{path}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            busy = machine_busy_seconds() - before
            requests = int(re.search(r"(\d+) requests in", out).group(1))
            costs[label].append(busy * 1000 / requests)
    floor = statistics.mean(costs["floor"])
    runs = []
    for label, values in costs.items():
        ms = statistics.mean(values)
        runs.append({"page": label, "ms": ms, "runs": values, "share": floor / ms})
        print(f"  {label:34} {ms:5.2f} ms of machine CPU a request ({floor / ms:.0%} of floor)")
    return runs


def ensure_lighthouse() -> None:
    if LIGHTHOUSE.exists():
        return
    print(f"installing lighthouse {LIGHTHOUSE_VERSION} into {NODE_DIR} (not part of CI)")
    NODE_DIR.mkdir(exist_ok=True)
    subprocess.run(
        ["npm", "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund"]
        + [f"lighthouse@{LIGHTHOUSE_VERSION}"],
        check=True,
    )


def lighthouse_once(url: str, cookie: str, report: Path) -> dict:
    flags = (
        "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run "
        "--disable-background-networking --disable-component-update --disable-sync"
    )
    subprocess.run(
        [str(LIGHTHOUSE), url, f"--chrome-flags={flags}", "--form-factor=mobile"]
        + ["--only-categories=performance,accessibility,best-practices"]
        + ["--output=json", f"--output-path={report}", "--quiet"]
        + [f"--extra-headers={json.dumps({'Cookie': cookie})}"],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        timeout=240,
        check=False,  # chrome-launcher may fail to clean its temp dir; the report counts
    )
    data = json.loads(report.read_text())
    if data.get("runtimeError") or any(c["score"] is None for c in data["categories"].values()):
        raise RuntimeError(f"Lighthouse: {(data.get('runtimeError') or {}).get('code')}")
    scores = {key: round(cat["score"] * 100) for key, cat in data["categories"].items()}
    failing = sorted(
        {
            ref["id"]
            for cat in data["categories"].values()
            for ref in cat["auditRefs"]
            if ref.get("weight")
            and data["audits"][ref["id"]]["score"] is not None
            and data["audits"][ref["id"]]["score"] < 1
        }
    )
    # Lighthouse's own CPU yardstick: below ~1000 it warns that the machine is slow.
    return {**scores, "failing": failing, "cpu": data["environment"]["benchmarkIndex"]}


def measure_lighthouse(port: int, measured: dict, out_dir: Path) -> list[dict]:
    ensure_lighthouse()
    rows = []
    for label in ("needs board", "intake session page (150 visits)", "neighborhood home"):
        path, cookie = measured[label]
        runs = []
        for n in range(LIGHTHOUSE_RUNS + 2):  # up to two retries of a broken trace
            if len(runs) == LIGHTHOUSE_RUNS:
                break
            slug = re.sub(r"\W+", "-", label).strip("-")
            report = out_dir / f"lighthouse-{slug}-{n}.json"
            try:
                runs.append(lighthouse_once(f"http://127.0.0.1:{port}{path}", cookie, report))
            except (RuntimeError, OSError, ValueError, subprocess.TimeoutExpired) as error:
                print(f"  {label}: run {n} failed ({error}); again")
        if not runs:
            raise RuntimeError(f"Lighthouse failed on {label} every time")
        row = {"page": label, "runs": len(runs), "cpu": [run["cpu"] for run in runs]}
        for key in ("performance", "accessibility", "best-practices"):
            row[key] = statistics.median(run[key] for run in runs)
        row["failing"] = sorted({audit for run in runs for audit in run["failing"]})
        row["met"] = (
            row["performance"] >= 95
            and row["accessibility"] == 100
            and row["best-practices"] == 100
        )
        rows.append(row)
        print(
            f"  {label:34} performance {row['performance']:.0f}, accessibility "
            f"{row['accessibility']:.0f}, best practices {row['best-practices']:.0f} "
            f"(CPU benchmark index {row['cpu']}); "
            f"audits below 1: {', '.join(row['failing']) or 'none'}"
        )
    return rows


# --- The write load ------------------------------------------------------------------


def writers() -> list[tuple[str, str]]:
    """WRITERS volunteers of bench-01, each at a fresh open session: (cookie, page path)."""
    from django.urls import reverse

    from intake.models import IntakeSession
    from members.models import Membership, Neighborhood, Role, User

    hood = Neighborhood.objects.get(slug="bench-01")
    today = datetime.now(UTC).date()
    people = []
    for n in range(WRITERS):
        user, _ = User.objects.get_or_create(
            email=f"writer{n}@bench-01.example.org", defaults={"display_name": f"Writer {n}"}
        )
        Membership.objects.get_or_create(
            user=user,
            neighborhood=hood,
            defaults={"role": Role.VOLUNTEER, "status": Membership.Status.ACTIVE},
        )
        session = IntakeSession.objects.create(
            neighborhood=hood, date=today, status=IntakeSession.Status.OPEN, place="Write load"
        )
        people.append(
            (
                session_cookie(user.email),
                reverse("intake_session", args=[hood.slug, session.pk]),
                session.pk,
            )
        )
    return people


class Volunteer(threading.Thread):
    """One volunteer at the table, as a browser without JavaScript: GET, POST, redirect."""

    def __init__(self, port: int, cookie: str, path: str, seed: int, stop_at: float) -> None:
        super().__init__(daemon=True)
        self.port, self.path, self.stop_at = port, path, stop_at
        self.cookies = dict(part.split("=", 1) for part in cookie.split("; "))
        self.rng = random.Random(seed)
        self.saved: list[str] = []  # keys of the posts the server answered with a redirect
        self.doubled = 0
        self.errors: list[str] = []
        self.post_ms: list[float] = []
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, body: str | None = None, conn=None) -> tuple[int, str]:
        conn = conn or self.conn
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, self.path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, text

    def run(self) -> None:
        try:
            status, page = self.request("GET")
            n = 0
            while status == 200 and time.monotonic() < self.stop_at:
                n += 1
                form = dict(
                    re.findall(r'name="(csrfmiddlewaretoken|submission_key)" value="([^"]+)"', page)
                )
                needs = re.findall(r'name="needs" value="(\d+)"', page)
                key = form["submission_key"]
                body = urlencode(
                    [
                        ("csrfmiddlewaretoken", form["csrfmiddlewaretoken"]),
                        ("submission_key", key),
                        ("first_name", f"Load {self.name} {n}"),
                        ("household_size", str(self.rng.randint(1, 6))),
                        ("note", key),
                    ]
                    + [("needs", need) for need in self.rng.sample(needs, 2)]
                )
                started = time.perf_counter()
                if self.rng.random() < DOUBLE_SHARE:  # a double tap: the same key twice at once
                    self.doubled += 1
                    second = threading.Thread(target=self.post_again, args=(body,))
                    second.start()
                    status, _ = self.request("POST", body)
                    second.join()
                else:
                    status, _ = self.request("POST", body)
                self.post_ms.append((time.perf_counter() - started) * 1000)
                if status != 302:
                    self.errors.append(f"POST answered {status}")
                    break
                self.saved.append(key)
                status, page = self.request("GET")  # where the redirect leads
            if status != 200:
                self.errors.append(f"GET answered {status}")
        except Exception as error:  # every failure is a counted error
            self.errors.append(f"{type(error).__name__}: {error}")

    def post_again(self, body: str) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            status, _ = self.request("POST", body, conn=conn)
            if status != 302:
                self.errors.append(f"second POST of a key answered {status}")
        except Exception as error:
            self.errors.append(f"second POST: {type(error).__name__}: {error}")
        finally:
            conn.close()


def measure_writes(port: int, load: LoadSampler) -> dict:
    from django.db.models import Count

    from intake.models import Visit

    people = writers()
    since = time.monotonic()
    stop_at = since + WRITE_SECONDS
    threads = [
        Volunteer(port, cookie, path, seed=n, stop_at=stop_at)
        for n, (cookie, path, _) in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WRITE_SECONDS + 120)
    elapsed = time.monotonic() - since
    saved = [key for thread in threads for key in thread.saved]
    visits = Visit.objects.filter(session_id__in=[pk for *_, pk in people])
    notes = dict(visits.values_list("note").annotate(n=Count("id")))
    result = {
        "volunteers": WRITERS,
        "seconds": round(elapsed, 1),
        "posts": sum(len(t.post_ms) for t in threads),
        "double_submits": sum(t.doubled for t in threads),
        "errors": [error for t in threads for error in t.errors],
        "saved_by_clients": len(saved),
        "rows_in_db": visits.count(),
        "lost": len(set(saved) - set(notes)),
        "duplicated": sum(1 for n in notes.values() if n > 1),
        "unexpected": len(set(notes) - set(saved)),
        "post_p50_ms": statistics.median(t for th in threads for t in th.post_ms),
        "post_p95_ms": statistics.quantiles(
            [t for th in threads for t in th.post_ms], n=20, method="inclusive"
        )[18],
        "load": load.during(since),
    }
    result["met"] = (
        not result["errors"]
        and result["lost"] == 0
        and result["duplicated"] == 0
        and result["unexpected"] == 0
        and result["rows_in_db"] == result["saved_by_clients"]
    )
    return result


# --- Report --------------------------------------------------------------------------


def mark(met: bool) -> str:
    return "met" if met else "**not met**"


def machine() -> str:
    with open("/proc/meminfo") as meminfo:
        kib = int(meminfo.readline().split()[1])
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return (
        f"{os.cpu_count()} cores, {kib / 1024 / 1024:.0f} GiB RAM, PostgreSQL {pg.split()[0]}, "
        f"Python {sys.version.split()[0]}, load average at start "
        + " ".join(f"{v:.1f}" for v in os.getloadavg())
    )


def report(results: dict) -> None:
    print("\n## City scale (issues 7, 16): results\n")
    print(f"{results['date']}; {results['machine']}\n")
    if "weight" in results:
        print("| page | HTML | HTML gzip | CSS+JS gzip | first load | < 60 KB |")
        print("|---|---:|---:|---:|---:|---|")
        for r in results["weight"]:
            print(
                f"| {r['page']} | {r['html_bytes'] / 1024:.1f} KB | {r['html_gzip'] / 1024:.1f} KB"
                f" | {r['css_js_gzip'] / 1024:.1f} KB | {r['total'] / 1024:.1f} KB "
                f"| {mark(r['met'])} |"
            )
        print()
    if "wrk" in results:
        print(
            f"| page (wrk -t2 -c20 -d{WRK_SECONDS}s, median run) | req/s | runs (req/s) | p50 "
            "| p90 | p99 "
            "| of floor | of bare Django | load | target |"
        )
        print("|---|---:|---|---:|---:|---:|---:|---:|---|---|")
        for r in results["wrk"]:
            every = ", ".join(f"{rps:.0f}" for rps in r.get("all_rps", [r["rps"]]))
            target = {"floor": "≥ 25 % of bare", BARE: "(bare)"}.get(r["page"], "≥ 40 % of floor")
            print(
                f"| {r['page']} | {r['rps']:.1f} | {every} | {r['p50']:.1f} ms | "
                f"{r['p90']:.1f} ms | {r['p99']:.1f} ms | {r['ratio']:.0%} | "
                f"{r.get('of_bare', 0):.0%} | {r['load']} | "
                f"{target if r['page'] == BARE else target + ': ' + mark(r['met'])} |"
            )
        print()
    if "cpu" in results:
        print("| page (wrk -t1 -c1, machine CPU a request) | ms | runs | floor / page |")
        print("|---|---:|---|---:|")
        for r in results["cpu"]:
            runs = ", ".join(f"{value:.2f}" for value in r["runs"])
            print(f"| {r['page']} | {r['ms']:.2f} | {runs} | {r['share']:.0%} |")
        print()
    if "lighthouse" in results:
        print(
            "| page (Lighthouse, mobile, median) | performance | accessibility "
            "| best practices | targets |"
        )
        print("|---|---:|---:|---:|---|")
        for r in results["lighthouse"]:
            print(
                f"| {r['page']} | {r['performance']:.0f} | {r['accessibility']:.0f} | "
                f"{r['best-practices']:.0f} | {mark(r['met'])} |"
            )
        print()
    print(f"Load average (1 min) during each part: {results.get('load')}\n")
    if "writes" in results:
        w = results["writes"]
        print(
            f"Write load: {w['volunteers']} volunteers for {w['seconds']} s, load {w['load']}: "
            f"{w['posts']} posts ({w['double_submits']} sent twice at once), "
            f"{len(w['errors'])} errors, {w['saved_by_clients']} visits saved as the clients saw "
            f"it, {w['rows_in_db']} rows in the database, {w['lost']} lost, "
            f"{w['duplicated']} duplicated; POST p50 {w['post_p50_ms']:.0f} ms, "
            f"p95 {w['post_p95_ms']:.0f} ms: {mark(w['met'])}"
        )
        if w["errors"]:
            print("errors:", w["errors"][:5])
    for stage, error in results.get("failed", {}).items():
        print(f"\n{stage} FAILED: {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reseed", action="store_true", help="drop the data and seed again")
    parser.add_argument("--only", default=",".join(STAGES), help="comma-separated stages")
    args = parser.parse_args()
    stages = [s for s in args.only.split(",") if s]
    if unknown := set(stages) - set(STAGES):
        parser.error(f"unknown stages {sorted(unknown)}; choose from {STAGES}")

    prepare_database(args.reseed)
    load = LoadSampler()
    load.start()
    stamp = datetime.now(UTC)
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    results = {"date": f"{stamp:%Y-%m-%d %H:%M} UTC", "machine": machine()}
    print(results["machine"])
    measured = pages()
    with server() as port, server("bench.bare:application") as bare_port:
        ports = {BARE: bare_port}
        for label, (path, cookie) in measured.items():
            check_page(ports.get(label, port), label, path, cookie)
        runs = {
            "weight": ("first-load weight", lambda: measure_weight(port, measured)),
            "wrk": (
                f"wrk, {WRK_ROUNDS} rounds of {WRK_SECONDS} s a page",
                lambda: measure_wrk(port, measured, load, ports),
            ),
            "cpu": (
                f"machine CPU a request, one connection, {CPU_ROUNDS} x {CPU_SECONDS} s a page",
                lambda: measure_cpu(port, measured, ports),
            ),
            "lighthouse": (
                f"Lighthouse, {LIGHTHOUSE_RUNS} runs a page",
                lambda: measure_lighthouse(port, measured, out_dir),
            ),
            "writes": (
                f"write load, {WRITERS} volunteers for {WRITE_SECONDS} s",
                lambda: measure_writes(port, load),
            ),
        }
        for stage in stages:  # unattended: a failed stage is reported, the others still run
            title, run = runs[stage]
            since = time.monotonic()
            print(f"{title} ...")
            try:
                results[stage] = run()
            except Exception as error:
                results.setdefault("failed", {})[stage] = f"{type(error).__name__}: {error}"
                print(f"  {stage} failed: {results['failed'][stage]}")
            results.setdefault("load", {})[stage] = load.during(since)
    results["load_during_run"] = load.during(0)
    load.stopped.set()
    path = out_dir / f"city-{stamp:%Y%m%dT%H%M%S}.json"
    path.write_text(json.dumps(results, indent=2))
    report(results)
    print(f"\nload average during the whole run: {results['load_during_run']}; saved {path}")


if __name__ == "__main__":
    main()

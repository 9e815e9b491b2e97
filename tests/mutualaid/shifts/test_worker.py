"""The reminder path against real services: Redis as the broker, real Celery workers
and beat schedulers in child processes, and a real SMTP server (aiosmtpd) on loopback.
"""

import asyncio
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.models import User
from mutualaid.actions import shifts as actions
from mutualaid.models import Reminder, Signup
from tests.celery_broker import forget_broker_connections
from tests.factories import password_hash
from wcc.celery import app

from .factories import ShiftFactory, in_days

ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")


class CountingHandler:
    def __init__(self):
        self.lock = threading.Lock()
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's name
        subject = next(
            (line for line in envelope.content.decode().splitlines() if line.startswith("Subject")),
            "",
        )
        with self.lock:
            self.messages.append((tuple(envelope.rcpt_tos), subject))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp():
    handler = CountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


def child_env(smtp_port: int) -> dict:
    settings = connection.settings_dict
    database = (
        f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    )
    return {
        **os.environ,
        "DATABASE_URL": database,
        "CELERY_BROKER_URL": REDIS_URL,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "WCC_REMINDER_DISPATCH_SECONDS": "1",
        "SECRET_KEY": "test-only-secret-key",
        "DJANGO_SETTINGS_MODULE": "wcc.settings",
    }


@contextmanager
def celery_processes(env, tmp_path, *, workers=2, beats=2):
    celery = [sys.executable, "-m", "celery", "-A", "wcc"]
    procs = []
    for n in range(workers):
        procs.append(
            subprocess.Popen(
                [
                    *celery,
                    "worker",
                    "--pool=solo",
                    "-n",
                    f"shifts-test-{n}@%h",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                    "-l",
                    "WARNING",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    for n in range(beats):
        procs.append(
            subprocess.Popen(
                [*celery, "beat", "-l", "WARNING", "--schedule", str(tmp_path / f"beat-{n}")],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    try:
        yield procs
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGKILL)
        for proc in procs:
            proc.wait(timeout=10)


def seed_due_reminders(count: int) -> None:
    """``count`` reminders already due: one per confirmed sign-up of one big shift."""
    shift = ShiftFactory(capacity=count, starts_at=in_days(2))
    users = User.objects.bulk_create(
        User(email=f"due{n}@example.org", display_name=f"Due {n}", password=password_hash())
        for n in range(count)
    )
    signups = Signup.objects.bulk_create(
        Signup(shift=shift, user=user, status=Signup.Status.CONFIRMED) for user in users
    )
    due = timezone.now() - timedelta(minutes=1)
    Reminder.objects.bulk_create(
        Reminder(shift=shift, signup=s, user=s.user, offset_minutes=m, due_at=due)
        for s in signups
        for m in (120,)
    )


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


@pytest.mark.django_db(transaction=True)
def test_two_workers_and_two_beats_send_a_thousand_due_reminders_exactly_once(smtp, tmp_path):
    controller, handler = smtp
    redis.Redis.from_url(REDIS_URL).flushdb()
    seed_due_reminders(1000)

    with celery_processes(child_env(controller.port), tmp_path):
        assert wait_for(lambda: len(handler.messages) >= 1000, timeout=120), len(handler.messages)
        time.sleep(3)  # time for a duplicate to show up, if there were one

    assert len(handler.messages) == 1000
    assert len(set(handler.messages)) == 1000
    assert Reminder.objects.exclude(status=Reminder.Status.SENT).count() == 0


@contextmanager
def broker(url: str, options: dict):
    old = app.conf.broker_url, app.conf.broker_transport_options
    app.conf.broker_url, app.conf.broker_transport_options = url, options

    forget_broker_connections()
    try:
        yield
    finally:
        forget_broker_connections()
        app.conf.broker_url, app.conf.broker_transport_options = old
        forget_broker_connections()


DOWN = ("redis://127.0.0.1:1/0", {"max_retries": 1, "interval_start": 0, "socket_timeout": 1})


@pytest.mark.django_db
def test_with_the_broker_down_sign_up_and_cancel_answer_within_two_seconds(
    world, real_broker, django_capture_on_commit_callbacks
):
    volunteer_client, member_client = Client(), Client()
    volunteer_client.force_login(world.volunteer)
    member_client.force_login(world.member)
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    detail = reverse("shift_detail", kwargs={"slug": "eastside", "pk": shift.pk})
    with broker(*DOWN):
        started = time.monotonic()
        volunteer_client.post(detail + "sign-up/")
        member_client.post(detail + "sign-up/")
        with django_capture_on_commit_callbacks(execute=True):
            response = volunteer_client.post(
                detail + "cancel-my-place/", {"note": "", "confirmed": "True"}
            )
        for page in ("shift_list", "my_shifts"):
            assert member_client.get(reverse(page, kwargs={"slug": "eastside"})).status_code == 200
        assert time.monotonic() - started < 2
    assert response.status_code == 302
    assert mail.outbox == []
    # The broker is back: the next beat sends what fell due meanwhile.
    # The volunteer's sign-up confirmation, then the member's promotion.
    assert actions.send_due_reminders() == 2
    assert [m.to for m in mail.outbox] == [[world.volunteer.email], [world.member.email]]


@pytest.mark.django_db(transaction=True)
def test_a_promotion_reaches_the_persons_inbox_through_redis_and_a_worker(
    world, real_broker, smtp, tmp_path
):
    controller, handler = smtp
    redis.Redis.from_url(REDIS_URL).flushdb()
    shift = ShiftFactory(neighborhood=world.own, capacity=1)
    first = actions.sign_up(shift=shift, user=world.volunteer)
    actions.sign_up(shift=shift, user=world.member)
    env = child_env(controller.port) | {"WCC_REMINDER_DISPATCH_SECONDS": "3600"}
    with celery_processes(env, tmp_path, workers=1, beats=0), broker(REDIS_URL, {}):
        time.sleep(2)  # the worker is up; only the nudge after commit can send it now
        actions.cancel_signup(signup=first)
        assert wait_for(lambda: handler.messages, timeout=20)
    assert handler.messages[0][0] == (world.member.email,)


class SlowCountingHandler(CountingHandler):
    """An SMTP server that takes a while over each message, so a batch is still being
    sent when the test kills the worker."""

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's name
        await asyncio.sleep(0.05)
        return await super().handle_DATA(server, session, envelope)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_repeats_at_most_the_one_message_in_flight(tmp_path):
    handler = SlowCountingHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
        seed_due_reminders(50)  # one batch
        env = child_env(controller.port) | {"WCC_REMINDER_SENDING_TIMEOUT": "2"}
        (tmp_path / "first").mkdir()
        (tmp_path / "second").mkdir()
        with celery_processes(env, tmp_path / "first", workers=1, beats=1) as procs:
            assert wait_for(lambda: len(handler.messages) >= 10, timeout=60)
            procs[0].send_signal(signal.SIGKILL)  # kill -9, mid-batch
            procs[0].wait(timeout=10)
        delivered_before_the_kill = len(handler.messages)
        assert delivered_before_the_kill < 50  # the batch was cut short
        with celery_processes(env, tmp_path / "second", workers=1, beats=1):
            assert wait_for(lambda: len(set(handler.messages)) >= 50, timeout=90)
            time.sleep(2)  # time for further repeats to show up, if there were any
    finally:
        controller.stop()

    repeats = len(handler.messages) - len(set(handler.messages))
    assert len(set(handler.messages)) == 50
    assert repeats <= 1, (repeats, delivered_before_the_kill)
    assert Reminder.objects.exclude(status=Reminder.Status.SENT).count() == 0

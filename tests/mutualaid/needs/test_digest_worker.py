"""The digest through a real Celery worker on Redis: queued by the beat task, sent once."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from mutualaid.models import DigestDelivery, DigestSubscription
from mutualaid.tasks import send_needs_digests
from tests.celery_broker import forget_broker_connections
from wcc.celery import app

from .factories import NeedFactory, OfferFactory

ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")


def wait_for(condition, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def worker(tmp_path, transactional_db):
    """A Celery worker in its own process, on the test database and a Redis broker."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": REDIS_URL,
        "WCC_VAR_DIR": str(tmp_path),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "wcc",
            "worker",
            "--pool=solo",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            "needs-test",
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    old = app.conf.broker_url, app.conf.task_default_queue
    app.conf.broker_url, app.conf.task_default_queue = REDIS_URL, "needs-test"
    forget_broker_connections()
    try:
        yield tmp_path / "outbox"
    finally:
        app.conf.broker_url, app.conf.task_default_queue = old
        forget_broker_connections()
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def test_the_daily_digest_goes_through_a_real_worker_and_is_sent_once(world, worker):
    member = world.member
    member.contact_consent_at = timezone.now()
    member.save(update_fields=["contact_consent_at"])
    OfferFactory(neighborhood=world.own, member=member)
    DigestSubscription.objects.create(user=member, neighborhood=world.own)
    NeedFactory(neighborhood=world.own, public_summary="Rice and beans for Friday")

    send_needs_digests.apply()  # what beat does each morning: queues one task per person
    assert wait_for(lambda: DigestDelivery.objects.exists())
    assert wait_for(lambda: worker.exists() and any(worker.iterdir()))

    send_needs_digests.apply()  # a second run the same day finds nothing new ...
    NeedFactory(neighborhood=world.own, public_summary="A coat for a child")
    send_needs_digests.apply()  # ... and the next run sends only the newer need.
    assert wait_for(lambda: len(list(worker.iterdir())) == 2)

    first, second = (p.read_text() for p in sorted(worker.iterdir(), key=os.path.getmtime))
    assert "Rice and beans for Friday" in first
    assert "A coat for a child" in second and "Rice and beans" not in second
    assert DigestDelivery.objects.count() == 2

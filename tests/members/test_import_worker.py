"""The import runs in a real Celery worker, on Redis and on the embedded broker."""

import os
import time

import pytest
from celery.contrib.testing.worker import start_worker

from members import actions
from members.models import Invitation, MemberImport, User
from tests.celery_broker import forget_broker_connections
from wcc.celery import app as celery_app

ROWS = [
    {
        "line": n + 2,
        "name": f"Worker Person {n}",
        "email": f"worker{n}@example.org",
        "phone": "",
        "role": "member",
        "skills": [],
        "languages": "",
        "availability": "",
    }
    for n in range(120)
]


@pytest.fixture(params=["redis", "embedded"])
def broker(request, tmp_path):
    saved = (celery_app.conf.broker_url, celery_app.conf.broker_transport_options)
    if request.param == "redis":
        celery_app.conf.broker_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
        celery_app.conf.broker_transport_options = {}
    else:
        folder = tmp_path / "queue"
        folder.mkdir()
        celery_app.conf.broker_url = "filesystem://"
        celery_app.conf.broker_transport_options = {
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "processed_folder": str(tmp_path),
            "control_folder": str(tmp_path / "control"),
            "store_processed": False,
            "polling_interval": 0.05,
        }
    forget_broker_connections()
    yield request.param
    celery_app.conf.broker_url, celery_app.conf.broker_transport_options = saved
    forget_broker_connections()


def test_a_confirmed_import_is_done_by_the_worker(broker, transactional_db, world):
    member_import = MemberImport.objects.create(
        neighborhood=world.own, created_by=world.coordinator, rows=ROWS, total=len(ROWS)
    )
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        actions.confirm_import(member_import=member_import)  # queued on commit (autocommit)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            member_import.refresh_from_db()
            if member_import.status == "done":
                break
            time.sleep(0.1)
    assert member_import.status == "done"
    assert member_import.invited_count == len(ROWS)
    # An import adds no one: every new address is invited, and joins on accepting.
    assert Invitation.objects.filter(email__startswith="worker").count() == len(ROWS)
    assert not User.objects.filter(email__startswith="worker").exists()

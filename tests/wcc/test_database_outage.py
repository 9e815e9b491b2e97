"""When PostgreSQL is unreachable, pages answer a calm 503 and recover by themselves."""

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.tcp_proxy import TcpProxy

ROOT = Path(__file__).resolve().parents[2]


def get(url: str, cookie: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def server_behind_proxy(transactional_db):
    db = connection.settings_dict
    proxy = TcpProxy(upstream_port=int(db["PORT"] or 5432))
    proxy.start()
    port = TcpProxy._free_port()
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@127.0.0.1:{proxy.port}/{db['NAME']}",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "WCC_MANIFEST_STATIC": "0",  # no collectstatic in tests
    }
    env.pop("DEBUG", None)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    yield base, proxy
    server.terminate()
    server.wait(timeout=10)
    proxy.stop()
    # The server's backends may outlive its sockets for a moment; end them so the
    # test database can be dropped.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def test_database_outage_gives_a_503_page_and_recovers(server_behind_proxy, world):
    base, proxy = server_behind_proxy
    client = Client()
    client.force_login(world.member)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    page = base + "/n/eastside/"

    assert get(page, cookie)[0] == 200

    proxy.stop()
    status, body = get(page, cookie)
    assert status == 503
    assert "back in a moment" in body
    assert "Traceback" not in body and "OperationalError" not in body
    assert get(base + "/healthz", cookie)[0] == 503

    proxy.start()
    status, body = get(page, cookie)
    assert status == 200
    assert "Eastside" in body

"""The documented backup and restore (bin/backup, bin/restore) round-trip the data."""

import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def row_counts(dsn: str) -> dict[str, int]:
    with psycopg.connect(dsn) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


@pytest.fixture
def scratch_database():
    db = connection.settings_dict
    name = f"{db['NAME']}_restore"
    server = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_restores_into_a_scratch_database_with_every_row(
    transactional_db, scratch_database, tmp_path
):
    call_command("seed_demo", verbosity=0)
    db = connection.settings_dict
    source = (
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    env = {**os.environ, "PYTHON": sys.executable}

    dump = tmp_path / "wcc.dump"
    backup = subprocess.run(
        [ROOT / "bin" / "backup", dump],
        env={**env, "DATABASE_URL": source},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert backup.returncode == 0, backup.stderr
    restore = subprocess.run(
        [ROOT / "bin" / "restore", dump],
        env={**env, "DATABASE_URL": scratch_database},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert restore.returncode == 0, restore.stdout + restore.stderr
    assert "migrations are current" in restore.stdout

    original, restored = row_counts(source), row_counts(scratch_database)
    assert restored == original
    assert original["members_user"] >= 5

"""Settings refuse unsafe production starts and default to the embedded stack."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_django(code: str, **env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DATABASE_URL", "DEBUG", "CELERY_BROKER_URL"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "wcc.settings"},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_django("print('started')", WCC_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_embedded_default_is_the_embedded_postgresql_and_a_filesystem_broker(tmp_path):
    """Settings only read where the embedded server listens: nothing is started."""
    result = run_django(
        "from django.conf import settings as s; d = s.DATABASES['default']; "
        "print(d['ENGINE'], d['HOST'], d['NAME'], s.CELERY_BROKER_URL, s.DEBUG)",
        DEBUG="1",
        WCC_VAR_DIR=str(tmp_path),
    )
    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        str((tmp_path / "pg").resolve()),
        "wcc",
        "filesystem://",
        "True",
    ]
    assert not (tmp_path / "pg" / "PG_VERSION").exists()


def test_production_cookies_are_secure(tmp_path):
    result = run_django(
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY)",
        SECRET_KEY="x" * 50,
        WCC_VAR_DIR=str(tmp_path),
    )
    assert result.stdout.split() == ["True", "True", "True"]


def run_manage(*args: str, **env) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "WCC_ALLOW_INSECURE_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_migration_check_runs_without_a_secret_key(tmp_path):
    result = run_manage("makemigrations", "--check", "--dry-run", WCC_VAR_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_other_commands_still_refuse_without_a_secret_key(tmp_path):
    result = run_manage("check", WCC_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_the_insecure_key_switch_is_refused_with_debug_off(tmp_path):
    result = run_django("print('started')", WCC_ALLOW_INSECURE_KEY="1", WCC_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "WCC_ALLOW_INSECURE_KEY is refused with DEBUG off" in result.stderr


def test_the_insecure_key_switch_is_refused_even_beside_a_secret_key(tmp_path):
    result = run_django(
        "print('started')",
        WCC_ALLOW_INSECURE_KEY="1",
        SECRET_KEY="x" * 50,
        WCC_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "WCC_ALLOW_INSECURE_KEY is refused" in result.stderr


def test_the_public_development_key_is_refused_as_a_secret_key_with_debug_off(tmp_path):
    key = "wcc-insecure-development-key-do-not-use-in-production"
    result = run_django("print('started')", SECRET_KEY=key, WCC_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "public development key" in result.stderr


def test_check_deploy_flags_the_public_development_key(tmp_path):
    result = run_manage("check", "--deploy", DEBUG="1", WCC_VAR_DIR=str(tmp_path))
    assert "wcc.E001" in result.stderr
    assert result.returncode != 0


def test_check_deploy_flags_the_insecure_key_switch(tmp_path):
    result = run_manage(
        "check", "--deploy", DEBUG="1", WCC_ALLOW_INSECURE_KEY="1", WCC_VAR_DIR=str(tmp_path)
    )
    assert "wcc.E002" in result.stderr


def test_check_deploy_is_quiet_about_keys_with_a_secret_key(tmp_path):
    result = run_manage("check", "--deploy", SECRET_KEY="s" * 60, WCC_VAR_DIR=str(tmp_path))
    assert "wcc.E00" not in result.stderr + result.stdout

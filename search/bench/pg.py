"""Throwaway PostgreSQL databases for benchmark runs.

The benchmark's parent process creates a database on the server (the one of
`DATABASE_URL` when that is PostgreSQL, else `NEWSARCHIVE_BENCH_POSTGRES`, else
postgres@127.0.0.1:5432), hands its URL to the child that measures, and drops
it afterwards unless it is kept.
"""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit, urlunsplit

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432/postgres"
NAME = re.compile(r"^newsarchive_bench_[a-z0-9_]+$")


def server_url() -> str:
    """Return the URL of the maintenance database of the server to use."""
    explicit = os.environ.get("NEWSARCHIVE_BENCH_POSTGRES")
    if explicit:
        return explicit
    current = os.environ.get("DATABASE_URL", "")
    if current.startswith(("postgres://", "postgresql://")):
        return database_url(current, "postgres")
    return DEFAULT_SERVER


def database_url(url: str, name: str) -> str:
    """Return url with its database name replaced by name."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _connect(url: str):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password or None,
        dbname=parts.path.lstrip("/") or "postgres",
        connect_timeout=5,
        autocommit=True,
    )


def unavailable(url: str | None = None) -> str | None:
    """Return why no PostgreSQL server answers at url, or None when one does."""
    try:
        with _connect(url or server_url()) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:  # any failure means: no usable server
        message = " ".join(str(exc).split()) or "no answer"
        return f"{type(exc).__name__}: {message}"
    return None


def exists(name: str, url: str | None = None) -> bool:
    with _connect(url or server_url()) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return row.fetchone() is not None


def create(name: str, url: str | None = None) -> str:
    """Create database name (dropping a leftover of that name); return its URL."""
    _check(name)
    server = url or server_url()
    with _connect(server) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return database_url(server, name)


def drop(name: str, url: str | None = None) -> None:
    _check(name)
    with _connect(url or server_url()) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _check(name: str) -> None:
    # Only databases this module names are ever created or dropped.
    if not NAME.match(name):
        raise ValueError(f"not a benchmark database name: {name!r}")

"""Searches read a streaming standby; every write and the writers' reads stay on
the primary.

The test starts a second PostgreSQL server on this machine as a hot standby of
the test database's server (a base backup taken after pytest-django created
the test database, so the standby holds it too), then runs a Django process
configured with `DATABASE_REPLICA_URL` pointing at it (`probe` below), as an
operator would. Writes must commit to reach the standby, hence a transactional
test. The standby is stopped and its folder removed afterwards, on failure too.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60.0
#: Settings a hot standby needs at least as high as its primary's.
STANDBY_MINIMUMS = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)
WORDS = {"lag": "zqxtre", "paused": "zqxdung", "editor": "zqxsua"}


def _primary(query: str):
    with connection.cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchone()[0]


def _skip_reason() -> str | None:
    if connection.vendor != "postgresql":
        return "the standby test needs DATABASE_URL=postgres://…"
    for tool in ("pg_createcluster", "pg_basebackup"):
        if shutil.which(tool) is None:
            return f"the standby test needs Debian's PostgreSQL tools ({tool})"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "a PostgreSQL server cannot run as root and runuser is missing"
    if _primary("SHOW wal_level") == "minimal":
        return "the primary has wal_level=minimal: no streaming replication"
    if int(_primary("SHOW max_wal_senders")) < 2:
        return "the primary has max_wal_senders < 2: no base backup with WAL stream"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Standby:
    """A hot standby of the primary in a temporary folder, run with pg_ctl."""

    def __init__(self) -> None:
        major = int(_primary("SHOW server_version_num")) // 10000
        self.bindir = Path(f"/usr/lib/postgresql/{major}/bin")
        self.settings = {name: _primary(f"SHOW {name}") for name in STANDBY_MINIMUMS}
        primary = connection.settings_dict
        self.primary_host = primary["HOST"] or "127.0.0.1"
        self.primary_port = str(primary["PORT"] or 5432)
        self.user = primary["USER"] or "postgres"
        self.port = _free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="newsarchive-standby-"))
        self.data = self.folder / "data"
        self.as_owner: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            self.as_owner = ["runuser", "-u", "postgres", "--"]
        self.started = False
        self.backup_seconds = 0.0
        self.start_seconds = 0.0

    def _run(self, *args: str, timeout: float = TIMEOUT):
        return subprocess.run(
            [*self.as_owner, *args], capture_output=True, text=True, timeout=timeout
        )

    def _tool(self, name: str) -> str:
        found = self.bindir / name
        return str(found) if found.exists() else (shutil.which(name) or name)

    def create(self) -> None:
        started = time.perf_counter()
        backup = self._run(
            self._tool("pg_basebackup"),
            *("-h", self.primary_host, "-p", self.primary_port, "-U", self.user),
            *("-D", str(self.data), "-R", "-X", "stream", "-c", "fast"),
            timeout=300,
        )
        if backup.returncode and "pg_hba.conf" in backup.stderr:
            pytest.skip(
                "the primary refuses replication connections from 127.0.0.1 "
                f"(run `make postgres-replication`): {backup.stderr.strip()}"
            )
        assert backup.returncode == 0, backup.stderr
        self.backup_seconds = time.perf_counter() - started
        # Debian keeps the primary's configuration outside its data folder; the
        # standby gets its own (the base backup's postgresql.auto.conf stays: it
        # holds primary_conninfo, written by -R).
        hba = "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        for name, text in (
            ("postgresql.conf", ""),
            ("pg_hba.conf", hba),
            ("pg_ident.conf", ""),
        ):
            (self.data / name).write_text(text)
            if self.as_owner:
                shutil.chown(self.data / name, "postgres", "postgres")
        options = [
            f"-p {self.port}",
            f"-k {self.folder}",
            "-c listen_addresses=127.0.0.1",
            "-c hot_standby=on",
            "-c shared_buffers=32MB",
            "-c logging_collector=off",
            "-c cluster_name=newsarchive_standby",
            *(f"-c {name}={value}" for name, value in self.settings.items()),
        ]
        started = time.perf_counter()
        start = self._run(
            self._tool("pg_ctl"),
            *("-D", str(self.data), "-l", str(self.folder / "server.log")),
            *("-w", "-t", str(int(TIMEOUT)), "-o", " ".join(options), "start"),
        )
        self.started = True
        assert start.returncode == 0, start.stdout + start.stderr + self.log()
        self._wait_in_recovery()
        self.start_seconds = time.perf_counter() - started

    def _wait_in_recovery(self) -> None:
        import psycopg

        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                with psycopg.connect(self.url("postgres"), connect_timeout=2) as c:
                    if c.execute("SELECT pg_is_in_recovery()").fetchone()[0]:
                        return
                    raise AssertionError("the standby is not in recovery")
            except psycopg.OperationalError:
                if time.monotonic() > deadline:
                    message = f"the standby never answered\n{self.log()}"
                    raise AssertionError(message) from None
                time.sleep(0.1)

    def url(self, name: str) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{name}"

    def log(self) -> str:
        path = self.folder / "server.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def destroy(self) -> None:
        if self.started:
            stop = self._run(
                self._tool("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"
            )
            if stop.returncode:
                self._run(
                    self._tool("pg_ctl"),
                    "-D",
                    str(self.data),
                    "-m",
                    "immediate",
                    "stop",
                )
        shutil.rmtree(self.folder, ignore_errors=True)


@pytest.fixture
def standby(transactional_db):
    """Start a hot standby of the test database's server; stop and remove it after."""
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    server = Standby()
    try:
        server.create()
        yield server
    finally:
        server.destroy()


def _database_url(name: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s["PASSWORD"] else ""
    return (
        f"postgres://{s['USER'] or 'postgres'}{password}@{s['HOST'] or '127.0.0.1'}"
        f":{s['PORT'] or 5432}/{name}"
    )


def test_without_a_replica_every_read_goes_to_the_primary():
    from django.db import router

    from articles.models import Article
    from newsarchive.routers import (
        PrimaryReplicaRouter,
        replica_configured,
        replica_reads,
    )

    if replica_configured():
        pytest.skip("DATABASE_REPLICA_URL is set")
    assert router.db_for_read(Article, lag_ok=True) == "default"
    with replica_reads():
        assert router.db_for_read(Article) == "default"
    assert PrimaryReplicaRouter().db_for_write(Article) == "default"
    assert not PrimaryReplicaRouter().allow_migrate("replica", "articles")


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_searches_read_the_standby_and_writes_the_primary(standby, tmp_path):
    from search.backends import get_backend

    name = connection.settings_dict["NAME"]
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="newsarchive.settings",
        DJANGO_DEBUG="1",  # records each connection's queries: the evidence
        NEWSARCHIVE_DATA_DIR=str(tmp_path),
        NEWSARCHIVE_SEARCH_BACKEND="postgres",
        NEWSARCHIVE_SEARCH_SYNC_THREAD="0",
        DATABASE_URL=_database_url(name),
        DATABASE_REPLICA_URL=standby.url(name),
    )
    try:
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                "from tests.search.test_replica import probe; probe()",
            ],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
    finally:
        get_backend("postgres").clear()  # committed rows Django's flush does not know
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-6000:]
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    found["backup_seconds"] = round(standby.backup_seconds, 2)
    found["standby_start_seconds"] = round(standby.start_seconds, 2)
    print(json.dumps(found))

    assert found["alias"] == "replica"
    assert found["snapshot_server"] == [True, standby.port]
    assert found["index_reads"] == {"replica": True, "default": False}
    assert found["while_paused"] == {
        "replica_count": 0,
        "primary_count": 1,
        "in_transaction_count": 1,
        "check_index": {"missing": [], "stale": [found["first_pk"]]},
        "rebuilt": found["articles"],
        "page_title_default": "Tiêu đề mới",
        "page_title_replica_reads": "Tiêu đề cũ zqxtre",
    }
    assert found["after_resume_count"] == 1
    assert found["fallback"] == {"count": 1, "alias": "default", "next": "replica"}
    assert max(found["replay_ms"]) < 5000


def _wait_replayed(replica, timeout: float = TIMEOUT) -> float:
    """Wait until the standby has replayed all the primary wrote; return ms."""
    from django.db import connections

    started = time.perf_counter()
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        lsn = cursor.fetchone()[0]
    with replica.cursor() as cursor:
        while True:
            cursor.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])
            if cursor.fetchone()[0]:
                return (time.perf_counter() - started) * 1000
            if time.perf_counter() - started > timeout:
                raise AssertionError(f"the standby did not replay {lsn}")


def _replica_sql(query: str):
    from django.db import connections

    with connections["replica"].cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchone()


def probe() -> None:
    """Run in a process configured with DATABASE_REPLICA_URL; print JSON findings."""
    import django

    django.setup()
    from django.db import connections, reset_queries, transaction

    from articles.models import Article
    from newsarchive.routers import replica_reads
    from search.backends import get_backend
    from search.indexing.check import check
    from search.services import search

    def count(word: str) -> int:
        return search(word, suggest=False).count

    def create(title: str, body: str) -> Article:
        return Article.objects.create(title=title, body=body)

    backend = get_backend()
    replica = connections["replica"]
    out: dict = {"alias": backend.snapshot().db}

    # Replay lag: commit on the primary (article and index row), then poll the
    # standby's replay position; the search right after must find the article.
    lags = []
    for i in range(20):
        word = f"{WORDS['lag']}{'abcdefghijklmnopqrst'[i]}"
        create(f"Tiêu đề cũ {WORDS['lag']}", f"Bài thử {word} số {i}.")
        lags.append(_wait_replayed(replica))
        assert count(word) == 1, word
    out["replay_ms"] = [round(ms, 2) for ms in lags]
    out["replay_ms_median"] = round(statistics.median(lags), 2)

    with connections[backend.snapshot().db].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), inet_server_port()")
        out["snapshot_server"] = list(cursor.fetchone())
    reset_queries()
    search(f"{WORDS['lag']}a", suggest=False)
    out["index_reads"] = {
        alias: any("search_pgdocument" in q["sql"] for q in connections[alias].queries)
        for alias in ("replica", "default")
    }

    # Stop replay on the standby; what the primary writes now stays invisible to
    # searches, but not to the primary's own readers.
    _replica_sql("SELECT pg_wal_replay_pause()")
    first = Article.objects.order_by("pk").first()
    out["first_pk"] = first.pk
    Article.objects.filter(pk=first.pk).update(title="Tiêu đề mới")
    create("Bài viết khi standby dừng", f"Chỉ trên primary: {WORDS['paused']}.")
    deadline = time.monotonic() + TIMEOUT
    while _replica_sql("SELECT pg_get_wal_replay_pause_state()")[0] != "paused":
        assert time.monotonic() < deadline, "replay never paused"
        time.sleep(0.01)
    paused: dict = {"replica_count": count(WORDS["paused"])}
    with transaction.atomic():
        paused["primary_count"] = count(WORDS["paused"])
        create("Biên tập viên lưu", f"Bản lưu {WORDS['editor']}.")
        paused["in_transaction_count"] = count(WORDS["editor"])
        transaction.set_rollback(True)
    # check_index reads the primary: it sees the article written while replay is
    # paused (not missing) and the title changed behind the index's back by
    # update() (stale); read from the standby, both would look in step.
    drift = check()
    paused["check_index"] = {"missing": drift.missing, "stale": drift.stale}
    paused["rebuilt"] = backend.rebuild().articles
    first_hit = f"{WORDS['lag']}a"
    paused["page_title_default"] = search(first_hit, suggest=False).results[0].title
    with replica_reads():
        page = search(first_hit, suggest=False)
    paused["page_title_replica_reads"] = page.results[0].title
    out["while_paused"] = paused
    out["articles"] = Article.objects.count()

    _replica_sql("SELECT pg_wal_replay_resume()")
    out["catch_up_ms"] = round(_wait_replayed(replica), 2)
    out["after_resume_count"] = count(WORDS["paused"])

    # The standby drops the connection: the search is answered by the primary,
    # and the next snapshot goes back to the standby.
    with contextlib.suppress(Exception), replica.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
    snap = backend.snapshot()
    fallback = {"count": search(WORDS["paused"], suggest=False, snap=snap).count}
    fallback["alias"] = snap.db
    fallback["next"] = backend.snapshot().db
    out["fallback"] = fallback
    print(json.dumps(out))

"""Every write reaches search from any process: real commands and real servers.

Each test gets a fresh data folder (SQLite file and Whoosh index) and runs
`manage.py` and the web server as separate processes, as an operator would.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
RAW = sorted((ROOT / "fixtures" / "raw").glob("*.txt"))
BIN = Path(sys.executable).parent
QUERY = "tổ chức"  # a word of every raw demo page


def environment(data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        NEWSARCHIVE_DATA_DIR=str(data_dir),
        DATABASE_URL="",
        DJANGO_DEBUG="1",
        # The test suite turns the writer thread off for itself; servers get
        # the default an operator gets.
        NEWSARCHIVE_SEARCH_SYNC_THREAD="1",
    )
    return env


def manage(data_dir: Path, *args: str, timeout: float = 300):
    """Run manage.py in its own process; return the finished process."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(data_dir),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def ok(proc) -> str:
    assert proc.returncode == 0, (proc.args, proc.stdout[-2000:], proc.stderr[-4000:])
    assert "database is locked" not in proc.stderr, proc.stderr[-4000:]
    return proc.stdout


def check_index(data_dir: Path) -> dict:
    proc = manage(data_dir, "check_index")
    assert proc.returncode in (0, 1), proc.stderr[-4000:]
    return json.loads(proc.stdout)


def pending(data_dir: Path) -> int:
    with contextlib.closing(sqlite3.connect(data_dir / "newsarchive.sqlite3")) as db:
        sql = "SELECT count(*) FROM search_pendingupdate WHERE done_at IS NULL"
        return db.execute(sql).fetchone()[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


@contextlib.contextmanager
def server(data_dir: Path, kind: str):
    """Serve the archive of data_dir with gunicorn or runserver; yield its URL."""
    port = free_port()
    if kind == "gunicorn":
        command = [
            str(BIN / "gunicorn"),
            "newsarchive.wsgi",
            f"--bind=127.0.0.1:{port}",
            "--workers=1",
            "--timeout=120",
        ]
    else:
        command = [sys.executable, "manage.py", "runserver", "--noreload"]
        command.append(f"127.0.0.1:{port}")
    log = data_dir / f"{kind}.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=environment(data_dir), stdout=out, stderr=out
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log.read_text()
            try:
                get(base + "/opensearch.xml")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise AssertionError(log.read_text()) from None
                time.sleep(0.1)
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def found_within(base: str, query: str, expected: set[int], seconds: float = 5.0):
    """Return the ids the search API finds, waiting up to seconds for expected."""
    url = f"{base}/api/search/?" + urllib.parse.urlencode({"q": query})
    deadline = time.monotonic() + seconds
    while True:
        ids = {r["id"] for r in json.loads(get(url))["results"]}
        if expected <= ids or time.monotonic() > deadline:
            return ids
        time.sleep(0.2)


def import_json(data_dir: Path, *paths: Path) -> dict:
    return json.loads(
        ok(manage(data_dir, "import_articles", "--json", *map(str, paths)))
    )


@pytest.fixture
def data_dir(tmp_path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    ok(manage(path, "migrate", "--noinput"))
    return path


def test_a_cli_import_without_a_server_is_searchable_by_a_fresh_server(data_dir):
    report = import_json(data_dir, *RAW)
    assert report["created"] == len(RAW) and report["failed"] == []
    ids = {a["id"] for a in report["articles"]}
    drift = check_index(data_dir)
    assert drift["ok"] and drift["pending_updates"] == 0, drift
    with server(data_dir, "gunicorn") as base:
        assert found_within(base, QUERY, ids) >= ids


def test_loaddata_demo_in_a_fresh_data_folder_is_searchable(data_dir):
    ok(manage(data_dir, "loaddata", "demo"))
    drift = check_index(data_dir)
    assert drift["db_count"] == len(RAW) and drift["index_count"] == len(RAW)
    assert drift["ok"] and drift["pending_updates"] == 0, drift
    with server(data_dir, "gunicorn") as base:
        assert len(found_within(base, QUERY, set(range(1, 99)), 1.0)) == len(RAW)


CREATE = (
    "from articles.models import Article; "
    "print(Article.objects.create(title='Luân chuyển cán bộ từ vỏ lệnh', "
    "body='Bài viết lưu từ một tiến trình không có máy chủ.').pk)"
)


def test_a_fresh_runserver_applies_what_earlier_processes_left_queued(data_dir):
    pk = int(ok(manage(data_dir, "shell", "-c", CREATE)).split()[-1])
    assert pending(data_dir) == 1  # a shell does not apply the queue itself
    with server(data_dir, "runserver") as base:
        assert found_within(base, "luân chuyển cán bộ từ vỏ lệnh", {pk}) == {pk}
    assert pending(data_dir) == 0


def test_a_running_server_applies_rows_queued_by_another_process(data_dir):
    with server(data_dir, "gunicorn") as base:
        found_within(base, QUERY, set(), 0)  # the first search pays start-up
        pk = int(ok(manage(data_dir, "shell", "-c", CREATE)).split()[-1])
        assert found_within(base, "luân chuyển cán bộ từ vỏ lệnh", {pk}) == {pk}


def many_articles(path: Path, name: str, count: int = 30) -> Path:
    """Write a JSONL file of count distinct articles (long enough to overlap)."""
    body = RAW[1].read_text(encoding="utf-8")
    lines = [
        json.dumps({"title": f"Bài {name} số {i}", "body": f"Bản {name}{i}. {body}"})
        for i in range(count)
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_two_imports_at_once_lose_nothing_and_never_hit_a_locked_database(data_dir):
    # Without a busy timeout and write transactions taken at BEGIN, about half
    # of these articles lost their post-import step to "database is locked".
    halves = (
        [*RAW[:3], many_articles(data_dir / "a.jsonl", "a")],
        [*RAW[3:], many_articles(data_dir / "b.jsonl", "b")],
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "import_articles", "--json", *map(str, half)],
            cwd=ROOT,
            env=environment(data_dir),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for half in halves
    ]
    reports = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err[-4000:]
        assert "database is locked" not in err and "Post-import" not in err, err
        reports.append(json.loads(out))
    assert [r["failed"] for r in reports] == [[], []]
    assert sum(r["created"] for r in reports) == len(RAW) + 60
    drift = check_index(data_dir)
    assert drift["db_count"] == drift["index_count"] == len(RAW) + 60, drift
    assert drift["ok"] and drift["pending_updates"] == 0, drift


def test_search_worker_drains_new_rows_and_stops_on_sigterm(data_dir):
    log = data_dir / "worker.log"
    with open(log, "wb") as out:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "search_worker", "--interval", "0.2"],
            cwd=ROOT,
            env=environment(data_dir),
            stdout=out,
            stderr=out,
        )
    try:
        ok(manage(data_dir, "shell", "-c", CREATE))
        deadline = time.monotonic() + 60
        while pending(data_dir) and time.monotonic() < deadline:
            assert worker.poll() is None, log.read_text()
            time.sleep(0.1)
        assert pending(data_dir) == 0, log.read_text()
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=20) == 0, log.read_text()
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert "1 cập nhật đã áp dụng" in log.read_text()
    drift = check_index(data_dir)
    assert drift["ok"] and drift["index_count"] == 1, drift


def test_search_worker_once_applies_the_queue_and_exits(data_dir):
    ok(manage(data_dir, "shell", "-c", CREATE))
    assert "1 cập nhật đã áp dụng" in ok(manage(data_dir, "search_worker", "--once"))
    assert pending(data_dir) == 0

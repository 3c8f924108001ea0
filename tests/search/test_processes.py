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


def found_within(base: str, query: str, expected: set[int], seconds: float = 15.0):
    """Return the ids the search API finds, waiting up to seconds for expected."""
    url = f"{base}/api/search/?" + urllib.parse.urlencode({"q": query})
    deadline = time.monotonic() + seconds
    while True:
        # Full matches only: a long query also lists articles holding most of it.
        hits = json.loads(get(url))["results"]
        ids = {r["id"] for r in hits if not r.get("partial")}
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


# --- a rebuild killed with SIGKILL -----------------------------------------------

# A real rebuild in two worker processes even for the few demo pages, whose
# workers announce themselves and then take long enough to be killed mid-way.
SLOW_WHOOSH_REBUILD = r"""
import os, time
from django.core.management import call_command
from search.backends.whoosh import rebuild
rebuild.PARALLEL_MIN = 1
real = rebuild.ensure_analysis
def slow(articles):
    os.write(1, f"worker {os.getpid()}\n".encode())  # one write: no interleaving
    time.sleep(300)
    return real(articles)
rebuild.ensure_analysis = slow
call_command("rebuild_search", "--procs", "2", "--no-progress")
"""

SEARCH = (
    "from search.services import search; print(search('tổ chức', suggest=False).count)"
)


def alive(pid: int) -> bool:
    """Whether pid runs (a zombie waiting for its new parent to reap it is dead)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def children(pid: int) -> set[int]:
    """Return the pids whose parent is pid, from /proc."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def start_and_kill(
    data_dir: Path, script: str, marker: str, env=None, count=1, meanwhile=None
):
    """Run script in a manage.py shell, SIGKILL it once count lines hold marker
    (after calling meanwhile, if given); return the pids of its children seen
    alive just before."""
    proc = subprocess.Popen(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env or environment(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    seen, lines = 0, []
    try:
        deadline = time.monotonic() + 120
        while seen < count:
            line = proc.stdout.readline()
            assert line or proc.poll() is None, "".join(lines)
            assert time.monotonic() < deadline, "".join(lines)
            lines.append(line)
            seen += line.count(marker)
        workers = children(proc.pid)
        if meanwhile is not None:
            meanwhile()
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()
    return workers


def generation_folders(data_dir: Path) -> list[str]:
    return sorted(p.name for p in (data_dir / "whoosh_index").glob("g[0-9]*"))


def test_a_killed_whoosh_rebuild_leaves_no_worker_and_its_residue_goes(data_dir):
    import_json(data_dir, *RAW)
    live = (data_dir / "whoosh_index" / "CURRENT").read_text().strip()
    workers = start_and_kill(data_dir, SLOW_WHOOSH_REBUILD, "worker ", count=2)
    assert len(workers) >= 2
    deadline = time.monotonic() + 10
    while any(map(alive, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(alive, workers)), "rebuild workers outlived their parent"
    half_built = [g for g in generation_folders(data_dir) if g > live]
    assert half_built, generation_folders(data_dir)
    # The live index opens and answers, and nothing drifted.
    assert int(ok(manage(data_dir, "shell", "-c", SEARCH)).split()[-1]) == len(RAW)
    drift = check_index(data_dir)
    assert drift["ok"] and drift["index_count"] == len(RAW), drift
    # The next writer removes the dead rebuild's generation, never the live one.
    ok(manage(data_dir, "shell", "-c", CREATE))
    ok(manage(data_dir, "drain_search_queue", "--no-progress"))
    assert generation_folders(data_dir) == [live]
    # The next rebuild keeps the generation that was live as the previous one.
    report = json.loads(ok(manage(data_dir, "rebuild_search", "--no-progress")))
    assert generation_folders(data_dir) == sorted([live, report["generation"]])
    ok(manage(data_dir, "check_index", "--repair", "--no-progress"))
    drift = check_index(data_dir)
    assert drift["ok"] and drift["index_count"] == len(RAW) + 1, drift


SLOW_POSTGRES_REBUILD = r"""
import os, time
from django.core.management import call_command
from search.backends.postgres import rebuild
def slow(articles):
    os.write(1, b"filling\n")
    time.sleep(300)
rebuild._analysed = slow
call_command("rebuild_search", "--no-progress")
"""


@pytest.fixture
def pg_data_dir(tmp_path):
    """A data folder whose database is a throwaway PostgreSQL database and whose
    search backend is the PostgreSQL one."""
    from search.bench import pg

    if why := pg.unavailable():
        pytest.skip(f"no PostgreSQL server: {why}")
    name = f"newsarchive_bench_killed_rebuild_{os.getpid()}"
    url = pg.create(name)
    path = tmp_path / "data"
    path.mkdir()
    env = {
        **environment(path),
        "DATABASE_URL": url,
        "NEWSARCHIVE_SEARCH_BACKEND": "postgres",
    }
    try:
        yield path, env, url
    finally:
        pg.drop(name)


def shadow_table(url: str) -> bool:
    from search.backends.postgres.schema import SHADOW
    from search.bench import pg

    with pg._connect(url) as conn:
        return (
            conn.execute("SELECT to_regclass(%s)", [SHADOW]).fetchone()[0] is not None
        )


def test_a_killed_postgres_rebuild_blocks_no_one_and_its_table_goes(pg_data_dir):
    path, env, url = pg_data_dir

    def run(*args: str):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    ok(run("migrate", "--noinput"))
    ok(run("import_articles", "--json", *map(str, RAW)))
    refused = []

    def second_rebuild():
        refused.append(run("rebuild_search", "--no-progress"))

    start_and_kill(
        path, SLOW_POSTGRES_REBUILD, "filling", env, meanwhile=second_rebuild
    )
    # One rebuild at a time: the second one said so instead of dropping the
    # first one's table under it.
    assert refused[0].returncode != 0
    assert "đang xây dựng lại chỉ mục" in refused[0].stderr, refused[0].stderr
    assert shadow_table(url)
    # The live index answers, and nothing drifted.
    assert int(ok(run("shell", "-c", SEARCH)).split()[-1]) == len(RAW)
    drift = json.loads(run("check_index").stdout)
    assert drift["ok"] and drift["index_count"] == len(RAW), drift
    # The dead session's lock went with it: the next rebuild runs, and drops
    # the leftover table before filling its own.
    report = json.loads(ok(run("rebuild_search", "--no-progress")))
    assert report["articles"] == len(RAW) and not shadow_table(url)
    ok(run("check_index", "--repair", "--no-progress"))
    drift = json.loads(ok(run("check_index")))
    assert drift["ok"] and drift["index_count"] == len(RAW), drift


def test_a_save_in_one_process_wakes_the_writer_of_another_before_its_poll(data_dir):
    # The writer looks at the queue every 60 s on its own: only the save's
    # notification can make it apply the row within the 15 s waited here.
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "search_worker", "--interval", "60"],
        cwd=ROOT,
        env=environment(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        pipes = data_dir / "whoosh_index" / ".writers"
        deadline = time.monotonic() + 60
        while not any(p for p in pipes.glob("*") if not p.name.startswith(".")):
            assert worker.poll() is None, worker.stderr.read()
            assert time.monotonic() < deadline, "the writer never listened"
            time.sleep(0.1)
        ok(manage(data_dir, "shell", "-c", CREATE))
        saved = time.monotonic()
        while pending(data_dir) and time.monotonic() - saved < 15:
            time.sleep(0.1)
        assert pending(data_dir) == 0, "the row waited for the writer's poll"
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=15)  # its wait for a notification ends at once
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait()
    assert worker.returncode == 0, worker.stderr.read()
    assert not list(pipes.glob("*")), "the stopped writer left its pipe behind"
    report = check_index(data_dir)
    assert report["ok"] and not report.get("pending_updates"), report

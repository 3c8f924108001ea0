"""Sections under load: the soak, concurrent writers, searches during rebuilds."""

from __future__ import annotations

import json
import random
import subprocess
import threading
import time
from urllib.parse import quote

from django.conf import settings

from search.indexing.sync import trace

from . import sandbox
from .sandbox import Server, Tally

LAG_TIMEOUT = 30.0
LAG_POLL = 0.2


def start_role(name: str, **args) -> subprocess.Popen:
    """Start a writer role in a process of its own (JSON lines on its stdout)."""
    command = sandbox.manage_command(
        "reliability_check", "--role", name, "--role-args", json.dumps(args)
    )
    return subprocess.Popen(
        command,
        env=sandbox.child_env(NEWSARCHIVE_SEARCH_SYNC_THREAD="0"),
        cwd=settings.BASE_DIR,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def read_role(process: subprocess.Popen, on_line=None) -> tuple[dict, str]:
    """Read a role's JSON lines to its end; return its last record and stderr."""
    done: dict = {}
    errors: list[str] = []
    err_chunks: list[str] = []
    reader = threading.Thread(
        target=lambda: err_chunks.append(process.stderr.read()), daemon=True
    )
    reader.start()
    for line in process.stdout:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if "done" in record:
            done = record["done"]
        elif "error" in record:
            errors.append(record["error"])
        elif on_line is not None:
            on_line(record)
    process.wait()
    reader.join(10)
    if errors:
        done.setdefault("error_examples", errors[:5])
    done["exit_code"] = process.returncode
    return done, "".join(err_chunks)


def searcher(server: Server, queries: list[str], stop: threading.Event, tally):
    rng = random.Random(id(stop) ^ threading.get_ident())
    while not stop.is_set():
        q = rng.choice(queries)
        path = rng.choice(("/search/?q=", "/api/search/?q=")) + quote(q)
        tally.add(path, sandbox.get(server, path))


class LagProbe:
    """Time from a writer's save of a unique word to the first search finding it."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.lags: list[float] = []
        self.answered: list[float] = []  # to the answer that found it: upper bound
        self.not_found: list[str] = []
        self.slowest: list[dict] = []
        self.tally = Tally()
        self.lock = threading.Lock()
        self.threads: list[threading.Thread] = []

    def saved(self, record: dict) -> None:
        thread = threading.Thread(target=self._probe, args=(record,), daemon=True)
        self.threads.append(thread)
        thread.start()

    def _probe(self, record: dict) -> None:
        # One thread per write, started when the write is reported: a probe
        # queued behind others would count its own wait as lag.
        deadline = record["t"] + LAG_TIMEOUT
        while time.time() < deadline:
            path = f"/api/search/?q={record['token']}"
            sent = time.time()
            answer = sandbox.get(self.server, path)
            self.tally.add(path, answer)
            data = answer.json() if answer.status == 200 else None
            if isinstance(data, dict) and data.get("count"):
                # The search saw the write at some moment while it ran; its
                # start is the conservative (smaller) end of that interval.
                lag = max(0.0, sent - record["t"])
                with self.lock:
                    self.lags.append(lag)
                    self.answered.append(max(0.0, time.time() - record["t"]))
                    self.slowest.append(
                        {
                            "pk": record["pk"],
                            "token": record["token"],
                            "lag_ms": round(lag * 1000),
                        }
                    )
                trace("found", pk=record["pk"], saved=record["t"], lag=round(lag, 3))
                return
            time.sleep(LAG_POLL)
        with self.lock:
            self.not_found.append(record["token"])

    def join(self) -> None:
        for thread in self.threads:
            thread.join(LAG_TIMEOUT + 10)


def warm_up(server: Server, timeout: float = 90.0) -> float | None:
    """Save one article and wait until search finds it; return how long it took.

    A web worker's index writer loads the word segmenter's model when it starts
    (seconds, once per process); the soak measures a server that has done so.
    """
    from articles.models import Article

    from .roles import admin_save, token

    article = Article.objects.order_by("pk").first()
    if article is None:
        return None
    word = token("zqu", 0)
    article.title = f"{article.title} {word}"[:500]
    started = time.monotonic()
    admin_save(article)
    while time.monotonic() - started < timeout:
        _answer, count, _ids = sandbox.search_count(server, word)
        if count:
            return round(time.monotonic() - started, 2)
        time.sleep(LAG_POLL)
    return None


def soak(server: Server, queries: list[str], seconds: float, searchers: int = 8):
    """Searcher threads and one writer process for seconds; count and time."""
    sandbox.stderr_line("[soak] warm-up: one save until search finds it")
    warmed = warm_up(server)
    sandbox.stderr_line(
        f"[soak] {searchers} searchers + 1 writer process, {seconds:.0f} s"
    )
    tally = Tally()
    stop = threading.Event()
    threads = [
        threading.Thread(target=searcher, args=(server, queries, stop, tally))
        for _ in range(searchers)
    ]
    for thread in threads:
        thread.start()
    probe = LagProbe(server)
    writer = start_role("soak_writer", seconds=seconds, seed=5)
    done, err = read_role(writer, probe.saved)
    stop.set()
    for thread in threads:
        thread.join(60)
    probe.join()
    lag = sandbox.percentiles(probe.lags)
    upper = sandbox.percentiles(probe.answered)
    figures = tally.figures()
    result = {
        "seconds": seconds,
        "searchers": searchers,
        "warm_up_save_found_after_s": warmed,
        **figures,
        "writes": done.get("written", 0),
        "write_errors": done.get("errors"),
        "write_error_examples": done.get("error_examples", []),
        "writer_exit_code": done.get("exit_code"),
        "write_to_search_lag": {
            "p50_ms": lag["p50_ms"],
            "p95_ms": lag["p95_ms"],
            "max_ms": lag["max_ms"],
            "to_answer_p50_ms": upper["p50_ms"],
            "to_answer_p95_ms": upper["p95_ms"],
            "measured": len(probe.lags),
            "slowest": sorted(probe.slowest, key=lambda r: -r["lag_ms"])[:5],
            f"not_found_within_{LAG_TIMEOUT:.0f}s": len(probe.not_found),
        },
        "lag_probe_5xx": probe.tally.server_errors,
    }
    if done.get("exit_code") != 0:
        result["writer_stderr"] = err[-1500:]
    p95 = lag["p95_ms"]
    result["ok"] = (
        figures["server_errors_5xx"] == 0
        and figures["no_answer"] == 0
        and probe.tally.server_errors == 0
        and not probe.not_found
        and bool(probe.lags)
        and p95 is not None
        and p95 <= 2000
        and not done.get("errors")
        and done.get("exit_code") == 0
    )
    result["criteria"] = "0 × 5xx, every write found, lag p95 ≤ 2 s, no write error"
    return result


def writers(server: Server, processes: int, operations: int) -> dict:
    """N writer processes at once; then lost updates by check_index and search."""
    from articles.models import Article

    sandbox.stderr_line(
        f"[writers] {processes} writer processes × {operations} saves at once"
    )
    shared = list(Article.objects.order_by("pk").values_list("pk", flat=True)[:10])
    started = time.monotonic()
    running = [
        start_role("concurrent_writer", index=i, operations=operations, shared=shared)
        for i in range(processes)
    ]
    results = [read_role(p) for p in running]
    seconds = time.monotonic() - started
    created, updated, errors, exits, stderrs = [], [], [], [], []
    for done, err in results:
        created += done.get("created", [])
        updated += done.get("updated", [])
        errors += done.get("errors", [])
        exits.append(done.get("exit_code"))
        if done.get("exit_code"):
            stderrs.append(err[-800:])
    left = sandbox.wait_for_queue()
    db_titles = dict(
        Article.objects.filter(pk__in=[r["pk"] for r in created + updated]).values_list(
            "pk", "title"
        )
    )
    lost_in_db = [r["pk"] for r in created if r["pk"] not in db_titles]
    # The final title of each article says which write must be searchable now;
    # every token of an earlier write of it must no longer find it.
    final_token = {}
    for pk, title in db_titles.items():
        words = [w for w in title.split() if w.startswith("zqw")]
        if words:
            final_token[pk] = words[-1]
    not_found, stale_hits = [], []
    for pk, word in sorted(final_token.items()):
        _answer, _count, ids = sandbox.search_count(server, word)
        if pk not in ids:
            not_found.append({"pk": pk, "token": word})
    for record in updated:
        if final_token.get(record["pk"]) == record["token"]:
            continue
        _answer, _count, ids = sandbox.search_count(server, record["token"])
        if record["pk"] in ids:
            stale_hits.append(record)
    check = sandbox.check_index()
    result = {
        "processes": processes,
        "operations_each": operations,
        "seconds": round(seconds, 1),
        "created": len(created),
        "updated": len(updated),
        "write_errors": len(errors),
        "write_error_examples": errors[:5],
        "writer_exit_codes": exits,
        "queue_left_after_wait": left,
        "lost_in_database": len(lost_in_db),
        "final_titles_not_found_by_search": len(not_found),
        "superseded_titles_still_found": len(stale_hits),
        "not_found_examples": not_found[:5],
        "check_index": sandbox.short_check(check),
    }
    if stderrs:
        result["writer_stderr"] = stderrs[:2]
    lost = len(lost_in_db) + len(not_found) + len(stale_hits)
    result["lost_updates"] = lost
    result["ok"] = (
        lost == 0
        and not errors
        and not left
        and all(code == 0 for code in exits)
        and sandbox.drift_free(check)
    )
    result["criteria"] = "0 lost or stale writes, no write error, check_index clean"
    return result


def rebuild_load(server: Server, queries: list[str], rounds: int) -> dict:
    """Search queries that must match while full rebuilds run; count failures."""
    tally = Tally()
    empty: dict[str, int] = {}
    lock = threading.Lock()
    rebuilds = []

    def search_until(stop: threading.Event) -> None:
        rng = random.Random(threading.get_ident())
        while not stop.is_set():
            q = rng.choice(queries)
            path = f"/api/search/?q={quote(q)}"
            answer = sandbox.get(server, path)
            tally.add(path, answer)
            data = answer.json() if answer.status == 200 else None
            if answer.status == 200 and not (isinstance(data, dict) and data["count"]):
                with lock:
                    empty[q] = empty.get(q, 0) + 1

    for number in range(rounds):
        sandbox.stderr_line(f"[rebuild_load] rebuild {number + 1}/{rounds} under load")
        stop = threading.Event()
        threads = [
            threading.Thread(target=search_until, args=(stop,)) for _ in range(4)
        ]
        for thread in threads:
            thread.start()
        done = sandbox.manage("rebuild_index", "--noinput", "--no-progress")
        stop.set()
        for thread in threads:
            thread.join(60)
        rebuilds.append(
            {"exit_code": done.returncode, "seconds": round(done.seconds, 1)}
        )
        if done.returncode:
            rebuilds[-1]["stderr"] = done.stderr[-800:]
    figures = tally.figures()
    failed = figures["requests"] - figures["status"].get("200", 0)
    result = {
        "rebuilds": rebuilds,
        "searches": figures["requests"],
        "failed_non_200": failed,
        "empty_for_matching_queries": sum(empty.values()),
        "empty_by_query": empty,
        "status": figures["status"],
        "latency": figures["latency"],
        "examples": figures["examples"],
    }
    result["ok"] = (
        failed == 0
        and not empty
        and all(r["exit_code"] == 0 for r in rebuilds)
        and figures["requests"] > 0
    )
    result["criteria"] = "every search 200 and non-empty, every rebuild exits 0"
    return result

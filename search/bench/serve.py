"""The serving benchmark: whole pages per second from a real gunicorn under load.

`run()` is called in a child process whose settings point at a throwaway (or
kept) data folder, as `bench_search`'s worker is: it builds the corpus with
`search.bench.runner.load` unless the folder already holds one, starts gunicorn
on a free loopback port with debug and rate limits off, and drives the mix of
`search.bench.mix` from Python threads for a bounded time, optionally with one
editor saving an article every 2 s (the reliability suite's soak writer).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import statistics
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

from .mix import KINDS, Mix, Vocabulary
from .reliability import sandbox

CONNECTIONS = 8
WARMUP_REQUESTS = 24
REQUEST_TIMEOUT = 30.0

_HOOK = """
import pathlib, time


def post_worker_init(worker):
    # The worker has loaded the application: it is ready for its first request.
    pathlib.Path({folder!r}, f"ready-{{worker.pid}}").write_text(str(time.time()))
"""


def serving_env(**extra: str) -> dict[str, str]:
    """Return gunicorn's environment: production settings, rate limits off."""
    env = sandbox.child_env(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=os.environ.get("NEWSARCHIVE_BENCH_SECRET")
        or secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
    )
    env.update(extra)
    return env


class Gunicorn(sandbox.Server):
    """A gunicorn on loopback; knows its workers' process ids."""

    def __init__(self, folder: Path, workers: int, name: str = "ours", **env) -> None:
        folder = folder / f"gunicorn-{name}"
        folder.mkdir(parents=True, exist_ok=True)
        super().__init__(folder, workers)
        self.env = env
        self.started = 0.0

    def start(self, timeout: float = 180.0) -> None:
        for old in self.folder.glob("ready-*"):
            old.unlink()
        config = self.folder / "gunicorn_conf.py"
        config.write_text(_HOOK.format(folder=str(self.folder)))
        command = [sys.executable, "-m", "gunicorn", "newsarchive.wsgi:application"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)]
        command += ["--timeout", "120", "--graceful-timeout", "5", "-c", str(config)]
        path = os.pathsep.join([str(self.folder), str(settings.BASE_DIR)])
        env = serving_env(PYTHONPATH=path, **self.env)
        self.started = time.time()
        self.spawn(command, env)
        self.wait_until(
            lambda: len(list(self.folder.glob("ready-*"))) >= self.workers,
            timeout,
            0.05,
            "get ready",
        )

    def ready_seconds(self) -> list[float]:
        """Return how long each worker took from the start to its application."""
        return sorted(
            round(float(p.read_text()) - self.started, 2)
            for p in self.folder.glob("ready-*")
        )

    def worker_pids(self) -> list[int]:
        if self.process is None:
            return []
        master = self.process.pid
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(entry.name))
        return sorted(pids)


def cpu_seconds(pid: int) -> float:
    """Return user + system CPU seconds of a process (0 once it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def _percentile(ordered: list[float], p: float) -> float:
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def latency(samples: list[float]) -> dict:
    """Return count, p50/p95/p99 and max of samples (seconds) in ms."""
    if not samples:
        return {"requests": 0, "p50_ms": None, "p95_ms": None, "p99_ms": None}
    ordered = sorted(samples)
    return {
        "requests": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(_percentile(ordered, 0.95) * 1000, 1),
        "p99_ms": round(_percentile(ordered, 0.99) * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


class Recorder:
    """Thread-safe record of answers: latency by kind, errors by class."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.seconds: dict[str, list[float]] = {k: [] for k in KINDS}
        self.server_errors = 0
        self.other_errors = 0
        self.no_answer = 0
        self.examples: list[dict] = []

    def add(self, kind: str, path: str, answer: sandbox.Answer) -> None:
        with self.lock:
            if answer.status == 200:
                self.seconds[kind].append(answer.seconds)
                return
            if answer.status >= 500:
                self.server_errors += 1
            elif answer.status == 0:
                self.no_answer += 1
            else:
                self.other_errors += 1
            if len(self.examples) < 10:
                self.examples.append(
                    {"path": path[:200], "status": answer.status or answer.error}
                )

    @property
    def answered(self) -> int:
        return sum(len(v) for v in self.seconds.values())

    def figures(self, elapsed: float) -> dict:
        every = [s for v in self.seconds.values() for s in v]
        overall = latency(every)
        by_kind = {k: latency(v) for k, v in self.seconds.items()}
        for surface in ("api", "html"):
            by_kind[surface] = latency(
                [s for k, v in self.seconds.items() if k.startswith(surface) for s in v]
            )
        errors = self.server_errors + self.other_errors + self.no_answer
        return {
            "requests": overall["requests"] + errors,
            "requests_per_s": round(overall["requests"] / elapsed, 1),
            "p50_ms": overall["p50_ms"],
            "p95_ms": overall["p95_ms"],
            "p99_ms": overall["p99_ms"],
            "max_ms": overall.get("max_ms"),
            "by_kind": by_kind,
            "errors": {
                "server_5xx": self.server_errors,
                "other_status": self.other_errors,
                "no_answer": self.no_answer,
                "examples": self.examples,
            },
        }


def drive(
    server, vocabulary: Vocabulary, seconds: float, connections: int, seed: int
) -> tuple[Recorder, float]:
    """Send the mix from `connections` threads for `seconds`; return the record."""
    recorder = Recorder()
    deadline = time.monotonic() + seconds

    def connection(number: int) -> None:
        mix = Mix(vocabulary, seed * 1000 + number)
        while time.monotonic() < deadline:
            request = mix.next()
            answer = sandbox.get(server, request.path, timeout=REQUEST_TIMEOUT)
            recorder.add(request.kind, request.path, answer)

    started = time.monotonic()
    threads = [
        threading.Thread(target=connection, args=(i,), daemon=True)
        for i in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + REQUEST_TIMEOUT + 10)
    return recorder, time.monotonic() - started


def warm_up(server, vocabulary: Vocabulary) -> None:
    """Give every worker its first requests (measured apart, by `first_request`)."""
    mix = Mix(vocabulary, 99)
    for _ in range(WARMUP_REQUESTS):
        sandbox.get(server, mix.next().path, timeout=REQUEST_TIMEOUT)


def first_request(folder: Path, vocabulary: Vocabulary, **env) -> dict:
    """Time the first requests of one freshly started worker."""
    server = Gunicorn(folder, 1, name="fresh", **env)
    server.start()
    try:
        mix = Mix(vocabulary, 7)
        api = sandbox.get(server, f"/api/search/?q={quote(mix.new_query())}")
        html = sandbox.get(server, f"/search/?q={quote(mix.new_query())}")
        again = sandbox.get(server, f"/api/search/?q={quote(mix.new_query())}")
        return {
            "worker_ready_s": server.ready_seconds()[0],
            "first_api_ms": round(api.seconds * 1000, 1),
            "first_html_ms": round(html.seconds * 1000, 1),
            "third_request_api_ms": round(again.seconds * 1000, 1),
            "statuses": [api.status, html.status, again.status],
        }
    finally:
        server.stop()


def measure_server(
    server: Gunicorn,
    vocabulary: Vocabulary,
    seconds: float,
    connections: int,
    writer: bool,
) -> dict:
    """Warm the server up, then drive the mix (and the writer); return figures."""
    from .reliability.load import LagProbe, read_role, start_role

    warm_up(server, vocabulary)
    pids = server.worker_pids()
    cpu_before = {pid: cpu_seconds(pid) for pid in pids}
    result: dict = {}
    if writer:
        probe = LagProbe(server)
        holder: dict = {}
        load = threading.Thread(
            target=lambda: holder.update(
                zip(
                    ("recorder", "elapsed"),
                    drive(server, vocabulary, seconds, connections, 1),
                    strict=True,
                )
            )
        )
        load.start()
        role = start_role("soak_writer", seconds=seconds, seed=5)
        done, err = read_role(role, probe.saved)
        load.join()
        probe.join()
        recorder, elapsed = holder["recorder"], holder["elapsed"]
        lag = sandbox.percentiles(probe.lags)
        result["writer"] = {
            "writes": done.get("written", 0),
            "write_errors": done.get("errors"),
            "exit_code": done.get("exit_code"),
            "lag_p50_ms": lag["p50_ms"],
            "lag_p95_ms": lag["p95_ms"],
            "lag_max_ms": lag["max_ms"],
            "lag_measured": len(probe.lags),
            "not_found": len(probe.not_found),
            "probe_requests": probe.tally.requests,
            "probe_5xx": probe.tally.server_errors,
        }
        if done.get("exit_code"):
            result["writer"]["stderr"] = err[-800:]
    else:
        recorder, elapsed = drive(server, vocabulary, seconds, connections, 1)
    cpu = sum(cpu_seconds(pid) - cpu_before.get(pid, 0.0) for pid in pids)
    figures = recorder.figures(elapsed)
    answered = recorder.answered
    figures.update(
        {
            "seconds": round(elapsed, 1),
            "connections": connections,
            "workers": len(pids),
            "cpu_ms_per_request": round(cpu * 1000 / answered, 2) if answered else None,
            "worker_cpu_seconds": round(cpu, 2),
            "peak_rss_mb_per_worker": [peak_rss_mb(pid) for pid in pids],
            "tracebacks_logged": server.errors_logged(),
        }
    )
    figures.update(result)
    return figures


def text_size() -> dict:
    """Return the articles' text (title, lead, body) in MB of UTF-8 and in chars."""
    from articles.models import Article

    chars = utf8 = 0
    rows = Article.objects.values_list("title", "lead", "body")
    for row in rows.iterator(chunk_size=2000):
        for value in row:
            chars += len(value)
            utf8 += len(value.encode())
    return {"text_mb_utf8": round(utf8 / 2**20, 1), "text_million_chars": chars / 1e6}


def vocabulary() -> Vocabulary:
    from articles.models import Source

    from .corpus import Corpus

    sources = [str(pk) for pk in Source.objects.values_list("pk", flat=True)]
    return Vocabulary.from_corpus(Corpus(7), sources)


def run(
    n: int,
    reuse: bool,
    workers: int,
    seconds: float,
    connections: int,
    writer: bool,
    baselines: bool,
    in_process: bool = False,
    rounds: int = 40,
    profile_to: str | None = None,
) -> dict:
    """Build or reuse the corpus, serve it, drive the mix; return the figures.

    With in_process, no server is started: each request kind's CPU is timed
    through the WSGI application in this process (`search.bench.inprocess`).
    """
    from ..backends import get_backend
    from .runner import index_size_mb, load

    settings.DEBUG = False  # no SQL log in this process (see `runner.run`)
    result: dict = {
        "articles": n,
        "machine": {
            "cores": os.cpu_count(),
            "load_average_before": [round(x, 2) for x in os.getloadavg()],
        },
    }
    backend = get_backend()
    if reuse:
        result["reused_corpus"] = True
    else:
        started = time.perf_counter()
        load(n)
        stats = backend.rebuild(procs=2)
        result["build_seconds"] = round(time.perf_counter() - started, 1)
        result["index_seconds"] = round(stats.seconds, 1)
    folder = Path(settings.DATA_DIR)
    index_mb = index_size_mb(backend)
    sizes = text_size()
    result["index"] = {
        "index_mb": index_mb,
        **sizes,
        "index_to_text_utf8": round(index_mb / sizes["text_mb_utf8"], 2),
        "index_to_text_chars": round(
            index_mb * 2**20 / 1e6 / sizes["text_million_chars"], 2
        ),
    }
    vocab = vocabulary()
    if in_process:
        from .inprocess import measure

        result["in_process"] = measure(vocab, rounds, profile_to=profile_to)
        result["generated_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        return result
    ours_env = {"NEWSARCHIVE_SEARCH_SYNC_THREAD": "1"}
    result["first_request"] = first_request(folder, vocab, **ours_env)
    server = Gunicorn(folder, workers, **ours_env)
    server.start()
    try:
        result["ours"] = measure_server(server, vocab, seconds, connections, writer)
        result["ours"]["worker_ready_s"] = server.ready_seconds()
    finally:
        server.stop()
    result["stock_haystack"] = None
    if baselines:
        from .stock_serve import serve_stock

        result["stock_haystack"] = serve_stock(
            folder, n, vocab, workers, seconds, connections
        )
    result["ratio"] = ratio(result["ours"], result["stock_haystack"])
    result["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    result["generated_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    return result


def ratio(ours: dict, stock: dict | None) -> dict | None:
    """Return ours / stock requests per second and stock / ours p50, p95, p99."""
    if not stock or not stock.get("requests_per_s"):
        return None
    out = {"requests_per_s_ours_over_stock": _div(ours, stock, "requests_per_s")}
    for key in ("p50_ms", "p95_ms", "p99_ms"):
        out[f"{key}_stock_over_ours"] = _div(stock, ours, key)
    out["by_kind_p95_stock_over_ours"] = {
        kind: _div(stock["by_kind"].get(kind, {}), figures, "p95_ms")
        for kind, figures in ours["by_kind"].items()
    }
    return out


def _div(a: dict, b: dict, key: str) -> float | None:
    x, y = a.get(key), b.get(key)
    return round(x / y, 2) if x is not None and y else None

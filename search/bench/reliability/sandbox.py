"""What every section shares: child commands, the gunicorn server, HTTP, figures.

The suite's worker process runs with its settings already pointing at the
throwaway folder and database; every process it starts (gunicorn, management
commands, writer processes) inherits that environment.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings

# Whatever the rate limits of the day, the suite measures the pages, not them.
RATE_LIMITS_OFF = {
    "NEWSARCHIVE_RATE_LIMIT_SEARCH": "off",
    "NEWSARCHIVE_RATE_LIMIT_API": "off",
}
SLOW_SECONDS = 2.0


def child_env(**extra: str) -> dict[str, str]:
    """Return the environment of a process the suite starts."""
    env = dict(os.environ)
    env.update(RATE_LIMITS_OFF)
    env.update(extra)
    return env


def manage_command(*args: str) -> list[str]:
    return [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args]


def manage(*args: str, timeout: float = 600, **extra_env) -> Completed:
    """Run a management command to its end; return its exit code and output."""
    started = time.monotonic()
    try:
        done = subprocess.run(
            manage_command(*args),
            env=child_env(**extra_env),
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
        )
        code, out, err = done.returncode, done.stdout, done.stderr
    except subprocess.TimeoutExpired as exc:
        code = None
        out = _text(exc.stdout)
        err = _text(exc.stderr) + f"\n(timed out after {timeout} s)"
    return Completed(code, out, err, time.monotonic() - started)


def _text(value) -> str:
    if value is None:
        return ""
    return value.decode(errors="replace") if isinstance(value, bytes) else value


@dataclass(slots=True)
class Completed:
    returncode: int | None
    stdout: str
    stderr: str
    seconds: float

    def json(self) -> dict | None:
        try:
            return json.loads(self.stdout)
        except ValueError:
            return None

    @property
    def traceback(self) -> bool:
        return "Traceback (most recent call last)" in self.stderr


def check_index(repair: bool = False) -> dict:
    """Run check_index in its own process; return its JSON report and exit code."""
    args = ["check_index", "--no-progress"]
    if repair:
        args.append("--repair")
    done = manage(*args)
    report = done.json() or {"unreadable_output": done.stdout[-500:]}
    report["exit_code"] = done.returncode
    if done.traceback:
        report["traceback"] = done.stderr[-1500:]
    return report


def drift_free(report: dict) -> bool:
    """Whether a check_index report shows no drift and nothing left to apply."""
    # Every count of something wrong (missing_count, stale_count, and whatever
    # check_index learns to count next); the sizes of both sides are not.
    sizes = ("db_count", "index_count")
    counts = [v for k, v in report.items() if k.endswith("_count") and k not in sizes]
    return (
        report.get("ok") is True
        and report.get("exit_code") == 0
        and not report.get("pending_updates")
        and not any(counts)
    )


def short_check(report: dict) -> dict:
    """Return a check_index report without its id lists."""
    return {k: v for k, v in report.items() if not isinstance(v, list)}


def wait_for_queue(timeout: float = 120.0) -> int:
    """Wait until the index writer has applied every queued update; return left."""
    from search.indexing.sync import pending_count

    deadline = time.monotonic() + timeout
    while (left := pending_count()) and time.monotonic() < deadline:
        time.sleep(0.5)
    return left


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A gunicorn serving the archive on loopback, as production would."""

    def __init__(self, folder: Path, workers: int) -> None:
        self.folder = folder
        self.workers = workers
        self.port = free_port()
        self.log = folder / "gunicorn.log"
        self.process: subprocess.Popen | None = None

    def start(self, timeout: float = 90.0) -> None:
        settings_module = _static_settings(self.folder)
        command = [sys.executable, "-m", "gunicorn", "newsarchive.wsgi:application"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--workers", str(self.workers)]
        command += ["--timeout", "120", "--graceful-timeout", "5"]
        path = os.pathsep.join([str(self.folder), str(settings.BASE_DIR)])
        env = child_env(
            DJANGO_SETTINGS_MODULE=settings_module,
            PYTHONPATH=path,
            NEWSARCHIVE_SEARCH_SYNC_THREAD="1",
        )
        self.spawn(command, env)
        self.wait_until(
            lambda: get(self, "/", timeout=10).status == 200, timeout, 0.3, "answer"
        )

    def spawn(self, command: list[str], env: dict[str, str]) -> None:
        """Start the gunicorn command, its output into the log."""
        # Django logs a 500's traceback on stderr: into the log, off the terminal.
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                env=env,
                cwd=settings.BASE_DIR,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_until(self, ready, timeout: float, every: float, what: str) -> None:
        """Wait until ready() holds; fail with the log when gunicorn exits first."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log_tail()}")
            if ready():
                return
            time.sleep(every)
        raise RuntimeError(f"gunicorn did not {what} in {timeout} s: {self.log_tail()}")

    def log_tail(self, chars: int = 2000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def errors_logged(self) -> int:
        """Return how many tracebacks gunicorn's log holds."""
        try:
            return self.log.read_text(errors="replace").count("Traceback")
        except OSError:
            return 0

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)


def _static_settings(folder: Path) -> str:
    """Write a settings module for gunicorn that serves static files from source.

    With debug off WhiteNoise serves only collected files; finding them in the
    apps instead keeps the project tree untouched and the pages' scripts
    running in the browser section. Nothing else changes.
    """
    base = os.environ.get("DJANGO_SETTINGS_MODULE", "newsarchive.settings")
    name = "reliability_gunicorn_settings"
    (folder / f"{name}.py").write_text(
        f"from {base} import *  # noqa: F403\n\nWHITENOISE_USE_FINDERS = True\n"
    )
    return name


@dataclass(slots=True)
class Answer:
    status: int  # 0: no HTTP answer (refused, reset, timed out)
    seconds: float
    body: bytes = b""
    error: str = ""

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None


def get(server: Server, path: str, timeout: float = 30.0) -> Answer:
    """GET path from the server on a fresh connection (gunicorn's sync workers
    close every connection after one answer)."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept-Language": "vi"})
        response = conn.getresponse()
        body = response.read()
        return Answer(response.status, time.perf_counter() - started, body)
    except (OSError, http.client.HTTPException) as exc:
        return Answer(0, time.perf_counter() - started, error=type(exc).__name__)
    finally:
        conn.close()


def search_count(server: Server, q: str) -> tuple[Answer, int | None, list[int]]:
    """Ask the JSON API for q; return the answer, its count and result ids."""
    answer = get(server, f"/api/search/?q={quote(q)}")
    data = answer.json() if answer.status == 200 else None
    if not isinstance(data, dict):
        return answer, None, []
    ids = [row.get("id") for row in data.get("results", [])]
    return answer, data.get("count"), ids


def percentiles(samples: list[float], scale: float = 1000.0) -> dict:
    """Return p50/p95/max of samples (seconds) in ms, or Nones without any."""
    if not samples:
        return {"p50_ms": None, "p95_ms": None, "max_ms": None}
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "p50_ms": round(statistics.median(ordered) * scale, 1),
        "p95_ms": round(p95 * scale, 1),
        "max_ms": round(ordered[-1] * scale, 1),
    }


class Tally:
    """Thread-safe counts of HTTP answers by class."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests = 0
        self.status: dict[str, int] = {}
        self.server_errors = 0
        self.rate_limited = 0
        self.no_answer = 0
        self.slow = 0
        self.seconds: list[float] = []
        self.examples: list[dict] = []

    def add(self, path: str, answer: Answer, keep_examples: int = 20) -> None:
        with self.lock:
            self.requests += 1
            key = str(answer.status) if answer.status else "no_answer"
            self.status[key] = self.status.get(key, 0) + 1
            self.seconds.append(answer.seconds)
            bad = answer.status >= 500 or answer.status == 0
            if answer.status >= 500:
                self.server_errors += 1
            elif answer.status == 429:
                self.rate_limited += 1
            elif answer.status == 0:
                self.no_answer += 1
            if answer.seconds > SLOW_SECONDS:
                self.slow += 1
                bad = True
            if bad and len(self.examples) < keep_examples:
                self.examples.append(
                    {
                        "path": path[:300],
                        "status": answer.status or answer.error,
                        "ms": round(answer.seconds * 1000),
                    }
                )

    def figures(self) -> dict:
        return {
            "requests": self.requests,
            "status": dict(sorted(self.status.items())),
            "server_errors_5xx": self.server_errors,
            "rate_limited_429": self.rate_limited,
            "no_answer": self.no_answer,
            "slow_over_2s": self.slow,
            "latency": percentiles(self.seconds),
            "examples": self.examples,
        }


def stderr_line(text: str) -> None:
    """Write a progress line on stderr (stdout carries the JSON report alone)."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()

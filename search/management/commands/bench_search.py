"""Benchmark indexing and search on a synthetic corpus in a throwaway folder."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.progress import (
    Progress,
    add_progress_argument,
    in_user_language,
    summary,
)

BACKENDS = ("whoosh", "postgres")


class Command(BaseCommand):
    help = "Đo tốc độ lập chỉ mục và tìm kiếm trên kho bài tổng hợp (thư mục tạm)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=2000)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--baselines", action="store_true")
        parser.add_argument(
            "--backend",
            choices=BACKENDS,
            default="whoosh",
            help="search backend to measure; postgres runs in a throwaway "
            "PostgreSQL database",
        )
        parser.add_argument(
            "--keep",
            metavar="DIR",
            help="build in DIR and keep it (and the PostgreSQL database, named "
            "in DIR); a later run with the same DIR, --backend and --articles "
            "measures the queries again without re-indexing",
        )
        parser.add_argument(
            "--analysis-from",
            metavar="DIR",
            help="copy the pyvi analysis cache of an earlier kept run of the "
            "same --articles (its DIR/newsarchive-bench-N folder; a run still "
            "in its pyvi pass is waited for, up to an hour) and index only "
            "from the cache: no end-to-end indexing figure",
        )
        add_progress_argument(parser)
        parser.add_argument("--worker", help=argparse_hidden())
        parser.add_argument("--progress-mode", help=argparse_hidden())
        parser.add_argument("--reuse", action="store_true", help=argparse_hidden())

    @in_user_language
    def handle(
        self,
        *args,
        articles: int,
        json: bool,
        baselines: bool,
        keep,
        worker,
        backend: str = "whoosh",
        analysis_from=None,
        **kw,
    ):
        if worker:
            progress = Progress(self.stderr._out, kw.get("progress_mode") or "off")
            source = Path(analysis_from) if analysis_from else None
            try:
                return self._work(
                    articles, baselines, Path(worker), kw["reuse"], progress, source
                )
            finally:
                progress.close()
        self.analysis_from = _analysis_source(analysis_from) if analysis_from else None
        # The measuring child draws on this stderr: a bar on a terminal (the
        # JSON goes to stdout), plain lines elsewhere.
        self.progress_mode = Progress.for_command(
            self, {"no_progress": kw.get("no_progress")}
        ).mode
        started = time.monotonic()
        if keep:
            name = f"newsarchive-bench-{articles}"
            if backend != "whoosh":
                name = f"newsarchive-bench-{backend}-{articles}"
            folder = Path(keep).resolve() / name
            folder.mkdir(parents=True, exist_ok=True)
            result = self._spawn(folder, articles, baselines, backend, kept=True)
        else:
            with tempfile.TemporaryDirectory(prefix="newsarchive-bench-") as tmp:
                result = self._spawn(Path(tmp), articles, baselines, backend)
        counts = _("đo %(n)d bài trên chỉ mục %(backend)s") % {
            "n": articles,
            "backend": backend,
        }
        if json:
            self.stdout.write(result)
        else:
            self._print(_json_loads(result))
        if self.progress_mode != "off":
            self.stderr.write(summary(time.monotonic() - started, counts))

    def _spawn(
        self, tmp: Path, articles: int, baselines: bool, backend: str, kept=False
    ) -> str:
        """Run the measurement in a child process whose data live in tmp."""
        from search.bench import pg

        out = tmp / "result.json"
        built = tmp / "built"
        recorded = tmp / "database"
        reuse = built.exists()
        if reuse and backend == "postgres":
            name = recorded.read_text().strip() if recorded.exists() else ""
            reuse = bool(name) and pg.exists(name)
        if not reuse:  # a half-built folder starts again from nothing
            if recorded.exists():
                pg.drop(recorded.read_text().strip())
            for child in tmp.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        env = dict(os.environ)
        env.update(
            NEWSARCHIVE_DATA_DIR=str(tmp),
            DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
            DJANGO_DEBUG="1",
            NEWSARCHIVE_SEARCH_BACKEND=backend,
        )
        for name in ("NEWSARCHIVE_BENCH_STOCK_PG", "NEWSARCHIVE_BENCH_STOCK_PG_SKIP"):
            env.pop(name, None)
        dropped: list[str] = []  # throwaway databases, dropped whatever happens
        try:
            if backend == "postgres":
                reason = pg.unavailable()
                if reason:
                    raise CommandError(f"Không kết nối được PostgreSQL: {reason}")
                if reuse:
                    name = recorded.read_text().strip()
                    url = pg.database_url(pg.server_url(), name)
                else:
                    name = f"newsarchive_bench_{articles}_{os.getpid()}"
                    url = pg.create(name)
                    if kept:
                        recorded.write_text(name + "\n")
                    else:
                        dropped.append(name)
                env["DATABASE_URL"] = url
                if baselines:  # stock Django search gets tables of its own there
                    env["NEWSARCHIVE_BENCH_STOCK_PG"] = url
            elif baselines:
                reason = pg.unavailable()
                if reason:
                    env["NEWSARCHIVE_BENCH_STOCK_PG_SKIP"] = reason
                else:
                    name = f"newsarchive_bench_stock_{os.getpid()}"
                    dropped.append(name)
                    env["NEWSARCHIVE_BENCH_STOCK_PG"] = pg.create(name)
            self._run_child(articles, baselines, out, reuse, env)
        finally:
            for name in dropped:
                pg.drop(name)
        built.touch()
        return out.read_text()

    def _run_child(self, articles, baselines, out: Path, reuse: bool, env) -> None:
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        command += ["bench_search", "--articles", str(articles), "--worker", str(out)]
        command += ["--progress-mode", getattr(self, "progress_mode", "off")]
        if baselines:
            command.append("--baselines")
        if reuse:
            command.append("--reuse")
        elif getattr(self, "analysis_from", None):
            command += ["--analysis-from", str(self.analysis_from)]
        out.unlink(missing_ok=True)
        with _exit_on_sigterm():
            done = subprocess.run(command, env=env, cwd=settings.BASE_DIR)
        if done.returncode or not out.exists():
            raise CommandError("Chạy đo hiệu năng thất bại.")

    def _work(
        self,
        articles: int,
        baselines: bool,
        out: Path,
        reuse: bool,
        progress=None,
        analysis_from: Path | None = None,
    ) -> None:
        from django.db import connection

        from search.bench.pg import NAME

        if "newsarchive-bench-" not in str(settings.DATA_DIR):
            raise CommandError("Worker must run in a temporary data folder.")
        if connection.vendor == "postgresql" and not NAME.match(
            str(connection.settings_dict["NAME"])
        ):
            raise CommandError("Worker must run in a benchmark database.")
        from search.bench.runner import migrate_quietly, run

        migrate_quietly()
        result = run(articles, baselines, reuse, progress, analysis_from)
        out.write_text(__import__("json").dumps(result, ensure_ascii=False, indent=1))

    def _print(self, result: dict) -> None:
        for key, value in result.items():
            self.stdout.write(f"{key}: {value}")


@contextlib.contextmanager
def _exit_on_sigterm():
    """Turn SIGTERM (a `timeout`) into SystemExit, so the child is killed and
    the throwaway databases are dropped on the way out."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _analysis_source(folder: str) -> Path:
    """Return the SQLite database of a kept run's folder, or say what is wrong."""
    path = Path(folder).resolve()
    database = path / "bench.sqlite3"
    if not database.exists():
        raise CommandError(
            _(
                "%(folder)s không phải thư mục của một lần đo với --keep "
                "(không có bench.sqlite3)."
            )
            % {"folder": folder}
        )
    return database


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS


def _json_loads(value: str) -> dict:

    return json.loads(value)

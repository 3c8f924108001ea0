"""Benchmark whole pages under load from a real gunicorn, in a throwaway folder."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from .bench_search import _exit_on_sigterm, argparse_hidden


class Command(BaseCommand):
    help = (
        "Đo số trang mỗi giây của gunicorn thật dưới tải (70 % API, 30 % trang "
        "kết quả, từ 8 kết nối), tùy chọn có một người ghi bài mỗi 2 giây."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=2000)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--duration", type=float, default=30.0, metavar="S")
        parser.add_argument("--connections", type=int, default=8)
        parser.add_argument(
            "--writer",
            action="store_true",
            help="save an article every 2 s as the admin does; measure the lag "
            "from the save to the first search that finds it",
        )
        parser.add_argument(
            "--baselines",
            action="store_true",
            help="serve the same mix from stock haystack + Whoosh (up to 20 000 "
            "articles) and report the ratio",
        )
        parser.add_argument(
            "--keep",
            metavar="DIR",
            help="build in DIR/newsarchive-bench-N (bench_search's folder) and "
            "keep it; a later run of either command reuses it",
        )
        parser.add_argument(
            "--in-process",
            action="store_true",
            help="no gunicorn: time each request kind's CPU through the WSGI "
            "application in one process (median over --rounds new queries)",
        )
        parser.add_argument("--rounds", type=int, default=40)
        parser.add_argument(
            "--profile",
            metavar="FILE",
            help="with --in-process, write a cProfile of the new searches to FILE",
        )
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--worker", help=argparse_hidden())
        parser.add_argument("--reuse", action="store_true", help=argparse_hidden())

    def handle(self, *args, **options):
        limits = (("articles", 1), ("workers", 1), ("connections", 1), ("rounds", 1))
        for name, low in limits:
            if options[name] < low:
                raise CommandError(f"--{name} must be at least {low}.")
        if not 0 < options["duration"] <= 3600:
            raise CommandError("--duration must be between 0 and 3600 seconds.")
        if options["worker"]:
            return self._work(Path(options["worker"]), options)
        if options["keep"]:
            folder = Path(options["keep"]).resolve()
            folder = folder / f"newsarchive-bench-{options['articles']}"
            folder.mkdir(parents=True, exist_ok=True)
            result = self._spawn(folder, options)
        else:
            with tempfile.TemporaryDirectory(prefix="newsarchive-bench-") as tmp:
                result = self._spawn(Path(tmp), options)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self._print(result)

    def _spawn(self, folder: Path, options: dict) -> dict:
        """Run the measurement in a child process whose data live in folder."""
        built = folder / "built"
        reuse = built.exists()
        if not reuse:  # a half-built folder starts again from nothing
            for child in folder.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        env = dict(os.environ)
        env.pop("DATABASE_REPLICA_URL", None)
        env.update(
            NEWSARCHIVE_DATA_DIR=str(folder),
            DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3",
            DJANGO_DEBUG="1",
            NEWSARCHIVE_SEARCH_BACKEND="whoosh",
            NEWSARCHIVE_SEARCH_SYNC_THREAD="0",
        )
        if options["in_process"]:
            from search.bench.reliability.sandbox import RATE_LIMITS_OFF
            from search.bench.serve import serving_env

            # Measured as a serving worker runs: debug and rate limits off.
            serving = serving_env()
            for name in ("DJANGO_DEBUG", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"):
                env[name] = serving[name]
            env.update(RATE_LIMITS_OFF)
        out = folder / "serve-result.json"
        out.unlink(missing_ok=True)
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        command += ["bench_serve", "--worker", str(out)]
        for name in ("articles", "workers", "duration", "connections"):
            command += [f"--{name}", str(options[name])]
        for name in ("writer", "baselines", "in_process"):
            if options[name]:
                command.append(f"--{name.replace('_', '-')}")
        command += ["--rounds", str(options["rounds"])]
        if options["profile"]:
            command += ["--profile", str(Path(options["profile"]).resolve())]
        if reuse:
            command.append("--reuse")
        child = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)
        try:
            with _exit_on_sigterm():
                child.wait()
        except BaseException:
            # SIGTERM, not SIGKILL: the child stops its gunicorns on the way out.
            child.terminate()
            child.wait(60)
            raise
        if child.returncode or not out.exists():
            raise CommandError("Chạy đo hiệu năng phục vụ thất bại.")
        built.touch()
        return json.loads(out.read_text())

    def _work(self, out: Path, options: dict) -> None:
        from django.core.management import call_command

        from search.bench.serve import run

        if "newsarchive-bench-" not in str(settings.DATA_DIR):
            raise CommandError("Worker must run in a temporary data folder.")
        call_command("migrate", verbosity=0, interactive=False)
        # A SIGTERM (the parent's, a `timeout`) unwinds, so the gunicorns stop.
        with _exit_on_sigterm():
            result = run(
                options["articles"],
                options["reuse"],
                options["workers"],
                options["duration"],
                options["connections"],
                options["writer"],
                options["baselines"],
                in_process=options["in_process"],
                rounds=options["rounds"],
                profile_to=options["profile"],
            )
        out.write_text(json.dumps(result, ensure_ascii=False, indent=1))

    def _print(self, result: dict) -> None:
        for key, value in result.items():
            self.stdout.write(f"{key}: {value}")

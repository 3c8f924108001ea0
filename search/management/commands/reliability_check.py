"""Run the reliability suite against a real gunicorn in a throwaway archive."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from articles.progress import in_user_language, summary
from search.bench.reliability import SECTIONS

from .bench_search import _exit_on_sigterm, argparse_hidden

FOLDER_PREFIX = "newsarchive-reliability-"
BOUNDS = {
    "articles": int,
    "soak_seconds": float,
    "writer_processes": int,
    "writer_operations": int,
    "kill_rounds": int,
    "rebuild_rounds": int,
    "fuzz_requests": int,
    "gunicorn_workers": int,
}


class Command(BaseCommand):
    help = (
        "Kiểm tra độ tin cậy trên kho tạm với gunicorn thật: tải kéo dài, ghi "
        "đồng thời, kill -9, dữ liệu đầu vào xấu, XSS; in một báo cáo JSON."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quick", action="store_true", help="smaller bounds (CI, ≤ 3 minutes)"
        )
        parser.add_argument(
            "--json", action="store_true", help="print the report on one line"
        )
        parser.add_argument(
            "--backend",
            choices=("whoosh", "postgres"),
            help="search backend (default: the configured one)",
        )
        parser.add_argument(
            "--advisory",
            help="comma-separated sections that are run and reported but whose "
            "failure does not fail the command (a criterion known not to be met "
            "yet, named in the report)",
        )
        parser.add_argument(
            "--sections",
            help=f"comma-separated subset of: {','.join(SECTIONS)} (default: all)",
        )
        for name, kind in BOUNDS.items():
            parser.add_argument(
                "--" + name.replace("_", "-"), type=kind, help="override a bound"
            )
        parser.add_argument("--worker", help=argparse_hidden())
        parser.add_argument("--role", help=argparse_hidden())
        parser.add_argument("--role-args", help=argparse_hidden())

    @in_user_language
    def handle(self, *args, **options):
        if options["role"]:
            from search.bench.reliability import roles

            return roles.run(options["role"], json.loads(options["role_args"]))
        sections = self._sections(options["sections"])
        if options["worker"]:
            return self._work(Path(options["worker"]), options, sections)
        started = time.monotonic()
        backend = options["backend"] or settings.SEARCH_BACKEND
        report = self._spawn(backend, options)
        advisory = self._sections(options["advisory"]) if options["advisory"] else []
        report["advisory_sections"] = advisory
        report["gating_failures"] = [
            name for name in report["failed_sections"] if name not in advisory
        ]
        indent = None if options["json"] else 1
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=indent))
        counts = _("%(n)d phần đạt, %(failed)d phần không đạt: %(names)s") % {
            "n": len(report["sections"]) - len(report["failed_sections"]),
            "failed": len(report["failed_sections"]),
            "names": ", ".join(report["failed_sections"]) or "—",
        }
        self.stderr.write(summary(time.monotonic() - started, counts))
        broken = not report["ok"] and not report["failed_sections"]
        if report["gating_failures"] or broken:
            raise SystemExit(1)

    def _sections(self, value: str | None) -> list[str]:
        if not value:
            return list(SECTIONS)
        chosen = [s.strip() for s in value.split(",") if s.strip()]
        unknown = sorted(set(chosen) - set(SECTIONS))
        if unknown:
            raise CommandError(
                _("Phần không có: %(names)s (có: %(known)s)")
                % {"names": ", ".join(unknown), "known": ", ".join(SECTIONS)}
            )
        return chosen

    def _spawn(self, backend: str, options: dict) -> dict:
        """Run the suite in a child whose data live in a throwaway folder."""
        from search.bench import pg

        folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
        env = dict(os.environ)
        env.pop("DATABASE_REPLICA_URL", None)
        env.update(
            NEWSARCHIVE_DATA_DIR=str(folder),
            DATABASE_URL=f"sqlite:///{folder}/reliability.sqlite3",
            NEWSARCHIVE_SEARCH_BACKEND=backend,
            NEWSARCHIVE_SEARCH_SYNC_THREAD="0",
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        )
        database = None
        current = os.environ.get("DATABASE_URL", "")
        try:
            if backend == "postgres" or current.startswith("postgres"):
                reason = pg.unavailable()
                if reason:
                    raise CommandError(f"Không kết nối được PostgreSQL: {reason}")
                database = f"newsarchive_bench_reliability_{os.getpid()}"
                env["DATABASE_URL"] = pg.create(database)
            out = folder / "report.json"
            command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
            command += ["reliability_check", "--worker", str(out)]
            for name in ("quick", "sections", *BOUNDS):
                value = options.get(name)
                if value is True:
                    command.append("--quick")
                elif value not in (None, False):
                    command += ["--" + name.replace("_", "-"), str(value)]
            with _exit_on_sigterm():
                done = subprocess.run(command, env=env, cwd=settings.BASE_DIR)
            if out.exists() and not done.returncode:
                return json.loads(out.read_text())
            partial = out.with_suffix(".partial.json")
            if not partial.exists():
                raise CommandError(_("Chạy kiểm tra độ tin cậy thất bại."))
            # The sections that finished before the worker died still count.
            report = json.loads(partial.read_text())
            report["incomplete"] = f"worker exited with {done.returncode}"
            report["failed_sections"] = [
                k for k, v in report["sections"].items() if v.get("ok") is False
            ]
            report["ok"] = False
            return report
        finally:
            if database:
                pg.drop(database)
            shutil.rmtree(folder, ignore_errors=True)

    def _work(self, out: Path, options: dict, sections: list[str]) -> None:
        from django.core.management import call_command
        from django.db import connection

        from search.bench.reliability.runner import Bounds, run

        if FOLDER_PREFIX not in str(settings.DATA_DIR):
            raise CommandError("The worker must run in a throwaway data folder.")
        name = str(connection.settings_dict["NAME"])
        if connection.vendor == "postgresql" and "_bench_reliability_" not in name:
            raise CommandError("The worker must run in a throwaway database.")
        call_command("migrate", verbosity=0, interactive=False)
        bounds = Bounds.for_run(
            options["quick"], **{name: options.get(name) for name in BOUNDS}
        )
        partial = out.with_suffix(".partial.json")
        report = run(
            bounds,
            sections,
            Path(settings.DATA_DIR),
            lambda so_far: partial.write_text(json.dumps(so_far, ensure_ascii=False)),
        )
        out.write_text(json.dumps(report, ensure_ascii=False))

"""Benchmark indexing and search on a synthetic corpus in a throwaway folder."""

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


class Command(BaseCommand):
    help = "Đo tốc độ lập chỉ mục và tìm kiếm trên kho bài tổng hợp (thư mục tạm)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=2000)
        parser.add_argument("--json", action="store_true")
        parser.add_argument("--baselines", action="store_true")
        parser.add_argument(
            "--keep",
            metavar="DIR",
            help="build in DIR and keep it; a later run with the same DIR and "
            "--articles measures the queries again without re-indexing",
        )
        parser.add_argument("--worker", help=argparse_hidden())
        parser.add_argument("--reuse", action="store_true", help=argparse_hidden())

    def handle(
        self, *args, articles: int, json: bool, baselines: bool, keep, worker, **kw
    ):
        if worker:
            return self._work(articles, baselines, Path(worker), kw["reuse"])
        if keep:
            folder = Path(keep).resolve() / f"newsarchive-bench-{articles}"
            folder.mkdir(parents=True, exist_ok=True)
            result = self._spawn(folder, articles, baselines)
        else:
            with tempfile.TemporaryDirectory(prefix="newsarchive-bench-") as tmp:
                result = self._spawn(Path(tmp), articles, baselines)
        if json:
            self.stdout.write(result)
        else:
            self._print(_json_loads(result))

    def _spawn(self, tmp: Path, articles: int, baselines: bool) -> str:
        """Run the measurement in a child process whose data live in tmp."""
        out = tmp / "result.json"
        built = tmp / "built"
        reuse = built.exists()
        if not reuse:  # a half-built folder starts again from nothing
            for child in tmp.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        env = dict(os.environ)
        env.update(
            NEWSARCHIVE_DATA_DIR=tmp,
            DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
            DJANGO_DEBUG="1",
        )
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
        command += [
            "bench_search",
            "--articles",
            str(articles),
            "--worker",
            str(out),
        ]
        if baselines:
            command.append("--baselines")
        if reuse:
            command.append("--reuse")
        done = subprocess.run(command, env=env, cwd=settings.BASE_DIR)
        if done.returncode or not out.exists():
            raise CommandError("Chạy đo hiệu năng thất bại.")
        built.touch()
        return out.read_text()

    def _work(self, articles: int, baselines: bool, out: Path, reuse: bool) -> None:
        if "newsarchive-bench-" not in str(settings.DATA_DIR):
            raise CommandError("Worker must run in a temporary data folder.")
        from search.bench.runner import migrate_quietly, run

        migrate_quietly()
        result = run(articles, baselines, reuse)
        out.write_text(__import__("json").dumps(result, ensure_ascii=False, indent=1))

    def _print(self, result: dict) -> None:
        for key, value in result.items():
            self.stdout.write(f"{key}: {value}")


def argparse_hidden():
    import argparse

    return argparse.SUPPRESS


def _json_loads(value: str) -> dict:

    return json.loads(value)

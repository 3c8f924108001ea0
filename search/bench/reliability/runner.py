"""Run the chosen sections in this (throwaway) environment; return the report."""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path

from articles import text

from . import SECTIONS, sandbox


@dataclass(frozen=True, slots=True)
class Bounds:
    articles: int
    soak_seconds: float
    writer_processes: int
    writer_operations: int
    kill_rounds: int
    rebuild_rounds: int
    fuzz_requests: int
    gunicorn_workers: int = 4

    @classmethod
    def for_run(cls, quick: bool, **overrides) -> Bounds:
        if quick:
            base = cls(300, 15, 3, 10, 1, 1, 1000, 2)
        else:
            base = cls(2000, 60, 4, 40, 5, 3, 10_000, 4)
        values = {k: v for k, v in overrides.items() if v is not None}
        return cls(**{**{f: getattr(base, f) for f in cls.__slots__}, **values})


def _load_corpus(n: int) -> tuple[list[str], list[str]]:
    """Load n synthetic articles; return search queries and queries that match."""
    from ..runner import load

    corpus, truth = load(n)
    officials = sorted(truth["official"], key=lambda k: -len(truth["official"][k]))
    codes = sorted(truth["code"], key=lambda k: -len(truth["code"][k]))
    matching = [text.fold(name) for name in officials[:8]] + codes[:6]
    matching += ["cán bộ", "tổ chức", '"Ban Tổ chức Trung ương"']
    queries = [*matching, corpus.rare[300], "", "qd 205", "truong thi mai 2022"]
    return queries, matching


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def run(bounds: Bounds, sections: list[str], folder: Path, on_section=None) -> dict:
    """Run the sections; on_section(report so far) is called after each one."""
    from django.db import connection

    from ...backends import get_backend
    from . import xss
    from .badfiles import bad_files
    from .crash import kills
    from .fuzz import fuzz
    from .load import rebuild_load, soak, writers

    started = time.monotonic()
    report: dict = {
        "started_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "backend": get_backend().name,
        "database": connection.vendor,
        "bounds": {f: getattr(bounds, f) for f in Bounds.__slots__},
        "sections_run": sections,
        "cpu_count": os.cpu_count(),
        "load_average_before": load_average(),
    }
    sandbox.stderr_line(f"[setup] {bounds.articles} synthetic articles, indexing")
    queries, matching = _load_corpus(bounds.articles)
    seeded = xss.seed() if "xss" in sections else None
    stats = get_backend().rebuild(procs=2)
    report["setup"] = {
        "articles": bounds.articles,
        "index_seconds": round(stats.seconds, 1),
        "seconds": round(time.monotonic() - started, 1),
    }
    server = sandbox.Server(folder, bounds.gunicorn_workers)
    sandbox.stderr_line(f"[setup] gunicorn -w {bounds.gunicorn_workers} on loopback")
    server.start()
    report["server"] = {"port": server.port, "workers": bounds.gunicorn_workers}
    results: dict = {}
    rebuild_s = stats.seconds  # what a kill aims inside; from the cache it is less
    try:
        for name in SECTIONS:
            if name not in sections:
                continue
            began = time.monotonic()
            try:
                if name == "soak":
                    value = soak(server, queries, bounds.soak_seconds)
                elif name == "writers":
                    value = writers(
                        server, bounds.writer_processes, bounds.writer_operations
                    )
                elif name == "kills":
                    value = kills(server, bounds.kill_rounds, matching[0], rebuild_s)
                elif name == "rebuild_load":
                    value = rebuild_load(server, matching, bounds.rebuild_rounds)
                    took = [r["seconds"] for r in value["rebuilds"]]
                    rebuild_s = min(took, default=rebuild_s)
                elif name == "fuzz":
                    value = fuzz(server, bounds.fuzz_requests)
                elif name == "xss":
                    value = xss.check(server, seeded)
                else:
                    value = bad_files(server, folder / "bad_files")
            except Exception as exc:  # a section that breaks is a finding too
                import traceback

                value = {
                    "ok": False,
                    "crashed": f"{type(exc).__name__}: {exc}"[:500],
                    "traceback": traceback.format_exc()[-2000:],
                }
            value["elapsed_seconds"] = round(time.monotonic() - began, 1)
            verdict = {True: "pass", False: "fail", None: "skipped"}[value.get("ok")]
            value["verdict"] = verdict
            sandbox.stderr_line(f"[{name}] {verdict} ({value['elapsed_seconds']} s)")
            results[name] = value
            if on_section is not None:
                on_section({**report, "sections": results})
    finally:
        server.stop()
    report["sections"] = results
    report["server_tracebacks_logged"] = server.errors_logged()
    report["failed_sections"] = [k for k, v in results.items() if v["ok"] is False]
    report["skipped_sections"] = [k for k, v in results.items() if v["ok"] is None]
    report["ok"] = not report["failed_sections"]
    report["load_average_after"] = load_average()
    report["seconds"] = round(time.monotonic() - started, 1)
    return report

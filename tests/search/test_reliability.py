"""The reliability suite's machinery, run small against a real gunicorn.

A site with one deliberately broken page (tests/search/reliability_site.py)
must come out of the fuzz with 500s counted and the run failing; the bad-file
section must judge each case and keep database and index in agreement.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from search.bench.reliability import SECTIONS
from search.bench.reliability.fuzz import routes
from search.bench.reliability.roles import token
from search.bench.reliability.sandbox import drift_free, percentiles

ROOT = Path(__file__).resolve().parents[2]


def run_suite(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, DJANGO_DEBUG="1")
    env.pop("DATABASE_URL", None)  # SQLite in the suite's own throwaway folder
    return subprocess.run(
        [sys.executable, "manage.py", "reliability_check", "--json", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="module")
def broken_site_report():
    done = run_suite(
        "--settings=tests.search.reliability_site",
        "--quick",
        "--sections=fuzz,bad_files",
        "--articles=20",
        "--fuzz-requests=150",
        "--gunicorn-workers=2",
    )
    assert done.stdout.count("\n") <= 1, "stdout holds the JSON report alone"
    return done, json.loads(done.stdout)


@pytest.mark.slow
def test_a_page_that_raises_shows_up_as_5xx_and_fails_the_run(broken_site_report):
    done, report = broken_site_report
    assert done.returncode == 1
    assert report["ok"] is False and "fuzz" in report["failed_sections"]
    fuzz = report["sections"]["fuzz"]
    assert "broken/<int:pk>/" in fuzz["routes"]
    assert fuzz["server_errors_5xx"] > 0
    assert fuzz["status"]["500"] == fuzz["server_errors_5xx"]
    assert set(fuzz["5xx_by_path"]) and all(
        path.startswith("/broken/") for path in fuzz["5xx_by_path"]
    )
    assert fuzz["server_tracebacks_logged"] >= fuzz["server_errors_5xx"]
    assert fuzz["requests"] == 150 and fuzz["verdict"] == "fail"
    assert "[fuzz]" in done.stderr  # progress on stderr


@pytest.mark.slow
def test_the_report_has_its_shape_and_bad_files_are_judged(broken_site_report):
    _done, report = broken_site_report
    for key in ("backend", "database", "bounds", "setup", "sections", "ok"):
        assert key in report
    assert report["sections_run"] == ["fuzz", "bad_files"]
    assert report["bounds"]["articles"] == 20 and report["database"] == "sqlite"
    bad = report["sections"]["bad_files"]
    assert bad["cases"] == len(bad["results"]) >= 15
    by_case = {row["case"]: row for row in bad["results"]}
    for row in bad["results"]:
        assert {"exit_code", "created", "failed", "ok", "problems"} <= set(row)
        assert row["ok"] == (not row["problems"])
    # Refusals the importer already gets right are judged right.
    for case in ("empty", "binary", "wrong_extension_pdf", "page_over_limit"):
        assert by_case[case]["ok"], by_case[case]
        assert by_case[case]["exit_code"] == 1 and by_case[case]["created"] == 0
    assert by_case["duplicate_of_itself"]["duplicates"] == 1
    assert bad["new_rows"] == bad["reported_created"]
    assert bad["check_index_after"]["ok"] is True


@pytest.mark.slow
def test_an_advisory_section_is_reported_but_does_not_fail_the_run():
    done = run_suite(
        "--settings=tests.search.reliability_site",
        "--quick",
        "--sections=fuzz",
        "--advisory=fuzz",
        "--articles=20",
        "--fuzz-requests=60",
        "--gunicorn-workers=2",
    )
    report = json.loads(done.stdout)
    assert report["failed_sections"] == ["fuzz"]  # the broken page still counts
    assert report["advisory_sections"] == ["fuzz"] and report["gating_failures"] == []
    assert done.returncode == 0


def test_unknown_sections_are_refused_with_the_known_ones_named():
    done = run_suite("--sections=soak,nope")
    assert done.returncode != 0
    assert "nope" in done.stderr and all(name in done.stderr for name in SECTIONS)


def test_the_fuzz_collects_every_reading_page_and_skips_admin():
    found = routes()
    for route in ("search/", "api/search/", "search/feed/", "search/export.csv"):
        assert route in found
    assert "officials/<str:slug>/" in found and "documents/<path:code>/" in found
    assert not any(r.startswith(("admin/", "i18n/")) for r in found)


def test_drift_free_needs_ok_no_pending_and_no_wrong_count():
    clean = {"ok": True, "exit_code": 0, "db_count": 5, "index_count": 5}
    assert drift_free({**clean, "missing_count": 0, "pending_updates": 0})
    assert not drift_free({**clean, "pending_updates": 3})
    assert not drift_free({**clean, "stale_content_count": 2})
    assert not drift_free({**clean, "exit_code": 1})


def test_tokens_are_distinct_letter_words_and_percentiles_are_ms():
    words = {token("zqs", i) for i in range(5000)}
    assert len(words) == 5000 and all(w.isalpha() and w.isascii() for w in words)
    figures = percentiles([0.1] * 9 + [1.0])
    assert figures == {"p50_ms": 100.0, "p95_ms": 1000.0, "max_ms": 1000.0}

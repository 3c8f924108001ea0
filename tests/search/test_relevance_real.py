"""Judged relevance on the real pages, on every backend, and the metrics behind it.

The judged set (`tests/data/relevance/judged.json`) was judged by reading the
pages; `floors.json` holds recall@10 and MRR measured on it, rounded down. The
pages are imported and indexed once per backend (about 30 seconds on Whoosh,
40 on PostgreSQL, on the 2-core development machine).
"""

from __future__ import annotations

import json
import math
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from search import relevance
from search.management.commands.relevance_report import describe
from search.relevance import (
    JudgedQuery,
    JudgedSetError,
    Judgment,
    evaluate,
    load_judged,
    ndcg_at,
    ranks,
    recall_at,
    reciprocal_rank,
    score_query,
)

DATA = Path(__file__).resolve().parents[1] / "data"
JUDGED = DATA / "relevance" / "judged.json"
FLOORS = json.loads((DATA / "relevance" / "floors.json").read_text())
REAL = DATA / "extraction" / "real"


def _query(grades: dict[str, int], kind: str = "name", id: str = "q") -> JudgedQuery:
    relevant = tuple(Judgment(f, g, "why") for f, g in grades.items())
    return JudgedQuery(id, "text", kind, "dev", relevant)


# The metrics, on cases computed by hand.


def test_recall_counts_the_relevant_pages_within_the_first_k():
    grades = {"a": 2, "b": 1, "c": 1}
    ranking = ["x", "a", "y", "b", "z", "c"]
    assert recall_at(ranking, grades, 1) == 0.0
    assert recall_at(ranking, grades, 2) == pytest.approx(1 / 3)
    assert recall_at(ranking, grades, 4) == pytest.approx(2 / 3)
    assert recall_at(ranking, grades, 10) == 1.0
    assert recall_at([], grades, 10) == 0.0


def test_reciprocal_rank_is_one_over_the_rank_of_the_first_relevant_page():
    assert reciprocal_rank(["a", "b"], {"a": 1}) == 1.0
    assert reciprocal_rank(["x", "y", "a", "b"], {"b": 2, "a": 1}) == pytest.approx(
        1 / 3
    )
    assert reciprocal_rank(["x", "y"], {"a": 1}) == 0.0
    assert reciprocal_rank(["x", "a"], {"x": 0, "a": 1}) == 0.5  # grade 0: not


def test_ndcg_uses_graded_gains_and_a_log_discount():
    grades = {"a": 2, "b": 1}
    ideal = 3 / math.log2(2) + 1 / math.log2(3)  # a then b: 3 + 0.6309
    # b first, then a: 1/log2(2) + 3/log2(3) = 1 + 1.8928
    assert ndcg_at(["b", "a"], grades, 10) == pytest.approx(
        (1 + 3 / math.log2(3)) / ideal
    )
    assert ndcg_at(["b", "a"], grades, 10) == pytest.approx(0.79670, abs=1e-5)
    assert ndcg_at(["a", "b"], grades, 10) == pytest.approx(1.0)
    assert ndcg_at(["b", "a"], grades, 1) == pytest.approx(1 / 3)  # ideal@1 is a
    assert ndcg_at(["x", "a"], {"a": 1}, 10) == pytest.approx(1 / math.log2(3))
    assert ndcg_at(["x", "y"], grades, 10) == 0.0
    # A page listed twice gains once.
    assert ndcg_at(["a", "a", "b"], grades, 10) < 1.0


def test_a_query_reports_each_relevant_rank_and_its_misses():
    query = _query({"a": 2, "b": 1, "c": 1})
    ranking = ["a", "x", "y", "z", "b"]
    assert ranks(ranking, query.grades) == {"a": 1, "b": 5, "c": None}
    scored = score_query(query, ranking, count=40, k=3)
    assert scored["recall_at_3"] == pytest.approx(0.3333)
    assert scored["reciprocal_rank"] == 1.0
    assert scored["misses"] == ["b", "c"]  # b is ranked, but below k
    assert scored["count"] == 40
    assert scored["top"] == ["a", "x", "y"]


def test_evaluation_averages_over_queries_and_per_kind():
    queries = [
        _query({"a": 2}, "name", "q1"),
        _query({"b": 1}, "name", "q2"),
        _query({"c": 2}, "code", "q3"),
    ]
    rankings = {"q1": ["a"], "q2": ["x", "b"], "q3": ["y"]}
    result = evaluate(queries, lambda q: (rankings[q.id], len(rankings[q.id])), k=10)
    assert result["query_count"] == 3
    assert result["recall_at_10"] == pytest.approx(2 / 3, abs=1e-4)
    assert result["mrr"] == pytest.approx((1 + 0.5 + 0) / 3, abs=1e-4)
    assert result["by_kind"]["name"] == {
        "queries": 2,
        "recall_at_10": 1.0,
        "mrr": 0.75,
        "ndcg_at_10": pytest.approx((1 + 1 / math.log2(3)) / 2, abs=1e-4),
    }
    assert result["by_kind"]["code"]["mrr"] == 0.0
    with pytest.raises(ValueError):
        evaluate(queries, lambda q: ([], 0), k=0)


# The judged set itself.


def test_the_judged_set_covers_every_kind_in_both_splits():
    judged = load_judged(JUDGED)
    pages = judged.page_files()  # every judged page exists
    assert len(pages) == 84
    assert len(judged.queries) >= 45
    dev, holdout = judged.select("dev"), judged.select("holdout")
    assert 0.55 <= len(dev) / len(judged.queries) <= 0.75
    assert {q.kind for q in dev} == {q.kind for q in holdout}
    assert len(judged.select("all")) == len(dev) + len(holdout)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda q: q.update(grade_of_first=3), "grade must be 1 or 2"),
        (lambda q: q.update(split="test"), "'split' must be one of"),
        (lambda q: q.update(reason=""), "a reason is required"),
        (lambda q: q.update(file="r9_99_nowhere.txt"), "judged pages not found"),
    ],
)
def test_a_broken_judged_set_is_refused_with_its_reason(tmp_path, change, message):
    query = {"split": "dev", "grade_of_first": 2, "reason": "why"}
    query["file"] = "r4_09_tandaiviet.txt"
    change(query)
    data = {
        "pages": [str(REAL / "test")],
        "queries": [
            {
                "query": "Trịnh Xuân Thanh",
                "kind": "name",
                "split": query["split"],
                "relevant": [
                    {
                        "file": query["file"],
                        "grade": query["grade_of_first"],
                        "reason": query["reason"],
                    }
                ],
            }
        ],
    }
    path = tmp_path / "judged.json"
    path.write_text(json.dumps(data, ensure_ascii=False))
    with pytest.raises(JudgedSetError, match=message):
        load_judged(path).page_files()


# The engine on the real pages, once per backend.

_REPORTS: dict[str, dict] = {}


@pytest.fixture
def real_report(search_backend, empty_index):
    name = search_backend.name
    if name not in _REPORTS:
        _REPORTS[name] = relevance.run(load_judged(JUDGED), "all", 10)
        search_backend.clear()  # leave no real pages to the next test
    return _REPORTS[name]


def _misses(report: dict) -> str:
    lines = [
        f"{q['id']} {q['query']!r}: {q['ranks']}"
        for q in report["queries"]
        if q["misses"]
    ]
    return "queries with misses:\n" + "\n".join(lines)


@pytest.mark.slow
def test_recall_at_10_on_the_real_pages_holds_its_floor(real_report):
    assert real_report["pages"] == 84
    assert real_report["query_count"] == len(load_judged(JUDGED).queries)
    floor = FLOORS[real_report["backend"]]["recall_at_10"]
    assert real_report["recall_at_10"] >= floor, _misses(real_report)


@pytest.mark.slow
def test_mrr_on_the_real_pages_holds_its_floor(real_report):
    floor = FLOORS[real_report["backend"]]["mrr"]
    assert real_report["mrr"] >= floor, _misses(real_report)


# The command, end to end on three pages in its own throwaway archive.


@pytest.mark.slow
def test_the_report_command_scores_in_a_throwaway_archive(tmp_path):
    # No database fixture: the command must not open this process's database.
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("r4_09_tandaiviet.txt", "r4_18_vtc.txt", "r2_21_tapchitaichinh.txt"):
        shutil.copy(REAL / "test" / name, pages / name)
    judged = {
        "pages": ["pages"],
        "queries": [
            {
                "query": "Berlin",
                "kind": "long",
                "split": "dev",
                "relevant": [
                    {"file": "r4_09_tandaiviet.txt", "grade": 2, "reason": "about it"}
                ],
            },
            {
                # Judged wrongly on purpose: the metric must be able to fall.
                "query": "thuế tiêu thụ đặc biệt",
                "kind": "topic",
                "split": "holdout",
                "relevant": [
                    {"file": "r4_18_vtc.txt", "grade": 2, "reason": "wrong on purpose"}
                ],
            },
        ],
    }
    path = tmp_path / "judged.json"
    path.write_text(json.dumps(judged, ensure_ascii=False))
    out = StringIO()
    call_command(
        "relevance_report",
        "--judged",
        str(path),
        "--backend",
        "whoosh",
        "--json",
        "--no-progress",
        stdout=out,
    )
    report = json.loads(out.getvalue())
    assert report["backend"] == "whoosh"
    assert report["pages"] == 3
    assert report["recall_at_10"] == 0.5
    assert report["mrr"] == 0.5
    first, second = report["queries"]
    assert first["ranks"] == {"r4_09_tandaiviet.txt": 1}
    assert second["ranks"] == {"r4_18_vtc.txt": None}
    assert second["top"] == ["r2_21_tapchitaichinh.txt"]
    text = "\n".join(describe(report))
    assert "recall@10 0.500  MRR 0.500" in text
    assert "r4_09_tandaiviet.txt 1\n" in text
    assert "r4_18_vtc.txt —" in text


def test_the_report_command_explains_bad_input(tmp_path):
    with pytest.raises(CommandError, match="file not found"):
        call_command("relevance_report", "--judged", str(tmp_path / "none.json"))
    with pytest.raises(CommandError, match="--k"):
        call_command("relevance_report", "--judged", str(JUDGED), "--k", "0")

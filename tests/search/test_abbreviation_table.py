"""Every entry of the abbreviation table, through the search on every backend.

`tests/articles/test_abbreviations.py` checks that the table finds each spelling
in text; here each spelling is written on a page of its own and every other
spelling of its entry, typed with and without diacritics, must find that page
and mark it. The facet typeahead and facet filters read the same table.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.management import call_command

from articles import text
from articles.abbreviations import TABLE, Spelling, is_abbreviation
from search import matching
from search.backends import Query
from search.highlight import highlight, needles
from search.query import parse
from search.suggest import facet_search, label_forms, narrows_to

from .conftest import create_article, index_now


def _context(spelling: Spelling) -> str:
    """Return the words a page and a query put before a spelling.

    A form that is also a word (`TƯ`) stands for its entry only next to
    another abbreviation; every other form gets a plain word after it.
    """
    return "UBKT" if spelling.cased else ""


def _page(spelling: Spelling) -> str:
    return " ".join(filter(None, ["Hôm qua", _context(spelling), spelling.text, "họp"]))


def _typed(spelling: Spelling, context: str) -> list[str]:
    """Return a spelling as a query, with diacritics and without."""
    q = " ".join(filter(None, [context, spelling.text, "họp"]))
    folded = text.fold(q)
    # `tư` is the word, not `TƯ`: a cased form counts only in capitals.
    return [q] if spelling.cased or folded == q.lower() else [q, folded]


# Every (entry, written on the page, typed) pair of distinct spellings.
PAIRS = [
    (entry.expansion, written, typed)
    for entry in TABLE
    for written in entry.spellings
    for typed in entry.spellings
    if written.folds != typed.folds
]


def _marks(html: str) -> list[str]:
    """Return the marked passages as folded syllables."""
    return [
        " ".join(t.folded for t in text.tokens(unescape(m)))
        for m in re.findall(r"<mark>(.*?)</mark>", html)
    ]


@pytest.fixture
def table_pages(empty_index):
    """One page per written spelling of every entry."""
    pages = {}
    for entry in TABLE:
        for spelling in entry.spellings:
            key = (entry.expansion, spelling.text)
            pages[key] = create_article(
                title=f"Trang {len(pages)}",
                body=_page(spelling),
                published_at="2024-01-02T08:00:00+07:00",
            )
    index_now(*pages.values())
    return pages


@pytest.mark.slow
def test_every_entry_finds_each_other_spelling_both_ways(search_backend, table_pages):
    snap = search_backend.snapshot()
    failures = []
    for expansion, written, typed in PAIRS:
        page = table_pages[(expansion, written.text)]
        for q in _typed(typed, _context(written)):
            matches = snap.match(Query(recall=matching.recall_query(parse(q))))
            if page.pk not in snap.top(matches, None, "newest", len(table_pages)):
                failures.append(f"{q!r} misses the page writing {written.text!r}")
    assert not failures, "\n".join(failures)
    # Every pair of every entry was tried, both directions.
    assert {e for e, _w, _t in PAIRS} == {e.expansion for e in TABLE}


@pytest.mark.parametrize(("expansion", "written", "typed"), PAIRS)
def test_every_spelling_is_marked_when_another_one_is_typed(expansion, written, typed):
    page = _page(written)
    for q in _typed(typed, _context(written)):
        marks = _marks(highlight(page, needles(parse(q, names=None))))
        if written.alone:
            # The page's own spelling, whole: `UBKT` for `Ủy ban Kiểm tra`.
            assert any(" ".join(written.folds) in m for m in marks), (q, marks)
        else:
            # An ambiguous form alone (`TW`) is matched by context, never marked
            # on its own: it may be the issuer inside a code.
            assert " ".join(written.folds) not in marks, (q, marks)


def test_the_table_has_abbreviations_and_expansions_apart():
    for entry in TABLE:
        assert not is_abbreviation(entry.spellings[0]), entry.expansion
        assert all(is_abbreviation(s) for s in entry.forms), entry.expansion


# Facet typeahead and facet filters: the demo's posts and terms.


@pytest.fixture
def demo(empty_index):
    from articles.models import Article

    call_command("load_demo", verbosity=0)
    index_now(*Article.objects.all())


@pytest.mark.parametrize(
    ("facet", "typed", "label"),
    [
        ("post", "uvbct", "Ủy viên Bộ Chính trị"),
        ("post", "UVBCT", "Ủy viên Bộ Chính trị"),
        ("post", "bbt", "Thường trực Ban Bí thư"),
        ("post", "btctw", "Trưởng Ban Tổ chức Trung ương"),
        ("post", "truong ban to chuc t.u", "Trưởng Ban Tổ chức Trung ương"),
        ("post", "qdnd", "Phó Chủ nhiệm Tổng cục Chính trị Quân đội nhân dân"),
        ("party_term", "khoa 13", "Khóa XIII (2021–2026)"),
        # Without the table, still any syllable, no diacritics, a prefix last.
        ("post", "thuong truc ban bi", "Thường trực Ban Bí thư"),
    ],
)
def test_facet_typeahead_reads_the_abbreviation_table(
    search_backend, demo, facet, typed, label
):
    found = facet_search(search_backend.snapshot(), facet, typed, limit=50)
    assert label in {d["label"] for d in found}


@pytest.mark.parametrize(
    ("facet", "typed", "absent"),
    [
        # BCT alone is no context for Bộ Chính trị in a label the table reads.
        ("post", "bbt", "Ủy viên Bộ Chính trị"),
        ("party_term", "khoa 12", "Khóa XIII (2021–2026)"),
    ],
)
def test_facet_typeahead_offers_only_what_the_spelling_means(
    search_backend, demo, facet, typed, absent
):
    found = facet_search(search_backend.snapshot(), facet, typed, limit=50)
    assert found and absent not in {d["label"] for d in found}


@pytest.mark.parametrize(
    ("label", "typed", "kept"),
    [
        ("Ủy viên Bộ Chính trị", "uvbct", True),
        ("Ủy viên Bộ Chính trị", "uy vien bct", True),
        ("Chủ tịch UBND tỉnh Nam Định", "uy ban nhan dan", True),
        ("Chủ tịch UBND tỉnh Nam Định", "ubnd tinh", True),
        ("Trưởng Ban Tổ chức Trung ương", "ban to chuc tw", True),
        ("Trưởng Ban Tổ chức Trung ương", "BTCTW", True),
        ("Thông tấn xã Việt Nam", "ttxvn", True),
        ("Trưởng Ban Tổ chức Trung ương", "ubnd", False),
        ("Thường trực Ban Bí thư", "bct", False),
    ],
)
def test_facet_filters_narrow_by_any_spelling(label, typed, kept):
    assert narrows_to(label, typed) is kept


def test_facet_lists_carry_the_other_spellings_for_the_page_script(client, demo):
    assert "uvbct" in label_forms("Ủy viên Bộ Chính trị")
    page = client.get("/search/", {"q": ""}).content.decode()
    assert 'data-label="Ủy viên Bộ Chính trị" data-also="' in page
    narrowed = client.get("/search/", {"fq_post": "uvbct"})
    labels = [v["label"] for g in narrowed.context["facets"] for v in g["values"]]
    posts = next(g for g in narrowed.context["facets"] if g["name"] == "post")
    assert [v["label"] for v in posts["values"]] == ["Ủy viên Bộ Chính trị"]
    assert "Trương Thị Mai" in labels  # other facets are not narrowed

"""Marks and snippets: whole codes, whole phrases, passages cut between words."""

from __future__ import annotations

import json
import re
import unicodedata
from html import unescape
from pathlib import Path

import pytest

from search.highlight import (
    SCAN_AFTER_FIRST,
    SCAN_LIMIT,
    Needle,
    _full_spans,
    find_spans,
    highlight,
    needles,
    snippet,
)
from search.query import Clause, ParsedQuery, parse

SEEDS = Path(__file__).resolve().parents[1] / "data/search/articles.json"


def _seed_texts() -> list[str]:
    rows = json.loads(SEEDS.read_text())
    return [f"{r['lead']}\n\n{r['body']}" for r in rows]


def marks(html: str) -> list[str]:
    return [unescape(m) for m in re.findall(r"<mark>(.*?)</mark>", html)]


def passage(html: str) -> str:
    """Return the text a snippet shows, without its marks and ellipses."""
    return unescape(re.sub(r"</?mark>", "", html)).strip("…")


def assert_cut_between_words(value: str, html: str) -> None:
    shown = passage(html)
    start = value.find(shown)
    assert start >= 0, shown
    end = start + len(shown)
    assert start == 0 or value[start - 1].isspace(), value[start - 10 : start + 10]
    assert end == len(value) or value[end].isspace(), value[end - 10 : end + 10]
    assert html.startswith("…") == (start > 0)
    assert html.endswith("…") == (end < len(value))


# Codes: every spelling the code keys accept is marked whole, whatever the
# spelling of the query.

CODE_QUERIES = ["qd 205", "205-QĐ/TW", "205/QĐ-TW", "QĐ 205", "quy dinh 205"]
CODE_TEXTS = [
    ("Thực hiện Quy định 205-QĐ/TW của Bộ Chính trị.", "205-QĐ/TW"),
    ("Thực hiện Quy định 205/QĐ-TW của Bộ Chính trị.", "205/QĐ-TW"),
    ("Thực hiện Quy định số 205-QĐ/TƯ của Bộ Chính trị.", "205-QĐ/TƯ"),
    ("Thực hiện Quy định 205-QĐ/T.Ư của Bộ Chính trị.", "205-QĐ/T.Ư"),
    ("Thực hiện quy định 205 - QĐ/TW của Bộ Chính trị.", "205 - QĐ/TW"),
    ("Thực hiện 205-qđ/tw của Bộ Chính trị.", "205-qđ/tw"),
    ("Thực hiện Quy định số 205 của Bộ Chính trị.", "Quy định số 205"),
    ("Thực hiện QĐ 205 của Bộ Chính trị.", "QĐ 205"),
    ("THỰC HIỆN QUY ĐỊNH SỐ 205-QĐ/TW CỦA BỘ CHÍNH TRỊ.", "205-QĐ/TW"),
    ("Thực hiện Quy định 0205-QĐ/TW.", "0205-QĐ/TW"),
]


@pytest.mark.parametrize("q", CODE_QUERIES)
@pytest.mark.parametrize(("value", "whole"), CODE_TEXTS)
def test_a_code_is_marked_whole_in_every_spelling(q, value, whole):
    wanted = needles(parse(q))
    assert marks(highlight(value, wanted)) == [whole]
    assert marks(snippet(value, wanted)) == [whole]


@pytest.mark.parametrize(("value", "whole"), CODE_TEXTS[:6])
def test_a_code_is_marked_whole_in_decomposed_text(value, whole):
    nfd = unicodedata.normalize("NFD", value)
    html = highlight(nfd, needles(parse("qd 205")))
    assert marks(html) == [unicodedata.normalize("NFD", whole)]


@pytest.mark.parametrize(
    ("q", "value", "expected"),
    [
        # Another issuer is another document.
        ("205-QĐ/TW", "Quyết định 205/QĐ-CP của Chính phủ.", []),
        # No issuer on either side: the same number and type.
        ("qd 205", "Quyết định 205/QĐ-CP của Chính phủ.", ["205/QĐ-CP"]),
        # Another number or type is not marked, not even in part.
        ("205-QĐ/TW", "Quy định 2050-QĐ/TW và Nghị quyết 205-NQ/TW.", []),
        ("Kết luận 88", "Kết luận số 88 KL/TW ngày 1-1.", ["88 KL/TW"]),
        ("39-NQ/TW", "Nghị quyết 39-NQ/TƯ và 09-NQ/TU.", ["39-NQ/TƯ"]),
        (
            "205-QĐ/TW",
            "Quy định 205-QĐ/TW, tức 205/QĐ-TW, hay QĐ 205.",
            ["205-QĐ/TW", "205/QĐ-TW", "QĐ 205"],
        ),
    ],
)
def test_code_marks_follow_the_code_keys(q, value, expected):
    assert marks(highlight(value, needles(parse(q)))) == expected


def test_a_code_far_into_a_long_text_is_marked_whole_in_the_snippet():
    value = "Công tác cán bộ năm nay. " * 200 + "Ban Tổ chức T.Ư quán triệt 205-QĐ/TW."
    html = snippet(value, needles(parse("qd 205")))
    assert marks(html) == ["205-QĐ/TW"]
    assert_cut_between_words(value, html)


# Phrases: marked where they occur whole, and their syllables never alone.

MAI_TEXT = (
    "Trưởng Ban Tổ chức quận Hoàng Mai báo cáo tại thị xã Sơn Tây. "
    "Đồng chí Trương Thị Mai, Thường trực Ban Bí thư, phát biểu. "
    "Bà TRƯƠNG THỊ MAI nhấn mạnh; thị trường, ngày mai."
)


def name_phrase(words: str) -> ParsedQuery:
    """Return a query holding words as one phrase clause, as a name query does."""
    one = parse(f'"{words}"')
    clause = one.positive[0]
    return ParsedQuery(
        raw=words, groups=[[Clause("phrase", clause.norms, clause.folds)]]
    )


@pytest.mark.parametrize(
    "parsed",
    [
        parse('"truong thi mai"'),
        parse('"Trương Thị Mai"'),
        parse("Trương Thị Mai"),
        name_phrase("truong thi mai"),
        # The phrase's syllables typed again apart are still not marked alone.
        parse('"truong thi mai" mai thi'),
    ],
    ids=["quoted", "quoted-accented", "accented", "name-plan", "phrase-and-words"],
)
def test_a_phrase_is_marked_whole_and_its_syllables_never_alone(parsed):
    wanted = needles(parsed)
    assert marks(highlight(MAI_TEXT, wanted)) == ["Trương Thị Mai", "TRƯƠNG THỊ MAI"]
    assert set(marks(snippet(MAI_TEXT, wanted))) == {"Trương Thị Mai", "TRƯƠNG THỊ MAI"}


def test_words_outside_any_phrase_are_still_marked():
    wanted = needles(parse('"truong thi mai" son tay'))
    assert marks(highlight(MAI_TEXT, wanted)) == [
        "Sơn Tây",
        "Trương Thị Mai",
        "TRƯƠNG THỊ MAI",
    ]


@pytest.mark.parametrize("text_index", range(5))
def test_a_name_phrase_on_the_seed_pages_marks_only_the_name(text_index):
    value = _seed_texts()[text_index]
    for parsed in (parse('"truong thi mai"'), name_phrase("truong thi mai")):
        found = marks(highlight(value, needles(parsed)))
        assert {unicodedata.normalize("NFC", m).casefold() for m in found} <= {
            "trương thị mai"
        }
    if "Trương Thị Mai" in value:
        assert found


# Snippets: cut between words, found in a bounded read of the text.

LONG = (
    "Sáng 2-12, tại Hà Nội, Ban Tổ chức T.Ư tổ chức hội nghị trực tuyến quán "
    "triệt, triển khai thực hiện Quy định số 205-QĐ/TW, ngày 23-9-2019 của Bộ "
    "Chính trị về việc kiểm soát quyền lực trong công tác cán bộ và chống chạy "
    "chức, chạy quyền. TP. Hồ Chí Minh và các tỉnh, thành phố tham dự; đồng chí "
    "Nguyễn Văn A (TP.HCM) phát biểu về công tác đánh giá, xếp loại cán bộ hằng "
    "năm theo tinh thần Kết luận số 88 KL/TW. Hội nghị kết thúc lúc 11 giờ."
)


@pytest.mark.parametrize(
    ("q", "width"),
    [
        ("qd 205", 260),
        ("qd 205", 80),
        ("to chuc", 60),
        ("kiem soat quyen luc", 90),
        ("danh gia", 70),
        ("ket luan 88", 50),
        ("hoi nghi ket thuc", 40),
        ("chinh tri", 30),
        ("khong co tu nay", 100),
        ("TP.HCM", 40),
    ],
)
def test_snippets_start_and_end_between_words(q, width):
    html = snippet(LONG, needles(parse(q)), width=width)
    assert_cut_between_words(LONG, html)
    assert not passage(html).startswith(("Ư", ".", ","))


def test_a_snippet_never_starts_inside_an_abbreviation():
    html = snippet(LONG, needles(parse("qd 205")), width=80)
    assert not passage(html).startswith("Ư")
    assert "<mark>205-QĐ/TW</mark>" in html


@pytest.mark.parametrize(
    "q", ["can bo", "cán bộ", "qd 205", "truong thi mai", "to chuc trung uong", "2019"]
)
@pytest.mark.parametrize("text_index", range(5))
def test_seed_snippets_start_and_end_between_words(q, text_index):
    value = _seed_texts()[text_index]
    html = snippet(value, needles(parse(q)))
    assert_cut_between_words(value, html)


def _whole_text_best(value: str, wanted: list[Needle], width: int) -> int:
    """Return how many clauses the best passage of the whole text names."""
    spans = _full_spans(value, wanted)
    best = 0
    for start, _e, _n in spans:
        inside = {
            wanted[n].clause for s, e, n in spans if s >= start and e - start <= width
        }
        best = max(best, len(inside))
    return best


@pytest.mark.parametrize(
    "q",
    [
        "can bo",
        "cán bộ đảng viên",
        "truong thi mai",
        "qd 205 kiem soat",
        '"kiểm soát quyền lực" chạy chức',
        "ban to chuc trung uong nhiem ky",
        "danh gia can bo 2019",
    ],
)
def test_the_bounded_read_names_as_many_clauses_as_the_whole_text(q):
    wanted = needles(parse(q))
    for value in _seed_texts():
        html = snippet(value, wanted)
        named = {
            n.clause
            for n in wanted
            for m in marks(html)
            if find_spans(m, [Needle(n.syllables, n.exact, n.code)])
        }
        assert len(named) >= _whole_text_best(value, wanted, 260), (q, html)


def test_a_long_text_is_read_only_around_its_first_match(monkeypatch):
    import search.highlight as module

    read: list[tuple[int, int]] = []
    real = module.find_spans

    def spy(value, wanted, start=0, end=None):
        read.append((start, len(value) if end is None else end))
        return real(value, wanted, start, end)

    monkeypatch.setattr(module, "find_spans", spy)
    value = "Công tác cán bộ năm nay. " * 8000  # 200 000 characters
    html = module.snippet(value, needles(parse("can bo nam nay")))
    assert marks(html)[:1] == ["cán bộ năm nay"]
    assert max(end for _s, end in read) <= 2 * module.SCAN_CHUNK
    read.clear()
    html = module.snippet(value, needles(parse("khong co")))
    assert not marks(html)
    assert max(end for _s, end in read) <= SCAN_LIMIT + module.SCAN_CHUNK
    read.clear()
    # Only a few clauses ever meet: reading stops after the first match.
    value = "Đảng " + "Công tác cán bộ năm nay. " * 8000
    module.snippet(value, needles(parse("dang khong co")))
    assert max(end for _s, end in read) <= SCAN_AFTER_FIRST + 2 * module.SCAN_CHUNK


def test_a_snippet_without_matches_shows_the_beginning_cut_between_words():
    html = snippet(LONG, [], width=50)
    assert passage(html) == LONG[: len(passage(html))]
    assert_cut_between_words(LONG, html)
    assert snippet("Ngắn.", []) == "Ngắn."


def test_snippets_escape_the_text():
    value = "<b>Quy định</b> 205-QĐ/TW & cán bộ"
    html = snippet(value, needles(parse("qd 205")))
    assert html == "&lt;b&gt;Quy định&lt;/b&gt; <mark>205-QĐ/TW</mark> &amp; cán bộ"


@pytest.mark.parametrize("q", ["qd 205", "205-QĐ/TW", "kl 88", "39-NQ/TW"])
def test_windowed_code_spans_match_the_whole_text_grammar(q):
    wanted = needles(parse(q))
    for value in [*_seed_texts(), LONG]:
        for variant in (value, value.upper(), unicodedata.normalize("NFD", value)):
            assert find_spans(variant, wanted) == _full_spans(variant, wanted)


def test_a_code_spelled_type_first_is_not_cut_by_the_passage_start():
    value = (
        "Hội nghị quán triệt các văn bản mới của Trung ương về công tác cán bộ. "
        "Trong đó có Quy định số 205 về kiểm soát quyền lực và Kết luận số 14 "
        "về khuyến khích, bảo vệ cán bộ năng động, sáng tạo vì lợi ích chung."
    )
    for width in (20, 40, 60, 90):
        html = snippet(value, needles(parse("kiem soat quyen luc qd 205")), width)
        assert_cut_between_words(value, html)
        assert [m for m in marks(html) if "205" in m] in ([], ["Quy định số 205"])
        if width >= 40:
            assert marks(html)[0] == "Quy định số 205"


# The word-start regex: it must find what the regex it replaced found (frozen
# here as it was), so snippets and marks stay the same, on real pages in every
# case and Unicode form.

REAL_PAGES = sorted(
    (Path(__file__).resolve().parents[1] / "data/extraction/real").glob("*/*.txt")
)


def _reference_head_regex(heads: frozenset[str]) -> re.Pattern:
    """Return the word-start regex as it was before the one-class prefix."""
    from search.analysis import forms
    from search.highlight import _letter_variants

    marks_ = "[\u0300-\u036f]*"
    variants = _letter_variants()
    alternatives = []
    for head in sorted({forms(h)[1] for h in heads}, key=len, reverse=True):
        parts = [f"[{re.escape(variants.get(ch, ch))}]{marks_}" for ch in head]
        alternatives.append("".join(parts))
    return re.compile(
        "(?<![^\\W_])(?<![\u0300-\u036f])"
        f"(?:{'|'.join(alternatives)})"
        "(?![^\\W_])(?![\u0300-\u036f])"
    )


def _page_queries(value: str, rng) -> list[str]:
    """Return queries made of a page's own words: single, pairs, accentless."""
    from articles import text as vi

    words = vi.WORD_RE.findall(value)
    if not words:
        return []
    out = []
    for _ in range(6):
        i = rng.randrange(len(words))
        out.append(words[i])
        out.append(" ".join(words[i : i + 2]))
        out.append(vi.fold(" ".join(words[i : i + 3])))
    return out


def test_real_pages_exist():
    assert len(REAL_PAGES) > 100


@pytest.mark.parametrize("page", REAL_PAGES[::4], ids=lambda p: p.stem)
def test_the_word_start_regex_finds_what_the_previous_one_found(page):
    import random

    from search.highlight import _head_regex

    value = page.read_text()
    rng = random.Random(page.stem)
    variants = (value, value.upper(), unicodedata.normalize("NFD", value))
    for q in _page_queries(value, rng) + ["cán bộ", "truong thi mai", "Đảng"]:
        heads = frozenset(n.syllables[0] for n in needles(parse(q)) if n.syllables)
        if not heads:
            continue
        new, old = _head_regex(heads), _reference_head_regex(heads)
        for variant in variants:
            found = [(m.start(), m.end()) for m in new.finditer(variant)]
            assert found == [(m.start(), m.end()) for m in old.finditer(variant)], q
            # And inside a window, as the bounded scan reads it.
            lo, hi = len(variant) // 3, 2 * len(variant) // 3
            found = [(m.start(), m.end()) for m in new.finditer(variant, lo, hi)]
            assert found == [
                (m.start(), m.end()) for m in old.finditer(variant, lo, hi)
            ]


@pytest.mark.parametrize("page", REAL_PAGES[2::4], ids=lambda p: p.stem)
def test_snippets_and_titles_of_real_pages_are_those_of_the_previous_regex(
    page, monkeypatch
):
    import random

    from search import highlight as module

    value = page.read_text()
    title = value.split("\n", 1)[0]
    rng = random.Random(page.stem)
    queries = _page_queries(value, rng) + ["cán bộ", "truong thi mai", "qd 205"]
    variants = (value, unicodedata.normalize("NFD", value))
    wanted = [needles(parse(q)) for q in queries]
    fast = [(snippet(v, w), highlight(title, w)) for w in wanted for v in variants]
    monkeypatch.setattr(module, "_head_regex", _reference_head_regex)
    before = [(snippet(v, w), highlight(title, w)) for w in wanted for v in variants]
    assert fast == before
    assert any("<mark>" in html for html, _title in fast)


@pytest.mark.parametrize("page", REAL_PAGES[1::4], ids=lambda p: p.stem)
def test_one_regex_per_head_finds_what_one_regex_of_all_heads_finds(page):
    import random

    from search.highlight import _head_matches, _head_regex

    value = page.read_text()
    rng = random.Random(page.stem)
    variants = (value, value.upper(), unicodedata.normalize("NFD", value))
    queries = _page_queries(value, rng) + ["cán bộ", "truong thi mai", "Đảng ủy"]
    for q in queries + [" ".join(queries[:8])]:
        heads = frozenset(n.syllables[0] for n in needles(parse(q)) if n.syllables)
        if not heads:
            continue
        for variant in variants:
            for lo, hi in ((0, len(variant)), (len(variant) // 3, len(variant) // 2)):
                found = sorted(
                    (m.start(), m.end()) for m in _head_matches(variant, heads, lo, hi)
                )
                combined = _head_regex(heads).finditer(variant, lo, hi)
                assert found == [(m.start(), m.end()) for m in combined], q

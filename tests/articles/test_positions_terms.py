"""Party terms named in text, and the term of an article."""

from __future__ import annotations

from datetime import date

import pytest

from articles.positions_terms import (
    RefKind,
    article_term,
    find_terms,
    roman,
    term_on,
    term_span,
)


@pytest.mark.parametrize(
    ("value", "term", "kind", "plenum"),
    [
        ("Hội nghị Trung ương 7 khóa XII", 12, RefKind.PLENUM, 7),
        ("Hội nghị Trung ương 6, khoá XIII đã thành công", 13, RefKind.PLENUM, 6),
        ("hội nghị Trung ương 9 khóa 13", 13, RefKind.PLENUM, 9),
        (
            "Hội nghị lần thứ bảy Ban Chấp hành Trung ương Đảng khóa XII",
            12,
            RefKind.PLENUM,
            7,
        ),
        ("Hội nghị T.Ư 8 khóa XI", 11, RefKind.PLENUM, 8),
        ("Ban Chấp hành Trung ương Đảng khóa XIII", 13, RefKind.TERM, None),
        ("Bộ Chính trị khóa XIV", 14, RefKind.TERM, None),
        ("quy hoạch Ban Bí thư khóa XIV", 14, RefKind.TERM, None),
        ("Nghị quyết Đại hội XIII của Đảng", 13, RefKind.CONGRESS, None),
        ("Đại hội XIV", 14, RefKind.CONGRESS, None),
        (
            "Đại hội đại biểu toàn quốc lần thứ XIV của Đảng Cộng sản Việt Nam",
            14,
            RefKind.CONGRESS,
            None,
        ),
        ("Đại hội Đảng lần thứ XIV họp phiên trù bị", 14, RefKind.CONGRESS, None),
        ("nhiệm kỳ 2020–2025", 13, RefKind.PERIOD, None),
        ("nhiệm kỳ 2020 - 2025", 13, RefKind.PERIOD, None),
        ("nhiệm kỳ 2021-2026", 13, RefKind.PERIOD, None),
        ("nhiệm kỳ 2015-2020", 12, RefKind.PERIOD, None),
        ("nhiệm kỳ 2025 - 2030", 14, RefKind.PERIOD, None),
    ],
)
def test_central_terms_plenums_congresses_and_periods_are_read(
    value, term, kind, plenum
):
    refs = find_terms(value)
    assert [(r.term, r.kind, r.plenum) for r in refs] == [(term, kind, plenum)]


@pytest.mark.parametrize(
    "value",
    [
        "Quốc hội khóa XV",
        "Đại biểu Quốc hội khóa XIV",
        "Ban Chấp hành Đảng bộ tỉnh khóa XIV",
        "Đại hội Đảng bộ tỉnh lần thứ XIV",
        "Đại hội đại biểu toàn quốc lần thứ IX Hội Liên hiệp Phụ nữ",
        "nhiệm kỳ 2019-2022",
        "Hội nghị Trung ương lần thứ tám năm 1990",
        "xi măng",
    ],
)
def test_other_bodies_terms_are_not_party_terms(value):
    assert find_terms(value) == []


def test_the_term_of_a_date_runs_from_its_congress():
    assert term_on(date(2021, 1, 24)) == 12
    assert term_on(date(2021, 1, 25)) == 13
    assert term_on(date(2026, 3, 3)) == 14
    assert term_on(date(1980, 1, 1)) is None
    assert term_span(12) == (date(2016, 1, 21), date(2021, 1, 25))
    assert term_span(14)[1] is None
    assert roman(13) == "XIII"


def test_an_article_takes_the_term_its_text_names_else_its_date():
    day = date(2023, 12, 28)
    both = find_terms("hội nghị Trung ương khóa XIII; quy hoạch Bộ Chính trị khóa XIV")
    assert article_term(both, day) == (13, True)
    older = find_terms("Hội nghị Trung ương 7 khóa XII bàn về cán bộ")
    assert article_term(older, day) == (12, True)
    assert article_term([], day) == (13, False)
    assert article_term([], None) == (None, False)

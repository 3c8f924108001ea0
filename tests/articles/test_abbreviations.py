"""The abbreviation table: every spelling of every entry finds the others."""

import pytest

from articles import abbreviations, text
from articles.abbreviations import TABLE, find

ENTRIES = [(e.expansion, s.text) for e in TABLE for s in e.spellings]


def _found(value: str) -> list[tuple[str, str]]:
    """Return (expansion, matched text) of every entry found in value."""
    toks = list(text.tokens(value))
    return [
        (f.entry.expansion, value[toks[f.start].start : toks[f.end - 1].end])
        for f in find(value)
    ]


@pytest.mark.parametrize(("expansion", "written"), ENTRIES)
def test_every_spelling_is_found_in_a_sentence(expansion, written):
    value = f"Hôm qua {written} họp"
    assert (expansion, written) in _found(value)


@pytest.mark.parametrize(("expansion", "written"), ENTRIES)
def test_every_spelling_offers_all_the_others(expansion, written):
    entry = next(e for e in TABLE if e.expansion == expansion)
    found = next(f for f in find(f"về {written} nay") if f.entry.expansion == expansion)
    offered = {s.folds for s in found.others}
    assert offered == {s.folds for s in entry.spellings} - {found.spelling.folds}


def test_every_entry_has_two_distinct_spellings_and_one_entry_per_expansion():
    assert all(len({s.folds for s in e.spellings}) >= 2 for e in TABLE)
    expansions = [text.fold(e.expansion) for e in TABLE]
    assert len(expansions) == len(set(expansions))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Expansions match without diacritics, in any case, old tone marks too.
        ("uy ban kiem tra", ("Ủy ban Kiểm tra", "uy ban kiem tra")),
        ("UỶ BAN KIỂM TRA", ("Ủy ban Kiểm tra", "UỶ BAN KIỂM TRA")),
        ("trung uong", ("Trung ương", "trung uong")),
        ("thanh pho Ha Noi", ("thành phố", "thanh pho")),
        # Abbreviations match with their marks or with none at all.
        ("HĐND", ("Hội đồng nhân dân", "HĐND")),
        ("hdnd", ("Hội đồng nhân dân", "hdnd")),
        ("dbqh", ("Đại biểu Quốc hội", "dbqh")),
        ("T.Ư", ("Trung ương", "T.Ư")),
        ("UBKT T.Ư", ("Trung ương", "T.Ư")),
        ("KT-XH", ("kinh tế - xã hội", "KT-XH")),
        ("TP.HCM", ("thành phố Hồ Chí Minh", "TP.HCM")),
        ("Bí thư TƯ Đảng", ("Trung ương", "TƯ")),
        ("Tp Hà Nội", ("thành phố", "Tp")),
        # Where the table spells a space, the text has one.
        ("UBKT  TƯ họp", ("Ủy ban Kiểm tra Trung ương", "UBKT  TƯ")),
    ],
)
def test_spellings_found_in_any_case_and_marks(value, expected):
    assert expected in _found(value)


@pytest.mark.parametrize(
    ("value", "absent"),
    [
        # `tư` is a word; only the capitals `TƯ` are Trung ương.
        ("tư tưởng", "Trung ương"),
        ("Tư tưởng", "Trung ương"),
        # `TU` (no horn) is a provincial committee: 09-NQ/TU.
        ("Nghị quyết TU", "Trung ương"),
        # A multi-syllable abbreviation is one written word: `T Ư` is not T.Ư.
        ("T Ư", "Trung ương"),
        # Half-marked: `hđnđ` is no spelling of HĐND.
        ("hđnđ", "Hội đồng nhân dân"),
        # `UBKT tư` is not `UBKT TƯ`; `UBKT.TW` is not `UBKT TW`.
        ("UBKT tư vấn", "Ủy ban Kiểm tra Trung ương"),
        ("UBKT.TW", "Ủy ban Kiểm tra Trung ương"),
    ],
)
def test_words_that_only_look_like_abbreviations_are_not_found(value, absent):
    assert absent not in {e for e, _w in _found(value)}


def test_overlapping_entries_are_all_reported():
    found = {f.entry.expansion for f in find("Ủy ban Kiểm tra Trung ương")}
    assert {"Ủy ban Kiểm tra Trung ương", "Ủy ban Kiểm tra", "Trung ương"} <= found


@pytest.mark.parametrize("form", ["TW", "TƯ", "TP", "BCT"])
def test_ambiguous_forms_do_not_stand_alone(form):
    spelling = next(s for e in TABLE for s in e.forms if s.text == form)
    assert not spelling.alone


@pytest.mark.parametrize("form", ["T.Ư", "UBKT", "HĐND", "UBND", "BBT"])
def test_unambiguous_forms_stand_alone(form):
    spelling = next(s for e in TABLE for s in e.forms if s.text == form)
    assert spelling.alone and abbreviations.is_abbreviation(spelling)


@pytest.mark.parametrize(
    ("value", "figures"),
    [
        ("khóa 11", [("11", ["XI"])]),
        ("Quốc hội khóa XV", [("XV", ["15"])]),
        ("Đại hội XIII", [("XIII", ["13"])]),
        ("Đại hội đại biểu lần thứ 13", []),
        ("xi măng", []),
        ("khóa 45", []),
    ],
)
def test_figures_after_a_numbered_term_read_either_way(value, figures):
    found = [f for f in find(value) if f.entry.expansion.isdigit()]
    assert [(f.spelling.text, [s.text for s in f.others]) for f in found] == figures
    assert all(not s.alone for f in found for s in f.others)


@pytest.mark.parametrize(("n", "figure"), [(1, "i"), (4, "iv"), (9, "ix"), (14, "xiv")])
def test_roman_figures(n, figure):
    assert abbreviations.roman(n) == figure


@pytest.mark.parametrize(
    ("value", "dots", "expected"),
    [
        ("Ủy viên BCH T.Ư Đảng", ".", "Ủy viên BCH Trung ương Đảng"),
        (
            "Bí thư TW Đoàn, Ủy viên TƯ",
            ".",
            "Bí thư Trung ương Đoàn, Ủy viên Trung ương",
        ),
        ("Ban Chấp hành T. Ư và T.W", ".", "Ban Chấp hành Trung ương và Trung ương"),
        ("Ban Chấp hành T,Ư", ".,", "Ban Chấp hành Trung ương"),
        ("Ban Chấp hành T,Ư", ".", "Ban Chấp hành T,Ư"),
        ("TWĐTN, tư pháp, TƯƠNG LAI", ".", "TWĐTN, tư pháp, TƯƠNG LAI"),
    ],
)
def test_written_forms_spell_out_an_entry_where_context_settles_it(
    value, dots, expected
):
    pattern = abbreviations.written_forms("Trung ương", dots=dots)
    assert pattern.sub("Trung ương", value) == expected


def test_written_forms_follow_the_table():
    entry = next(e for e in TABLE if e.expansion == "Trung ương")
    pattern = abbreviations.written_forms(
        "Trung ương", with_expansion=True, ignore_case=True
    )
    for spelling in entry.spellings:
        assert pattern.fullmatch(spelling.text), spelling.text
        assert pattern.fullmatch(spelling.text.lower()), spelling.text
    assert not abbreviations.written_forms("Trung ương").fullmatch("trung ương")
    ubkt = abbreviations.written_forms("Ủy ban Kiểm tra Trung ương")
    assert ubkt.sub("X", "UBKT T.Ư và UBKTTW") == "X và X"

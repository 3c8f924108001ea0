"""The query parser: operators, names and abbreviations, table-driven."""

import pytest
from django.utils import translation

from search import matching
from search.plan import terms
from search.query import parse


def _names(folds):
    """Name lookup of a small archive knowing one official."""
    wanted = ["truong", "thi", "mai"]
    return [
        (i, i + 3, ("truong-thi-mai",))
        for i in range(len(folds) - 2)
        if folds[i : i + 3] == wanted
    ]


def shape(q: str) -> list[list[tuple[str, bool]]]:
    """Return the groups of a query as (folded clause, excluded) pairs."""
    parsed = parse(q, names=_names)
    return [[(" ".join(c.folds), c.negated) for c in g] for g in parsed.groups]


@pytest.mark.parametrize(
    ("typed", "groups"),
    [
        ("mai AND", [[("mai", False)]]),
        ("AND mai", [[("mai", False)]]),
        ("mai AND hà", [[("mai", False), ("ha", False)]]),
        ("mai and hà", [[("mai", False), ("and", False), ("ha", False)]]),
        ("NOT mai", [[("mai", True)]]),
        ("-mai", [[("mai", True)]]),
        ("mai NOT hà", [[("mai", False), ("ha", True)]]),
        ("mai AND NOT hà", [[("mai", False), ("ha", True)]]),
        ("mai -hà", [[("mai", False), ("ha", True)]]),
        ('mai NOT "Đỗ Căn"', [[("mai", False), ("do can", True)]]),
        ("NOT qd 205 mai", [[("qd 205", True), ("mai", False)]]),
        ("-205-QĐ/TW mai", [[("205 qd tw", True), ("mai", False)]]),
        (
            "NOT truong thi mai ha noi",
            [[("truong thi mai", True), ("ha", False), ("noi", False)]],
        ),
        ("mai NOT", [[("mai", False)]]),
        ("mai OR", [[("mai", False)]]),
        ("mai OR hà", [[("mai", False)], [("ha", False)]]),
        ("mai OR NOT hà", [[("mai", False)]]),
        ("NOT NOT mai", [[("mai", True)]]),
        ("AND OR NOT", []),
    ],
)
def test_operators(typed, groups):
    assert shape(typed) == groups


@pytest.mark.parametrize(
    ("typed", "note"),
    [
        ("mai AND", "AND"),
        ("mai NOT", "NOT"),
        ("OR mai", "OR"),
        ("NOT mai", "loại trừ"),
        ("mai OR NOT hà", "OR"),
        ("AND OR NOT", "không có từ"),
    ],
)
def test_dropped_operators_and_exclusion_only_queries_are_explained(typed, note):
    with translation.override("vi"):
        assert any(note in m for m in parse(typed, names=None).messages)


def test_a_plain_query_has_no_notes():
    assert parse("mai hà", names=None).messages == []


@pytest.mark.parametrize(
    ("typed", "clauses"),
    [
        ("truong thi mai", ["truong thi mai"]),
        ("Trương Thị Mai tổng kết", ["truong thi mai", "tong ket"]),
        ("hoi nghi truong thi mai", ["hoi", "nghi", "truong thi mai"]),
        ("truong thi", ["truong", "thi"]),
    ],
)
def test_a_known_name_is_one_clause(typed, clauses):
    assert [f for f, _neg in shape(typed)[0]] == clauses


def test_a_name_clause_carries_the_official_and_recalls_it():
    parsed = parse("truong thi mai", names=_names)
    (clause,) = parsed.positive
    assert clause.officials == ("truong-thi-mai",)
    assert parsed.officials == ["truong-thi-mai"]
    recall = {(t.field, t.text) for t in terms(matching.recall_query(parsed))}
    # The name as a phrase or the official's tag: never its syllables alone.
    assert recall == {
        ("bigram", "truong_thi"),
        ("bigram", "thi_mai"),
        ("official", "truong-thi-mai"),
    }
    scattered = {t.text for t in terms(matching.scattered_query(parsed))}
    assert scattered == {"truong", "thi", "mai"}


def test_names_are_not_looked_up_without_a_lookup():
    assert shape_without_names("truong thi mai") == ["truong", "thi", "mai"]


def shape_without_names(q):
    return [" ".join(c.folds) for c in parse(q, names=None).positive]


def _spellings(q: str) -> list[set[str]]:
    return [
        {" ".join(s.folds) + ("" if s.alone else " (?)") for s in c.spellings()}
        for c in parse(q, names=None).positive
    ]


@pytest.mark.parametrize(
    ("typed", "wanted"),
    [
        ("UBKT", {"ubkt", "uy ban kiem tra"}),
        ("ủy ban kiểm tra", {"ubkt", "uy ban kiem tra", "ub kiem tra"}),
        ("uy ban kiem tra", {"ubkt", "uy ban kiem tra", "ub kiem tra"}),
        ("HĐND", {"hdnd", "hoi dong nhan dan"}),
        ("trung ương", {"trung uong", "t u", "t w", "tu (?)", "tw (?)"}),
        ("T.Ư", {"t u", "trung uong", "t w", "tu (?)", "tw (?)"}),
        ("TW", {"tw", "trung uong", "t u", "t w", "tu (?)"}),
        ("tu", {"tu"}),  # the word `tư`, not TƯ
        ("thành phố", {"thanh pho", "tp (?)"}),
        ("Bộ Chính trị", {"bo chinh tri", "bct (?)"}),
    ],
)
def test_a_clause_offers_every_spelling_of_its_abbreviation(typed, wanted):
    (found,) = _spellings(typed)
    assert found == wanted


def test_an_abbreviated_organ_is_one_clause_with_its_parts_spelled_either_way():
    (clause,) = parse("Ủy ban Kiểm tra Trung ương", names=None).positive
    spellings = {" ".join(s.folds) for s in clause.spellings()}
    assert {
        "uy ban kiem tra trung uong",
        "ubkttw",
        "ubkt t u",
        "ubkt trung uong",
        "uy ban kiem tra t u",
        "ubkt tw",
    } <= spellings
    assert " ".join(clause.spellings()[0].folds) == "uy ban kiem tra trung uong"


def test_an_ambiguous_form_alone_becomes_pairs_with_the_neighbouring_words():
    parsed = parse("Ban Tổ chức Trung ương", names=None)
    recall = {
        t.text for t in terms(matching.recall_query(parsed)) if t.field == "bigram"
    }
    # `Tổ chức TW` and `Tổ chức T.Ư` match; `TW` alone (a code's issuer) does not.
    assert {"chuc_tw", "t_u"} <= recall
    assert "tw" not in {t.text for t in terms(matching.recall_query(parsed))}
    parsed = parse("Trung ương", names=None)
    texts = {t.text for t in terms(matching.recall_query(parsed))}
    assert texts == {"trung_uong", "t_u", "t_w"}


def test_the_words_after_an_organ_give_context_too():
    parsed = parse("Bí thư Trung ương Đảng", names=None)
    recall = {t.text for t in terms(matching.recall_query(parsed))}
    assert "tw_dang" in recall
    # `tư` is a word as well (`tư đảng` is not `TƯ Đảng` for a folded index).
    assert "tu_dang" not in recall


def test_a_form_that_is_also_a_word_needs_a_neighbouring_abbreviation():
    (clause,) = parse("Ủy ban Kiểm tra Trung ương", names=None).positive
    spellings = {" ".join(s.folds) for s in clause.spellings()}
    assert "ubkt tu" in spellings
    assert "uy ban kiem tra tu" not in spellings
    parsed = parse("UBKT Trung ương", names=None)
    recall = {t.text for t in terms(matching.recall_query(parsed))}
    assert "ubkt_tu" in recall
    parsed = parse("tổ chức Trung ương", names=None)
    recall = {t.text for t in terms(matching.recall_query(parsed))}
    assert {"chuc_tw", "t_u"} <= recall and "chuc_tu" not in recall


def test_spellings_to_mark_list_every_standalone_spelling():
    (clause,) = parse("Ủy ban Kiểm tra", names=None).positive
    marks = matching.spellings_to_mark(clause)
    assert marks[0] == (("ủy", "ban", "kiểm", "tra"), True)
    assert (("ubkt",), False) in marks
    (clause,) = parse("Trung ương", names=None).positive
    assert (("tw",), False) not in matching.spellings_to_mark(clause)


def test_rank_plan_matches_every_document_recall_does():
    # A backend ranks only what the rank plan matches: every recall term of
    # each clause must be in its rank plan too.
    for q in ["Ban Tổ chức Trung ương", "UBKT T.Ư", "truong thi mai hdnd"]:
        parsed = parse(q, names=_names)
        for c in parsed.positive:
            recall = set(terms(matching.recall_clause(c)))
            rank = {(t.field, t.text) for t in terms(matching.rank_clause(c))}
            assert {(t.field, t.text) for t in recall} <= rank


def test_two_typed_abbreviations_reach_the_one_that_joins_them():
    (clause, rest) = parse("UBKT TƯ kỷ luật", names=None).positive
    spellings = {" ".join(s.folds) for s in clause.spellings()}
    assert {"ubkt tu", "ubkttw", "uy ban kiem tra trung uong", "ubkt t u"} <= spellings
    assert rest.folds == ("ky", "luat")

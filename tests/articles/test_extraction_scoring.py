"""Scoring extraction output against gold entries."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from articles.extraction import extract
from articles.extraction.scoring import prediction, score


def _entry(file="a.txt", **fields):
    base = {
        "file": file,
        "persons": [],
        "bylines": [],
        "document_codes": [],
        "event_date": None,
        "published": None,
    }
    return base | fields


def test_perfect_prediction_scores_one_everywhere():
    gold = [
        _entry(
            persons=["Trương Thị Mai"],
            document_codes=["205-QĐ/TW"],
            bylines=["PV"],
            event_date="2019-12-02",
            published="2019-12-03",
        )
    ]
    report = score(gold, gold)
    assert report["persons"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert report["document_codes"]["f1"] == report["bylines"]["f1"] == 1.0
    assert report["event_date"] == {"accuracy": 1.0, "total": 1}
    assert report["errors"] == []


def test_persons_compare_by_key_and_codes_exactly():
    gold = [_entry(persons=["Nguyễn Thị Thúy"], document_codes=["39-NQ/TW"])]
    pred = [_entry(persons=["NGUYỄN THỊ THUÝ"], document_codes=["39-NQ/TƯ"])]
    report = score(gold, pred)
    assert report["persons"]["f1"] == 1.0
    assert report["document_codes"] == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    kinds = {(e["field"], e["kind"], e["expected"], e["got"]) for e in report["errors"]}
    assert kinds == {
        ("document_codes", "false_hit", None, "39-NQ/TƯ"),
        ("document_codes", "miss", "39-NQ/TW", None),
    }


def test_precision_recall_f1_are_micro_averaged_over_files():
    gold = [
        _entry("a", persons=["A B C", "D E F"]),
        _entry("b", persons=["G H I"]),
    ]
    pred = [
        _entry("a", persons=["A B C", "X Y Z"]),
        _entry("b", persons=["G H I"]),
    ]
    report = score(gold, pred)
    assert report["persons"] == {"precision": 0.6667, "recall": 0.6667, "f1": 0.6667}


def test_date_accuracy_ignores_null_gold_and_reports_wrong_and_missing():
    gold = [
        _entry("a", event_date="2024-07-04"),
        _entry("b", event_date="2022-01-12"),
        _entry("c", event_date=None),
    ]
    pred = [
        _entry("a", event_date="2024-07-04"),
        _entry("b", event_date="2021-01-12"),
        _entry("c", event_date="2020-01-01"),
    ]
    report = score(gold, pred)
    assert report["event_date"] == {"accuracy": 0.5, "total": 2}
    assert report["errors"] == [
        {
            "file": "b",
            "field": "event_date",
            "kind": "wrong",
            "expected": "2022-01-12",
            "got": "2021-01-12",
        }
    ]
    missing = score([_entry("a", published="2024-07-05")], [_entry("a")])
    assert missing["published"]["accuracy"] == 0.0
    assert missing["errors"][0]["kind"] == "miss"


def test_missing_prediction_counts_as_misses():
    report = score([_entry("a", persons=["Lê Minh Hưng"])], [])
    assert report["persons"]["recall"] == 0.0
    assert report["errors"][0]["kind"] == "miss"


def test_predictions_may_be_a_mapping_by_file():
    gold = [_entry("a", bylines=["Võ Lâm"])]
    report = score(gold, {"a": {"bylines": ["võ lâm"]}})
    assert report["bylines"]["f1"] == 1.0


def test_empty_gold_and_prediction_is_perfect():
    report = score([_entry()], [_entry()])
    assert report["persons"]["f1"] == 1.0
    assert report["event_date"] == {"accuracy": 1.0, "total": 0}


@pytest.mark.parametrize(
    ("published", "stamp"),
    [
        (date(2019, 12, 3), "2019-12-03"),
        (datetime(2019, 12, 3, 3, 41, tzinfo=UTC), "2019-12-03T03:41"),
    ],
)
def test_prediction_from_an_extraction(published, stamp):
    result = extract(
        "Ngày 2-12, đồng chí Phạm Minh Chính chủ trì hội nghị quán triệt Quy định số "
        "205-QĐ/TW và Chỉ thị 35.",
        byline="PV",
        published=date(2019, 12, 3),
    )
    got = prediction("004.txt", result, published, title="Hội nghị")
    assert got == {
        "file": "004.txt",
        "title": "Hội nghị",
        "title_derived": False,
        "persons": [{"name": "Phạm Minh Chính", "titles": []}],
        "bylines": ["PV"],
        "document_codes": ["205-QĐ/TW"],
        "event_date": "2019-12-02",
        "published": stamp,
    }


def _official(name, *titles):
    return {"name": name, "titles": list(titles)}


def test_persons_given_as_dicts_or_strings_compare_by_name():
    gold = [_entry(persons=[_official("Trương Thị Mai", "Thường trực Ban Bí thư")])]
    report = score(gold, [_entry(persons=["trương thị mai"])])
    assert report["persons"]["f1"] == 1.0
    assert report["titles"]["recall"] == 0.0


def test_title_pairs_ignore_case_tone_placement_and_central_spelling():
    gold = [
        _entry(
            persons=[
                _official(
                    "Nguyễn Văn A",
                    "Ủy viên Trung ương Đảng",
                    "ủy viên trung ương đảng",  # two capitalisations count once
                    "Bí thư Tỉnh ủy Hòa Bình",
                ),
                _official("Lê Thị B", "Phó Trưởng Ban Tổ chức T.Ư"),
            ]
        )
    ]
    pred = [
        _entry(
            persons=[
                _official("NGUYỄN VĂN A", "Uỷ viên TƯ Đảng", "Bí thư Tỉnh uỷ Hoà Bình"),
                _official("Lê Thị B", "Phó trưởng Ban Tổ chức TW", "Đại biểu"),
            ]
        )
    ]
    report = score(gold, pred)
    assert report["titles"] == {"precision": 0.75, "recall": 1.0, "f1": 0.8571}
    assert [e["got"] for e in report["errors"]] == [("Lê Thị B", "Đại biểu")]


def test_title_pairs_belong_to_their_person():
    gold = [_entry(persons=[_official("A B C", "Thủ tướng"), _official("D E F")])]
    pred = [_entry(persons=[_official("A B C"), _official("D E F", "Thủ tướng")])]
    assert score(gold, pred)["titles"]["f1"] == 0.0


def test_title_phrases_are_not_scored_for_string_gold():
    report = score(
        [_entry(persons=["A B C"])], [_entry(persons=[_official("A B C", "X")])]
    )
    assert report["titles"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}


def test_published_compares_at_the_gold_granularity():
    gold = [
        _entry("a", published="2022-04-01T16:53"),
        _entry("b", published="2022-04-01"),
        _entry("c", published="2021-11"),
        _entry("d", published="2022-04-01T16:53"),
    ]
    pred = [
        _entry("a", published="2022-04-01T16:53"),
        _entry("b", published="2022-04-01T07:00"),
        _entry("c", published="2021-11-01T00:00"),
        _entry("d", published="2022-04-01T00:00"),
    ]
    report = score(gold, pred)
    assert report["published"] == {"accuracy": 0.75, "total": 4}
    assert [e["file"] for e in report["errors"]] == ["d"]


def test_headline_exact_rate_and_derived_versus_real():
    gold = [
        _entry("a", title="Hội nghị  Trung ương 8"),
        _entry("b", title="Bế mạc kỳ họp"),
        _entry("c", title=None),
        _entry("d", title=None),
        _entry("e", title="Khai mạc"),
    ]
    pred = [
        _entry("a", title="Hội nghị Trung ương 8", title_derived=False),
        _entry("b", title="Sáng 21/10, Quốc hội…", title_derived=True),
        _entry("c", title="XEM VIDEO", title_derived=False),
        _entry("d", title="Chiều 4/7, tại Hà Nội…", title_derived=True),
        _entry("e", title="Khai mạc kỳ họp", title_derived=False),
    ]
    report = score(gold, pred)
    assert report["headline"] == {
        "exact": 0.3333,
        "total": 3,
        "derived_for_real": 1,
        "pages_without": 2,
        "real_for_none": 1,
    }
    kinds = {(e["file"], e["kind"]) for e in report["errors"]}
    assert kinds == {("b", "derived_for_real"), ("c", "real_for_none"), ("e", "wrong")}

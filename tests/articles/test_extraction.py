"""Table tests for the metadata extractor: codes, dates, names and false friends."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from articles import text
from articles.extraction import (
    DocumentFound,
    Extraction,
    canonical_code,
    extract,
    link_bare,
    person_key,
)
from articles.extraction.dates import resolve
from articles.models import DateKind, DocumentType, Role

# --- document codes ----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("205-QĐ/TW", "205-QĐ/TW"),
        ("Quy định 86-QĐ/TW", "86-QĐ/TW"),
        ("07-QĐi/TW", "07-QĐI/TW"),
        ("2139- QĐSN/TW", "2139-QĐSN/TW"),
        ("Kết luận số 88 KL/TW", "88-KL/TW"),
        ("39-NQ/TƯ", "39-NQ/TW"),
        ("39-NQ/T.Ư", "39-NQ/TW"),
        ("39-NQ/T.Ư.", "39-NQ/TW"),
        ("39-NQ/Trung ương", "39-NQ/TW"),
        ("09-NQ/TU", "09-NQ/TU"),
        ("8011-CV/BTCTW", "8011-CV/BTCTW"),
        ("Hướng dẫn số 06-HD/BTCTW", "06-HD/BTCTW"),
        ("205/QĐ-TW", "205-QĐ/TW"),
        ("205/QĐ-TƯ", "205-QĐ/TW"),
        ("128/NQ-CP", "128/NQ-CP"),
        ("56/2015/NĐ-CP", "56/2015/NĐ-CP"),
        ("Quyết định số 1982/QĐ-TTg", "1982/QĐ-TTg"),
        ("Chỉ thị 16/CT-TTg", "16/CT-TTg"),
        ("3152/VPCP-KGVX", "3152/VPCP-KGVX"),
        ("Nghị quyết 30/2021/QH15", "30/2021/QH15"),
        ("12-TTr/TW", "12-TTr/TW"),
        ("Nghị quyết số 352/NQ-UBTVQH15", "352/NQ-UBTVQH15"),
        ("Nghị quyết 84/NQ-UBTVQH12 năm", "84/NQ-UBTVQH12"),
        ("Nghị quyết 18/2021/NQ-HĐND17 của tỉnh", "18/2021/NQ-HĐND17"),
        ("Thông tư 04/2024/TT-BNV", "04/2024/TT-BNV"),
        ("39-nq/tw", "39-NQ/TW"),
        ("qd 205", None),
        ("Chỉ thị 35", None),
        ("Nghị quyết Trung ương 5 khóa X", None),
        ("5/18 đề án", None),
        ("Số 5 - 2022", None),
        ("nhiệm kỳ 2020-2025", None),
        ("ngày 23-9-2019", None),
        ("21,34%", None),
        ("COVID-19", None),
    ],
)
def test_canonical_code_reads_every_spelling(raw, code):
    assert canonical_code(raw) == code


def test_canonical_code_matches_nfd_and_old_tone_input():
    assert (
        canonical_code(unicodedata.normalize("NFD", "Kết luận số 88 KL/TƯ"))
        == "88-KL/TW"
    )


def _docs(body: str) -> dict[str, DocumentFound]:
    return {d.code or f"{d.doc_type} {d.number}": d for d in extract(body).documents}


def test_document_reads_type_date_body_and_subject():
    body = (
        "Ban Tổ chức T.Ư tổ chức hội nghị quán triệt Quy định số 205-QĐ/TW, ngày "
        "23-9-2019 của Bộ Chính trị về việc kiểm soát quyền lực trong công tác cán bộ "
        "và chống chạy chức, chạy quyền; đánh giá tình hình tháng 11-2019."
    )
    doc = _docs(body)["205-QĐ/TW"]
    assert doc.type_name == "Quy định"
    assert doc.doc_type == "QĐ"
    assert (doc.number, doc.issuer, doc.year) == ("205", "TW", None)
    assert doc.issued_on == date(2019, 9, 23)
    assert doc.issuing_body == "Bộ Chính trị"
    assert doc.subject == (
        "kiểm soát quyền lực trong công tác cán bộ và chống chạy chức, chạy quyền"
    )
    assert doc.surfaces == ("Quy định số 205-QĐ/TW",)


@pytest.mark.parametrize(
    ("body", "code", "type_name"),
    [
        ("Sửa đổi Quyết định số 71-QĐ/TW ngày 18/7/2022.", "71-QĐ/TW", "Quyết định"),
        ("Thực hiện Quy định 86-QĐ/TW.", "86-QĐ/TW", "Quy định"),
        ("Thực hiện quy định số 86-QĐ/TW.", "86-QĐ/TW", "Quy định"),
        ("Theo 07-QĐi/TW.", "07-QĐI/TW", "Quy định"),
        ("Theo Nghị định số 56/2015/NĐ-CP.", "56/2015/NĐ-CP", "Nghị định"),
        ("Các Nghị quyết số 18-NQ/TW, 19-NQ/TW.", "19-NQ/TW", "Nghị quyết"),
    ],
)
def test_type_name_follows_the_words_in_the_text(body, code, type_name):
    assert _docs(body)[code].type_name == type_name


def test_state_code_keeps_its_year_and_issuer():
    doc = _docs("Theo Nghị định số 56/2015/NĐ-CP của Chính phủ về đánh giá cán bộ.")[
        "56/2015/NĐ-CP"
    ]
    assert (doc.doc_type, doc.number, doc.issuer, doc.year) == ("NĐ", "56", "CP", 2015)
    assert doc.issuing_body == "Chính phủ"
    assert doc.subject == "đánh giá cán bộ"


def test_subject_stops_before_the_next_document():
    body = (
        "Sửa đổi Quyết định số 71-QĐ/TW ngày 18/7/2022 của Bộ Chính trị về tổng biên "
        "chế của hệ thống chính trị giai đoạn 2022-2026 và Quyết định số 72-QĐ/TW."
    )
    assert _docs(body)["71-QĐ/TW"].subject == (
        "tổng biên chế của hệ thống chính trị giai đoạn 2022-2026"
    )


def test_issuing_body_with_local_party_committee():
    body = "Thực hiện Nghị quyết 09-NQ/TU ngày 27-2-2012 của Ban Thường vụ Thành ủy; làm tốt."
    doc = _docs(body)["09-NQ/TU"]
    assert doc.issuing_body == "Ban Thường vụ Thành ủy"
    assert doc.issued_on == date(2012, 2, 27)


@pytest.mark.parametrize(
    ("body", "doc_type", "number"),
    [
        ("quán triệt Chỉ thị 35 của Bộ Chính trị", "CT", "35"),
        ("thực hiện Quy định 205 một cách nghiêm túc", "QĐ", "205"),
        ("nêu tại Hướng dẫn số 26.", "HD", "26"),
        ("ban hành Công văn số 9723 hướng dẫn bổ sung", "CV", "9723"),
        ("theo quyết định số 15 của UBND tỉnh", "QĐ", "15"),
    ],
)
def test_bare_reference_keeps_type_and_number(body, doc_type, number):
    (doc,) = extract(body).documents
    assert (doc.code, doc.doc_type, doc.number, doc.is_bare) == (
        "",
        doc_type,
        number,
        True,
    )


@pytest.mark.parametrize(
    "body",
    [
        "tổng kết 15 năm thực hiện Nghị quyết Trung ương 5 khóa X về đổi mới",
        "thắng lợi Nghị quyết Đại hội XIII của Đảng",
        "hoàn thành 5/18 đề án, nhiệm vụ",
        "hoàn thành 15 trong số 17 đề án (chiếm khoảng 88,02%)",
        "nhiệm vụ được giao chiếm 21,34% với 19 công việc",
        "GIỚI THIỆU TẠP CHÍ IN Số 5 - 2022",
        "quy hoạch nhiệm kỳ 2020-2025, 2021- 2026 và 2025-2030",
        "Báo cáo 6 tháng đầu năm và Kế hoạch 5 năm",
        "sinh hoạt đảng theo quy định số lượng cấp ủy viên",
    ],
)
def test_false_friends_are_not_documents(body):
    assert extract(body).documents == ()


def test_bare_reference_links_to_full_code_in_the_same_article():
    body = (
        "Thực hiện Quy định 144-QĐ/TW và Quy định 145-QĐ/TW. Quy định 144 được đánh "
        "giá cao. Chỉ thị 35 cũng được nhắc."
    )
    docs = _docs(body)
    assert docs["QĐ 144"].linked_code == "144-QĐ/TW"
    assert docs["CT 35"].linked_code == ""


def test_link_bare_against_known_codes():
    ref = DocumentFound(code="", doc_type="CT", number="35", is_bare=True)
    assert link_bare(ref, ["35-CT/TW", "36-CT/TW", "35-KL/TW"]) == "35-CT/TW"
    assert link_bare(ref, ["35-CT/TW", "35/CT-TTg"]) == ""
    assert link_bare(ref, []) == ""
    party = dataclasses.replace(ref, issuing_body="Bộ Chính trị")
    assert link_bare(party, ["35-CT/TW", "35/CT-TTg"]) == "35-CT/TW"
    rule = DocumentFound(code="", doc_type="QĐ", number="07", is_bare=True)
    assert link_bare(rule, ["7-QĐI/TW"]) == "7-QĐI/TW"


# --- dates --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "published", "event"),
    [
        (
            "Chiều 4/7, tại Hà Nội, Ban tổ chức hội nghị.",
            date(2024, 7, 5),
            date(2024, 7, 4),
        ),
        (
            "Sáng 12-1 tại Hà Nội, Ban tổ chức hội nghị.",
            date(2022, 1, 12),
            date(2022, 1, 12),
        ),
        (
            "Ngày 2-12, tại Hà Nội, hội nghị diễn ra.",
            date(2019, 12, 3),
            date(2019, 12, 2),
        ),
        ("TCCS - Ngày 28-12-2023, Ban tổ chức hội nghị.", None, date(2023, 12, 28)),
        (
            "do Ban tổ chức sáng nay, 27-6, tại trụ sở.",
            date(2017, 6, 27),
            date(2017, 6, 27),
        ),
        ("Hội nghị khai mạc sáng 15/3/2024 tại Hà Nội.", None, date(2024, 3, 15)),
        ("Ngày 28-12, Ban Thường vụ họp.", date(2022, 1, 2), date(2021, 12, 28)),
        ("Chiều 29.6, HĐND họp chuyên đề.", date(2023, 6, 30), date(2023, 6, 29)),
        (
            "Sáng nay (20/10), Quốc hội khai mạc kỳ họp.",
            date(2021, 10, 20),
            date(2021, 10, 20),
        ),
        ("Hoàn thành 5/18 đề án trong năm.", date(2024, 7, 5), None),
        ("Ban tổng kết nhiệm kỳ 2020-2025.", date(2024, 7, 5), None),
    ],
)
def test_event_date_forms(body, published, event):
    assert extract(body, published=published).event_date == event


def test_event_year_comes_from_the_text_without_a_publication_date():
    body = (
        "Chiều 4/7, tại Hà Nội, Ban tổ chức hội nghị sơ kết 6 tháng đầu năm, triển "
        "khai nhiệm vụ 6 tháng cuối năm 2024. Quy định số 142-QĐ/TW ngày 23/4/2024 "
        "và Kết luận số 88 KL/TW ngày 19/9/2020 được nhắc lại."
    )
    assert extract(body).event_date == date(2024, 7, 4)


def test_issue_date_is_not_the_event_date():
    body = "Quán triệt Quy định số 205-QĐ/TW, ngày 23-9-2019 của Bộ Chính trị."
    result = extract(body, published=date(2019, 12, 3))
    assert result.event_date is None
    (found,) = result.dates
    assert (found.date, found.kind, found.surface) == (
        date(2019, 9, 23),
        "issued",
        "23-9-2019",
    )
    assert "205-QĐ/TW" in found.context


def test_every_date_is_listed_with_its_kind():
    body = (
        "Ngày 2-12, tại Hà Nội, hội nghị quán triệt Quy định số 205-QĐ/TW, ngày "
        "23-9-2019 của Bộ Chính trị; đánh giá công tác tháng 11-2019. Từ ngày 1/1/2020 "
        "sẽ áp dụng. Trước đó, ngày 5-11 Ban đã họp."
    )
    found = {(d.date, d.kind) for d in extract(body, published=date(2019, 12, 3)).dates}
    assert found == {
        (date(2019, 12, 2), "event"),
        (date(2019, 9, 23), "issued"),
        (date(2019, 11, 1), "period"),
        (date(2020, 1, 1), "mention"),
        (date(2019, 11, 5), "mention"),
    }


def test_month_is_not_a_day():
    result = extract("Trong tháng 11-2019, Ban đã phê duyệt quy hoạch.")
    assert [(d.date, d.kind) for d in result.dates] == [(date(2019, 11, 1), "period")]
    assert result.event_date is None


@pytest.mark.parametrize(
    ("day", "month", "reference", "expected"),
    [
        (28, 12, date(2022, 1, 2), date(2021, 12, 28)),
        (2, 1, date(2021, 12, 30), date(2022, 1, 2)),
        (1, 7, date(2024, 6, 20), date(2024, 7, 1)),
        (4, 7, date(2024, 7, 5), date(2024, 7, 4)),
        (29, 2, date(2023, 3, 1), date(2024, 2, 29)),
    ],
)
def test_resolve_picks_the_nearest_year(day, month, reference, expected):
    assert resolve(day, month, reference) == expected


# --- officials ----------------------------------------------------------------


def _persons(body: str, **kwargs) -> dict[str, object]:
    return {p.name: p for p in extract(body, **kwargs).persons}


def test_title_chain_before_the_name_is_split():
    people = _persons(
        "Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng, Trưởng Ban Tổ chức Trung ương "
        "Lê Minh Hưng và Bí thư Đảng ủy Khối các cơ quan Trung ương Nguyễn Văn Thể dự "
        "hội nghị."
    )
    assert people["Lê Minh Hưng"].titles == (
        "Ủy viên Bộ Chính trị",
        "Bí thư Trung ương Đảng",
        "Trưởng Ban Tổ chức Trung ương",
    )
    assert people["Nguyễn Văn Thể"].titles == (
        "Bí thư Đảng ủy Khối các cơ quan Trung ương",
    )
    assert people["Lê Minh Hưng"].role == people["Nguyễn Văn Thể"].role == "attend"


def test_title_chain_after_the_name_and_shared_verb():
    people = _persons(
        "Đồng chí Trương Thị Mai, Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng, Trưởng "
        "Ban Tổ chức Trung ương; đồng chí Mai Văn Chính, Ủy viên Trung ương Đảng, Phó "
        "Trưởng ban Thường trực Ban Tổ chức Trung ương chủ trì Hội nghị."
    )
    mai = people["Trương Thị Mai"]
    assert mai.titles == (
        "Ủy viên Bộ Chính trị",
        "Bí thư Trung ương Đảng",
        "Trưởng Ban Tổ chức Trung ương",
    )
    assert (mai.honorific, mai.role, mai.key) == ("đồng chí", "chair", "trương thị mai")
    assert people["Mai Văn Chính"].role == "chair"
    assert people["Mai Văn Chính"].titles[-1] == (
        "Phó Trưởng ban Thường trực Ban Tổ chức Trung ương"
    )


@pytest.mark.parametrize(
    ("body", "name", "titles", "honorific"),
    [
        (
            "Dự hội nghị có Ủy viên Trung ương Đảng, Phó Bí thư Thường trực Thành ủy Hà "
            "Nội Ngô Thị Thanh Hằng.",
            "Ngô Thị Thanh Hằng",
            ("Ủy viên Trung ương Đảng", "Phó Bí thư Thường trực Thành ủy Hà Nội"),
            "",
        ),
        (
            "Thượng tướng Đỗ Căn, Phó Chủ nhiệm Tổng cục Chính trị QĐND phát biểu.",
            "Đỗ Căn",
            ("Thượng tướng", "Phó Chủ nhiệm Tổng cục Chính trị QĐND"),
            "Thượng tướng",
        ),
        (
            "Đồng chí Phạm Minh Chính, Ủy viên Bộ Chính trị, Bí thư T.Ư Đảng, Trưởng Ban "
            "Tổ chức T.Ư chủ trì.",
            "Phạm Minh Chính",
            (
                "Ủy viên Bộ Chính trị",
                "Bí thư Trung ương Đảng",
                "Trưởng Ban Tổ chức Trung ương",
            ),
            "đồng chí",
        ),
        (
            "Bộ trưởng Bộ Nội vụ Phạm Thị Thanh Trà báo cáo.",
            "Phạm Thị Thanh Trà",
            ("Bộ trưởng Bộ Nội vụ",),
            "",
        ),
        (
            "Ông Nguyễn Văn An, Chủ tịch UBND tỉnh Bình Dương, cho biết.",
            "Nguyễn Văn An",
            ("Chủ tịch UBND tỉnh Bình Dương",),
            "ông",
        ),
        (
            "Chủ tịch UBND tỉnh Bình Dương Trần Thanh Liêm cho biết.",
            "Trần Thanh Liêm",
            ("Chủ tịch UBND tỉnh Bình Dương",),
            "",
        ),
        (
            "Cùng làm việc có Thứ trưởng Bộ Công an, Thượng tướng Lê Quý Vương.",
            "Lê Quý Vương",
            ("Thượng tướng", "Thứ trưởng Bộ Công an"),
            "Thượng tướng",
        ),
        (
            "Đại tướng Phan Văn Giang, Bộ trưởng Bộ Quốc phòng dự.",
            "Phan Văn Giang",
            ("Đại tướng", "Bộ trưởng Bộ Quốc phòng"),
            "Đại tướng",
        ),
        (
            "Phó Thủ tướng kiêm Bộ trưởng Bộ Ngoại giao Phạm Bình Minh phát biểu.",
            "Phạm Bình Minh",
            ("Phó Thủ tướng", "Bộ trưởng Bộ Ngoại giao"),
            "",
        ),
    ],
)
def test_name_patterns(body, name, titles, honorific):
    person = _persons(body)[name]
    assert person.titles == titles
    assert person.honorific == honorific


def test_group_title_goes_to_every_member():
    people = _persons(
        "Các Ủy viên Bộ Chính trị: Võ Văn Thưởng, Vương Đình Huệ, Trương Thị Mai dự hội nghị."
    )
    assert set(people) == {"Võ Văn Thưởng", "Vương Đình Huệ", "Trương Thị Mai"}
    assert all(p.titles == ("Ủy viên Bộ Chính trị",) for p in people.values())


def test_list_of_comrades_with_their_own_titles():
    people = _persons(
        "Dự hội nghị có các đồng chí: Phan Đình Trạc, Ủy viên Bộ Chính trị, Trưởng Ban "
        "Nội chính Trung ương; Mai Văn Chính, Phó Trưởng Ban Thường trực Ban Tổ chức "
        "Trung ương."
    )
    assert people["Phan Đình Trạc"].titles == (
        "Ủy viên Bộ Chính trị",
        "Trưởng Ban Nội chính Trung ương",
    )
    assert people["Mai Văn Chính"].honorific == "đồng chí"
    assert people["Mai Văn Chính"].role == "attend"


def test_list_of_titled_names_keeps_each_title_with_its_name():
    people = _persons(
        "Tổng Bí thư Nguyễn Phú Trọng, Chủ tịch nước Nguyễn Xuân Phúc, Thủ tướng Phạm "
        "Minh Chính dự phiên khai mạc."
    )
    assert people["Nguyễn Phú Trọng"].titles == ("Tổng Bí thư",)
    assert people["Nguyễn Xuân Phúc"].titles == ("Chủ tịch nước",)
    assert {p.role for p in people.values()} == {"attend"}


@pytest.mark.parametrize(
    ("body", "role"),
    [
        ("Thủ tướng Phạm Minh Chính chủ trì phiên họp.", "chair"),
        ("Phát biểu tại hội nghị, Bí thư Nguyễn Văn Thể chúc mừng.", "speak"),
        ("Phát biểu kết luận, đồng chí Trương Thị Mai nêu 6 vấn đề.", "conclude"),
        (
            "Trình bày Báo cáo sơ kết, Phó Trưởng ban Nguyễn Thị Minh Hạnh cho biết.",
            "report",
        ),
        ("Thường trực Ban Bí thư Trương Thị Mai đã trao Huân chương.", "award"),
        ("Dự hội nghị có đồng chí Nguyễn Văn Thể.", "attend"),
        ("Hội nghị dưới sự chủ trì của đồng chí Trương Thị Mai.", "chair"),
        ("Thượng tướng Đỗ Căn trao đổi về phương hướng.", ""),
        ("Bí thư Tỉnh ủy Nguyễn Xuân Ký cho biết.", ""),
    ],
)
def test_role_when_the_text_says_it(body, role):
    (person,) = extract(body).persons
    assert person.role == role


def test_role_values_are_model_choices():
    assert {"chair", "speak", "attend", "award", "report", "conclude", ""} == set(
        Role.values
    )
    assert {"event", "issued", "period", "mention"} == set(DateKind.values)
    assert {"NQ", "QĐ", "QĐI", "KL", "CT", "KH", "HD", "TB", "CV", "NĐ", "TT"} <= set(
        DocumentType.values
    )


def test_short_reference_links_to_the_full_name():
    people = _persons(
        "Đồng chí Trương Thị Mai, Trưởng Ban Tổ chức Trung ương chủ trì. Đồng chí Mai "
        "Văn Chính báo cáo. “Đây là cơ sở quan trọng”, đồng chí Mai nhấn mạnh."
    )
    assert people["Trương Thị Mai"].count == 2
    assert people["Trương Thị Mai"].surfaces == ("Trương Thị Mai", "Mai")
    assert people["Mai Văn Chính"].count == 1


def test_ambiguous_short_reference_is_not_linked():
    people = _persons(
        "Đồng chí Trương Thị Mai và đồng chí Nguyễn Thị Mai dự. Đồng chí Mai phát biểu."
    )
    assert people["Trương Thị Mai"].count == people["Nguyễn Thị Mai"].count == 1


def test_short_reference_with_ong_and_ba():
    people = _persons(
        "Bí thư Tỉnh ủy Quảng Ninh Nguyễn Xuân Ký dự. Ông Ký yêu cầu. Bà Phạm Thị "
        "Thanh Trà, Bộ trưởng Bộ Nội vụ phát biểu. Bà Trà cho biết."
    )
    assert people["Nguyễn Xuân Ký"].surfaces == ("Nguyễn Xuân Ký", "Ký")
    assert people["Phạm Thị Thanh Trà"].count == 2


@pytest.mark.parametrize(
    "spelling",
    [
        "Nguyễn Thị Thuý",
        "Nguyễn Thị Thúy",
        unicodedata.normalize("NFD", "Nguyễn Thị Thúy"),
        unicodedata.normalize("NFD", "Nguyễn Thị Thuý"),
    ],
)
def test_names_match_across_tone_placement_and_unicode_form(spelling):
    (person,) = extract(f"Bà {spelling}, Phó Chủ tịch UBND quận, phát biểu.").persons
    assert person.name == "Nguyễn Thị Thúy"
    assert person.key == person_key("nguyễn thị thuý") == text.key("NGUYỄN THỊ THÚY")


def test_two_spellings_in_one_article_are_one_person():
    body = "Bà Nguyễn Thị Thuý, Phó Chủ tịch UBND quận, báo cáo. Bà Nguyễn Thị Thúy cho biết."
    (person,) = extract(body).persons
    assert person.count == 2
    assert person.surfaces == ("Nguyễn Thị Thuý", "Nguyễn Thị Thúy")


@pytest.mark.parametrize(
    "body",
    [
        "phát hiện tổ dân phố Giáp Tứ (phường Thịnh Liệt, quận Hoàng Mai) yếu kém",
        "Ban Tổ chức Quận ủy Hoàng Mai khẩn trương tham mưu",
        "sinh viên Học viện Chính trị quốc gia Hồ Chí Minh",
        "lễ khai giảng tại Trường ĐH Tôn Đức Thắng",
        "đoàn đi qua phố Lê Duẩn và đường Trần Hưng Đạo",
        "cán bộ TP Hồ Chí Minh và Thành ủy Hà Nội",
        "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh tổ chức",
        "Từ Trung ương đến địa phương đều thống nhất",
        "Thông tin về Văn Miếu và Hồ Gươm",
    ],
)
def test_places_and_institutions_are_not_persons(body):
    assert extract(body).persons == ()


@pytest.mark.parametrize(
    "body",
    [
        "Lễ ký kết diễn ra tại trụ sở Ủy ban (số 12 Trần Quang Khải, Hà Nội).",
        "Văn phòng chuyển về số 45/3 Phạm Ngọc Thạch từ tháng sau.",
        "Đoàn viên dọn vệ sinh Công viên Hoàng Văn Thụ vào cuối tuần.",
        "Trận chung kết diễn ra tại Sân vận động Trần Quốc Tuấn.",
        "Giải đấu khép lại ở Nhà thi đấu Nguyễn Văn Hưởng.",
        "Lầu Năm Góc công bố báo cáo thường niên.",
    ],
)
def test_addresses_and_named_venues_are_not_persons(body):
    assert extract(body).persons == ()


@pytest.mark.parametrize(
    ("body", "names"),
    [
        # Two spaces part the entries of a tag list or a table row.
        (
            "Đồng chí Đỗ Văn Chiến phát biểu.\n\nChủ đề:  Đỗ Văn Chiến  Mặt trận",
            {"Đỗ Văn Chiến"},
        ),
        # A capitalized word opening an institution is not the name's last syllable.
        ("Xem thêm: Phạm Văn Hòa Quốc hội khóa XV họp phiên thứ 6", {"Phạm Văn Hòa"}),
        (
            "Đồng chí Trần Cẩm Tú Ủy ban Kiểm tra Trung ương dự.",
            {"Trần Cẩm Tú"},
        ),
    ],
)
def test_a_name_stops_at_a_double_space_or_an_institution(body, names):
    assert set(_persons(body)) == names


@pytest.mark.parametrize(
    ("body", "name", "honorific"),
    [
        (
            "Trung úy Giàng Seo Phử (Đồn Biên phòng Pa Vây Sử) được khen thưởng.",
            "Giàng Seo Phử",
            "Trung úy",
        ),
        ("Thiếu tá Sùng A Hồ báo cáo tình hình biên giới.", "Sùng A Hồ", "Thiếu tá"),
        ("Đại úy Ksor Nham cho biết lực lượng đã sẵn sàng.", "Ksor Nham", "Đại úy"),
        ("Bí thư Huyện ủy Lầu Páo Sùng phát biểu.", "Lầu Páo Sùng", ""),
        ("Phó Chủ tịch UBND tỉnh Thào Xuân Sùng dự.", "Thào Xuân Sùng", ""),
        (
            "Bà Quàng Thị Hoa, Chủ tịch Hội Phụ nữ huyện, cho biết.",
            "Quàng Thị Hoa",
            "bà",
        ),
        ("Thượng úy Vừ A Dê tuần tra cùng dân bản.", "Vừ A Dê", "Thượng úy"),
    ],
)
def test_minority_surnames_and_junior_ranks(body, name, honorific):
    assert _persons(body)[name].honorific == honorific


def test_list_with_minority_surnames():
    people = _persons(
        "Dự có các đồng chí: Hờ A Dính, Bí thư Huyện ủy; Cầm Văn Đoản, Chủ tịch UBND "
        "huyện; Lò Văn Mừng, Phó Chủ tịch HĐND huyện."
    )
    assert set(people) == {"Hờ A Dính", "Cầm Văn Đoản", "Lò Văn Mừng"}
    assert people["Cầm Văn Đoản"].titles == ("Chủ tịch UBND huyện",)


def test_unlisted_surname_is_a_person_with_an_honorific_and_a_title():
    body = (
        "Dự buổi lễ có ông Hồng Vinh, nguyên Ủy viên Trung ương Đảng, Phó Trưởng Ban "
        "Chỉ đạo. Ông Hồng Vinh nhấn mạnh vai trò của báo chí."
    )
    person = _persons(body)["Hồng Vinh"]
    assert person.honorific == "ông"
    assert person.count == 2
    assert "nguyên Ủy viên Trung ương Đảng" in person.titles


@pytest.mark.parametrize(
    "body",
    [
        "Ông Hữu Thỉnh cho biết sẽ sớm trở lại.",  # no title after it
        "Bác Hồ kính yêu, Chủ tịch nước đầu tiên.",
        "Thanh Hóa, Nghệ An, Hà Tĩnh cùng tham gia.",
    ],
)
def test_unlisted_surname_without_honorific_and_title_is_not_a_person(body):
    assert extract(body).persons == ()


def test_short_name_ending_a_full_name_folds_into_it():
    body = (
        "Phó Bí thư Thành ủy Nguyễn Thị Lê Hằng dự hội nghị. Bà Lê Hằng đề nghị các "
        "quận, huyện khẩn trương triển khai."
    )
    (person,) = extract(body).persons
    assert person.name == "Nguyễn Thị Lê Hằng"
    assert person.count == 2
    assert person.surfaces == ("Nguyễn Thị Lê Hằng", "Lê Hằng")


def test_chu_tich_ho_chi_minh_is_a_person():
    people = _persons("Toàn Đảng noi gương Chủ tịch Hồ Chí Minh vĩ đại.")
    assert people["Hồ Chí Minh"].titles == ("Chủ tịch",)


def test_two_syllable_name_needs_a_title_or_honorific():
    assert set(_persons("Thượng tướng Đỗ Căn phát biểu.")) == {"Đỗ Căn"}
    assert extract("Đỗ Căn phát biểu.").persons == ()


def test_weak_surname_needs_context_strong_surname_does_not():
    assert set(_persons("Đồng chí Mai Văn Chính báo cáo.")) == {"Mai Văn Chính"}
    assert extract("Mai Văn Chính báo cáo.").persons == ()
    assert set(_persons("Phạm Minh Chính nhấn mạnh yêu cầu.")) == {"Phạm Minh Chính"}


def test_honorific_is_not_part_of_the_name():
    (person,) = extract("Ông Nguyễn Văn An phát biểu.").persons
    assert (person.name, person.honorific) == ("Nguyễn Văn An", "ông")


# --- credits ------------------------------------------------------------------


def test_byline_and_photo_credit_are_credits_not_officials():
    result = extract(
        "Hội nghị diễn ra sáng nay.\n\nNguyễn Xuân Tùng",
        captions=["Phó Bí thư Ngô Thị Thanh Hằng phát biểu. Ảnh: Bá Hoạt"],
        byline="",
    )
    assert [p.name for p in result.persons] == ["Ngô Thị Thanh Hằng"]
    assert result.credits == ("Nguyễn Xuân Tùng", "Bá Hoạt")
    assert result.bylines == ("Nguyễn Xuân Tùng",)


@pytest.mark.parametrize(
    ("byline", "expected"),
    [
        ("Thùy Linh (tổng hợp)", ("Thùy Linh",)),
        ("PV", ("PV",)),
        ("Ngô Khiêm", ("Ngô Khiêm",)),
        ("THANH GIANG", ("Thanh Giang",)),
        ("Minh Anh - Hồng Nhung", ("Minh Anh", "Hồng Nhung")),
        ("Bài và ảnh: MINH ĐỨC", ("Minh Đức",)),
        ("Tin, ảnh: Quốc Khánh", ("Quốc Khánh",)),
        ("Thu Trang/Dangcongsan.vn", ("Thu Trang",)),
        ("Hải Yến/VOV.VN", ("Hải Yến",)),
        ("PGS, TS. Trần Văn Phòng", ("Trần Văn Phòng",)),
        ("ThS. Lê Thị Hoa - TS. Phạm Văn Đức", ("Lê Thị Hoa", "Phạm Văn Đức")),
        ("GS, TS TRẦN VĂN A", ("Trần Văn A",)),
        ("Tiến sĩ luật Hồ Văn B", ("Hồ Văn B",)),
        ("K.Long", ("K.Long",)),
        ("Minh Tú |", ("Minh Tú",)),
        ("Lan Hương- Quốc Bảo", ("Lan Hương", "Quốc Bảo")),
        ("Tác giả: Hải Yến, Nguồn tin: Báo Lao Động", ("Hải Yến",)),
        ("Theo Minh Tú/Báo Đời Mới", ("Minh Tú",)),
        ("Kết Luận", ()),
        ("TOP", ()),
        ("Báo Tuổi Trẻ", ()),
    ],
)
def test_byline_argument(byline, expected):
    result = extract("Hội nghị diễn ra.", byline=byline)
    assert result.bylines == expected
    assert result.persons == ()


def test_credit_with_agency_in_parentheses():
    result = extract("Đại hội.", captions=["Ảnh: Thái Hùng (TTXVN)"])
    assert result.credits == ("Thái Hùng", "TTXVN")


def test_two_joined_verbs_keep_the_stronger_role():
    (person,) = extract("Thủ tướng Phạm Minh Chính dự và phát biểu chỉ đạo.").persons
    assert person.role == "speak"


def test_caption_credit_with_agency():
    result = extract(
        "Hội nghị.", captions=["Toàn cảnh _ Ảnh: TTXVN", "Ảnh: VGP/Nhật Bắc"]
    )
    assert result.credits == ("TTXVN", "VGP", "Nhật Bắc")
    assert result.bylines == ()


@pytest.mark.parametrize(
    ("closing", "bylines"),
    [
        ("Hoài Thu/Nhandan.vn", ("Hoài Thu",)),
        ("(TTXVN/Vietnam+)", ()),
        ("(VOV)", ()),
        ("Hoài Thu (tổng hợp)", ("Hoài Thu",)),
        ("Tác giả: Hải Yến", ("Hải Yến",)),
        ("Nguồn tin: Báo Lao Động", ()),
        ("Hội nghị thành công tốt đẹp. QUỐC BẢO |", ("Quốc Bảo",)),
        ("TOP", ()),
    ],
)
def test_closing_line_outlet_and_source_notes(closing, bylines):
    assert extract(f"Hội nghị kết thúc tốt đẹp.\n\n{closing}").bylines == bylines


def test_page_chrome_is_not_a_byline():
    result = extract("Hội nghị kết thúc.\nVõ Lâm\nBình luận\nVIDEO CLIPS\nThông báo")
    assert result.bylines == ("Võ Lâm",)


# --- contract -----------------------------------------------------------------


def test_empty_text_gives_an_empty_extraction():
    assert extract("") == Extraction()


def test_results_are_frozen():
    result = extract("Thủ tướng Phạm Minh Chính chủ trì.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.persons[0].name = "x"  # type: ignore[misc]


def test_importing_the_package_loads_neither_pyvi_nor_django():
    code = (
        "import sys, articles.extraction; "
        "print(sorted(m for m in sys.modules if m.startswith(('pyvi', 'django'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        ("Sáng 21.8, hội nghị khai mạc.", date(2018, 8, 31), date(2018, 8, 21)),
        ("Chiều 17.10, đoàn đến thăm.", date(2019, 10, 18), date(2019, 10, 17)),
        (
            "Hôm nay, ngày (1/10), lễ được tổ chức.",
            date(2020, 10, 2),
            date(2020, 10, 1),
        ),
        (
            "Đoàn đã làm việc ngày 7-4-2015 tại tỉnh.",
            date(2015, 4, 8),
            date(2015, 4, 7),
        ),
        (
            "Trong các ngày từ ngày 21 đến ngày 28-8, hội nghị họp.",
            date(2012, 9, 1),
            date(2012, 8, 21),
        ),
        (
            "Hai ngày 16 và 17/5, ủy ban họp kỳ thứ 5.",
            date(2022, 5, 18),
            date(2022, 5, 16),
        ),
        ("Ngàỹ 4/12, đoàn gặp cử tri.", date(2024, 12, 5), date(2024, 12, 4)),
        (
            "(NLĐO)- Ngày 11-12, hai thứ trưởng nhận quyết định.",
            date(2015, 12, 12),
            date(2015, 12, 11),
        ),
        # Nothing after publication: 8/12 in a January article is last December.
        ("Sáng 8/12, tổng kết nhiệm vụ năm 2026.", date(2026, 1, 5), date(2025, 12, 8)),
    ],
)
def test_event_date_grammar(body, published, expected):
    assert extract(body, published=published).event_date == expected


@pytest.mark.parametrize(
    "body",
    [
        "Nghị quyết được thông qua với 455/455 đại biểu tán thành.",
        "Ông sinh ngày 12-5-1960 tại Nam Định.",
        "Đội tuyển thắng 2-1 trong trận chung kết.",
    ],
)
def test_ratios_scores_and_birth_dates_are_not_event_dates(body):
    assert extract(body, published=date(2020, 1, 1)).event_date is None


def test_event_year_prefers_lived_years_over_planned_ones():
    body = (
        "Sáng 8/12, tỉnh tổng kết công tác năm 2025 và triển khai nhiệm vụ năm 2026. "
        "Năm 2025, tỉnh đạt nhiều kết quả."
    )
    assert extract(body).event_date == date(2025, 12, 8)


def test_no_event_is_dated_after_today():
    future = date.today().year + 1
    assert extract(f"Sáng 8/12/{future}, hội nghị họp.").event_date is None


def test_an_old_dated_caption_is_not_the_news():
    body = (
        "Ông A tại Hà Nội hôm 6/10/2016. Trong hai ngày 18 và 19 tháng 9, "
        "Bộ Chính trị họp."
    )
    assert extract(body, published=date(2018, 9, 19)).event_date == date(2018, 9, 18)


# --- title chains, round 3 ----------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Dự có các Phó Giám đốc: PGS.TS. Lê Văn An, TS. Trần Văn Bình; cùng học viên.",
            {"Lê Văn An": ("Phó Giám đốc",), "Trần Văn Bình": ("Phó Giám đốc",)},
        ),
        (
            "Ba Phó Chủ tịch tỉnh được bầu gồm các ông, bà Lê Văn An, Trần Thị Bình.",
            {
                "Lê Văn An": ("Phó Chủ tịch tỉnh",),
                "Trần Thị Bình": ("Phó Chủ tịch tỉnh",),
            },
        ),
        (
            "Danh sách các Ủy viên Ban Thường vụ khóa IX gồm:\n\n- Bí thư Lê Văn An.\n\n"
            "- Chủ tịch tỉnh Trần Văn Bình.\n\nHội nghị có ông Hồ Văn Cường.",
            {
                "Lê Văn An": ("Ủy viên Ban Thường vụ khóa IX", "Bí thư"),
                "Trần Văn Bình": ("Ủy viên Ban Thường vụ khóa IX", "Chủ tịch tỉnh"),
                "Hồ Văn Cường": (),
            },
        ),
        (
            "Ông Lê Văn An, Bí thư Tỉnh ủy, cho biết đoàn gồm các ông Trần Văn Bình.",
            {"Lê Văn An": ("Bí thư Tỉnh ủy",), "Trần Văn Bình": ()},
        ),
        (
            "Hội nghị có đồng chí Lê Văn An-Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy.",
            {"Lê Văn An": ("Ủy viên Trung ương Đảng", "Bí thư Tỉnh ủy")},
        ),
        (
            "Người được chọn là ông Lê Văn An, Vụ trưởng Vụ Pháp chế; ông nay giữ chức"
            " Thứ trưởng Bộ Tư pháp.",
            {"Lê Văn An": ("Vụ trưởng Vụ Pháp chế", "Thứ trưởng Bộ Tư pháp")},
        ),
        (
            "Ông Lê Văn An quê huyện Hòa Sơn - tỉnh Nam Định; ông từng làm Giám đốc Sở"
            " Xây dựng, rồi Phó Chủ tịch UBND tỉnh.",
            {"Lê Văn An": ("Giám đốc Sở Xây dựng", "Phó Chủ tịch UBND tỉnh")},
        ),
        (
            "Ông Lê Văn An được bổ nhiệm làm Thứ trưởng Bộ Tài chính.",
            {"Lê Văn An": ("Thứ trưởng Bộ Tài chính",)},
        ),
        (
            "Ông Lê Văn An, nguyên Chủ tịch UBND tỉnh nhiệm kỳ 2011 - 2016, bị kỷ luật.",
            {"Lê Văn An": ("nguyên Chủ tịch UBND tỉnh",)},
        ),
    ],
)
def test_group_prefixes_dashes_and_later_posts_reach_each_person(sentence, expected):
    found = {p.name: p.titles for p in extract(sentence).persons}
    assert found == expected


def test_a_name_cut_off_at_the_very_end_of_an_excerpt_is_dropped():
    found = extract("Thủ tướng Lê Văn An chủ trì hội nghị, có ông Trần Văn B").persons
    assert [p.name for p in found] == ["Lê Văn An"]


def test_a_titled_name_closing_a_caption_is_kept():
    found = extract("Hội nghị diễn ra.", captions=["Phó Thủ tướng Lê Văn An"]).persons
    assert [p.name for p in found] == ["Lê Văn An"]


# --- event dates, round 4 -----------------------------------------------------


@pytest.mark.parametrize(
    ("body", "published", "expected"),
    [
        # Relative words resolve from the publication date.
        (
            "Chiều qua, Ban Bí thư họp với các tỉnh.",
            date(2023, 5, 10),
            date(2023, 5, 9),
        ),
        (
            "Hôm qua, đoàn công tác làm việc tại tỉnh.",
            date(2023, 1, 1),
            date(2022, 12, 31),
        ),
        ("Sáng nay, Quốc hội khai mạc kỳ họp.", date(2021, 10, 20), date(2021, 10, 20)),
        ("(PV) - Tối qua, lễ được tổ chức.", date(2021, 3, 2), date(2021, 3, 1)),
        # Without a publication date a relative word dates nothing.
        ("Chiều qua, Ban Bí thư họp với các tỉnh.", None, None),
        # A relative word inside a sentence is rhetoric, not a date.
        ("Đảng ta hôm nay vững mạnh hơn bao giờ hết.", date(2021, 3, 2), None),
        # The numbered day wins over a relative word that names it.
        ("Hôm nay (12/8), hội nghị khai mạc.", date(2020, 8, 13), date(2020, 8, 12)),
        # A year the text plans for does not decide a yearless date.
        (
            "Hội nghị diễn ra vào ngày 10.10 nhằm hoàn thành Nghị quyết năm 2022, "
            "làm nền tảng cho năm 2023.",
            None,
            date(2022, 10, 10),
        ),
        # A dateline (`VOA 08/10/2020`) is a stamp; the dated event in prose wins.
        (
            "VOA 08/10/2020\n\nHội nghị Trung ương khai mạc ngày 5/10/2020 tại Hà Nội.",
            date(2020, 10, 11),
            date(2020, 10, 5),
        ),
        # An anniversary's founding date is background; the ceremony is the news.
        (
            "Kỷ niệm 60 năm thành lập (26/7/1960 – 26/7/2020). Sáng 25/7, tỉnh "
            "tổ chức lễ.",
            date(2020, 7, 26),
            date(2020, 7, 25),
        ),
        # Dec/Jan boundary without a publication date: the stated year decides.
        ("Ngày 28/12, tỉnh tổng kết công tác năm 2021.", None, date(2021, 12, 28)),
        # A background paragraph's old date loses to the lead's event.
        (
            "Chiều 4/11, Ban Thường vụ họp. Ngày 5/3/2019, ông được bổ nhiệm.",
            date(2022, 11, 5),
            date(2022, 11, 4),
        ),
    ],
)
def test_event_date_round_four(body, published, expected):
    assert extract(body, published=published).event_date == expected


# --- title chains, round 4 ----------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # A byline in capitals after the title is not part of it.
        (
            "Ông Lê Văn An, tân Bộ trưởng Bộ Công an TRẦN MINH\n\nHội nghị họp.",
            ("tân Bộ trưởng Bộ Công an",),
        ),
        # `TP.` closing a sentence: the next sentence is not the title.
        (
            "Ông Lê Văn An, nguyên Chủ tịch HĐND TP. Trong bài viết, ông nêu rõ.",
            ("nguyên Chủ tịch HĐND TP.",),
        ),
        (
            "Ông Lê Văn An, cựu Bộ trưởng Bộ Công Thương đối với sai phạm này.",
            ("cựu Bộ trưởng Bộ Công Thương",),
        ),
        (
            "Ông Lê Văn An, Giám đốc Học viện Chính trị ủy quyền, ký văn bản.",
            ("Giám đốc Học viện Chính trị",),
        ),
        (
            "Ông Lê Văn An, Trưởng Ban Tuyên giáo Trung ương - Ảnh: TTXVN",
            ("Trưởng Ban Tuyên giáo Trung ương",),
        ),
        # An acronym in brackets belongs to the title it spells.
        (
            "Ông Lê Văn An, Phó Chủ tịch Hiệp hội Các nhà đầu tư tài chính (VAFI), "
            "cho biết.",
            ("Phó Chủ tịch Hiệp hội Các nhà đầu tư tài chính (VAFI)",),
        ),
        # Bare ranks, including the navy's, and the look-alike `Ð` (U+00D0).
        ("Chuẩn đô đốc Lê Văn An dẫn đoàn.", ("Chuẩn đô đốc",)),
        ("\u00d0ại tướng Lê Văn An dẫn đoàn.", ("Đại tướng",)),
        # A compound with a lowercase dash (`kinh tế - xã hội`) stays one title.
        (
            "Ông Lê Văn An, thành viên Tổ Tư vấn kinh tế - xã hội tỉnh, phát biểu.",
            ("thành viên Tổ Tư vấn kinh tế - xã hội tỉnh",),
        ),
        # `, Bộ Y tế` after a department names the ministry it belongs to.
        (
            "Ông Lê Văn An, Vụ trưởng Vụ Kế hoạch - Tài chính, Bộ Y tế, phát biểu.",
            ("Vụ trưởng Vụ Kế hoạch - Tài chính, Bộ Y tế",),
        ),
    ],
)
def test_title_ends_round_four(sentence, expected):
    found = {p.name: p.titles for p in extract(sentence).persons}
    assert found["Lê Văn An"] == expected

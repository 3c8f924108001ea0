"""Title states and appointment events read from an article's sentences."""

from __future__ import annotations

from datetime import date

import pytest

from articles.positions_events import (
    CURRENT,
    FORMER,
    DisciplineForm,
    EventKind,
    Official,
    find_events,
    title_states,
)

THO = Official(
    key="tho",
    name="Lê Đình Thọ",
    titles=(
        "Tổng cục trưởng Tổng cục Đường bộ Việt Nam",
        "Thứ trưởng Bộ GTVT",
        "Giám đốc Sở GTVT Thanh Hóa",
    ),
)
BODY = (
    "Thủ tướng Nguyễn Tấn Dũng ngày 25-5 ký các quyết định bổ nhiệm.\n\n"
    "Ở Bộ GTVT, ông Lê Đình Thọ, Tổng cục trưởng Tổng cục Đường bộ Việt Nam, được "
    "bổ nhiệm có thời hạn làm Thứ trưởng Bộ GTVT.\n\n"
    "Ông Lê Đình Thọ sinh năm 1963; ông từng làm Giám đốc Sở GTVT Thanh Hóa."
)


def test_career_titles_are_former_present_ones_current():
    states = title_states(BODY, THO.titles)
    assert states == {
        "Tổng cục trưởng Tổng cục Đường bộ Việt Nam": CURRENT,
        "Thứ trưởng Bộ GTVT": CURRENT,
        "Giám đốc Sở GTVT Thanh Hóa": FORMER,
    }


def test_a_title_held_somewhere_in_the_text_is_held():
    body = (
        "Bà A, Chủ tịch Hội Liên hiệp Phụ nữ Việt Nam, nhận nhiệm vụ mới. Bà lần "
        "lượt giữ các chức Phó Bí thư Thành ủy Hà Nội; Chủ tịch Hội Liên hiệp Phụ "
        "nữ Việt Nam."
    )
    states = title_states(
        body, ["Chủ tịch Hội Liên hiệp Phụ nữ Việt Nam", "Phó Bí thư Thành ủy Hà Nội"]
    )
    assert states["Chủ tịch Hội Liên hiệp Phụ nữ Việt Nam"] == CURRENT
    assert states["Phó Bí thư Thành ủy Hà Nội"] == FORMER


def test_a_dismissal_before_the_title_makes_it_former():
    body = "Ông B thôi giữ chức Bí thư Thành ủy TPHCM để nhận nhiệm vụ mới."
    assert title_states(body, ["Bí thư Thành ủy TPHCM"]) == {
        "Bí thư Thành ủy TPHCM": FORMER
    }


def test_a_passive_appointment_goes_to_the_official_before_it_with_its_post():
    dates = [("25-5", date(2013, 5, 25))]
    (event,) = find_events(BODY, [THO], dates, day=date(2013, 5, 27))
    assert (event.person, event.kind, event.title) == (
        "tho",
        EventKind.APPOINTED,
        "Thứ trưởng Bộ GTVT",
    )
    assert event.date == date(2013, 5, 27)  # the sentence names no date
    assert "được bổ nhiệm có thời hạn" in event.surface


def test_the_signer_of_an_appointment_is_not_appointed():
    signer = Official(key="dung", name="Nguyễn Tấn Dũng", titles=("Thủ tướng",))
    events = find_events(BODY, [signer, THO], day=date(2013, 5, 25))
    assert [e.person for e in events] == ["tho"]


def test_the_post_given_before_the_name_is_the_events_post():
    phong = Official(
        key="phong",
        name="Đặng Xuân Phong",
        titles=(
            "Phó chủ nhiệm thường trực Văn phòng Chính phủ",
            "Bí thư Tỉnh ủy Ninh Bình",
        ),
    )
    body = (
        "Người được Thủ tướng tiếp nhận và bổ nhiệm làm Phó chủ nhiệm thường trực "
        "Văn phòng Chính phủ là ông Đặng Xuân Phong, Bí thư Tỉnh ủy Ninh Bình."
    )
    (event,) = find_events(body, [phong])
    assert event.title == "Phó chủ nhiệm thường trực Văn phòng Chính phủ"


def test_an_active_appointment_names_the_appointee_after_the_verb():
    hai = Official(
        key="hai", name="Nguyễn Văn Hải", titles=("Giám đốc Sở Y tế Hà Nội",)
    )
    body = (
        "Ngày 2-3, Chủ tịch UBND thành phố ký quyết định bổ nhiệm ông Nguyễn Văn Hải "
        "giữ chức Giám đốc Sở Y tế Hà Nội."
    )
    (event,) = find_events(body, [hai], [("Ngày 2-3", date(2020, 3, 2))])
    assert (event.kind, event.title, event.date) == (
        EventKind.APPOINTED,
        "Giám đốc Sở Y tế Hà Nội",
        date(2020, 3, 2),
    )


@pytest.mark.parametrize(
    ("sentence", "kind", "form"),
    [
        ("Bộ Chính trị thi hành kỷ luật ông Nguyễn Văn An bằng hình thức cảnh cáo.",
         EventKind.DISCIPLINED, DisciplineForm.WARNING),
        ("Ban Bí thư quyết định khai trừ ra khỏi Đảng ông Nguyễn Văn An.",
         EventKind.DISCIPLINED, DisciplineForm.EXPULSION),
        ("Ủy ban Kiểm tra quyết định khiển trách ông Nguyễn Văn An.",
         EventKind.DISCIPLINED, DisciplineForm.REPRIMAND),
        ("Ông Nguyễn Văn An bị cách chức.", EventKind.DISCIPLINED,
         DisciplineForm.REMOVAL),
        ("Đồng chí Nguyễn Văn An từ trần hồi 10 giờ.", EventKind.DIED, ""),
        ("Ông Nguyễn Văn An nghỉ hưu theo chế độ.", EventKind.RETIRED, ""),
        ("Quốc hội miễn nhiệm ông Nguyễn Văn An.", EventKind.DISMISSED, ""),
        ("Bộ Chính trị cho thôi giữ chức đối với ông Nguyễn Văn An.",
         EventKind.RELIEVED, ""),
        ("Bộ Chính trị điều động ông Nguyễn Văn An.", EventKind.TRANSFERRED, ""),
        ("Bộ Chính trị luân chuyển ông Nguyễn Văn An.", EventKind.ROTATED, ""),
        ("Ban Bí thư phân công ông Nguyễn Văn An.", EventKind.ASSIGNED, ""),
        ("Ông Nguyễn Văn An được bầu làm Chủ tịch.", EventKind.ELECTED, ""),
        ("Đại hội giới thiệu ông Nguyễn Văn An ứng cử.", EventKind.NOMINATED, ""),
    ],
)  # fmt: skip
def test_every_event_kind_is_read(sentence, kind, form):
    an = Official(key="an", name="Nguyễn Văn An")
    events = find_events(sentence, [an])
    assert [(e.kind, e.form) for e in events] == [(kind, form)]


def test_proposed_discipline_is_not_an_event():
    an = Official(key="an", name="Nguyễn Văn An")
    body = "Ủy ban Kiểm tra Trung ương đề nghị Bộ Chính trị xem xét, kỷ luật ông Nguyễn Văn An."
    assert find_events(body, [an]) == []


def test_a_short_reference_names_the_official():
    an = Official(key="an", name="Nguyễn Văn An")
    body = "Sau đó, ông An được bổ nhiệm."
    assert [e.person for e in find_events(body, [an])] == ["an"]


def test_a_sentence_without_the_official_gives_no_event():
    an = Official(key="an", name="Nguyễn Văn An")
    assert find_events("Thủ tướng bổ nhiệm ba Thứ trưởng.", [an]) == []

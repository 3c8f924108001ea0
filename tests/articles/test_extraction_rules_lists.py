"""Rules found on real pages, fourth round: chains shared by lists, later posts.

Each case is a shape that Vietnamese news text prints for any officials; the
names and bodies here are written out small.
"""

from __future__ import annotations

from datetime import date

import pytest

from articles.extraction import extract


def _titles(body: str, **kwargs) -> dict[str, tuple[str, ...]]:
    return {p.name: p.titles for p in extract(body, **kwargs).persons}


# --- one chain for several names ---------------------------------------------------


def test_names_of_one_list_item_share_the_chain_after_the_last():
    titles = _titles(
        "Các phó chủ tịch UBND tỉnh được phê chuẩn là: ông Bùi Văn Cửu, ông Bùi Văn "
        "Khánh, Ủy viên Ban Thường vụ Tỉnh ủy, Phó chủ tịch UBND tỉnh Hòa Bình; ông "
        "Nguyễn Văn Chương, Tỉnh ủy viên, Phó chủ tịch UBND tỉnh Hòa Bình."
    )
    shared = ("Ủy viên Ban Thường vụ Tỉnh ủy", "Phó chủ tịch UBND tỉnh Hòa Bình")
    assert titles["Bùi Văn Cửu"] == shared
    assert titles["Bùi Văn Khánh"] == shared
    assert titles["Nguyễn Văn Chương"] == (
        "Tỉnh ủy viên",
        "Phó chủ tịch UBND tỉnh Hòa Bình",
    )


def test_a_name_inside_a_sentence_does_not_take_the_next_names_chain():
    titles = _titles(
        "Hội nghị có ông Lê Văn An, ông Trần Văn Bình, Chủ tịch UBND tỉnh phát biểu."
    )
    assert titles.get("Lê Văn An", ()) == ()


@pytest.mark.parametrize(
    ("body", "names", "title"),
    [
        (
            "Nghị quyết miễn nhiệm ba Phó Chủ tịch Quốc hội gồm bà Tòng Thị Phóng, ông "
            "Uông Chu Lưu và ông Phùng Quốc Hiển được thông qua.",
            ("Tòng Thị Phóng", "Uông Chu Lưu", "Phùng Quốc Hiển"),
            "Phó Chủ tịch Quốc hội",
        ),
        (
            "Lãnh đạo Bộ hiện gồm Bộ trưởng Phạm Thị Thanh Trà và 6 Thứ trưởng là các "
            "ông, bà: Vũ Chiến Thắng, Cao Huy, Nguyễn Thị Hà.",
            ("Vũ Chiến Thắng", "Cao Huy", "Nguyễn Thị Hà"),
            "Thứ trưởng",
        ),
        (
            "Trung ương đã bầu bổ sung Ủy viên Ủy ban Kiểm tra Trung ương khóa XIII, "
            "gồm các đồng chí: Đào Thế Hoằng, Vụ trưởng Vụ Địa bàn VI; Vũ Hồng Văn, Cục "
            "trưởng Cục An ninh.",
            ("Đào Thế Hoằng", "Vũ Hồng Văn"),
            "Ủy viên Ủy ban Kiểm tra Trung ương khóa XIII",
        ),
    ],
)
def test_a_counted_or_elected_post_before_a_list_goes_to_each_name(body, names, title):
    titles = _titles(body)
    for name in names:
        assert title in titles[name], name


def test_a_list_after_a_post_that_goes_on_is_not_given_the_post():
    titles = _titles(
        "Thủ tướng đồng ý kết quả bầu các phó chủ tịch UBND tỉnh này cho nhiệm kỳ mới, "
        "gồm: bà Tráng Thị Xuân, Phó chủ tịch UBND tỉnh Sơn La."
    )
    assert titles["Tráng Thị Xuân"] == ("Phó chủ tịch UBND tỉnh Sơn La",)


# --- where a title ends ------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "name", "title"),
    [
        (
            "Nghị quyết miễn nhiệm Phó Chủ tịch Quốc hội gồm bà Tòng Thị Phóng.",
            "Tòng Thị Phóng",
            "Phó Chủ tịch Quốc hội",
        ),
        (
            "Theo đó, Thủ tướng phê chuẩn kết quả bầu ông Trịnh Hữu Khang, Giám đốc Sở "
            "GD&ĐT.",
            "Trịnh Hữu Khang",
            "Giám đốc Sở GD&ĐT",
        ),
        (
            "Tiếp đoàn, PGS, TS Lê Hải Bình, Tổng Biên tập Tạp chí Cộng sản vui mừng "
            "chào đón đoàn.",
            "Lê Hải Bình",
            "Tổng Biên tập Tạp chí Cộng sản",
        ),
        (
            "Hội nghị do đồng chí Nguyễn Hữu Đông, Trưởng Đoàn đại biểu Quốc hội tỉnh "
            "Sơn La đồng chủ trì.",
            "Nguyễn Hữu Đông",
            "Trưởng Đoàn đại biểu Quốc hội tỉnh Sơn La",
        ),
        (
            "Bộ Chính trị cho bà Bùi Thị Minh Hoài - trưởng Ban Dân vận Trung ương - "
            "thôi giữ chức.",
            "Bùi Thị Minh Hoài",
            "trưởng Ban Dân vận Trung ương",
        ),
        (
            "PGS, TS Dương Trung Ý, Phó Giám đốc Học viện Chính trị quốc gia Hồ Chí "
            "Minh và PGS, TS Nguyễn Thắng Lợi, Tổng Biên tập Tạp chí cùng chủ trì.",
            "Dương Trung Ý",
            "Phó Giám đốc Học viện Chính trị quốc gia Hồ Chí Minh",
        ),
    ],
)
def test_a_verb_or_the_next_person_ends_the_title(body, name, title):
    assert _titles(body)[name] == (title,)


@pytest.mark.parametrize(
    ("body", "name", "title"),
    [
        (
            "Phó Chủ tịch Hội đồng Dân tộc của Quốc hội Đinh Thị Phương Lan trình bày "
            "chương trình hành động.",
            "Đinh Thị Phương Lan",
            "Phó Chủ tịch Hội đồng Dân tộc của Quốc hội",
        ),
        (
            "Bài phát biểu của đồng chí Nguyễn Phú Trọng, Trưởng Tiểu ban nhân sự Đại "
            "hội XIV của Đảng tại phiên họp thứ nhất.",
            "Nguyễn Phú Trọng",
            "Trưởng Tiểu ban nhân sự Đại hội XIV của Đảng",
        ),
    ],
)
def test_the_body_a_council_belongs_to_after_cua_is_part_of_the_title(
    body, name, title
):
    assert title in _titles(body)[name]


def test_the_parent_academy_after_a_comma_finishes_the_post():
    titles = _titles(
        "Ở điểm cầu trực tuyến có PGS, TS. Nguyễn Minh Tuấn - Nguyên Viện trưởng Viện "
        "Xây dựng Đảng, Học viện Chính trị quốc gia Hồ Chí Minh."
    )
    assert titles["Nguyễn Minh Tuấn"] == (
        "Nguyên Viện trưởng Viện Xây dựng Đảng, Học viện Chính trị quốc gia Hồ Chí Minh",
    )


def test_the_parent_body_before_the_next_person_finishes_the_post():
    titles = _titles(
        "Gồm các đồng chí: Lê Nguyễn Nam Ninh, Vụ trưởng Vụ Nghiên cứu, Cơ quan Ủy ban "
        "Kiểm tra Trung ương và Thiếu tướng Vũ Hồng Văn, Cục trưởng Cục An ninh."
    )
    assert (
        "Vụ trưởng Vụ Nghiên cứu, Cơ quan Ủy ban Kiểm tra Trung ương"
        in (titles["Lê Nguyễn Nam Ninh"])
    )


def test_tu_abbreviating_trung_uong_is_not_a_name_in_capitals():
    titles = _titles(
        "Dự có đồng chí Vũ Đức Đam, Ủy viên BCH TƯ Đảng, Phó Thủ tướng Chính phủ."
    )
    assert titles["Vũ Đức Đam"] == (
        "Ủy viên BCH Trung ương Đảng",
        "Phó Thủ tướng Chính phủ",
    )


def test_a_post_glued_to_the_next_word_still_heads_the_chain():
    titles = _titles(
        "Đoàn do bà Nguyễn Minh Thủy, Ủy viênThường vụ, Trưởng ban Tổ chức Tỉnh ủy "
        "làm trưởng đoàn đã tới thăm."
    )
    assert titles["Nguyễn Minh Thủy"] == (
        "Ủy viênThường vụ",
        "Trưởng ban Tổ chức Tỉnh ủy",
        "trưởng đoàn",
    )


def test_a_staff_post_before_the_name_is_a_title():
    titles = _titles(
        "Danh sách gồm: Bí thư Tỉnh ủy Hồ Văn Niên; chuyên viên Văn phòng Đảng ủy "
        "phường Cẩm Thành Phạm Cao Vy."
    )
    assert titles["Phạm Cao Vy"] == ("chuyên viên Văn phòng Đảng ủy phường Cẩm Thành",)


def test_thu_ky_after_doan_is_a_body_not_a_name():
    found = extract(
        "Đồng chí Nguyễn Thanh Hải, Ủy viên Đoàn Thư ký báo cáo Đại hội. Sau đó, "
        "đồng chí Thuận Hữu, Ủy viên Đoàn Thư ký trình bày báo cáo."
    )
    titles = {p.name: p.titles for p in found.persons}
    assert "Đoàn Thư" not in titles
    assert titles["Nguyễn Thanh Hải"] == ("Ủy viên Đoàn Thư ký",)
    assert titles["Thuận Hữu"] == ("Ủy viên Đoàn Thư ký",)


# --- posts the sentence gives later ----------------------------------------------


@pytest.mark.parametrize(
    ("body", "name", "title"),
    [
        (
            "Đồng chí Ngô Đông Hải được đại hội bầu lại, tái đắc cử chức Bí thư Tỉnh ủy "
            "Thái Bình khóa mới.",
            "Ngô Đông Hải",
            "Bí thư Tỉnh ủy Thái Bình",
        ),
        (
            "Ông Nguyễn Ngọc Quang tái đắc cử chức danh Bí thư Tỉnh ủy Quảng Nam.",
            "Nguyễn Ngọc Quang",
            "Bí thư Tỉnh ủy Quảng Nam",
        ),
        (
            "Ông Phan Việt Cường được bầu là phó bí thư Thường trực.",
            "Phan Việt Cường",
            "phó bí thư Thường trực",
        ),
        (
            "Ông Đinh La Thăng hiện làm Phó Trưởng Ban kinh tế Trung ương.",
            "Đinh La Thăng",
            "Phó Trưởng Ban kinh tế Trung ương",
        ),
        (
            "Bà Phạm Thu Hằng nhận cương vị Người Phát ngôn Bộ Ngoại giao, thay cho bà "
            "Lê Thị Thu Hằng.",
            "Phạm Thu Hằng",
            "Người Phát ngôn Bộ Ngoại giao",
        ),
        (
            "Trung ương cho ông Nguyễn Xuân Anh thôi chức Ủy viên Trung ương Đảng.",
            "Nguyễn Xuân Anh",
            "Ủy viên Trung ương Đảng",
        ),
        (
            "Thủ tướng phê chuẩn kết quả bầu ông Đỗ Tiến Đông, Tỉnh ủy viên, Giám đốc "
            "Sở Xây dựng làm Phó Chủ tịch UBND tỉnh Gia Lai, nhiệm kỳ 2016 - 2021.",
            "Đỗ Tiến Đông",
            "Phó Chủ tịch UBND tỉnh Gia Lai",
        ),
        (
            "Người được điều động, chỉ định làm Bí thư Đảng ủy Mặt trận Tổ quốc, các "
            "đoàn thể Trung ương là đồng chí Bùi Thị Minh Hoài. Bà Bùi Thị Minh Hoài "
            "được chỉ định làm Bí thư Đảng ủy Mặt trận Tổ quốc, các đoàn thể Trung ương.",
            "Bùi Thị Minh Hoài",
            "Bí thư Đảng ủy Mặt trận Tổ quốc, các đoàn thể Trung ương",
        ),
    ],
)
def test_posts_stated_later_in_the_sentence(body, name, title):
    assert title in _titles(body)[name]


def test_a_post_elected_into_is_shared_by_the_names_before_it():
    titles = _titles(
        "Thủ tướng phê chuẩn kết quả bầu ông Trịnh Hữu Khang, Giám đốc Sở GD&ĐT và "
        "ông Nguyễn Trung Thảo, Giám đốc Sở KH&ĐT vào chức vụ Phó Chủ tịch UBND tỉnh "
        "Cao Bằng."
    )
    assert "Phó Chủ tịch UBND tỉnh Cao Bằng" in titles["Trịnh Hữu Khang"]
    assert "Phó Chủ tịch UBND tỉnh Cao Bằng" in titles["Nguyễn Trung Thảo"]


@pytest.mark.parametrize(
    ("body", "name", "not_theirs"),
    [
        (
            "Chiều 16.1, Chủ tịch nước Lương Cường trao quyết định bổ nhiệm Đại sứ đặc "
            "mệnh toàn quyền Việt Nam tại nước ngoài.",
            "Lương Cường",
            "Đại sứ đặc mệnh toàn quyền Việt Nam",
        ),
        (
            "Chủ tịch Quốc hội Vương Đình Huệ tặng hoa những đồng chí thôi giữ chức Phó "
            "Chủ tịch Quốc hội khoá XIV.",
            "Vương Đình Huệ",
            "Phó Chủ tịch Quốc hội khoá XIV",
        ),
        (
            "Trung tướng Thái Đại Ngọc được bổ nhiệm giữ chức Tư lệnh Quân Khu 5, Đại "
            "tá Trần Văn Tài giữ chức Phó Tư lệnh Quân khu 9.",
            "Thái Đại Ngọc",
            "Đại tá",
        ),
        (
            "Trung tướng Thái Đại Ngọc được bổ nhiệm giữ chức Tư lệnh Quân Khu 5, Đại "
            "tá Trần Văn Tài giữ chức Phó Tư lệnh Quân khu 9.",
            "Trần Văn Tài",
            "Tư lệnh Quân Khu 5",
        ),
    ],
)
def test_a_post_the_sentence_gives_someone_else(body, name, not_theirs):
    assert not_theirs not in _titles(body)[name]


# --- dates ------------------------------------------------------------------------


def test_the_day_a_decision_takes_effect_is_not_the_event():
    found = extract(
        "Quyết định số 1666/QĐ-TTg ngày 5/8/2025 về việc bổ nhiệm lại Thứ trưởng vừa "
        "được ký ban hành. Theo đó, ông Vũ Chiến Thắng được bổ nhiệm lại giữ chức Thứ "
        "trưởng Bộ Nội vụ, kể từ ngày 21/8."
    )
    assert found.event_date == date(2025, 8, 5)


def test_a_date_after_an_opening_adverb_opens_the_sentence():
    found = extract(
        "Các quyết định kỷ luật thời gian qua cho thấy sự nghiêm khắc.\n"
        "Mới đây, ngày 6/10, Hội nghị Trung ương quyết định cách chức ông A.\n"
        "Ngày 25/5/2017, Ban Bí thư quyết định cảnh cáo ông B."
    )
    assert found.event_date == date(2017, 10, 6)


# --- bylines ----------------------------------------------------------------------


def test_two_authors_parted_by_an_underscore_are_two_bylines():
    found = extract(
        "Tuần qua, 12 tỉnh, thành ủy đã tiến hành Đại hội Đảng bộ.\n\n"
        "Linh Anh _Văn Kiên\n\nNguồn Tiền Phong: https://www.tienphong.vn/xa-hoi/a.tpo"
    )
    assert found.bylines == ("Linh Anh", "Văn Kiên")


def test_of_two_years_named_as_often_the_earlier_dates_the_news():
    # The later of two is the one planned for far more often than the one lived.
    found = extract(
        "Chiều 21/6, sau phiên bế mạc kỳ họp, Văn phòng Quốc hội họp báo. Quốc hội "
        "thông qua Nghị quyết điều chỉnh chương trình xây dựng luật, pháp lệnh nhiệm "
        "kỳ Quốc hội khóa XIII, năm 2013 và chương trình xây dựng luật, pháp lệnh năm "
        "2014."
    )
    assert found.event_date == date(2013, 6, 21)


# --- more chains -----------------------------------------------------------------


def test_a_verb_after_cua_hands_the_chain_on_to_the_name():
    titles = _titles(
        "Đơn vị số 1 của TP Hà Nội có ba ĐBQH là Tổng Bí thư, Chủ tịch nước Nguyễn "
        "Phú Trọng; bà Trần Thị Phương Hoa, Bí thư Quận ủy Cầu Giấy."
    )
    assert titles["Nguyễn Phú Trọng"] == ("Tổng Bí thư", "Chủ tịch nước")


def test_a_post_after_cua_and_an_honorific_stays_the_other_persons():
    titles = _titles(
        "Tiếp thu ý kiến của đồng chí Phó Bí thư Thường trực Thành ủy, Trưởng ban Tổ "
        "chức Thành ủy Vũ Đức Bảo khẳng định sẽ làm tốt."
    )
    assert titles["Vũ Đức Bảo"] == ("Trưởng ban Tổ chức Thành ủy",)


def test_the_abbreviated_vice_chair_heads_a_chain():
    titles = _titles("Ông Đỗ Tiến Đông, PCT UBND tỉnh Gia Lai (đứng giữa).")
    assert titles["Đỗ Tiến Đông"] == ("PCT UBND tỉnh Gia Lai",)


def test_a_council_deputy_post_heads_a_chain_and_may_be_left():
    titles = _titles(
        "Kỳ họp thống nhất để đồng chí Nguyễn Hữu Thạch thôi làm nhiệm vụ đại biểu "
        "HĐND tỉnh khóa XII, nhiệm kỳ 2021 - 2026."
    )
    assert titles["Nguyễn Hữu Thạch"] == ("đại biểu HĐND tỉnh khóa XII",)


def test_a_term_between_the_post_and_the_copula_keeps_the_post():
    titles = _titles(
        "Ở Nam Định, người được phê chuẩn kết quả bầu làm Phó Chủ tịch UBND tỉnh Nam "
        "Định nhiệm kỳ 2011-2016 là ông Nguyễn Phùng Hoan, ủy viên Ban chấp hành Đảng "
        "bộ tỉnh."
    )
    assert "Phó Chủ tịch UBND tỉnh Nam Định" in titles["Nguyễn Phùng Hoan"]


def test_the_ministry_after_a_comma_finishes_a_later_post():
    titles = _titles(
        "Trung tướng Thái Đại Ngọc được bổ nhiệm giữ chức Tư lệnh Quân Khu 5, Đại tá "
        "Trần Văn Tài giữ chức Phó Tư lệnh Quân khu 9, Bộ Quốc phòng."
    )
    assert titles["Trần Văn Tài"] == ("Đại tá", "Phó Tư lệnh Quân khu 9, Bộ Quốc phòng")


def test_receiving_an_appointment_decision_gives_the_post():
    titles = _titles(
        "Ngày 31/7, Thượng tá Nguyễn Thanh Tuấn, Phó giám đốc Công an tỉnh nhận quyết "
        "định bổ nhiệm làm Giám đốc công an tỉnh."
    )
    assert "Giám đốc công an tỉnh" in titles["Nguyễn Thanh Tuấn"]


def test_becoming_a_post_gives_it():
    titles = _titles("Ông Đồng Văn Thanh trở thành Bí thư Tỉnh ủy Hậu Giang.")
    assert titles["Đồng Văn Thanh"] == ("Bí thư Tỉnh ủy Hậu Giang",)


def test_the_chain_on_the_line_under_a_name_set_alone_is_its_own():
    titles = _titles(
        "Đại hội đã xác định ba đột phá chiến lược.\n\nBài viết nêu rõ mục tiêu của "
        "giai đoạn mới.\n\nGS, TS Tô Lâm\n\nTổng Bí thư Ban "
        "Chấp hành Trung ương Đảng Cộng sản Việt Nam\n\nĐại hội đã xác định rõ mục tiêu."
    )
    assert titles["Tô Lâm"] == (
        "Tổng Bí thư Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam",
    )


def test_a_sentence_line_does_not_take_the_next_line_as_a_chain():
    titles = _titles(
        "Hội nghị đã nghe báo cáo và cho ý kiến của ông Nguyễn Văn An\n"
        "Chủ tịch UBND tỉnh phát biểu kết luận."
    )
    assert titles.get("Nguyễn Văn An", ()) == ()


def test_a_time_word_date_in_the_lead_beats_a_range_in_the_body():
    found = extract(
        "Từ ngày 12 đến ngày 15 tháng 10 năm 2020, Đại hội làm việc với tinh thần dân "
        "chủ, đoàn kết.",
        title="Toàn văn Nghị quyết Đại hội",
        lead="Nghị quyết được các đại biểu thông qua tại phiên bế mạc sáng ngày 15-10.",
        published=date(2020, 10, 15),
    )
    assert found.event_date == date(2020, 10, 15)


def test_a_highland_name_opening_with_y_is_whole():
    titles = _titles(
        "Đồng chí Y Thanh Hà Niê Kđăm - Ủy viên dự khuyết Trung ương Đảng, Bí thư Đảng "
        "ủy Khối Doanh nghiệp Trung ương - cho biết đại hội thành công."
    )
    assert titles == {
        "Y Thanh Hà Niê Kđăm": (
            "Ủy viên dự khuyết Trung ương Đảng",
            "Bí thư Đảng ủy Khối Doanh nghiệp Trung ương",
        )
    }


def test_a_post_with_one_place_per_name_is_given_to_no_one():
    titles = _titles(
        "Bà Hoàng Thị Thúy Lan, ông Chẩu Văn Lâm, ông Trần Văn Nam tiếp tục trúng cử "
        "Bí thư Tỉnh ủy Vĩnh Phúc, Tuyên Quang, Bình Dương nhiệm kỳ mới."
    )
    assert "Bí thư Tỉnh ủy Vĩnh Phúc" not in titles["Chẩu Văn Lâm"]
    assert "Bí thư Tỉnh ủy Vĩnh Phúc" not in titles["Trần Văn Nam"]


def test_a_post_given_to_the_pronoun_goes_to_the_one_name_of_the_sentence():
    titles = _titles(
        "Sinh năm 1969, ông Đồng Văn Thanh đảm nhận chức Chủ tịch UBND tỉnh Hậu Giang "
        "từ năm 2020; trước đó ông làm Phó Chủ tịch thường trực UBND tỉnh Hậu Giang."
    )
    assert titles["Đồng Văn Thanh"] == (
        "Chủ tịch UBND tỉnh Hậu Giang",
        "Phó Chủ tịch thường trực UBND tỉnh Hậu Giang",
    )


def test_a_post_given_to_the_pronoun_after_two_names_goes_to_neither():
    titles = _titles(
        "Ông Trịnh Văn Quyết nhận từ Tổng Bí thư Tô Lâm quyết định của Bộ Chính trị, "
        "theo đó ông giữ chức Trưởng Ban Tuyên giáo và Dân vận Trung ương."
    )
    assert "Trưởng Ban Tuyên giáo và Dân vận Trung ương" not in titles["Tô Lâm"]
    assert (
        "Trưởng Ban Tuyên giáo và Dân vận Trung ương" not in titles["Trịnh Văn Quyết"]
    )


def test_a_count_of_seats_after_gom_is_no_list_of_names():
    body = (
        "Đại hội bầu Ban Chấp hành Đảng bộ tỉnh gồm 41 ủy viên chính thức và 04 ủy "
        "viên dự khuyết, Ban Thường vụ gồm 13 ủy viên; đồng chí Hà Văn Lộc được bầu "
        "làm Bí thư Tỉnh ủy."
    )
    found = {p.name: p.titles for p in extract(body).persons}
    assert found == {"Hà Văn Lộc": ("Bí thư Tỉnh ủy",)}

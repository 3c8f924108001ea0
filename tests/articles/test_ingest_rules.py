"""Table tests for the line rules behind the page parser (`articles.pagetext`)."""

from __future__ import annotations

import unicodedata
from datetime import datetime

import pytest

from articles import ingest, pagetext
from articles.pagetext import VN_TZ


def vn(*args: int) -> datetime:
    return datetime(*args, tzinfo=VN_TZ)


# Timestamps ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("18:31' 12/1/2022", vn(2022, 1, 12, 18, 31)),
        ("Thứ Ba, 03/12/2019, 03:41:31", vn(2019, 12, 3, 3, 41, 31)),
        ("Chính trị | 09:16 Thứ Ba ngày 27/06/2017", vn(2017, 6, 27, 9, 16)),
        ("12/01/2022 18:31", vn(2022, 1, 12, 18, 31)),
        ("Thứ hai, 3/12/2019 - 08:00", vn(2019, 12, 3, 8, 0)),
        ("Chủ nhật, 05/01/2020 07:05 (GMT+7)", vn(2020, 1, 5, 7, 5)),
        ("Cập nhật: 10h20 ngày 12-1-2022", vn(2022, 1, 12, 10, 20)),
        ("Ngày 12 tháng 1 năm 2022", vn(2022, 1, 12)),
        ("12.01.2022", vn(2022, 1, 12)),
        ("T4, 13/7/2022 | 14:05", vn(2022, 7, 13, 14, 5)),
        ("2022-01-12T18:31:00+07:00", vn(2022, 1, 12, 18, 31)),
        ("2022-01-12T11:31:00Z", vn(2022, 1, 12, 18, 31)),
        ("2022-01-12 18:31", vn(2022, 1, 12, 18, 31)),
        ("2022-01-12", vn(2022, 1, 12)),
        ("[ 12/01/2022 18:31 ]", vn(2022, 1, 12, 18, 31)),
        ("[Thứ Tư, 12/01/2022]", vn(2022, 1, 12)),
        (
            unicodedata.normalize("NFD", "Thứ Ba, 03/12/2019, 03:41:31"),
            vn(2019, 12, 3, 3, 41, 31),
        ),
    ],
)
def test_header_timestamps_parse_day_first(line, expected):
    got = pagetext.parse_timestamp(line)
    assert got == expected
    assert got.utcoffset().total_seconds() == 7 * 3600


@pytest.mark.parametrize(
    "line",
    ["31/02/2022", "12/13/2022", "32/1/2022 10:00", "12/1/2022 25:61", "2022-02-30"],
)
def test_impossible_dates_give_none_but_still_look_like_a_header(line):
    assert pagetext.parse_timestamp(line) is None
    assert pagetext.header_timestamp(line) == ("", None)


@pytest.mark.parametrize(
    "line",
    [
        "Ngày 2-12, tại Hà Nội, Ban Tổ chức T.Ư tổ chức hội nghị.",
        "Hà Nội, 12/1/2022",
        "Chiều 4/7",
        "18:31",
        "Quyết định số 205-QĐ/TW",
        "",
    ],
)
def test_sentences_with_dates_are_not_timestamps(line):
    assert pagetext.header_timestamp(line) is None
    assert pagetext.parse_timestamp(line) is None


@pytest.mark.parametrize(
    ("line", "section"),
    [
        ("Chính trị | 09:16 Thứ Ba ngày 27/06/2017", "Chính trị"),
        ("Thời sự | Xây dựng Đảng | 12/1/2022", "Thời sự - Xây dựng Đảng"),
        ("18:31' 12/1/2022", ""),
    ],
)
def test_section_before_a_timestamp_is_kept(line, section):
    assert pagetext.header_timestamp(line)[0] == section


# Source marks ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "code", "name"),
    [
        ("TCCS - Ngày 28-12-2023, hội nghị.", "TCCS", "Tạp chí Cộng sản"),
        ("(HNMO) - Đây là hai chủ đề.", "HNMO", "Hà Nội Mới"),
        ("(TTXVN) - Sáng nay, hội nghị.", "TTXVN", "Thông tấn xã Việt Nam"),
        ("(TTXVN)- Sáng nay, hội nghị.", "TTXVN", "Thông tấn xã Việt Nam"),
        (
            "(ĐCSVN) – Sáng nay, hội nghị.",
            "ĐCSVN",
            "Báo điện tử Đảng Cộng sản Việt Nam",
        ),
        ("VOV.VN - Sáng nay, hội nghị.", "VOV", "Đài Tiếng nói Việt Nam"),
        ("(Chinhphu.vn) - Sáng nay, hội nghị.", "CHINHPHU", "Báo điện tử Chính phủ"),
        ("QĐND - Sáng nay, hội nghị.", "QĐND", "Quân đội nhân dân"),
        ("QĐND Online – Sáng nay, hội nghị.", "QĐND ONLINE", "Quân đội nhân dân"),
        ("(Dangcongsan.vn) - Sáng nay.", "ĐCSVN", "Báo điện tử Đảng Cộng sản Việt Nam"),
        ("(BGĐT) - Sáng nay, hội nghị.", "BGĐT", ""),
        ("XYZNEWS - Sáng nay, hội nghị.", "XYZNEWS", ""),
    ],
)
def test_source_mark_is_split_from_the_lead(paragraph, code, name):
    got_code, got_name, rest = pagetext.split_source_prefix(paragraph)
    assert (got_code, got_name) == (code, name)
    assert rest.startswith(("Ngày", "Đây", "Sáng"))


@pytest.mark.parametrize(
    "paragraph",
    [
        "COVID-19 - dịch bệnh vẫn diễn biến phức tạp.",
        "Sáng 12-1 - tại Hà Nội, hội nghị.",
        "(ảnh trên) - chú thích",
        "Ban Tổ chức Trung ương - cơ quan tham mưu.",
        "UBND-HĐND tỉnh họp phiên thường kỳ.",
        "Chính trị - xã hội là lĩnh vực quan trọng.",
    ],
)
def test_ordinary_openings_are_not_source_marks(paragraph):
    assert pagetext.split_source_prefix(paragraph) == ("", "", paragraph)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("TTXVN", ("TTXVN", "Thông tấn xã Việt Nam")),
        ("Hà Nội Mới", ("HNMO", "Hà Nội Mới")),
        ("tạp chí cộng sản", ("TCCS", "Tạp chí Cộng sản")),
        ("VOV.vn", ("VOV", "Đài Tiếng nói Việt Nam")),
        ("Báo Dân trí", ("", "Báo Dân trí")),
        ("ABC", ("ABC", "")),
        ("", ("", "")),
    ],
)
def test_lookup_source_by_code_or_name(value, expected):
    assert pagetext.lookup_source(value) == expected


# Bylines -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Nguyễn Xuân Tùng",
        "Ngô Khiêm",
        "Võ Lâm",
        "PV",
        "PV.",
        "Nhóm PV",
        "Phóng viên",
        "Thùy Linh (tổng hợp)",
        "Hải Nguyễn (TTXVN)",
        "Minh Anh - Quốc Tuấn",
        "Minh Anh, Quốc Tuấn",
        "Theo TTXVN",
        "Theo Báo Nhân Dân",
        "Nguồn: VOV",
        "TTXVN",
        "Tin, ảnh: Võ Lâm",
        "Bài và ảnh: Ngô Khiêm",
        "Q. Anh",
        "H.Anh",
        "NGUYỄN VĂN A",
    ],
)
def test_bylines_are_recognised(line):
    assert pagetext.is_byline(line)


@pytest.mark.parametrize(
    "line",
    [
        "Xem thêm",
        "Bình luận",
        "Thông báo",
        "Toàn cảnh Hội nghị.",
        "Ảnh: Bá Hoạt",
        "Ban Tổ Chức",
        "Thứ nhất",
        "Theo kế hoạch, hội nghị sẽ diễn ra trong hai ngày, từ ngày 12 đến 13.",
        "Đồng chí Phạm Minh Chính, Ủy viên Bộ Chính trị, chủ trì.",
        "Ban Tổ chức Trung ương triển khai nhiệm vụ 6 tháng cuối năm 2024",
    ],
)
def test_other_closing_lines_are_not_bylines(line):
    assert not pagetext.is_byline(line)


# Captions ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "paragraph",
    [
        "Đồng chí Mai Văn Chính phát biểu chỉ đạo _ Ảnh: TTXVN",
        "Phó Bí thư Thường trực Thành ủy phát biểu tại hội nghị. Ảnh: Bá Hoạt",
        "Ảnh: Bá Hoạt",
        "Toàn cảnh Hội nghị.",
        "Quang cảnh buổi làm việc",
        "Các đại biểu dự hội nghị.",
        "Thượng tướng Đỗ Căn phát biểu tại điểm cầu Quân ủy Trung ương.",
        "Đồng chí Trương Thị Mai trao Huân chương Lao động cho các cá nhân",
        "Lãnh đạo tỉnh tặng hoa chúc mừng Đại hội (ảnh trên)",
        "Đại biểu bấm nút khởi công công trình (Ảnh: VGP/Nhật Bắc)",
        "Ảnh minh họa",
        "(Ảnh: TTXVN)",
    ],
)
def test_photo_captions_are_recognised(paragraph):
    assert pagetext.is_caption(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Đồng chí Phạm Minh Chính, Ủy viên Bộ Chính trị, Trưởng Ban Tổ chức T.Ư chủ trì.",
        "Dự hội nghị có Ủy viên Trung ương Đảng, Phó Bí thư Thường trực Thành ủy.",
        "Phát biểu kết luận tại Hội nghị, đồng chí Trương Thị Mai (ảnh trên) đã nêu "
        "ra 6 vấn đề trọng tâm.",
        "Tại hội nghị, đồng chí Trương Thị Mai đã trao Huân chương Lao động./.",
        "Đồng chí Mai Văn Chính phát biểu: “Toàn Ngành phải nỗ lực.”",
        "Ban Tổ chức Trung ương trao đổi kinh nghiệm với các địa phương",
        "Giải pháp và định hướng bố trí sắp xếp cán bộ",
        "Ảnh hưởng của dịch bệnh tới công tác tổ chức đại hội là rất lớn.",
        "Hội nghị trình chiếu nhiều hình ảnh: lễ ký kết, buổi gặp mặt.",
        "Đại biểu phát biểu tại hội nghị. Sau đó hội nghị thảo luận tổ.",
    ],
)
def test_story_paragraphs_are_not_captions(paragraph):
    assert not pagetext.is_caption(paragraph)


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        (
            "đồng chí Mai Văn Chính (ảnh trên) báo cáo.",
            "đồng chí Mai Văn Chính báo cáo.",
        ),
        (
            "đồng chí A (Ảnh dưới) và đồng chí B (ảnh giữa) dự.",
            "đồng chí A và đồng chí B dự.",
        ),
        ("các đại biểu (ảnh: trái) dự", "các đại biểu dự"),
        ("Nghị quyết (số 18) được ban hành.", "Nghị quyết (số 18) được ban hành."),
    ],
)
def test_photo_pointers_are_removed_from_story_text(paragraph, expected):
    assert pagetext.strip_photo_marks(paragraph) == expected


# Page chrome -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Ý KIẾN BẠN ĐỌC VỀ BÀI VIẾT NÀY",
        "Họ và tên : *",
        "Địa chỉ :",
        "Email : *",
        "Ý kiến của bạn : *",
        "Mã bảo vệ :",
        "Bình luận",
        "Bình luận (3)",
        "Gõ tiếng Việt có dấu, tối thiểu 15 chữ",
        "Thông báo",
        "Bài cùng chuyên mục",
        "GIỚI THIỆU TẠP CHÍ IN",
        "Tra cứu tạp chí in:",
        "Tra cứu tạp chí in trước năm 2010:",
        "VIDEO CLIPS",
        "Tin cùng chuyên mục",
        "Từ khóa:",
        "CÁC TIN, BÀI VIẾT KHÁC",
        "Các tin khác",
        "Những tin bài khác",
        "Tin cùng chủ đề",
        "Tags: Quốc hội  bầu cử  nhân sự",
        "Từ khoá: cán bộ, kiểm soát quyền lực",
    ],
)
def test_end_markers(line):
    assert pagetext.is_end_marker(line)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("- Khai mạc kỳ họp thứ 7 HĐND thành phố", True),
        ("• Bế mạc hội nghị Trung ương 8", True),
        ("- Các cấp ủy rà soát quy hoạch cán bộ.", False),  # a sentence in a list
        ("Khai mạc kỳ họp thứ 7 HĐND thành phố", False),
    ],
)
def test_bulleted_headlines_are_link_items(line, expected):
    assert pagetext.is_link_item(line) is expected


# Author lines --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "following", "expected"),
    [
        ("PGS, TS. Lê Văn Hòa", "", True),
        ("ThS. Nguyễn Thị Mai", "Công tác cán bộ là khâu then chốt.", True),
        ("TS. Trần Văn A - ThS. Lê Thị B", "", True),
        ("Đại tá, TS. Phạm Văn Đức", "Học viện Quốc phòng", True),
        ("Trần Văn Nam", "Trường Đại học Luật Hà Nội", True),
        ("Trần Văn Nam", "Công tác cán bộ là khâu then chốt.", False),
        ("Xây dựng Đảng trong sạch, vững mạnh", "", False),
        ("TS. cho biết nhiều điều mới.", "", False),
    ],
)
def test_author_lines_under_the_title(line, following, expected):
    assert pagetext.is_author_line(line, following) is expected


@pytest.mark.parametrize(
    "line", ["Xem thêm", "Xem thêm:", "Tin liên quan", "Xem thêm: Hội nghị bế mạc"]
)
def test_link_markers(line):
    assert pagetext.is_link_marker(line)
    assert not pagetext.is_end_marker(line)


@pytest.mark.parametrize("line", ["Số 5 - 2022", "Số 12 – 2021", "*", "…"])
def test_stray_chrome_lines(line):
    assert pagetext.is_chrome(line)


@pytest.mark.parametrize(
    "line",
    [
        "Thông báo kết luận của Bộ Chính trị về công tác cán bộ",
        "Bình luận của chuyên gia cho thấy nhiều điểm mới.",
        "Số 5 đảng viên được khen thưởng năm 2022",
        "Xem thêm các văn bản hướng dẫn của Ban Tổ chức Trung ương để biết chi tiết.",
    ],
)
def test_text_that_merely_starts_like_chrome_is_kept(line):
    assert not pagetext.is_end_marker(line)
    assert not pagetext.is_link_marker(line)
    assert not pagetext.is_chrome(line)


# Sentences and derived titles ------------------------------------------------------


def test_sentences_skip_abbreviations_and_initials():
    paragraph = "Ông A sống ở TP. Hồ Chí Minh. Bí thư T.Ư Đảng dự. Ngày 3, 67 điểm cầu."
    assert pagetext.sentences(paragraph) == [
        "Ông A sống ở TP. Hồ Chí Minh.",
        "Bí thư T.Ư Đảng dự.",
        "Ngày 3, 67 điểm cầu.",
    ]


@pytest.mark.parametrize(
    ("paragraph", "title"),
    [
        (
            "Ngày 28-12-2023, Ban Tổ chức Trung ương tổ chức Hội nghị tổng kết. Hai.",
            "Ban Tổ chức Trung ương tổ chức Hội nghị tổng kết",
        ),
        (
            "Sáng 12-1 tại Hà Nội, Ban Tổ chức Trung ương tổ chức Hội nghị trực tuyến.",
            "Ban Tổ chức Trung ương tổ chức Hội nghị trực tuyến",
        ),
        (
            "Chiều 4/7, tại Hà Nội, Ban Tổ chức Trung ương tổ chức Hội nghị sơ kết.",
            "Ban Tổ chức Trung ương tổ chức Hội nghị sơ kết",
        ),
        ("Ngày 2-12, hội nghị bế mạc.", "Ngày 2-12, hội nghị bế mạc"),
        ("đây là bài viết ngắn", "Đây là bài viết ngắn"),
    ],
)
def test_derived_title_drops_when_and_where(paragraph, title):
    assert pagetext.derive_title(paragraph) == title


def test_long_derived_title_is_cut_at_a_word_or_clause():
    sentence = " ".join(["Ban Tổ chức Trung ương tổ chức hội nghị"] * 8) + "."
    title = pagetext.derive_title(sentence, limit=60)
    assert title.endswith("…") and len(title) <= 61
    assert sentence.startswith(title[:-1])
    assert sentence[len(title) - 1] == " "
    clause = "Ban Tổ chức Trung ương tổ chức hội nghị, triển khai nhiệm vụ năm 2024 và"
    assert pagetext.derive_title(clause + " nhiều nội dung khác nữa.", limit=70) == (
        "Ban Tổ chức Trung ương tổ chức hội nghị…"
    )


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (" date 2024-08 Sáng 21/8, hội nghị họp.\n\nĐoạn hai của bài.", "2024-08-31"),
        (" date 2025-09-09 Tiêu đề bài\n\nĐoạn một.\n\nĐoạn hai.", "2025-09-09"),
        (
            "Tiêu đề bài\n\nThứ sáu, 01 Tháng 4 2022 16:53\n\nĐoạn một.",
            "2022-04-01 16:53",
        ),
        (
            "Tiêu đề\n\nĐoạn một của bài.\n\n27/11/2024 11:21 GMT+7\n\nĐoạn hai.",
            "2024-11-27 11:21",
        ),
        ("Tiêu đề bài 09/05/2018 16:10\n\nĐoạn một.\n\nĐoạn hai.", "2018-05-09 16:10"),
        (
            "Tiêu đề\n\nThứ Tư, 08/04/2015, 08:11 [GMT+7]\n\nĐoạn một.",
            "2015-04-08 08:11",
        ),
        (
            "Chủ Nhật, ngày 24 tháng 11 năm 2024\n\nTiêu đề\n\nNgày phát hành: 19/01/2020"
            " Lượt xem 3696\n\nĐoạn một.",
            "2020-01-19 00:00",
        ),
        (
            "Tiêu đề\n\nĐoạn một.\n\nThời sự Thứ bảy, 12/10/2013, 09:59 (GMT+7)",
            "2013-10-12 09:59",
        ),
    ],
)
def test_publication_stamp_is_found_anywhere_in_header_lead_or_footer(page, expected):
    parsed = ingest.parse_page(page)
    fmt = "%Y-%m-%d" if len(expected) == 10 else "%Y-%m-%d %H:%M"
    assert parsed.published_at.strftime(fmt) == expected
    assert "date 20" not in parsed.title + parsed.lead


def test_a_date_inside_a_sentence_is_not_the_publication_date():
    page = "Tiêu đề bài\n\nNgày 23-5-2021, cử tri sẽ đi bỏ phiếu bầu đại biểu Quốc hội."
    assert ingest.parse_page(page).published_at is None


@pytest.mark.parametrize(
    ("page", "title"),
    [
        (
            "Tiêu đề của bài 09/05/2018 16:10\n\nĐoạn một.\n\nĐoạn hai.",
            "Tiêu đề của bài",
        ),
        (" date 2024-08 Tiêu đề bài\n\nĐoạn một.\n\nĐoạn hai.", "Tiêu đề bài"),
    ],
)
def test_metadata_never_ends_up_in_the_headline(page, title):
    parsed = ingest.parse_page(page)
    assert (parsed.title, parsed.title_derived) == (title, False)


# Bylines, round 3 ------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    ["Minh Tú |", "Lan Hương- Quốc Bảo", "Tác giả: Hải Yến", "Nguồn tin: Báo Lao Động"],
)
def test_more_closing_credit_lines_are_recognised(line):
    assert pagetext.is_byline(line)


@pytest.mark.parametrize(
    "line", ["TOP", "Kết Luận", "Bộ Chính Trị", "Báo Tuổi Trẻ", "Tin Tức Sự Kiện"]
)
def test_headings_outlets_and_furniture_are_not_bylines(line):
    assert not pagetext.is_byline(line)


@pytest.mark.parametrize(
    ("line", "following", "expected"),
    [
        (
            "K.Long",
            "(ABC)- Ngày 2-3, hội nghị đã khai mạc tại thủ đô với sự " * 2,
            True,
        ),
        (
            "Minh Tú |",
            "Sáng 2-3, hội nghị đã khai mạc tại Hà Nội với sự tham dự. " * 2,
            True,
        ),
        ("AFP", "Toàn cảnh hội nghị do đồng chí Nguyễn Văn A chủ trì " * 4, True),
        ("Minh Tú", "Phần một", False),
        (
            "Kết Luận",
            "Sáng 2-3, hội nghị đã khai mạc tại Hà Nội với sự tham dự. " * 2,
            False,
        ),
        (
            "TOP",
            "Sáng 2-3, hội nghị đã khai mạc tại Hà Nội với sự tham dự. " * 2,
            False,
        ),
    ],
)
def test_a_bare_name_above_the_lead_signs_the_article(line, following, expected):
    assert pagetext.is_signature_line(line, following) is expected


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("Hội nghị bế mạc. LAN ANH |", ("Hội nghị bế mạc.", "LAN ANH")),
        ("Hội nghị bế mạc. QUỐC BẢO", ("Hội nghị bế mạc.", "QUỐC BẢO")),
        ("Hội nghị bế mạc. TOP", ("Hội nghị bế mạc. TOP", "")),
        ("Hội nghị bàn về ASEAN", ("Hội nghị bàn về ASEAN", "")),
    ],
)
def test_a_capitals_signature_is_split_off_a_paragraph(paragraph, expected):
    assert pagetext.split_signature(paragraph) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Tiến sĩ luật Trần Văn B", "Trần Văn B"),
        ("PGS, TS Lê Văn A", "Lê Văn A"),
        ("Thạc sĩ Ngô Thị C", "Ngô Thị C"),
    ],
)
def test_spelled_out_degrees_are_stripped(line, expected):
    assert pagetext.strip_degrees(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "icon Đăng ký gói bạn đọc VIP",
        "Đăng nhập",
        "9453 Lượt xem",
        "Lượt xem: 120",
        "XEM VIDEO",
        "Video: Lễ khai mạc",
        "ẢNH: Toàn cảnh",
        "Hà Nội 27 °C",
        "Hiển thị các bài đăng có nhãn Hội nghị. Hiển thị tất cả bài đăng",
    ],
)
def test_menus_counters_weather_and_media_labels_are_furniture(line):
    assert pagetext.is_menu(line)


@pytest.mark.parametrize(
    "line",
    ["Xây dựng Đảng", "Hội nghị Trung ương 8 khai mạc", "Ban Tổ chức Trung ương"],
)
def test_headings_and_sections_are_not_furniture(line):
    assert not pagetext.is_menu(line)


def test_a_view_counter_is_never_the_section():
    assert pagetext.section_label("Thời sự > 9453 Lượt xem") == "Thời sự"


LEAD_SECTION = (
    "Sáng nay, Ủy ban nhân dân tỉnh tổ chức hội nghị tổng kết công tác cải cách "
    "hành chính năm 2023 và triển khai nhiệm vụ năm 2024 với sự tham dự của lãnh đạo "
    "các sở, ngành và địa phương."
)


@pytest.mark.parametrize(
    "label",
    [
        "Tin tức - Sự kiện",
        "Thời sự - Chính trị",
        "Văn hóa - Du lịch",
        "Tin tức - An ninh quốc phòng",
        "Thời sự trong ngày",
    ],
)
def test_a_lone_section_name_over_the_text_is_no_headline(label):
    parsed = ingest.parse_page(f"{label}\n\n{LEAD_SECTION}\n\n{LEAD_SECTION}")
    assert parsed.title_derived
    assert parsed.section == label


def test_a_short_headline_alone_over_the_text_is_still_the_headline():
    parsed = ingest.parse_page(f"Tỉnh khởi công cầu Cửa Hội\n\n{LEAD_SECTION}")
    assert (parsed.title, parsed.title_derived) == ("Tỉnh khởi công cầu Cửa Hội", False)


@pytest.mark.parametrize(
    "furniture",
    [
        "Đang có 12 khách và không thành viên đang online",
        "Đang có 40 khách và 2 thành viên đang online",
        "Tải bản đầy đủ (.pdf) (12 trang)",
        "Print Thứ Hai, 14/01/2019 08:15",
    ],
)
def test_counters_download_and_print_buttons_are_no_headline(furniture):
    title = "Tỉnh khởi công cầu Cửa Hội"
    parsed = ingest.parse_page(f"{furniture}\n\n{title}\n\n{LEAD_SECTION}")
    assert (parsed.title, parsed.title_derived) == (title, False)


def test_a_print_views_stamp_still_dates_the_page():
    parsed = ingest.parse_page(
        f"Print Thứ Hai, 14/01/2019 08:15\n\n{LEAD_SECTION}\n\n{LEAD_SECTION}"
    )
    assert parsed.published_at == vn(2019, 1, 14, 8, 15)
    assert parsed.title_derived


# Headers, round 8 -------------------------------------------------------------


@pytest.mark.parametrize(
    "line, when",
    [
        ("Tue , 16/11/2010, 06:33:27 (GMT+7)", (2010, 11, 16, 6, 33, 27)),
        ("Friday, 02/08/2024 13:08", (2024, 8, 2, 13, 8)),
        ("(20/07/2012 3:16:17 CH)", (2012, 7, 20, 15, 16, 17)),
        ("26/11/2018 01:49:17 PM", (2018, 11, 26, 13, 49, 17)),
        ("04/12/2013 11:16:20 SA", (2013, 12, 4, 11, 16, 20)),
    ],
)
def test_english_weekdays_and_twelve_hour_clocks_make_header_stamps(line, when):
    assert pagetext.parse_timestamp(line) == vn(*when)


@pytest.mark.parametrize(
    "line",
    [
        "Skip to main content",
        "Skip Ribbon Commands",
        "In",
        "In bài viết",
        "Gửi email",
        "Xem cỡ chữ",
        "Đọc bài viết",
    ],
)
def test_skip_links_print_mail_and_read_aloud_buttons_are_furniture(line):
    assert pagetext.is_menu(line)


@pytest.mark.parametrize(
    "line", ["In vết bánh xe", "Đọc bài viết của ông Minh trên báo", "Inox"]
)
def test_words_that_open_like_buttons_are_no_furniture(line):
    assert not pagetext.is_menu(line)


def test_a_weekday_stamp_in_english_over_the_lead_is_no_headline():
    parsed = ingest.parse_page(
        f"Tue , 16/11/2010, 06:33:27 (GMT+7)\n{LEAD_SECTION}\n{LEAD_SECTION}"
    )
    assert parsed.title_derived
    assert parsed.published_at == vn(2010, 11, 16, 6, 33, 27)


@pytest.mark.parametrize(
    "between",
    ["----------", "( Cập nhật lúc:\n02/02/2024\n)", "Thứ 5, 01/02/2024 | 10:15"],
)
def test_a_caption_shaped_first_line_over_a_rule_or_stamp_is_the_headline(between):
    title = (
        "Đồng chí Hoàng Thu Trang, Phó Chủ tịch Thường trực HĐND tỉnh tặng quà "
        "người có công tại huyện Chợ Mới"
    )
    parsed = ingest.parse_page(f"{title}\n{between}\n{LEAD_SECTION}\n{LEAD_SECTION}")
    assert (parsed.title, parsed.title_derived) == (title, False)


def test_a_headline_with_a_full_stop_between_the_stamp_and_a_caption():
    title = "Khắp nơi mừng thọ người cao tuổi."
    caption = "Lễ mừng thọ người cao tuổi ở xã Thượng Bằng La (ảnh: Lê Thành)"
    parsed = ingest.parse_page(
        f"13/02/2017 06:37\n\n{title}\n\n{caption}\n\n{LEAD_SECTION}"
    )
    assert (parsed.title, parsed.title_derived) == (title, False)
    assert parsed.published_at == vn(2017, 2, 13, 6, 37)


def test_a_sentence_under_the_stamp_over_the_lead_is_still_no_headline():
    sentence = "Sáng nay, 1.400 cử tri trong xã đã đi bầu trưởng thôn."
    parsed = ingest.parse_page(
        f"13/02/2017 06:37\n\n{sentence}\n\n{LEAD_SECTION}\n\n{LEAD_SECTION}"
    )
    assert parsed.title_derived


@pytest.mark.parametrize(
    "line",
    [
        "Số người đang online:",
        "Số lượt truy cập:",
        "1030747",
        "THỐNG KÊ TRUY CẬP",
        "+ aa -",
    ],
)
def test_visit_counters_and_a_text_size_picker_are_furniture(line):
    assert pagetext.is_menu(line)


def test_a_visit_counter_and_a_font_picker_leave_the_headline_over_the_stamp():
    title = "Nghi thức trình Quốc thư và Thư ủy nhiệm"
    parsed = ingest.parse_page(
        "425\n+ aa -\nGIỚI THIỆU\nTIN TỨC - SỰ KIỆN\nSố người đang online:\n1134\n"
        f"{title}\nCập nhật lúc: 2:52 PM, ngày 04/07/2023\n{LEAD_SECTION}"
    )
    assert (parsed.title, parsed.title_derived) == (title, False)
    assert parsed.published_at == vn(2023, 7, 4, 14, 52)


@pytest.mark.parametrize("place", ["THÀNH PHỐ HÀ NỘI", "HUYỆN BẮC HÀ", "TỈNH LÀO CAI"])
def test_a_place_in_capitals_under_an_organ_is_the_masthead(place):
    assert pagetext.is_organ_name(place)
    parsed = ingest.parse_page(f"ỦY BAN NHÂN DÂN\n{place}\n{LEAD_SECTION}")
    assert parsed.title_derived


def test_a_headline_opening_with_a_place_is_still_a_headline():
    title = "Huyện Bắc Hà đón bằng nông thôn mới"
    assert not pagetext.is_organ_name(title)
    assert ingest.parse_page(f"{title}\n\n{LEAD_SECTION}").title == title


def test_a_reports_numbered_part_is_no_headline():
    part = "I. THÔNG TIN VỀ TÌNH HÌNH KINH TẾ-XÃ HỘI"
    parsed = ingest.parse_page(f"{part}\n1. Lĩnh vực Nông nghiệp\n{LEAD_SECTION}")
    assert parsed.title_derived
    assert part in parsed.lead + parsed.body


def test_a_caption_carried_on_by_a_line_in_small_letters_is_no_headline():
    parsed = ingest.parse_page(
        "Đ/c Huỳnh Thị Thùy Dung-UVBTV, Trưởng ban Dân vận Tỉnh ủy\n"
        "và đ/c Phan Xuân Quang-TUV, Chủ tịch LĐLĐ tỉnh trao quà cho công nhân\n"
        f"{LEAD_SECTION}\n{LEAD_SECTION}"
    )
    assert parsed.title_derived
    kept = "\n".join((parsed.lead, parsed.body, *parsed.captions))
    assert "và đ/c Phan Xuân Quang" in kept


def test_a_headline_over_a_lead_opening_with_a_capital_stays_the_headline():
    title = "Tỉnh ủy trao quà cho công nhân lao động"
    page = f"{title}\nVà năm nay, {LEAD_SECTION}"
    assert ingest.parse_page(page).title == title


# Headers, round 7 -------------------------------------------------------------


def test_the_stamp_under_the_headline_beats_a_site_clock_above_it():
    parsed = ingest.parse_page(
        "Thứ Tư, 27/11/2024 00:25 (GMT +7)\n\nTỉnh khởi công cầu Cửa Hội\n\n"
        f"Thứ 5, 31/08/2023 | 21:24:03 (GMT +7)\n{LEAD_SECTION}"
    )
    assert parsed.published_at == vn(2023, 8, 31, 21, 24, 3)
    assert (parsed.title, parsed.title_derived) == ("Tỉnh khởi công cầu Cửa Hội", False)


def test_a_stamp_over_the_headline_alone_still_dates_the_page():
    parsed = ingest.parse_page(
        f"08/08/2012 03:12 GMT+7\n\nTỉnh khởi công cầu Cửa Hội\n\n{LEAD_SECTION}"
    )
    assert parsed.published_at == vn(2012, 8, 8, 3, 12)
    assert parsed.title == "Tỉnh khởi công cầu Cửa Hội"


def test_of_the_headings_over_the_stamp_the_last_and_longest_is_the_headline():
    parsed = ingest.parse_page(
        "Trang chủ\n\nHoạt động Đảng ủy - Đoàn Thể Phường\n\n"
        "Hội nghị đối thoại Nhân dân với Chủ tịch UBND phường năm 2018\n\n"
        f"Ngày đăng 18/10/2018 | 10:50 | Lượt xem: 1675\n\n{LEAD_SECTION}"
    )
    assert (
        parsed.title == "Hội nghị đối thoại Nhân dân với Chủ tịch UBND phường năm 2018"
    )
    assert parsed.section == "Hoạt động Đảng ủy - Đoàn Thể Phường"
    assert parsed.published_at == vn(2018, 10, 18, 10, 50)


def test_an_author_and_post_over_the_stamp_leave_the_headline_above_them():
    title = "Bảo đảm chất lượng đại biểu Quốc hội để nâng cao hiệu quả bộ máy"
    parsed = ingest.parse_page(
        f"{title}\n\nTS. Bùi Ngọc Thanh\nNguyên Chủ nhiệm Văn phòng Quốc hội\n"
        f"08:21, ngày 16-04-2021\n\n{LEAD_SECTION}"
    )
    assert parsed.title == title


def test_a_view_counter_after_a_header_stamp_leaves_it_a_stamp():
    assert pagetext.header_timestamp(
        "Ngày đăng 18/10/2018 | 10:50 | Lượt xem: 1675"
    ) == (
        "",
        vn(2018, 10, 18, 10, 50),
    )


def test_line_breaks_written_out_as_escapes_are_line_breaks():
    page = (
        "\\r\\n ỦY BAN NHÂN DÂN | \\r\\n\\r\\n Số: 54/KH-UBND \\r\\n | \\r\\n \\r\\n"
        " Lạng Sơn, ngày 27 tháng 3 năm 2020 \\r\\n | \\r\\n\\r\\n"
        "Để thực hiện Quyết định số 1896/QĐ-TTg\\r\\nngày 25/12/2019 của Thủ tướng "
        "Chính phủ, Ủy ban nhân dân tỉnh ban hành kế hoạch thực hiện như sau."
    )
    parsed = ingest.parse_page(page)
    whole = "\n".join((parsed.title, parsed.lead, parsed.body))
    assert "\\r" not in whole and "\\n" not in whole
    assert "1896/QĐ-TTg ngày 25/12/2019" in whole


def test_a_backslash_n_or_two_in_a_page_stays_as_written():
    page = f"Tỉnh khởi công cầu Cửa Hội\n\n{LEAD_SECTION} Tệp lưu ở C:\\new\\notes."
    assert "C:\\new\\notes" in ingest.parse_page(page).body


def test_a_picture_inlined_as_data_is_no_headline():
    page = (
        '<image>data:image/s3,"s3://crabby-images/84c28/84c28bcea51c14c99b4c9e0d24dad3d75d8f74f9" alt=""</image>\n\n'
        f"{LEAD_SECTION}\n\n{LEAD_SECTION}"
    )
    parsed = ingest.parse_page(page)
    assert parsed.title_derived
    assert "data:image" not in parsed.title + parsed.lead + parsed.body


def test_a_bare_utc_offset_closing_a_stamp_is_part_of_it():
    assert pagetext.parse_timestamp("26/02/2026 17:21:00 +07:00") == vn(
        2026, 2, 26, 17, 21
    )
    parsed = ingest.parse_page(
        "26/02/2026 17:21:00 +07:00\n\nThủ tướng phân công thành viên Chính phủ\n\n"
        f"26/02/2026 17:21:00 +07:00\n{LEAD_SECTION}"
    )
    assert (parsed.title, parsed.title_derived) == (
        "Thủ tướng phân công thành viên Chính phủ",
        False,
    )


@pytest.mark.parametrize(
    "line",
    [
        "Số: 06-HD/UBKTTW",
        "Số hiệu: 853/QĐ-UBND",
        "• Hiệu lực: Hết hiệu lực toàn bộ",
        "Kết quả tìm kiếm: Chậm tiến độ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |",
        "ỦY BAN NHÂN DÂN |",
        "• Ông Nguyễn Văn A được tiếp tục giữ chức Bí thư Tỉnh ủy",
        "- 1Thông tư 42/2021/TT-BGDĐT quy định về cơ sở dữ liệu giáo dục",
    ],
)
def test_metadata_table_cells_and_bulleted_items_are_no_headline_and_stay_text(line):
    parsed = ingest.parse_page(f"{line}\n\n{LEAD_SECTION}\n\n{LEAD_SECTION}")
    assert parsed.title_derived
    assert line.strip("• ") in "\n".join((parsed.lead, parsed.body))


@pytest.mark.parametrize(
    "title",
    [
        "Nguyên Phó Chủ tịch Quốc hội từ trần |",
        "> HÌNH THỨC LÒE LOẸT, BI BÉT KÉO DÀI",
        "Bắc Giang: Trao Kỷ niệm chương cho các cá nhân",
    ],
)
def test_headlines_with_a_pipe_a_quote_mark_or_a_colon_stay_headlines(title):
    parsed = ingest.parse_page(f"{title}\n\n{LEAD_SECTION}\n\n{LEAD_SECTION}")
    assert (parsed.title, parsed.title_derived) == (title, False)


@pytest.mark.parametrize(
    "tag",
    ["Phan Văn Mãi", "Nguyễn Khắc Thận", "bí thư tỉnh ủy cà mau", "tỉnh Thái Bình"],
)
def test_a_tag_pages_header_and_the_headlines_it_lists_are_no_headline(tag):
    page = f"{tag}\n\nBộ Chính trị chuẩn y Bí thư Tỉnh ủy\n\n{LEAD_SECTION}"
    parsed = ingest.parse_page(page)
    assert parsed.title_derived
    assert parsed.section == tag


@pytest.mark.parametrize("line", ["An Giang", "image banner", "Thời sự"])
def test_provinces_alt_texts_and_sections_are_no_tag_header(line):
    title = "Tỉnh khởi công cầu Cửa Hội"
    parsed = ingest.parse_page(f"{line}\n\n{title}\n\n{LEAD_SECTION}")
    assert (parsed.title, parsed.title_derived) == (title, False)


@pytest.mark.parametrize(
    "line",
    [
        "A- A A+ | Chia sẻ bài viết lên facebook Chia sẻ bài viết lên twitter",
        "Chia sẻ bài viết lên facebook",
    ],
)
def test_font_size_and_share_buttons_are_furniture(line):
    assert pagetext.is_menu(line)


@pytest.mark.parametrize("label", ["Tin tức - Thống kê", "Tin tức trong xã"])
def test_more_section_names_over_the_text_are_no_headline(label):
    parsed = ingest.parse_page(f"{label}\n\n{LEAD_SECTION}\n\n{LEAD_SECTION}")
    assert parsed.title_derived
    assert parsed.section == label


def test_a_link_to_the_page_in_another_language_is_no_part_of_the_headline():
    page = f"Đại sứ Cộng hòa Pháp trình quốc thư [fr]\n\n{LEAD_SECTION}"
    assert ingest.parse_page(page).title == "Đại sứ Cộng hòa Pháp trình quốc thư"


def test_a_headline_with_a_full_stop_over_the_stamp_is_still_the_headline():
    title = "1.400 cử tri Hương Giang đi bầu trưởng thôn trong ngày 1/5."
    parsed = ingest.parse_page(f"{title}\n\n01/05/2022 02:26\n\n{LEAD_SECTION}")
    assert (parsed.title, parsed.title_derived) == (title, False)


def test_a_sentence_over_the_text_is_still_no_headline():
    sentence = "Sáng nay, 1.400 cử tri trong xã đã đi bầu trưởng thôn."
    parsed = ingest.parse_page(f"{sentence}\n\n{LEAD_SECTION}")
    assert parsed.title_derived


@pytest.mark.parametrize("organ", ["Hội đồng nhân dân", "HĐND tỉnh Bắc Ninh"])
def test_an_organs_name_alone_over_the_text_is_no_headline(organ):
    parsed = ingest.parse_page(f"{organ}\n\n26/11/2020\n{LEAD_SECTION}")
    assert parsed.title_derived
    assert parsed.section == organ


def test_an_organ_and_its_place_in_a_masthead_leave_the_headline_under_them():
    title = "HỘI NGHỊ TIẾP XÚC, ĐỐI THOẠI GIỮA BÍ THƯ ĐẢNG ỦY VỚI NHÂN DÂN"
    parsed = ingest.parse_page(
        "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM\nQUẬN 5 - THÀNH PHỐ HỒ CHÍ MINH\n"
        f"{title}\n{LEAD_SECTION}"
    )
    assert (parsed.title, parsed.title_derived) == (title, False)


def test_a_headline_about_an_organ_is_still_a_headline():
    title = "HĐND tỉnh Bắc Ninh họp kỳ họp chuyên đề"
    assert ingest.parse_page(f"{title}\n\n{LEAD_SECTION}").title == title


def test_a_time_word_on_a_line_of_its_own_opens_the_lead_with_the_next_line():
    page = (
        "Tối\n26/3, Trung tâm Văn hóa tỉnh là nơi Trung ương Đoàn kỷ niệm 83 năm ngày "
        "thành lập Đoàn (26/3/1931-26/3/2014)\nvà tuyên dương 100 bí thư đoàn cơ sở."
    )
    parsed = ingest.parse_page(page)
    assert parsed.title_derived
    assert "Tối 26/3, Trung tâm" in "\n".join((parsed.lead, parsed.body))
    assert parsed.byline == ""


def test_a_first_line_shaped_like_a_caption_over_the_lead_is_the_headline():
    title = "Toàn cảnh phiên họp toàn thể đầu tiên của Chính phủ khóa XV"
    parsed = ingest.parse_page(f"{title}\n\n{LEAD_SECTION}\n\n{LEAD_SECTION}")
    assert (parsed.title, parsed.title_derived) == (title, False)


def test_a_credited_caption_over_the_lead_is_still_a_caption():
    caption = "Toàn cảnh phiên họp toàn thể của Chính phủ. Ảnh: TTXVN"
    parsed = ingest.parse_page(f"{caption}\n\n{LEAD_SECTION}\n\n{LEAD_SECTION}")
    assert parsed.title != caption and caption in parsed.captions

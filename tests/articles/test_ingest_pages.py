"""Page shapes the seeds do not show but other pages of these sites do."""

from __future__ import annotations

from datetime import datetime

from articles import text
from articles.ingest import parse_page
from articles.pagetext import VN_TZ

PROSE = (
    "Hội nghị sẽ xem xét nhiều nội dung quan trọng về công tác cán bộ. Các đại "
    "biểu thảo luận sôi nổi trong hai ngày làm việc liên tục tại hội trường."
)


def paragraphs(body: str) -> list[str]:
    return body.split("\n\n")


def test_breadcrumb_section_source_mark_and_related_links():
    article = parse_page(
        "Trang chủ > Chính trị > Xây dựng Đảng\n"
        "Tổng Bí thư chủ trì hội nghị Ban Chấp hành Trung ương\n"
        "Thứ hai, 3/12/2019 - 08:00\n"
        "VOV.VN - Sáng nay, tại Hà Nội, Ban Chấp hành Trung ương khai mạc Hội nghị.\n\n"
        "Toàn cảnh phiên khai mạc. (Ảnh: TTXVN)\n\n"
        f"{PROSE}\n\n"
        "Xem thêm: Hội nghị Trung ương 7 bế mạc\n\n"
        f"Phát biểu khai mạc, Tổng Bí thư nhấn mạnh yêu cầu đoàn kết. {PROSE}\n\n"
        "Theo TTXVN\n"
        "Tin liên quan\n"
        "Hội nghị Trung ương 7 bế mạc\n"
        "Ban Bí thư làm việc với tỉnh ủy\n"
    )
    assert article.title == "Tổng Bí thư chủ trì hội nghị Ban Chấp hành Trung ương"
    assert article.section == "Xây dựng Đảng"
    assert article.published_at == datetime(2019, 12, 3, 8, 0, tzinfo=VN_TZ)
    assert (article.source_code, article.source_name) == (
        "VOV",
        "Đài Tiếng nói Việt Nam",
    )
    assert article.lead.startswith("Sáng nay, tại Hà Nội")
    assert article.captions == ("Toàn cảnh phiên khai mạc. (Ảnh: TTXVN)",)
    assert article.byline == "Theo TTXVN"
    assert len(paragraphs(article.body)) == 2
    assert "bế mạc" not in article.body and "Tin liên quan" not in article.body


def test_link_box_in_the_middle_does_not_end_the_article():
    article = parse_page(
        "Tiêu đề bài\n\n"
        f"Đoạn mở đầu của bài viết. {PROSE}\n\n"
        "Xem thêm\n\n"
        f"Đoạn tiếp theo sau hộp liên kết. {PROSE}\n\n"
        "Ngô Khiêm\n"
    )
    assert article.body.startswith("Đoạn tiếp theo sau hộp liên kết.")
    assert article.byline == "Ngô Khiêm"


def test_reader_comments_after_the_form_are_not_article_text():
    article = parse_page(
        "Tiêu đề bài\n\n"
        f"Đoạn mở đầu. {PROSE}\n\n"
        f"Đoạn hai. {PROSE}\n\n"
        "Võ Lâm\n"
        "Bình luận (2)\n"
        f"Nguyễn Văn B: Tôi rất đồng tình với bài viết. {PROSE}\n"
    )
    assert article.byline == "Võ Lâm"
    assert "đồng tình" not in article.body


def test_end_mark_drops_what_follows_except_signature_and_credits():
    article = parse_page(
        "Tiêu đề bài\n\n"
        f"Đoạn mở đầu. {PROSE}\n\n"
        f"Đoạn cuối của bài./.\n\n"
        "Ảnh: Bá Hoạt\n"
        "Nguyễn Văn A\n"
        "Theo TTXVN\n"
        "Các bài viết khác của chuyên mục được nhiều người quan tâm trong tuần này\n"
    )
    assert paragraphs(article.body) == ["Đoạn cuối của bài./."]
    assert article.byline == "Nguyễn Văn A, Theo TTXVN"
    assert article.captions == ("Ảnh: Bá Hoạt",)


def test_caption_before_the_lead_and_header_url():
    article = parse_page(
        "Bài viết mẫu về hội nghị cán bộ\n"
        "2024-07-04T15:20:00+07:00\n"
        "https://example.vn/bai-viet-mau.html\n"
        "Đồng chí Trương Thị Mai phát biểu tại hội nghị. Ảnh: TTXVN\n"
        "(TTXVN) - Chiều 4/7, tại Hà Nội, Ban Tổ chức Trung ương trao quyết định "
        "cho cán bộ.\n\n"
        f"{PROSE}\n\n"
        "Minh Anh - Quốc Tuấn\n"
    )
    assert article.url == "https://example.vn/bai-viet-mau.html"
    assert article.published_at == datetime(2024, 7, 4, 15, 20, tzinfo=VN_TZ)
    assert article.source_code == "TTXVN"
    assert article.lead.startswith("Chiều 4/7, tại Hà Nội")
    assert article.captions == (
        "Đồng chí Trương Thị Mai phát biểu tại hội nghị. Ảnh: TTXVN",
    )
    assert article.byline == "Minh Anh - Quốc Tuấn"


def test_source_address_at_the_bottom_becomes_the_url():
    article = parse_page(
        f"Tiêu đề\n\n{PROSE}\n\nĐoạn hai.\n\nNguồn: https://example.vn/a.html\n"
    )
    assert article.url == "https://example.vn/a.html"
    assert "example.vn" not in article.body


def test_single_paragraph_page_has_body_and_no_lead():
    article = parse_page("Tiêu đề ngắn\n\nNội dung duy nhất của bài viết.\n")
    assert article.title == "Tiêu đề ngắn"
    assert (article.lead, article.body) == ("", "Nội dung duy nhất của bài viết.")


def test_untitled_page_without_source_mark_derives_a_cut_title():
    lead = (
        "Chiều 4/7, tại Hà Nội, Ban Tổ chức Trung ương tổ chức Hội nghị sơ kết công "
        "tác 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm 2024, với sự tham "
        "dự của lãnh đạo các ban, bộ, ngành Trung ương. Ủy viên Bộ Chính trị dự."
    )
    article = parse_page(f"{lead}\n\n{PROSE}\n")
    assert article.title_derived
    assert article.title == (
        "Ban Tổ chức Trung ương tổ chức Hội nghị sơ kết công tác 6 tháng đầu năm, "
        "triển khai nhiệm vụ 6 tháng cuối năm 2024…"
    )
    assert article.lead == lead


def test_old_tone_placement_and_nfd_pages_hash_alike():
    page = f"Tiêu đề\n\nỦy ban hòa giải thúy. {PROSE}\n\nĐoạn hai.\n"
    old = page.replace("Ủy", "Uỷ").replace("hòa", "hoà").replace("thúy", "thuý")
    assert parse_page(old).content_hash == parse_page(page).content_hash
    assert text.key(parse_page(old).lead) == text.key(parse_page(page).lead)


PROSE = (
    "Sáng 2-3, tại Hà Nội, Ban Tổ chức Trung ương tổ chức hội nghị triển khai"
    " nhiệm vụ công tác tổ chức xây dựng Đảng năm nay với sự tham dự của đại biểu."
)


def test_menu_block_above_the_headline_is_skipped_and_the_signature_kept():
    menu = "\n".join(
        ["Đăng nhập", "icon Tin mới", *[f"Tỉnh {n}" for n in "ABCDEFGHIJ"]]
    )
    page = parse_page(
        f"{menu}\n\nHội nghị triển khai nhiệm vụ năm mới\n\nK.Long\n\n{PROSE}"
    )
    assert page.title == "Hội nghị triển khai nhiệm vụ năm mới"
    assert page.byline == "K.Long"
    assert "K.Long" not in page.body + page.lead


def test_the_fuller_wording_of_a_repeated_headline_wins():
    page = parse_page(
        "Kỷ luật ông Nguyễn Văn A\n\nKỷ luật Phó Giám đốc Sở X ông Nguyễn Văn A\n\n"
        f"Minh Tú |\n\n{PROSE}"
    )
    assert page.title == "Kỷ luật Phó Giám đốc Sở X ông Nguyễn Văn A"
    assert page.byline == "Minh Tú"


def test_a_capitals_signature_fused_to_the_last_paragraph_is_the_byline():
    page = parse_page(
        f"Hội nghị triển khai nhiệm vụ năm mới\n\n{PROSE}\n\n{PROSE} QUỐC BẢO |\n\n"
        "Tin khác về giao thông trong thành phố\n\nMột tin khác nữa ở trong tỉnh"
    )
    assert page.byline == "QUỐC BẢO"
    assert "QUỐC BẢO" not in page.body
    assert "Tin khác về giao thông" not in page.body


def test_a_degree_author_line_below_captions_is_the_byline():
    page = parse_page(
        "Hội nghị triển khai nhiệm vụ năm mới\n\nVOA 08/10/2020\n\n"
        f"Ảnh: tư liệu\n\nTiến sĩ luật Trần Văn B\n\n{PROSE}\n\n{PROSE}"
    )
    assert page.byline == "Tiến sĩ luật Trần Văn B"

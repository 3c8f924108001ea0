"""The importer's parsing half: golden pages, encodings, files and JSON Lines.

Golden files: every page in `tests/data/ingest/in/` is parsed and compared with
`tests/data/ingest/out/<name>.json`. After a deliberate change to the rules,
rewrite the expected files with

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/articles/test_ingest.py

and review the diff before committing it.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import os
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from articles import ingest, jsonl, text
from articles.ingest import FileProblem, IngestError, ParsedArticle
from articles.pagetext import VN_TZ

from .encodings import to_cp1258

DATA = Path(__file__).resolve().parents[1] / "data" / "ingest"
PAGES = sorted((DATA / "in").glob("*.txt"))
SEED = {page.name[:3]: page for page in PAGES}


def as_json(article: ParsedArticle) -> dict:
    data = dataclasses.asdict(article)
    data["captions"] = list(article.captions)
    when = article.published_at
    data["published_at"] = when.isoformat() if when else None
    data["content_hash"] = article.content_hash
    return data


def parse_seed(key: str) -> ParsedArticle:
    return ingest.parse_page(ingest.decode_bytes(SEED[key].read_bytes()))


# Golden pages ----------------------------------------------------------------


def test_every_input_page_has_an_expected_output_and_back():
    outs = sorted(p.stem for p in (DATA / "out").glob("*.json"))
    assert [p.stem for p in PAGES] == outs
    assert len(PAGES) == 5


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_parses_to_its_golden_output(page: Path):
    got = as_json(ingest.parse_page(ingest.decode_bytes(page.read_bytes())))
    expected_path = DATA / "out" / f"{page.stem}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_path.write_text(
            json.dumps(got, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert got == expected


def test_golden_outputs_carry_every_parsed_article_field():
    fields = {f.name for f in dataclasses.fields(ParsedArticle)} | {"content_hash"}
    for out in (DATA / "out").glob("*.json"):
        assert set(json.loads(out.read_text(encoding="utf-8"))) == fields


@pytest.mark.parametrize(
    ("key", "title", "section", "byline", "published"),
    [
        (
            "000",
            "Ban Tổ chức Trung ương chủ động tham mưu khi có vấn đề mới, phát sinh",
            "Xây dựng Đảng",
            "Nguyễn Xuân Tùng",
            None,
        ),
        (
            "001",
            "Hội nghị trưởng ban tổ chức cấp ủy trực thuộc Trung ương",
            "Thời sự - Chính trị",
            "Ngô Khiêm",
            datetime(2022, 1, 12, 18, 31, tzinfo=VN_TZ),
        ),
        (
            "003",
            "Nâng cao năng lực của cấp ủy, chính quyền, đổi mới công tác tổ chức cán bộ",
            "Chính trị",
            "Võ Lâm",
            datetime(2017, 6, 27, 9, 16, tzinfo=VN_TZ),
        ),
        (
            "004",
            "Quán triệt, triển khai Quy định của Bộ Chính trị về kiểm soát quyền lực "
            "trong công tác cán bộ",
            "",
            "PV",
            datetime(2019, 12, 3, 3, 41, 31, tzinfo=VN_TZ),
        ),
    ],
)
def test_seed_header_and_byline(key, title, section, byline, published):
    article = parse_seed(key)
    assert article.title == title
    assert article.title_derived is False
    assert article.section == section
    assert article.byline == byline
    assert article.published_at == published
    assert article.position == 0


def test_page_without_title_gets_one_from_its_first_sentence():
    article = parse_seed("002")
    assert article.title_derived is True
    assert article.title == (
        "Ban Tổ chức Trung ương tổ chức Hội nghị tổng kết công tác năm 2023, "
        "triển khai nhiệm vụ năm 2024"
    )
    assert article.byline == "Thùy Linh (tổng hợp)"
    assert article.published_at is None  # an event date is not a publication date


def test_author_line_under_the_title_is_the_byline_not_text():
    raw = (
        "Nghiên cứu\nĐổi mới công tác đánh giá cán bộ\n10:20' 3/4/2023\n\n"
        "TS. Lê Văn Hòa\nHọc viện Hành chính quốc gia\n\n"
        "TCCS - Đánh giá cán bộ là khâu khó nhất trong công tác cán bộ, cần đổi mới.\n\n"
        "Nhiều địa phương đã thí điểm đánh giá bằng sản phẩm cụ thể."
    )
    article = ingest.parse_page(raw)
    assert article.title == "Đổi mới công tác đánh giá cán bộ"
    assert article.byline == "TS. Lê Văn Hòa"
    assert article.lead.startswith("Đánh giá cán bộ")
    assert "Học viện" not in article.body


def test_tag_line_and_related_headlines_after_the_article_are_dropped():
    raw = (
        "Bế mạc kỳ họp thứ 9 HĐND tỉnh\n[ 14/12/2012 16:05 ]\n\n"
        "Chiều 14-12, kỳ họp thứ 9 HĐND tỉnh khóa XV bế mạc sau ba ngày làm việc.\n\n"
        "Các đại biểu đã thông qua 15 nghị quyết quan trọng.\n\n"
        "MINH KHANG\n\n"
        "- Khai mạc kỳ họp thứ 9 HĐND tỉnh khóa XV\n"
        "- Tiếp xúc cử tri tại Nhà văn hóa Trần Hưng Đạo\n\n"
        "Tags: HĐND tỉnh  kỳ họp thứ 9  Trần Văn Tâm"
    )
    article = ingest.parse_page(raw)
    assert article.published_at == datetime(2012, 12, 14, 16, 5, tzinfo=VN_TZ)
    assert article.byline == "MINH KHANG"
    assert article.body == "Các đại biểu đã thông qua 15 nghị quyết quan trọng."
    raw_with_marker = raw.replace("MINH KHANG\n\n", "MINH KHANG\n\nCÁC TIN KHÁC\n")
    assert ingest.parse_page(raw_with_marker).body == article.body


def test_source_prefix_moves_from_the_lead_to_the_source_fields():
    tccs, hnmo = parse_seed("002"), parse_seed("003")
    assert (tccs.source_code, tccs.source_name) == ("TCCS", "Tạp chí Cộng sản")
    assert tccs.lead.startswith("Ngày 28-12-2023, Ban Tổ chức Trung ương")
    assert (hnmo.source_code, hnmo.source_name) == ("HNMO", "Hà Nội Mới")
    assert hnmo.lead.startswith("Đây là hai trong những chủ đề")


def test_lead_is_the_first_paragraph_and_not_repeated_in_the_body():
    for key in SEED:
        article = parse_seed(key)
        assert article.lead
        assert article.lead not in article.body.split("\n\n")
    assert parse_seed("001").lead.startswith("Sáng 12-1 tại Hà Nội")


def test_captions_are_kept_apart_with_their_credits():
    assert parse_seed("001").captions == (
        "Thượng tướng Đỗ Căn, Phó Chủ nhiệm Tổng cục Chính trị QĐND phát biểu tại "
        "điểm cầu Quân ủy Trung ương.",
        "Toàn cảnh Hội nghị.",
    )
    tccs = parse_seed("002").captions
    assert len(tccs) == 2 and all(c.endswith("_ Ảnh: TTXVN") for c in tccs)
    assert parse_seed("003").captions == (
        "Toàn cảnh Hội nghị.",
        "Phó Bí thư Thường trực Thành ủy Ngô Thị Thanh Hằng phát biểu tại hội nghị. "
        "Ảnh: Bá Hoạt",
        "Ảnh: Bá Hoạt",
    )
    for key in SEED:
        article = parse_seed(key)
        assert "Ảnh:" not in article.body + article.lead
        assert not any(c in article.body for c in article.captions)


def test_photo_pointers_inside_story_paragraphs_stay_in_the_body_without_marker():
    article = parse_seed("001")
    assert "(ảnh trên)" not in article.body
    assert (
        "Phát biểu kết luận tại Hội nghị, đồng chí Trương Thị Mai, Ủy viên Bộ Chính "
        "trị, Bí thư Trung ương Đảng, Trưởng Ban Tổ chức Trung ương đã nêu ra 6 vấn "
        "đề trọng tâm." in article.body.split("\n\n")
    )
    assert article.body.split("\n\n")[0].startswith("Báo cáo đề dẫn tại Hội nghị")


def test_subheadings_stay_in_the_body_as_paragraphs():
    paragraphs = parse_seed("003").body.split("\n\n")
    assert (
        "Giải pháp và định hướng bố trí sắp xếp cán bộ ở một số đơn vị chưa được "
        "quan tâm đúng mức" in paragraphs
    )
    assert (
        "Bí thư cấp ủy phải chịu trách nhiệm về việc củng cố, kiện toàn tổ chức cơ "
        "sở đảng yếu kém" in paragraphs
    )
    assert (
        "Ban Tổ chức Trung ương triển khai nhiệm vụ 6 tháng cuối năm 2024"
        in parse_seed("000").body.split("\n\n")
    )


def test_short_statement_paragraph_is_body_not_caption():
    body = parse_seed("004").body.split("\n\n")
    assert body[0] == (
        "Đồng chí Phạm Minh Chính, Ủy viên Bộ Chính trị, Bí thư T.Ư Đảng, Trưởng "
        "Ban Tổ chức T.Ư chủ trì."
    )
    assert parse_seed("004").captions == ()


BOILERPLATE = [
    "Xem thêm",
    "Ý KIẾN BẠN ĐỌC VỀ BÀI VIẾT NÀY",
    "Họ và tên",
    "Địa chỉ :",
    "Email : *",
    "Ý kiến của bạn",
    "Mã bảo vệ",
    "Bình luận",
    "Gõ tiếng Việt có dấu",
    "Thông báo",
    "Bài cùng chuyên mục",
    "GIỚI THIỆU TẠP CHÍ IN",
    "Số 5 - 2022",
    "Tra cứu tạp chí in",
    "VIDEO CLIPS",
]


@pytest.mark.parametrize("key", sorted(SEED))
def test_no_page_chrome_survives_in_article_text(key):
    article = parse_seed(key)
    parts = [article.title, article.lead, *article.body.split("\n\n")]
    parts += [*article.captions, article.byline]
    for part in parts:
        for chrome in BOILERPLATE:
            assert text.key(chrome) not in text.key(part)


def test_body_paragraphs_are_clean():
    for key in SEED:
        article = parse_seed(key)
        paragraphs = article.body.split("\n\n")
        assert all(p and p == " ".join(p.split()) for p in paragraphs)
        assert "\xa0" not in article.body + article.lead
        assert article.byline not in paragraphs


# Encodings -------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(SEED))
@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(to_cp1258, id="cp1258"),
        pytest.param(lambda s: s.encode("utf-16"), id="utf16"),
        pytest.param(lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"), id="u16be"),
        pytest.param(lambda s: s.encode("utf-8-sig"), id="utf8bom"),
        pytest.param(
            lambda s: unicodedata.normalize("NFD", s).encode("utf-8"), id="nfd"
        ),
        pytest.param(lambda s: s.replace("\n", "\r\n").encode(), id="crlf"),
    ],
)
def test_other_encodings_of_a_page_parse_the_same(tmp_path, key, encode):
    original = SEED[key].read_text(encoding="utf-8")
    data = encode(original)
    copy = tmp_path / SEED[key].name
    copy.write_bytes(data)
    [article] = list(ingest.read_file(copy))
    expected = parse_seed(key)
    assert article == expected
    assert article.content_hash == expected.content_hash


def test_cp1258_copy_really_is_not_utf8():
    data = to_cp1258(SEED["000"].read_text(encoding="utf-8"))
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_old_style_tone_marks_keep_the_same_content_hash():
    page = SEED["001"].read_text(encoding="utf-8")
    old = page.replace("hóa", "hoá").replace("Ủy", "Uỷ").replace("ủy", "uỷ")
    assert old != page
    assert ingest.parse_page(old).content_hash == parse_seed("001").content_hash


def test_content_hash_ignores_whitespace_form_and_tone_placement():
    base = ingest.content_hash("Ủy ban  hòa giải", "Nội dung\n\nbài")
    assert ingest.content_hash("Uỷ ban hoà giải", "Nội dung bài") == base
    nfd = unicodedata.normalize("NFD", "Ủy ban hòa giải")
    assert ingest.content_hash(nfd, "Nội   dung bài") == base
    assert ingest.content_hash("Ủy ban hòa giải", "Nội dung khác") != base


def test_decode_bytes_cleans_invisible_characters_and_line_ends():
    decoded = ingest.decode_bytes("Đảng\u200b ta\r\nxin\rchào".encode())
    assert decoded == "Đảng ta\nxin\nchào"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "tệp rỗng"),
        (b"  \n\r\n\t ", "tệp rỗng"),
        (codecs.BOM_UTF8, "tệp rỗng"),
        (codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"), "tệp rỗng"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "nhị phân"),
        (bytes(range(256)) * 4, "nhị phân"),
        (b"abc\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12", "nhị phân"),
        (b"van ban \x81\x8d\x90 hong", "bảng mã"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8\x41", "UTF-16"),
    ],
)
def test_decode_bytes_rejects_what_is_not_text(data, reason):
    with pytest.raises(IngestError, match=reason):
        ingest.decode_bytes(data)


def test_a_short_page_with_stray_controls_is_text_and_comes_out_clean():
    controls = "\x01\x02\x07\x08\x0b\x0c\x1b\x7f"
    page = (
        f"Tin {controls} kiểm tra\n\n"
        "Sáng 4/7, tại Hà Nội, Ban Tổ chức Trung ương tổ chức Hội nghị cán bộ "
        f"toàn quốc {controls} triển khai công tác nhân sự.\n"
    )
    decoded = ingest.decode_bytes(page.encode())
    assert "Tin" in decoded and "toàn quốc" in decoded
    assert not any(c in decoded for c in "\x01\x02\x07\x08\x1b\x7f")


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "Bình luận\nGõ tiếng Việt có dấu, tối thiểu 15 chữ\nThông báo",
        "18:31' 12/1/2022",
    ],
)
def test_page_without_article_text_is_an_error(raw):
    with pytest.raises(IngestError):
        ingest.parse_page(raw)


# Files -------------------------------------------------------------------------


def test_read_file_yields_one_article_for_a_page():
    [article] = list(ingest.read_file(SEED["003"]))
    assert article == parse_seed("003")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "tệp rỗng"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(200), "nhị phân"),
        (b"\x00" + os.urandom(500), "nhị phân"),
        ("Bình luận\nThông báo\n".encode(), "không có nội dung"),
    ],
)
def test_bad_page_file_is_a_problem_not_an_exception(tmp_path, data, reason):
    path = tmp_path / "trang.txt"
    path.write_bytes(data)
    [problem] = list(ingest.read_file(path))
    assert isinstance(problem, FileProblem)
    assert problem.path == path and problem.line is None
    assert reason in problem.reason


def test_oversized_page_is_a_problem(tmp_path):
    path = tmp_path / "lon.txt"
    path.write_bytes(SEED["000"].read_bytes())
    [problem] = list(ingest.read_file(path, max_page_bytes=1000))
    assert isinstance(problem, FileProblem)
    assert "1000" in problem.reason
    [article] = list(ingest.read_file(path, max_page_bytes=path.stat().st_size))
    assert isinstance(article, ParsedArticle)


def test_unreadable_path_is_a_problem(tmp_path):
    [problem] = list(ingest.read_file(tmp_path / "mat.txt"))
    assert isinstance(problem, FileProblem)
    assert "không đọc được" in problem.reason
    assert str(problem).startswith(str(tmp_path / "mat.txt"))


def _touch(path: Path, content: str = "x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")
    return path


def test_discover_walks_directories_sorted_and_reports_missing_paths(tmp_path):
    b = _touch(tmp_path / "kho" / "b.txt")
    a = _touch(tmp_path / "kho" / "a.jsonl")
    nested = _touch(tmp_path / "kho" / "con" / "c.TXT")
    _touch(tmp_path / "kho" / "anh.png")
    _touch(tmp_path / "kho" / ".an.txt")
    _touch(tmp_path / "kho" / ".git" / "d.txt")
    single = _touch(tmp_path / "le.txt")
    other = _touch(tmp_path / "bang.csv")

    files, problems = ingest.discover(
        [single, str(tmp_path / "kho"), tmp_path / "khong-co", other, a]
    )

    assert files == [single, a, b, nested]
    assert [(p.path.name, p.line) for p in problems] == [
        ("khong-co", None),
        ("bang.csv", None),
    ]
    assert "không tìm thấy" in problems[0].reason


def test_discover_reports_a_directory_without_importable_files(tmp_path):
    _touch(tmp_path / "ghi-chu.md")
    found = ingest.discover([tmp_path])
    assert found.files == []
    assert len(found.problems) == 1


# JSON Lines ----------------------------------------------------------------


def _record(**fields) -> str:
    return json.dumps(fields, ensure_ascii=False)


GOOD = {
    "title": "Hội nghị trưởng ban tổ chức",
    "body": "Đoạn một của bài.\n\nĐoạn   hai\u00a0của bài.",
    "published_at": "2022-01-12T18:31:00+07:00",
    "source": "TTXVN",
    "section": "Chính trị",
    "byline": "Ngô Khiêm",
    "url": "https://example.vn/bai-viet",
    "lead": "Sapo của bài.",
    "captions": ["Toàn cảnh Hội nghị."],
}


def test_jsonl_line_parses_every_field():
    article = jsonl.parse_jsonl_line(_record(**GOOD), 7)
    assert article == ParsedArticle(
        title="Hội nghị trưởng ban tổ chức",
        title_derived=False,
        lead="Sapo của bài.",
        body="Đoạn một của bài.\n\nĐoạn hai của bài.",
        captions=("Toàn cảnh Hội nghị.",),
        section="Chính trị",
        source_name="Thông tấn xã Việt Nam",
        source_code="TTXVN",
        byline="Ngô Khiêm",
        published_at=datetime(2022, 1, 12, 18, 31, tzinfo=VN_TZ),
        url="https://example.vn/bai-viet",
        position=7,
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("18:31' 12/1/2022", datetime(2022, 1, 12, 18, 31, tzinfo=VN_TZ)),
        (
            "Thứ Ba, 03/12/2019, 03:41:31",
            datetime(2019, 12, 3, 3, 41, 31, tzinfo=VN_TZ),
        ),
        ("2022-01-12", datetime(2022, 1, 12, tzinfo=VN_TZ)),
        ("2022-01-12T11:31:00Z", datetime(2022, 1, 12, 18, 31, tzinfo=VN_TZ)),
    ],
)
def test_jsonl_published_at_accepts_iso_and_page_formats(value, expected):
    line = _record(title="T", body="Nội dung.", published_at=value)
    assert jsonl.parse_jsonl_line(line, 1).published_at == expected


def test_jsonl_source_can_be_a_name_or_a_mark_in_the_text():
    by_name = jsonl.parse_jsonl_line(
        _record(title="T", body="B.", source="Hà Nội Mới"), 1
    )
    assert (by_name.source_code, by_name.source_name) == ("HNMO", "Hà Nội Mới")
    marked = jsonl.parse_jsonl_line(_record(title="T", body="(TTXVN) - Sáng nay."), 1)
    assert (marked.source_code, marked.body) == ("TTXVN", "Sáng nay.")


def test_jsonl_blank_title_is_derived():
    line = _record(
        title=" ",
        body="Chiều 4/7, tại Hà Nội, Ban Tổ chức Trung ương tổ "
        "chức Hội nghị sơ kết công tác. Đoạn sau.",
    )
    article = jsonl.parse_jsonl_line(line, 3)
    assert article.title_derived
    assert article.title == "Ban Tổ chức Trung ương tổ chức Hội nghị sơ kết công tác"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"title": "T", "body": ', "JSON không hợp lệ"),
        ('["title", "body"]', "đối tượng JSON"),
        (_record(title="T"), "thiếu trường: body"),
        (_record(body="B"), "thiếu trường: title"),
        (_record(title="T", body="  \n "), "body"),
        (_record(title="T", body=5), "phải là chuỗi"),
        (_record(title="T", body="B", published_at="31/02/2022"), "published_at"),
        (_record(title="T", body="B", published_at=20220112), "published_at"),
        (_record(title="T", body="B", captions=[1, 2]), "captions"),
        ("   ", "dòng trống"),
    ],
)
def test_bad_jsonl_line_raises_with_reason(line, reason):
    with pytest.raises(IngestError, match=reason):
        jsonl.parse_jsonl_line(line, 1)


def test_jsonl_file_imports_good_lines_and_reports_bad_ones(tmp_path):
    nfd = unicodedata.normalize("NFD", _record(**GOOD))
    lines = [
        _record(**GOOD),
        '{"title": "hỏng", ',
        _record(title="Thiếu nội dung"),
        "",
        nfd,
        "   ",
        _record(**{**GOOD, "title": "Bài thứ ba"}),
    ]
    path = tmp_path / "kho.jsonl"
    path.write_bytes(codecs.BOM_UTF8 + "\n".join(lines).encode() + b"\n")

    items = list(ingest.read_file(path))

    articles = [i for i in items if isinstance(i, ParsedArticle)]
    problems = [i for i in items if isinstance(i, FileProblem)]
    assert [a.position for a in articles] == [1, 5, 7]
    assert [(p.line, p.path) for p in problems] == [(2, path), (3, path)]
    assert "JSON" in problems[0].reason and "body" in problems[1].reason
    assert articles[1] == dataclasses.replace(articles[0], position=5)
    assert articles[1].content_hash == articles[0].content_hash


def test_jsonl_file_with_a_legacy_encoded_line_still_imports(tmp_path):
    good = _record(**GOOD).encode()
    legacy = to_cp1258(_record(**{**GOOD, "title": "Bài cũ"}))
    path = tmp_path / "cu.jsonl"
    path.write_bytes(good + b"\n" + legacy + b"\n" + b'{"title": "\x81"}\n')
    first, second, problem = ingest.read_file(path)
    assert second.title == "Bài cũ" and second.body == first.body
    assert problem.line == 3 and "bảng mã" in problem.reason


def test_utf16_jsonl_file_is_read(tmp_path):
    path = tmp_path / "u16.jsonl"
    path.write_bytes(("\n".join([_record(**GOOD), "nope"]) + "\n").encode("utf-16"))
    article, problem = ingest.read_file(path)
    assert article.title == GOOD["title"]
    assert isinstance(problem, FileProblem) and problem.line == 2

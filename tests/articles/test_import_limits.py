"""Hostile import files: oversize JSON Lines records and control characters."""

from __future__ import annotations

import json
import tracemalloc

import feedparser
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles import ingest, text
from articles.importing import import_paths
from articles.models import Article, Source

pytestmark = pytest.mark.django_db

BIG = 20 * 1024 * 1024


def _record(title: str, body: str, **extra) -> str:
    return json.dumps({"title": title, "body": body, **extra}, ensure_ascii=False)


# Oversize records ---------------------------------------------------------------


def test_an_oversize_jsonl_record_fails_alone_with_its_line(tmp_path, capsys):
    path = tmp_path / "export.jsonl"
    lines = [
        _record("Bài trước", "Nội dung bài trước về công tác cán bộ."),
        _record("Bài khổng lồ", "cán bộ " * 2000),
        _record("Bài sau", "Nội dung bài sau về công tác tổ chức."),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_articles", str(path), "--json", "--max-page-bytes", "5000")
    assert excinfo.value.returncode == 1
    out = json.loads(capsys.readouterr().out)
    assert out["created"] == 2
    [failure] = out["failed"]
    assert failure["path"] == str(path)
    assert failure["reason"] == "dòng 2: bản ghi lớn hơn giới hạn 5000 byte, bỏ qua"
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "Bài sau",
        "Bài trước",
    ]


def test_a_record_of_exactly_the_limit_is_read(tmp_path):
    record = _record("Vừa đủ", "Nội dung vừa đủ.")
    limit = len(record.encode())
    path = tmp_path / "exact.jsonl"
    path.write_bytes(record.encode() + b"\r\n" + record.encode() + b"x")
    items = list(ingest.read_file(path, max_page_bytes=limit))
    assert isinstance(items[0], ingest.ParsedArticle)
    assert items[1] == ingest.FileProblem(
        path, f"bản ghi lớn hơn giới hạn {limit} byte, bỏ qua", 2
    )


def test_an_oversize_utf16_record_is_refused_too(tmp_path):
    path = tmp_path / "utf16.jsonl"
    lines = [_record("Bài ngắn", "Nội dung ngắn."), _record("Dài", "x" * 5000)]
    path.write_text("\n".join(lines), encoding="utf-16")
    items = list(ingest.read_file(path, max_page_bytes=2000))
    assert isinstance(items[0], ingest.ParsedArticle)
    assert isinstance(items[1], ingest.FileProblem) and items[1].line == 2


@pytest.fixture(scope="module")
def huge_jsonl(tmp_path_factory):
    path = tmp_path_factory.mktemp("huge") / "huge.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(_record("Bài thường", "Nội dung bình thường về cán bộ.") + "\n")
        fh.write('{"title": "Khổng lồ", "body": "')
        chunk = "cán bộ " * 100_000
        while fh.tell() < 50 * 1024 * 1024:
            fh.write(chunk)
        fh.write('"}\n')
        fh.write(_record("Bài cuối", "Nội dung cuối về tổ chức.") + "\n")
    return path


@pytest.mark.slow
def test_a_50_mb_line_does_not_become_an_article(huge_jsonl, capsys):
    with pytest.raises(CommandError):
        call_command("import_articles", str(huge_jsonl), "--json")  # default limit
    out = json.loads(capsys.readouterr().out)
    assert out["created"] == 2
    assert [f["reason"] for f in out["failed"]] == [
        "dòng 2: bản ghi lớn hơn giới hạn 20971520 byte, bỏ qua"
    ]
    assert not Article.objects.filter(title="Khổng lồ").exists()


@pytest.mark.slow
def test_an_oversize_line_is_read_in_bounded_pieces(huge_jsonl):
    limit = 4 * 1024 * 1024
    tracemalloc.start()
    try:
        report = import_paths([huge_jsonl], max_page_bytes=limit)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.created == 2 and len(report.failed) == 1
    # A few times the limit at most, never the 50 MB line at once.
    assert peak < 4 * limit, peak


# Control characters ---------------------------------------------------------------

CONTROLS = [
    *(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"),
    "\x7f",
    *(chr(c) for c in range(0x80, 0xA0)),
]


@pytest.mark.parametrize("char", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_clean_removes_every_control_character(char):
    cleaned = text.clean(f"Hội{char}nghị\tcán\r\nbộ")
    assert cleaned in ("Hộinghị\tcán\nbộ", "Hội nghị\tcán\nbộ")
    assert not any(c in cleaned for c in CONTROLS)


def test_clean_keeps_words_apart_that_a_blank_control_separated():
    assert text.clean("cán\x0cbộ\x0btổ\x85chức") == "cán bộ tổ chức"
    assert text.clean("x\ud800y\ufffe") == "xy"


def test_a_page_with_control_characters_imports_clean(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(
        "Hội nghị\x01 cán bộ\x1b toàn quốc\n\n"
        "Sáng 4/7, Ban Tổ chức\x07 Trung ương tổ chức hội nghị cán bộ toàn quốc.\n\n"
        "Hội nghị\x02 bàn về công tác cán bộ\x7f và tổ chức bộ máy\x9b.\n\n"
        + "Các đại biểu thảo luận về công tác cán bộ và tổ chức bộ máy. " * 5
        + "\n\nNgô Khiêm\x03",
        encoding="utf-8",
    )
    report = import_paths([page], max_page_bytes=BIG)
    assert report.ok and report.created == 1
    article = Article.objects.get()
    stored = [article.title, article.lead, article.body, article.byline]
    assert article.title == "Hội nghị cán bộ toàn quốc"
    assert not any(c in s for s in stored for c in CONTROLS)


def test_a_jsonl_record_with_nul_and_controls_imports_clean(tmp_path):
    path = tmp_path / "export.jsonl"
    record = {
        "title": "Hội nghị\u0000 cán bộ\u0001",
        "lead": "Sapo\u0085 bài\u0007.",
        "body": "Nội dung\u0000 về cán bộ.\u001b\n\nĐoạn hai\u009f.",
        "byline": "PV\u0000",
        "section": "Xây dựng\u0002 Đảng",
        "source": "Báo\u0000 Thử",
        "captions": ["Ảnh\u0001 hội nghị"],
    }
    path.write_text(json.dumps(record), encoding="utf-8")
    report = import_paths([path], max_page_bytes=BIG)
    assert report.ok and report.created == 1, report.failed
    article = Article.objects.get()
    assert article.title == "Hội nghị cán bộ"
    assert article.byline == "PV"
    assert Source.objects.get().name == "Báo Thử"
    for value in (article.lead, article.body, article.section, article.captions):
        assert not any(c in value for c in CONTROLS), value


def test_a_title_of_control_characters_only_is_derived_from_the_text(tmp_path):
    path = tmp_path / "export.jsonl"
    path.write_text(
        _record("\u0000\u0001", "Ban Tổ chức Trung ương họp bàn công tác cán bộ."),
        encoding="utf-8",
    )
    report = import_paths([path], max_page_bytes=BIG)
    assert report.ok, report.failed
    article = Article.objects.get()
    assert article.title_derived and article.title.startswith("Ban Tổ chức")


def test_every_write_strips_control_characters_not_only_imports():
    source = Source.objects.create(name="Nguồn\x01 thử", code="N\x00T")
    article = Article.objects.create(
        title="Tiêu đề\x01 sửa tay\x7f",
        lead="Sapo\x1b.",
        body="Nội dung\x00 nhập\x85trong trang quản trị.\r\nDòng hai.",
        byline="PV\x02",
        source=source,
    )
    article.refresh_from_db()
    source.refresh_from_db()
    assert article.title == "Tiêu đề sửa tay"
    assert article.body == "Nội dung nhập trong trang quản trị.\nDòng hai."
    assert (article.lead, article.byline) == ("Sapo.", "PV")
    assert (source.name, source.code) == ("Nguồn thử", "NT")


@pytest.fixture
def fresh_index(settings):
    from search import labels
    from search.backends import get_backend

    settings.SEARCH_SYNC_THREAD = False
    get_backend().clear()
    labels.invalidate()
    yield
    get_backend().clear()
    get_backend().forget()
    labels.invalidate()


def test_imported_control_characters_never_break_the_atom_feed(
    tmp_path, client, fresh_index
):
    from search.indexing import sync

    page = tmp_path / "page.txt"
    page.write_text(
        "Hội nghị\x01 đặc biệt về cán bộ\n\n"
        "Sáng 4/7, Ban Tổ chức Trung ương tổ chức hội nghị đặc biệt về cán bộ.\n\n"
        "Hội nghị bàn về công tác cán bộ và tổ chức bộ máy.",
        encoding="utf-8",
    )
    jsonl = tmp_path / "export.jsonl"
    jsonl.write_text(
        _record("Kỳ họp\u0000 đặc biệt", "Kỳ họp đặc biệt\u0001 bàn về cán bộ."),
        encoding="utf-8",
    )
    call_command("import_articles", str(page), str(jsonl), "--json")
    for pk in Article.objects.values_list("pk", flat=True):
        sync.enqueue_article(pk)
    sync.flush()
    response = client.get("/search/feed/", {"q": "dac biet"})
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    titles = sorted(entry.title for entry in parsed.entries)
    assert titles == ["Hội nghị đặc biệt về cán bộ", "Kỳ họp đặc biệt"]

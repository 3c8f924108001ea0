"""The importer end to end: files in, articles in the database, a truthful report."""

import json
import unicodedata
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.importing import import_paths
from articles.models import Article

from .encodings import to_cp1258

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
BIG = 20 * 1024 * 1024

EXPECTED = {
    "000_54049d6e936b8314.txt": {
        "title": "Ban Tổ chức Trung ương chủ động tham mưu khi có vấn đề mới, phát sinh",
        "section": "Xây dựng Đảng",
        "byline": "Nguyễn Xuân Tùng",
        "published_at": None,
    },
    "001_55526983de6f3cc7.txt": {
        "title": "Hội nghị trưởng ban tổ chức cấp ủy trực thuộc Trung ương",
        "byline": "Ngô Khiêm",
        "published_at": datetime(2022, 1, 12, 18, 31, tzinfo=HCM),
    },
    "002_5a0c9058e2d22930.txt": {
        "byline": "Thùy Linh (tổng hợp)",
        "title_derived": True,
        "published_at": None,
    },
    "003_223e21a8d19fe2ed.txt": {
        "title": "Nâng cao năng lực của cấp ủy, chính quyền, đổi mới công tác tổ chức cán bộ",
        "byline": "Võ Lâm",
        "published_at": datetime(2017, 6, 27, 9, 16, tzinfo=HCM),
        "source": "Hà Nội Mới",
    },
    "004_835b4c058826e7af.txt": {
        "title": "Quán triệt, triển khai Quy định của Bộ Chính trị về kiểm soát quyền lực "
        "trong công tác cán bộ",
        "byline": "PV",
        "published_at": datetime(2019, 12, 3, 3, 41, 31, tzinfo=HCM),
    },
}

BOILERPLATE = [
    "Xem thêm",
    "Họ và tên",
    "Mã bảo vệ",
    "Bình luận",
    "Gõ tiếng Việt có dấu",
    "Thông báo",
    "Bài cùng chuyên mục",
    "GIỚI THIỆU TẠP CHÍ IN",
    "Tra cứu tạp chí in",
    "VIDEO CLIPS",
    "Ý KIẾN BẠN ĐỌC",
]


def test_the_five_seeds_become_five_articles_with_their_facts(raw_dir):
    report = import_paths([raw_dir], max_page_bytes=BIG)
    assert report.ok, report.failed
    assert (report.files, report.created, report.duplicates) == (5, 5, 0)
    for name, facts in EXPECTED.items():
        article = Article.objects.get(source_file=name)
        for field, value in facts.items():
            got = article.source.name if field == "source" else getattr(article, field)
            assert got == value, (name, field)
    derived = Article.objects.get(source_file="002_5a0c9058e2d22930.txt")
    assert derived.title and not derived.title.startswith("TCCS")
    assert derived.source.code == "TCCS"


def test_no_boilerplate_line_survives_in_any_article(raw_dir):
    import_paths([raw_dir], max_page_bytes=BIG)
    for article in Article.objects.all():
        stored = "\n".join(
            [article.title, article.lead, article.body, article.captions]
        )
        for marker in BOILERPLATE:
            assert marker not in stored, (article.source_file, marker)


def test_reimporting_the_same_files_creates_nothing(raw_dir):
    import_paths([raw_dir], max_page_bytes=BIG)
    again = import_paths([raw_dir], max_page_bytes=BIG)
    assert (again.created, again.duplicates) == (0, 5)
    assert Article.objects.count() == 5


@pytest.mark.parametrize(
    "encode",
    [
        to_cp1258,
        lambda s: s.encode("utf-16"),
        lambda s: s.encode("utf-8-sig"),
        lambda s: unicodedata.normalize("NFD", s).encode("utf-8"),
        lambda s: s.replace("Ủy", "Uỷ").replace("hóa", "hoá").encode("utf-8"),
    ],
    ids=["cp1258", "utf-16", "utf-8-bom", "nfd", "old-tone-placement"],
)
def test_an_encoded_copy_is_the_same_article_and_a_duplicate(
    tmp_path, seed_files, encode
):
    seed = seed_files[4]
    original = seed.read_text(encoding="utf-8")
    copy = tmp_path / "copy.txt"
    copy.write_bytes(encode(original))
    first = import_paths([copy], max_page_bytes=BIG)
    assert first.created == 1, first.failed
    imported = Article.objects.get()
    second = import_paths([seed], max_page_bytes=BIG)
    assert (second.created, second.duplicates) == (0, 1)
    assert imported.title == EXPECTED[seed.name]["title"]


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path, seed_files):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    (tmp_path / "big.txt").write_bytes(seed_files[0].read_bytes() * 3)
    (tmp_path / "good.txt").write_bytes(seed_files[1].read_bytes())
    report = import_paths([tmp_path], max_page_bytes=20_000)
    failed = {entry["path"].rsplit("/", 1)[-1] for entry in report.failed}
    assert failed == {"empty.txt", "binary.txt", "big.txt"}
    assert all(entry["reason"] for entry in report.failed)
    assert report.created == 1
    assert report.files == 1


def test_jsonl_imports_good_lines_and_reports_bad_ones(tmp_path, seed_files):
    lines = [
        json.dumps(
            {"title": "Bài một", "body": "Nội dung bài một về công tác cán bộ."}
        ),
        "{not json",
        json.dumps({"title": "Thiếu nội dung"}),
        "",
        json.dumps(
            {
                "title": "Bài hai",
                "body": "Nội dung bài hai.",
                "published_at": "2023-05-01T08:00:00+07:00",
                "source": "Nhân Dân",
                "section": "Chính trị",
                "byline": "PV",
                "url": "https://example.org/bai-hai",
            },
            ensure_ascii=False,
        ),
        json.dumps(
            {
                "title": "Bài một (bản sao)",
                "body": "Nội dung  bài một về công tác cán bộ.",
            }
        ),
    ]
    path = tmp_path / "export.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = import_paths([path], max_page_bytes=BIG)
    assert report.created == 2
    assert report.duplicates == 1
    reasons = [entry["reason"] for entry in report.failed]
    assert len(reasons) == 2
    assert reasons[0].startswith("dòng 2") and reasons[1].startswith("dòng 3")
    two = Article.objects.get(title="Bài hai")
    assert two.source.name == "Nhân Dân"
    assert two.url == "https://example.org/bai-hai"
    assert two.published_at == datetime(2023, 5, 1, 8, 0, tzinfo=HCM)


def test_an_article_that_cannot_be_saved_does_not_stop_the_batch(tmp_path):
    lines = [
        json.dumps({"title": "x" * 600, "body": "Tiêu đề quá dài."}),
        json.dumps({"title": "Bình thường", "body": "Bài bình thường."}),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = import_paths([path], max_page_bytes=BIG)
    assert report.created == 1
    assert len(report.failed) == 1
    assert Article.objects.filter(title="Bình thường").exists()
    assert not Article.objects.filter(body="Tiêu đề quá dài.").exists()


def test_a_failing_post_import_step_keeps_the_article_and_is_a_failure(
    raw_dir, seed_files
):
    def explode(article):
        raise RuntimeError("database is locked")

    report = import_paths([seed_files[0]], max_page_bytes=BIG, after_save=explode)
    assert report.created == 1
    assert Article.objects.count() == 1
    assert not report.ok
    [failure] = report.failed
    pk = Article.objects.get().pk
    assert failure["path"] == str(seed_files[0])
    assert "database is locked" in failure["reason"]
    assert f"--article {pk}" in failure["reason"]


def test_import_command_exits_one_when_a_post_import_step_fails(
    raw_dir, seed_files, monkeypatch, capsys
):
    from articles.management.commands import import_articles

    def explode(article):
        raise RuntimeError("database is locked")

    monkeypatch.setattr(import_articles, "after_import", explode)
    with pytest.raises(CommandError) as excinfo:
        call_command("import_articles", str(seed_files[0]), "--json")
    assert excinfo.value.returncode == 1
    out = json.loads(capsys.readouterr().out)
    assert out["created"] == 1
    assert "database is locked" in out["failed"][0]["reason"]


def test_import_command_tells_receivers_it_finished_writing_and_prints_problems(
    raw_dir, seed_files, capsys
):
    from articles.importing import writes_finished

    calls = []

    def receiver(sender, **kwargs):
        calls.append(sender)
        return "chỉ mục chưa cập nhật"

    writes_finished.connect(receiver)
    try:
        call_command("import_articles", str(seed_files[0]), "--json")
    finally:
        writes_finished.disconnect(receiver)
    assert len(calls) == 1
    assert "chỉ mục chưa cập nhật" in capsys.readouterr().err


def test_import_command_prints_json_and_exits_zero(raw_dir, capsys):
    call_command("import_articles", str(raw_dir), "--json")
    out = json.loads(capsys.readouterr().out)
    assert set(out) >= {"files", "created", "duplicates", "failed", "articles"}
    assert (out["files"], out["created"], out["duplicates"], out["failed"]) == (
        5,
        5,
        0,
        [],
    )
    assert {a["file"] for a in out["articles"]} == set(EXPECTED)
    assert all(
        set(a) == {"id", "title", "published_at", "source", "file"}
        for a in out["articles"]
    )


def test_import_command_exits_one_when_a_file_fails(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    with pytest.raises(CommandError) as excinfo:
        call_command("import_articles", str(tmp_path / "empty.txt"), "--json")
    assert excinfo.value.returncode == 1
    out = json.loads(capsys.readouterr().out)
    assert out["failed"][0]["path"].endswith("empty.txt")


def test_import_command_reports_a_missing_path(tmp_path, capsys):
    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path / "nowhere"), "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["failed"][0]["path"].endswith("nowhere")


# A busy database ------------------------------------------------------------------


@pytest.fixture
def no_retry_pause(monkeypatch):
    from articles import importing

    monkeypatch.setattr(importing, "RETRY_DELAYS", (0, 0, 0))


def _locked():
    from django.db import OperationalError

    return OperationalError("database is locked")


def test_extraction_that_meets_a_locked_database_is_retried(seed_files, no_retry_pause):
    from articles.services import after_import

    calls = []

    def busy_once(article):
        calls.append(article.pk)
        if len(calls) == 1:
            raise _locked()
        after_import(article)

    report = import_paths([seed_files[1]], max_page_bytes=BIG, after_save=busy_once)
    assert report.ok, report.failed
    article = Article.objects.get()
    assert calls == [article.pk, article.pk]
    assert article.mentions.exists() and article.citations.exists()


def test_extraction_persistence_locked_for_good_is_a_failure_not_silence(
    seed_files, monkeypatch, capsys, no_retry_pause
):
    from articles import services

    def locked(found):
        raise _locked()

    monkeypatch.setattr(services, "person_for", locked)
    with pytest.raises(CommandError) as excinfo:
        call_command("import_articles", str(seed_files[1]), "--json")
    assert excinfo.value.returncode == 1
    out = json.loads(capsys.readouterr().out)
    article = Article.objects.get()
    assert out["created"] == 1
    [failure] = out["failed"]
    assert "database is locked" in failure["reason"]
    assert f"extract_metadata --article {article.pk}" in failure["reason"]
    assert not article.mentions.exists()  # rolled back whole, and said so


@pytest.mark.django_db(transaction=True)
def test_a_commit_hook_failure_keeps_the_saved_article_and_extracts_it(
    seed_files, monkeypatch, no_retry_pause
):
    from articles.services import after_import
    from search.indexing import sync

    real = sync.enqueue_article
    calls = []

    def busy_first(pk):
        calls.append(pk)
        if len(calls) == 1:  # the queue row of the article's own save
            raise _locked()
        real(pk)

    monkeypatch.setattr(sync, "enqueue_article", busy_first)
    report = import_paths([seed_files[1]], max_page_bytes=BIG, after_save=after_import)
    article = Article.objects.get()
    assert report.ok and report.created == 1, report.failed
    assert article.mentions.exists() and article.citations.exists()
    assert sync.PendingUpdate.objects.waiting().filter(article_id=article.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_commit_hook_that_keeps_failing_is_reported_with_the_article(
    seed_files, monkeypatch, no_retry_pause
):
    from articles.services import after_import
    from search.indexing import sync

    def always_locked(pk):
        raise _locked()

    monkeypatch.setattr(sync, "enqueue_article", always_locked)
    report = import_paths([seed_files[1]], max_page_bytes=BIG, after_save=after_import)
    article = Article.objects.get()
    reasons = [f["reason"] for f in report.failed]
    assert report.created == 1 and not report.ok
    assert any(f"bài {article.pk} đã lưu" in r for r in reasons), reasons
    assert all("không lưu được" not in r for r in reasons), reasons


@pytest.mark.django_db(transaction=True)  # commit hooks queue the index updates
def test_the_import_command_ends_while_another_writer_keeps_queueing(
    seed_files, monkeypatch, settings
):
    from search.indexing import sync

    settings.SEARCH_SYNC_THREAD = False
    other = Article.objects.create(title="Bài khác", body="Bài của người khác.")
    real_apply = sync.apply
    applied = []

    def apply_while_another_writer_queues(rows):
        applied.extend(rows)
        if len(applied) > 50:  # pytest.fail: not an Exception the command catches
            pytest.fail("the command chases other writers' updates")
        real_apply(rows)
        sync.enqueue_article(other.pk)  # meanwhile, an editor saves again

    monkeypatch.setattr(sync, "apply", apply_while_another_writer_queues)
    call_command("import_articles", str(seed_files[1]), "--json")
    article = Article.objects.exclude(pk=other.pk).get()
    assert article.pk in {row.article_id for row in applied}
    assert sync.PendingUpdate.objects.waiting().filter(article_id=other.pk).exists()

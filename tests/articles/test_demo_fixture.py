"""fixtures/demo.json is what the importer produces today from fixtures/raw/."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.demo import demo_fixture_data
from articles.importing import import_paths
from articles.models import Article
from articles.services import after_import

pytestmark = pytest.mark.django_db
DEMO = Path(__file__).resolve().parents[2] / "fixtures" / "demo.json"


def test_demo_fixture_matches_a_fresh_import_of_the_raw_pages(raw_dir):
    report = import_paths(
        [raw_dir], max_page_bytes=20 * 1024 * 1024, after_save=after_import
    )
    assert report.ok and report.created == 5
    committed = json.loads(DEMO.read_text(encoding="utf-8"))
    assert demo_fixture_data() == committed, "run `make fixtures` and commit the result"


def test_demo_fixture_loads(db):
    call_command("loaddata", "demo", verbosity=0)
    assert Article.objects.count() == 5


# Loading again, in every state -------------------------------------------------


def _demo_state() -> dict:
    """Return the demo rows as comparable values, without primary keys."""
    data = demo_fixture_data()
    for record in data:
        record.pop("pk")
        for name in ("created_at", "updated_at"):
            record["fields"].pop(name, None)
    return {json.dumps(r, sort_keys=True, ensure_ascii=False) for r in data}


def _edit_like_the_admin(article: Article) -> None:
    """Save an article and re-extract it, as the admin's save does."""
    from articles.services import extract_article

    article.title += " (đã sửa)"
    article.body += "\n\nĐoạn biên tập viên thêm."
    article.save()
    mention = article.mentions.first()
    mention.titles, mention.is_manual = ["Chức danh sửa tay"], True
    mention.save()
    extract_article(article)  # re-creates the other mentions with new ids


def _extra_article() -> Article:
    from articles.services import extract_article

    article = Article.objects.create(
        title="Bài ngoài dữ liệu mẫu",
        body="Đồng chí Trương Thị Mai dự hội nghị triển khai Quy định 205-QĐ/TW.",
        source_file="them.txt",
    )
    extract_article(article)
    return article


def test_demo_loads_again_after_an_admin_edit_and_is_reset(db):
    call_command("loaddata", "demo", verbosity=0)
    fresh = _demo_state()
    _edit_like_the_admin(Article.objects.order_by("pk").first())
    call_command("loaddata", "demo", verbosity=0)
    assert Article.objects.count() == 5
    assert _demo_state() == fresh
    call_command("load_demo", verbosity=0)
    assert _demo_state() == fresh


def test_demo_load_leaves_other_articles_and_their_metadata_alone(db):
    call_command("load_demo", verbosity=0)
    extra = _extra_article()
    mentions = sorted(extra.mentions.values_list("pk", "person__name", "titles"))
    citations = sorted(extra.citations.values_list("pk", "surface"))
    assert mentions and citations
    _edit_like_the_admin(Article.objects.order_by("pk")[1])
    call_command("load_demo", verbosity=0)
    extra.refresh_from_db()
    assert extra.title == "Bài ngoài dữ liệu mẫu"
    assert sorted(extra.mentions.values_list("pk", "person__name", "titles")) == (
        mentions
    )
    assert sorted(extra.citations.values_list("pk", "surface")) == citations
    assert Article.objects.count() == 6


def test_demo_loads_beside_articles_imported_first(db, tmp_path):
    path = tmp_path / "first.jsonl"
    path.write_text(
        json.dumps({"title": "Bài nhập trước", "body": "Nội dung nhập trước."}),
        encoding="utf-8",
    )
    report = import_paths([path], max_page_bytes=2**20, after_save=after_import)
    # On a fresh SQLite file it takes id 1, the fixture's first article's id.
    first = Article.objects.get()
    assert report.ok
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    first.refresh_from_db()
    assert first.title == "Bài nhập trước"
    assert Article.objects.count() == 6
    committed = json.loads(DEMO.read_text(encoding="utf-8"))
    titles = {
        r["fields"]["title"] for r in committed if r["model"] == "articles.article"
    }
    assert titles <= set(Article.objects.values_list("title", flat=True))


def test_demo_load_reuses_an_imported_copy_of_a_demo_page(db, raw_dir):
    import_paths([raw_dir / "001_55526983de6f3cc7.txt"], max_page_bytes=2**25)
    call_command("load_demo", verbosity=0)
    assert Article.objects.count() == 5
    assert _demo_state() == {
        json.dumps(r, sort_keys=True, ensure_ascii=False)
        for r in _committed_without_keys()
    }


def _committed_without_keys() -> list[dict]:
    records = json.loads(DEMO.read_text(encoding="utf-8"))
    for record in records:
        record.pop("pk")
        for name in ("created_at", "updated_at"):
            record["fields"].pop(name, None)
    return records


def test_demo_loaded_by_the_raw_loaddata_of_before_is_recognised(db):
    from django.core.management.commands.loaddata import Command as RawLoaddata

    call_command(RawLoaddata(), "demo", verbosity=0)  # an archive set up earlier
    fresh = _demo_state()
    _edit_like_the_admin(Article.objects.order_by("pk").first())
    call_command("load_demo", verbosity=0)
    assert Article.objects.count() == 5
    assert _demo_state() == fresh

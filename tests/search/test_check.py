"""check_index compares content, not only ids, on both backends; rebuilds cover
the queue rows older than their read of the database."""

from __future__ import annotations

import json
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, connections

from articles.models import Article
from search.indexing import sync
from search.indexing.check import check
from search.models import PendingUpdate
from search.services import search

from .conftest import create_article, index_now


def found(q: str) -> list[int]:
    from search.backends import get_backend

    get_backend().forget()
    # Full matches only: a long query also lists articles holding most of it.
    return [r.id for r in search(q, suggest=False).results if not r.partial]


def edit_bypassing_the_queue(article, title: str) -> None:
    """Change an article as a bulk fix would: no save(), no signal, no queue row."""
    Article.objects.filter(pk=article.pk).update(title=title)


def delete_bypassing_the_queue(article) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM articles_article WHERE id = %s", [article.pk])


def run_check_index(*args: str) -> tuple[int, dict, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("check_index", *args, stdout=out, stderr=err)
        code = 0
    except SystemExit as exc:
        code = exc.code
    return code, json.loads(out.getvalue()), err.getvalue()


def test_an_edit_that_never_reached_the_index_is_stale_until_repaired(seeds):
    edit_bypassing_the_queue(seeds[2], "Tiêu đề sửa bằng lệnh cập nhật hàng loạt")
    drift = check(wait=0)
    assert drift.stale == [seeds[2].pk] and not drift.ok
    assert drift.missing == drift.extra == [] and drift.pending == 0
    code, report, _err = run_check_index("--wait", "0")
    assert code == 1 and report["counts"]["stale"] == 1
    assert report["stale_in_index"] == [seeds[2].pk]
    run_check_index("--repair")
    assert check(wait=0).ok
    assert found("sửa bằng lệnh cập nhật hàng loạt") == [seeds[2].pk]


def test_a_metadata_change_that_never_reached_the_index_is_stale(seeds):
    from articles.models import PersonMention

    mentioned = PersonMention.objects.values_list("article_id", flat=True)
    article = Article.objects.filter(pk__in=mentioned).first()
    PersonMention.objects.filter(article=article)._raw_delete(connection.alias)
    assert check(wait=0).stale == [article.pk]


def test_a_queued_update_nobody_applies_is_pending_not_draining(seeds):
    edit_bypassing_the_queue(seeds[0], "Bản sửa còn chờ trong hàng đợi")
    sync.enqueue_article(seeds[0].pk)
    drift = check(wait=0.3)
    # The row stands for the article: it is pending, not stale as well.
    assert drift.stale == [] and drift.pending == drift.not_draining == 1
    assert not drift.ok
    code, report, err = run_check_index("--wait", "0.3")
    assert code == 1
    assert report["counts"] == {
        "missing": 0,
        "extra": 0,
        "stale": 0,
        "pending": 1,
        "pending_not_draining": 1,
    }
    assert "cập nhật chờ: 1 (không được áp dụng: 1)" in err
    run_check_index("--repair")
    assert check(wait=0).ok and sync.pending_count() == 0
    assert found("bản sửa còn chờ trong hàng đợi") == [seeds[0].pk]


def test_a_deleted_article_still_indexed_is_extra_until_repaired(seeds):
    gone = create_article(title="Bài sẽ bị xóa thẳng trong cơ sở dữ liệu", body="Xóa.")
    index_now(gone)
    delete_bypassing_the_queue(gone)
    drift = check(wait=0)
    assert drift.extra == [gone.pk] and not drift.ok
    code, report, _err = run_check_index("--wait", "0")
    assert code == 1 and report["extra_in_index"] == [gone.pk]
    run_check_index("--repair")
    assert check(wait=0).ok
    assert found("bị xóa thẳng trong cơ sở dữ liệu") == []


def test_every_kind_is_counted_in_json_and_summary_and_one_repair_fixes_all(seeds):
    from search.backends import get_backend

    lost = create_article(title="Bài chưa vào chỉ mục", body="Thiếu.")
    if get_backend().transactional:
        get_backend().write([], [lost.pk])
    gone = create_article(title="Bài đã xóa mà chỉ mục còn giữ", body="Thừa.")
    index_now(gone)
    delete_bypassing_the_queue(gone)
    edit_bypassing_the_queue(seeds[1], "Tiêu đề lỗi thời trong chỉ mục")
    edit_bypassing_the_queue(seeds[3], "Tiêu đề sửa còn chờ áp dụng")
    sync.enqueue_article(seeds[3].pk)
    code, report, err = run_check_index("--json", "--wait", "0.2")
    assert code == 1 and not report["ok"]
    assert report["counts"] == {
        "missing": 1,
        "extra": 1,
        "stale": 1,
        "pending": 1,
        "pending_not_draining": 1,
    }
    assert "thiếu: 1, thừa: 1, lỗi thời: 1, cập nhật chờ: 1" in err
    assert "check_index --repair" in err
    code, report, err = run_check_index("--repair")
    assert code == 0 and report["repaired"]
    code, report, err = run_check_index()
    assert code == 0 and report["ok"], report
    assert set(report["counts"].values()) == {0}
    assert found("bài chưa vào chỉ mục") == [lost.pk]
    assert found("tiêu đề sửa còn chờ áp dụng") == [seeds[3].pk]


def test_a_bad_wait_is_refused_with_a_message(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--wait"):
        call_command("check_index", "--wait", "soon")


@pytest.mark.django_db(transaction=True)
def test_pending_rows_a_writer_is_draining_are_not_drift(search_backend):
    search_backend.clear()
    article = create_article(title="Bài có bộ ghi đang chạy", body="Đang áp dụng.")
    index_now(article)
    edit_bypassing_the_queue(article, "Bài sửa mà bộ ghi sẽ áp dụng")
    sync.enqueue_article(article.pk)
    stop = threading.Event()

    def drain_in_background():
        try:
            sync.run_writer(stop, interval=0.05)
        finally:
            connections.close_all()  # this thread's own connections

    # Starts once the check watches the queue: the row must drain meanwhile.
    writer = threading.Timer(0.3, drain_in_background)
    writer.start()
    try:
        drift = check(wait=5)
    finally:
        stop.set()
        writer.join(10)
    assert drift.ok and drift.not_draining == 0 and drift.stale == [], drift
    assert found("bài sửa mà bộ ghi sẽ áp dụng") == [article.pk]
    search_backend.clear()


def test_a_rebuild_marks_the_rows_it_covers_as_applied(seeds):
    from search.backends import get_backend

    for i, article in enumerate(seeds):
        edit_bypassing_the_queue(article, f"Bản sửa số {i} trước khi xây dựng lại")
        sync.enqueue_article(article.pk)
    assert sync.pending_count() == 5
    stats = get_backend().rebuild(procs=1)
    assert stats.covered == 5
    assert sync.pending_count() == 0
    assert check(wait=0).ok
    assert found("bản sửa số 3 trước khi xây dựng lại")[0] == seeds[3].pk


def test_a_row_queued_while_a_rebuild_reads_is_still_applied(seeds):
    from search.backends import get_backend

    queued = []

    def progress(done):
        # The rebuild has read every article: this edit comes after its read.
        if not queued:
            edit_bypassing_the_queue(seeds[4], "Bản sửa đến giữa lúc xây dựng lại")
            sync.enqueue_article(seeds[4].pk)
            queued.append(PendingUpdate.objects.latest("id").pk)

    stats = get_backend().rebuild(procs=1, progress=progress)
    assert queued and stats.covered == 0
    row = PendingUpdate.objects.get(pk=queued[0])
    # Replayed into the new index before the swap, or still waiting: never
    # marked done without being applied.
    if row.done_at is None:
        assert stats.replayed == 0
        sync.flush()
    else:
        assert stats.replayed == 1
    assert check(wait=0).ok
    assert found("bản sửa đến giữa lúc xây dựng lại") == [seeds[4].pk]


# Changes the archive's own services make must reach the index as saves do.


def test_an_event_date_found_by_extraction_reaches_the_index(
    empty_index, django_capture_on_commit_callbacks
):
    from articles.services import extract_article

    with django_capture_on_commit_callbacks(execute=True):
        article = create_article(
            title="Hội nghị cán bộ toàn quốc",
            body="Sáng 12/3/2023, Ban Tổ chức Trung ương tổ chức hội nghị cán bộ.",
        )
        extract_article(article)
    sync.flush()
    assert Article.objects.get(pk=article.pk).event_date is not None
    assert check(wait=0).ok


def test_merging_documents_reindexes_the_articles_that_cited_them(
    empty_index, django_capture_on_commit_callbacks
):
    from articles.models import Document
    from articles.services import merge_documents

    with django_capture_on_commit_callbacks(execute=True):
        create_article(
            title="Bài dẫn Quy định 205", body="Theo Quy định 205.", codes=["205-QĐ/TW"]
        )
    sync.flush()
    duplicate = Document.objects.get(code="205-QĐ/TW")
    target = Document.objects.create(
        code="205-QĐ/TƯ", doc_type="QĐ", number="205", issuer="TW"
    )
    with django_capture_on_commit_callbacks(execute=True):
        merge_documents(target, [duplicate])
    sync.flush()
    assert check(wait=0).ok
    assert search("", {"code": "205-QĐ/TƯ"}, suggest=False).count == 1

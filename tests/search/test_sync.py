import threading
import time

import pytest
from django.core.management import call_command
from django.db import transaction

from search import store, sync
from search.engine import views
from search.models import PendingUpdate
from search.rebuild import check, rebuild
from search.services import search

from .conftest import create_article


def found(q):
    views.clear()
    return [r.id for r in search(q, suggest=False).results]


def test_save_is_indexed_after_commit(empty_index, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article = create_article(title="Hội nghị cán bộ chủ chốt", body="Nội dung mới.")
    assert callbacks
    assert PendingUpdate.objects.waiting().filter(article_id=article.pk).exists()
    sync.flush()
    assert found("can bo chu chot") == [article.pk]


def test_rolled_back_save_leaves_no_phantom(
    empty_index, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        create_article(title="Bài sẽ bị hủy", body="Không được lưu.")
        raise RuntimeError
    sync.flush()
    assert found("bị hủy") == []
    assert not PendingUpdate.objects.exists()


def test_metadata_change_reindexes_the_article(
    seeds, django_capture_on_commit_callbacks
):
    from articles.models import Person, PersonMention

    article = seeds[3]
    person = Person.objects.create(name="Trần Cẩm Tú")
    with django_capture_on_commit_callbacks(execute=True):
        PersonMention.objects.create(article=article, person=person)
    sync.flush()
    views.clear()
    assert search("", {"official": person.slug}).count == 1
    with django_capture_on_commit_callbacks(execute=True):
        PersonMention.objects.filter(person=person).delete()
    sync.flush()
    views.clear()
    assert search("", {"official": person.slug}).count == 0


def test_admin_delete_removes_the_article(seeds, django_capture_on_commit_callbacks):
    pk = seeds[4].pk
    with django_capture_on_commit_callbacks(execute=True):
        seeds[4].delete()
    sync.flush()
    assert found("kiểm soát quyền lực") == []
    assert pk not in check().stale


def test_updates_wait_while_another_writer_holds_the_lock(seeds):
    article = create_article(title="Bài viết mới về luân chuyển", body="Luân chuyển.")
    with store.writer_lock(store.root_path()):
        started = time.perf_counter()
        sync.enqueue_article(article.pk)
        assert time.perf_counter() - started < 0.5
        assert sync.drain(block=False) == 0  # busy: the row waits, nothing is lost
    assert sync.flush() == 1
    assert found("bài viết mới về luân chuyển")[0] == article.pk


@pytest.mark.django_db(transaction=True)
def test_writer_thread_applies_saves_in_background(settings):
    settings.SEARCH_SYNC_THREAD = True
    sync.backend().clear()
    views.clear()
    try:
        article = create_article(title="Tổng kết công tác kiểm tra", body="Kiểm tra.")
        deadline = time.monotonic() + 20
        while sync.pending_count() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        # A thread left running would touch the database of later tests.
        sync.stop()
    assert found("tổng kết công tác kiểm tra") == [article.pk]


def test_rebuild_swaps_in_a_new_generation_and_keeps_serving(seeds):
    before = store.current_name(store.root_path())
    seen = []

    def progress(done):
        views.clear()
        seen.append(search("", suggest=False).count)
        # An edit during the rebuild is queued and replayed before the swap.
        if len(seen) == 1:
            seeds[0].title = "Tiêu đề đã sửa trong lúc xây dựng lại"
            seeds[0].save()
            sync.enqueue_article(seeds[0].pk)

    stats = rebuild(procs=1, progress=progress)
    assert seen == [5]
    assert stats.articles == 5 and stats.replayed == 1
    assert store.current_name(store.root_path()) != before
    assert found("sửa trong lúc xây dựng lại") == [seeds[0].pk]
    assert check().ok


def test_rebuild_uses_the_analysis_cache(seeds):
    assert rebuild(procs=1).analysed == 0


def test_check_index_reports_and_repairs_drift(seeds, capsys):
    extra = create_article(title="Bài chưa có trong chỉ mục", body="Thiếu.")
    drift = check()
    assert drift.missing == [extra.pk] and drift.stale == []
    with pytest.raises(SystemExit):
        call_command("check_index")
    call_command("check_index", "--repair")
    assert check().ok
    assert found("bài chưa có trong chỉ mục")[0] == extra.pk


def test_haystack_update_index_and_searchqueryset_still_work(seeds):
    from haystack.query import SearchQuerySet

    sync.backend().clear()
    call_command("update_index", verbosity=0)
    views.clear()
    assert search("").count == 5
    pks = {int(r.pk) for r in SearchQuerySet().filter(content="truong thi mai")}
    assert {seeds[1].pk, seeds[2].pk} <= pks


def test_concurrent_index_writers_neither_fail_nor_lose_updates(seeds):
    from search.documents import cached_compounds, load_meta

    articles = [
        create_article(title=f"Bài đồng thời số {i}", body=f"Nội dung {i}")
        for i in range(6)
    ]
    words, meta = cached_compounds(articles), load_meta([a.pk for a in articles])
    docs = [sync.whoosh_doc(a, words[a.pk], meta[a.pk]) for a in articles]
    errors = []

    def write(doc):
        try:
            sync.backend().write([doc], [])
        except Exception as exc:  # pragma: no cover - the assertion reports it
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(d,)) for d in docs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert check().ok


def test_haystack_rebuild_index_builds_beside_the_live_index_and_swaps(seeds):
    root = store.root_path()
    before = store.current_name(root)
    seen = []
    real_swap = store.swap

    def swap(root_, generation, keep=1):
        # Just before the swap the old generation still answers every search.
        views.clear()
        seen.append(search("", suggest=False).count)
        real_swap(root_, generation, keep)

    store.swap = swap
    try:
        call_command("rebuild_index", interactive=False, verbosity=0)
    finally:
        store.swap = real_swap
    assert seen == [5]
    after = store.current_name(root)
    assert after != before and (root / before).is_dir()
    views.clear()
    assert search("").count == 5
    assert found("truong thi mai")
    assert check().ok

import threading
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from search.backends import get_backend
from search.backends.whoosh import store
from search.backends.whoosh.engine import views
from search.backends.whoosh.rebuild import rebuild
from search.indexing import sync
from search.indexing.check import check
from search.models import PendingUpdate
from search.services import search

from .conftest import create_article

# The update queue and its writer serve the Whoosh backend; the PostgreSQL
# backend writes in the article's transaction (tests/search/test_postgres.py).
pytestmark = pytest.mark.whoosh_only


def found(q):
    views.clear()
    # Full matches only: a long query also lists articles holding most of it.
    return [r.id for r in search(q, suggest=False).results if not r.partial]


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
    assert pk not in check().extra


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
    get_backend().haystack.clear()
    views.clear()
    try:
        assert sync.start()
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
    assert drift.missing == [extra.pk] and drift.extra == drift.stale == []
    with pytest.raises(SystemExit):
        call_command("check_index")
    call_command("check_index", "--repair")
    assert check().ok
    assert found("bài chưa có trong chỉ mục")[0] == extra.pk


def test_haystack_update_index_and_searchqueryset_still_work(seeds):
    from haystack.query import SearchQuerySet

    get_backend().haystack.clear()
    call_command("update_index", verbosity=0)
    views.clear()
    assert search("").count == 5
    pks = {int(r.pk) for r in SearchQuerySet().filter(content="truong thi mai")}
    assert {seeds[1].pk, seeds[2].pk} <= pks


def test_concurrent_index_writers_neither_fail_nor_lose_updates(seeds):
    from search.backends.whoosh.snapshot import whoosh_doc
    from search.documents import build_documents

    articles = [
        create_article(title=f"Bài đồng thời số {i}", body=f"Nội dung {i}")
        for i in range(6)
    ]
    docs = [whoosh_doc(d) for d in build_documents(articles)]
    errors = []

    def write(doc):
        try:
            get_backend().haystack.write([doc], [])
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


def test_a_save_outside_a_server_starts_no_writer_thread(
    empty_index, settings, django_capture_on_commit_callbacks
):
    settings.SEARCH_SYNC_THREAD = True
    with django_capture_on_commit_callbacks(execute=True):
        create_article(title="Bài lưu từ một lệnh", body="Không có máy chủ.")
    # Commands and shells flush themselves; a daemon thread would die mid-write.
    assert not any(t.name == "search-writer" for t in threading.enumerate())
    assert sync.pending_count() == 1


def test_the_writer_thread_is_off_when_the_setting_says_so(settings):
    settings.SEARCH_SYNC_THREAD = False
    assert sync.start() is False
    assert not any(t.name == "search-writer" for t in threading.enumerate())


def test_the_queue_keeps_one_waiting_row_per_article_the_latest_request(db):
    sync.enqueue_article(7)
    sync.enqueue_article(7)
    sync.enqueue_article(8)
    sync.enqueue_delete(7)
    waiting = list(PendingUpdate.objects.waiting().values_list("article_id", "action"))
    assert waiting == [(8, "update"), (7, "delete")]


def test_a_request_made_while_the_writer_works_is_not_lost(
    empty_index, django_capture_on_commit_callbacks
):
    article = create_article(title="Bản đầu tiên của bài", body="Nội dung cũ.")
    sync.enqueue_article(article.pk)
    real_apply = sync.apply

    def apply_then_edit(rows):
        real_apply(rows)
        # An editor saves after the writer read the article but before it
        # marked the row done: the new request must survive that marking.
        with django_capture_on_commit_callbacks(execute=True):
            article.title = "Bản sửa trong lúc ghi chỉ mục"
            article.save()

    sync.apply = apply_then_edit
    try:
        assert sync.drain() == 1
    finally:
        sync.apply = real_apply
    assert sync.pending_count() == 1
    sync.flush()
    assert found("bản sửa trong lúc ghi chỉ mục") == [article.pk]


def test_a_drain_applies_duplicate_rows_of_an_article_once(empty_index):
    article = create_article(title="Bài có hai yêu cầu", body="Trùng lặp.")
    PendingUpdate.objects.bulk_create(
        [PendingUpdate(article_id=article.pk, action="update") for _ in range(2)]
    )
    assert sync.flush() == 2
    assert sync.pending_count() == 0
    assert found("bài có hai yêu cầu") == [article.pk]


def test_draining_prunes_rows_applied_long_ago_and_keeps_recent_ones(empty_index):
    now = timezone.now()
    old = PendingUpdate.objects.bulk_create(
        [PendingUpdate(article_id=i, action="update") for i in range(1, 4)]
    )
    PendingUpdate.objects.filter(pk__in=[r.pk for r in old]).update(
        done_at=now - sync.PRUNE_AFTER - timedelta(minutes=1)
    )
    recent = PendingUpdate.objects.create(article_id=50, action="update")
    PendingUpdate.objects.filter(pk=recent.pk).update(done_at=now)
    article = create_article(title="Bài kích hoạt dọn hàng đợi", body="Dọn.")
    sync.enqueue_article(article.pk)
    assert sync.drain() == 1
    left = set(PendingUpdate.objects.values_list("article_id", flat=True))
    assert left == {50, article.pk}


def test_pruning_is_bounded_per_drain(db):
    long_ago = timezone.now() - sync.PRUNE_AFTER - timedelta(hours=1)
    PendingUpdate.objects.bulk_create(
        [
            PendingUpdate(article_id=i, action="update", done_at=long_ago)
            for i in range(5)
        ]
    )
    assert sync.prune(limit=3) == 3
    assert sync.prune(limit=3) == 2
    assert not PendingUpdate.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_fixture_loading_queues_and_applies_the_loaded_articles(empty_index, tmp_path):
    from articles.models import Article

    fixture = tmp_path / "one.json"
    fixture.write_text(
        '[{"model": "articles.article", "pk": 901, "fields": {"title": '
        '"Bài nạp từ fixture", "body": "Nội dung nạp từ fixture.", '
        '"content_hash": "fixture-901", "created_at": "2024-01-01T00:00:00Z", '
        '"updated_at": "2024-01-01T00:00:00Z"}}]',
        encoding="utf-8",
    )
    # Real commits: loaddata's transaction queues the raw saves on commit.
    call_command("loaddata", str(fixture), verbosity=0)
    assert Article.objects.filter(pk=901).exists()
    # The command applied the queue before it returned.
    assert sync.pending_count() == 0
    assert found("bài nạp từ fixture") == [901]


def test_a_command_says_when_the_queue_could_not_be_applied(db, monkeypatch):
    sync.enqueue_article(5)

    def busy(*args, **kwargs):
        raise store.WriterBusy("khóa ghi đang bận")

    monkeypatch.setattr(sync, "drain", busy)
    problem = sync.flush_after_command()
    assert "khóa ghi đang bận" in problem and "1 cập nhật vẫn chờ" in problem
    assert sync.pending_count() == 1


def test_run_writer_applies_then_stops_when_asked(empty_index):
    article = create_article(title="Bài cho bộ ghi tiền cảnh", body="Tiền cảnh.")
    sync.enqueue_article(article.pk)
    stop = threading.Event()
    applied = []

    def seen(n):
        applied.append(n)
        stop.set()

    sync.run_writer(stop, interval=0.05, on_applied=seen)
    assert applied == [1]
    assert found("bài cho bộ ghi tiền cảnh") == [article.pk]


def _commits(monkeypatch) -> list[list[int]]:
    """Record the articles of every commit the writer makes from now on."""
    commits: list[list[int]] = []
    real_apply = sync.apply

    def recording(rows):
        commits.append(sorted({r.article_id for r in rows}))
        return real_apply(rows)

    monkeypatch.setattr(sync, "apply", recording)
    return commits


@pytest.fixture
def uncompleted_document(empty_index, monkeypatch):
    """Six articles imported moments ago, indexed, citing a document whose
    issuer and number no article has given yet (as in the soak's corpus)."""
    from articles.models import Document

    monkeypatch.setattr(sync, "note_cost", lambda *args: None)
    monkeypatch.setattr(sync, "_per_article", [0.01])  # backlog commits of 4
    citing = [
        create_article(
            title=f"Bài dẫn văn bản số {i}",
            body=f"Nội dung {i} dẫn Quy định 205-QĐ/TW.",
            codes=["205-QĐ/TW"],
        )
        for i in range(6)
    ]
    for article in citing:
        sync.enqueue_articles([article.pk])
    sync.flush()
    document = Document.objects.get(code="205-QĐ/TW")
    Document.objects.filter(pk=document.pk).update(number="", issuer="")
    document.refresh_from_db()
    return document, citing


def _complete(document, capture) -> None:
    """Fill the document's number and issuer, as an article's extraction does."""
    with capture(execute=True):
        document.number, document.issuer = "205", "TW"
        document.save(update_fields=["number", "issuer"])


def _drain_rest() -> list[bool]:
    """Drain what waits as a woken writer does; return each commit's freshness."""
    fresh = []
    while True:
        n, was_fresh = sync._drain(False, sync.LIVE_BATCH, None, newest_first=True)
        if not n:
            return fresh
        fresh.append(was_fresh)


def test_a_save_completing_a_document_commits_alone_then_its_citing_articles(
    uncompleted_document, monkeypatch, django_capture_on_commit_callbacks
):
    document, citing = uncompleted_document
    edited = create_article(title="Bài được biên tập", body="Nội dung cũ.")
    with django_capture_on_commit_callbacks(execute=True):
        edited.title = "Bài được biên tập zqlagone"
        edited.save()
    _complete(document, django_capture_on_commit_callbacks)
    assert sync.pending_count() == 7
    commits = _commits(monkeypatch)
    # The citing articles were saved seconds ago too, but only the edited
    # article's own save queued a row: its commit holds it alone.
    n, fresh = sync._drain(False, sync.LIVE_BATCH, None, newest_first=True)
    assert (n, fresh, commits) == (1, True, [[edited.pk]])
    assert found("zqlagone") == [edited.pk]
    # The citing articles follow as backlog, and none is lost.
    assert _drain_rest() == [False, False]
    assert sorted(pk for commit in commits[1:] for pk in commit) == sorted(
        a.pk for a in citing
    )
    assert sync.pending_count() == 0


def test_a_save_arriving_behind_a_documents_citing_articles_commits_alone(
    uncompleted_document, monkeypatch, django_capture_on_commit_callbacks
):
    document, citing = uncompleted_document
    _complete(document, django_capture_on_commit_callbacks)
    later = create_article(title="Bài lưu sau", body="Nội dung.")
    with django_capture_on_commit_callbacks(execute=True):
        later.title = "Bài lưu sau zqlagtwo"
        later.save()
    commits = _commits(monkeypatch)
    n, fresh = sync._drain(False, sync.LIVE_BATCH, None, newest_first=True)
    assert (n, fresh, commits) == (1, True, [[later.pk]])
    assert _drain_rest() == [False, False]
    assert sorted(pk for commit in commits[1:] for pk in commit) == sorted(
        a.pk for a in citing
    )


def test_an_article_saved_and_then_named_by_an_edit_keeps_its_place(
    uncompleted_document, monkeypatch, django_capture_on_commit_callbacks
):
    """Its row queued on behalf replaces its own save's row, and stands for it."""
    document, citing = uncompleted_document
    edited = citing[2]
    with django_capture_on_commit_callbacks(execute=True):
        edited.title = "Bài dẫn văn bản zqlagthree"
        edited.save()
    _complete(document, django_capture_on_commit_callbacks)
    rows = PendingUpdate.objects.waiting()
    assert rows.filter(article_id=edited.pk).count() == 1
    assert rows.get(article_id=edited.pk).own_change is True
    assert rows.filter(own_change=False).count() == 5
    commits = _commits(monkeypatch)
    sync._drain(False, sync.LIVE_BATCH, None, newest_first=True)
    assert commits == [[edited.pk]]
    assert found("zqlagthree") == [edited.pk]


def test_a_save_whose_row_waited_past_fresh_seconds_joins_the_backlog(
    uncompleted_document, monkeypatch, django_capture_on_commit_callbacks
):
    """A row left queued while no writer ran (an import held the lock) is no
    longer a fresh save: it takes its turn in the timed backlog commits."""
    document, citing = uncompleted_document
    late = create_article(title="Bài chờ lâu", body="Nội dung chờ lâu.")
    with django_capture_on_commit_callbacks(execute=True):
        late.save()
    PendingUpdate.objects.waiting().filter(article_id=late.pk).update(
        created_at=timezone.now() - timedelta(seconds=sync.FRESH_SECONDS + 5)
    )
    _complete(document, django_capture_on_commit_callbacks)
    commits = _commits(monkeypatch)
    assert _drain_rest() == [False, False]
    assert sorted(pk for commit in commits for pk in commit) == sorted(
        [late.pk, *(a.pk for a in citing)]
    )
    assert found("bài chờ lâu") == [late.pk]


def test_a_deleted_article_is_removed_as_a_fresh_change(
    uncompleted_document, monkeypatch, django_capture_on_commit_callbacks
):
    document, citing = uncompleted_document
    _complete(document, django_capture_on_commit_callbacks)
    gone = citing[0].pk
    with django_capture_on_commit_callbacks(execute=True):
        citing[0].delete()
    commits = _commits(monkeypatch)
    n, fresh = sync._drain(False, sync.LIVE_BATCH, None, newest_first=True)
    assert (n, fresh, commits) == (1, True, [[gone]])
    assert sorted(found("bài dẫn văn bản số")) == sorted(a.pk for a in citing[1:])
    assert _drain_rest() == [False, False]
    assert sync.pending_count() == 0


def test_a_writer_that_has_timed_no_commit_takes_one_backlog_row(
    empty_index, monkeypatch
):
    """A web worker's writer that has not written yet does not guess the
    machine's speed: its backlog commits take one row until it has timed one."""
    backlog = [
        create_article(title=f"Bài tồn đọng {i}", body=f"Nội dung {i}.")
        for i in range(3)
    ]
    sync.enqueue_articles([a.pk for a in backlog])
    monkeypatch.setattr(sync, "_per_article", [None])
    assert sync.backlog_batch() == 1
    assert sync.drain(limit=sync.LIVE_BATCH, newest_first=True) == 1
    # That commit was timed, and the first timing is taken as it is.
    assert sync._per_article[0] is not None
    monkeypatch.setattr(sync, "_per_article", [None])
    sync.note_cost(0.5, 1)
    assert sync._per_article == [0.5]
    sync.note_cost(0.01, 1)
    assert 0.01 < sync._per_article[0] < 0.5  # then an average
    monkeypatch.setattr(sync, "_per_article", [None])
    sync.note_cost(0.01, 1)
    assert sync.backlog_batch() == sync.LIVE_BATCH
    assert sync.drain(limit=sync.LIVE_BATCH, newest_first=True) == 2
    assert sync.pending_count() == 0


def test_a_woken_writer_holds_the_backlog_while_an_editor_saves(
    uncompleted_document, monkeypatch, django_capture_on_commit_callbacks
):
    """Right after a save, a woken writer leaves the citing articles waiting, so
    the editor's next save does not wait for their commit; a command's drain
    takes them at once, and they go as soon as the editor pauses."""
    document, citing = uncompleted_document
    edited = create_article(title="Bài biên tập liên tục", body="Nội dung.")
    with django_capture_on_commit_callbacks(execute=True):
        edited.save()
    _complete(document, django_capture_on_commit_callbacks)
    assert sync._drain(False, 4, None, True, hold=True) == (1, True)
    assert sync.backlog_held() > sync.BACKLOG_HOLD - 1
    assert sync._drain(False, 4, None, True, hold=True) == (0, False)
    assert sync.pending_count() == 6
    # The editor paused: the newest save is BACKLOG_HOLD old.
    PendingUpdate.objects.filter(own_change=True).update(
        created_at=timezone.now() - timedelta(seconds=sync.BACKLOG_HOLD)
    )
    assert sync.backlog_held() == 0
    assert sync._drain(False, 4, None, True, hold=True) == (4, False)
    # Without hold (a command, `drain`), nothing waits for the editor.
    with django_capture_on_commit_callbacks(execute=True):
        edited.save()
    assert sync.drain(limit=4, newest_first=True) == 1
    assert sync.drain(limit=4, newest_first=True) == 2
    assert sync.pending_count() == 0


def test_the_backlog_still_moves_beside_an_editor_who_never_stops(
    uncompleted_document, django_capture_on_commit_callbacks
):
    document, citing = uncompleted_document
    _complete(document, django_capture_on_commit_callbacks)
    long_ago = timezone.now() - timedelta(seconds=sync.BACKLOG_EVERY + 1)
    PendingUpdate.objects.waiting().update(created_at=long_ago)
    # The fixture's indexing counts as the last backlog commit: long ago too.
    PendingUpdate.objects.filter(done_at__isnull=False).update(done_at=long_ago)
    edited = create_article(title="Bài biên tập không nghỉ", body="Nội dung.")
    with django_capture_on_commit_callbacks(execute=True):
        edited.save()
    assert sync._drain(False, 4, None, True, hold=True) == (1, True)
    # The citing rows waited BACKLOG_EVERY with no backlog commit: one goes...
    assert sync.backlog_held() == 0
    assert sync._drain(False, 4, None, True, hold=True) == (4, False)
    # ...then they wait again for the editor, BACKLOG_EVERY at most.
    assert sync.backlog_held() > 0
    assert sync._drain(False, 4, None, True, hold=True) == (0, False)
    assert sync.pending_count() == 2


def test_a_writer_applies_a_held_backlog_when_the_hold_ends(
    uncompleted_document, monkeypatch, django_capture_on_commit_callbacks
):
    document, citing = uncompleted_document
    monkeypatch.setattr(sync, "BACKLOG_HOLD", 0.5)
    edited = create_article(title="Bài trước khi nghỉ", body="Nội dung.")
    with django_capture_on_commit_callbacks(execute=True):
        edited.save()
    _complete(document, django_capture_on_commit_callbacks)
    stop = threading.Event()
    rounds: list[tuple[int, float]] = []
    started = time.monotonic()

    def seen(n):
        rounds.append((n, time.monotonic() - started))
        if not sync.pending_count():
            stop.set()

    guard = threading.Timer(20, stop.set)
    guard.start()
    try:
        # A poll far longer than the test: only the hold's end wakes it.
        sync.run_writer(stop, interval=60.0, on_applied=seen)
    finally:
        guard.cancel()
    assert sync.pending_count() == 0
    assert rounds[0][0] == 1  # the save, alone
    assert sum(n for n, _ in rounds[1:]) == 6
    assert rounds[1][1] >= 0.4  # the backlog after the hold, not during it
    assert rounds[-1][1] < 15


def test_check_index_does_not_call_a_backlog_held_for_an_editor_stalled(
    uncompleted_document, monkeypatch, django_capture_on_commit_callbacks
):
    from search.indexing.check import wait_for_queue

    document, citing = uncompleted_document
    monkeypatch.setattr(sync, "BACKLOG_EVERY", 1.0)
    _complete(document, django_capture_on_commit_callbacks)
    edited = create_article(title="Bài biên tập khi kiểm tra", body="Nội dung.")
    with django_capture_on_commit_callbacks(execute=True):
        edited.save()
    sync.drain(limit=1, newest_first=True)  # the save; the backlog is held
    started = time.monotonic()
    # No writer runs: the rows stay, but only once the hold no longer covers
    # them (the backlog's oldest row waited BACKLOG_EVERY) is the wait counted.
    assert wait_for_queue(0.3, poll=0.05) == 6
    assert time.monotonic() - started >= 1.0
    started = time.monotonic()
    assert wait_for_queue(0.3, poll=0.05) == 6  # not held any more: 0.3 s
    assert time.monotonic() - started < 1.0

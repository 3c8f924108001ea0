"""Writers are woken by saves in any process, serve fresh saves first, and
commit without merging on a save's path."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from datetime import timedelta

import pytest
from django.db import connections
from django.utils import timezone

from articles.models import Article
from search.backends import get_backend
from search.backends.whoosh.engine import views
from search.indexing import sync, wake
from search.models import PendingUpdate
from search.services import search

from .conftest import create_article

pytestmark = pytest.mark.whoosh_only


def test_a_listener_waits_until_notified_and_reads_every_byte_at_once(tmp_path):
    listener = wake.Listener(tmp_path)
    try:
        assert listener.wait(0.05) is False
        assert wake.notify(tmp_path) == 1
        assert wake.notify(tmp_path) == 1
        assert listener.wait(5) is True
        assert listener.wait(0.05) is False  # both bytes were consumed
    finally:
        listener.close()
    assert list(tmp_path.iterdir()) == []


def test_a_notification_from_another_process_wakes_at_once(tmp_path):
    listener = wake.Listener(tmp_path)
    try:
        code = (
            "import sys; from pathlib import Path; from search.indexing import wake; "
            "sys.exit(0 if wake.notify(Path(sys.argv[1])) == 1 else 3)"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, str(tmp_path)], capture_output=True
        )
        assert done.returncode == 0, done.stderr
        started = time.monotonic()
        assert listener.wait(30) is True
        assert time.monotonic() - started < 1
    finally:
        listener.close()


def test_a_dead_writers_pipe_is_removed_and_a_full_pipe_is_no_error(tmp_path):
    code = (
        "import sys; from pathlib import Path; from search.indexing import wake; "
        "wake.Listener(Path(sys.argv[1]))"  # exits without closing it
    )
    subprocess.run([sys.executable, "-c", code, str(tmp_path)], check=True)
    assert len(list(tmp_path.iterdir())) == 1
    assert wake.notify(tmp_path) == 0
    assert list(tmp_path.iterdir()) == []
    listener = wake.Listener(tmp_path)
    try:
        for _ in range(70_000):  # more bytes than a pipe holds
            wake.notify(tmp_path)
        assert listener.wait(1) is True
    finally:
        listener.close()


def test_notify_without_a_folder_wakes_nobody(tmp_path):
    assert wake.notify(tmp_path / "absent") == 0


@pytest.mark.django_db(transaction=True)
def test_a_save_wakes_a_waiting_writer_long_before_its_poll(search_backend):
    search_backend.clear()
    stop = threading.Event()
    applied: list[int] = []

    def write_in_background():
        try:
            sync.run_writer(stop, interval=60.0, on_applied=applied.append)
        finally:
            connections.close_all()  # this thread's own connections

    writer = threading.Thread(target=write_in_background)
    writer.start()
    try:
        deadline = time.monotonic() + 10
        while not any(wake.folder().glob("*")) and time.monotonic() < deadline:
            time.sleep(0.01)
        article = create_article(title="Điều động cán bộ biên giới", body="Nội dung.")
        started = time.monotonic()
        sync.enqueue_article(article.pk)  # what the save's on_commit does
        while not applied and time.monotonic() - started < 20:
            time.sleep(0.02)
        assert applied, "the writer slept through the save"
        assert time.monotonic() - started < 20 < 60
    finally:
        stop.set()
        sync.wake_local()
        writer.join(10)
    assert not writer.is_alive(), "the writer did not stop when asked"
    assert not list(wake.folder().glob("*")), "its pipe was left behind"
    views.clear()
    assert [r.id for r in search("dieu dong can bo bien gioi").results] == [article.pk]
    search_backend.clear()


def _backlog(n: int) -> list[Article]:
    """Articles last saved an hour ago (queued because something they cite
    changed), queued after everything else."""
    articles = [
        create_article(title=f"Bài cũ số {i}", body=f"Nội dung cũ {i}.")
        for i in range(n)
    ]
    pks = [a.pk for a in articles]
    Article.objects.filter(pk__in=pks).update(
        updated_at=timezone.now() - timedelta(hours=1)
    )
    return articles


def test_a_fresh_save_is_applied_alone_ahead_of_a_newer_backlog(
    empty_index, monkeypatch
):
    monkeypatch.setattr(sync, "note_cost", lambda *args: None)  # commits cost 0
    monkeypatch.setattr(sync, "_per_article", [0.01])
    fresh = create_article(title="Bài vừa sửa", body="Mới.")
    sync.enqueue_article(fresh.pk)
    backlog = _backlog(6)
    sync.enqueue_articles([a.pk for a in backlog])  # newer rows than the save's
    assert sync.drain(limit=4, newest_first=True) == 1
    waiting = set(PendingUpdate.objects.waiting().values_list("article_id", flat=True))
    assert waiting == {a.pk for a in backlog}
    # Then the backlog, a few rows per commit, most recently saved first.
    assert sync.drain(limit=4, newest_first=True) == 4
    assert sync.drain(limit=4, newest_first=True) == 2
    assert sync.pending_count() == 0
    views.clear()
    assert search("bai cu so").count == 6


def test_backlog_commits_take_fewer_rows_when_commits_are_slow(
    empty_index, monkeypatch
):
    backlog = _backlog(6)
    sync.enqueue_articles([a.pk for a in backlog])
    monkeypatch.setattr(sync, "_per_article", [0.01])
    assert sync.backlog_batch() == sync.LIVE_BATCH
    for _ in range(10):  # commits of 0.5 s per article, as under heavy load
        sync.note_cost(0.5, 1)
    assert sync.backlog_batch() == 1
    assert sync.drain(limit=4, newest_first=True) == 1
    monkeypatch.setattr(sync, "_per_article", [0.01])
    assert sync.drain(limit=4, newest_first=True) == 4
    # A fresh save is never held back by the estimate: it takes LIVE_BATCH.
    monkeypatch.setattr(sync, "_per_article", [10.0])
    fresh = [
        create_article(title=f"Bài vừa lưu {i}", body=f"Mới {i}.") for i in range(2)
    ]
    for article in fresh:
        sync.enqueue_article(article.pk)
    assert sync.drain(limit=4, newest_first=True) == 2


def test_fresh_saves_are_coalesced_into_one_commit(empty_index):
    backend = get_backend().haystack
    articles = [
        create_article(title=f"Bài mới {i}", body=f"Nội dung mới {i}.")
        for i in range(3)
    ]
    for article in articles:
        sync.enqueue_article(article.pk)
    backend.setup()
    before = len(backend.index._segments())
    assert sync.drain(limit=4, newest_first=True) == 3
    assert len(backend.index.refresh()._segments()) == before + 1


def test_commits_do_not_merge_and_an_idle_merge_keeps_every_document(empty_index):
    haystack = get_backend().haystack
    articles = []
    for i in range(7):
        articles.append(create_article(title=f"Tin ngắn số {i}", body=f"Nội dung {i}."))
        sync.enqueue_article(articles[-1].pk)
        sync.flush()
    assert haystack.small_segments() >= 7  # one segment per commit, none merged
    # A second version of one article replaces the first, never adds a copy.
    articles[0].title = "Tin ngắn đã sửa"
    articles[0].save()
    sync.enqueue_article(articles[0].pk)
    sync.flush()
    assert get_backend().merge_small(least=6) is True
    assert haystack.small_segments() < 7
    assert get_backend().merge_small(least=100) is False
    views.clear()
    full = [r.id for r in search("tin ngan so").results if not r.partial]
    assert sorted(full) == sorted(a.pk for a in articles[1:])
    assert [r.id for r in search("tin ngan da sua").results] == [articles[0].pk]


@pytest.mark.django_db(transaction=True)
def test_a_save_during_a_merge_is_applied_without_waiting_for_it(
    search_backend, monkeypatch
):
    """The writer pauses a merge for a save, applies it, then finishes the merge."""
    from search.backends.whoosh import merge as merging

    if search_backend.name != "whoosh":
        pytest.skip("only the Whoosh backend has segments to merge")
    search_backend.clear()
    for i in range(8):
        article = create_article(title=f"Tin zqdon {i}", body=f"Nội dung {i}.")
        sync.enqueue_article(article.pk)
        sync.flush()
    monkeypatch.setattr(merging, "STEP_TERMS", 2)
    monkeypatch.setattr(sync, "MERGE_AT", 6)
    steps = merging.Merge.steps

    def slow_steps(self):  # a merge of many seconds, as at full size under load
        for step in steps(self):
            time.sleep(0.02)
            yield step

    monkeypatch.setattr(merging.Merge, "steps", slow_steps)
    swapped: list[float] = []
    swap = merging.Merge.swap

    def timed_swap(self, *args, **kwargs):
        done = swap(self, *args, **kwargs)
        swapped.append(time.monotonic())
        return done

    monkeypatch.setattr(merging.Merge, "swap", timed_swap)
    stop = threading.Event()
    applied: list[float] = []

    def write_in_background():
        try:
            sync.run_writer(
                stop,
                interval=60.0,
                on_applied=lambda n: applied.append(time.monotonic()),
            )
        finally:
            connections.close_all()

    haystack = search_backend.haystack
    writer = threading.Thread(target=write_in_background)
    writer.start()
    try:
        deadline = time.monotonic() + 20
        while not list(haystack.generation.glob(".merge-*")):
            assert time.monotonic() < deadline, "no merge started"
            time.sleep(0.01)
        article = create_article(title="Bài zqgiua", body="Lưu giữa lúc gộp.")
        saved = time.monotonic()
        sync.enqueue_article(article.pk)
        while not applied and time.monotonic() - saved < 20:
            time.sleep(0.01)
        assert applied, "the save was not applied"
        assert not swapped, "the merge ended before the save was applied"
        assert applied[0] - saved < 5
        while not swapped and time.monotonic() - saved < 60:
            time.sleep(0.05)
        assert swapped, "the paused merge never finished"
    finally:
        stop.set()
        sync.wake_local()
        writer.join(20)
    assert not writer.is_alive()
    assert haystack.small_segments() < 8
    views.clear()
    assert [r.id for r in search("zqgiua").results] == [article.pk]
    found = {r.id for r in search("zqdon").results if not r.partial}
    assert len(found) == 8
    search_backend.clear()

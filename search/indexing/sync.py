"""Keep the index in step with the database through one queue and one writer.

Saves only append a row to `PendingUpdate` (after their transaction commits);
the queue holds one waiting row per article, the newest request. A writer drains
it under the index-wide writer lock: the background thread of a web process
(started with the WSGI application, so by gunicorn and runserver alike), the
`search_worker` command, or a command that wrote articles applying its own rows
before it exits (`flush`). If another process holds the lock (an import, a
rebuild), the rows wait and are applied by whichever writer runs next, so an
admin save never waits for the index and no update is lost. Applied rows are
kept for a while (a rebuild replays the rows queued since it started) and then
pruned. A rebuild reads the database after noting the newest row
(`read_point`), so it covers every row up to that one and marks those done
(`mark_covered`); rows queued later are replayed into what it built or stay
queued for the next writer.
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connections
from django.db.models import Max
from django.utils import timezone

from articles.progress import start_phase

from ..models import PendingUpdate

log = logging.getLogger(__name__)
BATCH = 200
# Seconds between looks at the queue: rows from other processes wake no thread.
POLL_SECONDS = 2.0
# Applied rows must outlive the longest rebuild, which replays rows newer than
# its start into the generation it builds.
PRUNE_AFTER = timedelta(days=1)
PRUNE_BATCH = 1000

_wake = threading.Event()
_stop = threading.Event()
_thread: threading.Thread | None = None
_thread_lock = threading.Lock()
_serving = False  # this process runs the background writer (a web server)


def _autostart() -> bool:
    return getattr(settings, "SEARCH_SYNC_THREAD", True)


def enqueue_article(pk: int) -> None:
    """Ask for an article to be (re)indexed, or removed if it no longer exists."""
    _enqueue(pk, PendingUpdate.Action.UPDATE)


def enqueue_articles(pks: Iterable[int]) -> None:
    """Ask for many articles to be (re)indexed, in one insert."""
    pks = list(pks)
    if not pks:
        return
    update = PendingUpdate.Action.UPDATE
    created = PendingUpdate.objects.bulk_create(
        [PendingUpdate(article_id=pk, action=update) for pk in pks]
    )
    first = min((row.pk for row in created if row.pk), default=None)
    if first:  # as in _enqueue: the new rows stand for their articles
        PendingUpdate.objects.waiting().filter(
            article_id__in=pks, id__lt=first
        ).delete()
    _kick()


def enqueue_delete(pk: int) -> None:
    """Ask for an article to be removed from the index."""
    _enqueue(pk, PendingUpdate.Action.DELETE)


def _enqueue(pk: int, action: str) -> None:
    row = PendingUpdate.objects.create(article_id=pk, action=action)
    # The newest row stands for the article, so older waiting ones go. A writer
    # that has already read one of them still applies the article and marks that
    # row done by its pk (a no-op once deleted); the new row makes the next drain
    # write the article again, so a change made meanwhile is never lost. Two
    # processes racing here can briefly leave two rows; a drain applies them once.
    PendingUpdate.objects.waiting().filter(article_id=pk, id__lt=row.pk).delete()
    _kick()


def _kick() -> None:
    if _serving:
        _ensure_thread()
        _wake.set()


def start() -> bool:
    """Start this process's background writer; return whether it runs.

    Web processes call it once at start-up (`newsarchive/wsgi.py`); the thread
    first applies what earlier processes left queued, then polls the queue.
    `SEARCH_SYNC_THREAD = False` (NEWSARCHIVE_SEARCH_SYNC_THREAD=0) turns it off.
    """
    global _serving
    if not _autostart():
        return False
    if not _serving:
        _serving = True
        atexit.register(stop)
    _ensure_thread()
    _wake.set()
    return True


def _ensure_thread() -> None:
    global _thread
    with _thread_lock:
        if _thread is None or not _thread.is_alive():
            _stop.clear()
            _thread = threading.Thread(target=_run, name="search-writer", daemon=True)
            _thread.start()


def stop(timeout: float = 10.0) -> None:
    """Stop the background writer thread, if one runs (tests, shutdown)."""
    global _thread, _serving
    with _thread_lock:
        thread, _thread = _thread, None
        _serving = False
    if thread is not None:
        _stop.set()
        _wake.set()
        thread.join(timeout)


def _after_fork() -> None:
    # Threads do not survive fork: a child (a rebuild worker, a gunicorn worker
    # forked after --preload) starts with no writer and fresh locks; the parent's
    # thread goes on serving the queue.
    global _wake, _stop, _thread, _thread_lock, _serving
    _wake, _stop = threading.Event(), threading.Event()
    _thread, _thread_lock, _serving = None, threading.Lock(), False


os.register_at_fork(after_in_child=_after_fork)


def _warm_up() -> None:
    """Load pyvi's model before the first write needs it (seconds, once per
    process): the first save after a worker starts is then searchable as fast
    as the others, and the first query parsed finds the model loaded."""
    from articles.text import segment

    try:
        segment("Ban Tổ chức Trung ương")
    except Exception:  # the writer reports real failures when it writes
        log.exception("Could not load the word segmenter ahead of time")


def _run() -> None:
    _warm_up()
    run_writer(_stop, wake=_wake)
    connections.close_all()  # this thread's own connections


def run_writer(
    stop_event: threading.Event,
    *,
    wake: threading.Event | None = None,
    interval: float = POLL_SECONDS,
    on_applied: Callable[[int], None] | None = None,
) -> None:
    """Drain the queue until stop_event is set, looking again every interval.

    Apply what waits first, then wait for wake (set by saves in this process) or
    the interval (rows queued by other processes). A failure is logged and the
    rows stay queued for the next round.
    """
    while not stop_event.is_set():
        try:
            applied = 0
            while not stop_event.is_set() and (n := drain(block=False)):
                applied += n
            if applied and on_applied is not None:
                on_applied(applied)
        except Exception:
            log.exception("Index writer failed; pending updates stay queued")
            stop_event.wait(1.0)
        finally:
            # Between rounds, like between requests: drop broken or expired
            # connections. Never inside a transaction (a caller's, or a test's):
            # Django would close its connection.
            if not any(c.in_atomic_block for c in connections.all()):
                close_old_connections()
        if wake is None:
            stop_event.wait(interval)
        else:
            wake.wait(interval)
            wake.clear()


def apply(rows: list[PendingUpdate]) -> None:
    """Write the final state of the articles named by rows into the index.

    Must be called with the backend's writer lock held.
    """
    from ..backends import get_backend

    docs, gone = documents_for(rows)
    get_backend().write(docs, gone, locked=True)


def documents_for(rows: list[PendingUpdate]) -> tuple[list, list[int]]:
    """Return the index documents of the articles rows name, and the ids of
    those that no longer exist."""
    from articles.models import Article

    from ..documents import build_documents

    pks = sorted({r.article_id for r in rows})
    articles = list(Article.objects.filter(pk__in=pks).select_related("source"))
    present = {a.pk for a in articles}
    return build_documents(articles), [pk for pk in pks if pk not in present]


def drain(block: bool = True, limit: int = BATCH, upto: int | None = None) -> int:
    """Apply up to limit waiting updates (queued up to row upto); return how many."""
    from ..backends import get_backend

    held = get_backend().writer_lock(block=block)
    if held is None:
        return 0
    with held:
        waiting = PendingUpdate.objects.waiting()
        if upto is not None:
            waiting = waiting.filter(pk__lte=upto)
        rows = list(waiting[:limit])
        if not rows:
            return 0
        apply(rows)
        # By pk: a row replaced while we wrote is gone, and its successor waits.
        PendingUpdate.objects.filter(pk__in=[r.pk for r in rows]).update(
            done_at=timezone.now()
        )
    prune()
    return len(rows)


def prune(older_than: timedelta = PRUNE_AFTER, limit: int = PRUNE_BATCH) -> int:
    """Delete up to limit rows applied more than older_than ago; return how many."""
    cutoff = timezone.now() - older_than
    pks = list(
        PendingUpdate.objects.filter(done_at__lt=cutoff)
        .order_by("done_at")
        .values_list("pk", flat=True)[:limit]
    )
    if pks:
        PendingUpdate.objects.filter(pk__in=pks).delete()
    return len(pks)


def flush(progress: Callable[[int], None] | None = None) -> int:
    """Apply every update waiting now, in this thread; return how many.

    Updates queued meanwhile by other processes are left to the next writer:
    chasing them, a command would never end beside a busy editor.
    """
    if progress is not None and (waiting := pending_count()):
        start_phase(progress, "indexing", waiting)
    last = PendingUpdate.objects.waiting().order_by("-pk").values_list("pk", flat=True)
    upto = last.first()
    total = 0
    while upto is not None and (n := drain(block=True, upto=upto)):
        total += n
        if progress is not None:
            progress(total)
    return total


def flush_after_command(progress=None, **kwargs) -> str | None:
    """Apply the queue before a command that wrote articles exits; say why not.

    Receiver of `articles.importing.writes_finished`: returns None, or a line
    for the command to print. The rows stay queued for the next writer.
    """
    try:
        flush(progress)
    except Exception as exc:
        log.debug("Could not apply the queued index updates", exc_info=True)
        try:
            waiting = f"{pending_count()} cập nhật"
        except Exception:
            waiting = "các cập nhật"
        return (
            f"Chưa cập nhật được chỉ mục tìm kiếm ({exc}); {waiting} vẫn chờ trong "
            "hàng đợi và sẽ được máy chủ web, `search_worker` hoặc "
            "`drain_search_queue` áp dụng."
        )
    return None


def read_point() -> int:
    """Return the id of the newest queue row, for a rebuild about to read the
    database.

    A row is created only after the change it names has committed, and ids grow
    with time, so every row up to this id names a change the rebuild's reads
    (all made after this call) will see.
    """
    return PendingUpdate.objects.aggregate(m=Max("id"))["m"] or 0


def mark_covered(point: int) -> int:
    """Mark the waiting rows up to point applied (a rebuild that read the
    database after taking point covers them); return how many."""
    return PendingUpdate.objects.filter(id__lte=point, done_at__isnull=True).update(
        done_at=timezone.now()
    )


def pending_count() -> int:
    """Return how many updates wait for the writer."""
    return PendingUpdate.objects.waiting().count()

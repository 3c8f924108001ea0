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

Writers are woken, not only polled: queuing a row writes a byte into every
waiting writer's pipe (`wake`), so a save in one process (the admin in one web
worker, a script) is applied by a writer in another at once. A writer woken for
fresh rows (queued by an article's own change: its save, its extraction) applies
the newest few first, alone in a small commit, so an editor's save never waits
behind a backlog (rows queued on an article's behalf: the hundreds of articles
citing a document an edit completed, a repair): the backlog follows in the next
commits, once the editor has paused for a few seconds.
Every application writes each article's state read from the database at that
moment, so the order rows are applied in never loses a change.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connections
from django.db.models import F, Max, OuterRef, Subquery
from django.utils import timezone

from articles.progress import start_phase

from ..models import PendingUpdate

log = logging.getLogger(__name__)
BATCH = 200
# Rows a woken writer applies per commit, newest first, so a save waits for at
# most one small commit in progress before its own.
LIVE_BATCH = 4
# A commit of backlog rows takes as many as fit in this many seconds, by the
# cost per article of the commits before it (one article when the machine is
# loaded, LIVE_BATCH when idle): that is the longest a fresh save arriving
# during one waits.
BACKLOG_SECONDS = 0.3
# How much one commit's cost per article moves the estimate (an average over
# the last few commits).
COST_WEIGHT = 0.3
# A row an article's own change queued this recently is an editor's or a
# script's fresh save; a commit holding one takes no other row (an article that
# is only re-indexed because something it names changed), so the save costs one
# document's commit. Older ones wait with the backlog (a writer was away).
FRESH_SECONDS = 30.0
# While an article's own change was queued this recently (an editor is at work:
# a save, then its extraction, then the next save), a woken writer starts no
# backlog commit, so the editor's next save finds the writer free rather than
# waiting for a commit of someone else's articles (0.5-1.5 s under load)...
BACKLOG_HOLD = 3.0
# ...unless no backlog commit was made for this long: the backlog still moves
# beside an editor who never stops, one commit at a time.
BACKLOG_EVERY = 10.0
# Pause between two backlog commits of a woken writer: longer than a blocked
# `writer_lock` sleeps between tries, so a waiting command gets the lock.
BACKLOG_PAUSE = 0.1
# Small segments (one per commit of the Whoosh backend) left before a writer
# with nothing queued merges them. The merge is written without the writer
# lock, a few milliseconds of work at a time, and the writer stops between two
# of them as soon as a row is queued, applies it, then goes on: a save never
# waits for a merge (see `search.backends.whoosh.merge`).
MERGE_AT = 10
# Seconds between looks at the queue when no notification came (a notifier that
# could not reach the pipes, a row inserted by hand).
POLL_SECONDS = 2.0
# Applied rows must outlive the longest rebuild, which replays rows newer than
# its start into the generation it builds.
PRUNE_AFTER = timedelta(days=1)
PRUNE_BATCH = 1000

# A file to append one JSON line per step of every writer to (lock waits, rows
# taken, commits, merges), for tracing where a save's time goes; unset, nothing
# is written. Read once at import: every process the suite starts inherits it.
TRACE_FILE = os.environ.get("NEWSARCHIVE_WRITER_TRACE", "")

# Seconds, the recent commits' cost per article; None until this process has
# timed a commit of its own (see `backlog_batch`).
_per_article: list[float | None] = [None]
_held_until = [0.0]  # monotonic time this process's held backlog may go
_wake = threading.Event()
_stop = threading.Event()
_thread: threading.Thread | None = None
_thread_lock = threading.Lock()
_serving = False  # this process runs the background writer (a web server)
_listeners: set = set()  # this process's writers' pipes (see `wake`)


def trace(event: str, **fields) -> None:
    """Append one step of a writer to TRACE_FILE, when tracing is on."""
    if not TRACE_FILE:
        return
    record = {"t": round(time.time(), 4), "pid": os.getpid(), "event": event}
    record.update(fields)
    try:
        with open(TRACE_FILE, "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
    except OSError:
        log.debug("Could not write the writer trace", exc_info=True)


def _autostart() -> bool:
    return getattr(settings, "SEARCH_SYNC_THREAD", True)


def enqueue_article(pk: int) -> None:
    """Ask for an article to be (re)indexed, or removed if it no longer exists,
    because it changed itself (a save, its extracted metadata)."""
    _enqueue(pk, PendingUpdate.Action.UPDATE)


def enqueue_articles(pks: Iterable[int]) -> None:
    """Ask for many articles to be (re)indexed, in one insert, on their behalf:
    something they name changed (a document's number, an official's slug).

    Their rows are backlog, applied after every fresh save (see `_freshest`),
    except an article whose own change is still waiting: its new row stands for
    that change too, so it keeps the place of one.
    """
    pks = list(pks)
    if not pks:
        return
    update = PendingUpdate.Action.UPDATE
    own = set(
        PendingUpdate.objects.waiting()
        .filter(article_id__in=pks, own_change=True)
        .values_list("article_id", flat=True)
    )
    created = PendingUpdate.objects.bulk_create(
        [
            PendingUpdate(article_id=pk, action=update, own_change=pk in own)
            for pk in pks
        ]
    )
    first = min((row.pk for row in created if row.pk), default=None)
    if first:  # as in _enqueue: the new rows stand for their articles
        PendingUpdate.objects.waiting().filter(
            article_id__in=pks, id__lt=first
        ).delete()
    _kick()


def enqueue_delete(pk: int) -> None:
    """Ask for an article to be removed from the index (it was deleted)."""
    _enqueue(pk, PendingUpdate.Action.DELETE)


def _enqueue(pk: int, action: str) -> None:
    row = PendingUpdate.objects.create(article_id=pk, action=action, own_change=True)
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
    notify()


def notify() -> None:
    """Wake the index writers of every process (a row was just queued)."""
    from . import wake

    try:
        wake.notify()
    except Exception:  # never fail a save: the writers' poll still finds it
        log.debug("Could not wake the index writers", exc_info=True)


def wake_local() -> None:
    """Wake the writers waiting in this process (to stop them, say)."""
    _wake.set()
    for listener in list(_listeners):
        listener.poke()


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
        wake_local()
        thread.join(timeout)


def _after_fork() -> None:
    # Threads do not survive fork: a child (a rebuild worker, a gunicorn worker
    # forked after --preload) starts with no writer and fresh locks; the parent's
    # thread goes on serving the queue.
    global _wake, _stop, _thread, _thread_lock, _serving, _listeners
    _wake, _stop = threading.Event(), threading.Event()
    _thread, _thread_lock, _serving = None, threading.Lock(), False
    _listeners = set()  # the parent's pipes stay the parent's


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
    """Drain the queue until stop_event is set, woken by every row queued.

    Apply what waits first (the newest rows first, a few per commit); then,
    when MERGE_AT small segments wait, write their merge a step at a time,
    pausing it whenever a row is queued; then wait for a notification from any
    process (`wake`), for wake (set by this process) or for the interval,
    whichever comes first. A failure is logged and the rows stay queued for
    the next round.
    """
    listener = _listen()
    merging = None
    first = True  # small segments an earlier process left get merged too
    try:
        while not stop_event.is_set():
            try:
                applied = 0
                while not stop_event.is_set():
                    n, fresh = _drain(
                        False, LIVE_BATCH, None, newest_first=True, hold=True
                    )
                    if not n:
                        break
                    applied += n
                    if not fresh:
                        # Between backlog commits, let in a command waiting for
                        # the lock (an import's or a repair's flush writes in
                        # far larger commits); a fresh save ends the pause.
                        _wait(listener, wake, stop_event, BACKLOG_PAUSE)
                if applied and on_applied is not None:
                    on_applied(applied)
            except Exception:
                log.exception("Index writer failed; pending updates stay queued")
                stop_event.wait(1.0)
            finally:
                # Between rounds, like between requests: drop broken or expired
                # connections. Never inside a transaction (a caller's, or a
                # test's): Django would close its connection.
                if not any(c.in_atomic_block for c in connections.all()):
                    close_old_connections()
            if stop_event.is_set():
                break
            if merging is None and (applied or first):
                merging = _start_merge()
            first = False
            if merging is not None:
                merging = _merge_some(merging, listener, wake, stop_event)
                if merging is not None:
                    continue  # paused: a row came
            # Backlog held for an editor: look again when the hold ends.
            held = _held_until[0] - time.monotonic()
            look = min(interval, held + 0.05) if held > 0 else interval
            _wait(listener, wake, stop_event, look)
    finally:
        if merging is not None:
            merging.close()
        if listener is not None:
            _listeners.discard(listener)
            listener.close()


def _listen():
    """Open this writer's pipe; None (polling only) when the folder is unusable."""
    from . import wake

    try:
        listener = wake.Listener()
    except Exception:
        log.warning("Index writer cannot be woken; it polls the queue instead")
        return None
    _listeners.add(listener)
    return listener


def _wait(listener, wake, stop_event, interval: float) -> bool:
    """Wait up to interval for a notification; return whether one came."""
    if listener is None:
        came = (wake or stop_event).wait(interval)
    elif wake is not None and wake.is_set():
        came = True
    else:
        # Saves in this process poke the pipe too (notify writes to every one).
        came = listener.wait(interval)
    if wake is not None:
        wake.clear()
    return came


def _start_merge():
    """Return a merge of the backend's small segments when MERGE_AT of them
    wait (and no other process merges), or None."""
    from ..backends import get_backend

    backend = get_backend()
    # Not part of the neutral interface: only the Whoosh backend has segments
    # to merge.
    start = getattr(backend, "start_merge", None)
    if start is None:
        return None
    try:
        return start(least=MERGE_AT)
    except Exception:
        log.exception("Could not start merging index segments")
        return None


def _merge_some(merge, listener, wake, stop_event):
    """Write the merge until a row is queued (return it, to go on later) or it
    is written; then list it under the writer lock (return None)."""

    def pause() -> bool:
        return stop_event.is_set() or _wait(listener, wake, stop_event, 0)

    started = time.time()
    try:
        if not merge.work(pause):
            return merge
        written = time.time()
        swapped = merge.swap()
    except Exception:
        log.exception("Index segment merge failed; the segments stay as they are")
        merge.close()
        return None
    trace(
        "merge",
        segments=len(merge.segments),
        documents=sum(s.doc_count_all() for s in merge.segments),
        pauses=merge.pauses,
        write=round(written - started, 3),
        swap=round(time.time() - written, 3),
        swap_lock_wait=round(merge.lock_wait, 3),
        swap_held=round(merge.held, 3),
        swapped=swapped,
    )
    return None


def apply(rows: list[PendingUpdate]) -> float:
    """Write the final state of the articles named by rows into the index;
    return the seconds spent building their documents (the rest is the write).

    Must be called with the backend's writer lock held.
    """
    from ..backends import get_backend

    started = time.time()
    docs, gone = documents_for(rows)
    built = time.time()
    get_backend().write(docs, gone, locked=True)
    return built - started


def documents_for(rows: list[PendingUpdate]) -> tuple[list, list[int]]:
    """Return the index documents of the articles rows name, and the ids of
    those that no longer exist."""
    from articles.models import Article

    from ..documents import build_documents

    pks = sorted({r.article_id for r in rows})
    articles = list(Article.objects.filter(pk__in=pks).select_related("source"))
    present = {a.pk for a in articles}
    return build_documents(articles), [pk for pk in pks if pk not in present]


def drain(
    block: bool = True,
    limit: int = BATCH,
    upto: int | None = None,
    newest_first: bool = False,
) -> int:
    """Apply up to limit waiting updates (queued up to row upto); return how many.

    newest_first takes the rows of the most recently saved articles first, for
    a writer serving fresh saves ahead of a backlog (see `_freshest`).
    """
    return _drain(block, limit, upto, newest_first)[0]


def _drain(
    block: bool, limit: int, upto: int | None, newest_first: bool, hold: bool = False
) -> tuple[int, bool]:
    """Do `drain`; also return whether the rows applied were fresh saves."""
    from ..backends import get_backend

    asked = time.time()
    held = get_backend().writer_lock(block=block)
    if held is None:
        trace("lock_busy")
        return 0, False
    with held:
        locked = time.time()
        waiting = PendingUpdate.objects.waiting()
        if upto is not None:
            waiting = waiting.filter(pk__lte=upto)
        if newest_first:
            rows, fresh = _freshest(waiting, limit, backlog_batch(limit), hold)
        else:
            rows, fresh = list(waiting[:limit]), False
        if not rows:
            return 0, False
        chosen = time.time()
        build = apply(rows)
        # By pk: a row replaced while we wrote is gone, and its successor waits.
        PendingUpdate.objects.filter(pk__in=[r.pk for r in rows]).update(
            done_at=timezone.now()
        )
        note_cost(time.time() - chosen, len(rows))
        trace(
            "commit",
            lock_wait=round(locked - asked, 3),
            choose=round(chosen - locked, 3),
            apply=round(time.time() - chosen, 3),
            build=round(build, 3) if build is not None else None,
            fresh=fresh,
            articles=sorted({r.article_id for r in rows})[:8],
            rows=len(rows),
            oldest_row=min(r.created_at for r in rows).timestamp(),
            taken=_taken(rows),
        )
    prune()
    return len(rows), fresh


def _taken(rows: list[PendingUpdate]) -> list[list]:
    """For the trace: the first few rows' article, whether its own change
    queued the row, and how long the row waited until its commit ended."""
    now = timezone.now()
    return [
        [
            row.article_id,
            row.own_change,
            round((now - row.created_at).total_seconds(), 2),
        ]
        for row in rows[:8]
    ]


def backlog_batch(limit: int = LIVE_BATCH) -> int:
    """Return how many backlog rows the next commit takes (see BACKLOG_SECONDS).

    One until this process has timed a commit: a web worker whose writer has
    not written yet knows nothing of the machine's load, and a guess of several
    rows made a fresh save wait for a four-article commit (1.7 s in a soak).
    """
    cost = _per_article[0]
    if cost is None:
        return 1
    return max(1, min(limit, int(BACKLOG_SECONDS / cost)))


def note_cost(seconds: float, articles: int) -> None:
    """Fold one commit's cost per article into the estimate."""
    if articles:
        cost = seconds / articles
        known = _per_article[0]
        if known is not None:
            cost = known + COST_WEIGHT * (cost - known)
        _per_article[0] = cost


def _freshest(
    waiting, limit: int, backlog: int | None = None, hold: bool = False
) -> tuple[list[PendingUpdate], bool]:
    """Return up to limit waiting rows and whether they are fresh saves.

    Fresh rows are those an article's own change queued (its save, its
    deletion, its extracted metadata) in the last FRESH_SECONDS, newest first;
    when any wait they come alone, so a save's commit holds only the articles
    saved. Otherwise backlog rows (queued on an article's behalf: the articles
    citing an edited document, a repair's), at most `backlog`, the most recently
    saved articles first (deleted ones before all).

    By the row, not by the article's save time: the articles citing a document
    are queued in the same moment as the save that completed it, and an article
    saved a few seconds before (an import, the previous edit) is no fresher for
    being named by another one's save.

    With hold (a woken writer), no backlog row is returned while an editor is
    at work (`backlog_held`).
    """
    from articles.models import Article

    recent = timezone.now() - timedelta(seconds=FRESH_SECONDS)
    fresh = list(
        waiting.filter(own_change=True, created_at__gte=recent).order_by("-pk")[:limit]
    )
    if fresh:
        return fresh, True
    if hold and (held := backlog_held()):
        trace("backlog_held", seconds=round(held, 3))
        return [], False
    saved = Article.objects.filter(pk=OuterRef("article_id")).values("updated_at")
    rows = list(
        waiting.annotate(saved_at=Subquery(saved)).order_by(
            F("saved_at").desc(nulls_first=True), "-pk"
        )[: backlog or limit]
    )
    return rows, False


def backlog_held() -> float:
    """Return for how many seconds more backlog commits wait (0: they may go).

    They wait BACKLOG_HOLD after the newest row an article's own change queued,
    in any process, unless the backlog has not moved for BACKLOG_EVERY: no
    backlog commit that long ago or since, and its oldest row waited that long.
    """
    now = timezone.now()
    newest = (
        PendingUpdate.objects.filter(own_change=True)
        .order_by("-pk")
        .values_list("created_at", flat=True)
        .first()
    )
    left = BACKLOG_HOLD - (now - newest).total_seconds() if newest else 0.0
    if left <= 0:
        return 0.0
    every = timedelta(seconds=BACKLOG_EVERY)
    moved = PendingUpdate.objects.filter(
        own_change=False, done_at__gte=now - every
    ).exists()
    if not moved:
        oldest = (
            PendingUpdate.objects.waiting()
            .filter(own_change=False)
            .values_list("created_at", flat=True)
            .first()
        )
        if oldest is not None and oldest <= now - every:
            return 0.0
    _held_until[0] = time.monotonic() + left
    return left


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

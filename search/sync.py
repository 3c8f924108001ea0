"""Keep the index in step with the database through one queue and one writer.

Saves only append a row to `PendingUpdate` (after their transaction commits) and
wake a background thread; the thread drains the queue under the index-wide
writer lock. If another process holds the lock (an import, a rebuild), the rows
wait and are applied by whichever writer runs next, so an admin save never waits
for the index and no update is lost.
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone

from . import store
from .models import PendingUpdate

log = logging.getLogger(__name__)
BATCH = 200

_wake = threading.Event()
_stop = threading.Event()
_thread: threading.Thread | None = None
_thread_lock = threading.Lock()


def _autostart() -> bool:
    return getattr(settings, "SEARCH_SYNC_THREAD", True)


def enqueue_article(pk: int) -> None:
    """Ask for an article to be (re)indexed, or removed if it no longer exists."""
    PendingUpdate.objects.create(article_id=pk, action=PendingUpdate.Action.UPDATE)
    _kick()


def enqueue_delete(pk: int) -> None:
    """Ask for an article to be removed from the index."""
    PendingUpdate.objects.create(article_id=pk, action=PendingUpdate.Action.DELETE)
    _kick()


def _kick() -> None:
    if not _autostart():
        return
    _ensure_thread()
    _wake.set()


def _ensure_thread() -> None:
    global _thread
    with _thread_lock:
        if _thread is None or not _thread.is_alive():
            _stop.clear()
            _thread = threading.Thread(target=_run, name="search-writer", daemon=True)
            _thread.start()


def stop(timeout: float = 10.0) -> None:
    """Stop the background writer thread, if one runs (tests, shutdown)."""
    global _thread
    with _thread_lock:
        thread, _thread = _thread, None
    if thread is not None:
        _stop.set()
        _wake.set()
        thread.join(timeout)


def _run() -> None:
    while not _stop.is_set():
        _wake.wait(timeout=2.0)
        _wake.clear()
        if _stop.is_set():
            break
        try:
            while drain(block=False):
                pass
        except Exception:
            log.exception("Index writer failed; pending updates stay queued")
            time.sleep(1.0)
        finally:
            close_old_connections()
    connections.close_all()  # this thread's own connections


def backend():
    """Return the haystack backend of the default connection."""
    from haystack import connections

    return connections["default"].get_backend()


def apply(rows: list[PendingUpdate], target=None) -> None:
    """Write the final state of the articles named by rows into the index.

    Must be called with the writer lock held. target is a Whoosh index to write
    to instead of the live one (a rebuild catching up before its swap).
    """
    from articles.models import Article

    from .documents import cached_compounds, load_meta

    pks = sorted({r.article_id for r in rows})
    articles = list(Article.objects.filter(pk__in=pks).select_related("source"))
    compounds = cached_compounds(articles)
    meta = load_meta([a.pk for a in articles])
    docs = []
    for article in articles:
        try:
            docs.append(whoosh_doc(article, compounds[article.pk], meta[article.pk]))
        except Exception:
            log.exception("Could not prepare article %s for the index", article.pk)
    present = {a.pk for a in articles}
    gone = [f"articles.article.{pk}" for pk in pks if pk not in present]
    be = backend()
    if target is None:
        be.write(docs, gone, locked=True)
    else:
        write_to(target, docs, gone)


def write_to(ix, docs: list[dict], gone: list[str]) -> None:
    """Apply updates and deletions to a Whoosh index in one commit."""
    writer = ix.writer(timeout=60, compound=False)
    try:
        for whoosh_id in gone:
            writer.delete_by_term("id", whoosh_id)
        for doc in docs:
            writer.update_document(**doc)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


def whoosh_doc(article, compounds: str, meta) -> dict:
    """Return the Whoosh document of an article, ids included."""
    from .documents import article_fields

    doc = article_fields(article, compounds, meta)
    for name in ("official", "code", "codekey", "doc_type", "issuer"):
        doc[name] = ",".join(doc[name])
    doc.update(
        id=f"articles.article.{article.pk}",
        django_ct="articles.article",
        django_id=str(article.pk),
    )
    return doc


def drain(block: bool = True, limit: int = BATCH) -> int:
    """Apply up to limit waiting updates; return how many were applied."""
    root = store.root_path()
    be = backend()
    if not be.setup_complete:
        be.setup()  # may create the first generation, which takes the lock itself
    if block:
        held = store.writer_lock(root, timeout=300)
    else:
        held = store.try_writer_lock(root)
        if held is None:
            return 0
    with held:
        rows = list(PendingUpdate.objects.waiting()[:limit])
        if not rows:
            return 0
        apply(rows)
        PendingUpdate.objects.filter(pk__in=[r.pk for r in rows]).update(
            done_at=timezone.now()
        )
    return len(rows)


def flush() -> int:
    """Apply every waiting update now, in this thread; return how many."""
    total = 0
    while n := drain(block=True):
        total += n
    return total


def pending_count() -> int:
    """Return how many updates wait for the writer."""
    return PendingUpdate.objects.waiting().count()

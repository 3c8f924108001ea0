"""Compare the database with the configured backend's index, and repair drift.

Four kinds of drift, each counted:

- missing: an article of the database has no index document;
- extra: an index document names an article that no longer exists;
- stale: an index document's content hash (`search.documents.content_hash`)
  differs from the one the article builds now: an edit that never reached the
  index (a `QuerySet.update`, a raw SQL fix, a lost queue row);
- pending: queue rows waiting for the writer. Waiting is normal while a
  writer drains the queue, so pending rows are drift only when they are *not
  draining*: rows already waiting when the check started that are still
  waiting after `wait` seconds in which the queue applied none of them (no
  writer runs, it is stuck, or a long rebuild holds the lock). While rows keep
  being applied the check waits for those it saw at the start.

An article that has a waiting row is counted as pending only: that row will
bring it in step. Both sides are read twice where they disagree, so a change
committed while the check reads is not reported as drift.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field

from articles.progress import start_phase

from ..models import PendingUpdate
from . import sync

CHUNK = 500
#: Seconds without progress after which waiting rows count as not draining:
#: more than twice the web writer's poll interval.
WAIT_SECONDS = 5.0
POLL_SECONDS = 0.2
log = logging.getLogger(__name__)


@dataclass(slots=True)
class Drift:
    db_count: int = 0
    index_count: int = 0
    missing: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    #: Queue rows waiting when the check ended.
    pending: int = 0
    #: Of those, rows that were waiting from the start and did not drain.
    not_draining: int = 0

    @property
    def ok(self) -> bool:
        return not (self.missing or self.extra or self.stale or self.not_draining)

    def counts(self) -> dict[str, int]:
        """Return how many of each kind of drift the check found."""
        return {
            "missing": len(self.missing),
            "extra": len(self.extra),
            "stale": len(self.stale),
            "pending": self.pending,
            "pending_not_draining": self.not_draining,
        }


def wait_for_queue(wait: float, poll: float = POLL_SECONDS) -> int:
    """Watch the rows waiting now drain; return how many still wait after wait
    seconds passed without any of them being applied.

    Backlog rows a writer holds for an editor at work (`sync.backlog_held`)
    are not stalled: they move at least every `sync.BACKLOG_EVERY` seconds.
    """
    left = set(PendingUpdate.objects.waiting().values_list("pk", flat=True))
    if not left or wait <= 0:
        return len(left)
    moved = time.monotonic()
    while left and time.monotonic() - moved < wait:
        time.sleep(poll)
        still = left & set(
            PendingUpdate.objects.waiting()
            .filter(pk__gte=min(left))
            .values_list("pk", flat=True)
        )
        if len(still) < len(left) or (still and sync.backlog_held()):
            moved = time.monotonic()
        left = still
    return len(left)


def database_versions(pks: list[int] | None = None) -> dict[int, str]:
    """Return article id → the content hash its index document must carry."""
    from articles.models import Article

    from ..documents import index_document, load_meta

    if pks is None:
        pks = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    out: dict[int, str] = {}
    for i in range(0, len(pks), CHUNK):
        chunk = list(Article.objects.filter(pk__in=pks[i : i + CHUNK]).order_by("pk"))
        meta = load_meta([a.pk for a in chunk])
        for article in chunk:
            try:
                # pyvi's compounds are not hashed: no analysis runs here.
                doc = index_document(article, "", meta[article.pk])
                out[article.pk] = doc.content_hash
            except Exception:
                log.exception("Could not prepare article %s for the check", article.pk)
                out[article.pk] = ""
    return out


def _compare(db: dict[int, str], index: dict[int, str], waiting: set[int]):
    missing = {pk for pk in db if pk not in index} - waiting
    extra = {pk for pk in index if pk not in db} - waiting
    stale = {pk for pk, v in db.items() if pk in index and index[pk] != v} - waiting
    return missing, extra, stale


def _waiting_articles() -> set[int]:
    return set(PendingUpdate.objects.waiting().values_list("article_id", flat=True))


def check(repair: bool = False, progress=None, wait: float = WAIT_SECONDS) -> Drift:
    """Compare database and the configured backend's index; with repair, fix it.

    Without repair, waiting queue rows are first given `wait` seconds to drain
    (see the module docstring); a repair applies them itself. A transactional
    backend (PostgreSQL) gets the fixes written at once; the others through the
    queue, which is then applied.
    """
    from ..backends import get_backend

    backend = get_backend()
    start_phase(progress, "reading")
    not_draining = wait_for_queue(0 if repair else wait)
    index = backend.indexed_versions()
    db = database_versions()
    missing, extra, stale = _compare(db, index, _waiting_articles())
    if missing or extra or stale:
        # A change committed between the two reads shows on one side only: read
        # the disagreeing articles again and keep what still disagrees.
        suspects = sorted(missing | extra | stale)
        index = backend.indexed_versions()
        again = _compare(database_versions(suspects), index, _waiting_articles())
        missing, extra, stale = (
            a & b for a, b in zip((missing, extra, stale), again, strict=True)
        )
    drift = Drift(
        db_count=len(db),
        index_count=len(index),
        missing=sorted(missing),
        extra=sorted(extra),
        stale=sorted(stale),
        pending=sync.pending_count(),
        not_draining=not_draining,
    )
    if repair:
        _repair(backend, drift, progress)
    return drift


def _repair(backend, drift: Drift, progress=None) -> None:
    """Write what is missing or stale, remove what is extra, apply the queue."""
    from articles.models import Article

    from ..documents import build_documents

    todo = sorted(drift.missing + drift.stale)
    if backend.transactional:
        start_phase(progress, "indexing", len(todo) + len(drift.extra))
        for i in range(0, len(todo), CHUNK):
            articles = Article.objects.filter(pk__in=todo[i : i + CHUNK])
            backend.write(build_documents(articles.select_related("source")), [])
            if progress:
                progress(min(i + CHUNK, len(todo)))
        backend.write([], drift.extra)
        if progress:
            progress(len(todo) + len(drift.extra))
    else:
        PendingUpdate.objects.bulk_create(
            [PendingUpdate(article_id=pk, action="update") for pk in todo]
            + [PendingUpdate(article_id=pk, action="delete") for pk in drift.extra]
        )
    sync.flush(progress)

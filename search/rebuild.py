"""Rebuild the index beside the live one and swap it in; compare index and DB.

pyvi output comes from the analysis cache, so a rebuild only re-runs pyvi for
article versions it has never seen (in parallel worker processes). Updates that
arrive during the rebuild are queued as usual and replayed into the new
generation under the writer lock just before the swap, so none is lost and
searches keep using the old generation until the new one is complete.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Max
from django.utils import timezone
from whoosh.filedb.filestore import FileStorage

from . import store, sync
from .bulk import BulkWriter
from .documents import analysis_key, load_meta, pyvi_text, segment_text
from .models import AnalysisCache, PendingUpdate

CHUNK = 500
SEGMENT_DOCS = 10_000


@dataclass(slots=True)
class RebuildStats:
    articles: int = 0
    analysed: int = 0
    seconds: float = 0.0
    replayed: int = 0
    generation: str = ""


def _segment_pair(item: tuple[str, str]) -> tuple[str, str]:
    key, value = item
    return key, segment_text(value)


def _start_analysis(articles: list, pool=None):
    """Look up cached pyvi output and start computing what is missing."""
    keys = {a.pk: analysis_key(a) for a in articles}
    found = dict(
        AnalysisCache.objects.filter(key__in=set(keys.values())).values_list(
            "key", "words"
        )
    )
    todo = {keys[a.pk]: pyvi_text(a) for a in articles if keys[a.pk] not in found}
    items = list(todo.items())
    if not items:
        pending = None
    elif pool is not None:
        pending = pool.map_async(_segment_pair, items, 8)
    else:
        pending = list(map(_segment_pair, items))
    return keys, found, pending


def _finish_analysis(started) -> tuple[dict[int, str], int]:
    """Wait for started analysis, cache it, return words per pk and how many ran."""
    keys, found, pending = started
    if pending is None:
        computed = {}
    else:
        computed = dict(pending if isinstance(pending, list) else pending.get())
        AnalysisCache.objects.bulk_create(
            [AnalysisCache(key=k, words=w) for k, w in computed.items()],
            ignore_conflicts=True,
        )
        found.update(computed)
    return {pk: found[k] for pk, k in keys.items()}, len(computed)


def ensure_analysis(articles: list, pool=None) -> dict[int, str]:
    """Return pyvi words per article pk, computing only what the cache lacks."""
    return _finish_analysis(_start_analysis(articles, pool))[0]


def _chunks(pks: list[int]):
    from articles.models import Article

    for i in range(0, len(pks), CHUNK):
        yield list(Article.objects.filter(pk__in=pks[i : i + CHUNK]).order_by("pk"))


def build(ix, pks: list[int], pool=None, stats=None, progress=None) -> None:
    """Add the given articles to a new index, one segment per SEGMENT_DOCS.

    pyvi runs in the pool on the next chunk while this process writes the
    current one; segments are committed without merging (a merge would read
    and rewrite every posting in Python).
    """
    writer = None
    in_segment = 0
    chunks = _chunks(pks)
    chunk = next(chunks, None)
    started = _start_analysis(chunk, pool) if chunk else None
    while chunk:
        words, analysed = _finish_analysis(started)
        following = next(chunks, None)
        started = _start_analysis(following, pool) if following else None
        meta = load_meta([a.pk for a in chunk])
        if writer is None:
            writer = BulkWriter(ix)
        for article in chunk:
            writer.add_document(
                **sync.whoosh_doc(article, words[article.pk], meta[article.pk])
            )
        in_segment += len(chunk)
        if in_segment >= SEGMENT_DOCS:
            writer.commit(merge=False)
            writer, in_segment = None, 0
        if stats is not None:
            stats.articles += len(chunk)
            stats.analysed += analysed
        if progress:
            progress(stats.articles if stats is not None else 0)
        chunk = following
    if writer is not None:
        writer.commit(merge=False)


def rebuild(
    procs: int = 2, progress: Callable[[int], None] | None = None
) -> RebuildStats:
    """Build a complete new generation from the database and make it live."""
    from articles.models import Article

    from .engine import views

    started = time.perf_counter()
    backend = sync.backend()
    if not backend.setup_complete:
        backend.setup()
    root = backend.root
    generation = store.new_generation(root)
    stats = RebuildStats(generation=generation.name)
    try:
        ix = FileStorage(str(generation)).create_index(backend.schema)
        start_id = PendingUpdate.objects.aggregate(m=Max("id"))["m"] or 0
        pks = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        with _LazyPool(procs) if procs > 1 else _NoPool() as pool:
            build(ix, pks, pool, stats, progress)
        with store.writer_lock(root, timeout=300):
            rows = list(PendingUpdate.objects.filter(id__gt=start_id))
            if rows:
                sync.apply(rows, target=ix)
            store.swap(root, generation)
            PendingUpdate.objects.filter(pk__in=[r.pk for r in rows]).update(
                done_at=timezone.now()
            )
            stats.replayed = len(rows)
    except BaseException:
        store.discard(generation)
        raise
    backend.setup()
    views.clear()
    stats.seconds = time.perf_counter() - started
    return stats


class _LazyPool:
    """A fork pool started only when some text needs pyvi (not from the cache)."""

    def __init__(self, procs: int) -> None:
        self.procs = procs
        self.pool = None

    def map_async(self, fn, items, chunksize):
        if self.pool is None:
            # Load pyvi's model once here; forked workers share its memory.
            from .segmenter import _model

            _model()
            self.pool = multiprocessing.get_context("fork").Pool(self.procs)
        return self.pool.map_async(fn, items, chunksize)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()


class _NoPool:
    def __enter__(self):
        return None

    def __exit__(self, *exc) -> None:
        return None


@dataclass(slots=True)
class Drift:
    db_count: int
    index_count: int
    missing: list[int]
    stale: list[int]
    pending: int

    @property
    def ok(self) -> bool:
        return not self.missing and not self.stale


def indexed_ids() -> set[int]:
    """Return the article pks present (not deleted) in the live index."""
    from .engine import views

    views.clear()
    backend = sync.backend()
    backend.ensure_current()
    with backend.index.refresh().searcher() as searcher:
        return {
            int(fields["django_id"])
            for _n, fields in searcher.reader().iter_docs()
            if fields.get("django_ct") == "articles.article"
        }


def check(repair: bool = False) -> Drift:
    """Compare database and index; with repair, queue and apply the fixes."""
    from articles.models import Article

    db_ids = set(Article.objects.values_list("pk", flat=True))
    index_ids = indexed_ids()
    drift = Drift(
        db_count=len(db_ids),
        index_count=len(index_ids),
        missing=sorted(db_ids - index_ids),
        stale=sorted(index_ids - db_ids),
        pending=sync.pending_count(),
    )
    if repair and (not drift.ok or drift.pending):
        PendingUpdate.objects.bulk_create(
            [PendingUpdate(article_id=pk, action="update") for pk in drift.missing]
            + [PendingUpdate(article_id=pk, action="delete") for pk in drift.stale]
        )
        sync.flush()
    return drift

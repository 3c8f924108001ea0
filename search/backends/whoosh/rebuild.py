"""Rebuild the Whoosh index beside the live one and swap it in.

pyvi output comes from the analysis cache, so a rebuild only re-runs pyvi for
article versions it has never seen (in parallel worker processes). Updates that
arrive during the rebuild are queued as usual and replayed into the new
generation under the writer lock just before the swap, so none is lost and
searches keep using the old generation until the new one is complete. Rows
queued before the rebuild read the database are covered by it and marked done.

The generation is built under a build lock (`store.building`), so a killed
rebuild's folder is removed by the next writer; worker processes die with the
rebuild that started them (`die_with_parent`).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from django.utils import timezone
from whoosh.filedb.filestore import FileStorage

from articles.progress import start_phase

from ...documents import (
    analysis_key,
    index_document,
    load_meta,
    pyvi_text,
    segment_text,
)
from ...indexing import sync
from ...models import AnalysisCache, PendingUpdate
from ..base import RebuildStats
from . import store
from .bulk import BulkWriter
from .haystack_engine import haystack_backend
from .snapshot import ID_PREFIX, whoosh_doc

CHUNK = 500
SEGMENT_DOCS = 10_000
PARALLEL_MIN = 1_000  # fewer articles are written by this process alone
POLL_SECONDS = 0.2  # how often the parent reads its workers' shared count
_written = None  # articles written by all workers: a Value shared across fork


def _segment_pair(item: tuple[str, str]) -> tuple[str, str]:
    key, value = item
    return key, segment_text(value)


def ensure_analysis(articles: list) -> tuple[dict[int, str], int]:
    """Return pyvi words per article pk and how many had to be computed."""
    keys = {a.pk: analysis_key(a) for a in articles}
    found = dict(
        AnalysisCache.objects.filter(key__in=set(keys.values())).values_list(
            "key", "words"
        )
    )
    todo = {keys[a.pk]: pyvi_text(a) for a in articles if keys[a.pk] not in found}
    computed = dict(map(_segment_pair, todo.items()))
    if computed:
        AnalysisCache.objects.bulk_create(
            [AnalysisCache(key=k, words=w) for k, w in computed.items()],
            ignore_conflicts=True,
        )
        found.update(computed)
    return {pk: found[k] for pk, k in keys.items()}, len(computed)


def _chunks(pks: list[int]):
    from articles.models import Article

    for i in range(0, len(pks), CHUNK):
        yield list(Article.objects.filter(pk__in=pks[i : i + CHUNK]).order_by("pk"))


def write_segment(task: tuple[str, list[int]], on_chunk=None):
    """Write the given articles into one new segment of the index at path.

    Runs in a worker process (or inline with one process); returns the segment
    for the parent to add to the table of contents, and how many articles pyvi
    had to analyse. The parent holds the index lock meanwhile.
    """
    path, pks = task
    ix = FileStorage(path).open_index()
    writer = BulkWriter(ix, lock=False)
    analysed = 0
    for chunk in _chunks(pks):
        words, count = ensure_analysis(chunk)
        analysed += count
        meta = load_meta([a.pk for a in chunk])
        for article in chunk:
            doc = index_document(article, words[article.pk], meta[article.pk])
            writer.add_document(**whoosh_doc(doc))
        if on_chunk is not None:
            on_chunk(len(chunk))
    # The parent commits, and on failure discards the whole folder.
    return writer.finish_segment(), len(pks), analysed


def _write_segment_in_worker(task: tuple[str, list[int]]):
    """write_segment in a forked worker, which then closes its own connections."""
    from django.db import connections

    try:
        return write_segment(task, _count_written)
    finally:
        connections.close_all()


PR_SET_PDEATHSIG = 1  # linux/prctl.h
WATCH_SECONDS = 0.5


def die_with_parent(parent: int) -> None:
    """Make this worker process end when the process that started it dies.

    A rebuild killed with SIGKILL runs no cleanup, and its workers would go on
    writing segments nobody will commit. On Linux the kernel sends the worker
    SIGKILL when its parent dies (`PR_SET_PDEATHSIG`: no polling, and it works
    however the parent died); elsewhere a daemon thread polls the parent's pid.
    Either way a parent already gone before this call is caught by comparing
    getppid() with the pid the parent passed.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            if os.getppid() != parent:
                os._exit(1)
            return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def _count_written(n: int) -> None:
    if _written is not None:
        with _written.get_lock():
            _written.value += n


def _results(results, progress):
    """Yield the pool's results; between them, report the workers' shared count."""
    while True:
        try:
            yield results.next(timeout=POLL_SECONDS)
        except multiprocessing.TimeoutError:
            progress(_written.value)
        except StopIteration:
            return


def build(ix, pks: list[int], procs: int = 1, stats=None, progress=None) -> None:
    """Add the given articles to a new index, split in segments written in parallel.

    Each worker process reads its articles, runs pyvi where the analysis cache
    lacks them, and writes whole segments; this process then lists them all in
    one commit. Segments are never merged (a merge would read and rewrite every
    posting in Python); at most SEGMENT_DOCS articles go in one.
    """
    from django.db import connections

    if not pks:
        return
    parallel = procs > 1 and len(pks) >= PARALLEL_MIN and _can_fork()
    size = min(SEGMENT_DOCS, -(-len(pks) // procs)) if parallel else SEGMENT_DOCS
    tasks = [(ix.storage.folder, pks[i : i + size]) for i in range(0, len(pks), size)]
    segments = []
    # Created here, not by racing workers: Whoosh writers keep temporary files
    # in one folder per index.
    (Path(ix.storage.folder) / f"{ix.indexname}.tmp").mkdir(exist_ok=True)
    reported = 0

    def report(done: int) -> None:
        # Only growth is reported: a callback sees each count once.
        nonlocal reported
        if progress and done > reported:
            reported = done
            progress(done)

    global _written
    if parallel:
        # Forked children must not share this process's database connections.
        connections.close_all()
        context = multiprocessing.get_context("fork")
        _written = context.Value("q", 0)
        pool = context.Pool(
            min(procs, len(tasks)),
            initializer=die_with_parent,
            initargs=(os.getpid(),),
        )
        results = pool.imap(_write_segment_in_worker, tasks)
        if progress:
            results = _results(results, report)
    else:
        written = 0

        def on_chunk(n: int) -> None:
            nonlocal written
            written += n
            report(written)

        pool = None
        results = (write_segment(task, on_chunk) for task in tasks)
    try:
        done = 0
        for segment, count, analysed in results:
            segments.append(segment)
            done += count
            if stats is not None:
                stats.articles += count
                stats.analysed += analysed
            report(done)
    finally:
        _written = None
        if pool is not None:
            pool.terminate()
            pool.join()
    start_phase(progress, "committing")
    writer = BulkWriter(ix)
    writer.add_segments(segments)
    writer.commit(merge=False)


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


def _can_fork() -> bool:
    """Whether worker processes can read what this process sees in the database.

    Not inside a transaction (its rows are invisible to other connections, and
    closing the connection would end it) nor with an in-memory SQLite database.
    """
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        if conn.in_atomic_block:
            return False
        if conn.vendor == "sqlite" and conn.is_in_memory_db():
            return False
    return True


def rebuild(
    procs: int = 2, progress: Callable[[int], None] | None = None
) -> RebuildStats:
    """Build a complete new generation from the database and make it live."""
    from articles.models import Article

    from .engine import views

    started = time.perf_counter()
    backend = haystack_backend()
    backend.prepare_replacement()
    root = backend.root
    build_lock = store.building(root)
    generation = build_lock.path
    stats = RebuildStats(generation=generation.name)
    try:
        ix = FileStorage(str(generation)).create_index(backend.schema)
        store.write_format(generation)
        # Taken before any article is read: rows up to it are covered.
        start_id = sync.read_point()
        start_phase(progress, "reading")
        pks = list(Article.objects.order_by("pk").values_list("pk", flat=True))
        start_phase(progress, "indexing", len(pks))
        build(ix, pks, procs, stats, progress)
        start_phase(progress, "swapping")
        with store.writer_lock(root, timeout=300):
            rows = list(PendingUpdate.objects.filter(id__gt=start_id))
            if rows:
                docs, gone = sync.documents_for(rows)
                write_to(
                    ix,
                    [whoosh_doc(d) for d in docs],
                    [ID_PREFIX + str(pk) for pk in gone],
                )
            store.swap(root, generation)
            PendingUpdate.objects.filter(pk__in=[r.pk for r in rows]).update(
                done_at=timezone.now()
            )
            stats.replayed = len(rows)
            stats.covered = sync.mark_covered(start_id)
    except BaseException:
        build_lock.release()
        store.discard(generation)
        raise
    build_lock.release()
    backend.setup()
    views.clear()
    stats.seconds = time.perf_counter() - started
    return stats


def indexed_ids() -> set[int]:
    """Return the article pks present (not deleted) in the live index."""
    return set(indexed_versions())


def indexed_versions() -> dict[int, str]:
    """Return article pk → stored content hash of the live index's documents."""
    from .engine import views

    views.clear()
    backend = haystack_backend()
    backend.ensure_current()
    with backend.index.refresh().searcher() as searcher:
        return {
            int(fields["django_id"]): fields.get("content_hash") or ""
            for _n, fields in searcher.reader().iter_docs()
            if fields.get("django_ct") == "articles.article"
        }

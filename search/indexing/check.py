"""Compare the database with the configured backend's index, and repair drift."""

from __future__ import annotations

from dataclasses import dataclass

from articles.progress import start_phase

from ..models import PendingUpdate
from . import sync

CHUNK = 500


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


def check(repair: bool = False, progress=None) -> Drift:
    """Compare database and the configured backend's index; with repair, fix it.

    A transactional backend (PostgreSQL) gets the fixes written at once; the
    others through the queue, which is then applied.
    """
    from articles.models import Article

    from ..backends import get_backend

    backend = get_backend()
    start_phase(progress, "reading")
    db_ids = set(Article.objects.values_list("pk", flat=True))
    index_ids = backend.indexed_ids()
    drift = Drift(
        db_count=len(db_ids),
        index_count=len(index_ids),
        missing=sorted(db_ids - index_ids),
        stale=sorted(index_ids - db_ids),
        pending=sync.pending_count(),
    )
    if repair and backend.transactional and not drift.ok:
        from ..documents import build_documents

        start_phase(progress, "indexing", len(drift.missing) + len(drift.stale))
        for i in range(0, len(drift.missing), CHUNK):
            articles = Article.objects.filter(
                pk__in=drift.missing[i : i + CHUNK]
            ).select_related("source")
            backend.write(build_documents(articles), [])
            if progress:
                progress(min(i + CHUNK, len(drift.missing)))
        backend.write([], drift.stale)
        if progress:
            progress(len(drift.missing) + len(drift.stale))
    elif repair and (not drift.ok or drift.pending):
        PendingUpdate.objects.bulk_create(
            [PendingUpdate(article_id=pk, action="update") for pk in drift.missing]
            + [PendingUpdate(article_id=pk, action="delete") for pk in drift.stale]
        )
        sync.flush(progress)
    return drift

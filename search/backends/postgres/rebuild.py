"""Rebuild the index table beside the live one and rename it in.

1. Under a brief SHARE lock on the live table (which waits for every writing
   transaction in flight to commit) take a version number `start`; every row
   or tombstone written later carries a larger one.
2. Fill the shadow table from the database (fill rows carry `start`), then
   create its indexes. Searches and writes go on against the live table.
3. In one transaction, under an EXCLUSIVE lock on the live table (reads go on,
   writes wait): copy over the live rows written since `start`, delete the
   shadow rows of articles deleted since then, rename the shadow table over
   the live one and drop the old one.

Queue rows older than step 1 (the PostgreSQL backend writes without the queue,
but rows can be left from a time the archive used another backend) are
covered by the rebuild and marked done in step 3.

One rebuild runs at a time: each holds a session advisory lock, which
PostgreSQL releases when the session ends, however it ends. A rebuild killed
half-way leaves its shadow table behind; the next rebuild, holding the lock,
knows nobody fills it and drops it first.
"""

from __future__ import annotations

import time

from django.db import connection, transaction
from django.utils.translation import gettext as _

from articles.progress import start_phase

from ..base import RebuildRunning
from . import schema
from .schema import GONE, SHADOW, TABLE

CHUNK = 500
OLD = f"{TABLE}_old"
#: pg_advisory_lock key of the rebuild (any constant; "NArb" in ASCII).
REBUILD_LOCK = 0x4E417262


def _analysed(articles: list) -> int:
    """Return how many of the articles pyvi will have to segment."""
    from ...documents import analysis_key
    from ...models import AnalysisCache

    keys = {analysis_key(a) for a in articles}
    found = set(
        AnalysisCache.objects.filter(key__in=keys).values_list("key", flat=True)
    )
    return len(keys - found)


def fill(cursor, table: str, start: int, stats, progress=None) -> None:
    """Insert the rows of every article into table, versioned `start`."""
    from articles.models import Article

    from ...documents import build_documents
    from .rows import document_row
    from .snapshot import COLUMN_LIST, PLACEHOLDERS

    insert = (
        f"INSERT INTO {table} ({COLUMN_LIST}, version) "
        f"VALUES ({PLACEHOLDERS}, {int(start)})"
    )
    start_phase(progress, "reading")
    pks = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    start_phase(progress, "indexing", len(pks))
    for i in range(0, len(pks), CHUNK):
        articles = list(
            Article.objects.filter(pk__in=pks[i : i + CHUNK])
            .select_related("source")
            .order_by("pk")
        )
        stats.analysed += _analysed(articles)
        rows = [document_row(d) for d in build_documents(articles)]
        if rows:
            cursor.executemany(insert, rows)
        stats.articles += len(rows)
        if progress:
            progress(stats.articles)


def swap(cursor, start: int) -> int:
    """Catch the shadow table up with the live one and rename it in; return how
    many rows and tombstones were replayed. Call inside a transaction."""
    cursor.execute(f"LOCK TABLE {TABLE} IN EXCLUSIVE MODE")
    columns = ", ".join(schema.COLUMNS)
    updates = ", ".join(f"{c} = EXCLUDED.{c}" for c in (*schema.COLUMNS[1:], "version"))
    cursor.execute(
        f"INSERT INTO {SHADOW} ({columns}, version) "
        f"SELECT {columns}, version FROM {TABLE} WHERE version > %s "
        f"ON CONFLICT (article_id) DO UPDATE SET {updates}",
        [start],
    )
    replayed = cursor.rowcount
    cursor.execute(
        f"DELETE FROM {SHADOW} AS s USING {GONE} AS g "
        "WHERE g.version > %s AND s.article_id = g.article_id "
        "AND s.version < g.version",
        [start],
    )
    replayed += cursor.rowcount
    # Writers are blocked and have all committed: no tombstone is needed now.
    cursor.execute(f"DELETE FROM {GONE}")
    cursor.execute(f"DROP TABLE IF EXISTS {OLD}")
    cursor.execute(f"ALTER TABLE {TABLE} RENAME TO {OLD}")
    cursor.execute(f"ALTER TABLE {SHADOW} RENAME TO {TABLE}")
    cursor.execute(f"DROP TABLE {OLD}")
    cursor.execute(
        "SELECT indexname FROM pg_indexes "
        "WHERE tablename = %s AND starts_with(indexname, %s)",
        [TABLE, SHADOW],
    )
    for (name,) in cursor.fetchall():
        cursor.execute(f'ALTER INDEX "{name}" RENAME TO "{TABLE}{name[len(SHADOW) :]}"')
    return replayed


def rebuild(backend, progress=None):
    """Build a complete new index table from the database and make it live."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [REBUILD_LOCK])
        if not cursor.fetchone()[0]:
            raise RebuildRunning(
                _(
                    "Một tiến trình khác đang xây dựng lại chỉ mục tìm kiếm; "
                    "chờ nó xong rồi chạy lại."
                )
            )
    try:
        return _rebuild(progress)
    finally:
        if not connection.needs_rollback:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [REBUILD_LOCK])


def _rebuild(progress=None):
    from ...indexing import sync
    from ..base import RebuildStats

    started = time.perf_counter()
    stats = RebuildStats(generation=TABLE)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {TABLE} IN SHARE MODE")
        cursor.execute(f"SELECT nextval('{schema.VERSIONS}')")
        start = cursor.fetchone()[0]
        point = sync.read_point()
        # Left by a killed rebuild (none other runs: we hold the lock).
        cursor.execute(f"DROP TABLE IF EXISTS {SHADOW}")
        for statement in schema.create_table_sql(SHADOW):
            cursor.execute(statement)
    try:
        with connection.cursor() as cursor:
            fill(cursor, SHADOW, start, stats, progress)
            start_phase(progress, "committing")
            for statement in schema.create_indexes_sql(SHADOW):
                cursor.execute(statement)
        start_phase(progress, "swapping")
        with transaction.atomic(), connection.cursor() as cursor:
            stats.replayed = swap(cursor, start)
            stats.covered = sync.mark_covered(point)
    except BaseException:
        with connection.cursor() as cursor:
            if not connection.needs_rollback:
                cursor.execute(f"DROP TABLE IF EXISTS {SHADOW}")
        raise
    stats.seconds = time.perf_counter() - started
    return stats


def indexed_versions() -> dict[int, str]:
    """Return article id → content hash of every row of the live table."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT article_id, content_hash FROM {TABLE}")
        return dict(cursor.fetchall())

"""Rebuild the index table beside the live one and rename it in.

1. Under a brief SHARE lock on the live table (which waits for every writing
   transaction in flight to commit) take a version number `start`; every row
   or tombstone written later carries a larger one.
2. Fill the shadow table from the database (fill rows carry `start`), then
   create its indexes, its statistics and title postings (computed from its
   rows in one statement each) and the trigger that keeps them from then on.
   Searches and writes go on against the live table.
3. In one transaction, under an EXCLUSIVE lock on the live table (reads go on,
   writes wait): drop the live table's statistics deltas, copy over the live
   rows written since `start`, delete the shadow rows of articles deleted
   since then (the shadow's trigger turns both into statistics deltas and
   postings), rename the shadow tables over the live ones and drop the old
   ones.

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
from .schema import DELTA, GONE, SHADOW, SHADOWS, TABLE

CHUNK = 500
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
    from .stats import COMPACT_LOCK

    cursor.execute(f"LOCK TABLE {TABLE} IN EXCLUSIVE MODE")
    # No compaction may move deltas while they are dropped.
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [COMPACT_LOCK])
    # Writers are blocked and have all committed: the deltas describe the old
    # table only; the shadow's own statistics replace them.
    cursor.execute(f"DELETE FROM {DELTA}")
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
    # No tombstone is needed now.
    cursor.execute(f"DELETE FROM {GONE}")
    for live, shadow in SHADOWS:
        old = f"{live}_old"
        cursor.execute(f"DROP TABLE IF EXISTS {old}")
        cursor.execute(f"ALTER TABLE {live} RENAME TO {old}")
        cursor.execute(f"ALTER TABLE {shadow} RENAME TO {live}")
        cursor.execute(f"DROP TABLE {old}")
        cursor.execute(
            "SELECT indexname FROM pg_indexes "
            "WHERE tablename = %s AND starts_with(indexname, %s)",
            [live, shadow],
        )
        for (name,) in cursor.fetchall():
            renamed = f"{live}{name[len(shadow) :]}"
            cursor.execute(f'ALTER INDEX "{name}" RENAME TO "{renamed}"')
    return replayed


def _drop_shadows(cursor) -> None:
    for _live, shadow in SHADOWS:
        cursor.execute(f"DROP TABLE IF EXISTS {shadow}")


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
        _drop_shadows(cursor)
        for statement in schema.create_table_sql(SHADOW):
            cursor.execute(statement)
    try:
        with connection.cursor() as cursor:
            fill(cursor, SHADOW, start, stats, progress)
            start_phase(progress, "committing")
            for statement in schema.create_indexes_sql(SHADOW):
                cursor.execute(statement)
            _fill_statistics(cursor)
        start_phase(progress, "swapping")
        with transaction.atomic(), connection.cursor() as cursor:
            stats.replayed = swap(cursor, start)
            stats.covered = sync.mark_covered(point)
    except BaseException:
        with connection.cursor() as cursor:
            if not connection.needs_rollback:
                _drop_shadows(cursor)
        raise
    stats.seconds = time.perf_counter() - started
    return stats


def _fill_statistics(cursor) -> None:
    """Compute the shadow table's statistics and postings, and attach the
    trigger that keeps them as the swap replays writes into it."""
    from .schema import POSTINGS_SHADOW, STATS_SHADOW

    for statement in [
        *schema.create_stats_table_sql(STATS_SHADOW),
        schema.fill_stats_sql(STATS_SHADOW, SHADOW),
        *schema.create_postings_table_sql(POSTINGS_SHADOW),
        schema.fill_postings_sql(POSTINGS_SHADOW, SHADOW),
        *schema.create_postings_indexes_sql(POSTINGS_SHADOW),
        *schema.create_trigger_sql(SHADOW),
        # The planner's statistics, before searches reach the new tables.
        *(f"ANALYZE {shadow}" for _live, shadow in SHADOWS),
    ]:
        cursor.execute(statement)


def indexed_versions() -> dict[int, str]:
    """Return article id → content hash of every row of the live table."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT article_id, content_hash FROM {TABLE}")
        return dict(cursor.fetchall())

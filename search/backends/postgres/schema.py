"""The PostgreSQL backend's tables: one row per article, and deletion tombstones.

`TABLE` holds the live index. A rebuild fills `SHADOW` (same columns) and
renames it over `TABLE`. Every write takes a number from `VERSIONS`, so a
rebuild can tell which live rows (and which tombstones in `GONE`) were written
after it started.
"""

from __future__ import annotations

TABLE = "search_pgdocument"
SHADOW = "search_pgdocument_new"
GONE = "search_pggone"
VERSIONS = "search_pgdocument_version"

#: tsvector columns per plan field; every keyword term also goes in `keys`
#: as "field:value".
VECTOR_COLUMNS = {
    "text": "text_vec",
    "title": "title_vec",
    "lead": "lead_vec",
    "bigram": "bigram_vec",
    "compound": "compound_vec",
}
KEYS_COLUMN = "keys_vec"
ARRAY_FACETS = ("official", "code", "codekey", "doc_type", "issuer", "post")
TEXT_FACETS = ("source", "section", "year", "month", "party_term")
#: Fields whose lengths BM25 needs, in the order of the `lengths` arrays.
LENGTH_FIELDS = tuple(VECTOR_COLUMNS) + ARRAY_FACETS

COLUMNS = (
    "article_id",
    *VECTOR_COLUMNS.values(),
    KEYS_COLUMN,
    *ARRAY_FACETS,
    *TEXT_FACETS,
    "lengths",
    "qlengths",
    "sortkey",
    "content_hash",
)


def create_table_sql(table: str) -> list[str]:
    """Return the statements creating one index table (without its indexes)."""
    # Ranking reads each candidate's vectors: lz4 decompresses them about twice
    # as fast as PostgreSQL's default pglz (measured 41 vs 96 ms for 2 000
    # body vectors), and that read is most of a broad query's time.
    vectors = ",\n".join(
        f"    {c} tsvector COMPRESSION lz4 NOT NULL DEFAULT ''"
        for c in (*VECTOR_COLUMNS.values(), KEYS_COLUMN)
    )
    arrays = ",\n".join(f"    {c} text[] NOT NULL DEFAULT '{{}}'" for c in ARRAY_FACETS)
    texts = ",\n".join(f"    {c} text" for c in TEXT_FACETS)
    return [
        f"""CREATE TABLE {table} (
    article_id bigint PRIMARY KEY,
{vectors},
{arrays},
{texts},
    lengths integer[] NOT NULL,
    qlengths integer[] NOT NULL,
    sortkey bigint NOT NULL DEFAULT 0,
    content_hash text NOT NULL DEFAULT '',
    version bigint NOT NULL DEFAULT nextval('{VERSIONS}')
)"""
    ]


def create_indexes_sql(table: str) -> list[str]:
    """Return the statements creating the indexes of one index table."""
    out = [
        f"CREATE INDEX {table}_{c}_gin ON {table} USING gin ({c})"
        for c in (*VECTOR_COLUMNS.values(), KEYS_COLUMN, *ARRAY_FACETS)
    ]
    out += [f"CREATE INDEX {table}_{c}_idx ON {table} ({c})" for c in TEXT_FACETS]
    out.append(f"CREATE INDEX {table}_sortkey_idx ON {table} (sortkey, article_id)")
    out.append(f"CREATE INDEX {table}_version_idx ON {table} (version)")
    return out


def create_all_sql() -> list[str]:
    """Return the statements creating the sequence, live table and tombstones."""
    return [
        f"CREATE SEQUENCE IF NOT EXISTS {VERSIONS}",
        *create_table_sql(TABLE),
        *create_indexes_sql(TABLE),
        f"""CREATE TABLE {GONE} (
    article_id bigint NOT NULL,
    version bigint NOT NULL DEFAULT nextval('{VERSIONS}')
)""",
        f"CREATE INDEX {GONE}_version_idx ON {GONE} (version)",
    ]


def add_content_hash_sql() -> list[str]:
    """Return the statements giving a live table made before it the content hash."""
    return [
        f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS "
        "content_hash text NOT NULL DEFAULT ''"
    ]


def add_position_facets_sql() -> list[str]:
    """Return the statements giving a live table made before them the post and
    Party term facets (values arrive when the index is rebuilt)."""
    return [
        f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS post text[] NOT NULL "
        "DEFAULT '{}'",
        f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS party_term text",
        f"CREATE INDEX IF NOT EXISTS {TABLE}_post_gin ON {TABLE} USING gin (post)",
        f"CREATE INDEX IF NOT EXISTS {TABLE}_party_term_idx ON {TABLE} (party_term)",
    ]


def drop_all_sql() -> list[str]:
    """Return the statements dropping everything `create_all_sql` made."""
    return [
        f"DROP TABLE IF EXISTS {SHADOW}",
        f"DROP TABLE IF EXISTS {TABLE}",
        f"DROP TABLE IF EXISTS {GONE}",
        f"DROP SEQUENCE IF EXISTS {VERSIONS}",
    ]

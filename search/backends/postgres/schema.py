"""The PostgreSQL backend's tables: one row per article, deletion tombstones,
and the statistics and title postings that PostgreSQL keeps from those rows.

`TABLE` holds the live index. A rebuild fills `SHADOW` (same columns) and
renames it over `TABLE`. Every write takes a number from `VERSIONS`, so a
rebuild can tell which live rows (and which tombstones in `GONE`) were written
after it started.

A row trigger on the index table (`TRIGGER`, the function `TRIGGER_FUNCTION`)
keeps, in the writing transaction:

- statistics: the document count, the sum of each field's lengths, each
  term's document frequency per field and each keyword value's count (the
  facet totals). Writers only insert signed deltas (`DELTA`), so concurrent
  writers never wait for each other on a shared counter; readers add the
  deltas to the compacted rows (`STATS`), and `compact_sql` folds the deltas
  in from time to time;
- title postings (`POSTINGS`): one row per (title term, article) with the term
  frequency and the title's length, indexed in the order that gives a term's
  best BM25 title matches first, so a query matching most of the archive can
  pick its ranking shortlist without reading every matching row.

Because PostgreSQL maintains both from the rows themselves, any change of a
row (the backend's writes, a rebuild's catch-up, a repair, a hand-written
`DELETE`) keeps them exact.
"""

from __future__ import annotations

TABLE = "search_pgdocument"
SHADOW = "search_pgdocument_new"
GONE = "search_pggone"
VERSIONS = "search_pgdocument_version"
STATS = "search_pgstat"
STATS_SHADOW = "search_pgstat_new"
DELTA = "search_pgstat_delta"
POSTINGS = "search_pgposting"
POSTINGS_SHADOW = "search_pgposting_new"
#: The live table and its shadow, per kind of table a rebuild renames in.
SHADOWS = ((TABLE, SHADOW), (STATS, STATS_SHADOW), (POSTINGS, POSTINGS_SHADOW))
TERMS_FUNCTION = "search_pg_terms"
TRIGGER_FUNCTION = "search_pg_index_changed"
TRIGGER = "search_pg_index_changed"
#: Statistics rows that are not terms: the document count, and per field the
#: sum of its lengths (term = the field's name).
DOCS_KEY = ("#", "docs")
LENGTH_KEY = "#len"
#: The field whose terms have postings, and its position in `lengths`.
POSTING_FIELD = "title"

#: tsvector columns per plan field; every keyword term also goes in `keys`
#: as "field:value". The syllables and the syllable pairs share one column
#: (a pair holds `PAIR_MARK`, which no syllable does), so a condition on both
#: (`xây dựng đảng`: a pair and a syllable) is one tsquery the GIN index
#: answers whole; over two columns the planner would index one condition and
#: test the other row by row, decompressing each row's vector.
VECTOR_COLUMNS = {
    "text": "text_vec",
    "title": "title_vec",
    "lead": "lead_vec",
    "bigram": "text_vec",
    "compound": "compound_vec",
}
#: Each tsvector column once, in table order.
VECTORS = tuple(dict.fromkeys(VECTOR_COLUMNS.values()))
PAIR_MARK = "_"
#: Which lexemes of a shared column are a field's own.
FIELD_LEXEMES = {
    "text": f"strpos(t, '{PAIR_MARK}') = 0",
    "bigram": f"strpos(t, '{PAIR_MARK}') > 0",
}
KEYS_COLUMN = "keys_vec"
ARRAY_FACETS = ("official", "code", "codekey", "doc_type", "issuer", "post")
TEXT_FACETS = ("source", "section", "year", "month", "party_term")
#: Fields whose lengths BM25 needs, in the order of the `lengths` arrays.
LENGTH_FIELDS = tuple(VECTOR_COLUMNS) + ARRAY_FACETS

COLUMNS = (
    "article_id",
    *VECTORS,
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
        for c in (*VECTORS, KEYS_COLUMN)
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
        for c in (*VECTORS, KEYS_COLUMN, *ARRAY_FACETS)
    ]
    out += [f"CREATE INDEX {table}_{c}_idx ON {table} ({c})" for c in TEXT_FACETS]
    out.append(f"CREATE INDEX {table}_sortkey_idx ON {table} (sortkey, article_id)")
    out.append(f"CREATE INDEX {table}_version_idx ON {table} (version)")
    return out


def _terms_function_sql() -> str:
    """Return the function listing the statistics rows (field, term, n) of one
    index row: each distinct term of each vector, each keyword value (the
    `keys` lexemes "field:value"), the document and its field lengths."""
    vectors = "\n    UNION ALL ".join(
        f"SELECT '{field}', t, 1::bigint FROM unnest(tsvector_to_array({column})) AS t"
        + (f" WHERE {FIELD_LEXEMES[field]}" if field in FIELD_LEXEMES else "")
        for field, column in VECTOR_COLUMNS.items()
    )
    names = ", ".join(f"'{f}'" for f in LENGTH_FIELDS)
    vector_columns = (*VECTORS, KEYS_COLUMN)
    arguments = ", ".join(f"{c} tsvector" for c in vector_columns)
    return f"""CREATE OR REPLACE FUNCTION {TERMS_FUNCTION}(
    {arguments}, lengths integer[]
) RETURNS TABLE (field text, term text, n bigint)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    {vectors}
    UNION ALL SELECT split_part(k, ':', 1), substr(k, strpos(k, ':') + 1), 1
        FROM unnest(tsvector_to_array({KEYS_COLUMN})) AS k
    UNION ALL SELECT '{DOCS_KEY[0]}', '{DOCS_KEY[1]}', 1
    UNION ALL SELECT '{LENGTH_KEY}', f, l::bigint
        FROM unnest(ARRAY[{names}], lengths) AS x (f, l)
$$"""


def terms_call(alias: str) -> str:
    """Return the call of the terms function on the row `alias`."""
    columns = ", ".join(f"{alias}.{c}" for c in (*VECTORS, KEYS_COLUMN, "lengths"))
    return f"{TERMS_FUNCTION}({columns})"


def _postings_select(alias: str) -> str:
    """Return the SELECT of the postings rows of the index row `alias`."""
    title = LENGTH_FIELDS.index(POSTING_FIELD) + 1
    return (
        f"SELECT '{POSTING_FIELD}', u.lexeme, {alias}.article_id, "
        f"array_length(u.positions, 1), {alias}.qlengths[{title}] "
        f"FROM unnest({alias}.{VECTOR_COLUMNS[POSTING_FIELD]}) AS u"
    )


def _trigger_function_sql() -> str:
    """Return the row trigger function keeping statistics and postings.

    The postings table is named after the table the trigger fires on, so the
    trigger of a shadow table fills the shadow postings and keeps working
    under the live name once the rebuild renamed both.
    """
    column = VECTOR_COLUMNS[POSTING_FIELD]
    title = LENGTH_FIELDS.index(POSTING_FIELD) + 1
    old_terms, new_terms = terms_call("OLD"), terms_call("NEW")
    insert_postings = (
        "EXECUTE format('INSERT INTO %I (field, term, article_id, tf, fl) "
        f"SELECT ''{POSTING_FIELD}'', u.lexeme, $1, array_length(u.positions, 1), $3 "
        "FROM unnest($2) AS u', postings) "
        f"USING NEW.article_id, NEW.{column}, NEW.qlengths[{title}];"
    )
    delete_postings = (
        "EXECUTE format('DELETE FROM %I WHERE article_id = $1', postings) "
        "USING OLD.article_id;"
    )
    return f"""CREATE OR REPLACE FUNCTION {TRIGGER_FUNCTION}() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    postings text := replace(TG_TABLE_NAME, 'pgdocument', 'pgposting');
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO {DELTA} (field, term, n)
        SELECT t.field, t.term, t.n FROM {new_terms} AS t;
        {insert_postings}
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO {DELTA} (field, term, n)
        SELECT t.field, t.term, -t.n FROM {old_terms} AS t;
        {delete_postings}
    ELSE
        INSERT INTO {DELTA} (field, term, n)
        SELECT c.field, c.term, sum(c.n) FROM (
            SELECT t.field, t.term, -t.n AS n FROM {old_terms} AS t
            UNION ALL SELECT t.field, t.term, t.n FROM {new_terms} AS t
        ) AS c GROUP BY c.field, c.term HAVING sum(c.n) <> 0;
        IF OLD.{column} IS DISTINCT FROM NEW.{column}
                OR OLD.qlengths[{title}] IS DISTINCT FROM NEW.qlengths[{title}] THEN
            {delete_postings}
            {insert_postings}
        END IF;
    END IF;
    RETURN NULL;
END
$$"""


def create_trigger_sql(table: str) -> list[str]:
    """Return the statements attaching the statistics trigger to one table."""
    return [
        f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}",
        f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {TRIGGER_FUNCTION}()",
    ]


def create_stats_table_sql(table: str) -> list[str]:
    """Return the statements creating one compacted statistics table."""
    return [
        f"""CREATE TABLE {table} (
    field text NOT NULL,
    term text NOT NULL,
    n bigint NOT NULL,
    PRIMARY KEY (field, term)
)"""
    ]


def create_postings_table_sql(table: str) -> list[str]:
    """Return the statement creating one postings table (without its indexes)."""
    return [
        f"""CREATE TABLE {table} (
    field text NOT NULL,
    term text NOT NULL,
    article_id bigint NOT NULL,
    tf integer NOT NULL,
    fl integer NOT NULL
)"""
    ]


def create_postings_indexes_sql(table: str) -> list[str]:
    """Return the indexes of a postings table: a term's best title matches
    first (BM25 rises with tf and falls with the title's length), and by
    article for the trigger's deletes."""
    return [
        f"CREATE INDEX {table}_best_idx ON {table} "
        "(field, term, tf DESC, fl, article_id)",
        f"CREATE INDEX {table}_article_idx ON {table} (article_id)",
    ]


def fill_stats_sql(stats: str, table: str) -> str:
    """Return the statement computing the statistics of every row of table."""
    return (
        f"INSERT INTO {stats} (field, term, n) "
        f"SELECT t.field, t.term, sum(t.n) FROM {table} AS d, {terms_call('d')} AS t "
        "GROUP BY t.field, t.term "
        # In key order, so a field's rows (a facet's totals) share pages.
        "ORDER BY t.field, t.term"
    )


def fill_postings_sql(postings: str, table: str) -> str:
    """Return the statement writing the postings of every row of table."""
    return (
        f"INSERT INTO {postings} (field, term, article_id, tf, fl) "
        f"SELECT p.* FROM {table} AS d, LATERAL ({_postings_select('d')}) AS p"
    )


def compact_sql() -> str:
    """Return the statement folding every committed delta into the statistics."""
    return (
        f"WITH moved AS (DELETE FROM {DELTA} RETURNING field, term, n) "
        f"INSERT INTO {STATS} AS s (field, term, n) "
        "SELECT field, term, sum(n) FROM moved GROUP BY field, term "
        "ORDER BY field, term "
        "ON CONFLICT (field, term) DO UPDATE SET n = s.n + EXCLUDED.n"
    )


def merge_pairs_sql() -> str:
    """Return the statement moving a live table made before it from separate
    syllable and pair columns to the shared one (positions only count)."""
    return f"""DO $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM information_schema.columns
        WHERE table_name = '{TABLE}' AND column_name = 'bigram_vec'
    ) THEN
        UPDATE {TABLE} SET text_vec = text_vec || bigram_vec;
        ALTER TABLE {TABLE} DROP COLUMN bigram_vec;
    END IF;
END
$$"""


def split_pairs_sql() -> list[str]:
    """Return the statements giving the live table back a (then empty) column
    of pairs, for the code before the shared column: rebuild the index after."""
    return [
        f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS bigram_vec "
        "tsvector COMPRESSION lz4 NOT NULL DEFAULT ''",
        f"CREATE INDEX IF NOT EXISTS {TABLE}_bigram_vec_gin ON {TABLE} "
        "USING gin (bigram_vec)",
    ]


def create_stats_sql() -> list[str]:
    """Return the statements adding statistics and postings to a live table
    (filled from its rows) and the trigger that keeps them."""
    return [
        _terms_function_sql(),
        _trigger_function_sql(),
        f"DROP TABLE IF EXISTS {STATS}, {DELTA}, {POSTINGS}",
        *create_stats_table_sql(STATS),
        f"""CREATE TABLE {DELTA} (
    field text NOT NULL,
    term text NOT NULL,
    n bigint NOT NULL
)""",
        f"CREATE INDEX {DELTA}_key_idx ON {DELTA} (field, term)",
        *create_postings_table_sql(POSTINGS),
        fill_stats_sql(STATS, TABLE),
        fill_postings_sql(POSTINGS, TABLE),
        *create_postings_indexes_sql(POSTINGS),
        *create_trigger_sql(TABLE),
    ]


def drop_stats_sql() -> list[str]:
    """Return the statements dropping what `create_stats_sql` made."""
    return [
        f"DROP TRIGGER IF EXISTS {TRIGGER} ON {TABLE}",
        f"DROP TABLE IF EXISTS {STATS_SHADOW}, {POSTINGS_SHADOW}",
        f"DROP TABLE IF EXISTS {STATS}, {DELTA}, {POSTINGS}",
        f"DROP FUNCTION IF EXISTS {TRIGGER_FUNCTION}()",
        f"DROP FUNCTION IF EXISTS {TERMS_FUNCTION}("
        + ", ".join(["tsvector"] * (len(VECTORS) + 1))
        + ", integer[])",
    ]


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

"""What is specific to the PostgreSQL backend: transactional writes, the shadow
rebuild, safe tsqueries, and scores equal to the Whoosh backend's."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction

from search.backends.base import Query
from search.plan import All, Any, Term
from search.services import search

from .conftest import create_article

HOSTILE = [
    "'",
    "''",
    "\\",
    "\\'",
    "a'b",
    "a\\",
    "&",
    "|",
    "!",
    "!!x",
    "(",
    ")",
    "():*",
    "x:*",
    "x:A",
    "<->",
    "<2>",
    "a & b | !c",
    "' | 'x",
    "\\' & '",
    "quyền:*<>",
    " ",
    "a b",
    "%s",
    "$1",
    "\x00",
]


@pytest.fixture
def pg(settings, db):
    """Select the PostgreSQL backend on an empty index (PostgreSQL databases only)."""
    from search import backends, labels

    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL backend needs DATABASE_URL=postgres://…")
    settings.SEARCH_BACKEND = "postgres"
    backends.reset()
    backend = backends.get_backend()
    backend.clear()
    labels.invalidate()
    yield backend
    backend.clear()  # transactional tests commit rows Django's flush does not know
    backends.reset()
    labels.invalidate()


def ids(q: str, **kwargs) -> list[int]:
    return [r.id for r in search(q, suggest=False, **kwargs).results]


def _in_other_connection(fn):
    """Return fn() run in a new thread, hence on another database connection."""
    from django.db import connections

    out = {}

    def run():
        try:
            out["value"] = fn()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return out["value"]


@pytest.mark.django_db(transaction=True)
def test_a_save_is_searchable_at_commit_without_any_queue(pg):
    from search.models import PendingUpdate

    with transaction.atomic():
        article = create_article(
            title="Hội nghị tổng kết công tác tổ chức xây dựng Đảng",
            body="Đồng chí Trương Thị Mai phát biểu chỉ đạo hội nghị.",
            officials=["Trương Thị Mai"],
            codes=["205-QĐ/TW"],
        )
        # Uncommitted: other connections (other requests, machines) see nothing.
        assert _in_other_connection(lambda: ids("tong ket cong tac")) == []
    assert _in_other_connection(lambda: ids("tong ket cong tac")) == [article.pk]
    assert ids("205-QĐ/TW") == [article.pk]
    assert pg.snapshot().facet_counts(None, "code") == {"205-QĐ/TW": 1}
    assert not PendingUpdate.objects.exists()

    with pytest.raises(RuntimeError), transaction.atomic():
        create_article(title="Bài viết bị hủy", body="Nội dung thử nghiệm hủy bỏ.")
        assert ids("thu nghiem huy bo")  # visible inside its own transaction
        raise RuntimeError("roll back")
    assert ids("thu nghiem huy bo") == []
    assert pg.indexed_ids() == {article.pk}

    with transaction.atomic():
        article.title = "Tiêu đề mới hoàn toàn khác"
        article.save()
    assert ids("tieu de moi") == [article.pk]
    assert ids("tong ket cong tac") == []
    article.delete()
    assert pg.indexed_ids() == set()
    assert not PendingUpdate.objects.exists()


def test_metadata_saved_after_the_article_reaches_its_row(pg):
    article = create_article(
        title="Làm việc với Ban Tổ chức Trung ương",
        body="Đồng chí Lê Minh Hưng làm việc.",
        officials=["Lê Minh Hưng"],
        codes=["142-QĐ/TW"],
    )
    snap = pg.snapshot()
    officials = snap.facet_counts(None, "official")
    assert list(officials.values()) == [1]
    assert snap.facet_counts(None, "code") == {"142-QĐ/TW": 1}
    assert ids("142-QĐ/TW") == [article.pk]


@pytest.fixture
def three(pg):
    return [
        create_article(title="Kiểm soát quyền lực", body="Kiểm soát quyền lực."),
        create_article(title="Công tác cán bộ", body="Công tác cán bộ nhiệm kỳ."),
        create_article(title="Bảo vệ nền tảng", body="Bảo vệ nền tảng tư tưởng."),
    ]


def test_rebuild_keeps_writes_made_while_it_fills_the_shadow_table(pg, three):
    kept, edited, deleted = three
    added = []

    def during_fill(count):
        # The fill has read every article: these reach the live table only.
        if not added:
            added.append(create_article(title="Bài mới", body="Luân chuyển cán bộ."))
            edited.title = "Đánh giá cán bộ thực chất"
            edited.save()
            deleted.delete()

    stats = pg.rebuild(progress=during_fill)
    assert stats.articles == 3
    assert stats.replayed == 3  # the new row, the edited row, the tombstone
    assert pg.indexed_ids() == {kept.pk, edited.pk, added[0].pk}
    assert ids("luan chuyen") == [added[0].pk]
    assert ids("danh gia thuc chat") == [edited.pk]
    assert ids("bao ve nen tang") == []
    # The swapped-in table is complete: writes and another rebuild go on.
    create_article(title="Sau khi hoán đổi", body="Tiếp tục ghi.")
    assert pg.rebuild().articles == 4
    assert len(pg.indexed_ids()) == 4
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'search_pgdocument'"
        )
        names = [r[0] for r in cursor.fetchall()]
    assert names and all(not n.startswith("search_pgdocument_new") for n in names)


@pytest.mark.django_db(transaction=True)
def test_rebuild_keeps_a_write_committed_by_another_connection(pg):
    from search.indexing import sync

    sync.stop()
    first = create_article(title="Kiểm soát quyền lực", body="Kiểm soát quyền lực.")
    added = []

    def during_fill(count):
        if not added:
            added.append(
                _in_other_connection(
                    lambda: create_article(title="Bài song song", body="Ghi đồng thời.")
                )
            )

    pg.rebuild(progress=during_fill)
    assert pg.indexed_ids() == {first.pk, added[0].pk}
    assert ids("ghi dong thoi") == [added[0].pk]


@pytest.mark.parametrize("term", HOSTILE)
def test_hostile_terms_never_break_a_tsquery(pg, three, term):
    snap = pg.snapshot()
    kiem = Term("text", "kiểm")
    for field in ("text", "title", "bigram", "compound", "official", "codekey", "year"):
        hostile = Term(field, term)
        for plan in (hostile, All((hostile, kiem)), Any((hostile, Term(field, "x")))):
            matches = snap.match(Query(recall=plan))
            assert snap.count(matches) == 0
            assert snap.top(matches, plan, "relevance", 10) == []
            assert snap.facet_counts(matches, "official") == {}
        either = Any((hostile, Term(field, term + "x"), kiem))
        matches = snap.match(Query(recall=either, excluded=hostile))
        assert snap.count(matches) == 1
        assert snap.top(matches, either, "relevance", 10) == [three[0].pk]
        assert snap.count(snap.match(Query(filters={field: [term]}))) in (0, 3)
        assert snap.doc_frequency(field, term) == 0


def test_hostile_keyword_values_are_stored_and_found_verbatim(pg, three):
    from search.documents import build_documents

    doc = build_documents([three[0]])[0]
    odd = ["a'b\\c", "x & y | !z", "(q):*<->", "''", "\\"]
    doc.keywords["code"] = odd
    doc.keywords["codekey"] = odd
    pg.write([doc], [])
    snap = pg.snapshot()
    assert snap.facet_counts(None, "code") == dict.fromkeys(odd, 1)
    for value in odd:
        assert snap.doc_frequency("codekey", value) == 1
        matches = snap.match(Query(recall=Term("codekey", value)))
        assert snap.top(matches, Term("codekey", value, 4.0), "relevance", 5) == [
            three[0].pk
        ]
        filtered = snap.match(Query(filters={"code": [value]}))
        assert snap.count(filtered) == 1


@pytest.mark.parametrize(
    "q", ["'", "\\", "\"'\\", "a'b", "&|!():*<>", "!(quyền) & 'lực':*", "x:* <-> y"]
)
def test_hostile_queries_never_raise(pg, three, q):
    page = search(q)
    assert page.count >= 0


def test_term_frequency_is_read_back_exactly(pg):
    from search.backends.postgres.rows import vector_literal

    with connection.cursor() as cursor:
        for tf in (1, 2, 7, 100, 255, 256):
            cursor.execute(
                "SELECT ts_rank_cd('{1,1,1,1}', %s::tsvector, %s::tsquery)",
                [vector_literal(["a'\\b"] * tf + ["c"], "A"), "'a''\\\\b'"],
            )
            assert cursor.fetchone()[0] == tf


def test_quantised_lengths_are_the_ones_whoosh_stores():
    from whoosh.util.numeric import byte_to_length, length_to_byte

    from search.backends.postgres.rows import quantised_length

    for n in [*range(0, 3000), 10_000, 54_321, 106_373, 106_374, 500_000]:
        assert quantised_length(n) == byte_to_length(length_to_byte(n))


QUERIES = [
    "kiểm soát quyền lực",
    "can bo",
    "cán bộ",
    "truong thi mai",
    "Trương Thị Mai",
    "205-QĐ/TW",
    "kl 88",
    "ban tổ chức trung ương",
    '"công tác tổ chức" -đảng',
    "hội nghị OR nhiệm kỳ",
]


def test_scores_order_results_as_the_whoosh_backend_does(seeds, search_backend):
    """Differential: the same plans ranked by both backends over the same rows."""
    from search import matching
    from search.backends import get_backend
    from search.backends.whoosh import WhooshBackend
    from search.documents import build_documents
    from search.query import parse

    if search_backend.name != "postgres":
        pytest.skip("compares the PostgreSQL backend with Whoosh")
    whoosh = WhooshBackend()
    whoosh.clear()
    whoosh.write(build_documents(seeds), [])
    whoosh.forget()
    for q in QUERIES:
        parsed = parse(q)
        recall = matching.recall_query(parsed)
        rank = matching.rank_query(parsed)
        query = Query(recall=recall, excluded=matching.excluded_query(parsed))
        found = []
        for backend in (whoosh, get_backend()):
            snap = backend.snapshot()
            matches = snap.match(query)
            found.append(
                (snap.count(matches), snap.top(matches, rank, "relevance", 10))
            )
        assert found[0] == found[1], q


def test_commands_rebuild_and_check_the_postgres_index(pg, three):
    import json
    from io import StringIO

    from django.core.management import call_command

    from search.indexing.check import check

    out = StringIO()
    call_command("rebuild_search", stdout=out)
    assert json.loads(out.getvalue())["articles"] == 3
    with connection.cursor() as cursor:  # drift: one row lost, one stale
        cursor.execute(
            "DELETE FROM search_pgdocument WHERE article_id = %s", [three[0].pk]
        )
    from search.documents import build_documents

    ghost = build_documents([three[1]])[0]
    ghost.article_id = 10**9
    pg.write([ghost], [])
    drift = check(repair=True)
    assert drift.missing == [three[0].pk] and drift.extra == [10**9]
    assert check().ok
    assert pg.indexed_ids() == {a.pk for a in three}
    out = StringIO()
    call_command("rebuild_index", interactive=False, stdout=out)
    assert "đã lập chỉ mục 3 bài" in out.getvalue()


def test_many_candidates_are_shortlisted_by_title_and_keyword_terms(
    pg, three, monkeypatch
):
    """Beyond EXACT_UP_TO candidates the best by title and keyword terms (from
    the postings) are ranked exactly."""
    from search import matching
    from search.backends import get_backend
    from search.backends.postgres import snapshot
    from search.query import parse

    body_only = create_article(
        title="Tin ngắn", body="Hội nghị bàn về công tác tổ chức cán bộ."
    )
    titled = create_article(title="Tổ chức cán bộ", body="Nội dung khác.")
    parsed = parse("tổ chức cán bộ")
    query = Query(recall=matching.recall_query(parsed))
    rank = matching.rank_query(parsed)

    def top(stop):
        snap = get_backend().snapshot()
        return snap.top(snap.match(query), rank, "relevance", stop)

    exact = top(10)
    assert exact[0] == titled.pk and body_only.pk in exact
    monkeypatch.setattr(snapshot, "EXACT_UP_TO", 0)
    monkeypatch.setattr(snapshot, "SHORTLIST", 1)
    # The one-article shortlist is the title match, not the body-only one.
    assert top(1) == [titled.pk]
    monkeypatch.setattr(snapshot, "SHORTLIST", 100)
    assert top(10) == exact  # a shortlist holding every candidate: exact order


def _fresh_statistics() -> tuple[dict, list]:
    """Return the statistics and postings computed afresh from the index rows."""
    from search.backends.postgres import schema

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT t.field, t.term, sum(t.n) FROM {schema.TABLE} AS d, "
            f"{schema.terms_call('d')} AS t GROUP BY t.field, t.term"
        )
        stats = {(f, t): n for f, t, n in cursor.fetchall() if n}
        cursor.execute(
            f"SELECT p.* FROM {schema.TABLE} AS d, "
            f"LATERAL ({schema._postings_select('d')}) AS p"
        )
        return stats, sorted(cursor.fetchall())


def _kept_statistics() -> tuple[dict, list]:
    """Return the statistics (compacted rows plus deltas) and postings kept."""
    from search.backends.postgres import schema

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT field, term, sum(n) FROM (SELECT field, term, n FROM "
            f"{schema.STATS} UNION ALL SELECT field, term, n FROM {schema.DELTA}) "
            "AS x GROUP BY field, term"
        )
        stats = {(f, t): n for f, t, n in cursor.fetchall() if n}
        cursor.execute(f"SELECT field, term, article_id, tf, fl FROM {schema.POSTINGS}")
        return stats, sorted(cursor.fetchall())


def _assert_statistics_exact(pg) -> None:
    kept, fresh = _kept_statistics(), _fresh_statistics()
    assert kept[0] == fresh[0]
    assert kept[1] == fresh[1]
    # The facet totals are the statistics' keyword counts, equal to counting
    # the facet columns of every row.
    snap = pg.snapshot()
    for facet in ("official", "code", "doc_type", "year", "source", "section"):
        assert snap.facet_counts(None, facet) == snap.facet_counts(
            snap.match(Query(exclude_ids=(0,))), facet
        ), facet
    assert snap.live_count == len(pg.indexed_ids())


def test_statistics_and_postings_stay_exact_through_every_kind_of_write(pg, three):
    """The trigger keeps document frequencies, lengths, facet totals and title
    postings equal to what the rows hold: saves, edits, deletes, a hand-written
    DELETE, a rebuild with writes during its fill, and compaction."""
    from search.backends.postgres import schema, stats

    kept, edited, deleted = three
    create_article(
        title="Hội nghị cán bộ",
        body="Trương Thị Mai dự.",
        officials=["Trương Thị Mai"],
        codes=["205-QĐ/TW"],
        source="Báo Nhân Dân",
        published_at="2023-05-02T08:00:00+07:00",
    )
    _assert_statistics_exact(pg)
    edited.title = "Công tác cán bộ cán bộ nhiệm kỳ mới"
    edited.save()
    deleted.delete()
    _assert_statistics_exact(pg)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {schema.TABLE} WHERE article_id = %s", [kept.pk])
    pg.forget()  # a write by hand inside the open transaction: no cache knows it
    _assert_statistics_exact(pg)
    assert stats.compact()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {schema.DELTA}")
        assert cursor.fetchone()[0] == 0
    _assert_statistics_exact(pg)

    added = []

    def during_fill(count):
        if not added:
            added.append(create_article(title="Bài mới", body="Luân chuyển cán bộ."))
            edited.title = "Đánh giá cán bộ thực chất"
            edited.save()

    pg.rebuild(progress=during_fill)
    _assert_statistics_exact(pg)
    assert pg.snapshot().doc_frequency("title", "thuc") == 1
    added[0].delete()
    _assert_statistics_exact(pg)
    stats.compact()
    _assert_statistics_exact(pg)


@pytest.mark.parametrize("filters", [{}, {"year": ["2023"]}, {"year": ["none"]}])
def test_a_shortlist_holding_every_candidate_ranks_as_the_exact_path(
    seeds, search_backend, monkeypatch, filters
):
    """Differential: the shortlist path (postings, words tested on the cut
    vectors, lowest ids topping up) orders like exact ranking of every match."""
    from search import matching
    from search.backends.postgres import snapshot
    from search.query import parse

    if search_backend.name != "postgres":
        pytest.skip("the PostgreSQL backend's shortlist")
    for q in [*QUERIES, "cán bộ -đảng", "truong thi mai -hoi nghi", "quyền lực"]:
        parsed = parse(q)
        query = Query(
            recall=matching.recall_query(parsed),
            excluded=matching.excluded_query(parsed),
            filters=dict(filters),
        )
        rank = matching.rank_query(parsed)
        found = []
        for exact_up_to in (snapshot.EXACT_UP_TO, 0):
            monkeypatch.setattr(snapshot, "EXACT_UP_TO", exact_up_to)
            search_backend.forget()
            snap = search_backend.snapshot()
            matches = snap.match(query)
            found.append(snap.top(matches, rank, "relevance", 10))
        monkeypatch.undo()
        assert found[0] == found[1], q


def test_the_shortlist_keeps_the_query_s_exclusions_and_filters(pg, monkeypatch):
    """Title matches picked from the postings still have to match the whole query."""
    from search.backends.postgres import snapshot

    excluded = create_article(
        title="Công tác cán bộ",
        body="Cán bộ của Đảng.",
        published_at="2022-01-05T08:00:00+07:00",
    )
    other_year = create_article(
        title="Cán bộ trẻ", body="Cán bộ trẻ.", published_at="2021-03-01T08:00:00+07:00"
    )
    kept = create_article(
        title="Tin ngắn",
        body="Bàn về cán bộ.",
        published_at="2022-02-01T08:00:00+07:00",
    )
    monkeypatch.setattr(snapshot, "EXACT_UP_TO", 0)
    pg.forget()
    assert ids("cán bộ -đảng", filters={"year": "2022"}) == [kept.pk]
    assert ids("cán bộ", filters={"year": "2022"}) == [excluded.pk, kept.pk]
    assert ids("cán bộ -trẻ") == [excluded.pk, kept.pk]
    assert other_year.pk in ids("cán bộ")


def _backend_sql(run) -> list[str]:
    """Return the SQL of the statements run() sent to the index's tables."""
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        run()
    return [q["sql"] for q in captured.captured_queries if "search_pg" in q["sql"]]


def test_a_word_search_reads_no_archive_wide_facet_totals(pg, three):
    """A search with words counts its page's facets within its matches; the
    totals of the whole archive (hundreds of values) are not read with them."""
    pg.forget()
    page = None

    def run():
        nonlocal page
        page = search("kiem soat", suggest=False, cache=False)

    sql = _backend_sql(run)
    assert [r.id for r in page.results] == [three[0].pk]
    assert len(sql) == 2, sql
    assert not [s for s in sql if "WHERE field = ANY" in s], sql
    # Browsing shows the totals: read with the snapshot's check, no statement
    # of their own.
    pg.forget()
    sql = _backend_sql(lambda: search("", suggest=False, cache=False))
    assert len(sql) == 2 and "WHERE field = ANY" in sql[0], sql
    assert not [s for s in sql[1:] if "WHERE field = ANY" in s], sql


def test_a_typed_document_number_reads_the_code_totals_only(pg):
    create_article(
        title="Quy định về công tác cán bộ",
        body="Thực hiện Quy định 205-QĐ/TW.",
        codes=["205-QĐ/TW"],
    )
    create_article(title="Nghị quyết", body="Nghị quyết 39-NQ/TW.", codes=["39-NQ/TW"])
    pg.forget()
    sql = _backend_sql(lambda: search("qd 205", suggest=False, cache=False))
    totals = [s for s in sql if "WHERE field = ANY" in s]
    assert len(totals) == 1, sql
    page = search("qd 205", suggest=False, cache=False)
    assert [(f.value, f.count) for f in page.detected_codes] == [("205-QĐ/TW", 1)]
    assert [f.value for f in page.facets["code"]] == ["205-QĐ/TW"]


def test_a_chosen_filter_value_without_hits_is_still_offered(search_backend):
    """A value the reader chose stays in its facet (count 0) when no hit has
    it, as long as the archive has it; a value the archive lacks does not."""
    search_backend.clear()
    create_article(title="Kiểm soát quyền lực", body="Kiểm soát.", source="Báo A")
    create_article(title="Công tác cán bộ", body="Cán bộ.", source="Báo B")
    from articles.models import Article, Source

    from .conftest import index_now

    index_now(*Article.objects.all())
    b = str(Source.objects.get(name="Báo B").pk)
    page = search("kiem soat", {"source": [b]}, suggest=False, cache=False)
    assert page.count == 0
    assert [(f.value, f.count, f.selected) for f in page.facets["source"]] == [
        (b, 0, True)
    ]
    page = search("kiem soat", {"source": ["987654"]}, suggest=False, cache=False)
    assert page.facets["source"] == []
    search_backend.clear()

"""The serving caches kept per index snapshot, and the warm-up of a new worker."""

import gc
import unicodedata

import pytest

from search import services, snapcache, suggest
from search.backends import get_backend
from search.services import search
from search.snapcache import LRU

from .conftest import index_now


@pytest.fixture(autouse=True)
def _blind_to_other_databases(monkeypatch):
    """Let a PostgreSQL snapshot keep its predecessor's memo (and the caches in
    it) whatever other databases of the server do meanwhile.

    The backend reuses the last snapshot's memo while `pg_current_snapshot()`
    is unchanged, and that is the list of the whole server's transactions: one
    in any database (another test run, a benchmark, autovacuum) between two
    searches makes the second start with empty caches, and these tests assert
    what is reused. Every write here is made on the test's own connection,
    which the check still sees by its transaction id and the backend's count
    of local writes; only the server-wide part is left out.
    """
    from search.backends.postgres.snapshot import PostgresSnapshot

    take = PostgresSnapshot._take_check

    def take_check(self, rows, check):
        rows = [(i, "" if i == -3 else a, b, n) for i, a, b, n in rows]
        return take(self, rows, check)

    monkeypatch.setattr(PostgresSnapshot, "_take_check", take_check)


def test_lru_keeps_at_most_its_size_dropping_the_least_recently_used():
    cache = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # a is now the most recent
    cache.put("c", 3)
    assert len(cache) == 2
    assert cache.get("b") is None
    assert (cache.get("a"), cache.get("c")) == (1, 3)


def test_lru_entries_expire():
    cache = LRU(4, ttl=-1.0)
    cache.put("a", 1)
    assert cache.get("a") is None


def test_lru_computes_a_missing_value_once():
    cache = LRU(4)
    calls = []
    for _ in range(3):
        assert cache.get_or_compute("k", lambda: calls.append(1) or 42) == 42
    assert len(calls) == 1
    assert (cache.hits, cache.misses) == (2, 1)


def _count_calls(monkeypatch, module, name):
    calls = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_repeated_search_is_answered_from_the_page_cache(seeds, monkeypatch):
    first = search("truong thi mai")
    calls = _count_calls(monkeypatch, services, "_search")
    again = search("truong thi mai")
    assert calls == []
    assert [r.id for r in again.results] == [r.id for r in first.results]
    assert again.suggestion == first.suggestion == "Trương Thị Mai"
    # Callers prepend notices to the messages: the cached page keeps its own.
    again.messages.insert(0, "notice")
    assert "notice" not in search("truong thi mai").messages
    assert search("truong thi mai", cache=False) is not None
    assert len(calls) == 1  # cache=False searches again


def test_page_cache_is_dropped_with_its_snapshot_when_a_write_publishes(seeds):
    article = seeds[1]
    assert article.title in [r.title for r in search("truong thi mai").results]
    old = get_backend().snapshot()
    # A PostgreSQL snapshot sees the data of its first read: read it before.
    old_pages = snapcache.of(old, "pages", 1)
    article.title = "Tiêu đề mới zqcache về Trương Thị Mai"
    article.save()
    index_now(article)
    page = search("truong thi mai")
    assert "Tiêu đề mới zqcache về Trương Thị Mai" in [r.title for r in page.results]
    assert search("zqcache").count == 1
    assert snapcache.of(get_backend().snapshot(), "pages", 1) is not old_pages


def test_a_cached_page_never_shows_an_article_deleted_since(seeds):
    page = search("truong thi mai")
    gone = page.results[0].id
    type(seeds[0]).objects.filter(pk=gone).delete()  # the index still has it
    assert gone not in [r.id for r in search("truong thi mai").results]


def test_page_cache_is_bounded(seeds, monkeypatch):
    monkeypatch.setattr(services, "PAGES_CACHED", 2)
    for q in ("cán bộ", "tổ chức", "hội nghị"):
        search(q)
    assert len(snapcache.of(get_backend().snapshot(), "pages", 2)) == 2


def test_facets_are_computed_once_for_the_pages_of_a_search(seeds, monkeypatch):
    calls = _count_calls(monkeypatch, services, "_facets")
    first = search("cán bộ", page_size=2)
    second = search("cán bộ", page=2, page_size=2)
    assert len(calls) == 1
    assert second.facets == first.facets
    assert [r.id for r in second.results] != [r.id for r in first.results]


def test_did_you_mean_is_computed_once_for_the_same_words(seeds, monkeypatch):
    calls = _count_calls(monkeypatch, suggest, "suggestion")
    assert search("truong thi mai").suggestion == "Trương Thị Mai"
    year = str(seeds[1].published_at.year)
    assert search("truong thi mai", {"year": [year]}).suggestion == "Trương Thị Mai"
    assert len(calls) == 1
    search("truong thi", {"year": [year]})
    assert len(calls) == 2  # other words: computed


def test_result_items_are_reused_across_orders_of_a_search(seeds, monkeypatch):
    calls = _count_calls(monkeypatch, services, "_build_items")
    relevance = search("cán bộ")
    newest = search("cán bộ", sort="newest")
    assert {r.id for r in newest.results} == {r.id for r in relevance.results}
    assert len(calls) == 1  # the second order built no item
    by_id = {r.id: r for r in relevance.results}
    for item in newest.results:
        assert item.snippet == by_id[item.id].snippet


def test_items_cache_is_bounded(seeds, monkeypatch):
    monkeypatch.setattr(services, "ITEMS_CACHED", 3)
    search("")
    assert len(snapcache.of(get_backend().snapshot(), "items", 3)) == 3


@pytest.mark.parametrize(
    "paragraph",
    [
        "Đồng chí TRƯƠNG THỊ MAI phát biểu.",
        unicodedata.normalize("NFD", "đồng chí Trương Thị Mai phát biểu"),
        "Truong Thi Mai",
    ],
)
def test_paragraph_filter_finds_a_run_in_any_spelling(paragraph):
    assert suggest._paragraph_filter([("truong", "thi", "mai")])(paragraph)


def test_paragraph_filter_skips_paragraphs_without_the_words():
    may_hold = suggest._paragraph_filter([("truong", "thi", "mai")])
    assert not may_hold("Đồng chí Lê Minh Hưng phát biểu.")
    assert not may_hold("Trường học")  # mai and thi are missing


def test_warm_up_sends_a_search_and_a_result_page_through_the_application(seeds):
    from django.core import signals
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    from search.web.warmup import preload

    # As Django's test client does: the test's transaction keeps its connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    gc.unfreeze()
    try:
        statuses = preload(get_wsgi_application())
        # What the warm-up loaded is out of the collector's full passes.
        frozen = gc.get_freeze_count()
    finally:
        gc.unfreeze()
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)
    assert statuses == {"/api/search/": "200 OK", "/search/": "200 OK"}
    assert frozen > 10_000


def test_a_result_listing_is_rendered_once_per_snapshot_and_state(
    seeds, client, monkeypatch
):
    from search.web import results

    calls = _count_calls(monkeypatch, results, "results_context")
    first = client.get("/search/", {"q": "truong thi mai"})
    again = client.get("/search/", {"q": "truong thi mai"})
    assert len(calls) == 1

    def main(response):  # the page without its form token
        return response.content.decode().split("<main", 1)[1].split("</main>")[0]

    assert main(first) == main(again)
    assert "<mark>" in again.content.decode()  # the listing is not escaped
    client.get("/search/", {"q": "truong thi mai", "sort": "newest"})
    assert len(calls) == 2
    article = seeds[1]
    article.title = "Tiêu đề zqlisting Trương Thị Mai"
    article.save()
    index_now(article)
    fresh = client.get("/search/", {"q": "truong thi mai"})
    assert len(calls) == 3
    assert "zqlisting" in fresh.content.decode()


def test_listing_cache_is_bounded(seeds, client, monkeypatch):
    from search.web import results

    monkeypatch.setattr(results, "LISTINGS_CACHED", 2)
    for q in ("cán bộ", "tổ chức", "hội nghị"):
        client.get("/search/", {"q": q})
    assert len(snapcache.of(get_backend().snapshot(), "listings", 2)) == 2


def test_a_cached_empty_answer_gives_way_to_the_saved_article(seeds):
    from search.indexing import sync

    assert search("zqlater").count == 0  # kept in this snapshot's cache
    article = seeds[0]
    article.title = f"{article.title} zqlater"
    article.save()
    sync.enqueue_article(article.pk)
    sync.flush()  # no forget(): the next search must notice the new snapshot
    assert [r.id for r in search("zqlater").results] == [article.pk]


def test_caches_are_kept_apart_per_database_the_rows_are_read_from(seeds, monkeypatch):
    from django.db import router

    snap = get_backend().snapshot()
    primary = snapcache.of(snap, "pages", 4)
    assert snapcache.of(snap, "pages", 4) is primary
    monkeypatch.setattr(router, "db_for_read", lambda model, **hints: "replica")
    assert snapcache.of(snap, "pages", 4) is not primary


def test_a_transaction_in_another_database_leaves_the_caches(
    seeds, search_backend, monkeypatch
):
    """What `_blind_to_other_databases` is for: without it a transaction
    committed in another database of the server drops the page cache."""
    from django.db import connection

    if search_backend.name != "postgres":
        pytest.skip("a PostgreSQL snapshot's check only")
    import psycopg

    db = connection.settings_dict
    search("truong thi mai")
    calls = _count_calls(monkeypatch, services, "_search")
    with psycopg.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as other:
        other.execute("SELECT txid_current()")  # takes a transaction id, commits
    search("truong thi mai")
    assert calls == []

"""The benchmark runs end to end on 2 000 articles and reports every figure."""

import json
import os
import sqlite3

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search.bench import pg
from search.bench.runner import ENGINE_FACETS, copy_analysis, engine_search

CLASSES = {
    "selective_keyword",
    "broad_keyword",
    "phrase",
    "accentless_official",
    "document_code",
    "browse_all_facets",
    "two_filters_keyword",
}


def _check_ours(result: dict) -> None:
    for key in (
        "index_rate_end_to_end_per_s",
        "rebuild_rate_from_cache_per_s",
        "index_size_mb",
        "first_open_ms",
        "first_query_ms",
        "peak_rss_mb",
        "rss_while_searching_mb",
    ):
        assert result[key] > 0
    # Both levels: the result page and the engine's part of the same search.
    assert set(result["levels"]) == {"ours", "ours_engine"}
    for level in ("ours", "ours_engine"):
        assert set(result[level]) == CLASSES
        for figures in result[level].values():
            assert {"cold", "warm"} <= set(figures)
            assert figures["cold"]["p95_ms"] >= figures["cold"]["p50_ms"] > 0
    # A fresh build segments every article with pyvi once, then none.
    assert result["rebuild_from_cache_analysed"] == 0
    # Recall is what the benchmark must get right: our analyzers find every
    # accentless name and every code spelling; the stock setups do not.
    assert result["ours_recall"] == {"accentless_official": 1.0, "document_code": 1.0}


def _check_stock_haystack_and_fts5(result: dict) -> None:
    stock = result["baseline_stock_haystack_whoosh"]
    assert stock["recall"]["accentless_official"] < 1.0
    # ...but a stock index that indexed anything at all finds the codes (a
    # baseline that silently failed to index would score 0 here).
    assert stock["recall"]["document_code"] == 1.0
    fts5 = result["baseline_sqlite_fts5"]
    assert fts5["recall"]["document_code"] == 1.0
    assert 0 < fts5["recall"]["accentless_official"] < 1.0
    assert set(result["baseline_sqlite_fts5"]["latency"]) == CLASSES
    assert set(fts5["p95_ratio_vs_ours_engine"]) == CLASSES
    assert stock["p95_ratio_vs_ours"]
    assert set(stock["p95_ratio_vs_ours_engine"]) == CLASSES


def _check_stock_django_postgres(result: dict) -> None:
    django_pg = result["baseline_stock_django_postgres"]
    assert django_pg["index_rate_per_s"] > 0
    assert django_pg["index_size_mb"] > 0
    # Measured at both levels, each against the same level of ours.
    for level in ("page", "engine"):
        assert set(django_pg[f"latency_{level}"]) == CLASSES
        ratios = django_pg[f"p95_ratio_vs_ours_{level}"]
        assert set(ratios) == CLASSES
        assert all(r > 0 for r in ratios.values())
    assert django_pg["criterion_level"] == "page"
    # unaccent folds the names, so they are all found; the 'simple' parser
    # splits code spellings its own way, so not every spelling finds its code
    # (a vector column left empty would score 0 on both).
    assert django_pg["recall"]["accentless_official"] == 1.0
    assert 0 < django_pg["recall"]["document_code"] < 1.0


@pytest.mark.slow
def test_bench_search_reports_figures_and_recall(capsys):
    call_command("bench_search", articles=2000, json=True, baselines=True)
    result = json.loads(capsys.readouterr().out)
    assert result["backend"] == "whoosh"
    _check_ours(result)
    _check_stock_haystack_and_fts5(result)
    if pg.unavailable():
        assert "skipped" in result["baseline_stock_django_postgres"]
    else:
        _check_stock_django_postgres(result)


@pytest.mark.slow
def test_bench_search_on_postgres_reports_figures_and_recall(capsys):
    reason = pg.unavailable()
    if reason:
        pytest.skip(f"no PostgreSQL server answers: {reason}")
    call_command(
        "bench_search", articles=2000, json=True, baselines=True, backend="postgres"
    )
    result = json.loads(capsys.readouterr().out)
    assert result["backend"] == "postgres"
    _check_ours(result)
    _check_stock_haystack_and_fts5(result)
    _check_stock_django_postgres(result)
    # The throwaway database is gone again.
    assert not pg.exists(f"newsarchive_bench_2000_{os.getpid()}")


def test_engine_search_returns_ids_count_and_the_stock_facets(empty_index):
    from tests.search.conftest import create_article, index_now

    hit = create_article(
        title="Hội nghị bàn công tác cán bộ",
        body="Hội nghị bàn công tác cán bộ.",
        source="Báo Nhân Dân",
        officials=["Nguyễn Văn An"],
    )
    other = create_article(title="Thời tiết", body="Mưa rào.", source="Báo Nhân Dân")
    index_now(hit, other)
    pks, count, facets = engine_search("can bo", {})
    assert (pks, count) == ([hit.pk], 1)
    assert set(facets) == set(ENGINE_FACETS)
    assert sum(facets["source"].values()) == 1
    assert list(facets["official"].values()) == [1]
    # Browsing counts every article (the archive-wide totals).
    pks, count, facets = engine_search("", {})
    assert sorted(pks) == sorted([hit.pk, other.pk]) and count == 2
    assert sum(facets["source"].values()) == 2


@pytest.mark.django_db
def test_copy_analysis_reads_an_earlier_runs_cache(tmp_path, monkeypatch):
    from articles.models import Article
    from search import documents
    from search.models import AnalysisCache

    earlier = tmp_path / "bench.sqlite3"
    db = sqlite3.connect(earlier)
    db.execute(
        "CREATE TABLE search_analysiscache (key TEXT PRIMARY KEY, words TEXT, "
        "created_at TEXT)"
    )
    db.executemany(
        "INSERT INTO search_analysiscache VALUES (?, ?, '2026-01-01')",
        [(f"k{i}", f"từ_{i}") for i in range(2500)],
    )
    db.commit()
    db.close()
    AnalysisCache.objects.create(key="k0", words="từ_0")
    monkeypatch.setattr(documents, "analysis_key", lambda a: f"k{a.title}")
    for i in (5, 2499, 9999):  # the last has no entry in the earlier run
        Article.objects.create(title=str(i), lead="", body=f"bài {i}")
    copied = copy_analysis(earlier)
    assert copied == {"rows": 2, "articles_missing": 1, "waited_s": copied["waited_s"]}
    assert copied["waited_s"] < 5
    assert set(AnalysisCache.objects.values_list("key", flat=True)) == {
        "k0",
        "k5",
        "k2499",
    }
    assert AnalysisCache.objects.get(key="k2499").words == "từ_2499"


def test_analysis_from_a_folder_of_no_kept_run_is_refused(tmp_path):
    with pytest.raises(CommandError, match="--keep"):
        call_command(
            "bench_search", articles=2000, json=True, analysis_from=str(tmp_path)
        )

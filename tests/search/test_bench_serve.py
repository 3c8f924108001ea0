"""The serving benchmark: its request mix, and one short run against gunicorn."""

import json
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from search.bench.mix import KINDS, Mix, Vocabulary
from search.bench.reliability.sandbox import Answer
from search.bench.serve import Recorder, latency, ratio


def _vocabulary() -> Vocabulary:
    return Vocabulary(
        words=[f"từ{i}" for i in range(300)],
        rare=[f"hiếm{i} lạ{i}" for i in range(100)],
        officials=["Trương Thị Mai", "Lê Minh Hưng", "Nguyễn Văn Nam"],
        codes=["205-QĐ/TW", "18-NQ/TW", "35-CT/TW"],
        sources=["1", "2", "3"],
        official_slugs=["truong-thi-mai", "le-minh-hung"],
    )


def _draw(seed: int, n: int = 4000):
    mix = Mix(_vocabulary(), seed)
    return [mix.next() for _ in range(n)]


def test_mix_has_the_issues_shares_of_api_html_and_new_queries():
    requests = _draw(1)
    kinds = Counter(r.kind for r in requests)
    assert set(kinds) == set(KINDS)
    api = sum(n for k, n in kinds.items() if k.startswith("api_"))
    new = kinds["api_new"] + kinds["html_new"]
    assert 0.67 < api / len(requests) < 0.73
    assert new / len(requests) >= 0.5
    paging = kinds["api_page"] + kinds["html_page"]
    facets = kinds["api_facet"] + kinds["html_facet"]
    assert paging > 0.2 * len(requests) and facets > 0.15 * len(requests)


def test_new_queries_are_never_repeated_on_a_connection():
    requests = [r for r in _draw(2) if r.kind.endswith("_new")]
    queries = [r.q for r in requests]
    assert len(set(queries)) == len(queries)


def test_paging_and_facet_clicks_follow_a_query_the_connection_asked():
    mix = Mix(_vocabulary(), 3)
    asked: set[str] = set()
    for _ in range(2000):
        request = mix.next()
        params = parse_qs(urlsplit(request.path).query)
        assert params["q"] == [request.q]
        if request.kind.endswith("_new"):
            asked.add(request.q)
            continue
        assert request.q in asked
        if request.kind.endswith("_page"):
            assert 2 <= int(params["page"][0]) <= 4
        else:
            assert {"year", "source", "official"} & set(params)


def test_mix_paths_go_to_the_api_or_the_result_page():
    for request in _draw(4, 500):
        base = "/api/search/" if request.kind.startswith("api") else "/search/"
        assert request.path.startswith(base + "?q=")


def test_mix_is_deterministic_for_a_seed_and_differs_between_seeds():
    assert [r.path for r in _draw(5, 200)] == [r.path for r in _draw(5, 200)]
    assert [r.path for r in _draw(5, 200)] != [r.path for r in _draw(6, 200)]


def test_recorder_counts_errors_apart_by_class():
    recorder = Recorder()
    recorder.add("api_new", "/a", Answer(200, 0.010))
    recorder.add("api_new", "/a", Answer(200, 0.030))
    recorder.add("html_new", "/b", Answer(503, 0.5))
    recorder.add("html_new", "/b", Answer(404, 0.1))
    recorder.add("html_page", "/c", Answer(0, 1.0, error="ConnectionResetError"))
    figures = recorder.figures(elapsed=2.0)
    assert figures["requests"] == 5
    assert figures["requests_per_s"] == 1.0  # answered ones only
    assert figures["errors"]["server_5xx"] == 1
    assert figures["errors"]["other_status"] == 1
    assert figures["errors"]["no_answer"] == 1
    assert figures["by_kind"]["api_new"]["requests"] == 2
    assert figures["by_kind"]["api"]["p50_ms"] == 20.0


def test_latency_percentiles_and_ratio():
    figures = latency([i / 1000 for i in range(1, 101)])
    assert (figures["p50_ms"], figures["p95_ms"], figures["p99_ms"]) == (
        50.5,
        95.0,
        99.0,
    )
    ours = {"requests_per_s": 100.0, "p50_ms": 10, "p95_ms": 20, "p99_ms": 40}
    ours["by_kind"] = {"api": {"p95_ms": 20}}
    stock = {"requests_per_s": 25.0, "p50_ms": 40, "p95_ms": 100, "p99_ms": 200}
    stock["by_kind"] = {"api": {"p95_ms": 60}}
    out = ratio(ours, stock)
    assert out["requests_per_s_ours_over_stock"] == 4.0
    assert out["p95_ms_stock_over_ours"] == 5.0
    assert out["by_kind_p95_stock_over_ours"] == {"api": 3.0}
    assert ratio(ours, None) is None


def test_bench_serve_refuses_bad_bounds():
    with pytest.raises(CommandError):
        call_command("bench_serve", articles=0)
    with pytest.raises(CommandError):
        call_command("bench_serve", duration=-1)


@pytest.mark.slow
def test_bench_serve_serves_the_mix_without_errors(capsys):
    call_command("bench_serve", articles=60, duration=3, json=True, baselines=True)
    result = json.loads(capsys.readouterr().out)
    for name in ("ours", "stock_haystack"):
        served = result[name]
        for key in ("requests_per_s", "p50_ms", "p95_ms", "p99_ms"):
            assert served[key] > 0
        assert served["p99_ms"] >= served["p95_ms"] >= served["p50_ms"]
        assert set(served["by_kind"]) == {*KINDS, "api", "html"}
        kinds = served["by_kind"]
        assert kinds["api"]["requests"] > kinds["html"]["requests"]
        assert served["errors"]["server_5xx"] == 0
        assert served["errors"]["other_status"] == 0
        assert served["errors"]["no_answer"] == 0
        assert served["tracebacks_logged"] == 0
        assert served["workers"] == 2
        assert all(mb > 0 for mb in served["peak_rss_mb_per_worker"])
        assert served["cpu_ms_per_request"] > 0
    assert result["stock_haystack"]["index_rate_per_s"] > 0
    assert result["ratio"]["requests_per_s_ours_over_stock"] > 0
    assert result["first_request"]["statuses"] == [200, 200, 200]
    assert result["index"]["index_mb"] > 0 and result["index"]["text_mb_utf8"] > 0
    assert result["machine"]["cores"] >= 1
    assert len(result["machine"]["load_average_after"]) == 3


def test_in_process_rounds_ask_one_new_query_in_every_kind():
    from search.bench.inprocess import ROUND_KINDS, _round

    vocabulary = _vocabulary()
    mix = Mix(vocabulary, 11)
    first, second = _round(mix, vocabulary, 0), _round(mix, vocabulary, 1)
    assert [kind for kind, _path in first] == list(ROUND_KINDS)
    queries = [parse_qs(urlsplit(path).query)["q"][0] for _kind, path in first]
    # One query for all kinds but the last, a new result page of another one.
    assert len(set(queries[:-1])) == 1 and queries[-1] != queries[0]
    assert not {queries[0], queries[-1]} & {
        parse_qs(urlsplit(path).query)["q"][0] for _kind, path in second
    }
    paths = dict(first)
    assert paths["api_again"] == paths["api_new"]
    assert paths["html_again"] == paths["html_after_api"]
    again = _round(Mix(vocabulary, 11), vocabulary, 0)
    assert again == first


@pytest.mark.slow
def test_bench_serve_in_process_times_every_request_kind(capsys, tmp_path):
    call_command(
        "bench_serve", articles=60, json=True, in_process=True, rounds=3,
        keep=str(tmp_path), profile=str(tmp_path / "new.prof"),
    )  # fmt: skip
    result = json.loads(capsys.readouterr().out)["in_process"]
    assert set(result["statuses"]) == {"200"}
    for kind, figures in result["cpu_ms"].items():
        assert figures["requests"] == 3, kind
        assert figures["median_ms"] > 0
    assert result["mix"]["requests"] == 300 and result["mix"]["mean_ms"] > 0
    assert (tmp_path / "new.prof").stat().st_size > 0

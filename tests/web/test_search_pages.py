"""The search results page, its Atom feed, CSV export and OpenSearch."""

from __future__ import annotations

import csv
import io
import json
import re
from xml.etree import ElementTree

import pytest

pytestmark = pytest.mark.django_db

# The same budget for 2 results and for a full page of 20: results, their
# officials and citations are each read in one query; facet labels are cached
# (the budget includes loading them cold).
SEARCH_QUERIES = 10


def html(response) -> str:
    return response.content.decode()


def get(client, **params):
    return client.get("/search/", params)


@pytest.mark.parametrize("q", ["truong thi mai", "can bo"])
def test_search_query_count_is_bounded(
    client, archive, django_assert_max_num_queries, q
):
    with django_assert_max_num_queries(SEARCH_QUERIES):
        response = get(client, q=q)
    assert response.status_code == 200
    assert response.context["search_page"].count >= 2


def test_search_without_diacritics_lists_hits_with_highlights_and_tags(client, archive):
    response = get(client, q="truong thi mai")
    page = html(response)
    assert response.status_code == 200
    assert "2 kết quả" in page
    assert '<meta name="robots" content="noindex, follow">' in page
    assert "<mark>Trương Thị Mai</mark>" in page
    assert 'class="tag tag-person" href="/officials/truong-thi-mai/"' in page
    assert 'class="tag tag-code" href="/documents/205-Q%C4%90/TW/"' in page
    hit_url = response.context["hits"][0]["url"]
    assert "q=truong+thi+mai" in hit_url and "n=1" in hit_url


def test_the_query_is_echoed_escaped(client, archive):
    response = get(client, q='<script>alert("x")</script>')
    page = html(response)
    assert response.status_code == 200
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_sorting_newest_and_oldest(client, archive):
    newest = [
        h["item"].id for h in get(client, q="can bo", sort="newest").context["hits"]
    ]
    oldest_page = get(client, q="can bo", sort="oldest")
    oldest = [h["item"].id for h in oldest_page.context["hits"]]
    count = oldest_page.context["search_page"].count
    assert len(newest) == len(oldest) == 20
    last = get(client, q="can bo", sort="oldest", page=2).context["hits"]
    everything_oldest = oldest + [h["item"].id for h in last]
    assert len(everything_oldest) == count
    # The newest dated article, then the undated one: undated come last.
    assert everything_oldest[-2] == newest[0]
    assert last[-1]["item"].title == "Bài không rõ ngày"
    assert len(set(everything_oldest)) == count
    assert get(client, q="can bo", sort="bogus").status_code == 200


def test_facets_chips_and_removal(client, archive):
    response = get(client, q="can bo")
    facets = {g["name"]: g for g in response.context["facets"]}
    assert {"official", "source"} <= set(facets)
    hnm = next(v for v in facets["source"]["values"] if v["label"] == "Hà Nội mới")
    filtered = client.get(hnm["url"])
    chips = filtered.context["chips"]
    assert [c["label"] for c in chips] == ["Hà Nội mới"]
    assert {h["item"].source for h in filtered.context["hits"]} == {"Hà Nội mới"}
    removed = client.get(chips[0]["remove_url"])
    assert removed.context["chips"] == []
    assert removed.context["search_page"].count == response.context["search_page"].count


def test_filters_combine(client, archive):
    response = get(client, q="can bo", official="nguyen-van-the", year="2019")
    assert response.context["search_page"].count == 8
    assert len(response.context["chips"]) == 2
    labels = {c["label"] for c in response.context["chips"]}
    assert labels == {"Nguyễn Văn Thể", "2019"}


def test_year_histogram_drills_into_months(client, archive):
    response = get(client, q="can bo")
    histogram = response.context["histogram"]
    assert histogram["unit"] == "year"
    assert {b["label"] for b in histogram["bars"]} >= {"2017", "2019"}
    bar = next(b for b in histogram["bars"] if b["label"] == "2019")
    months = client.get(bar["url"]).context["histogram"]
    assert months["unit"] == "month" and months["year"] == "2019"
    assert len(months["bars"]) == 12
    one = client.get(months["bars"][2]["url"])
    assert one.context["search_page"].count == 2
    assert "month=2019-03" in months["bars"][2]["url"]


def test_year_histogram_labels_articles_without_a_year_and_filters_them(
    client, archive
):
    histogram = get(client, q="can bo").context["histogram"]
    assert all(b["label"] for b in histogram["bars"])
    unknown = histogram["bars"][-1]
    assert unknown["label"] == "không rõ năm" and unknown["count"] == 1
    assert "year=none" in unknown["url"]
    assert "year=&" not in unknown["url"] and not unknown["url"].endswith("year=")
    response = client.get(unknown["url"])
    assert response.status_code == 200
    titles = [h["item"].title for h in response.context["hits"]]
    assert titles == ["Bài không rõ ngày"]
    assert [c["label"] for c in response.context["chips"]] == ["không rõ năm"]
    bars = response.context["histogram"]["bars"]
    assert [(b["label"], b["selected"]) for b in bars] == [("không rõ năm", True)]
    # Clicking the selected bar again removes the filter.
    assert client.get(bars[0]["url"]).context["search_page"].count == 27
    page = html(response)
    assert 'class="current unknown"' in page and "không rõ năm" in page


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"year": "none"}, 1),
        ({"year": "NONE", "q": "can bo"}, 1),
        ({"year": ["none", "2017"]}, 2),
        ({"year": "none", "month": "3"}, 1),
        ({"year": "none", "month": "2019-03"}, 0),
        ({"year": "none", "q": "truong thi mai"}, 0),
    ],
)
def test_year_none_filters_everywhere_and_never_fails(client, archive, params, count):
    for path in ("/search/", "/api/search/", "/search/feed/", "/search/export.csv"):
        assert client.get(path, params).status_code == 200, path
    assert json.loads(client.get("/api/search/", params).content)["count"] == count
    assert get(client, **params).context["search_page"].count == count


def test_facet_values_narrow_without_javascript(client, archive):
    response = get(client, q="can bo", fq_official="the")
    group = next(g for g in response.context["facets"] if g["name"] == "official")
    assert [v["label"] for v in group["values"]] == ["Nguyễn Văn Thể"]
    assert 'name="fq_official" type="search" value="the"' in html(response)
    # Diacritics in the filter box are optional either way.
    response = get(client, q="can bo", fq_source="HÀ NỘI")
    group = next(g for g in response.context["facets"] if g["name"] == "source")
    assert [v["label"] for v in group["values"]] == ["Hà Nội mới"]


def test_more_link_expands_a_long_facet(client, archive):
    from .conftest import add_article, index_all

    for i in range(10):
        add_article(
            f"Cán bộ {i}",
            f"cán bộ số {i}",
            None,
            officials={f"Nguyễn Văn Số {chr(65 + i)}": []},
        )
    index_all()
    response = get(client, q="can bo")
    group = next(g for g in response.context["facets"] if g["name"] == "official")
    assert len(group["values"]) == 8 and "more=official" in group["more_url"]
    expanded = client.get(group["more_url"].split("#")[0])
    group = next(g for g in expanded.context["facets"] if g["name"] == "official")
    assert len(group["values"]) == 13 and group["less_url"]


def test_unknown_facet_values_give_a_helpful_empty_state(client, archive):
    response = get(client, q="cán bộ", official="khong-co-ai", year="1890")
    page = html(response)
    assert response.status_code == 200
    assert response.context["search_page"].count == 0
    assert "Không tìm thấy bài viết nào" in page
    assert "Bỏ lọc" in page
    assert "Tìm không dấu: “can bo”" in page


def test_page_past_the_end_shows_the_last_page(client, archive):
    response = get(client, q="can bo", page="10000")
    assert response.status_code == 200
    assert response.context["search_page"].page == 2
    assert "Không có trang 10000" in html(response)
    for bad in ("abc", "-1", "0", "9" * 30):
        assert get(client, q="can bo", page=bad).status_code == 200


def test_pagination_links_keep_the_state(client, archive):
    response = get(client, q="can bo", sort="newest")
    assert "page=2" in response.context["next_url"]
    assert "sort=newest" in response.context["next_url"]
    second = client.get(response.context["next_url"])
    assert "q=can+bo" in second.context["previous_url"]
    assert second.context["next_url"] == ""


@pytest.mark.parametrize("q", ["qd 205", "205/QĐ-TW", "quy dinh 205"])
def test_results_api_and_feed_mark_codes_whole(client, archive, q):
    page_hits = get(client, q=q).context["hits"]
    snippets = [h["item"].snippet for h in page_hits]
    api = json.loads(client.get("/api/search/", {"q": q}).content)["results"]
    assert [r["snippet"] for r in api] == snippets
    assert len(snippets) == 2
    for snippet in snippets:
        assert re.findall(r"<mark>(.*?)</mark>", snippet) in (
            ["205-QĐ/TW"],
            ["205-QĐ/TƯ"],
        )
    feed = client.get("/search/feed/", {"q": q}).content.decode()
    assert "205-QĐ/TW&lt;/mark&gt;" in feed or "205-QĐ/TW</mark>" in feed


def test_suggestion_is_offered_for_a_misspelling(client, archive):
    response = get(client, q="truong thi mia")
    suggestion = response.context["search_page"].suggestion
    if suggestion:  # the engine decides; the page must show what it offers
        assert "Có phải bạn muốn tìm:" in html(response)
        assert response.context["suggestion_url"].startswith("/search/?q=")


def test_a_huge_query_is_refused_with_a_message(client, archive):
    response = get(client, q="cán bộ " * 1000)
    assert response.status_code == 400
    assert "Câu tìm quá dài" in html(response)


@pytest.mark.parametrize(
    "params",
    [
        {"q": "*:* OR ((("},
        {"q": "\x00\x01"},
        {"q": "-"},
        {"q": '"'},
        {"q": "can bo", "month": "13"},
        {"q": "can bo", "month": "2019-99"},
        {"q": "", "source": "abc"},
        {"q": "x", "more": "bogus", "fq_bogus": "x"},
        {"q": "205-QĐ/TW", "code": "205-QĐ/TW"},
    ],
)
def test_strange_parameters_never_fail(client, archive, params):
    assert client.get("/search/", params).status_code == 200


def test_search_page_without_query_browses_everything(client, archive):
    response = client.get("/search/")
    assert response.status_code == 200
    assert response.context["search_page"].count == len(archive.articles) + 1


def test_atom_feed_for_a_search(client, archive):
    response = client.get("/search/feed/", {"q": "truong thi mai"})
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert len(entries) == 2
    assert entries[0].find("a:title", ns).text == archive.mai_article.title
    assert "truong thi mai" in root.find("a:title", ns).text
    assert client.get("/search/feed/", {"q": "x" * 3000}).status_code == 400


def test_csv_export_streams_a_bounded_result_set(
    client, archive, django_assert_max_num_queries
):
    with django_assert_max_num_queries(SEARCH_QUERIES):
        response = client.get("/search/export.csv", {"q": "can bo", "year": "2019"})
        body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:3] == ["id", "title", "published_at"]
    assert len(rows) == 1 + 24


def test_csv_export_stops_at_its_bound(client, archive, monkeypatch):
    from search.web import exports

    monkeypatch.setattr(exports, "CSV_MAX_ROWS", 100)
    response = client.get("/search/export.csv", {"q": ""})
    rows = list(
        csv.reader(
            io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))
        )
    )
    assert len(rows) == 1 + len(archive.articles) + 1


def test_opensearch_description_and_suggestions(client, archive):
    response = client.get("/opensearch.xml")
    assert response["Content-Type"].startswith("application/opensearchdescription+xml")
    root = ElementTree.fromstring(response.content)
    ns = {"o": "http://a9.com/-/spec/opensearch/1.1/"}
    urls = {u.get("type"): u.get("template") for u in root.findall("o:Url", ns)}
    assert urls["text/html"] == "http://testserver/search/?q={searchTerms}"
    assert (
        urls["application/x-suggestions+json"]
        == "http://testserver/search/suggest/?q={searchTerms}"
    )
    response = client.get("/search/suggest/", {"q": "truong"})
    assert response["Content-Type"] == "application/x-suggestions+json"
    q, completions, descriptions, links = json.loads(response.content)
    assert q == "truong" and "Trương Thị Mai" in completions
    assert len(completions) == len(descriptions) == len(links)
    assert json.loads(client.get("/search/suggest/", {"q": ""}).content)[1] == []


def test_csv_export_lists_the_results_pages_order_without_snippets(
    client, archive, monkeypatch
):
    from search import services
    from search.web import exports

    listed = client.get("/api/search/", {"q": "can bo", "sort": "newest"}).json()
    expected = [str(r["id"]) for r in listed["results"]][:3]
    assert len(expected) == 3

    def no_snippets(*args, **kwargs):
        raise AssertionError("an export needs no snippets")

    monkeypatch.setattr(services, "snippet", no_snippets)
    monkeypatch.setattr(services, "highlight", no_snippets)
    monkeypatch.setattr(exports, "CSV_MAX_ROWS", 3)
    response = client.get("/search/export.csv", {"q": "can bo", "sort": "newest"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert [row[0] for row in rows[1:]] == expected

import pytest


def test_search_api_answers_the_documented_shape(seeds, client):
    response = client.get("/api/search/", {"q": "truong thi mai", "year": "2023"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) >= {"count", "page", "results", "facets", "suggestion"}
    assert data["count"] == 1
    (result,) = data["results"]
    assert set(result) >= {"id", "title", "url", "published_at", "officials", "codes"}
    assert "Trương Thị Mai" in result["officials"]
    assert "<mark>" in result["snippet"]
    assert (
        data["facets"]["official"][0]
        == {"value": "mai-van-chinh", "label": "Mai Văn Chính", "count": 1}
        or data["facets"]["official"][0]["count"] == 1
    )


def test_search_api_filters_by_official_and_code(seeds, client):
    data = client.get("/api/search/", {"code": "205-QĐ/TW"}).json()
    assert [r["id"] for r in data["results"]] == [seeds[4].pk]
    data = client.get("/api/search/", {"official": "truong-thi-mai"}).json()
    assert data["count"] == 2


@pytest.mark.parametrize("q", ['"', "a:(*", "x" * 10_000, "\x00", "🎉"])
def test_search_api_never_fails_on_odd_input(seeds, client, q):
    response = client.get("/api/search/", {"q": q, "page": "abc"})
    assert response.status_code == 200


def test_snippet_escapes_article_html(empty_index, client):
    from .conftest import create_article, index_now

    article = create_article(
        title="Bài <script>alert(1)</script> thử",
        body="Nội dung <b>đậm</b> thử nghiệm.",
    )
    index_now(article)
    data = client.get("/api/search/", {"q": "thu nghiem"}).json()
    snippet = data["results"][0]["snippet"]
    assert "<b>" not in snippet and "&lt;b&gt;" in snippet
    assert "<mark>thử nghiệm</mark>" in snippet


def test_autocomplete_api(seeds, client):
    data = client.get("/api/autocomplete/", {"q": "pham"}).json()
    assert data["results"][0]["label"] == "Phạm Minh Chính"

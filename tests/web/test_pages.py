"""The reading pages: home, article, official, document, date archive, API."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

# Query budgets per page. They hold whatever the number of results, officials
# or citations: every list is read in one query (plus the cached facet labels).
HOME_QUERIES = 5
ARTICLE_QUERIES = 8
ARTICLE_FROM_SEARCH_QUERIES = 10
OFFICIAL_QUERIES = 16  # with the posts timeline and its events (one query each)
DOCUMENT_QUERIES = 6  # with its citing articles counted by Party term
ARCHIVE_QUERIES = 4
API_QUERIES = 4


def html(response) -> str:
    return response.content.decode()


def test_home_shows_search_box_newest_top_lists_and_years(
    client, archive, django_assert_max_num_queries
):
    with django_assert_max_num_queries(HOME_QUERIES):
        response = client.get("/")
    page = html(response)
    assert response.status_code == 200
    assert 'role="search"' in page and 'name="q"' in page
    assert response.context["newest"][0] == archive.mai_article
    assert [p.name for p in response.context["top_people"]][0] == "Nguyễn Văn Thể"
    assert response.context["top_documents"][0].code == "205-QĐ/TW"
    bars = response.context["years"]
    years = {bar.value: bar.count for bar in bars if not bar.unknown}
    assert years == {2017: 1, 2018: 0, 2019: 24, 2020: 0, 2021: 0, 2022: 1, 2023: 1}
    assert 'href="/archive/2019/"' in page
    assert 'rel="search"' in page and "/opensearch.xml" in page


def test_home_histogram_labels_the_undated_articles_and_links_to_them(client, archive):
    response = client.get("/")
    *_years, unknown = response.context["years"]
    assert (unknown.unknown, unknown.label, unknown.count) == (
        True,
        "không rõ năm",
        1,
    )
    assert unknown.url == "/search/?year=none"
    page = html(response)
    assert '<li class="unknown">' in page and 'href="/search/?year=none"' in page
    assert "không rõ năm" in page
    titles = [h["item"].title for h in client.get(unknown.url).context["hits"]]
    assert titles == ["Bài không rõ ngày"]


def test_home_of_an_empty_archive_says_so(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "Kho chưa có bài viết nào." in html(response)


def test_article_page_has_body_captions_side_panel_and_canonical_link(
    client, archive, django_assert_max_num_queries
):
    article = archive.mai_article
    with django_assert_max_num_queries(ARTICLE_QUERIES):
        response = client.get(article.get_absolute_url())
    page = html(response)
    assert response.status_code == 200
    assert "<p>Đồng chí Lê Minh Hưng phát biểu.</p>" in page
    assert "Quang cảnh hội nghị _ Ảnh: TTXVN" in page
    assert "Ngô Khiêm" in page and "Xây dựng Đảng" in page
    assert 'href="/officials/truong-thi-mai/"' in page
    assert "Thường trực Ban Bí thư" in page
    assert 'href="/documents/205-Q%C4%90/TW/"' in page
    assert (
        f'rel="canonical" href="http://testserver{article.get_absolute_url()}"' in page
    )
    related = response.context["related"]
    assert related and related[0] == archive.articles[1]
    assert "<mark>" not in page


def test_article_page_from_a_search_marks_terms_and_links_neighbours(
    client, archive, django_assert_max_num_queries
):
    article = archive.articles[1]
    url = article.get_absolute_url() + "?q=truong+thi+mai&n=1"
    with django_assert_max_num_queries(ARTICLE_FROM_SEARCH_QUERIES):
        response = client.get(url)
    page = html(response)
    assert "<mark>Trương Thị Mai</mark>" in page
    nav = response.context["search_nav"]
    assert nav["position"] == 1 and nav["count"] == 2
    assert nav["previous_url"] == ""
    assert nav["next_url"].startswith(archive.mai_article.get_absolute_url())
    assert "n=2" in nav["next_url"]
    assert "/search/?q=truong+thi+mai" in nav["back_url"]


def test_highlighting_escapes_the_article_text(client, archive):
    from .conftest import add_article, index_all

    article = add_article(
        "Tiêu đề <b>đậm</b> cán bộ", "Văn bản <script>x()</script> cán bộ.", None
    )
    index_all()
    response = client.get(article.get_absolute_url() + "?q=can+bo")
    page = html(response)
    assert "<script>x()</script>" not in page and "<b>đậm</b>" not in page
    assert "&lt;script&gt;" in page and "<mark>cán bộ</mark>" in page


def test_a_hostile_query_on_the_article_page_is_harmless(client, archive):
    url = archive.mai_article.get_absolute_url()
    for q in ['"<script>', "*:*", "x" * 5000, "((("]:
        response = client.get(url, {"q": q, "n": "abc"})
        assert response.status_code == 200
        assert "<script>" not in html(response).split("<main")[1]


def test_wrong_slug_redirects_and_keeps_the_search(client, archive):
    article = archive.mai_article
    response = client.get(f"/articles/{article.pk}/sai/?q=mai")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url() + "?q=mai"


def test_official_page_shows_aliases_timeline_companions_and_years(
    client, archive, django_assert_max_num_queries
):
    with django_assert_max_num_queries(OFFICIAL_QUERIES):
        response = client.get("/officials/truong-thi-mai/")
    page = html(response)
    assert response.status_code == 200
    assert "Trương T. Mai" in page
    titles = [e["title"] for e in response.context["timeline"]]
    assert titles == ["Bí thư Trung ương Đảng", "Thường trực Ban Bí thư"]
    assert [p.name for p in response.context["companions"]] == ["Lê Minh Hưng"]
    assert {b.value: b.count for b in response.context["years"]} == {2022: 1, 2023: 1}
    assert response.context["search_page"].count == 2
    assert 'rel="canonical"' in page


def test_official_page_searches_and_filters_within_their_articles(client, archive):
    response = client.get("/officials/truong-thi-mai/", {"q": "ha noi"})
    assert response.context["search_page"].count == 1
    response = client.get("/officials/truong-thi-mai/", {"year": "2023"})
    assert [h["item"].id for h in response.context["hits"]] == [archive.mai_article.pk]
    # The official's own filter is implied and cannot be removed from here.
    assert response.context["chips"][0]["facet"] == "Năm"
    assert all(g["name"] != "official" for g in response.context["facets"])


def test_official_query_count_does_not_grow_with_articles(
    client, archive, django_assert_max_num_queries
):
    with django_assert_max_num_queries(OFFICIAL_QUERIES):
        response = client.get("/officials/nguyen-van-the/", {"q": "can bo"})
    assert response.context["search_page"].count == 8


def test_unknown_official_is_a_404_with_a_message(client, archive):
    response = client.get("/officials/khong-co-ai/")
    assert response.status_code == 404
    assert "khong-co-ai" in html(response)


def test_document_page_shows_facts_spellings_and_citing_articles(
    client, archive, django_assert_max_num_queries
):
    with django_assert_max_num_queries(DOCUMENT_QUERIES):
        response = client.get(reverse("articles:document", args=["205-QĐ/TW"]))
    page = html(response)
    assert response.status_code == 200
    assert "Bộ Chính trị" in page and "23/09/2019" in page
    assert "kiểm soát quyền lực" in page
    surfaces = {s["surface"] for s in response.context["surfaces"]}
    assert surfaces == {"Quy định 205-QĐ/TW", "205-QĐ/TƯ"}
    assert len(response.context["page_obj"].object_list) == 2
    assert {b.value for b in response.context["years"] if b.count} == {2022, 2023}


def test_document_with_state_code_resolves(client, archive):
    response = client.get("/documents/128/NQ-CP/")
    assert response.status_code == 200
    assert response.context["document"].code == "128/NQ-CP"


@pytest.mark.parametrize(
    "path",
    [
        "/documents/205-QĐ-TƯ/",
        "/documents/qd-205-tw/",
        "/documents/205-qd-tw/",
        "/documents/205-QD/TW/",
        "/documents/205-QĐ/T.Ư/",
        "/documents/205%20QĐ%20TW/",
    ],
)
def test_non_canonical_document_urls_redirect(client, archive, path):
    response = client.get(path)
    assert response.status_code == 301
    assert response["Location"] == reverse("articles:document", args=["205-QĐ/TW"])


def test_unknown_document_is_a_404_with_a_message(client, archive):
    response = client.get("/documents/999-QĐ/TW/")
    assert response.status_code == 404
    assert "999-QĐ/TW" in html(response)


def test_archive_index_year_and_month(client, archive, django_assert_max_num_queries):
    with django_assert_max_num_queries(ARCHIVE_QUERIES):
        response = client.get("/archive/")
    assert "1 bài không rõ ngày." in html(response)
    with django_assert_max_num_queries(ARCHIVE_QUERIES):
        response = client.get("/archive/2019/")
    months = {b.value: b.count for b in response.context["months"]}
    assert sum(months.values()) == 24 and len(months) == 12
    assert 'href="/archive/2019/3/"' in html(response)
    assert response.context["page_obj"].paginator.count == 24
    with django_assert_max_num_queries(ARCHIVE_QUERIES):
        response = client.get("/archive/2019/3/")
    days = {b.value: b.count for b in response.context["days"] if b.count}
    assert days == {3: 1, 15: 1}
    assert len(response.context["days"]) == 31
    response = client.get("/archive/2019/3/", {"day": "15"})
    assert response.context["page_obj"].paginator.count == 1


def test_archive_of_an_empty_year_answers(client, archive):
    response = client.get("/archive/2005/")
    assert response.status_code == 200
    assert "Không có bài nào trong năm này." in html(response)


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/archive/2019/13/", 404, "tháng phải từ 1 đến 12"),
        ("/archive/2019/0/", 404, "tháng phải từ 1 đến 12"),
        ("/archive/0/", 404, "Năm 0 không hợp lệ"),
        ("/archive/99999/", 404, "không hợp lệ"),
        ("/archive/2019/2/?day=30", 400, "không có trong tháng này"),
        ("/archive/2019/2/?day=abc", 400, "không có trong tháng này"),
        ("/archive/2019/2/?page=10000", 200, ""),
        ("/archive/abc/", 404, ""),
    ],
)
def test_bad_archive_addresses_get_a_clear_answer(
    client, archive, path, status, message
):
    response = client.get(path)
    assert response.status_code == status
    assert message in html(response)


def test_article_api_returns_the_article_as_json(
    client, archive, django_assert_max_num_queries
):
    article = archive.mai_article
    with django_assert_max_num_queries(API_QUERIES):
        response = client.get(f"/api/articles/{article.pk}/")
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    assert data["title"] == article.title
    assert data["paragraphs"][-1] == "Đồng chí Lê Minh Hưng phát biểu."
    assert data["source"] == {"name": "Tạp chí Xây dựng Đảng", "code": "XDD"}
    assert data["published_at"] == "2023-01-12T09:00:00+07:00"
    assert {o["slug"] for o in data["officials"]} == {"truong-thi-mai", "le-minh-hung"}
    assert data["documents"][0]["code"] == "205-QĐ/TW"
    assert data["documents"][0]["url"].endswith("/documents/205-Q%C4%90/TW/")
    assert data["url"] == "http://testserver" + article.get_absolute_url()


def test_article_api_unknown_id_is_a_json_404(client, db):
    response = client.get("/api/articles/999999/")
    assert response.status_code == 404
    assert "999999" in json.loads(response.content)["error"]


def test_lists_of_officials_documents_and_articles(client, archive):
    for url in ("/officials/", "/documents/", "/articles/", "/officials/?page=999"):
        assert client.get(url).status_code == 200
    assert "Nguyễn Văn Thể" in html(client.get("/officials/"))


def test_pages_send_a_strict_content_security_policy(client, archive, settings):
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "newsarchive.middleware.ContentSecurityPolicyMiddleware",
    ]
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "<script>" not in html(response)
    assert ' style="' not in html(response)


def test_language_switch_turns_the_interface_english(client, archive):
    response = client.post(
        reverse("articles:set_language"), {"language": "en", "next": "/archive/"}
    )
    assert response.status_code == 302 and response["Location"] == "/archive/"
    assert '<html lang="en">' in html(client.get("/archive/"))


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/archive/",
        "/officials/truong-thi-mai/",
        "/documents/128/NQ-CP/",
        "/search/?q=x",
    ],
)
def test_every_page_links_opensearch_and_has_landmarks(client, archive, path):
    page = html(client.get(path))
    assert 'rel="search" type="application/opensearchdescription+xml"' in page
    assert '<main id="main"' in page and "<header" in page and "<footer" in page
    assert 'class="skip-link" href="#main"' in page

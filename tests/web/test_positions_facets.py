"""The `Chức vụ` and `Khóa` facets, the same on both search backends."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from tests.search.conftest import empty_index, index_now, search_backend  # noqa: F401

pytestmark = pytest.mark.django_db
HEAD = "truong-ban-to-chuc-trung-uong"


@pytest.fixture
def demo(empty_index):  # noqa: F811
    from articles.models import Article

    call_command("load_demo", verbosity=0)
    index_now(*Article.objects.all())


def facets(client, **params) -> dict:
    return client.get("/api/search/", params).json()["facets"]


def test_posts_and_terms_are_facets_with_labels(client, demo):
    found = facets(client, q="ban tổ chức")
    posts = {v["value"]: (v["label"], v["count"]) for v in found["post"]}
    assert posts[HEAD] == ("Trưởng Ban Tổ chức Trung ương", 4)
    assert posts["thuong-truc-ban-bi-thu"] == ("Thường trực Ban Bí thư", 1)
    assert found["party_term"] == [
        {"value": "13", "label": "Khóa XIII (2021–2026)", "count": 3},
        {"value": "12", "label": "Khóa XII (2016–2021)", "count": 2},
    ]


def test_filtering_by_post_and_term_narrows_the_hits(client, demo):
    both = client.get("/api/search/", {"post": HEAD, "party_term": "12"}).json()
    assert both["count"] == 1
    assert both["results"][0]["published_at"].startswith("2019-12-02T20:41")
    head = client.get("/api/search/", {"post": HEAD}).json()
    assert head["count"] == 4
    # Posts are multi-valued like officials: every chosen post must be named.
    two = client.get("/api/search/", {"post": [HEAD, "thuong-truc-ban-bi-thu"]}).json()
    assert two["count"] == 1
    none = client.get("/api/search/", {"post": "khong-co"}).json()
    assert none["count"] == 0


def test_the_results_page_shows_the_two_facets(client, demo):
    response = client.get("/search/", {"q": "ban to chuc"})
    page = response.content.decode()
    groups = {g["name"]: g for g in response.context["facets"]}
    assert groups["post"]["title"] == "Chức vụ"
    assert groups["party_term"]["title"] == "Khóa"
    assert "Khóa XIII (2021–2026)" in page
    assert f"post={HEAD}" in page
    chosen = client.get("/search/", {"q": "ban to chuc", "post": HEAD})
    chips = [c["label"] for c in chosen.context["chips"]]
    assert chips == ["Trưởng Ban Tổ chức Trung ương"]


def test_a_merged_post_reaches_the_index(client, demo):
    from articles.models import Position
    from articles.positions_derive import merge_positions
    from search.backends import get_backend

    head = Position.objects.get(slug=HEAD)
    deputy = Position.objects.get(
        name="Phó Trưởng Ban Thường trực Ban Tổ chức Trung ương"
    )
    merge_positions(head, [deputy])
    from articles.models import Article

    index_now(*Article.objects.all())
    get_backend().forget()
    posts = {v["value"] for v in facets(client, q="ban tổ chức")["post"]}
    assert deputy.slug not in posts and HEAD in posts

"""Facet values are the same on every backend; undated articles are `none`."""

from __future__ import annotations

import datetime as dt

import pytest

from .conftest import create_article, index_now


@pytest.fixture
def three_years(empty_index):
    """Two dated articles and one without any date, all about "cán bộ"."""
    articles = [
        create_article(
            title="Cán bộ 2019",
            body="Công tác cán bộ năm 2019.",
            event_date=dt.date(2019, 3, 1),
        ),
        create_article(
            title="Cán bộ 2023",
            body="Công tác cán bộ năm 2023.",
            event_date=dt.date(2023, 7, 4),
        ),
        create_article(title="Cán bộ không ngày", body="Công tác cán bộ cũ."),
    ]
    index_now(*articles)
    return articles


def year_facet(client, **params) -> list[dict]:
    data = client.get("/api/search/", params).json()
    for name, values in data["facets"].items():
        assert all(v["value"] for v in values), name  # never an empty value
    return data["facets"]["year"]


@pytest.mark.parametrize("q", ["", "cán bộ"])
def test_api_year_facet_lists_undated_articles_as_none(three_years, client, q):
    assert year_facet(client, q=q) == [
        {"value": "2019", "label": "2019", "count": 1},
        {"value": "2023", "label": "2023", "count": 1},
        {"value": "none", "label": "không rõ năm", "count": 1},
    ]


def test_api_year_facet_none_follows_the_filters(three_years, client):
    assert year_facet(client, q="cán bộ", year="2019") == [
        {"value": "2019", "label": "2019", "count": 1}
    ]
    assert year_facet(client, q="cán bộ", year="none") == [
        {"value": "none", "label": "không rõ năm", "count": 1}
    ]
    chosen = client.get("/api/search/", {"year": "none"}).json()
    assert [r["title"] for r in chosen["results"]] == ["Cán bộ không ngày"]


def test_api_year_facet_has_no_none_when_every_hit_is_dated(three_years, client):
    assert [v["value"] for v in year_facet(client, q="2023")] == ["2023"]

"""The index document's date order, the same on every search backend."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from search.documents import sort_key
from search.services import search

from .conftest import create_article, index_now

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def mixed_dates(empty_index):
    """Articles dated by publication (2022, 2019, 2017) and by event only."""
    rows = [
        ("2024 sự kiện", None, dt.date(2024, 3, 5)),
        ("2023 sự kiện", None, dt.date(2023, 7, 4)),
        ("2022", dt.datetime(2022, 1, 12, 18, 31, tzinfo=HCM), None),
        ("2019", dt.datetime(2019, 12, 3, 3, 41, tzinfo=HCM), None),
        ("2017", dt.datetime(2017, 6, 27, 9, 16, tzinfo=HCM), None),
    ]
    articles = [
        create_article(
            title=f"Cán bộ {title}",
            body=f"Công tác cán bộ {title}.",
            published_at=published,
            event_date=event,
        )
        for title, published, event in rows
    ]
    index_now(*reversed(articles))
    return articles


def test_search_newest_orders_by_publication_else_event_date(mixed_dates):
    expected = [a.pk for a in mixed_dates]
    for q in ("", "cán bộ"):
        assert [r.id for r in search(q, sort="newest").results] == expected
        assert [r.id for r in search(q, sort="oldest").results] == expected[::-1]


def test_search_and_database_agree_on_the_newest_order(mixed_dates):
    from articles.models import Article

    database = list(Article.objects.newest_first().values_list("pk", flat=True))
    assert [r.id for r in search("", sort="newest").results] == database


def test_an_event_date_counts_from_midnight_utc_as_in_the_database():
    from types import SimpleNamespace

    day = dt.date(2023, 1, 12)
    event = sort_key(SimpleNamespace(published_at=None, event_date=day))
    before = dt.datetime(2023, 1, 12, 6, 59, tzinfo=HCM)  # 23:59 UTC the day before
    after = dt.datetime(2023, 1, 12, 7, 1, tzinfo=HCM)
    assert sort_key(SimpleNamespace(published_at=before, event_date=None)) < event
    assert event < sort_key(SimpleNamespace(published_at=after, event_date=None))
    assert sort_key(SimpleNamespace(published_at=None, event_date=None)) < event


@pytest.fixture
def with_undated(mixed_dates):
    undated = create_article(title="Cán bộ không ngày", body="Công tác cán bộ cũ.")
    index_now(undated)
    return [*mixed_dates, undated]


@pytest.mark.parametrize("q", ["", "cán bộ"])
def test_year_none_finds_the_articles_without_a_date(with_undated, q):
    undated = with_undated[-1]
    assert [r.id for r in search(q, {"year": ["none"]}).results] == [undated.pk]
    both = search(q, {"year": ["none", "2019"]}, sort="newest")
    assert [r.id for r in both.results] == [with_undated[3].pk, undated.pk]
    assert search(q, {"year": ["2019"]}).count == 1
    # Undated articles sort last in the newest order.
    assert search(q, sort="newest").results[-1].id == undated.pk


def test_year_none_with_another_filter_narrows_both(with_undated):
    assert search("", {"year": ["none"], "source": ["1"]}).count == 0
    assert search("không ngày", {"year": ["none"]}).count == 1
    assert search("-ngày", {"year": ["none"]}).count == 0

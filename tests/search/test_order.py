"""Newest and oldest orders list undated articles last, as the database does."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from search.documents import UNDATED, sort_key
from search.services import search

from .conftest import create_article, index_now

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def dated_and_undated(empty_index):
    """Two undated articles between dated ones (by publication and by event)."""
    rows = [
        ("không ngày một", None, None),
        ("2019", dt.datetime(2019, 12, 3, 3, 41, tzinfo=HCM), None),
        ("2023 sự kiện", None, dt.date(2023, 7, 4)),
        ("không ngày hai", None, None),
        ("2017", dt.datetime(2017, 6, 27, 9, 16, tzinfo=HCM), None),
        ("trước 1970", None, dt.date(1965, 5, 1)),
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
    index_now(*articles)
    return articles


def ids(q: str, sort: str) -> list[int]:
    return [r.id for r in search(q, sort=sort).results]


@pytest.mark.parametrize("q", ["", "cán bộ"])
def test_undated_articles_come_last_oldest_first(search_backend, dated_and_undated, q):
    from articles.models import Article

    undated = {dated_and_undated[0].pk, dated_and_undated[3].pk}
    oldest = ids(q, "oldest")
    assert set(oldest[-2:]) == undated
    database = list(Article.objects.oldest_first().values_list("pk", flat=True))
    assert oldest == database


@pytest.mark.parametrize("q", ["", "cán bộ"])
def test_undated_articles_come_last_newest_first(search_backend, dated_and_undated, q):
    from articles.models import Article

    undated = {dated_and_undated[0].pk, dated_and_undated[3].pk}
    newest = ids(q, "newest")
    assert set(newest[-2:]) == undated
    assert newest[-3] == dated_and_undated[5].pk  # before 1970, still dated
    database = list(Article.objects.newest_first().values_list("pk", flat=True))
    assert newest == database


def test_the_database_orders_undated_articles_last_both_ways(db):
    from articles.models import Article

    undated = create_article(title="Không ngày", body="Một.")
    dated = create_article(title="Có ngày", body="Hai.", event_date=dt.date(2020, 1, 1))
    newest = list(Article.objects.newest_first().values_list("pk", flat=True))
    oldest = list(Article.objects.oldest_first().values_list("pk", flat=True))
    assert newest == oldest == [dated.pk, undated.pk]


def test_no_date_is_the_undated_sort_key():
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    at_epoch = sort_key(SimpleNamespace(published_at=epoch, event_date=None))
    on_epoch_day = sort_key(
        SimpleNamespace(published_at=None, event_date=dt.date(1970, 1, 1))
    )
    assert at_epoch != UNDATED and on_epoch_day != UNDATED
    assert sort_key(SimpleNamespace(published_at=None, event_date=None)) == UNDATED

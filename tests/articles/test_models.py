"""QuerySet behaviour the pages build on."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from articles import browse
from articles.models import Article

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def articles():
    return {
        "published": Article.objects.create(
            title="Đăng",
            body="a",
            published_at=datetime(2019, 12, 3, 3, 41, tzinfo=HCM),
        ),
        # 23:30 UTC on 31 Dec is already 1 Jan in Hà Nội.
        "new_year": Article.objects.create(
            title="Giao thừa",
            body="b",
            published_at=datetime(2019, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC")),
        ),
        "event_only": Article.objects.create(
            title="Chỉ có ngày sự kiện", body="c", event_date=date(2023, 12, 28)
        ),
        "undated": Article.objects.create(title="Không ngày", body="d"),
    }


def test_an_article_is_dated_by_publication_else_by_its_event(articles):
    assert set(Article.objects.dated_in(2019)) == {articles["published"]}
    assert set(Article.objects.dated_in(2020, 1, 1)) == {articles["new_year"]}
    assert set(Article.objects.dated_in(2023, 12)) == {articles["event_only"]}
    assert list(Article.objects.undated()) == [articles["undated"]]


def test_year_bars_count_event_dated_articles_too(articles):
    bars = {bar.value: bar.count for bar in browse.year_bars()}
    assert bars[2019] == 1 and bars[2020] == 1 and bars[2023] == 1
    assert browse.undated_count() == 1

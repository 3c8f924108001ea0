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


def _dated(title, published=None, event=None):
    return Article.objects.create(
        title=title, body=title, published_at=published, event_date=event
    )


@pytest.fixture
def mixed_dates():
    """Articles dated by publication (2022, 2019, 2017) and by event only."""
    return [
        _dated("2024 sự kiện", event=date(2024, 3, 5)),
        _dated("2023 sự kiện", event=date(2023, 7, 4)),
        _dated("2022", published=datetime(2022, 1, 12, 18, 31, tzinfo=HCM)),
        _dated("2019", published=datetime(2019, 12, 3, 3, 41, tzinfo=HCM)),
        _dated("2017", published=datetime(2017, 6, 27, 9, 16, tzinfo=HCM)),
        _dated("không ngày"),
    ]


def test_newest_first_orders_by_publication_else_event_date(mixed_dates):
    # Created in an order that a publication-first sort would keep wrong.
    titles = [a.title for a in Article.objects.newest_first()]
    assert titles == [a.title for a in mixed_dates]


def test_newest_first_keeps_days_in_order_around_an_event_date():
    early = _dated("12/1 sáng sớm", published=datetime(2023, 1, 12, 1, 0, tzinfo=HCM))
    event = _dated("12/1 sự kiện", event=date(2023, 1, 12))
    late = _dated("12/1 chiều", published=datetime(2023, 1, 12, 15, 0, tzinfo=HCM))
    eve = _dated("11/1 khuya", published=datetime(2023, 1, 11, 23, 59, tzinfo=HCM))
    after = _dated("13/1", published=datetime(2023, 1, 13, 0, 1, tzinfo=HCM))
    order = list(Article.objects.newest_first())
    assert order.index(after) < order.index(late) < order.index(event)
    assert order.index(event) < order.index(eve) and order.index(early) < order.index(
        eve
    )


def test_home_lists_the_newest_articles_by_their_date(client, mixed_dates):
    response = client.get("/")
    newest = [a.title for a in response.context["newest"]]
    assert newest == [a.title for a in mixed_dates]
    page = response.content.decode()
    assert page.index("2024 sự kiện") < page.index("2023 sự kiện") < page.index("2022")


def test_related_articles_break_ties_by_date(mixed_dates):
    from articles.models import Person, PersonMention

    person = Person.objects.create(name="Trương Thị Mai")
    for article in mixed_dates:
        PersonMention.objects.create(article=article, person=person, surface="x")
    related = browse.related_by_metadata(mixed_dates[-1], [person.pk], [], limit=5)
    assert [a.title for a in related] == [a.title for a in mixed_dates[:5]]

"""Position, body and person pages and the positions API on the demo seeds."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, Person, PersonMention, Position
from articles.positions_derive import derive_article

from .conftest import HCM, _reset_index, index_all

pytestmark = pytest.mark.django_db
HEAD_SLUG = "truong-ban-to-chuc-trung-uong"
# Position and body pages: the post (or the body's posts), its aliases, the
# holdings with people and evidence articles, the events; whatever the count.
POSITION_QUERIES = 4
BODY_QUERIES = 2
API_QUERIES = 3


@pytest.fixture
def demo(db):
    _reset_index()
    call_command("load_demo", verbosity=0)
    index_all()
    yield
    _reset_index()


def html(response) -> str:
    return response.content.decode()


def _more_holders(n: int) -> None:
    """Add n articles naming new heads of the commission, one a year after 2024."""
    for i in range(n):
        person = Person.objects.create(name=f"Nguyễn Văn Thử Nghiệm {chr(65 + i)}")
        article = Article.objects.create(
            title=f"Bài thêm {i}",
            body=f"Đồng chí {person.name}, Trưởng Ban Tổ chức Trung ương, dự họp.",
            published_at=dt.datetime(2030 + i, 1, 5, 9, tzinfo=HCM),
        )
        PersonMention.objects.create(
            article=article,
            person=person,
            surface=person.name,
            titles=["Trưởng Ban Tổ chức Trung ương"],
            mentioned_on=article.date,
        )
        derive_article(article)


def test_the_position_page_lists_its_holders_in_order_with_evidence(client, demo):
    response = client.get(reverse("articles:position", args=[HEAD_SLUG]))
    page = html(response)
    assert response.status_code == 200
    assert "<h1>Trưởng Ban Tổ chức Trung ương</h1>" in page
    names = [r["holding"].person.name for r in response.context["rows"]]
    assert names == ["Phạm Minh Chính", "Trương Thị Mai", "Lê Minh Hưng"]
    assert "12/01/2022 – 28/12/2023" in page
    assert "người kế nhiệm: Lê Minh Hưng" in page
    mai_row = response.context["rows"][1]
    assert mai_row["holding"].first_article.get_absolute_url() in page
    assert mai_row["holding"].last_article.get_absolute_url() in page
    assert "post=truong-ban-to-chuc-trung-uong" in page


def test_the_position_page_answers_who_held_it_on_a_day(client, demo):
    url = reverse("articles:position", args=[HEAD_SLUG])
    response = client.get(url, {"on": "2023-06-01"})
    assert [r["holding"].person.name for r in response.context["holders_on"]] == [
        "Trương Thị Mai"
    ]
    assert "Ngày 01/06/2023" in html(response)
    early = client.get(url, {"on": "2010-01-01"})
    assert "Kho chưa có bằng chứng" in html(early)


@pytest.mark.parametrize("bad", ["2023-13-01", "hôm qua", "2023-1-1", "x" * 500])
def test_a_bad_day_is_a_clear_400(client, demo, bad):
    for name, args in (
        ("articles:position", [HEAD_SLUG]),
        ("articles:body", ["bo-chinh-tri"]),
    ):
        response = client.get(reverse(name, args=args), {"on": bad})
        assert response.status_code == 400
        assert "không hợp lệ" in html(response)


def test_unknown_position_and_body_are_404_pages(client, demo):
    for name in ("articles:position", "articles:body"):
        response = client.get(reverse(name, args=["khong-co"]))
        assert response.status_code == 404
        assert "khong-co" in html(response)


def test_position_page_queries_do_not_grow_with_holders(
    client, demo, django_assert_num_queries
):
    url = reverse("articles:position", args=[HEAD_SLUG])
    with django_assert_num_queries(POSITION_QUERIES):
        client.get(url, {"on": "2023-06-01"})
    _more_holders(4)
    with django_assert_num_queries(POSITION_QUERIES):
        response = client.get(url, {"on": "2023-06-01"})
    assert len(response.context["rows"]) == 7


def test_the_politburo_page_shows_its_members_on_a_day(
    client, demo, django_assert_num_queries
):
    url = reverse("articles:body", args=["bo-chinh-tri"])
    with django_assert_num_queries(BODY_QUERIES):
        response = client.get(url, {"on": "2023-06-01"})
    page = html(response)
    assert response.status_code == 200
    assert [h.person.name for h in response.context["members"]] == ["Trương Thị Mai"]
    assert "khóa XIII" in page
    older = client.get(url, {"on": "2020-01-01"})
    assert [h.person.name for h in older.context["members"]] == ["Phạm Minh Chính"]
    latest = client.get(url)  # no day: the body's latest article
    assert latest.context["day"] == dt.date(2024, 7, 4)
    # A membership lasts to the end of its term unless an article ends it.
    assert [h.person.name for h in latest.context["members"]] == [
        "Lê Minh Hưng",
        "Trương Thị Mai",
    ]


def test_the_commission_page_lists_its_officers(client, demo):
    response = client.get(
        reverse("articles:body", args=["ban-to-chuc-trung-uong"]), {"on": "2023-06-01"}
    )
    members = [(h.position.name, h.person.name) for h in response.context["members"]]
    assert members == [
        ("Trưởng Ban Tổ chức Trung ương", "Trương Thị Mai"),
        ("Phó Trưởng Ban Thường trực Ban Tổ chức Trung ương", "Mai Văn Chính"),
    ]


def test_the_person_page_shows_posts_as_a_timeline(client, demo):
    response = client.get(reverse("articles:person", args=["truong-thi-mai"]))
    page = html(response)
    assert response.status_code == 200
    assert "Chức vụ theo thời gian" in page
    posts = [h.position.name for h in response.context["posts"]]
    assert "Trưởng Ban Tổ chức Trung ương" in posts
    assert "Thường trực Ban Bí thư" in posts
    assert f'href="{reverse("articles:position", args=[HEAD_SLUG])}"' in page


def test_the_positions_list_groups_posts_by_body(client, demo):
    response = client.get(reverse("articles:positions"))
    page = html(response)
    assert response.status_code == 200
    assert "Ban Tổ chức Trung ương" in page
    assert reverse("articles:position", args=[HEAD_SLUG]) in page


def test_the_api_gives_the_holders_over_time_and_on_a_day(
    client, demo, django_assert_num_queries
):
    url = reverse("articles:api_position", args=[HEAD_SLUG])
    with django_assert_num_queries(API_QUERIES):
        data = client.get(url).json()
    assert data["name"] == "Trưởng Ban Tổ chức Trung ương"
    assert [h["person"] for h in data["holders"]] == [
        "Phạm Minh Chính",
        "Trương Thị Mai",
        "Lê Minh Hưng",
    ]
    mai = data["holders"][1]
    assert (mai["first_seen"], mai["last_seen"]) == ("2022-01-12", "2023-12-28")
    assert mai["state"] == "succeeded" and mai["successor"] == "Lê Minh Hưng"
    assert mai["evidence"]["first"]["url"].startswith("http://testserver/articles/")
    on = client.get(url, {"on": "2023-06-01"}).json()
    assert on["on"] == "2023-06-01"
    assert [h["person"] for h in on["holders"]] == ["Trương Thị Mai"]
    assert on["holders"][0]["evidenced_on"] is True
    inferred = client.get(url, {"on": "2024-03-01"}).json()
    assert [h["person"] for h in inferred["holders"]] == ["Trương Thị Mai"]
    assert inferred["holders"][0]["evidenced_on"] is False


def test_the_api_refuses_bad_days_and_unknown_posts_in_json(client, demo):
    bad = client.get(
        reverse("articles:api_position", args=[HEAD_SLUG]), {"on": "12/01/2023"}
    )
    assert bad.status_code == 400 and "không hợp lệ" in bad.json()["error"]
    missing = client.get(reverse("articles:api_position", args=["khong-co"]))
    assert missing.status_code == 404 and "khong-co" in missing.json()["error"]


def test_a_position_slug_never_changes_with_its_name(demo):
    head = Position.objects.get(slug=HEAD_SLUG)
    head.name = "Trưởng Ban Tổ chức Trung ương Đảng"
    head.save()
    assert Position.objects.get(pk=head.pk).slug == HEAD_SLUG


def test_a_number_reused_across_terms_is_told_apart_on_the_document_page(client, demo):
    from articles.models import Document, DocumentCitation

    document = Document.objects.create(
        code="18-NQ/TW", doc_type="NQ", number="18", issuer="TW"
    )
    for year, text in (
        (2017, "Hội nghị Trung ương 6 khóa XII ban hành Nghị quyết 18-NQ/TW."),
        (2025, "Tổng kết Nghị quyết 18-NQ/TW của Ban Chấp hành Trung ương khóa XIII."),
    ):
        article = Article.objects.create(
            title=f"Nghị quyết 18 năm {year}",
            body=text,
            published_at=dt.datetime(year, 10, 25, 9, tzinfo=HCM),
        )
        DocumentCitation.objects.create(
            article=article, document=document, surface="18-NQ/TW", doc_type="NQ"
        )
        derive_article(article)
    response = client.get(reverse("articles:document", args=["18-NQ/TW"]))
    page = html(response)
    assert [t["term"] for t in response.context["terms"]["citing"]] == [13, 12]
    assert "Khóa XII (2016–2021)" in page and "Khóa XIII (2021–2026)" in page
    assert "code=18-NQ/TW&amp;party_term=12" in page.replace("%2F", "/")

"""The first pages: the newest-first list and an article page."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from articles.models import Article

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


def test_home_lists_articles_newest_first(client, django_assert_max_num_queries):
    Article.objects.create(
        title="Cũ", body="a", published_at=datetime(2017, 1, 1, tzinfo=HCM)
    )
    Article.objects.create(
        title="Mới", body="b", published_at=datetime(2024, 1, 1, tzinfo=HCM)
    )
    Article.objects.create(title="Không ngày", body="c")
    with django_assert_max_num_queries(3):
        response = client.get(reverse("articles:list"))
    titles = [a.title for a in response.context["page_obj"]]
    assert titles == ["Mới", "Cũ", "Không ngày"]


def test_article_page_shows_the_article_and_escapes_text(client):
    article = Article.objects.create(
        title="Tiêu đề <script>alert(1)</script>",
        lead="Sapo",
        body="Đoạn một.\n\nĐoạn hai.",
        captions="Ảnh: TTXVN",
        byline="PV",
    )
    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
    assert "<p>Đoạn hai.</p>" in page
    assert "Ảnh: TTXVN" in page


def test_article_url_with_a_wrong_slug_redirects_to_the_canonical_one(client):
    article = Article.objects.create(title="Hội nghị", body="x")
    response = client.get(reverse("articles:detail", args=[article.pk, "sai"]))
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_unknown_article_is_404(client):
    assert client.get("/articles/999999/khong-co/").status_code == 404


def test_bad_page_number_still_answers(client):
    assert client.get(reverse("articles:list"), {"page": "abc"}).status_code == 200
    assert client.get(reverse("articles:list"), {"page": "99999"}).status_code == 200

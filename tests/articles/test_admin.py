"""The editors' admin: staff only, validation in Vietnamese, upload through the importer."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", password="x-9Kq!long-enough", is_staff=True, is_superuser=True
    )


def test_admin_is_for_staff_only(client, django_user_model):
    django_user_model.objects.create_user("reader", password="x-9Kq!long-enough")
    client.login(username="reader", password="x-9Kq!long-enough")
    for url in [
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_upload"),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]


def test_changelist_has_search_filters_and_date_hierarchy(client, editor):
    Article.objects.create(
        title="Hội nghị cán bộ",
        body="Nội dung.",
        section="Chính trị",
        source=Source.objects.create(name="Hà Nội Mới", code="HNMO"),
        published_at=datetime(2017, 6, 27, 9, 16, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_changelist"), {"q": "cán bộ"})
    assert response.status_code == 200
    assert "Hội nghị cán bộ" in response.content.decode()
    cl = response.context["cl"]
    assert cl.date_hierarchy == "published_at"
    assert {f.title for f in cl.filter_specs} >= {"nguồn", "chuyên mục", "năm đăng"}


@pytest.mark.parametrize(
    ("title", "body", "message"),
    [
        ("   ", "Nội dung.", "Tiêu đề không được để trống."),
        ("Tiêu đề", "  \n ", "Nội dung bài viết không được để trống."),
    ],
)
def test_empty_title_or_body_is_refused_with_a_clear_message(
    client, editor, title, body, message
):
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_add"),
        {"title": title, "body": body, "source_position": 0},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Article.objects.count() == 0


def test_saving_a_copy_of_another_article_is_refused(client, editor):
    first = Article.objects.create(title="Bài gốc", body="Cùng một nội dung.")
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_article_add"),
        {"title": "Bản sao", "body": "Cùng  một nội dung.", "source_position": 0},
    )
    assert response.status_code == 200
    assert "đã có trong kho" in response.content.decode()
    assert list(Article.objects.all()) == [first]


def test_upload_runs_the_importer_and_shows_its_summary(client, editor, seed_files):
    client.force_login(editor)
    uploads = [
        SimpleUploadedFile(seed_files[0].name, seed_files[0].read_bytes()),
        SimpleUploadedFile(seed_files[3].name, seed_files[3].read_bytes()),
        SimpleUploadedFile("rong.txt", b""),
    ]
    response = client.post(reverse("admin:articles_article_upload"), {"files": uploads})
    assert response.status_code == 200
    page = response.content.decode()
    assert Article.objects.count() == 2
    report = response.context["report"]
    assert (report.created, report.duplicates, len(report.failed)) == (2, 0, 1)
    assert report.failed[0]["path"] == "rong.txt"
    assert "Nâng cao năng lực của cấp ủy" in page
    again = client.post(
        reverse("admin:articles_article_upload"),
        {"files": [SimpleUploadedFile(seed_files[0].name, seed_files[0].read_bytes())]},
    )
    assert again.context["report"].duplicates == 1
    assert Article.objects.count() == 2

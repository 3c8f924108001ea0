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
    client.force_login(
        django_user_model.objects.create_user("reader", password="x-9Kq!long-enough")
    )
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


@pytest.fixture
def archive(raw_dir):
    from articles.importing import import_paths
    from articles.services import after_import

    import_paths([raw_dir], max_page_bytes=2**25, after_save=after_import)


def test_metadata_admin_pages_show_people_documents_and_dates(client, editor, archive):
    from articles.models import Document, Person

    client.force_login(editor)
    article = Article.objects.get(source_file__startswith="004")
    page = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Phạm Minh Chính" in html and "205-QĐ/TW" in html and "02/12/2019" in html
    people = client.get(reverse("admin:articles_person_changelist"), {"q": "mai"})
    assert "Trương Thị Mai" in people.content.decode()
    mai = Person.objects.get(name="Trương Thị Mai")
    detail = client.get(reverse("admin:articles_person_change", args=[mai.pk]))
    assert "Thường trực Ban Bí thư: 2023-12-28" in detail.content.decode()
    docs = client.get(reverse("admin:articles_document_changelist"))
    assert docs.status_code == 200
    doc = Document.objects.get(code="205-QĐ/TW")
    assert (
        client.get(reverse("admin:articles_document_change", args=[doc.pk])).status_code
        == 200
    )


def test_merge_action_merges_people(client, editor, archive):
    from articles.models import Person

    client.force_login(editor)
    mai = Person.objects.get(name="Trương Thị Mai")
    dup = Person.objects.create(name="Truong Thi Mai")
    response = client.post(
        reverse("admin:articles_person_changelist"),
        {"action": "merge_selected", "_selected_action": [mai.pk, dup.pk]},
    )
    assert response.status_code == 302
    assert not Person.objects.filter(pk=dup.pk).exists()
    assert Person.objects.by_key("truong thi mai") == mai


def test_editing_the_event_date_in_admin_marks_it_manual(client, editor, archive):
    from datetime import date

    client.force_login(editor)
    article = Article.objects.get(source_file__startswith="004")
    url = reverse("admin:articles_article_change", args=[article.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "title": article.title,
            "body": article.body,
            "lead": article.lead,
            "event_date": "2019-12-01",
            "published_at_0": "03/12/2019",
            "published_at_1": "03:41:31",
            "source": "",
        }
    )
    for prefix in ("mentions", "citations", "dates"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.event_date == date(2019, 12, 1)
    assert article.event_date_manual

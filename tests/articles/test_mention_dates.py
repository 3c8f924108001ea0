"""A mention's date follows its article's date, hand-corrected mentions included."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.urls import reverse

from articles.importing import import_paths
from articles.models import Article, Person, PersonMention
from articles.services import after_import, extract_article

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(raw_dir):
    page = raw_dir / "004_835b4c058826e7af.txt"  # published 03/12/2019
    report = import_paths([page], max_page_bytes=2**25, after_save=after_import)
    assert report.ok
    return Article.objects.get()


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", password="x-9Kq!long-enough", is_staff=True, is_superuser=True
    )


def _change_form_data(client, article: Article) -> dict:
    url = reverse("admin:articles_article_change", args=[article.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "title": article.title,
            "body": article.body,
            "lead": article.lead,
            "source": article.source_id or "",
            "event_date": article.event_date.isoformat() if article.event_date else "",
        }
    )
    mentions = list(article.mentions.order_by("pk"))
    data.update({"mentions-TOTAL_FORMS": len(mentions)})
    data.update({"mentions-INITIAL_FORMS": len(mentions)})
    for n, mention in enumerate(mentions):
        prefix = f"mentions-{n}-"
        data.update(
            {
                prefix + "id": mention.pk,
                prefix + "article": article.pk,
                prefix + "person": mention.person_id,
                prefix + "surface": mention.surface,
                prefix + "titles": json.dumps(mention.titles, ensure_ascii=False),
                prefix + "role": mention.role,
                prefix + "honorific": mention.honorific,
                prefix + "count": mention.count,
            }
        )
    for prefix in ("citations", "dates"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return data


def test_a_hand_corrected_mention_takes_the_new_date_on_the_official_page(
    client, editor, article
):
    chinh = Person.objects.get(name="Phạm Minh Chính")
    mention = article.mentions.get(person=chinh)
    assert mention.mentioned_on == date(2019, 12, 3)
    client.force_login(editor)
    data = _change_form_data(client, article)
    n = next(i for i in range(99) if data[f"mentions-{i}-person"] == chinh.pk)
    # The editor fixes the mention's titles and the article's publication date.
    data[f"mentions-{n}-titles"] = json.dumps(["Trưởng Ban Tổ chức Trung ương"])
    data.update({"published_at_0": "2020-03-05", "published_at_1": "08:00:00"})
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    mention = article.mentions.get(person=chinh)
    assert mention.is_manual
    assert mention.titles == ["Trưởng Ban Tổ chức Trung ương"]
    assert mention.mentioned_on == date(2020, 3, 5)
    assert set(article.mentions.values_list("mentioned_on", flat=True)) == {
        date(2020, 3, 5)
    }
    page = client.get(reverse("articles:person", args=[chinh.slug]))
    timeline = page.content.decode().split('class="timeline"')[1].split("</ol>")[0]
    assert "05/03/2020" in timeline and "03/12/2019" not in timeline


def test_a_mention_added_by_hand_gets_the_article_date(article):
    person = Person.objects.create(name="Nguyễn Văn Thêm")
    PersonMention.objects.create(
        article=article, person=person, titles=["Phó Trưởng ban"], is_manual=True
    )
    extract_article(article)  # what the admin runs after saving the inlines
    added = article.mentions.get(person=person)
    assert added.is_manual and added.mentioned_on == date(2019, 12, 3)


def test_an_undated_article_dates_its_manual_mentions_by_the_event(article):
    person = Person.objects.create(name="Nguyễn Văn Thêm")
    PersonMention.objects.create(
        article=article,
        person=person,
        mentioned_on=date(2000, 1, 1),
        is_manual=True,
    )
    Article.objects.filter(pk=article.pk).update(published_at=None)
    article.refresh_from_db()
    extract_article(article)
    article.refresh_from_db()
    manual = article.mentions.get(person=person)
    assert manual.mentioned_on == article.event_date
    assert manual.mentioned_on != date(2000, 1, 1)

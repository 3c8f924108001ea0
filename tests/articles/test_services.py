"""Persistence of extracted metadata: one person per key, timelines, manual edits."""

import json
from datetime import date

import pytest
from django.core.management import call_command

from articles.importing import import_paths
from articles.models import (
    Article,
    Document,
    DocumentCitation,
    Person,
    PersonAlias,
    PersonMention,
)
from articles.services import (
    after_import,
    extract_article,
    merge_documents,
    merge_people,
    title_timeline,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(raw_dir):
    report = import_paths([raw_dir], max_page_bytes=2**25, after_save=after_import)
    assert report.ok and not report.warnings, (report.failed, report.warnings)
    return {a.source_file[:3]: a for a in Article.objects.all()}


def test_one_person_row_per_official_across_articles(archive):
    mai = Person.objects.get(name="Trương Thị Mai")
    assert Article.objects.mentioning(mai).count() == 2
    assert Person.objects.filter(key="trương thị mai").count() == 1
    assert Person.objects.by_key("TRƯƠNG THỊ MAI") == mai


def test_title_timeline_orders_and_merges_titles_by_date(archive):
    mai = Person.objects.get(name="Trương Thị Mai")
    timeline = {e["title"]: e for e in title_timeline(mai)}
    assert timeline["Bí thư Trung ương Đảng"]["start"] == date(2022, 1, 12)
    assert timeline["Bí thư Trung ương Đảng"]["end"] == date(2022, 1, 12)
    assert timeline["Thường trực Ban Bí thư"]["start"] == date(2023, 12, 28)
    both = timeline["Ủy viên Bộ Chính trị"]
    assert (both["start"], both["end"], both["articles"]) == (
        date(2022, 1, 12),
        date(2023, 12, 28),
        2,
    )
    starts = [e["start"] for e in title_timeline(mai)]
    assert starts == sorted(starts)


def test_documents_are_stored_once_with_the_facts_the_text_states(archive):
    quy_dinh = Document.objects.get(code="205-QĐ/TW")
    assert quy_dinh.issued_on == date(2019, 9, 23)
    assert quy_dinh.issuing_body == "Bộ Chính trị"
    assert "kiểm soát quyền lực" in quy_dinh.subject
    assert list(Article.objects.citing(quy_dinh)) == [archive["004"]]
    assert Document.objects.get(code="128/NQ-CP").issuer == "CP"
    assert Document.objects.get(code="39-NQ/TW")


def test_bare_references_are_kept_as_references(archive):
    bare = DocumentCitation.objects.filter(article=archive["004"], is_bare=True)
    assert {(c.doc_type, c.number) for c in bare} >= {
        ("CT", "35"),
        ("CV", "9723"),
        ("HD", "26"),
    }


def test_event_dates_are_inferred(archive):
    assert archive["000"].event_date == date(2024, 7, 4)
    assert archive["001"].event_date == date(2022, 1, 12)
    assert archive["004"].event_date == date(2019, 12, 2)


def test_reextraction_is_idempotent_and_keeps_manual_rows(archive):
    article = archive["004"]
    chinh = Person.objects.get(name="Phạm Minh Chính")
    mention = PersonMention.objects.get(article=article, person=chinh)
    mention.titles = ["Trưởng Ban Tổ chức Trung ương"]
    mention.is_manual = True
    mention.save()
    extra = Person.objects.create(name="Nguyễn Văn A", is_manual=True)
    PersonMention.objects.create(article=article, person=extra, is_manual=True)
    article.event_date = date(2019, 12, 1)
    article.event_date_manual = True
    article.save()

    change = extract_article(article)
    assert not change.changed
    mention.refresh_from_db()
    assert mention.titles == ["Trưởng Ban Tổ chức Trung ương"]
    assert PersonMention.objects.filter(article=article, person=extra).exists()
    article.refresh_from_db()
    assert article.event_date == date(2019, 12, 1)


def test_merge_people_keeps_aliases_and_mentions(archive):
    mai = Person.objects.get(name="Trương Thị Mai")
    twin = Person.objects.create(name="Truong Thi Mai")
    PersonMention.objects.create(article=archive["000"], person=twin, titles=["X"])
    merge_people(mai, [twin])
    assert not Person.objects.filter(pk=twin.pk).exists()
    assert PersonAlias.objects.get(key="truong thi mai").person == mai
    assert Article.objects.mentioning(mai).count() == 3


def test_merge_documents_moves_citations(archive):
    target = Document.objects.get(code="205-QĐ/TW")
    dup = Document.objects.create(code="205-QD/TW", number="205")
    DocumentCitation.objects.create(
        article=archive["000"], document=dup, surface="205-QD/TW"
    )
    merge_documents(target, [dup])
    assert Article.objects.citing(target).count() == 2


def test_extract_metadata_command_reports_changes(archive, capsys):
    PersonMention.objects.filter(article=archive["001"]).delete()
    call_command("extract_metadata", "--all", "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["articles"] == 5
    assert out["changed"] == 1
    assert "Trương Thị Mai" in out["changes"][0]["persons_added"]


# --- names one tone mark away from a known official -----------------------------


def _official(name, titles, articles=1):
    person = Person.objects.create(name=name)
    for n in range(articles):
        article = Article.objects.create(title=f"{name} {n}", body=f"{name} {n}")
        PersonMention.objects.create(article=article, person=person, titles=titles)
    return person


def _found(name, titles=()):
    from articles.extraction import PersonFound, person_key

    return PersonFound(name=name, key=person_key(name), titles=tuple(titles))


@pytest.mark.parametrize(
    ("surface", "titles", "articles", "linked"),
    [
        # One syllable's tone mark differs and a title agrees: the same official.
        ("Vương Đinh Huệ", ["Chủ tịch Quốc hội"], 1, True),
        # No title in common, but the known spelling is far better attested.
        ("Vương Đinh Huệ", ["Bí thư Thành ủy Hà Nội"], 3, True),
        # No title in common and one article each: a different person may exist.
        ("Vương Đinh Huệ", ["Bí thư Thành ủy Hà Nội"], 1, False),
        # Two syllables differ in their marks: too far to be a typo.
        ("Vương Đinh Hue", ["Chủ tịch Quốc hội"], 3, False),
        # A different letter, not a mark: another name.
        ("Vương Đình Hiệu", ["Chủ tịch Quốc hội"], 3, False),
    ],
)
def test_a_name_one_mark_away_links_to_the_known_official(
    surface, titles, articles, linked
):
    from articles.services import person_for

    hue = _official("Vương Đình Huệ", ["Chủ tịch Quốc hội"], articles)
    person = person_for(_found(surface, titles))
    assert (person == hue) is linked
    if linked:
        alias = PersonAlias.objects.get(person=hue)
        assert alias.name == surface


def test_a_typo_that_fits_two_known_officials_links_to_neither():
    from articles.services import person_for

    one = _official("Nguyễn Văn Nên", ["Bí thư Thành ủy"], 3)
    two = _official("Nguyễn Văn Nện", ["Bí thư Thành ủy"], 3)
    person = person_for(_found("Nguyễn Văn Nến", ["Bí thư Thành ủy"]))
    assert person not in (one, two)
    assert person.name == "Nguyễn Văn Nến"

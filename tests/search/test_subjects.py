"""A document's learned subject finds the articles naming it without its number."""

import pytest

from search.services import search
from search.subjects import subject_folds

from .conftest import create_article, index_now

SUBJECT = "kiểm soát quyền lực trong công tác cán bộ và chống chạy chức, chạy quyền"


@pytest.fixture
def regulation_205(empty_index):
    """One page cites Quy định 205 with its code, one names it by its subject."""
    from articles.models import Document
    from articles.services import extract_article

    citing = create_article(
        title="Bộ Chính trị ban hành quy định mới",
        body=f"Bộ Chính trị ban hành Quy định số 205-QĐ/TW về {SUBJECT}.",
        published_at="2019-10-01T08:00:00+07:00",
    )
    extract_article(citing)  # the subject is learned from this citation
    by_subject = create_article(
        title="Quán triệt quy định về kiểm soát quyền lực trong công tác cán bộ",
        body="Hội nghị quán triệt Quy định của Bộ Chính trị về kiểm soát quyền lực "
        "trong công tác cán bộ; kiểm soát quyền lực trong công tác cán bộ là "
        "nhiệm vụ trọng tâm.",
        published_at="2019-11-01T08:00:00+07:00",
    )
    unrelated = create_article(
        title="Đổi mới công tác cán bộ", body="Công tác cán bộ là khâu then chốt."
    )
    index_now(citing, by_subject, unrelated)
    assert Document.objects.get(code="205-QĐ/TW").subject.startswith("kiểm soát")
    return citing, by_subject, unrelated


@pytest.mark.parametrize(
    ("subject", "folds"),
    [
        (SUBJECT, "kiem soat quyen luc trong cong tac can bo"),  # 9 syllables
        ("về công tác cán bộ", None),  # too common to name one document
        ("về tiếp tục đổi mới, sắp xếp tổ chức bộ máy", None),
        ("Về tinh gọn tổ chức bộ máy; nâng cao hiệu quả", "tinh gon to chuc bo may"),
        ("", None),
    ],
)
def test_a_subjects_phrase_is_its_distinctive_opening(subject, folds):
    found = subject_folds(subject)
    assert (" ".join(found) if found else None) == folds


@pytest.mark.parametrize("typed", ["qd 205", "Quy định 205", "205/QĐ-TW"])
def test_articles_naming_the_document_by_subject_follow_the_citations(
    regulation_205, typed
):
    citing, by_subject, unrelated = regulation_205
    page = search(typed)
    assert [(r.id, r.by_subject) for r in page.results] == [
        (citing.pk, False),
        (by_subject.pk, True),
    ]
    assert (page.count, page.subject_count) == (2, 1)


def test_an_ambiguous_number_lends_no_subject(regulation_205):
    index_now(create_article(title="Quyết định", body="x", codes=["205/QĐ-TTg"]))
    page = search("qd 205")
    assert page.resolutions[0].ambiguous
    assert page.subject_count == 0


def test_the_document_page_lists_articles_discussing_it_without_its_number(
    regulation_205, client
):
    citing, by_subject, unrelated = regulation_205
    html = client.get("/documents/205-QĐ/TW/").content.decode()
    assert "Cũng bàn về văn bản này, không nêu số hiệu" in html
    also = html.split("Cũng bàn về văn bản này", 1)[1]
    assert by_subject.get_absolute_url() in also
    assert citing.get_absolute_url() not in also
    assert unrelated.get_absolute_url() not in also


def test_api_flags_hits_found_by_subject(regulation_205, client):
    _citing, by_subject, _unrelated = regulation_205
    data = client.get("/api/search/", {"q": "qd 205"}).json()
    assert [r["by_subject"] for r in data["results"]] == [False, True]
    assert data["subject_count"] == 1
    html = client.get("/search/", {"q": "qd 205"}).content.decode()
    assert html.count('class="subject-match"') == 1
    assert "1 bài nói đến văn bản qua trích yếu" in html

"""Typed document numbers resolve to the documents the archive knows."""

import pytest

from search.services import search

from .conftest import create_article, index_now


@pytest.fixture
def two_resolutions_18(empty_index):
    """Two documents numbered 18: the Party's (cited from 2018), the Government's
    (cited in 2012)."""
    party_2018 = create_article(
        title="Sắp xếp tổ chức bộ máy",
        body="Thực hiện Nghị quyết 18-NQ/TW năm 2017 về tinh gọn bộ máy.",
        published_at="2018-03-01T08:00:00+07:00",
        codes=["18-NQ/TW"],
    )
    party_2019 = create_article(
        title="Tinh gọn bộ máy ở các tỉnh",
        body="Các tỉnh tiếp tục triển khai Nghị quyết số 18-NQ/TW.",
        published_at="2019-05-01T08:00:00+07:00",
        codes=["18-NQ/TW"],
    )
    government = create_article(
        title="Chính phủ ban hành nghị quyết",
        body="Nghị quyết 18/NQ-CP của Chính phủ về phiên họp thường kỳ.",
        published_at="2012-04-01T08:00:00+07:00",
        codes=["18/NQ-CP"],
    )
    index_now(party_2018, party_2019, government)
    return party_2018, party_2019, government


def ids(page):
    return {r.id for r in page.results}


def test_a_number_shared_by_two_documents_offers_both(two_resolutions_18):
    party_2018, party_2019, government = two_resolutions_18
    page = search("NQ18")
    (resolution,) = page.resolutions
    assert resolution.ambiguous and resolution.chosen is None
    assert [(c.code, c.count) for c in resolution.candidates] == [
        ("18-NQ/TW", 2),
        ("18/NQ-CP", 1),
    ]
    assert ids(page) == {party_2018.pk, party_2019.pk, government.pk}


def test_a_year_after_the_number_picks_the_document_first_cited_since(
    two_resolutions_18,
):
    party_2018, party_2019, _government = two_resolutions_18
    page = search("nghị quyết 18/2017")
    (resolution,) = page.resolutions
    assert resolution.year == 2017 and resolution.chosen.code == "18-NQ/TW"
    # The 2019 page never writes "2017": the year qualifies the number.
    assert ids(page) == {party_2018.pk, party_2019.pk}
    assert page.results[0].id == party_2018.pk  # it also says 2017
    _g, _p, government = two_resolutions_18
    page = search("nghi quyet 18 nam 2012")
    assert page.resolutions[0].chosen.code == "18/NQ-CP"
    assert ids(page) == {government.pk}


def test_a_year_in_the_documents_own_record_wins_over_citation_dates(
    two_resolutions_18,
):
    from articles.models import Document

    _a, _b, government = two_resolutions_18
    Document.objects.filter(code="18/NQ-CP").update(year=2018)
    page = search("nghị quyết 18/2018")
    assert page.resolutions[0].chosen.code == "18/NQ-CP"
    assert ids(page) == {government.pk}


def test_a_year_the_archive_cannot_place_is_not_required_as_a_word(
    two_resolutions_18,
):
    page = search("nghị quyết 18/2030")
    assert page.resolutions[0].chosen is None
    assert len(page.results) == 3


def test_a_year_not_after_a_number_stays_a_word(two_resolutions_18):
    party_2018, _b, _c = two_resolutions_18
    assert ids(search("bộ máy 2017")) == {party_2018.pk}


@pytest.mark.parametrize("typed", ["Quy định 205", "qd 205", "QĐ205"])
def test_a_number_one_document_has_names_that_document(seeds, typed):
    page = search(typed)
    (resolution,) = page.resolutions
    assert resolution.chosen.code == "205-QĐ/TW"
    assert page.results[0].id == seeds[4].pk


def test_api_and_page_offer_the_candidates(two_resolutions_18, client):
    data = client.get("/api/search/", {"q": "NQ18"}).json()
    (document,) = data["documents"]
    assert document["ambiguous"] and document["chosen"] is None
    assert [c["code"] for c in document["candidates"]] == ["18-NQ/TW", "18/NQ-CP"]
    assert document["candidates"][1]["url"] == "/documents/18/NQ-CP/"
    html = client.get("/search/", {"q": "NQ18"}).content.decode()
    assert "ứng với nhiều văn bản" in html
    assert "code=18%2FNQ-CP" in html
    data = client.get("/api/search/", {"q": "nghị quyết 18/2017"}).json()
    assert data["documents"][0]["chosen"] == "18-NQ/TW"
    html = client.get("/search/", {"q": "nghị quyết 18/2017"}).content.decode()
    assert "là văn bản" in html and 'href="/documents/18-NQ/TW/"' in html

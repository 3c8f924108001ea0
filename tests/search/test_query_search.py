"""Query understanding on every backend: abbreviations, names, operators."""

import re

import pytest

from articles import text
from search import matching
from search.backends import Query
from search.query import parse
from search.services import search

from .conftest import create_article, index_now

PAGES = {
    "ubkt": (
        "UBKT T.Ư họp kỳ thứ 15",
        "Kỳ họp thứ 15 của UBKT T.Ư đã xem xét, thi hành kỷ luật đảng viên vi phạm.",
    ),
    "btc": (
        "Hội nghị tổng kết công tác tổ chức xây dựng Đảng",
        "Đồng chí Phạm Minh Chính, Ủy viên Bộ Chính trị, Bí thư T.Ư Đảng, "
        "Trưởng ban Tổ chức T.Ư phát biểu chỉ đạo hội nghị.",
    ),
    "full": (
        "Ủy ban Kiểm tra Trung ương kết luận",
        "Ủy ban Kiểm tra Trung ương đề nghị Bộ Chính trị thi hành kỷ luật.",
    ),
    "hdnd": (
        "Chủ tịch HĐND TP Hà Nội tiếp xúc cử tri",
        "Chủ tịch HĐND TP Hà Nội trả lời cử tri quận Hoàn Kiếm.",
    ),
    "haiphong": (
        "Kỳ họp Hội đồng nhân dân thành phố Hải Phòng",
        "Hội đồng nhân dân thành phố Hải Phòng khai mạc kỳ họp thường lệ.",
    ),
    "code": (
        "Quán triệt Quy định 205-QĐ/TW",
        "Các cấp ủy quán triệt Quy định 205-QĐ/TW về kiểm soát quyền lực.",
    ),
    "word": (
        "Tư tưởng Hồ Chí Minh về tổ chức",
        "Học tập tư tưởng Hồ Chí Minh; doanh nghiệp tư nhân và tổ chức tư vấn.",
    ),
    "khoa": (
        "Thực hiện Nghị quyết Trung ương 4 khóa XI",
        "Năm năm thực hiện Nghị quyết Trung ương 4 (khóa XI) trước Đại hội XIII.",
    ),
    "ximang": (
        "Nhà máy xi măng mở khóa học an toàn",
        "Khóa học thứ mười một của nhà máy xi măng.",
    ),
    "bct": (
        "Bộ Công Thương (BCT) họp báo",
        "BCT công bố số liệu xuất khẩu của ngành công thương.",
    ),
}


@pytest.fixture
def pages(empty_index):
    made = {}
    for key, (title, body) in PAGES.items():
        officials = ["Phạm Minh Chính"] if key == "btc" else []
        made[key] = create_article(
            title=title,
            body=body,
            published_at="2024-01-02T08:00:00+07:00",
            officials=officials,
        )
    index_now(*made.values())
    return made


def found(q, pages) -> set[str]:
    ids = {r.id for r in search(q, page_size=50, suggest=False).results}
    return {key for key, a in pages.items() if a.pk in ids}


@pytest.mark.parametrize(
    ("typed", "page"),
    [
        ("Trưởng Ban Tổ chức Trung ương", "btc"),
        ("Phạm Minh Chính Trưởng Ban Tổ chức Trung ương", "btc"),
        ("pham minh chinh truong ban to chuc trung uong", "btc"),
        ("Bí thư Trung ương Đảng", "btc"),
        ("kỷ luật Ủy ban Kiểm tra Trung ương", "ubkt"),
        ("ky luat uy ban kiem tra trung uong", "ubkt"),
        ('"Ủy ban Kiểm tra Trung ương"', "ubkt"),
        ("Hội đồng nhân dân thành phố Hà Nội", "hdnd"),
        ("hoi dong nhan dan thanh pho ha noi", "hdnd"),
    ],
)
def test_a_query_in_full_finds_the_page_that_abbreviates(
    search_backend, pages, typed, page
):
    assert page in found(typed, pages)


@pytest.mark.parametrize(
    ("typed", "page"),
    [
        ("UBKT T.Ư", "full"),
        ("UBKT TW", "full"),
        ("ubkt", "full"),
        ("HĐND TP Hải Phòng", "haiphong"),
        ("hdnd tp hai phong", "haiphong"),
        ("T.Ư", "full"),
        ("nghị quyết trung ương 4 khóa 11", "khoa"),
        ("nghi quyet trung uong 4 khoa 11", "khoa"),
        ("Đại hội 13", "khoa"),
    ],
)
def test_an_abbreviated_query_finds_the_page_written_in_full(
    search_backend, pages, typed, page
):
    assert page in found(typed, pages)


@pytest.mark.parametrize(
    ("typed", "absent"),
    [
        # TW inside a code is its issuer, not the words Trung ương.
        ("Trung ương", "code"),
        # The word tư (tư tưởng, tư nhân, tư vấn) is not TƯ.
        ("Trung ương", "word"),
        ("tổ chức Trung ương", "word"),
        # BCT alone may be Bộ Công Thương.
        ("Bộ Chính trị", "bct"),
        # A Roman figure counts only after its term: `xi` is also a syllable.
        ("khóa 11", "ximang"),
    ],
)
def test_an_ambiguous_abbreviation_alone_does_not_match(
    search_backend, pages, typed, absent
):
    assert absent not in found(typed, pages)


def test_both_spellings_of_an_organ_are_found_together(search_backend, pages):
    assert {"ubkt", "full"} <= found("Ủy ban Kiểm tra Trung ương", pages)
    assert {"ubkt", "full"} <= found("UBKT", pages)


def _marked(html: str) -> list[str]:
    return [text.fold(m) for m in re.findall(r"<mark>(.*?)</mark>", html)]


@pytest.mark.parametrize("typed", ["truong thi mai", "Trương Thị Mai"])
def test_a_name_query_returns_only_the_pages_naming_the_official(seeds, typed):
    page = search(typed)
    assert {r.id for r in page.results} == {seeds[1].pk, seeds[2].pk}
    # Seed 3 holds trưởng, thị and (Hoàng) Mai apart; it is not a match.
    assert seeds[3].pk not in {r.id for r in page.results}
    assert page.partial_count == 0
    for r in page.results:
        marks = _marked(r.snippet) + _marked(r.title_html)
        assert marks and set(marks) == {"truong thi mai"}


def test_names_apart_are_listed_only_when_no_page_holds_the_name(seeds, client):
    # In 2017 no article writes her name; seed 3 holds its syllables apart.
    page = search("truong thi mai", {"year": "2017"})
    assert [r.id for r in page.results] == [seeds[3].pk]
    (apart,) = page.results
    assert apart.partial and page.full_count == 0
    assert not _marked(apart.snippet) + _marked(apart.title_html)
    assert any("rời nhau" in m for m in page.messages)
    for path in ("/search/", "/api/search/"):
        response = client.get(path, {"q": "truong thi mai", "year": "2017"})
        assert response.status_code == 200


def test_scattered_syllables_of_a_name_are_a_separate_plan(seeds, search_backend):
    parsed = parse("truong thi mai")
    snap = search_backend.snapshot()
    phrase = snap.count(snap.match(Query(recall=matching.recall_query(parsed))))
    scattered = snap.count(snap.match(Query(recall=matching.scattered_query(parsed))))
    assert (phrase, scattered) == (2, 3)


def test_a_name_with_other_words_keeps_the_name_whole(seeds):
    page = search("truong thi mai tong ket nam 2023")
    assert [r.id for r in page.results if not r.partial] == [seeds[2].pk]
    # Partial matches, listed after, still hold the name whole.
    naming_her = {seeds[1].pk, seeds[2].pk}
    assert {r.id for r in page.results} <= naming_her


def test_a_dangling_operator_is_ignored_with_a_note(seeds):
    plain = search("mai")
    page = search("mai AND")
    assert [r.id for r in page.results] == [r.id for r in plain.results]
    assert page.count and any("AND" in m for m in page.messages)
    assert [r.id for r in search("mai OR").results] == [r.id for r in plain.results]


def test_not_alone_lists_everything_without_the_word(seeds):
    with_mai = {r.id for r in search("mai").results}
    page = search("NOT mai")
    ids = {r.id for r in page.results}
    assert ids == {a.pk for a in seeds} - with_mai
    assert ids and page.messages
    assert ids == {r.id for r in search("-mai").results}


def test_not_excludes_a_whole_name(seeds):
    page = search("Trương Thị Mai NOT Đỗ Căn")
    assert [r.id for r in page.results] == [seeds[2].pk]


def test_not_excludes_a_code(seeds):
    with_code = {r.id for r in search("qd 205").results}
    assert seeds[4].pk in with_code
    ids = {r.id for r in search("cán bộ NOT qd 205").results}
    assert ids and seeds[4].pk not in ids


@pytest.mark.parametrize("typed", ["mai AND", "NOT mai", "AND OR NOT", "NOT", "- -"])
def test_operators_never_fail_the_pages(seeds, client, typed):
    for path in ("/search/", "/api/search/"):
        response = client.get(path, {"q": typed})
        assert response.status_code == 200, (path, typed)


@pytest.mark.parametrize(
    ("typed", "page", "marked"),
    [
        ("kỷ luật Ủy ban Kiểm tra Trung ương", "ubkt", "ubkt t.u"),
        ("UBKT", "full", "uy ban kiem tra"),
        ("hdnd tp ha noi", "hdnd", "hdnd tp ha noi"),
    ],
)
def test_the_page_spelling_of_an_abbreviation_is_marked_whole(
    search_backend, pages, typed, page, marked
):
    results = {r.id: r for r in search(typed, suggest=False).results}
    result = results[pages[page].pk]
    assert marked in _marked(result.snippet)


def test_both_backends_rank_the_spelled_plans_alike(search_backend, pages):
    """Differential: abbreviation and name plans ranked by both backends."""
    from search.backends import get_backend
    from search.backends.whoosh import WhooshBackend
    from search.documents import build_documents

    if search_backend.name != "postgres":
        pytest.skip("compares the PostgreSQL backend with Whoosh")
    whoosh = WhooshBackend()
    whoosh.clear()
    whoosh.write(build_documents(list(pages.values())), [])
    whoosh.forget()
    for q in [
        "Ủy ban Kiểm tra Trung ương",
        "UBKT T.Ư",
        "Ban Tổ chức Trung ương",
        "hdnd tp ha noi",
        "pham minh chinh truong ban to chuc",
    ]:
        parsed = parse(q)
        query = Query(recall=matching.recall_query(parsed))
        rank = matching.rank_query(parsed, parsed.officials)
        found = []
        for backend in (whoosh, get_backend()):
            snap = backend.snapshot()
            matches = snap.match(query)
            found.append(
                (snap.count(matches), snap.top(matches, rank, "relevance", 10))
            )
        assert found[0] == found[1] and found[0][0], q

"""Long queries: articles holding most of the query are listed after full matches."""

import numpy as np
import pytest
from django.utils import translation

from search import partial
from search.plan import All, Any, AtLeast, Term, at_least
from search.query import parse
from search.services import neighbours, search

from .conftest import create_article, index_now

LONG = "khuyến khích bảo vệ cán bộ dám nghĩ dám làm"


@pytest.fixture
def long_query_archive(empty_index):
    """Three pages on protecting bold officials, one only about officials."""
    full = create_article(
        title="Khuyến khích và bảo vệ cán bộ dám nghĩ, dám làm",
        body="Kết luận 14 về khuyến khích và bảo vệ cán bộ dám nghĩ, dám làm.",
        published_at="2023-09-01T08:00:00+07:00",
    )
    most = create_article(
        title="Bảo vệ người dám nghĩ, dám làm vì lợi ích chung",
        body="Cần bảo vệ cán bộ năng động, dám nghĩ, dám làm; "
        "bảo vệ cán bộ là trách nhiệm của cấp ủy. " * 3,
        published_at="2023-10-01T08:00:00+07:00",
    )
    little = create_article(
        title="Đào tạo cán bộ trẻ",
        body="Khuyến khích cán bộ học tập suốt đời.",
        published_at="2023-11-01T08:00:00+07:00",
    )
    index_now(full, most, little)
    return full, most, little


@pytest.mark.parametrize(
    ("units", "needed"), [(3, 2), (4, 3), (5, 4), (6, 4), (7, 5), (9, 6), (12, 8)]
)
def test_minimum_should_match_is_two_thirds_rounded_up_and_never_all(units, needed):
    assert partial.required(units) == needed


def test_units_count_phrases_and_codes_once_and_repeats_once():
    parsed = parse("Kết luận 14 " + LONG)
    # code, khuyến khích, bảo vệ, cán bộ, dám, nghĩ, làm (dám typed twice)
    assert partial.rule(parsed) == (5, 7)
    assert partial.rule(parse('"dám nghĩ dám làm" cán bộ')) is None


def test_at_least_collapses_to_all_or_any_at_the_extremes():
    parts = (Term("text", "a"), Term("text", "b"), Term("text", "c"))
    assert at_least(3, parts) == All(parts)
    assert at_least(1, parts) == Any(parts)
    assert at_least(2, parts) == AtLeast(2, parts)


def test_page_saying_most_of_a_long_query_ranks_after_the_full_match(
    long_query_archive,
):
    full, most, little = long_query_archive
    page = search(LONG)
    assert [r.id for r in page.results] == [full.pk, most.pk]
    assert [r.partial for r in page.results] == [False, True]
    assert (page.count, page.partial_count, page.full_count) == (2, 1, 1)
    assert page.partial_rule == (4, 6)
    assert little.pk not in [r.id for r in page.results]


def test_full_matches_rank_first_even_when_a_partial_one_scores_higher(empty_index):
    weak = create_article(
        title="Tin ngắn", body="Một câu có khuyến khích, bảo vệ và cán bộ trẻ."
    )
    strong = create_article(
        title="Khuyến khích bảo vệ khuyến khích bảo vệ",
        body="khuyến khích bảo vệ " * 30,
    )
    index_now(weak, strong)
    page = search("khuyến khích bảo vệ cán bộ")
    assert [r.id for r in page.results] == [weak.pk, strong.pk]
    assert [r.partial for r in page.results] == [False, True]


def test_without_any_full_match_partial_matches_are_listed_with_a_note(
    long_query_archive,
):
    _full, most, _little = long_query_archive
    with translation.override("vi"):
        page = search(LONG + " tuổi trẻ")  # no page says "tuổi trẻ"
    assert page.full_count == 0
    assert most.pk in [r.id for r in page.results]
    assert all(r.partial for r in page.results)
    assert any("khớp một phần" in m for m in page.messages)


def test_partial_matches_only_when_full_matches_are_few(long_query_archive, settings):
    settings.SEARCH_PARTIAL_BELOW = 1
    page = search(LONG)
    assert page.partial_count == 0
    assert [r.partial for r in page.results] == [False]


def test_short_queries_get_no_partial_matches(long_query_archive):
    # Two units ("cán bộ", "tuổi trẻ"): relaxing them would match anything.
    page = search("cán bộ tuổi trẻ")
    assert page.count == 0 and page.partial_count == 0


def test_phrases_stay_whole_in_partial_matches(empty_index):
    scattered = create_article(
        title="Nghĩ kỹ", body="Dám nói và nghĩ; cán bộ làm thật, dám chịu trách nhiệm."
    )
    index_now(scattered)
    # Units: "dám nghĩ dám làm" (a phrase), cán bộ, tuổi trẻ: 2 of 3 needed; the
    # page holds "cán bộ" and the phrase's syllables, never the phrase.
    assert search('"dám nghĩ dám làm" cán bộ tuổi trẻ').count == 0
    assert search("dám nghĩ dám làm cán bộ tuổi trẻ").count == 1


def test_an_officials_name_is_one_unit_held_whole_or_not_at_all(empty_index):
    named = create_article(
        title="Đồng chí Trương Thị Mai gặp cử tri Hà Đông",
        body="Đồng chí Trương Thị Mai gặp cử tri quận Hà Đông.",
        officials=["Trương Thị Mai"],
    )
    scattered = create_article(
        title="Trưởng thị trấn Mai Châu gặp cử tri",
        body="Trưởng thị trấn Mai Châu gặp cử tri.",
    )
    index_now(named, scattered)
    # Units: the name, cu, tri, ha, noi: 4 of 5 needed. Syllable by syllable
    # (7 units, 5 needed) the scattered page would hold truong, thi, mai, cu, tri.
    page = search("truong thi mai cu tri ha noi")
    assert page.partial_rule == (4, 5)
    assert [(r.id, r.partial) for r in page.results] == [(named.pk, True)]


def test_exclusions_still_exclude_partial_matches(long_query_archive):
    full, most, _little = long_query_archive
    page = search(LONG + " -lợi")
    assert most.pk not in [r.id for r in page.results]
    assert [r.id for r in page.results] == [full.pk]


def test_facets_count_full_and_partial_matches(long_query_archive):
    page = search(LONG)
    assert {f.value: f.count for f in page.facets["year"]} == {"2023": 2}
    page = search(LONG, {"year": "2023"})
    assert page.count == 2


def test_facets_count_a_page_of_partial_matches_only(long_query_archive):
    # No page says "tuổi trẻ": every hit is partial, all dated 2023.
    page = search(LONG + " tuổi trẻ")
    assert page.count and page.full_count == 0
    assert {f.value: f.count for f in page.facets["year"]} == {"2023": page.count}
    assert "none" not in {f.value for f in page.facets["year"]}
    narrowed = search(LONG + " tuổi trẻ", {"year": "2023"})
    assert narrowed.count == page.count
    assert sum(f.count for f in narrowed.facets["month"]) == page.count


def test_neighbours_walk_the_same_list(long_query_archive):
    full, most, _little = long_query_archive
    around = neighbours(LONG, {}, 1)
    assert (around.previous, around.next, around.count) == (None, most.pk, 2)
    assert neighbours(LONG, {}, 2).previous == full.pk


def test_api_and_page_mark_partial_matches(long_query_archive, client):
    full, most, _little = long_query_archive
    data = client.get("/api/search/", {"q": LONG}).json()
    assert [(r["id"], r["partial"]) for r in data["results"]] == [
        (full.pk, False),
        (most.pk, True),
    ]
    assert (data["count"], data["full_count"], data["partial_count"]) == (2, 1, 1)
    assert data["partial_rule"] == {"required": 4, "units": 6}
    html = client.get("/search/", {"q": LONG}).content.decode()
    assert html.count('class="partial-match"') == 1
    assert "1 bài khớp đủ mọi từ" in html


@pytest.mark.whoosh_only
@pytest.mark.parametrize(
    "q", [LONG, LONG + " tuổi trẻ", "Kết luận 14 " + LONG, "cán bộ trẻ học tập"]
)
def test_evaluator_agrees_with_whoosh_on_partial_plans(search_backend, q, seeds):
    from search.backends.whoosh.engine import current_view
    from search.backends.whoosh.snapshot import to_whoosh

    view = current_view()
    parsed = parse(q)
    recall = to_whoosh(partial.recall_query(parsed))
    expected = set(view.searcher.docs_for_query(recall))
    assert expected  # the seed pages say most of each query
    assert set(np.flatnonzero(view.evaluator.mask(recall)).tolist()) == expected
    rank = to_whoosh(partial.rank_query(parsed))
    hits = view.searcher.search(rank, limit=None, terms=False)
    assert view.evaluator.top(rank, view.alive, len(view.alive)) == [
        h.docnum for h in hits
    ]
    _, scores = view.evaluator.evaluate(rank)
    for h in hits:
        assert scores[h.docnum] == pytest.approx(h.score, rel=1e-6)

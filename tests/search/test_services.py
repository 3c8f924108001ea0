import pytest

from search.services import search


def titles(page):
    return [r.title for r in page.results]


def test_browse_lists_all_articles_newest_first_with_facets(seeds):
    page = search("")
    assert page.count == 5
    assert [r.id for r in page.results] == [
        seeds[0].pk,
        seeds[2].pk,
        seeds[1].pk,
        seeds[4].pk,
        seeds[3].pk,
    ]
    years = {f.value: f.count for f in page.facets["year"]}
    assert years == {"2024": 1, "2023": 1, "2022": 1, "2019": 1, "2017": 1}
    assert page.facets["official"][0].label == "Mai Văn Chính"


def test_multi_syllable_words_match_as_syllable_phrases(seeds):
    page = search("kiểm soát quyền lực")
    assert page.results[0].id == seeds[4].pk


def test_query_without_diacritics_matches_folded_text(seeds):
    page = search("kiem soat quyen luc")
    assert page.results[0].id == seeds[4].pk


def test_accentless_official_name_finds_and_boosts_the_official(seeds):
    page = search("truong thi mai")
    assert {r.id for r in page.results[:2]} == {seeds[1].pk, seeds[2].pk}
    assert page.officials_named == ["truong-thi-mai"]
    assert page.suggestion == "Trương Thị Mai"


@pytest.mark.parametrize("typed", ["qd 205", "205/QĐ-TW", "Quy định 205", "205-qd/tw"])
def test_document_codes_in_any_spelling_find_the_citing_article(seeds, typed):
    page = search(typed)
    assert page.results[0].id == seeds[4].pk
    assert [c.value for c in page.detected_codes] == ["205-QĐ/TW"]


def test_kl_88_finds_the_conclusion(seeds):
    assert search("KL 88").results[0].id == seeds[0].pk


def test_phrase_in_quotes_and_exclusion(seeds):
    page = search('"Trương Thị Mai" -"Đỗ Căn"')
    assert [r.id for r in page.results] == [seeds[2].pk]


def test_or_combines_groups(seeds):
    page = search("Lê Minh Hưng OR Phạm Minh Chính")
    assert {r.id for r in page.results} == {seeds[0].pk, seeds[4].pk}


def test_filters_and_across_facets(seeds):
    page = search("", {"official": "truong-thi-mai", "year": "2023"})
    assert [r.id for r in page.results] == [seeds[2].pk]
    page = search("hội nghị", {"official": "mai-van-chinh", "source": "nope"})
    assert page.count == 0


def test_month_facet_is_offered_within_the_chosen_year(seeds):
    assert "month" not in search("").facets
    page = search("", {"year": "2022"})
    assert [(f.value, f.label) for f in page.facets["month"]] == [
        ("2022-01", "Tháng 1/2022")
    ]
    assert search("", {"year": "2022", "month": "1"}).count == 1


def test_code_facet_shows_canonical_codes(seeds):
    values = {f.value for f in search("").facets["code"]}
    assert {"205-QĐ/TW", "88-KL/TW", "39-NQ/TƯ"} <= values


@pytest.mark.parametrize(
    "typed",
    [
        '"unbalanced',
        "a:b*(",
        "x" * 10_000,
        "\x00\x07abc",
        "😀 🎉",
        "OR OR",
        "-",
        '""',
        "title:foo AND (bar",
        "*",
        "?",
        "~",
        "\\",
    ],
)
def test_malformed_input_never_raises(seeds, typed):
    page = search(typed)
    assert page.count >= 0
    if not page.count:
        assert page.messages or page.suggestion is not None or page.count == 0


def test_snippet_marks_whole_words_and_escapes_html(seeds):
    page = search("kiem soat")
    snippet = page.results[0].snippet
    assert (
        "<mark>kiểm soát</mark>" in snippet.lower()
        or "<mark>Kiểm soát</mark>" in snippet
    )


def test_deleted_article_is_never_returned(seeds):
    from search.indexing import sync

    pk = seeds[4].pk
    seeds[4].delete()
    assert pk not in [r.id for r in search("kiểm soát quyền lực").results]
    sync.enqueue_delete(pk)
    sync.flush()
    assert search("205-QĐ/TW").count == 0


def test_oldest_first_is_the_newest_order_reversed(seeds):
    newest = [r.id for r in search("", sort="newest").results]
    oldest = [r.id for r in search("", sort="oldest").results]
    assert oldest == newest[::-1]
    ranked_oldest = [r.id for r in search("cán bộ", sort="oldest").results]
    ranked_newest = [r.id for r in search("cán bộ", sort="newest").results]
    assert ranked_oldest == ranked_newest[::-1]


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_neighbours_are_the_hits_around_a_position(seeds, sort):
    from search.services import neighbours

    for q in ("", "cán bộ", "truong thi mai"):
        ids = [r.id for r in search(q, sort=sort).results]
        for n in range(1, len(ids) + 1):
            around = neighbours(q, {}, n, sort)
            assert around.count == len(ids)
            assert around.previous == (ids[n - 2] if n > 1 else None)
            assert around.next == (ids[n] if n < len(ids) else None)
    assert neighbours("cán bộ", {"year": ["2019"]}, 1).previous is None
    assert neighbours("", {}, len(seeds) + 1).next is None


def test_a_filtered_ranked_search_uses_the_filter(seeds):
    everything = search("cán bộ")
    in_2019 = search("cán bộ", {"year": ["2019"]})
    assert 0 < in_2019.count < everything.count
    assert {r.id for r in in_2019.results} < {r.id for r in everything.results}

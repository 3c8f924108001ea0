"""The five demo pages (`fixtures/demo.json`, as `make demo` loads them) on every
backend: the name, operator, typeahead, snippet, date order and histogram
behaviour the relevance work promises for them."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.management import call_command

from articles import text
from search.backends import get_backend
from search.services import search
from search.suggest import autocomplete

from .conftest import create_article, index_now

# Demo articles by the date each is listed under: publication, else event date.
BY_DATE = [
    ("2024-07-04", "Ban Tổ chức Trung ương chủ động tham mưu"),
    ("2023-12-28", "Ban Tổ chức Trung ương tổ chức Hội nghị tổng kết"),
    ("2022-01-12", "Hội nghị trưởng ban tổ chức cấp ủy"),
    ("2019-12-02", "Quán triệt, triển khai Quy định"),
    ("2017-06-27", "Nâng cao năng lực của cấp ủy"),
]


@pytest.fixture
def demo(empty_index):
    """Load the demo fixture as `make demo` does and index it."""
    from articles.models import Article

    call_command("load_demo", verbosity=0)
    articles = list(Article.objects.all())
    assert len(articles) == 5
    index_now(*articles)
    return {next(t for _d, t in BY_DATE if a.title.startswith(t)): a for a in articles}


def _marks(html: str) -> list[str]:
    return [
        " ".join(t.folded for t in text.tokens(unescape(m)))
        for m in re.findall(r"<mark>(.*?)</mark>", html)
    ]


def _titles(demo, ids) -> list[str]:
    by_pk = {a.pk: t for t, a in demo.items()}
    return [by_pk[i] for i in ids]


def test_the_demo_has_articles_dated_by_their_event_only(demo):
    # What made "Bài mới nhất" list 2024 and 2023 last: no publication time.
    undated = [t for t, a in demo.items() if a.published_at is None]
    assert undated and all(demo[t].event_date for t in undated)


@pytest.mark.parametrize("typed", ["truong thi mai", "Trương Thị Mai"])
def test_a_name_lists_the_pages_naming_her_and_marks_the_name_whole(
    search_backend, demo, typed
):
    page = search(typed)
    naming = {demo[BY_DATE[1][1]].pk, demo[BY_DATE[2][1]].pk}
    hoang_mai = demo[BY_DATE[4][1]]  # trưởng, thị and Hoàng Mai, apart
    assert {r.id for r in page.results} == naming
    assert hoang_mai.pk not in {r.id for r in page.results}
    for r in page.results:
        assert set(_marks(r.snippet + r.title_html)) == {"truong thi mai"}
    # Only where no page names her do the syllables apart come, unmarked.
    (apart,) = search(typed, filters={"year": "2017"}).results
    assert apart.id == hoang_mai.pk and apart.partial
    assert not {"truong", "thi", "mai"} & set(_marks(apart.snippet))


def test_operators_work_on_the_demo(search_backend, demo):
    mai = [r.id for r in search("mai").results]
    assert mai and [r.id for r in search("mai AND").results] == mai
    assert search("mai AND").messages
    without = {a.pk for a in demo.values()} - set(mai)
    assert without
    for typed in ("NOT mai", "-mai"):
        page = search(typed)
        assert {r.id for r in page.results} == without, typed
        assert page.messages


CODES_TYPED = [
    ("qd 205", "205-QĐ/TW"),
    ("qd", "205-QĐ/TW"),
    ("205", "205-QĐ/TW"),
    ("kl 88", "88-KL/TW"),
    ("kl 8", "88-KL/TW"),
    ("nq 39 tw", "39-NQ/TW"),
]


def test_typeahead_offers_codes_typed_with_spaces(search_backend, demo):
    snap = get_backend().snapshot()
    for typed, code in CODES_TYPED:
        found = autocomplete(snap, typed)
        assert code in {f["value"] for f in found if f["type"] == "code"}, typed


def test_typeahead_offers_a_conclusion_typed_with_spaces(search_backend, demo):
    article = create_article(
        title="Thực hiện Kết luận 21",
        body="Thực hiện Kết luận số 21-KL/TW.",
        codes=["21-KL/TW"],
    )
    index_now(article)
    snap = get_backend().snapshot()
    for typed in ("kl 21", "KL 21", "kl 2", "ket luan so 21", "21 kl"):
        found = autocomplete(snap, typed)
        assert "21-KL/TW" in {f["value"] for f in found if f["type"] == "code"}, typed


SNIPPET_QUERIES = [
    "qd 205",
    "205/QĐ-TW",
    "Quy định 205",
    "truong thi mai",
    "ban to chuc",
    "T.Ư",
    "kiem soat quyen luc",
    "mai",
    "cán bộ",
]


def test_demo_snippets_start_and_end_between_words(search_backend, demo):
    bodies = {
        a.pk: text.normalize(f"{a.lead}\n\n{a.body}" if a.lead else a.body)
        for a in demo.values()
    }
    results = []
    for typed in SNIPPET_QUERIES:
        page = search(typed)
        assert page.results, typed
        results += [(typed, r) for r in page.results]
    for typed, r in results:
        plain = text.normalize(unescape(re.sub(r"</?mark>", "", r.snippet)))
        inner = plain.removeprefix("…").removesuffix("…")
        at = bodies[r.id].find(inner)
        assert at >= 0, (typed, inner[:40])
        before = bodies[r.id][at - 1] if at else " "
        after_at = at + len(inner)
        after = bodies[r.id][after_at] if after_at < len(bodies[r.id]) else " "
        assert not before.isalnum() and not inner[0].isspace(), (typed, inner[:40])
        assert not after.isalnum(), (typed, inner[-40:])


@pytest.mark.parametrize("typed", ["qd 205", "205/QĐ-TW", "Quy định 205", "QĐ 205"])
def test_a_code_is_marked_whole_with_its_issuer(search_backend, demo, typed):
    (result,) = search(typed).results
    assert "<mark>205-QĐ/TW</mark>" in result.snippet
    assert "<mark>205-QĐ</mark>" not in result.snippet


def test_newest_lists_by_publication_else_event_date_everywhere(
    search_backend, demo, client
):
    expected = [t for _d, t in BY_DATE]
    home = client.get("/")
    assert [a.title for a in home.context["newest"]][:5] == [
        demo[t].title for t in expected
    ]
    for q in ("", "ban to chuc", "cán bộ"):
        ids = [r.id for r in search(q, sort="newest").results]
        wanted = [demo[t].pk for t in expected if demo[t].pk in ids]
        assert ids == wanted, q
        oldest = [r.id for r in search(q, sort="oldest").results]
        assert oldest == wanted[::-1], q


def test_every_histogram_bar_is_labelled_and_filters(search_backend, demo, client):
    home = [(b.label, b.url, b.count) for b in client.get("/").context["years"]]
    results = client.get("/search/").context["histogram"]["bars"]
    results = [(b["label"], b["url"], b["count"]) for b in results]
    for label, url, count in home + results:
        assert str(label).strip(), url
        if not count and not url:
            continue  # an empty year between two others: a bar without a link
        assert re.search(r"year=(\d{4}|none)(&|$)|^/archive/\d{4}/$", url), label
        # The bar's link lists as many articles as the bar counts.
        listed = client.get(url).context
        found = (
            listed["search_page"].count
            if "search_page" in listed
            else listed["page_obj"].paginator.count
        )
        assert found == count, (label, url)
    # Each year's filter lists exactly the articles dated in it.
    for date, title in BY_DATE:
        page = search("", filters={"year": date[:4]})
        assert [r.id for r in page.results] == [demo[title].pk], date

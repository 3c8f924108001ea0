"""What a result page costs the database, and that its items read what the
models say: one statement for the articles, officials and codes of a page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import set_script_prefix

from search import pagerows, services
from search.services import search

from .conftest import create_article, index_now


def article_statements(run) -> list[str]:
    """Return the SQL that run() sent to the archive's own tables."""
    with CaptureQueriesContext(connection) as captured:
        run()
    return [q["sql"] for q in captured.captured_queries if '"articles_' in q["sql"]]


@pytest.mark.parametrize("q", ["cán bộ", "kiem soat quyen luc", "", '"Trung ương"'])
@pytest.mark.parametrize("page_size", [2, 20])
def test_a_result_page_reads_its_articles_in_one_statement(seeds, q, page_size):
    search("khởi động", cache=False)  # officials' names and label tables, once
    page = None

    def run():
        nonlocal page
        page = search(q, page_size=page_size, suggest=False, cache=False)

    sql = article_statements(run)
    assert page.results
    assert len(sql) == 1, sql
    assert "UNION ALL" in sql[0]


def test_facet_labels_of_sources_are_read_once_per_snapshot(seeds):
    search("", cache=False)
    sql = article_statements(lambda: search("", cache=False))
    assert not [s for s in sql if '"articles_source"' in s and "UNION" not in s]
    assert {f.label for f in search("", cache=False).facets["source"]} >= {
        a.source.name for a in seeds if a.source
    }


def test_page_rows_are_what_the_models_say(empty_index):
    with_all = create_article(
        title="Hội nghị cán bộ chủ chốt",
        lead="Sáng 4/7, hội nghị cán bộ.",
        body="Đồng chí Trương Thị Mai dự hội nghị cán bộ theo Quy định 205-QĐ/TW.",
        source="Báo Nhân Dân",
        officials=["Trương Thị Mai", "Lê Minh Hưng"],
        codes=["205-QĐ/TW", "39-NQ/TW"],
        published_at="2023-07-04T08:00:00+07:00",
    )
    from articles.models import DocumentCitation

    # A citation without a document shows its surface; a repeated code once.
    DocumentCitation.objects.create(article=with_all, surface="Chỉ thị 35")
    DocumentCitation.objects.create(
        article=with_all, document=with_all.citations.first().document, surface="x"
    )
    bare = create_article(title="—", body="cán bộ không nguồn, không ngày")
    index_now(with_all, bare)
    items = {i.id: i for i in services._build_items([bare.pk, with_all.pk, 0], [])}
    assert list(items) == [bare.pk, with_all.pk]  # order kept, missing ids left out
    for article in (with_all, bare):
        item = items[article.pk]
        codes = []
        for c in article.citations.order_by("pk"):
            if (c.document.code if c.document else c.surface) not in codes:
                codes.append(c.document.code if c.document else c.surface)
        assert item.title == article.title
        assert item.url == article.get_absolute_url()
        assert item.published_at == article.published_at
        assert item.event_date == article.event_date
        assert item.source == (article.source.name if article.source else "")
        assert item.officials == sorted(
            m.person.name for m in article.mentions.select_related("person")
        )
        assert item.codes == codes
    assert items[with_all.pk].codes == ["205-QĐ/TW", "39-NQ/TW", "Chỉ thị 35"]
    assert items[bare.pk].url.endswith("/bai-viet/")
    texts = pagerows.rows([with_all.pk], text=False)[with_all.pk]
    assert texts[1:3] == ["", ""]


@pytest.mark.parametrize(
    "title",
    [
        "Trương Thị Mai dự hội nghị",
        "",
        "—",
        "Ủy ban Kiểm tra " * 20,
        "Quy định 205/QĐ-TW",
    ],
)
def test_page_urls_are_the_articles_own(db, title):
    from articles.models import Article

    for prefix in ("/", "/archive/"):
        set_script_prefix(prefix)
        try:
            article = Article(pk=1234, title=title)
            assert pagerows.article_urls()(1234, title) == article.get_absolute_url()
        finally:
            set_script_prefix("/")


@pytest.mark.parametrize("text", [True, False])
def test_the_compiled_statement_reads_what_the_queryset_reads(seeds, text):
    pks = [a.pk for a in seeds]
    for ids in (pks, pks[::-1][:3], [pks[0], 0, pks[2]], [pks[1]]):
        assert pagerows._statement("default", len(ids), text) is not None
        fast = sorted(map(tuple, pagerows._fetch(ids, text)))
        assert fast == sorted(pagerows._queryset(ids, text))
        assert {row[1] for row in fast if row[0] == 0} == set(ids) - {0}


def test_hit_tags_link_each_official_and_document_as_reverse_does(db):
    from django.urls import reverse

    from search.web.results import hit_tags

    item = services.ResultItem(
        id=1, title="t", url="/", published_at=None, snippet="", title_html="",
        officials=["Trương Thị Mai", "Người <Lạ>"], codes=["205-QĐ/TW", "Chỉ thị 35"],
    )  # fmt: skip
    slugs = {"Trương Thị Mai": "truong-thi-mai"}
    for prefix in ("/", "/archive/"):
        set_script_prefix(prefix)
        try:
            people, codes = hit_tags(item, slugs)
            person = reverse("articles:person", args=["truong-thi-mai"])
            document = reverse("articles:document", args=["205-QĐ/TW"])
            other = reverse("articles:document", args=["Chỉ thị 35"])
        finally:
            set_script_prefix("/")
        assert person.startswith(prefix) and document.startswith(prefix)
        assert people == (
            f'<li><a class="tag tag-person" href="{person}">Trương Thị Mai</a></li>'
            '<li><span class="tag tag-person">Người &lt;Lạ&gt;</span></li>'
        )
        assert codes == (
            f'<li><a class="tag tag-code" href="{document}">205-QĐ/TW</a></li>'
            f'<li><a class="tag tag-code" href="{other}">Chỉ thị 35</a></li>'
        )

"""A query naming a post and a time is answered above the results."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from articles.models import Article
from articles.services import extract_article
from search.web.answers import answer, read_time

from .conftest import HCM, _reset_index, index_all

pytestmark = pytest.mark.django_db
# The results page's budget, plus the post, its holdings and their evidence.
ANSWER_QUERIES = 10 + 3


@pytest.fixture
def demo(db):
    _reset_index()
    call_command("load_demo", verbosity=0)
    index_all()
    yield
    _reset_index()


def names(found) -> list[str]:
    return [h.holding.person.name for h in found.holders]


def test_the_question_of_the_issue_answers_mai_with_her_evidence(
    client, demo, django_assert_max_num_queries
):
    with django_assert_max_num_queries(ANSWER_QUERIES):
        response = client.get("/search/", {"q": "truong ban to chuc trung uong 2023"})
    page = response.content.decode()
    found = response.context["position_answer"]
    assert names(found) == ["Trương Thị Mai"]
    (mai,) = found.holders
    assert mai.evidenced
    assert [a.date for a in mai.evidence] == [dt.date(2023, 12, 28)]
    assert "Trưởng Ban Tổ chức Trung ương năm 2023" in page
    assert mai.evidence[0].get_absolute_url() in page
    assert "/positions/truong-ban-to-chuc-trung-uong/" in page
    # The answer stands above the results.
    assert page.index("position-answer") < page.index('class="results-layout"')


@pytest.mark.parametrize(
    ("q", "expected", "evidenced"),
    [
        ("Trưởng Ban Tổ chức Trung ương 2022", ["Trương Thị Mai"], [True]),
        ("truong ban to chuc trung uong nam 2020", ["Phạm Minh Chính"], [False]),
        ("Trưởng ban Tổ chức T.Ư năm 2019", ["Phạm Minh Chính"], [True]),
        ("Trưởng Ban Tổ chức TƯ 2024", ["Lê Minh Hưng"], [True]),
        ("ai là Trưởng Ban Tổ chức Trung ương 01/06/2023", ["Trương Thị Mai"], [False]),
        ("Thường trực Ban Bí thư 2023", ["Trương Thị Mai"], [True]),
    ],
)
def test_each_spelling_and_time_gets_the_holders_then(demo, q, expected, evidenced):
    found = answer(q)
    assert names(found) == expected
    assert [h.evidenced for h in found.holders] == evidenced


def test_an_inferred_holder_is_shown_with_the_last_article_before(client, demo):
    response = client.get("/search/", {"q": "truong ban to chuc trung uong 2020"})
    page = response.content.decode()
    assert "suy ra từ bài gần nhất" in page
    chinh = response.context["position_answer"].holders[0].holding
    assert chinh.last_article.get_absolute_url() in page


def test_a_post_nobody_held_then_says_so(client, demo):
    response = client.get("/search/", {"q": "Trưởng Ban Tổ chức Trung ương 2005"})
    assert response.context["position_answer"].holders == []
    assert "Kho chưa có bằng chứng" in response.content.decode()


def test_the_secretary_of_hanoi_in_2017_from_an_extracted_article(client, demo):
    article = Article.objects.create(
        title="Hà Nội tổng kết công tác xây dựng Đảng",
        body=(
            "Sáng 20-12, Ủy viên Bộ Chính trị, Bí thư Thành ủy Hà Nội Hoàng Trung Hải "
            "dự và phát biểu chỉ đạo hội nghị."
        ),
        published_at=dt.datetime(2017, 12, 20, 10, tzinfo=HCM),
    )
    extract_article(article)
    found = answer("Bí thư Thành ủy Hà Nội 2017")
    assert names(found) == ["Hoàng Trung Hải"]
    assert found.holders[0].evidence == [article]
    folded = answer("bi thu thanh uy ha noi nam 2017")
    assert names(folded) == ["Hoàng Trung Hải"]


@pytest.mark.parametrize(
    "q",
    [
        "truong thi mai",
        "Trưởng Ban Tổ chức Trung ương",
        "hội nghị cán bộ 2023",
        "2023",
        "205-QĐ/TW 2019",
        "Trưởng Ban Không Có 2023",
        "Trưởng Ban Tổ chức Trung ương 2019 2023",
        "Trưởng Ban Tổ chức Trung ương 31/02/2023",
        "",
    ],
)
def test_queries_without_a_post_and_one_time_get_no_answer(demo, q):
    assert answer(q) is None


def test_a_query_without_a_time_costs_no_query(demo, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert answer("truong ban to chuc trung uong") is None
        assert answer("hội nghị cán bộ 2023") is None


def test_read_time_takes_years_and_days():
    assert read_time("X năm 2020")[1:] == (
        dt.date(2020, 1, 1),
        dt.date(2020, 12, 31),
        2020,
    )
    assert read_time("X 2023-06-01")[1:3] == (dt.date(2023, 6, 1), dt.date(2023, 6, 1))
    assert read_time("X ngày 1/6/2023")[1:3] == (
        dt.date(2023, 6, 1),
        dt.date(2023, 6, 1),
    )
    assert read_time("X") is None

"""The relevance promises on the five demo pages, in a real Chromium."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from .conftest import BROWSER, _reset_index, index_all

pytestmark = BROWSER


@pytest.fixture
def demo_site(transactional_db, live_server, settings):
    """The demo fixture, as `make demo` loads it, behind a live server."""
    settings.SEARCH_SYNC_THREAD = False
    _reset_index()
    call_command("load_demo", verbosity=0)
    index_all()
    yield live_server.url
    _reset_index()


@pytest.fixture
def tab(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN"
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.js_errors = errors
    yield page
    context.close()


def _search(tab, url: str, q: str) -> None:
    tab.goto(url + "/")
    box = tab.get_by_role("searchbox", name="Tìm trong kho tin bài")
    box.fill(q)
    box.press("Enter")
    tab.wait_for_url(re.compile(r"/search/\?"))


def test_a_name_lists_only_her_pages_and_marks_the_name_whole(tab, demo_site):
    _search(tab, demo_site, "truong thi mai")
    assert "2 kết quả" in tab.locator(".results-head").inner_text()
    marks = tab.locator(".hit mark").all_inner_texts()
    assert marks and set(marks) == {"Trương Thị Mai"}
    assert "Nâng cao năng lực" not in tab.locator(".hits").inner_text()
    assert tab.js_errors == []


def test_operators_answer_in_the_page(tab, demo_site):
    _search(tab, demo_site, "NOT mai")
    head = tab.locator(".results-head").inner_text()
    assert "2 kết quả" in head
    assert "loại trừ" in tab.locator("main").inner_text()


def test_a_long_form_marks_the_abbreviation_on_the_page(tab, demo_site):
    _search(tab, demo_site, "hội nghị trực tuyến Ban Tổ chức Trung ương")
    marks = tab.locator(".hit mark").all_inner_texts()
    assert "Ban Tổ chức T.Ư" in marks and "Ban Tổ chức Trung ương" in marks


def test_partial_matches_carry_a_badge_after_the_full_ones(tab, demo_site):
    _search(tab, demo_site, "hội nghị trực tuyến Ban Tổ chức Trung ương")
    hits = tab.locator(".hit")
    badges = [
        hits.nth(i).locator(".partial-match").count() for i in range(hits.count())
    ]
    assert badges == [0, 0, 1, 1]
    assert "khớp một phần" in tab.locator(".partial-note").inner_text()


def test_typeahead_offers_a_code_typed_with_a_space(tab, demo_site):
    tab.goto(demo_site + "/")
    box = tab.get_by_role("searchbox", name="Tìm trong kho tin bài")
    box.press_sequentially("qd 205", delay=30)
    option = tab.get_by_role("option").first
    option.wait_for()
    assert "205-QĐ/TW" in option.inner_text()
    assert tab.js_errors == []


def test_a_post_facet_narrows_by_its_abbreviation_as_you_type(tab, demo_site):
    tab.goto(demo_site + "/search/?q=ban+to+chuc")
    tab.locator("#fq-post").fill("uvbct")
    visible = tab.locator("#facet-post-list li:visible")
    assert visible.all_inner_texts() and all(
        "Ủy viên Bộ Chính trị" in t for t in visible.all_inner_texts()
    )
    tab.locator("#fq-post").fill("")
    assert tab.locator("#facet-post-list li:visible").count() > 1
    assert tab.js_errors == []


def test_newest_on_the_home_page_by_publication_else_event_date(tab, demo_site):
    tab.goto(demo_site + "/")
    dates = tab.locator("time").evaluate_all(
        "els => els.map(e => e.getAttribute('datetime').slice(0, 10))"
    )
    listed = [d for d in dates if re.match(r"\d{4}-\d\d-\d\d", d)][:5]
    assert listed == sorted(listed, reverse=True) and listed[0] == "2024-07-04"

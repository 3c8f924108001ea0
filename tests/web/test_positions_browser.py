"""Ask a post-and-year question in a real Chromium, see the answer, open the post."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from .conftest import BROWSER, _reset_index, index_all

pytestmark = BROWSER


@pytest.fixture
def site(transactional_db, live_server, settings):
    settings.SEARCH_SYNC_THREAD = False
    _reset_index()
    call_command("load_demo", verbosity=0)
    index_all()
    yield live_server.url
    _reset_index()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN"
    )
    errors: list[str] = []
    tab = context.new_page()
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.js_errors = errors
    yield tab
    context.close()


def test_a_post_and_year_question_is_answered_and_leads_to_the_post(page, site):
    page.goto(site + "/")
    box = page.get_by_role("searchbox", name="Tìm trong kho tin bài")
    box.fill("truong ban to chuc trung uong 2023")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?"))
    answer = page.locator(".position-answer")
    assert "Trưởng Ban Tổ chức Trung ương năm 2023" in answer.locator("h2").inner_text()
    assert answer.locator(".holder-name").all_inner_texts() == ["Trương Thị Mai"]
    evidence = answer.locator(".evidence a")
    assert evidence.count() == 1
    assert "tổng kết công tác năm 2023" in evidence.first.inner_text()
    answer.get_by_role("link", name="Mọi người giữ chức vụ này theo thời gian").click()
    page.wait_for_url(re.compile(r"/positions/truong-ban-to-chuc-trung-uong/$"))
    assert page.locator("h1").inner_text() == "Trưởng Ban Tổ chức Trung ương"
    holders = page.locator(".holders .holder .what > a").all_inner_texts()
    assert holders == ["Phạm Minh Chính", "Trương Thị Mai", "Lê Minh Hưng"]
    page.locator("#on-day").fill("2020-06-01")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url(re.compile(r"on=2020-06-01"))
    assert page.locator(".answer li").all_inner_texts() == ["Phạm Minh Chính"]
    assert page.js_errors == []

"""The reader's interface in a real Chromium, against a live server."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import BROWSER, _reset_index, build_archive, index_all

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"

pytestmark = BROWSER


@pytest.fixture
def site(transactional_db, live_server, settings):
    settings.SEARCH_SYNC_THREAD = False
    _reset_index()
    data = build_archive()
    index_all()
    data.url = live_server.url
    yield data
    _reset_index()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN"
    )
    errors: list[str] = []
    tab = context.new_page()
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" else None,
    )
    tab.js_errors = errors
    yield tab
    context.close()


def shoot(tab, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(SHOTS / name), full_page=True)


def search_from_home(tab, site, text: str) -> None:
    tab.goto(site.url + "/")
    box = tab.get_by_role("searchbox", name="Tìm trong kho tin bài")
    box.fill(text)
    box.press("Enter")
    tab.wait_for_url(re.compile(r"/search/\?"))


def test_search_without_diacritics_finds_and_marks_the_official(page, site):
    search_from_home(page, site, "truong thi mai")
    shoot(page, "search_results.png")
    assert "2 kết quả" in page.locator(".results-head").inner_text()
    first = page.locator(".hit-title").first
    assert "Trương Thị Mai" in first.inner_text()
    assert first.locator("mark").count() >= 1
    assert (
        page.locator("meta[name=robots]").get_attribute("content").startswith("noindex")
    )
    assert page.js_errors == []


def test_a_facet_can_be_chosen_and_removed(page, site):
    search_from_home(page, site, "can bo")
    sources = page.locator("#facet-source")
    sources.get_by_role("link", name="Hà Nội mới").click()
    page.wait_for_url(re.compile(r"source="))
    chip = page.locator(".chip")
    assert chip.count() == 1 and "Hà Nội mới" in chip.inner_text()
    for hit in page.locator(".hit .source").all():
        assert hit.inner_text() == "Hà Nội mới"
    chip.get_by_role("link").click()
    page.wait_for_url(lambda url: "source=" not in url)
    assert page.locator(".chip").count() == 0


def test_results_paginate(page, site):
    search_from_home(page, site, "can bo")
    assert page.locator(".hit").count() == 20
    page.get_by_role("link", name="Trang sau →").click()
    page.wait_for_url(re.compile(r"page=2"))
    assert "Trang 2 / 2" in page.locator(".pagination").inner_text()
    assert page.locator(".hit").count() >= 1


def test_opening_a_result_shows_highlights_and_search_navigation(page, site):
    search_from_home(page, site, "quy dinh kiem soat quyen luc")
    page.locator(".hit-title a").first.click()
    page.wait_for_url(re.compile(r"/articles/\d+/"))
    assert page.locator(".article .body mark").count() >= 1
    assert page.locator(".search-nav").is_visible()
    shoot(page, "article.png")
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    assert "?" not in canonical


def test_official_page_opens_from_the_side_panel(page, site):
    page.goto(site.url + site.mai_article.get_absolute_url())
    page.locator(".side .people").get_by_role("link", name="Trương Thị Mai").click()
    page.wait_for_url(re.compile(r"/officials/truong-thi-mai/"))
    assert page.locator("h1").inner_text() == "Trương Thị Mai"
    timeline = page.locator(".timeline").inner_text()
    assert "Bí thư Trung ương Đảng" in timeline and "Thường trực Ban Bí thư" in timeline
    shoot(page, "official.png")
    within = page.get_by_role("searchbox", name="Tìm trong các bài này")
    within.fill("ha noi")
    within.press("Enter")
    page.wait_for_url(re.compile(r"q=ha"))
    assert page.locator(".hit").count() == 1


def test_typeahead_suggests_officials_and_goes_to_their_results(page, site):
    page.goto(site.url + "/")
    box = page.get_by_role("searchbox", name="Tìm trong kho tin bài")
    box.press_sequentially("truong th", delay=30)
    option = page.get_by_role("option").first
    option.wait_for()
    assert "Trương Thị Mai" in option.inner_text()
    assert box.get_attribute("aria-expanded") == "true"
    box.press("ArrowDown")
    box.press("Enter")
    page.wait_for_url(re.compile(r"official=truong-thi-mai"))
    assert page.locator(".chip").count() == 1
    assert page.js_errors == []


def test_slash_focuses_the_search_box(page, site):
    page.goto(site.url + "/archive/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.name") == "q"


def test_facet_filter_narrows_the_list_as_you_type(page, site):
    page.goto(site.url + "/search/?q=can+bo")
    page.locator("#fq-official").fill("the")
    visible = page.locator("#facet-official-list li:visible")
    assert visible.count() == 1 and "Nguyễn Văn Thể" in visible.inner_text()


def test_the_same_search_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN")
    tab = context.new_page()
    tab.goto(site.url + "/")
    box = tab.get_by_role("searchbox", name="Tìm trong kho tin bài")
    box.fill("truong thi mai")
    box.press("Enter")
    tab.wait_for_url(re.compile(r"/search/\?"))
    assert "2 kết quả" in tab.locator(".results-head").inner_text()
    # Narrowing a facet list goes through the server.
    tab.locator("#fq-source").fill("ha noi")
    tab.locator("#facet-source").get_by_role("button", name="Lọc").click()
    tab.wait_for_url(re.compile(r"fq_source=ha"))
    assert tab.locator("#facet-source-list li").count() == 1
    tab.locator("#facet-source-list a").click()
    tab.wait_for_url(re.compile(r"source="))
    assert tab.locator(".hit").count() == 1
    tab.locator(".hit-title a").first.click()
    tab.wait_for_url(re.compile(r"/articles/"))
    assert tab.locator(".article mark").count() >= 1
    context.close()


def test_screenshots_of_the_main_pages(browser, site):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN"
    )
    tab = context.new_page()
    for path, name in [
        ("/", "home.png"),
        ("/documents/205-QĐ/TW/", "document.png"),
        ("/archive/2019/", "archive_year.png"),
        ("/archive/2019/3/", "archive_month.png"),
        ("/search/?q=khong+co+gi+ca+xyz", "search_empty.png"),
        ("/search/?q=can+bo&year=2019", "search_year_months.png"),
    ]:
        tab.goto(site.url + path)
        shoot(tab, name)
    context.close()
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="vi-VN"
    )
    tab = phone.new_page()
    tab.goto(site.url + "/search/?q=truong+thi+mai")
    shoot(tab, "search_results_phone.png")
    tab.goto(site.url + "/")
    shoot(tab, "home_phone.png")
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, "the phone layout must not scroll sideways"
    phone.close()

"""A small archive in the database and in a fresh on-disk index, for the pages."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import pytest

from search.bench.reliability.xss import ARGS, CHROMIUM

HCM = ZoneInfo("Asia/Ho_Chi_Minh")

# Browser tests: `pytestmark = BROWSER` in the module, then the `browser` fixture.
# CI installs Chromium (`make browser`), so there a missing browser fails.
BROWSER = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("CI"),
        reason="Debian's Chromium is not installed at /usr/bin/chromium "
        "(apt-get install chromium, or `make browser`)",
    ),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the ORM calls
    # the tests make between page actions are still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


FILLER_COUNT = 24  # more than one page of results for "cán bộ"


@dataclass
class Archive:
    articles: list = field(default_factory=list)
    people: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)

    @property
    def mai_article(self):
        return self.articles[0]


@pytest.fixture(autouse=True)
def _no_writer_thread(settings):
    # The pages' tests apply index updates explicitly.
    settings.SEARCH_SYNC_THREAD = False


def _reset_index() -> None:
    from search import labels
    from search.backends import get_backend

    get_backend().clear()
    labels.invalidate()


def index_all() -> None:
    """Apply queued index updates for every article and forget cached views."""
    from articles.models import Article
    from search import labels
    from search.backends import get_backend
    from search.indexing import sync

    for pk in Article.objects.values_list("pk", flat=True):
        sync.enqueue_article(pk)
    sync.flush()
    get_backend().forget()
    labels.invalidate()


def _person(name: str):
    from articles.models import Person

    return Person.objects.by_key(name) or Person.objects.create(name=name)


def _document(code: str, **fields):
    from articles.models import Document

    document, _ = Document.objects.get_or_create(code=code, defaults=fields)
    return document


def add_article(
    title: str,
    body: str,
    when: dt.datetime | None,
    source=None,
    officials: dict[str, list[str]] | None = None,
    documents: dict[str, str] | None = None,
    **extra,
):
    """Create an article with its officials (name → titles) and citations."""
    from articles.models import Article, DocumentCitation, PersonMention

    article = Article.objects.create(
        title=title, body=body, published_at=when, source=source, **extra
    )
    for name, titles in (officials or {}).items():
        PersonMention.objects.create(
            article=article,
            person=_person(name),
            surface=name,
            titles=titles,
            mentioned_on=when.date() if when else None,
        )
    for code, surface in (documents or {}).items():
        document = _document(code)
        DocumentCitation.objects.create(
            article=article,
            document=document,
            surface=surface,
            doc_type=document.doc_type,
            number=document.number,
        )
    return article


def build_archive() -> Archive:
    from articles.models import PersonAlias, Source

    xdd = Source.objects.create(name="Tạp chí Xây dựng Đảng", code="XDD")
    hnm = Source.objects.create(name="Hà Nội mới", code="HNMO")
    _document(
        "205-QĐ/TW",
        doc_type="QĐ",
        type_name="Quy định",
        number="205",
        issuer="TW",
        issuing_body="Bộ Chính trị",
        issued_on=dt.date(2019, 9, 23),
        subject="về việc kiểm soát quyền lực trong công tác cán bộ",
    )
    _document(
        "128/NQ-CP", doc_type="NQ", type_name="Nghị quyết", number="128", issuer="CP"
    )
    archive = Archive()
    archive.articles.append(
        add_article(
            "Đồng chí Trương Thị Mai dự Hội nghị tổng kết công tác tổ chức xây dựng Đảng",
            "Chiều 12/1, đồng chí Trương Thị Mai, Thường trực Ban Bí thư, dự hội nghị.\n\n"
            "Hội nghị quán triệt Quy định 205-QĐ/TW về kiểm soát quyền lực trong công tác cán bộ.\n\n"
            "Đồng chí Lê Minh Hưng phát biểu.",
            dt.datetime(2023, 1, 12, 9, 0, tzinfo=HCM),
            source=xdd,
            officials={
                "Trương Thị Mai": ["Thường trực Ban Bí thư"],
                "Lê Minh Hưng": ["Trưởng Ban Tổ chức Trung ương"],
            },
            documents={"205-QĐ/TW": "Quy định 205-QĐ/TW"},
            lead="Sáng nay, Ban Tổ chức Trung ương tổng kết công tác năm.",
            captions="Quang cảnh hội nghị _ Ảnh: TTXVN",
            byline="Ngô Khiêm",
            section="Xây dựng Đảng",
        )
    )
    archive.articles.append(
        add_article(
            "Bà Trương Thị Mai làm việc với Ban Tổ chức Thành ủy Hà Nội",
            "Đồng chí Trương Thị Mai, Bí thư Trung ương Đảng, làm việc tại Hà Nội.\n\n"
            "Thực hiện Quy định số 205-QĐ/TƯ và Nghị quyết 128/NQ-CP.",
            dt.datetime(2022, 3, 4, 8, 30, tzinfo=HCM),
            source=hnm,
            officials={"Trương Thị Mai": ["Bí thư Trung ương Đảng"]},
            documents={"205-QĐ/TW": "205-QĐ/TƯ", "128/NQ-CP": "Nghị quyết 128/NQ-CP"},
        )
    )
    archive.articles.append(
        add_article(
            "Hội nghị cán bộ toàn quốc năm 2017",
            "Hội nghị bàn về đánh giá cán bộ và công tác tổ chức.",
            dt.datetime(2017, 6, 27, 9, 16, tzinfo=HCM),
            source=xdd,
            officials={"Lê Minh Hưng": ["Phó Trưởng Ban"]},
        )
    )
    for i in range(FILLER_COUNT):
        archive.articles.append(
            add_article(
                f"Công tác cán bộ ở cơ sở, kỳ {i + 1}",
                f"Bài số {i + 1} bàn về công tác cán bộ, đào tạo và bồi dưỡng cán bộ.",
                dt.datetime(2019, 1 + i % 12, 1 + i, 10, 0, tzinfo=HCM),
                source=hnm if i % 2 else xdd,
                officials={"Nguyễn Văn Thể": ["Bí thư Đảng ủy Khối"]}
                if i % 3 == 0
                else {},
            )
        )
    add_article("Bài không rõ ngày", "Nội dung cán bộ không ngày.", None)
    people = ("Trương Thị Mai", "Lê Minh Hưng", "Nguyễn Văn Thể")
    archive.people = {name: _person(name) for name in people}
    PersonAlias.objects.create(
        person=archive.people["Trương Thị Mai"], name="Trương T. Mai"
    )
    archive.documents = {code: _document(code) for code in ("205-QĐ/TW", "128/NQ-CP")}
    return archive


@pytest.fixture
def archive(db) -> Archive:
    """Create the small archive and index it."""
    _reset_index()
    data = build_archive()
    index_all()
    yield data
    _reset_index()

"""The English catalog: English readers get English pages, and nothing is left out."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

# Strings from base.html and home.html that an empty archive still shows.
ENGLISH = [
    "Skip to content",
    "Political news archive",
    "Search the political news archive",
    "The archive has no articles yet.",
    "Press / to search",
]
VIETNAMESE = [
    "Bỏ qua đến nội dung",
    "Kho lưu trữ tin bài chính trị",
    "Tìm trong kho tin bài chính trị",
    "Kho chưa có bài viết nào.",
    "Nhấn / để tìm kiếm",
]


def _page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_home_page_is_vietnamese_by_default(client):
    page = _page(client.get("/"))
    assert '<html lang="vi">' in page
    for text in VIETNAMESE:
        assert text in page
    for text in ENGLISH:
        assert text not in page


@pytest.mark.django_db
def test_home_page_is_english_for_an_english_browser(client):
    page = _page(client.get("/", headers={"accept-language": "en-US,en;q=0.9"}))
    assert '<html lang="en">' in page
    for text in ENGLISH:
        assert text in page
    for text in VIETNAMESE:
        assert text not in page
    # The plural block with its links comes through whole.
    assert "The archive holds 0 articles. Try" in page
    assert '<a href="/search/?q=qd+205">qd 205</a>' in page


@pytest.mark.django_db
def test_the_language_switch_keeps_english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = _page(client.get("/"))
    assert '<html lang="en">' in page
    assert "Skip to content" in page


def test_python_strings_translate_too():
    from articles.models import Article, DocumentType

    with translation.override("en"):
        assert str(Article._meta.verbose_name) == "article"
        assert str(DocumentType.NQ.label) == "Resolution"
    with translation.override("vi"):
        assert str(Article._meta.verbose_name) == "bài viết"


# A tiny reader for the .po file: enough for what makemessages writes.

_KEYWORD = re.compile(r"^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (\".*\")$")


def read_po(path: Path) -> list[dict]:
    entries = []
    for block in path.read_text(encoding="utf-8").strip().split("\n\n"):
        entry: dict = {"flags": set()}
        key = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry["flags"].update(f.strip() for f in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := _KEYWORD.match(line):
                key = match.group(1)
                entry[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"'):
                assert key is not None, line
                entry[key] += ast.literal_eval(line)
            elif line.strip():
                raise AssertionError(f"unexpected line in {path.name}: {line!r}")
        if "msgid" in entry:
            entries.append(entry)
    return entries


def _messages() -> list[dict]:
    return [e for e in read_po(PO) if e["msgid"] != ""]


def _translations(entry: dict) -> list[str]:
    return [v for k, v in sorted(entry.items()) if k.startswith("msgstr")]


def test_catalog_has_no_untranslated_or_fuzzy_entries():
    entries = read_po(PO)
    header = [e for e in entries if e["msgid"] == ""]
    assert len(header) == 1 and "fuzzy" not in header[0]["flags"]
    assert "Language: en\n" in header[0]["msgstr"]
    messages = _messages()
    assert len(messages) > 200
    for entry in messages:
        assert "fuzzy" not in entry["flags"], entry["msgid"]
        strings = _translations(entry)
        assert strings and all(s.strip() for s in strings), entry["msgid"]
        if "msgid_plural" in entry:
            assert set(entry) >= {"msgstr[0]", "msgstr[1]"}, entry["msgid"]


def test_catalog_keeps_every_placeholder():
    placeholder = re.compile(r"%\(\w+\)[sd]|<[^>]+>")
    for entry in _messages():
        wanted = sorted(placeholder.findall(entry["msgid"]))
        for text in _translations(entry):
            assert sorted(placeholder.findall(text)) == wanted, entry["msgid"]


def test_compiled_catalog_matches_the_po_file():
    # Django reads the .mo; it must be rebuilt whenever the .po changes.
    with MO.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)
    for entry in _messages():
        if "msgid_plural" in entry:
            assert (
                catalog.ngettext(entry["msgid"], entry["msgid_plural"], 1)
                == (entry["msgstr[0]"])
            )
            assert (
                catalog.ngettext(entry["msgid"], entry["msgid_plural"], 2)
                == (entry["msgstr[1]"])
            )
        else:
            assert catalog.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]

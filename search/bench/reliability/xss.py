"""Stored XSS: payloads in every editable field, rendered in a real Chromium.

A dialog is a payload that ran. The page's Content-Security-Policy would stop
most inline scripts even if escaping failed, so markup that reached the DOM
unescaped is counted as well: every payload element carries `data-xss`, and a
link whose address starts with `javascript:` counts too.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from urllib.parse import quote

from . import sandbox
from .sandbox import Server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MARKER = "zqxss"
PAYLOADS = [
    '<script data-xss>alert("xss-1")</script>',
    '<img src=x data-xss onerror=alert("xss-2")>',
    '"><svg data-xss onload=alert("xss-3")>',
    "'><iframe data-xss src=\"javascript:alert('xss-4')\"></iframe>",
    '</title></textarea></script><script data-xss>alert("xss-5")</script>',
    "<a data-xss href=\"javascript:alert('xss-6')\">x</a>",
    "{{7*7}}${alert('xss-7')}<details data-xss open ontoggle=alert('xss-8')>",
]
INJECTED_JS = """() => Array.from(document.querySelectorAll(
  '[data-xss], a[href^="javascript:" i], iframe[src^="javascript:" i]'),
  e => e.outerHTML.slice(0, 160))"""


def seed() -> dict:
    """Store articles, an official, a source and a document carrying payloads."""
    from articles.models import (
        Article,
        Document,
        DocumentCitation,
        Person,
        PersonMention,
        Source,
    )

    joined = " ".join(PAYLOADS)
    source = Source.objects.create(name=f"Nguồn {PAYLOADS[1]}"[:200])
    person = Person(name=f"Nguyễn Văn {MARKER} {PAYLOADS[2]}"[:200])
    person.save()
    document = Document.objects.create(code=f"99-QĐ/TW{PAYLOADS[0]}"[:100])
    ids = []
    for i, payload in enumerate(PAYLOADS):
        article = Article(
            title=f"{MARKER} Tin {i} {payload}"[:500],
            lead=f"Sapo {MARKER} {payload}",
            body=f"Nội dung {MARKER} {joined}\n\nĐoạn hai {payload}",
            captions=f"Ảnh: {payload}",
            section=f"Chuyên mục {payload}"[:200],
            byline=f"{payload}"[:200],
            url="javascript:alert('xss-url')",
            source=source,
            published_at=dt.datetime(2021, 5, 1 + i, 8, tzinfo=dt.UTC),
        )
        article.content_hash = article.compute_content_hash()
        article.save()
        PersonMention.objects.create(article=article, person=person, surface=payload)
        DocumentCitation.objects.create(
            article=article, document=document, surface=payload[:100]
        )
        ids.append(article.pk)
    return {"articles": ids, "person": person.slug, "code": document.code}


def pages(seeded: dict) -> list[str]:
    """Return every page that shows the stored payloads."""
    from articles.models import Article

    first = Article.objects.get(pk=seeded["articles"][0])
    paths = [Article.objects.get(pk=pk).get_absolute_url() for pk in seeded["articles"]]
    paths += [f"{first.get_absolute_url()}?q={MARKER}"]
    paths += [
        "/",
        f"/search/?q={MARKER}",
        f"/search/?q={MARKER}&sort=newest",
        f"/search/?official={seeded['person']}",
        f"/search/?q={quote(PAYLOADS[0])}",
        f"/api/search/?q={MARKER}",
        f"/api/articles/{first.pk}/",
        f"/api/autocomplete/?q={MARKER}",
        f"/search/feed/?q={MARKER}",
        f"/officials/{seeded['person']}/",
        "/officials/",
        f"/documents/{quote(seeded['code'], safe='/')}/",
        "/documents/",
        "/articles/",
        "/archive/",
        "/archive/2021/",
        "/archive/2021/5/",
    ]
    return paths


def check(server: Server, seeded: dict) -> dict:
    """Open every page in Chromium, type in the search box; count what ran."""
    if not CHROMIUM.exists():
        return {"skipped": f"Chromium not installed at {CHROMIUM}", "ok": None}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        return {"skipped": f"Playwright is not installed: {exc}", "ok": None}
    urls = pages(seeded)
    base = f"http://127.0.0.1:{server.port}"
    sandbox.stderr_line(f"[xss] {len(urls)} pages in Chromium")
    dialogs: list[dict] = []
    injected: dict[str, int] = {}
    statuses: dict[str, int] = {}
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            context = browser.new_context(locale="vi-VN")
            tab = context.new_page()
            current = {"path": ""}

            def on_dialog(dialog) -> None:
                dialogs.append({"page": current["path"], "message": dialog.message})
                dialog.dismiss()

            tab.on("dialog", on_dialog)
            for path in urls:
                current["path"] = path
                response = tab.goto(base + path, wait_until="load")
                status = str(response.status if response else 0)
                statuses[status] = statuses.get(status, 0) + 1
                tab.wait_for_timeout(150)
                found = tab.evaluate(INJECTED_JS)
                if found:
                    injected[path] = found
            # The typeahead renders officials' names with JavaScript.
            current["path"] = "/ (typeahead)"
            tab.goto(base + "/", wait_until="load")
            box = tab.locator("input[type=search]").first
            if box.count():
                box.fill(MARKER)
                tab.wait_for_timeout(1200)
                found = tab.evaluate(INJECTED_JS)
                if found:
                    injected[current["path"]] = found
            browser.close()
    except Exception as exc:  # a browser that cannot start is reported, not fatal
        return {"skipped": f"Chromium failed: {type(exc).__name__}: {exc}"[:500]}
    return {
        "pages": len(urls) + 1,
        "status": statuses,
        "payloads": len(PAYLOADS),
        "dialogs": len(dialogs),
        "dialog_examples": dialogs[:5],
        "injected_elements": sum(len(v) for v in injected.values()),
        "injected_by_page": dict(list(injected.items())[:10]),
        "ok": not dialogs and not injected,
        "criteria": "0 dialogs, no payload element or javascript: link in any DOM",
    }

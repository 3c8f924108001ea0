"""The original's address is a link only when it is a web address."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from articles import text
from articles.models import Article


@pytest.mark.parametrize(
    "value, kept",
    [
        ("https://nhandan.vn/bai-viet-1.html", "https://nhandan.vn/bai-viet-1.html"),
        ("  http://baochinhphu.vn/a  ", "http://baochinhphu.vn/a"),
        ("HTTPS://VOV.VN/X", "HTTPS://VOV.VN/X"),
        ("javascript:alert(1)", ""),
        ("JaVaScRiPt:alert(document.cookie)", ""),
        ("data:text/html,<script>alert(1)</script>", ""),
        ("vbscript:msgbox(1)", ""),
        ("//evil.example/x", ""),
        ("http:", ""),
        ("https://", ""),
        ("", ""),
    ],
)
def test_web_url_keeps_only_http_addresses(value, kept):
    assert text.web_url(value) == kept


@pytest.mark.django_db
def test_an_imported_javascript_address_is_dropped_with_a_warning(tmp_path, capsys):
    path = tmp_path / "export.jsonl"
    record = {
        "title": "Bài có địa chỉ độc",
        "body": "Nội dung về công tác cán bộ của Ban Tổ chức Trung ương.",
        "url": "javascript:alert(1)",
    }
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    call_command("import_articles", str(path), "--json", "--no-progress")
    report = json.loads(capsys.readouterr().out)
    article = Article.objects.get()
    assert article.url == "" and report["failed"] == []
    [warning] = report["warnings"]
    assert warning["id"] == article.pk and "javascript:alert(1)" in warning["reason"]


@pytest.mark.django_db
def test_a_stored_javascript_address_is_never_rendered_as_a_link(client):
    article = Article.objects.create(
        title="Bài có địa chỉ sửa tay", body="Nội dung về công tác tổ chức."
    )
    # A bulk fix bypasses save(): the page must still refuse the address.
    Article.objects.filter(pk=article.pk).update(url="javascript:alert(1)")
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert "javascript:" not in page.content.decode()
    assert client.get(f"/api/articles/{article.pk}/").json()["original_url"] == ""

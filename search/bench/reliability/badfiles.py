"""Bad import files, each imported by `import_articles --json` in its own process.

Every case states what a correct outcome is: refused with a reason, or
imported with the right text. Whatever happens, nothing may be half-imported:
the articles the report names exist, no others appeared, and database and index
agree afterwards.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote
from xml.dom import minidom

from . import sandbox
from .roles import token
from .sandbox import Server

SENTENCE = "Hội nghị cán bộ toàn quốc"
# The sentence as a VNI-Windows and as a TCVN3 (ABC) page stores it.
VNI = b"Ho\xe4i ngh\xf2 ca\xf9n bo\xe4 toa\xf8n quo\xe1c"
TCVN3 = b"H\xe9i ngh\xdb c\xb8n b\xe9 to\xb5n qu\xe8c"
MAX_PAGE_BYTES = 200_000
CONTROL = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + ["\x7f"]
PARALLEL = 3  # import processes at once


def double_encoded(value: str) -> bytes:
    """Return UTF-8 read as cp1252 (latin-1 where cp1252 has no character), again."""
    out = []
    for byte in value.encode():
        try:
            out.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out).encode()


def page(title: str, word: str, extra: str = "") -> str:
    """Return a well-formed raw page whose text holds the unique word."""
    return (
        f"Xây dựng Đảng\n\n{title}\n\n18:31' 12/1/2022\n\n"
        f"TCCS - Ban Tổ chức Trung ương tổ chức hội nghị {word} về công tác cán "
        f"bộ.{extra}\n\nĐồng chí Trương Thị Mai phát biểu chỉ đạo hội nghị, nhấn "
        f"mạnh yêu cầu đổi mới công tác cán bộ {word}.\n\nNguyễn Xuân Tùng\n"
    )


def jsonl(title: str, word: str) -> str:
    body = f"Nội dung bài {word} về công tác cán bộ của Ban Tổ chức Trung ương."
    return json.dumps({"title": title, "body": body}, ensure_ascii=False)


@dataclass
class Case:
    name: str
    file: str
    data: bytes
    # Judges (created article titles and bodies, import report) -> why it failed.
    judge: Callable[[list[dict], dict], str]
    again: bool = False  # imported a second time (a duplicate)


def refused(rows, report) -> str:
    if rows:
        return f"{len(rows)} article(s) imported from a file that holds none"
    return "" if report.get("failed") else "no reason given for refusing it"


def nothing_created(rows, report) -> str:
    return f"{len(rows)} article(s) imported" if rows else ""


def vietnamese(expected: int) -> Callable:
    """Refused with a reason, or imported with the sentence spelled correctly."""

    def judge(rows, report) -> str:
        if not rows:
            return "" if report.get("failed") else "nothing imported, no reason"
        if len(rows) != expected:
            return f"{len(rows)} articles imported, expected {expected}"
        for row in rows:
            text = unicodedata.normalize("NFC", row["title"] + " " + row["body"])
            if SENTENCE.lower() not in text.lower() or "\ufffd" in text:
                return f"imported as garbage: {row['title'][:80]!r}"
        return ""

    return judge


def clean_of_controls(expected: int) -> Callable:
    def judge(rows, report) -> str:
        if len(rows) != expected:
            return f"{len(rows)} articles imported, expected {expected}"
        for row in rows:
            found = {c for c in row["title"] + row["body"] if c in CONTROL}
            if found:
                return f"control characters stored: {sorted(map(hex, map(ord, found)))}"
        return ""

    return judge


def safe_link(rows, report) -> str:
    """Refused, or imported without an address a browser would run as script."""
    if not rows:
        return "" if report.get("failed") else "nothing imported, no reason"
    for row in rows:
        if row["url"].strip().lower().startswith(("javascript:", "data:", "vbscript:")):
            return f"stored a script address: {row['url'][:60]!r}"
    return ""


def partial(expected: int, failed_lines: int) -> Callable:
    """The good records imported, each bad one reported with its line number."""

    def judge(rows, report) -> str:
        failed = report.get("failed") or []
        with_line = [f for f in failed if "dòng" in f.get("reason", "")]
        if len(rows) != expected:
            return f"{len(rows)} articles imported, expected {expected}"
        if len(with_line) < failed_lines:
            return f"{len(with_line)} bad records reported by line, {failed_lines} bad"
        return ""

    return judge


def cases() -> list[Case]:
    w = [token("zqbad", i) for i in range(20)]
    good = page(f"Hội nghị tổng kết công tác {w[0]}", w[0]).encode()
    vni_page = b"\n\n".join(
        [b"Xay dung Dang", VNI + b" " + w[1].encode(), b"18:31' 12/1/2022"]
        + [VNI + b" " + w[1].encode() + b". " + VNI + b"."] * 3
    )
    tcvn_page = b"\n\n".join(
        [b"Xay dung Dang", TCVN3 + b" " + w[2].encode(), b"18:31' 12/1/2022"]
        + [TCVN3 + b" " + w[2].encode() + b". " + TCVN3 + b"."] * 3
    )
    mojibake = double_encoded(page(f"{SENTENCE} {w[3]}", w[3]))
    cut = page(f"{SENTENCE} {w[4]}", w[4], " Tiếp tục đổi mới").encode()[:-30]
    cut = cut + "ế".encode()[:2]
    controls = "\x01\x02\x07\x08\x0b\x0c\x1b\x7f"
    huge = json.dumps({"title": f"Bài rất dài {w[6]}", "body": "cán bộ " * 40_000})
    malformed = "\n".join(
        [
            jsonl(f"Bài hợp lệ một {w[7]}", w[7]),
            "{not json",
            "[1, 2, 3]",
            json.dumps({"title": 5, "body": None}),
            json.dumps({"body": "không có tiêu đề"}),
            jsonl(f"Bài hợp lệ hai {w[8]}", w[8]),
        ]
    )
    nfd = unicodedata.normalize("NFD", page(f"{SENTENCE} {w[9]}", w[9]))
    return [
        Case("empty", "empty.txt", b"", nothing_created),
        Case("binary", "binary.txt", os.urandom(4096) + b"\0" * 64, refused),
        Case("nul_bytes_page", "nul.txt", b"\0" * 2048, refused),
        Case("vni_bytes", "vni.txt", vni_page, vietnamese(1)),
        Case("tcvn3_bytes", "tcvn3.txt", tcvn_page, vietnamese(1)),
        Case("utf8_double_encoded", "mojibake.txt", mojibake, vietnamese(1)),
        Case("utf8_cut_mid_character", "cut.txt", cut, vietnamese(1)),
        Case(
            "utf16_with_bom",
            "utf16.txt",
            page(f"{SENTENCE} {w[10]}", w[10]).encode("utf-16"),
            vietnamese(1),
        ),  # fmt: skip
        Case("nfd_unicode", "nfd.txt", nfd.encode(), vietnamese(1)),
        Case(
            "control_characters",
            "controls.txt",
            page(f"Tin {controls} kiểm tra {w[5]}", w[5], f" Có {controls}.").encode(),
            clean_of_controls(1),
        ),
        Case(
            "jsonl_nul_title",
            "nul_title.jsonl",
            (
                json.dumps({"title": f"Tiêu đề \u0000 {w[11]}", "body": "Nội dung."})
                + "\n"
            ).encode(),  # fmt: skip
            clean_of_controls(1),
        ),
        Case(
            "jsonl_huge_line",
            "huge.jsonl",
            "\n".join(
                [
                    jsonl(f"Trước dòng lớn {w[12]}", w[12]),
                    huge,
                    jsonl(f"Sau dòng lớn {w[13]}", w[13]),
                ]  # fmt: skip
            ).encode(),
            partial(2, 1),
        ),
        Case("jsonl_malformed", "malformed.jsonl", malformed.encode(), partial(2, 4)),
        Case(
            "jsonl_javascript_url",
            "script_url.jsonl",
            json.dumps(
                {
                    "title": f"Bài có địa chỉ lạ {w[15]}",
                    "body": "Nội dung bài.",
                    "url": "javascript:alert(document.cookie)",
                }  # fmt: skip
            ).encode(),
            safe_link,
        ),
        Case(
            "page_over_limit",
            "huge.txt",
            page("Trang lớn", w[14], " cán bộ" * 40_000).encode(),
            refused,
        ),  # fmt: skip
        Case("wrong_extension_pdf", "report.pdf", b"%PDF-1.4\n%\xe2\xe3\n", refused),
        Case("duplicate_of_itself", "good.txt", good, nothing_created, again=True),
    ]


def _articles(ids: list[int]) -> list[dict]:
    from articles.models import Article

    return list(Article.objects.filter(pk__in=ids).values("pk", "title", "body", "url"))


def _feed_ok(server: Server, word: str) -> str:
    answer = sandbox.get(server, f"/search/feed/?q={quote(word)}")
    if answer.status != 200:
        return f"feed answered {answer.status}"
    try:
        minidom.parseString(answer.body)
    except Exception as exc:
        return f"feed is not XML: {exc}"
    return ""


def _import(path: Path) -> sandbox.Completed:
    return sandbox.manage(
        "import_articles",
        "--json",
        "--no-progress",
        "--max-page-bytes",
        str(MAX_PAGE_BYTES),
        str(path),
    )


def _judge(server: Server, case: Case, done: sandbox.Completed) -> dict:
    report = done.json() or {}
    ids = [a["id"] for a in report.get("articles", [])]
    created = _articles(ids)
    why = []
    if done.json() is None:
        why.append(f"no JSON report (exit {done.returncode})")
    if done.traceback:
        why.append("traceback on stderr")
    if done.returncode not in (0, 1):
        why.append(f"exit code {done.returncode}")
    if len(created) != len(ids):
        why.append(f"half-imported: report names {len(ids)}, {len(created)} exist")
    if verdict := case.judge(created, report):
        why.append(verdict)
    if case.name.startswith(("control", "jsonl_nul")) and created:
        word = [w for w in created[0]["title"].split() if w.startswith("zq")]
        if word and (problem := _feed_ok(server, word[0])):
            why.append(problem)
    return {
        "case": case.name,
        "exit_code": done.returncode,
        "created": len(created),
        "ids": ids,
        "duplicates": report.get("duplicates"),
        "failed": [f.get("reason", "")[:160] for f in report.get("failed", [])][:4],
        "seconds": round(done.seconds, 1),
        "ok": not why,
        "problems": why,
    }


def bad_files(server: Server, folder: Path) -> dict:
    """Import each bad file in its own process; judge the outcome."""
    from articles.models import Article

    all_cases = cases()
    sandbox.stderr_line(f"[bad_files] {len(all_cases)} cases, one import process each")
    paths = {}
    for case in all_cases:
        path = folder / case.name / case.file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(case.data)
        paths[case.name] = path
        if case.again:
            _import(path)
    before = Article.objects.count()
    with ThreadPoolExecutor(PARALLEL) as pool:
        done = list(pool.map(lambda case: _import(paths[case.name]), all_cases))
    after = Article.objects.count()
    rows = [_judge(server, c, d) for c, d in zip(all_cases, done, strict=True)]
    reported = sum(len(r.pop("ids")) for r in rows)
    left = sandbox.wait_for_queue()
    check = sandbox.check_index()
    bad = [r["case"] for r in rows if not r["ok"]]
    return {
        "cases": len(rows),
        "handled_correctly": len(rows) - len(bad),
        "mishandled": bad,
        "exit_codes": {r["case"]: r["exit_code"] for r in rows},
        "new_rows": after - before,
        "reported_created": reported,
        "results": rows,
        "queue_left_after_wait": left,
        "check_index_after": sandbox.short_check(check),
        "ok": not bad and after - before == reported and sandbox.drift_free(check),
        "criteria": "every file refused with a reason or imported correctly, "
        "no half import, database and index agree",
    }

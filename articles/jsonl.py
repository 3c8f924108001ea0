"""Read JSON Lines exports: one article per line, each line bounded in size.

The pure half of the importer, like `articles.ingest`, which it builds on: the
file is streamed, and a record longer than the page limit is skipped in bounded
pieces (never held whole) and reported with its line number.
"""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from . import pagetext, text
from .ingest import (
    FileProblem,
    IngestError,
    ParsedArticle,
    _derive_title,
    _paragraphs,
)

_JSONL_TEXT_FIELDS = ("title", "body", "lead", "source", "section", "byline", "url")


def _field(data: dict[str, Any], name: str) -> str:
    value = data.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise IngestError(f"trường “{name}” phải là chuỗi")
    return text.clean(value)


def parse_jsonl_line(line: str, lineno: int) -> ParsedArticle:
    """Parse one JSON Lines record; raise IngestError saying what is wrong."""
    if not line.strip():
        raise IngestError("dòng trống")
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise IngestError(f"JSON không hợp lệ: {exc.msg} (cột {exc.colno})") from exc
    if not isinstance(data, dict):
        raise IngestError("mỗi dòng phải là một đối tượng JSON")
    missing = [key for key in ("title", "body") if key not in data]
    if missing:
        raise IngestError("thiếu trường: " + ", ".join(missing))
    fields = {name: _field(data, name) for name in _JSONL_TEXT_FIELDS}
    body = [pagetext.strip_photo_marks(p) for p in _paragraphs(fields["body"])]
    lead = pagetext.strip_photo_marks(" ".join(fields["lead"].split()))
    if not any(body):
        raise IngestError("trường “body” trống")

    code, name = pagetext.lookup_source(fields["source"])
    # A source mark at the start of the text says where it came from.
    if lead:
        mark_code, mark_name, lead = pagetext.split_source_prefix(lead)
    else:
        mark_code, mark_name, body[0] = pagetext.split_source_prefix(body[0])
    if not (code or name):
        code, name = mark_code, mark_name

    published_at = None
    if raw_date := data.get("published_at"):
        if not isinstance(raw_date, str):
            raise IngestError("trường “published_at” phải là chuỗi")
        published_at = pagetext.parse_timestamp(raw_date)
        if published_at is None:
            raise IngestError(f"published_at không phải ngày giờ hợp lệ: {raw_date!r}")

    captions = data.get("captions") or []
    if isinstance(captions, str):
        captions = captions.splitlines()
    if isinstance(captions, list):
        captions = [text.clean(c) if isinstance(c, str) else c for c in captions]
    if not isinstance(captions, list) or not all(isinstance(c, str) for c in captions):
        raise IngestError("trường “captions” phải là danh sách chuỗi")

    title = " ".join(fields["title"].split())
    derived = not title
    if derived:
        title = _derive_title(lead, [p for p in body if p])
    return ParsedArticle(
        title=title,
        title_derived=derived,
        lead=lead,
        body="\n\n".join(p for p in body if p),
        captions=tuple(c for c in (" ".join(c.split()) for c in captions) if c),
        section=" ".join(fields["section"].split()),
        source_name=name,
        source_code=code,
        byline=" ".join(fields["byline"].split()),
        published_at=published_at,
        url=fields["url"].strip(),
        position=lineno,
    )


# Reading -------------------------------------------------------------------


def _oversize(limit: int) -> IngestError:
    return IngestError(f"bản ghi lớn hơn giới hạn {limit} byte, bỏ qua")


def _bounded_lines(fh: io.BufferedIOBase, limit: int) -> Iterator[bytes | None]:
    """Yield a file's lines; None for one longer than limit, never read whole."""
    # Room for the limit and a CRLF: a line that fills it is longer than allowed.
    while line := fh.readline(limit + 2):
        if len(line.rstrip(b"\r\n")) <= limit:
            yield line
            continue
        # Skip the rest of the record in bounded chunks.
        while not line.endswith(b"\n") and (line := fh.readline(1 << 20)):
            pass
        yield None


def _bounded_text_lines(fh: io.TextIOBase, limit: int) -> Iterator[str | None]:
    while line := fh.readline(limit + 2):
        if len(line.rstrip("\r\n")) <= limit:
            yield line
            continue
        while not line.endswith("\n") and (line := fh.readline(1 << 19)):
            pass
        yield None


def _jsonl_lines(path: Path, limit: int) -> Iterator[tuple[int, str | IngestError]]:
    """Yield (line number, text) per record, or an IngestError saying why not."""
    with path.open("rb") as fh:
        head = fh.read(4)
        fh.seek(0)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # Rare, but a UTF-16 export cannot be split on newline bytes. Two
            # bytes a character: the limit in characters is half the bytes.
            lineno = 0
            try:
                wrapper = io.TextIOWrapper(fh, "utf-16")
                for lineno, line in enumerate(
                    _bounded_text_lines(wrapper, limit // 2), 1
                ):
                    yield lineno, _oversize(limit) if line is None else line
            except UnicodeDecodeError:
                yield lineno + 1, IngestError("văn bản UTF-16 hỏng")
            return
        for lineno, raw in enumerate(_bounded_lines(fh, limit), 1):
            if raw is None:
                yield lineno, _oversize(limit)
                continue
            if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            for codec in ("utf-8", "cp1258"):  # as for pages, without the BOMs
                try:
                    yield lineno, raw.decode(codec)
                    break
                except UnicodeDecodeError:
                    continue
            else:
                yield lineno, IngestError("không nhận ra bảng mã của dòng")


def read_jsonl(path: Path, limit: int) -> Iterator[ParsedArticle | FileProblem]:
    """Yield the articles of a JSON Lines file, and a problem per bad record."""
    try:
        for lineno, line in _jsonl_lines(path, limit):
            if isinstance(line, IngestError):
                yield FileProblem(path, str(line), lineno)
                continue
            line = text.clean(line)
            if not line.strip():
                continue  # blank lines separate nothing in JSON Lines; skip them
            try:
                yield parse_jsonl_line(line, lineno)
            except IngestError as exc:
                yield FileProblem(path, str(exc), lineno)
    except OSError as exc:
        yield FileProblem(path, f"không đọc được tệp: {exc.strerror or exc}")

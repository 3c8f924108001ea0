"""Progress of long work: a bar on a terminal, a few plain lines elsewhere.

Services and rebuilds take an optional `progress`: a callable given the count
done so far in the current phase. A `Progress` is such a callable and also
knows phases (`phase(name, total)`); plain callables (tests) get the counts
only, so layers call `start_phase(progress, ...)` rather than the method.
Commands create one with `Progress.for_command` and end with a summary.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from functools import wraps
from typing import TextIO

from django.conf import settings
from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

PHASES = {
    "reading": gettext_lazy("đọc"),
    "extracting": gettext_lazy("trích xuất"),
    "indexing": gettext_lazy("lập chỉ mục"),
    "committing": gettext_lazy("ghi chỉ mục"),
    "swapping": gettext_lazy("hoán đổi"),
    "generating": gettext_lazy("tạo kho thử"),
    "measuring": gettext_lazy("đo truy vấn"),
}
UNITS = {
    "articles": gettext_lazy("bài"),
    "files": gettext_lazy("tệp"),
    "queries": gettext_lazy("truy vấn"),
}
LINE_STEP = 10  # percent between two lines on a non-terminal


def start_phase(progress, name: str, total: int | None = None, unit: str = "articles"):
    """Tell progress a new phase began, if it understands phases."""
    phase = getattr(progress, "phase", None)
    if phase is not None:
        phase(name, total, unit)


def clock(seconds: float) -> str:
    """Return seconds as m:ss (or h:mm:ss), the same in every language."""
    seconds = int(round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def duration(seconds: float) -> str:
    """Return an elapsed time for a summary, in the active language."""
    if seconds < 60:
        return _("%(n)s giây") % {"n": formats.number_format(round(seconds, 1), 1)}
    return clock(seconds)


def user_language() -> str:
    """Return the interface language the environment's locale asks for.

    gettext's order (LANGUAGE, LC_ALL, LC_MESSAGES, LANG); a locale naming no
    language of the interface (C.UTF-8, POSIX) keeps LANGUAGE_CODE.
    """
    known = {code for code, _name in settings.LANGUAGES}
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var, "")
        if value:
            code = value.split(":")[0].split(".")[0].split("_")[0].lower()
            return code if code in known else settings.LANGUAGE_CODE
    return settings.LANGUAGE_CODE


def in_user_language(handle: Callable) -> Callable:
    """Run a command's handle in the language of the user's locale."""

    @wraps(handle)
    def wrapper(*args, **kwargs):
        with translation.override(user_language()):
            return handle(*args, **kwargs)

    return wrapper


def add_progress_argument(parser) -> None:
    parser.add_argument(
        "--no-progress",
        action="store_true",
        help="show no progress bar or progress lines",
    )


class Progress:
    """Count work done per phase, shown as a tqdm bar or as sparse lines."""

    def __init__(self, stream: TextIO | None = None, mode: str = "lines") -> None:
        assert mode in ("bar", "lines", "off")
        self.stream = stream if stream is not None else sys.stderr
        self.mode = mode
        self.started = time.monotonic()
        self.name: str | None = None
        self.total: int | None = None
        self.unit = "articles"
        self.done = 0
        self._phase_started = self.started
        self._bar = None
        self._last_step = -1

    @classmethod
    def for_command(cls, command, options: dict) -> Progress:
        """Return the progress a command shows: off, a bar or lines on stderr."""
        stream = getattr(command.stderr, "_out", command.stderr)
        if options.get("no_progress"):
            mode = "off"
        elif options.get("json") or not command.stderr.isatty():
            mode = "lines"
        else:
            mode = "bar"
        return cls(stream, mode)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def phase(
        self, name: str, total: int | None = None, unit: str = "articles"
    ) -> None:
        """Begin a phase of total items (None: no count, e.g. committing)."""
        self._close_bar()
        self.name, self.total, self.unit, self.done = name, total, unit, 0
        self._phase_started = time.monotonic()
        self._last_step = -1
        if self.mode == "bar":
            self._open_bar()
        elif self.mode == "lines":
            self._line()

    def __call__(self, done: int) -> None:
        """Record that done items of the current phase are finished."""
        self.advance(done - self.done)

    def advance(self, n: int = 1) -> None:
        if n <= 0:
            return
        self.done += n
        if self._bar is not None:
            self._bar.update(n)
        elif self.mode == "lines" and self.total:
            step = min(100, self.done * 100 // self.total) // LINE_STEP
            if step > self._last_step:
                self._line()

    def close(self) -> None:
        """End the display; the last bar stays on the screen."""
        self._close_bar()
        self.name = None

    def _label(self) -> str:
        return str(PHASES.get(self.name, self.name or ""))

    def _open_bar(self) -> None:
        from tqdm import tqdm

        fmt = None if self.total else "{desc}… {elapsed}"
        self._bar = tqdm(
            total=self.total,
            desc=self._label(),
            unit=" " + str(UNITS[self.unit]),
            file=self.stream,
            dynamic_ncols=True,
            mininterval=0.1,
            bar_format=fmt,
        )

    def _close_bar(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def _line(self) -> None:
        unit = str(UNITS[self.unit])
        if not self.total:
            self.stream.write(f"[{self._label()}] {clock(self.elapsed)}\n")
            self.stream.flush()
            return
        percent = min(100, self.done * 100 // self.total)
        self._last_step = percent // LINE_STEP
        spent = time.monotonic() - self._phase_started
        rate = self.done / spent if spent > 0 else 0.0
        left = (self.total - self.done) / rate if rate else None
        parts = [
            f"[{self._label()}] {self.done}/{self.total} {unit} ({percent}%)",
            _("%(rate)s %(unit)s/giây")
            % {"rate": formats.number_format(round(rate, 1), 1), "unit": unit},
            _("đã qua %(t)s") % {"t": clock(spent)},
        ]
        if left is not None and self.done < self.total:
            parts.append(_("còn %(t)s") % {"t": clock(left)})
        self.stream.write(" · ".join(parts) + "\n")
        self.stream.flush()


def summary(seconds: float, counts: str, next_step: str = "") -> str:
    """Return a command's closing line: how long, what it counted, what next."""
    line = _("Xong sau %(elapsed)s — %(counts)s.") % {
        "elapsed": duration(seconds),
        "counts": counts,
    }
    return f"{line} {next_step}".rstrip()


def import_summary(report, seconds: float, problems_above: bool = True) -> str:
    """Return the closing line of an import (command or admin upload)."""
    counts = _(
        "tệp đã đọc: %(files)d, bài mới: %(created)d, bài trùng bỏ qua: %(dup)d, "
        "lỗi: %(failed)d"
    ) % {
        "files": report.files,
        "created": report.created,
        "dup": report.duplicates,
        "failed": len(report.failed),
    }
    if not report.failed:
        return summary(seconds, counts)
    files = len({item["path"] for item in report.failed})
    where = _("xem ở trên") if problems_above else _("xem danh sách bên dưới")
    next_step = _(
        "%(files)d tệp lỗi, %(where)s; sửa rồi nhập lại, bài đã có sẽ được bỏ qua."
    ) % {"files": files, "where": where}
    return summary(seconds, counts, next_step)

"""Text safe to send out: no control characters, no formula cells.

XML 1.0 forbids most control characters (Django's feed writer raises on them),
and spreadsheet programs run a CSV cell that starts like a formula.
"""

from __future__ import annotations

import re

# C0 controls except tab, newline and carriage return; DEL and the C1 controls;
# lone surrogates; the Unicode non-characters (U+FDD0–U+FDEF and U+xFFFE/xFFFF).
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(
        f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
    )
    + "]"
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def without_controls(text: str) -> str:
    """Return text without the characters no page, feed or CSV may carry."""
    return _UNSAFE.sub("", text) if text else text


def csv_cell(value: object) -> object:
    """Return a CSV cell a spreadsheet shows as text, never runs (OWASP)."""
    if not isinstance(value, str):
        return value
    value = without_controls(value)
    return "'" + value if value.startswith(_FORMULA_START) else value

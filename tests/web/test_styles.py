"""The stylesheet styles the marks the templates put on results."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
CSS = re.sub(
    r"/\*.*?\*/", "", (ROOT / "static" / "css" / "site.css").read_text(), flags=re.S
)
LISTING = (ROOT / "templates" / "search" / "listing.html").read_text()


def rule_of(selector: str) -> str:
    """Return the declarations of every rule whose selector list names selector."""
    found = [
        body
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", CSS)
        if selector in [s.strip() for s in selectors.split(",")]
    ]
    return " ".join(found)


@pytest.mark.parametrize("badge", ["partial-match", "subject-match"])
def test_match_badges_are_styled_quietly(badge):
    assert f'class="{badge}"' in LISTING  # the results list marks hits with it
    declarations = rule_of(f".{badge}")
    assert "border" in declarations and "color:" in declarations
    # Readable, not shouting: no capitals, no bold, not larger than the text.
    assert "uppercase" not in declarations
    assert not re.search(r"font-weight:\s*(bold|[6-9]00)", declarations)
    size = re.search(r"font-size:\s*([\d.]+)rem", declarations)
    assert size and float(size.group(1)) <= 1

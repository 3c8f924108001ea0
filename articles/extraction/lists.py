"""Names that share a post: group prefixes, `gồm` lists and names joined by `và`.

`Các Ủy viên Bộ Chính trị: A, B`, `Bốn Phó Bí thư Tỉnh ủy … gồm các ông A, B`,
`hai Thứ trưởng A và B`, `hai ông A và B tiếp tục giữ chức …`: the post is
written once and belongs to every name in the list.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .titles import _TERM_ONLY_RE, HEAD_RE, clean_title, cut_title, split_titles

# `Các Ủy viên Bộ Chính trị: A, B`, `hai đồng chí Thứ trưởng Bộ Công an: A và B`.
_GROUP_RE = re.compile(
    r"\b(?:[Cc]ác|[Hh]ai|[Bb]a|[Bb]ốn|[Nn]ăm|[Ss]áu|[Bb]ảy|[Tt]ám|\d{1,2})\s+"
    r"(đồng chí\s*)?([^:.;\n]{0,120}?)\s*:"
)
_MADE_RE = re.compile(
    r"(?:^|\s)(?:làm|là|giữ chức(?: vụ)?|vào chức(?: vụ)?)\s+", re.IGNORECASE
)


def _post_made(phrase: str) -> list[str]:
    """Return the post a group's phrase ends by making them: `… được bầu làm A`."""
    made = [m for m in _MADE_RE.finditer(phrase) if HEAD_RE.match(phrase, m.end())]
    if not made:
        return []
    rest = phrase[made[-1].end() :]
    title, cut = cut_title(rest)
    after = " ".join(rest.split()[len(title.split()) :])
    if not title or (cut and not _TERM_ONLY_RE.fullmatch(after)):
        return []
    return split_titles(title)


# `Bốn Phó Bí thư Tỉnh ủy được chỉ định gồm các ông, bà A, B`, `Danh sách các Ủy
# viên Bộ Chính trị khóa XIV tham gia … gồm:` and a bulleted list under it.
_LIST_RE = re.compile(
    r"(?P<head>[^.;:\n]{0,160}?)\s+(?P<link>gồm(?:\s+có)?|là)\s*(?P<colon>:)?[ \t]*"
    r"(?:(?:các\s+)?(?:ông,?\s*bà|đồng chí|ông|bà)(?P<named>\s*:)?\s+)?"
)
# What a list's post may be followed by: it was elected, named or is the new one.
_PASSIVE_RE = re.compile(
    r"(?:(?:đã|vừa|mới|sẽ)\s+)*(?:được|bị|trúng cử|tái cử|khóa|khoá|nhiệm kỳ)(?!\w)",
    re.IGNORECASE,
)
# An election or appointment right before the post: `bầu bổ sung Ủy viên … gồm`.
_ELECTED_RE = re.compile(
    r"(?:^|\s)(?:bầu(?: bổ sung)?|bổ nhiệm|miễn nhiệm|chỉ định|phê chuẩn)\s+$",
    re.IGNORECASE,
)
_LIST_LEAD_RE = re.compile(
    r"\s*(?:(?:danh sách|gồm|trong đó)\s+)?(?:(?:các|những|\d+|hai|ba|bốn|năm|sáu"
    r"|bảy|tám|chín|mười)\s+)?",
    re.IGNORECASE,
)
_COUNTED_RE = re.compile(
    r"(?:^|\s)(?:các|những|\d{1,2}|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+$",
    re.IGNORECASE,
)
# Names and nothing else: `Đỗ Mười, Lê Khả Phiêu`.
_BARE_NAMES_RE = re.compile(
    r"\s*[A-ZĐÀ-Ỹ][^\W\d_]*(?:\s+[A-ZĐÀ-Ỹ][^\W\d_]*){1,4}"
    r"(?:\s*(?:,|và)\s*[A-ZĐÀ-Ỹ][^\W\d_]*(?:\s+[A-ZĐÀ-Ỹ][^\W\d_]*){1,4})*\s*"
)
_CLAUSE_END_RE = re.compile(
    r"[.!?\n]|;(?!\s*(?:(?:các\s+)?(?:đồng chí|ông|bà)\s+)?[A-ZĐÀ-Ỹ])"
)
# A number right after the link: the size of a body, not the names in it.
_SEATS_RE = re.compile(r"\s*\d{1,3}\s+[^\W\d_]")
_BULLETS_RE = re.compile(r"(?:\n+[ \t]*[-–•+*][^\n]*)+")


def find_groups(masked: str) -> list[tuple[int, int, list[str], bool]]:
    """Return `Các Ủy viên Bộ Chính trị: A, B` lists: span, shared titles, comrades."""
    found = []
    for m in _GROUP_RE.finditer(masked):
        phrase = m.group(2).strip()
        titles: list[str] = []
        for piece in phrase.split(","):
            title, cut = cut_title(piece)
            if not title or cut:
                titles = []
                break
            titles.append(clean_title(title))
        if phrase and not titles:
            # `bốn người được … bầu bổ sung làm Ủy viên UBND tỉnh nhiệm kỳ 2011 -
            # 2016: ông A, …; ông B, …`: the post the counted people are made.
            titles = _post_made(phrase)
        if phrase and not titles:
            continue
        if not phrase and not m.group(1):
            continue
        end = re.compile(r"[.!?\n]").search(masked, m.end())
        end_at = end.start() if end else len(masked)
        # `nguyên Tổng Bí thư: A, B; Đại tướng C, nguyên …`: an item of bare names
        # holds the group; the items after it carry chains of their own.
        first = masked.find(";", m.end(), end_at)
        if first >= 0 and _BARE_NAMES_RE.fullmatch(masked, m.end(), first):
            end_at = first
        found.append((m.end(), end_at, titles, bool(m.group(1))))
    for m in _LIST_RE.finditer(masked):
        head = m.group("head")
        if _SEATS_RE.match(masked, m.end()):
            continue  # `Ban Thường vụ gồm 13 ủy viên`: a count of seats, not names
        # Only a title that heads the list (`Bốn Phó Bí thư …`, `Danh sách các …`),
        # not one belonging to a speaker earlier in the sentence; after `là` the
        # title must be counted (`bầu bổ sung 2 ủy viên Ban Bí thư là …`). A
        # title counted or elected later in the sentence heads it too (`Nghị quyết
        # miễn nhiệm ba Phó Chủ tịch Quốc hội gồm …`) when it runs up to the link.
        heads = list(HEAD_RE.finditer(head))
        if not heads:
            continue
        title_at = heads[0]
        lead = head[: title_at.start()]
        whole = False
        opening = m.group("link") != "là" and _LIST_LEAD_RE.fullmatch(lead)
        if opening:
            # `Bốn Phó Bí thư …`, `Phó Bí thư Tỉnh ủy được chỉ định gồm …` name the
            # list; in `Thủ tướng đồng ý kết quả bầu … gồm` the post is the one who
            # agrees.
            title, cut = cut_title(head[title_at.start() :])
            words = head[title_at.start() :].split()
            rest = " ".join(words[len(title.split()) :])
            opening = not cut or bool(lead.strip() or _PASSIVE_RE.match(rest))
        if not opening:
            later = [
                h
                for h in heads
                if _COUNTED_RE.search(head[: h.start()])
                or (m.group("link") != "là" and _ELECTED_RE.search(head[: h.start()]))
            ]
            if not later:
                continue
            title_at, whole = later[-1], True
        title, cut = cut_title(head[title_at.start() :])
        title = title.rstrip(" ,")
        if not title or len(title.split()) < 2:
            continue
        named = bool(m.group("colon") or m.group("named"))
        if whole and (
            cut
            or "," in title
            or (len(title.split()) < 3 and not named)
            or " ".join(head[title_at.start() :].split()).rstrip(" ,") != title
        ):
            continue  # `là` right after a post naming its body, or no list
        end = m.end()
        if m.group("colon") and (bullets := _BULLETS_RE.match(masked, end)):
            end = bullets.end()
        else:
            # `… là ông A, ông B và ông C; ngoài ra còn ông D …`: a list `là`
            # opens without a colon ends with its clause, unless the next item
            # opens after the semicolon (`là đồng chí A, …; đồng chí B, …`).
            ends = _CLAUSE_END_RE if m.group("link") == "là" and not named else None
            stop = (ends or re.compile(r"[.!?\n]")).search(masked, end)
            end = stop.start() if stop else len(masked)
        found.append((m.end(), end, split_titles(title), False))
    return found


# Names joined into one list: `hai ông A và B tiếp tục giữ chức …`.
_LIST_GAP_RE = re.compile(
    r"\s*(?:,|và|cùng)\s*(?:(?:đồng chí|ông|bà)\s+)?", re.IGNORECASE
)
# A plural before a title shared by the names after it: `hai Thứ trưởng A và B`.
_PLURAL_RE = re.compile(
    r"(?:^|\s)(?:các|những|hai|ba|bốn|năm|sáu|\d{1,2})\s+$", re.IGNORECASE
)


def share_across_lists(
    masked: str, accepted: Sequence[Any], later: dict[int, list[str]]
) -> None:
    """Give every name in a list the post stated after it, or shared before it."""
    for i in range(len(accepted) - 2, -1, -1):
        first, second = accepted[i], accepted[i + 1]
        if not _LIST_GAP_RE.fullmatch(masked[first.full_end : second.start]):
            continue
        if second.before:
            continue  # `A và Phó Tổng tham mưu trưởng B`: B has a post of its own
        if later[id(second)] and not later[id(first)]:
            later[id(first)] = list(later[id(second)])
            first.titles = first.titles + later[id(second)]
    for first, second in zip(accepted, accepted[1:], strict=False):
        if not first.before or second.before:
            continue
        if not _LIST_GAP_RE.fullmatch(masked[first.end : second.start]):
            continue
        if _PLURAL_RE.search(masked[max(0, first.full_start - 12) : first.full_start]):
            second.before = list(first.before)
            second.titles = first.before + second.titles


_ITEM_START_RE = re.compile(r"[:;]\s*$")
_ITEM_GAP_RE = re.compile(r"\s*,\s*")


def share_item_chains(masked: str, accepted: Sequence[Any]) -> None:
    """Give names listed bare in one list item the chain written after the last.

    `…: ông A, ông B, Tỉnh ủy viên, Phó chủ tịch UBND tỉnh; ông C, …`: an item
    of a colon list, closed by `;` or the sentence's end, holds names that share
    one chain. Inside a sentence (`có ông A, ông B, Chủ tịch …`) nothing is shared.
    """
    i = 0
    while i < len(accepted):
        run = [accepted[i]]
        while (
            i + len(run) < len(accepted)
            and not run[-1].titles
            and _ITEM_GAP_RE.fullmatch(
                masked[run[-1].full_end : accepted[i + len(run)].full_start]
            )
        ):
            run.append(accepted[i + len(run)])
        i += len(run)
        last = run[-1]
        if len(run) < 2 or not last.titles or last.before:
            continue
        opening = masked[max(0, run[0].full_start - 40) : run[0].full_start]
        if not _ITEM_START_RE.search(opening):
            continue
        if i < len(accepted) and not re.search(
            r"[;.\n]", masked[last.full_end : accepted[i].full_start]
        ):
            continue  # the item runs on into the next name
        for mention in run[:-1]:
            mention.titles = list(last.titles)

"""Posts a sentence gives a name after its chain: `… được bầu giữ chức …`.

`ông A, Vụ trưởng …; ông nay giữ chức Thứ trưởng …`, `được bổ nhiệm làm …`,
`từng giữ các chức A; B, C`: the posts run up to the next name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from .titles import (
    _COMMA_TAIL_RE,
    _HEAD_BODY,
    _TAIL_ONLY_RE,
    _UPPER,
    HEAD_RE,
    cut_title,
    split_titles,
)

# A post given later in the sentence: `ông A, Vụ trưởng …; ông nay giữ chức Thứ
# trưởng …`, `được bổ nhiệm làm …`, `từng giữ chức …`.
_LATER_RE = re.compile(
    r"(?<!\w)(?:(?:nay|từng|được|sẽ|lần lượt)\s+)*(?:giữ (?:tiếp )?chức(?: vụ)?"
    r"|giữ (?:tiếp )?cương vị|lên (?:cương vị|chức(?: vụ)?)"
    r"|ở cương vị|bổ nhiệm(?: có thời hạn| lại)?(?: giữ chức| làm)?"
    r"|bầu (?:giữ chức|làm|là)|chỉ định (?:giữ chức|làm)"
    r"|(?:trúng cử|tái đắc cử|đắc cử)(?: chức(?: danh| vụ)?)?"
    # `nhận cương vị …`, `thôi chức …`, `bầu … vào chức vụ …`.
    r"|nhận (?:cương vị|chức(?: vụ| danh)?)"
    r"|thôi (?:làm )?(?:các )?(?:chức(?: vụ)?|nhiệm vụ)|thôi làm"
    r"|vào chức(?: vụ| danh)?"
    # `được phân công làm …`, `…, Phó chủ nhiệm …, làm Giám đốc …`.
    r"|(?:phân công|giới thiệu|cử|giao)(?: giữ chức| làm)|(?<=,\s)làm"
    r"|tái cử|với tư cách(?: là)?|với cương vị|(?:chuyển )?sang làm"
    r"|đề bạt(?: lên)?(?: làm| giữ chức)?|nhận nhiệm vụ(?: mới)?(?: là)?"
    r"|trở thành|(?<=\bông\s)làm|(?<=\bbà\s)làm|(?<!\w)về làm"
    r"|đảm nhiệm(?: chức vụ| cương vị)?|kiêm nhiệm"
    # `…, hiện đang là Phó Chủ tịch UBND tỉnh`: the post held now.
    r"|(?:hiện nay|hiện đang|hiện|nay|đang|đồng thời) (?:là|làm)"
    r"|điều động(?: sang| về)? (?:giữ chức|làm)|từng là|từng làm|từng giữ"
    r"|(?:chuyển sang\s+)?đảm nhận(?: chức(?: vụ)?| cương vị)?"
    # A career list: `lần lượt giữ các chức A, B; C`, `từng nắm giữ nhiều vị trí
    # then chốt: A, B, C`, `trải qua các chức vụ: A; B`.
    r"|(?:nắm giữ|giữ|trải qua|kinh qua|qua|đảm nhiệm)\s+(?:các|nhiều)"
    r"(?:\s+\S+){0,4}?\s+(?:chức(?: vụ| danh)?|vị trí|cương vị)(?:[^:.;\n]{0,30}:)?)"
    r"\s+(?=" + HEAD_RE.pattern[len("(?<!\\w)") :] + ")",
    re.IGNORECASE,
)
# The next post of a career list: `…; Phó Bí thư …`, `…, Bí thư Tỉnh ủy …`.
_NEXT_POST_RE = re.compile(
    r"\s*[,;]\s*(?:(?:rồi|sau đó|và)\s+)?(?="
    + HEAD_RE.pattern[len("(?<!\\w)") :]
    + ")",
    re.IGNORECASE,
)


_OTHERS_RE = re.compile(
    r"\b(?:các|những)\s+(?:đồng chí|ông|bà|cán bộ|người|vị)\b",
    re.IGNORECASE,
)


def titles_later(
    masked: str, start: int, limit: int, pronoun: bool = False, agent: bool = False
) -> list[str]:
    """Return the posts stated later in the sentence, before the next name.

    A post the sentence gives `ông`, `bà` (`…; ông nay giữ chức …`) is left out:
    the pronoun speaks of the sentence's subject, not of the nearest name. With
    pronoun, only those posts are returned. With agent (`A được B bổ nhiệm làm
    …`), the name appoints someone else and takes no post it appoints to.
    """
    end = re.search(r"[.!?\n]", masked[start:limit])
    stop = start + end.start() if end else limit
    # `A với các đồng chí được … bổ nhiệm Đại sứ`, `A tặng hoa những đồng chí thôi
    # giữ chức …`: the posts are the others'.
    others = _OTHERS_RE.search(masked, start, stop)
    if others:
        stop = others.start()
    found: list[str] = []
    # `…, Giám đốc Sở Xây dựng làm Phó Chủ tịch UBND tỉnh`: the post the chain
    # leads to.
    direct = _MADE_RE.match(masked, start, stop)
    triggers = [direct] if direct else []
    triggers += list(_LATER_RE.finditer(masked, start, stop))
    for m in triggers:
        if _DECISION_RE.search(masked, max(0, m.start() - 24), m.start()):
            continue  # `trao quyết định bổ nhiệm Đại sứ`: the appointee's post
        if agent and _APPOINTS_RE.search(m.group()):
            continue
        if bool(_PRONOUN_RE.search(masked, max(0, m.start() - 30), m.start())) != (
            pronoun
        ):
            continue
        pos = m.end()
        if m.group().rstrip().endswith(":") and ";" in masked[pos:stop]:
            found.extend(_career_items(masked[pos:stop]))
            continue
        while True:
            piece = re.split(r"[,;:]", masked[pos:stop], maxsplit=1)[0]
            phrase, _ = cut_title(piece)
            if not phrase:
                break
            pos += len(piece)
            # `Bí thư Đảng ủy Mặt trận Tổ quốc, các đoàn thể Trung ương`, `Phó Tư
            # lệnh Quân khu 9, Bộ Quốc phòng`.
            # A bracket after the body is a note on it: `…, Bộ Quốc phòng (Quyết
            # định …)`.
            tail = re.match(r",[ \t]*([^,;:(]*)", masked[pos:stop])
            part = tail.group(1).strip() if tail else ""
            body = _COMMA_TAIL_RE.fullmatch(part) if part else None
            body = None if HEAD_RE.match(part) else body
            if tail and (_TAIL_ONLY_RE.fullmatch(part) or body):
                phrase = f"{phrase}, {part}"
                pos += tail.end()
            elif _RESPECTIVE_RE.match(masked, pos, stop):
                break  # `… Bí thư Tỉnh ủy Vĩnh Phúc, Tuyên Quang, Bình Dương`: each
                # name of a list takes its own place, which no rule can pair up
            found.extend(split_titles(phrase))
            # `từng làm Giám đốc Sở A, rồi Phó Chủ tịch UBND tỉnh`, `giữ các chức
            # A; B, C`: one career, post after post.
            more = _NEXT_POST_RE.match(masked, pos, stop)
            if not more:
                break
            rest = masked[more.end() : stop]
            into_name = not pronoun and stop == limit < len(masked)
            if into_name and not re.search(r"[,;:]", rest):
                break  # `…, Đại tá B giữ chức …`: the post runs into the next name
            pos = more.end()
    return found


def _career_items(listed: str) -> list[str]:
    """Return the posts of a career list whose items a semicolon parts.

    `đã qua nhiều cương vị: Trưởng phòng Nghiên cứu, biên soạn Lịch sử Đảng, Ban
    Tuyên giáo Tỉnh ủy; Vụ trưởng, Trưởng Cơ quan …`: within an item a comma
    parts two posts only where a post opens after it; the rest is the body.
    """
    found: list[str] = []
    for item in listed.split(";"):
        # `…, Ban Tư tưởng – Văn hóa Trung ương (nay là Ban Tuyên giáo …)`: a
        # note on the body closing the item.
        item = re.sub(r"\s*\([^()]*\)\s*$", "", item)
        posts: list[str] = []
        for part in item.split(","):
            if HEAD_RE.match(part.strip()) or not posts:
                posts.append(part.strip())
            else:
                posts[-1] = f"{posts[-1]}, {part.strip()}"
        for post in posts:
            phrase, _ = cut_title(post, closed=True)
            if not phrase:
                return found
            found.extend(split_titles(phrase))
            if phrase != " ".join(post.split()):
                return found  # the sentence went on after the post
    return found


# Bare places listed after a post: `…, Tuyên Quang, Bình Dương`, `… và Bình Dương`.
_RESPECTIVE_RE = re.compile(
    rf",[ \t]*[{_UPPER}][^\s,;.:]*(?:[ \t]+[{_UPPER}][^\s,;.:]*){{0,2}}"
    r"[ \t]*(?:,|và\s)"
)
_PRONOUN_RE = re.compile(
    r"(?<!\w)(?:ông|bà)\s+(?:(?:nay|hiện|đã|được|từng|sẽ|cũng|lại|đang)\s+)*$"
)
_MADE_RE = re.compile(r"[ \t]+làm[ \t]+(?=" + _HEAD_BODY + ")", re.IGNORECASE)
# `trao quyết định bổ nhiệm …`: handing a decision over names the appointee's
# post; `nhận quyết định bổ nhiệm làm …` is the receiver's own.
_DECISION_RE = re.compile(
    r"(?:trao|đọc|công bố|ký|ban hành)\s+(?:các\s+)?quyết định\s+$", re.IGNORECASE
)


_SENTENCE_END_RE = re.compile(r"[.!?\n]")
_APPOINTS_RE = re.compile(
    r"bổ nhiệm|bầu|chỉ định|phân công|giới thiệu|cử|giao|điều động|đề bạt",
    re.IGNORECASE,
)
# `A được Thủ tướng B bổ nhiệm …`: B is the one who appoints.
AGENT_BEFORE_RE = re.compile(r"(?<!\w)được\s+$", re.IGNORECASE)


def pronoun_posts(masked: str, accepted: Sequence[Any]) -> None:
    """Give `…; ông nay giữ chức …` to the one name its sentence holds.

    With two names in the sentence (`A nhận từ B quyết định …, theo đó ông giữ
    chức …`) the text does not say whose post it is, and nobody gets it.
    """
    for mention in accepted:
        begin = max(
            (m.end() for m in _SENTENCE_END_RE.finditer(masked, 0, mention.start)),
            default=0,
        )
        end = _SENTENCE_END_RE.search(masked, mention.full_end)
        stop = end.start() if end else len(masked)
        if any(
            other is not mention and begin <= other.start < stop for other in accepted
        ):
            continue
        mention.titles = mention.titles + titles_later(
            masked, mention.full_end, stop, pronoun=True
        )

"""Title chains around a name: `Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng, …`."""

from __future__ import annotations

import itertools
import re

from .. import abbreviations, text

_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
# The head word a title phrase starts with. Org words follow it freely.
HEAD_RE = re.compile(
    # `Phí Bí thư`: a common misspelling of `Phó`, as `Bí thứ` is of `Bí thư`.
    r"(?<!\w)(?:(?:nguyên|cố|cựu|tân|quyền)\s+)?(?:Phó\s+|Phí\s+(?=Bí thư))?"
    r"(?:Tổng\s+|Thường trực\s+)?"
    r"(?:Ủy viên|Bí thư|Trưởng|Chủ tịch|Chủ nhiệm|Thủ tướng|Bộ trưởng|Thứ trưởng|"
    r"Thư ký|Chánh|Viện trưởng|Kiểm toán|Giám đốc|Biên tập|Tư lệnh|Chính ủy|"
    r"Tham mưu trưởng|Cục trưởng|Vụ trưởng|Đại sứ|Lãnh sự|Hiệu trưởng|"
    r"Đại biểu (?:Quốc hội|HĐND)|Người phát ngôn|Phát ngôn viên|Thành viên|Trợ lý|"
    r"Chỉ huy trưởng|Thanh tra|Ban Bí thư|Tổng cục trưởng|Chủ nhiệm|Thống lĩnh|"
    r"Chuyên viên|Kế toán trưởng|"
    # `Phó Ban Tuyên giáo`: a deputy head of a Party board, `Trưởng` left out.
    r"Phó\s+Ban(?=\s+(?-i:[A-ZĐ]))|"
    # `5 Phó ban chuyên trách`, `phó ban kiêm nhiệm`: a board's full-time or
    # part-time deputy head.
    r"Phó\s+ban(?=\s+(?:chuyên trách|kiêm nhiệm|thường trực)(?!\w))|"
    # `Thường vụ huyện ủy`: a member of the standing board, `Ủy viên` left out.
    r"(?<!ban\s)Thường vụ(?=\s+(?:huyện|tỉnh|thành|quận|thị|đảng)\s+[uủ])|"
    # Members of a local Party committee, and the usual abbreviations of posts.
    # (`\u0294` stands for letters a mirror lost, `Thành ???y viên`: see `mask`).
    r"(?:Tỉnh|Thành|Huyện|Quận|Thị|Đảng)\s+(?:ủy|\u0294+y)\s+viên|UVTW|UVBCT|UVTƯ|UVBTV|UVTV|TBT|PCT|PBT|"
    # `UV BTV huyện ủy`, `TUV` (Tỉnh ủy viên), `HUV`; `Bí thứ`, a common misspelling.
    r"UV\s+BTV|UV\s+TV|TUV|HUV|Bí thứ|"
    # `Bí thu Đảng ủy xã`: the accent of `thư` lost before a committee.
    r"Bí thu(?=\s+(?:Đảng|Chi|Tỉnh|Huyện|Thành|Quận|Đoàn)\b)|"
    r"(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy)|(?:Chuẩn\s+|Phó\s+)?Đô\s+đốc)"
    # `Ủy viênThường vụ`: a lost space glues the next capital word on.
    rf"(?:(?!\w)|(?-i:(?=[{_UPPER}][a-zà-ỹđ])))",
    re.IGNORECASE,
)
# Lower-case words that end a title: the sentence's verb or a function word.
_STOP_TEXT = """
    đã đang sẽ cũng vừa mới có là được bị tại trong với cho để này đó khi nhưng mà
    thì rất đều dự trao tặng nêu nói thăm gửi chúc về đến tới từ sau trước theo
    nhận tiếp cùng ngày năm vào lúc hôm đi ra lên nhằm qua bởi do vì nếu của
    đồng_chí ông bà phát_biểu chủ_trì báo_cáo kết_luận cho_biết nhấn_mạnh
    khẳng_định yêu_cầu đề_nghị ghi_nhận chúc_mừng lưu_ý chỉ_đạo trình_bày
    làm_việc điều_hành cho_rằng bày_tỏ đánh_giá giới_thiệu quán_triệt trả_lời
    chứng_kiến thay_mặt tham_dự trao_đổi tiếp_thu tham_gia chia_sẻ khai_mạc
    bế_mạc phân_tích thông_tin đọc công_bố ký rời giữ làm dẫn_đầu trao_quyết
    lãnh_đạo đọc_quyết nhiệm_kỳ các_nhiệm đối_với ủy_quyền
    bàn_giao xem_xét thi_hành
    gồm thôi phê_chuẩn bổ_nhiệm miễn_nhiệm cách_chức đồng_ý quyết_định đồng_chủ
    đón chào_đón vui_mừng hoan_nghênh cảm_ơn khóa_mới khoá_mới đồng_thời
    thị_sát phải động_viên thay quanh chuyển_sang
    dẫn điểm_qua điểm_lại đưa_ra nhắc_tới nhắc_đến nhắc_lại chính_thức
    giao_cho giao_các giao_nhiệm nay_là
"""
# `… Chủ tịch UBND tỉnh sáng 21-1 đến …`, `… chiều nay`: a time of day before a
# day or `nay` starts the sentence's time, not the rest of the post.
_DAYPARTS = frozenset({"sáng", "chiều", "trưa", "tối", "đêm"})
_DAYPART_NEXT_RE = re.compile(r"\d|(?:nay|qua|mai|hôm)\b")
_STOP_WORDS = frozenset(_STOP_TEXT.split())
_NOT_STOPS = frozenset({"dự_khuyết"})
# Stop words that are the second syllable of a word a post may hold: `Chủ tịch
# danh dự` (honorary), `Tổ hướng dẫn`, `Ủy viên chính thức` (a full member).
_NOT_STOPS_AFTER = frozenset({"danh_dự", "hướng_dẫn", "viên_chính"})
_MAX_WORDS = 16
# An abbreviation in capitals with the next, lower-case word glued on.
_GLUED_STOP_RE = re.compile(r"(\S*[A-ZĐ]{2})([a-zà-ỹđ]{2,})")
# `(VAFI)`, `(CAND)`: an acronym in brackets spells the title's body out.
_ACRONYM_RE = re.compile(r"\([A-ZĐ][A-ZĐ&\-]{1,9}\)[,;.]?")
# A word in capitals with a vowel mark (`HÂN`, `TRẦN`): part of a byline name,
# which acronyms (`UBND`, `HĐND`, `CAND`) never are.
_CAPS_NAME_RE = re.compile(
    r"[A-ZĐ]*[ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ][A-ZĐÀ-Ỹ]*"
)
MASK = "\u2024"  # stands in for the dot of `T.Ư`, `TP.` so it is not a full stop
_TW_RE = abbreviations.written_forms("Trung ương", dots="." + MASK)
_SENTENCE_END = re.compile(r"[.!?;:\n“”\"(…]")
# `quyết định của Chủ tịch nước là đồng chí A`: the post is someone else's.
_OWNED_RE = re.compile(r"\b(?:của|theo|với|cho|thay mặt)\s+[^,;]{0,60}$", re.IGNORECASE)
_HONOURED_RE = re.compile(r"(?:^|\s)(?:ông|bà|đồng chí)\s+$", re.IGNORECASE)
_INTRODUCERS = re.compile(
    r"(?:^|\s)(?:có|gồm|là|dự|tham dự|cùng|với|và|đồng chí|các đồng chí|do|bởi"
    r"|sự (?:chủ trì|chỉ đạo|tham dự|chứng kiến|dự) của)\s+$",
    re.IGNORECASE,
)
_THEO_RE = re.compile(r"\s*theo\s+", re.IGNORECASE)
# `Dưới sự chủ trì của Ủy viên …, Chủ tịch Quốc hội A`: `của` leads to the name.
_LEADS_TO_RE = re.compile(
    r"sự (?:chủ trì|chỉ đạo|tham dự|chứng kiến|dự) của\s+$", re.IGNORECASE
)


# Organs named for their field: `Ủy ban Nhà nước về …`, `Ban Chỉ đạo … về …`.
_ORGAN_ABOUT_RE = re.compile(
    r"(?:Ủy ban|Uỷ ban|Ban Chỉ đạo|Ban chỉ đạo|Hội đồng|Tiểu ban)(?:\s+\S+){0,3}$"
)
# Posts held abroad, named with the place they are held in (`… tại Vancouver`).
_POSTED_RE = re.compile(
    r"(?:(?:nguyên|cố|cựu|tân|quyền)\s+)?(?:Phó\s+)?(?:Tổng\s+)?(?:Đại sứ|Lãnh sự"
    r"|Tham tán|Tùy viên|Đại diện thường trực|Trưởng Cơ quan đại diện)\b",
    re.IGNORECASE,
)


# Offices an organ keeps in another city: `Văn phòng đại diện báo A tại Đà Nẵng`.
_OFFICE_RE = re.compile(
    r"(?:Văn phòng đại diện|Văn phòng thường trú|Cơ quan thường trú)\b", re.IGNORECASE
)


# Betting spam that copying sites splice into the posts of the pages they mirror
# (`Bí thư Tỉnh ủy soi kèo nhà cái 88`, `nguyên Chủ tịch tỷ lệ bóng đá kèo nhà cái`).
_SPAM_RE = re.compile(
    r"[ \t]+(?:soi kèo|tỷ lệ bóng đá|tỷ lệ kèo|kèo nhà cái|nhà cái)"
    r"(?:[ \t]+(?:kèo|nhà cái|bóng đá|\d{1,3})(?!\w))*"
)


# Letters a mirror lost to a wrong encoding (`Thành ???y`, `D??ơng`): a run of
# question marks going on into a word stands for letters of that word, so the
# word still reads as one (a letter with no case, written back as `?`).
LOST = "\u0294"
_LOST_RE = re.compile(r"(?<!\?)\?{2,}(?=[a-zà-ỹđ])")


def unmask(value: str) -> str:
    """Return a phrase or a name read from masked text as the page wrote it."""
    return value.replace(MASK, ".").replace(LOST, "?")


def mask(norm: str) -> str:
    """Return norm with abbreviation dots and mirror spam hidden, keeping offsets."""
    norm = _SPAM_RE.sub(lambda m: " " * len(m.group()), norm)
    norm = _LOST_RE.sub(lambda m: LOST * len(m.group()), norm)
    out = re.sub(r"(?<=\bT)[.,](?=Ư)", MASK, norm)
    out = re.sub(r"(?<=\b[A-ZĐ])\.(?=[A-ZĐ]\w*\b)", MASK, out)
    # `Cơ quan Thường trực T.26`: a capital and a number make one code.
    out = re.sub(r"(?<=\b[A-ZĐ])\.(?=\d)", MASK, out)
    # Degrees too (`PGS.TS. A`): their dots do not end a group list.
    return re.sub(
        r"\b(TP|Tp|PGS|GS|TSKH|TS|ThS|Th|BS|KS|NCS)\.(?=\s|\w)", rf"\1{MASK}", out
    )


def clean_title(raw: str) -> str:
    """Return a title phrase tidied: one space, `T.Ư` spelled out, no end marks."""
    title = " ".join(raw.split()).strip(" ,;-–")
    title = _TW_RE.sub("Trung ương", title)
    return unmask(title)


# Bodies an organ belongs to, written after `của`.
_PARENT_RE = re.compile(
    r"(?:Đảng|Quốc hội|QH|Chính phủ|Thủ tướng|Nhà nước|[Qq]uân đội)(?!\w)"
    r"(?![ \t]+(?:ta|mình)\b)"
)
# What opens the next person's mention after `và`: a degree or an honorific.
_NEXT_PERSON_RE = re.compile(
    rf"(?:PGS|GS|TSKH|TS|ThS|NCS|BS)(?:[{MASK}.,]|\s|$)"
    # An honorific closing the piece: the next name starts right after it.
    rf"|(?i:ông|bà|đồng chí)(?:\s+[{_UPPER}]|\s*$)"
)


def cut_title(piece: str, closed: bool = False) -> tuple[str, bool]:
    """Return the title phrase that piece starts with, and whether the piece goes on.

    closed: the piece ends at punctuation, not where the next name begins.
    """
    stripped = piece.lstrip()
    if not HEAD_RE.match(stripped):
        return "", False
    words = stripped.split()
    kept: list[str] = []
    cut = False
    skip = 0
    for i, word in enumerate(words):
        bare = word.strip(",;.")
        if _ACRONYM_RE.fullmatch(word) and kept:
            kept.append(word)
            if word[-1] in ",;." or (i + 1 < len(words) and words[i + 1].islower()):
                cut = True  # the acronym closed the organ's name
                break
            continue
        if (
            bare == "về"
            and kept
            and _ORGAN_ABOUT_RE.search(" ".join(kept))
            and words[i + 1 :]
            and not any(
                w.strip(",;.").islower() and w.strip(",;.").lower() in _STOP_WORDS
                for w in words[i + 1 :]
            )
        ):
            # `Ủy ban Nhà nước về người Việt Nam ở nước ngoài`: an organ named
            # for its field, up to the end of the piece.
            kept.extend(words[i:])
            break
        glued = _GLUED_STOP_RE.fullmatch(bare)
        if glued and kept and glued.group(2) in _STOP_WORDS:
            kept.append(glued.group(1))  # `… tại TP.HCMđến chào`: a lost space
            cut = True
            break
        if bare in {"Ảnh", "ảnh", "ẢNH"} and kept:
            cut = True  # a photo credit follows (`… Trung ương - Ảnh: TTXVN`)
            break
        if i and words[i - 1].endswith(MASK) and bare.lower() in _STOP_WORDS:
            cut = True  # `HĐND TP. Trong bài …`: the dot ended the sentence
            break
        if _caps_name_at(words, i) and kept:
            cut = True
            break
        if skip:
            skip -= 1
            kept.append(word)
            continue
        if kept and (term := _TERM_IN_BRACKETS_RE.match(" ".join(words[i:]))):
            # `Phó Chủ tịch Quốc hội (khóa XIV)`: the term belongs to the post.
            kept.append(word)
            skip = len(term.group().split()) - 1
            continue
        if kept and "(" in word[1:] and not _ACRONYM_RE.search(word):
            # `Tổng tham mưu trưởng(sinh năm 1954)`: a lost space before a note.
            kept.append(word[: word.index("(")])
            cut = True
            break
        if word.startswith(("(", "“", '"')) or len(kept) >= _MAX_WORDS:
            cut = True
            break
        if (
            kept
            and bare.isdigit()
            and i + 1 < len(words)
            and words[i + 1].strip(",;.").lower() in {"năm", "tháng"}
            and not (i + 2 < len(words) and re.match(r"\d{4}\b", words[i + 2]))
        ):
            cut = True  # `… tỉnh Phú Yên 15 năm tù`: a sentence counted after it
            break
        low = bare.lower()
        pair = f"{low}_{words[i + 1].lower()}" if i + 1 < len(words) else ""
        if (
            low == "tại"
            and kept
            and (_POSTED_RE.match(" ".join(kept)) or _OFFICE_RE.search(" ".join(kept)))
            and i + 1 < len(words)
            and words[i + 1][:1].isupper()
        ):
            kept.append(word)  # `Đại sứ Việt Nam tại Mozambique`: where it is held
            continue
        if low == "ký" and kept and kept[-1].lower() == "thư":
            kept.append(word)  # `Đoàn Thư ký`: the secretariat, not the verb `ký`
            continue
        if pair == "chỉ_đạo" and kept and kept[-1].lower() == "ban":
            kept.append(word)  # `Trưởng ban chỉ đạo`: the steering committee
            continue
        if pair in _NOT_STOPS:
            kept.append(word)  # `Ủy viên dự khuyết`: an alternate member, not `dự`
            continue
        if kept and f"{kept[-1].lower()}_{low}" in _NOT_STOPS_AFTER:
            kept.append(word)  # `Chủ tịch danh dự Hội …`: part of the post
            continue
        if low == "của" and kept and _PARENT_RE.match(" ".join(words[i + 1 :])):
            # `Phó Chủ tịch Hội đồng Dân tộc của Quốc hội`: the body the council
            # belongs to is part of its name.
            kept.append(word)
            continue
        if low == "và" and kept and _NEXT_PERSON_RE.match(" ".join(words[i + 1 :])):
            cut = True  # `… Hồ Chí Minh và PGS, TS B`: the next person's credit
            break
        if (
            kept
            and low in _DAYPARTS
            and bare.islower()
            and i + 1 < len(words)
            and _DAYPART_NEXT_RE.match(words[i + 1])
        ):
            cut = True
            break
        if bare.islower() and (low in _STOP_WORDS or pair in _STOP_WORDS):
            cut = True
            break
        rest = [w.strip(",;.") for w in words[i + 1 :]]
        lower = list(itertools.takewhile(str.islower, rest))
        proper = rest[len(lower) :]
        if (
            low == "và"
            and closed
            and kept
            and 1 <= len(lower) <= 3
            and len(proper) <= 3
            and all(w[:1].isupper() for w in proper)
            and not any(w in _STOP_WORDS for w in lower)
            and not any(
                f"{a}_{b}" in _STOP_WORDS
                for a, b in zip(lower, lower[1:], strict=False)
            )
            and not HEAD_RE.match(" ".join(rest))
        ):
            # `Hội đồng Quốc phòng và an ninh`, `Phòng thương mại và công nghiệp
            # Việt Nam` closing the piece: one body's name.
            kept.extend(words[i:])
            break
        if low == "và" and (i + 1 == len(words) or not words[i + 1][:1].isupper()):
            cut = True
            break
        if (
            low == "và"
            and i + 1 < len(words)
            and HEAD_RE.match(" ".join(words[i + 1 :]))
        ):
            cut = True  # `Bí thư Tỉnh ủy và Chủ tịch UBND tỉnh`: a second person
            break
        kept.append(word)
    return " ".join(kept), cut


def _caps_name_at(words: list[str], i: int) -> bool:
    """Whether words[i] opens a run of two or more capitals words naming a person."""
    run = []
    for word in words[i:]:
        bare = word.strip(",;.")
        if not bare.isupper() or not bare.isalpha() or bare.endswith("TƯ"):
            break  # `BCH TƯ Đảng`, `UBTƯ MTTQ`: `TƯ` abbreviates `Trung ương`
        run.append(bare)
    return len(run) >= 2 and any(_CAPS_NAME_RE.fullmatch(w) for w in run)


def split_titles(phrase: str) -> list[str]:
    """Split one phrase holding several posts: `Phó Thủ tướng kiêm Bộ trưởng …`.

    A spaced dash parts two posts as well (`Phó Bí thư Tỉnh ủy - Chủ tịch UBND
    tỉnh`), never the parts of one name (`Bộ Lao động - Thương binh và Xã hội`).
    """
    parts = re.split(rf"\s+kiêm\s+|\s+[-–]\s+(?={_HEAD_BODY})", phrase)
    return [clean_title(p) for p in parts if p and p.strip()]


def sentence_start(masked: str, pos: int, floor: int = 0) -> int:
    """Return where the clause holding pos begins (after `.`, `;`, `:` …)."""
    window_start = max(floor, pos - 400)
    last = window_start
    for m in _SENTENCE_END.finditer(masked, window_start, pos):
        last = m.end()
    return last


def titles_before(
    masked: str,
    seg_start: int,
    name_start: int,
    bridge: bool = False,
    copula: bool = False,
) -> tuple[list[str], int]:
    """Return the title phrases written before a name, and where the chain starts.

    With bridge, a rank standing alone after a comma (`Thứ trưởng Bộ Công an,
    Thượng tướng Lê Quý Vương`) lets the title before the comma through. With
    copula (an honorific stands before the name), `TITLE là ông A` gives A the title.
    """
    segment = masked[seg_start:name_start]
    # `Trưởng ban … hiện nay là bà A`: the post's current holder.
    is_ = (
        re.search(r"\s+(?:(?:hiện nay|hiện tại|hiện|đương nhiệm)\s+)?là\s*$", segment)
        if copula
        else None
    )
    # `…cho Thiếu tướng A, nguyên Phó … là Thượng tướng B`: a chain that goes on
    # from an earlier name is that name's, not B's.
    if (
        is_
        and not _OWNED_RE.search(segment[: is_.start()])
        and not re.match(r"\s*[,–-]", segment)
    ):
        # `Nhận nhiệm vụ Phó bí thư Đảng ủy Chính phủ là bà A`: the post is hers.
        name_start = seg_start + is_.start()
        segment = segment[: is_.start()]
    pieces: list[tuple[int, str]] = []
    offset = 0
    for part in segment.split(","):
        pieces.append((seg_start + offset, part))
        offset += len(part) + 1
    bridged = bridge and len(pieces) > 1 and not pieces[-1][1].strip()
    if bridged:
        pieces.pop()
    # `Bí thư Đảng ủy MTTQ, các đoàn thể Trung ương, …`: a lowercase tail after
    # a comma finishes the organ's name of the piece before it.
    merged: list[tuple[int, str]] = []
    for start, piece in pieces:
        if merged and _TAIL_ONLY_RE.fullmatch(piece.strip()) and piece.strip():
            merged[-1] = (merged[-1][0], f"{merged[-1][1]},{piece}")
        else:
            merged.append((start, piece))
    pieces = merged
    titles: list[str] = []
    chain_start = name_start
    for index in range(len(pieces) - 1, -1, -1):
        start, piece = pieces[index]
        # Across a bridge the title must open its piece or follow an introducer:
        # `… giữ chức Tư lệnh Quân khu 5, Đại tá B` gives B nothing.
        adjacent = index == len(pieces) - 1 and not bridged
        if adjacent and not piece.strip():
            return [], name_start
        found = None
        for m in HEAD_RE.finditer(piece):
            # A list bullet opening the line is not text before the chain.
            before = re.sub(r"^\s*[-–•▪►*+]\s*", "", piece[: m.start()])
            # `… của ông Tổng bí thư A`: an honorific right before the chain makes
            # it the name's, whoever the sentence speaks of before it.
            honoured = adjacent and _HONOURED_RE.search(before) is not None
            # `Theo Ủy viên …, Bộ trưởng … A, …`: a clause opened by `theo`
            # cites what A says.
            introduced = _INTRODUCERS.search(before) or _THEO_RE.fullmatch(before)
            foreign = not honoured and (not introduced or _owned_before(before))
            if before.strip() and not adjacent and foreign:
                continue
            phrase, cut = cut_title(piece[m.start() :])
            if cut and phrase:
                # `Phó Chủ tịch UBND tỉnh nhiệm kỳ 2011-2016 là ông A`: the term
                # closing the post still leaves it next to the name.
                rest = piece[m.start() :].split()[len(phrase.split()) :]
                cut = not _TERM_ONLY_RE.fullmatch(" ".join(rest))
            # `Đại sứ … tại Bồ Đào Nha` written before a name is where the post is,
            # and the capitalized place would run into the name.
            if cut or not phrase or " tại " in f" {phrase} ":
                continue
            found = (m.start(), phrase, bool(before.strip()))
            break
        if found is None:
            break
        pos, phrase, has_intro = found
        titles[:0] = split_titles(phrase)
        chain_start = start + pos
        if has_intro:
            break  # `Dự hội nghị có Ủy viên …`: the chain began inside this piece
    return titles, chain_start


_VERB_AFTER_OWNER_RE = re.compile(r"(?<!\w)(?:là|có|gồm|do|bởi)(?!\w)", re.IGNORECASE)


def _owned_before(before: str) -> bool:
    """Whether a post after before belongs to someone `của` names before it.

    `ý kiến của đồng chí Phó Bí thư, Trưởng ban A`: the first post is another's;
    `Đơn vị số 1 của TP Hà Nội có ba ĐBQH là Tổng Bí thư, … A`: a verb after
    `của` starts a new clause, and the posts are A's.
    """
    if _LEADS_TO_RE.search(before):
        return False
    padded = f" {before} "
    at = padded.lower().rfind(" của ")
    return at >= 0 and not _VERB_AFTER_OWNER_RE.search(padded[at + 5 :])


def titles_after(masked: str, name_end: int, limit: int) -> tuple[list[str], int]:
    """Return the title phrases written after a name (`, Ủy viên …`), and their end."""
    bracketed = _titles_in_brackets(masked, name_end, limit)
    if bracketed[0]:
        return bracketed
    titles: list[str] = []
    # `A (bí danh B) - Trưởng ban`: the alias is skipped, the chain is A's.
    alias = ALIAS_RE.match(masked, name_end, limit)
    if alias:
        name_end = alias.end()
    # `A, 45 tuổi, Trưởng phòng …`: the age court and police news put first.
    age = _AGE_RE.match(masked, name_end, limit)
    pos = age.end() if age else name_end
    while True:
        # `, Ủy viên …` or `- Ủy viên …` (`bà A - Phó Chủ tịch Quốc hội`).
        # A dash opening the next line is a bullet, not this name's chain.
        # `A –, Phó Chủ tịch …`: an empty dash before the comma is a stray mark.
        m = re.match(r"[ \t]+[-–],\s*|\s*,\s*|[ \t]+[-–]\s+", masked[pos:limit])
        if not m:
            # `Nguyễn Văn A-Ủy viên …`, `A- Thứ trưởng …`: a dash without spaces.
            m = re.match(
                r"[ \t]*[-–]\s*(?=" + _HEAD_BODY + ")", masked[pos:limit], re.IGNORECASE
            )
        if not m and pos == name_end and not age:
            # `Đồng chí Nguyễn Thị Thanh Ủy viên Ban Chấp hành …` (a caption): a
            # capitalised post right after the name, with no comma; `Ông A là
            # Tổng Bí thư …`: a post the sentence gives the name.
            m = _BARE_NEXT_RE.match(masked, pos, limit) or _LOWER_NEXT_RE.match(
                masked, pos, limit
            )
            if m:
                m = re.match(r"[ \t]+", masked[pos:limit])
            else:
                m = re.match(
                    r"[ \t]+(?:là|làm)[ \t]+(?=" + _HEAD_BODY + ")",
                    masked[pos:limit],
                    re.IGNORECASE,
                )
        if not m:
            break
        start = pos + m.end()
        stop = re.search(r"[,;.:\n!?…]", masked[start:limit])
        term = _TERM_IN_BRACKETS_RE.search(masked, start, limit)
        if stop and term and term.start() - start < stop.start() < term.end() - start:
            # `nguyên Ủy viên Trung ương Đảng (khóa X, XI, XII), …`: the commas
            # inside the term do not end the post.
            stop = _CHAIN_STOP_RE.search(masked[start:limit], term.end() - start)
        dash = _DASH_STOP_RE.search(masked[start:limit])
        if dash and (stop is None or dash.start() < stop.start()):
            stop = dash
            # `A, Phó chủ tịch UBND tỉnh - Trưởng đoàn ĐBQH tỉnh B`: two posts
            # joined by a dash and running into the next name are that name's.
            after = masked[start + dash.end() : limit]
            if (
                limit < len(masked)
                and after.strip()
                and not re.search(r"[,;.:\n!?…]", after)
            ):
                tail_title, tail_cut = cut_title(after)
                if (
                    tail_title
                    and not tail_cut
                    and tail_title == " ".join(after.split())
                ):
                    break
        piece_end = start + stop.start() if stop else limit
        phrase, cut = cut_title(masked[start:piece_end], closed=stop is not None)
        if not phrase or (not stop and not cut and limit < len(masked)):
            break  # the phrase runs into the next name: it is that person's title
        pos = (
            start + len(masked[start:piece_end]) - len(masked[start:piece_end].lstrip())
        )
        pos += len(phrase)
        if not cut:
            tail = re.match(r"\s*,\s*", masked[pos:limit])
            rest = pos + tail.end() if tail else pos
            body = _COMMA_TAIL_RE.match(masked, rest, limit) if tail else None
            if tail and body is None and " tại " in f" {phrase} ":
                # `Tổng Lãnh sự Việt Nam tại Vancouver, Canada`: the country.
                body = _COUNTRY_TAIL_RE.match(masked, rest, limit)
            if (
                body
                and not HEAD_RE.match(masked, rest)
                and _TAIL_END_RE.match(masked[body.end() : limit])
                and not any(w in _STOP_WORDS for w in body.group().split())
            ):
                phrase = f"{phrase}, {body.group()}"
                pos = body.end()
        titles.extend(split_titles(phrase))
        if cut:
            break
    if not titles:
        return titles_below(masked, name_end, limit)
    return titles, pos


# A term in brackets after a post: `(khóa X, XI, XII)`, `(nhiệm kỳ 2016 - 2021)`.
_TERM_IN_BRACKETS_RE = re.compile(r"\((?:khóa|khoá|nhiệm kỳ)\s[^()\n]{1,40}\)")
_CHAIN_STOP_RE = re.compile(r"[,;.:\n!?…]")
# `(bí danh B)`, `(tức B)`: another name the person went by.
ALIAS_RE = re.compile(
    r"[ \t]*\((?:bí danh|tức|tên thật|tên khai sinh)\s[^()\n]{2,40}\)"
)
# `(35 tuổi, dân tộc Tày)`: the age and what else the page says of the person.
_AGE_RE = re.compile(
    r"\s*(?:,\s*\d{1,3}\s+tuổi|\(\s*\d{1,3}\s+tuổi(?:\s*,[^()\n]{1,30})?\s*\))"
    r"(?=\s*,)"
)
_BRACKET_RE = re.compile(r"[ \t]*\(([^()\n]{3,200})\)")


def _titles_in_brackets(
    masked: str, name_end: int, limit: int
) -> tuple[list[str], int]:
    """Return the chain written in brackets right after a name: `A (Bí thư …)`."""
    m = _BRACKET_RE.match(masked, name_end, limit)
    if not m:
        return [], name_end
    titles: list[str] = []
    for piece in m.group(1).split(","):
        phrase, cut = cut_title(piece, closed=True)
        if not phrase:
            break
        titles.extend(split_titles(phrase))
        if cut:
            break  # what the bracket goes on with is no post
    return titles, m.end() if titles else name_end


def titles_below(masked: str, name_end: int, limit: int) -> tuple[list[str], int]:
    """Return the chain on the line under a name that stands alone on its line.

    Journals print the author's name on one line and the posts on the next:
    `GS, TS TÔ LÂM` / `Tổng Bí thư Ban Chấp hành Trung ương Đảng Cộng sản Việt Nam`.
    """
    line_start = masked.rfind("\n", 0, name_end) + 1
    line_end = masked.find("\n", name_end)
    if line_end < 0 or masked[name_end:line_end].strip():
        return [], name_end
    m = re.match(r"\n\s*([^\n]+)(?:\n|$)", masked[line_end:])
    if not m or line_end + m.end(1) > limit:
        return [], name_end
    if len(masked[line_start:name_end].split()) > 6:
        return [], name_end  # a sentence, not a name set on its own line
    line = m.group(1).rstrip()
    if re.search(r"[.!?;:…]", line):
        return [], name_end
    titles: list[str] = []
    # `Bí thư Đảng ủy-Chủ tịch HĐQT`: a hyphen glued between two posts parts them.
    for piece in re.split(rf",|[ \t]*[-–][ \t]*(?={_HEAD_BODY})", line):
        phrase, cut = cut_title(piece, closed=True)
        if not phrase or cut or phrase != " ".join(piece.split()):
            return [], name_end
        titles.extend(split_titles(phrase))
    return titles, line_end + m.end(1)


_HEAD_BODY = HEAD_RE.pattern[len("(?<!\\w)") :]
# `Đồng chí A ủy viên ban thường vụ huyện uỷ, phó chủ tịch …`: the same, written
# in lower case.
_LOWER_NEXT_RE = re.compile(
    r"[ \t]+(?=(?:phó\s+)?(?:ủy viên|uỷ viên|bí thư|chủ tịch|giám đốc|trưởng ban)"
    r"\s+(?i:ban|ủy|uỷ|hđnd|ubnd|hội|sở|đảng|huyện|tỉnh|xã)\b)"
)
_BARE_NEXT_RE = re.compile(
    r"[ \t]+(?=(?:Phó\s+)?(?:Tổng\s+)?(?:Ủy viên|Uỷ viên|Bí thư|Chủ tịch|Bộ trưởng"
    r"|Thứ trưởng|Trưởng ban|Trưởng Ban|Chủ nhiệm|Giám đốc)\s+[A-ZĐÀ-Ỹ])"
)
# A dash inside a chain ends the title before it when what follows is a new
# title or the sentence's verb, not the rest of a name (`Kế hoạch - Tài chính`).
# A lowercase word after the dash ends the title only when it is a verb or a
# function word: `kinh tế - xã hội` is one name.
_STOP_ALTS = "|".join(
    sorted((w.replace("_", " ") for w in _STOP_WORDS), key=len, reverse=True)
)
_DASH_STOP_RE = re.compile(
    r"\s[-–]\s+(?=(?:" + HEAD_RE.pattern[len("(?<!\\w)") :] + r")"
    r"|(?:" + _STOP_ALTS + r")(?!\w)|[a-zà-ỹđ]\S*\s*(?:$|[,;.:\n]))"
)
# `và` then a rank, a post, a degree or an honorific: the next person's mention.
_NEXT_HEAD = r"(?:" + _HEAD_BODY + r"|" + _NEXT_PERSON_RE.pattern + r")"
# What may follow a title after a comma as the rest of its body: the ministry a
# department belongs to (`Vụ Kế hoạch - Tài chính, Bộ Y tế`) or a lowercase
# tail of an organ's name ending in `Trung ương` (`Ban Chính sách, chiến lược
# Trung ương`, `Đảng ủy MTTQ, các đoàn thể Trung ương`).
_COMMA_TAIL_RE = re.compile(
    r"(?:Bộ|Sở|Văn phòng|Cơ quan|Học viện|Tổng cục|Cục|Ban|Ủy ban|Uỷ ban|Quân khu"
    r"|Quân đoàn|Bộ Tư lệnh|Tập đoàn|Tổng công ty|Đại học|Trường|Viện|UBND|HĐND)"
    r"\s+[A-ZĐÀ-Ỹ0-9][^\s,;.:]*(?:\s+[^\s,;.:]+){0,7}?"
    # It ends the chain, or the sentence's verb follows (`…, Bộ Tổng tham mưu giữ
    # chức …`), or the next person (`… và Thiếu tướng B`).
    r"(?=\s*(?:[,;.:\n]|$)|\s+(?:" + _STOP_ALTS + r")(?!\w)|\s+và\s+" + _NEXT_HEAD + ")"
    # `Bộ Lao động, Thương binh và Xã hội`: the last two parts of a three-part name.
    r"|[A-ZĐÀ-Ỹ][^\s,;.:]*(?:\s+[a-zà-ỹđ][^\s,;.:]*)?\s+và\s+[A-ZĐÀ-Ỹ][^\s,;.:]*"
    r"(?:\s+[a-zà-ỹđ][^\s,;.:]*)?(?=\s*(?:[,;.:\n]|$))"
    rf"|(?:[a-zà-ỹđ]+\s+){{1,4}}(?:Trung ương|T[{MASK}]?Ư|TW)(?!\w)"
)


_TAIL_END_RE = re.compile(
    r"\s*(?:[,;.:\n!?…]|$)|\s+(?:" + _STOP_ALTS + r")(?!\w)|\s+và\s+" + _NEXT_HEAD
)
_COUNTRY_TAIL_RE = re.compile(
    r"[A-ZĐÀ-Ỹ][^\s,;.:]*(?:\s+[A-ZĐÀ-Ỹ][^\s,;.:]*){0,2}(?=\s*(?:[,;.:\n]|$))"
)


_TAIL_ONLY_RE = re.compile(
    rf"(?:[a-zà-ỹđ]+\s+){{1,4}}(?:Trung ương|T[{MASK}]?Ư|TW)"
    r"|[A-ZĐÀ-Ỹ][^\s,;.:]*(?:\s+[a-zà-ỹđ][^\s,;.:]*)?\s+và\s+[A-ZĐÀ-Ỹ][^\s,;.:]*"
    r"(?:\s+[a-zà-ỹđ][^\s,;.:]*)?"
)


_TERM_ONLY_RE = re.compile(
    r"(?:nhiệm kỳ\s+\d{4}\s*[-–]\s*\d{4}|(?:khóa|khoá)\s+[IVXLC\d]+)"
    r"(?:,?\s*(?:nhiệm kỳ\s+\d{4}\s*[-–]\s*\d{4}))?\s*(?:là)?",
    re.IGNORECASE,
)


def dedupe_titles(titles: list[str], prefixes: bool = False) -> tuple[str, ...]:
    """Drop repeats and titles that are a word-prefix of a longer one kept.

    With prefixes, a shorter title written on its own (`Bộ trưởng` beside `Bộ
    trưởng Bộ Công an`) is kept as the page wrote it.
    """
    keyed: dict[str, str] = {}
    for t in titles:
        keyed.setdefault(text.key(t), t)
    keys = list(keyed)
    if prefixes:
        return tuple(keyed[k] for k in keys)
    kept = [
        keyed[k]
        for k in keys
        if not any(o != k and o.startswith(k + " ") for o in keys)
    ]
    return tuple(kept)

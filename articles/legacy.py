"""Recognise pages in legacy Vietnamese encodings and turn them into Unicode.

Three kinds of old or damaged bytes reach the importer and would otherwise pass
the Windows-1258 fallback as garbage:

- TCVN3 (ABC, TCVN 5712:1993): one byte per precomposed letter. Lower-case
  letters sit in 0xA1-0xFF; the full table (VN1) puts the toned capitals in
  0x80-0x9F, in gaps of 0xA1-0xFF and in a few C0 control slots. Bytes 0xB0-0xB4
  are combining tone marks.
- VNI-Windows: an ASCII base letter followed by one mark byte (`oä` = `ộ`);
  `ô`, `ö`, `ñ` and the toned forms of `i` and `ỵ` are single bytes.
- UTF-8 gone wrong: double-encoded (decoded as cp1252/latin-1 and encoded
  again: `táº¿`), or cut in the middle of a character.

Detection never looks at a single character. It splits the page into words
that contain non-ASCII bytes and counts how many become valid Vietnamese
syllables under each reading (cp1258, TCVN3, VNI; before and after repairing
UTF-8). A legacy reading wins only if it makes clearly more of those words
valid than the ordinary reading, and conversion goes ahead only if nearly all
of them are valid; otherwise the page is refused with a reason.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from dataclasses import dataclass

from .ingest import IngestError

NAMES = {
    "tcvn3": "TCVN3",
    "vni": "VNI",
    "utf8-mojibake": "UTF-8 bị mã hóa hai lần",
    "utf8-cut": "UTF-8 bị cắt giữa ký tự",
}
# A legacy reading must beat the ordinary one by this share of words...
_DETECT_MARGIN = 0.3
_DETECT_MIN_SHARE = 0.5
_DETECT_MIN_WORDS = 2
# ...and make this share of them valid before the page is converted.
_CONVERT_MIN_SHARE = 0.9
# Enough words to judge a page; keeps detection linear in small pieces.
_SAMPLE_WORDS = 20_000

# Syllables -------------------------------------------------------------------

_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_STOP_TONES = {"\u0301", "\u0323"}  # the only tones a -c/-ch/-p/-t syllable takes
_INITIALS = sorted(
    re.findall(
        r"\S+", "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x"
    ),
    key=len,
    reverse=True,
)
_FRONT_ONLY = {"k", "gh", "ngh"}  # spelled so only before e, ê, i, y
_NOT_FRONT = {"c", "ng"}  # never before e, ê, i, y
# Vowel clusters of a syllable without a final consonant, and with one.
_OPEN = frozenset(
    re.findall(
        r"\S+",
        "a e ê i o ô ơ u ư y ai ao au ay âu ây eo êu ia iu oa oe oi ôi ơi ua uê ui "
        "uơ uy ưa ưi ưu uya uyu iêu yêu uôi ươi ươu oai oay oao oeo uây",
    )
)
_CLOSED = frozenset(
    re.findall(r"\S+", "a ă â e ê i o ô ơ u ư oa oă oe oo uâ uê uy iê yê uô ươ uyê")
)
_FINALS = {"c", "ch", "m", "n", "ng", "nh", "p", "t", "k"}  # -k: Đắk Lắk
_STOPS = {"c", "ch", "p", "t", "k"}
_VOWELS = set("aăâeêioôơuưy")


def _rhyme_ok(rhyme: str, tone: str | None) -> bool:
    n = 0
    while n < len(rhyme) and rhyme[n] in _VOWELS:
        n += 1
    nucleus, final = rhyme[:n], rhyme[n:]
    if not nucleus:
        return False
    if not final:
        return nucleus in _OPEN
    if final not in _FINALS or nucleus not in _CLOSED:
        return False
    return final not in _STOPS or tone in _STOP_TONES


@functools.lru_cache(maxsize=1 << 16)  # words repeat: cache them
def is_syllable(word: str) -> bool:
    """Return whether a word is one well-formed Vietnamese syllable."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) > 1:
        return False
    tone = tones[0] if tones else None
    base = unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if c not in _TONES)
    )
    if not base or any(c not in _VOWELS and c not in "bcdđghklmnpqrstvx" for c in base):
        return False
    if base in ("gi", "gin"):  # gì, gìn: the i is both part of gi and the vowel
        return True
    for initial in [*_INITIALS, ""]:
        if not base.startswith(initial):
            continue
        rhyme = base[len(initial) :]
        if not rhyme:
            continue
        front = rhyme[0] in "eêiy"
        if initial in _FRONT_ONLY and not front:
            continue
        if (initial in _NOT_FRONT or initial == "g") and front:
            continue
        if _rhyme_ok(rhyme, tone):
            return True
    return False


_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")
_INNER_PUNCT = re.compile(r"[!-/:-@\[-`{-~\d]+")


@functools.lru_cache(maxsize=1 << 16)
def _judge(word: str) -> bool | None:
    """Say whether a word with non-ASCII letters is Vietnamese; None if it has none."""
    core = _EDGES.sub("", unicodedata.normalize("NFC", word))
    if core.isascii():
        return None
    return all(
        piece.isascii() or (piece.isalpha() and is_syllable(piece))
        for piece in _INNER_PUNCT.split(core)
    )


@dataclass(frozen=True, slots=True)
class Score:
    """How many non-ASCII words of a reading are valid Vietnamese syllables."""

    valid: int = 0
    invalid: int = 0

    @property
    def share(self) -> float:
        total = self.valid + self.invalid
        return self.valid / total if total else 0.0


def score_words(words: list[str]) -> Score:
    """Count the valid and invalid words among those with non-ASCII letters."""
    verdicts = [v for v in map(_judge, words) if v is not None]
    return Score(sum(verdicts), len(verdicts) - sum(verdicts))


# Byte tables ---------------------------------------------------------------

# cp1252, with its five holes read as latin-1, so every byte has a character.
_CP1252 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]

# TCVN 5712:1993 (VN1), as glibc's TCVN5712-1 decodes it, 0x80-0xFF.
_TCVN3_HIGH = (
    "ÀẢÃÁẠẶẬÈẺẼÉẸỆÌỈĨÍỊÒỎÕÓỌỘỜỞỠỚỢÙỦŨ"
    "\u00a0ĂÂÊÔƠƯĐăâêôơưđẰ\u0300\u0309\u0303\u0301\u0323àảãáạẲằẳẵắẴ"
    "ẮẦẨẪẤỀặầẩẫấậèỂẻẽéẹềểễếệìỉỄẾỒĩíịò"
    "ỔỏõóọồổỗốộờởỡớợùỖủũúụừửữứựỳỷỹýỵỐ"
)
_TCVN3_LOW = {
    0x01: "Ú", 0x02: "Ụ", 0x04: "Ừ", 0x05: "Ử", 0x06: "Ữ", 0x11: "Ứ",
    0x12: "Ự", 0x13: "Ỳ", 0x14: "Ỷ", 0x15: "Ỹ", 0x16: "Ý", 0x17: "Ỵ",
}  # fmt: skip
TCVN3 = [_TCVN3_LOW.get(b, chr(b)) for b in range(128)] + list(_TCVN3_HIGH)
# Slots where VN3 files (the common ABC fonts) keep cp1252 punctuation instead
# of VN1 capitals: curly quotes, dashes, bullets, the ellipsis.
_TCVN3_AMBIGUOUS = frozenset([*_TCVN3_LOW, *range(0x80, 0xA0)])
_TCVN3_ALT = [chr(b) for b in range(128)] + _CP1252[0x80:0xA0] + TCVN3[0xA0:]

# VNI-Windows: single-byte letters, and marks that follow a base letter.
_VNI_LETTERS = {0xED: "í", 0xEC: "ì", 0xE6: "ỉ", 0xF3: "ĩ", 0xF2: "ị", 0xEE: "ỵ"}
_VNI_LETTERS |= {0xF4: "ơ", 0xF6: "ư", 0xF1: "đ"}
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"
_VNI_MARKS = {
    0xF9: "\u0301", 0xF8: "\u0300", 0xFB: "\u0309", 0xF5: "\u0303", 0xEF: "\u0323",
    0xE2: "\u0302", 0xE1: "\u0302\u0301", 0xE0: "\u0302\u0300",
    0xE5: "\u0302\u0309", 0xE3: "\u0302\u0303", 0xE4: "\u0302\u0323",
    0xEA: "\u0306", 0xE9: "\u0306\u0301", 0xE8: "\u0306\u0300",
    0xFA: "\u0306\u0309", 0xFC: "\u0306\u0303", 0xEB: "\u0306\u0323",
}  # fmt: skip
# Capitals are the same bytes less 0x20 (Latin-1 case pairs).
for _low, _char in list(_VNI_LETTERS.items()):
    _VNI_LETTERS[_low - 0x20] = _char.upper()
for _low, _mark in list(_VNI_MARKS.items()):
    _VNI_MARKS[_low - 0x20] = _mark
_VNI_TONED = set("aeouyơư")  # letters a plain tone mark may follow


def _vni_mark_fits(base: str, mark: str) -> bool:
    if mark[0] == _CIRCUMFLEX:
        return base in "aeo"
    if mark[0] == _BREVE:
        return base == "a"
    return base in _VNI_TONED


# Readings ------------------------------------------------------------------

# A word as the legacy encodings write it: letters and any non-ASCII byte,
# including the C0 slots TCVN3 uses for capitals.
_WORD = re.compile(rb"[A-Za-z\x80-\xff\x01\x02\x04-\x06\x11-\x17]+")
_ALL_CAPS_HINT = re.compile(r"[A-ZĂÂÊÔƠƯĐ]")


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


@functools.lru_cache(maxsize=1 << 16)
def _tcvn3_word(word: bytes) -> str:
    full = _nfc("".join(TCVN3[b] for b in word))
    if _TCVN3_AMBIGUOUS.isdisjoint(word):
        return _recase(full)
    alt = _nfc("".join(_TCVN3_ALT[b] for b in word))
    # A lone 0x80-0x9F byte is a dash or bullet; only 0x99 "Ở" is a word alone.
    if len(word) == 1 and 0x80 <= word[0] < 0xA0 and word != b"\x99":
        return alt
    if _judge(full) or _judge(alt) is False:
        return _recase(full)
    return _recase(alt)  # punctuation next to a word: `“Khuya`, `ấy”`


def _recase(word: str) -> str:
    """Upper-case an all-capitals TCVN3 word whose toned letters came out small.

    VN3 fonts have no toned capitals: headlines are typed with the small-letter
    bytes in a capitals font (`HéI NGHÞ`), so the font, not the byte, said
    "capital". A capital after the first letter, and no small ASCII letter,
    means the word was written in capitals.
    """
    letters = [c for c in word if c.isalpha()]
    if (
        len(letters) > 1
        and not any(c.isascii() and c.islower() for c in letters)
        and _ALL_CAPS_HINT.search("".join(letters[1:]))
    ):
        return word.upper()
    return word


@functools.lru_cache(maxsize=1 << 16)
def _vni_word(word: bytes) -> str:
    out: list[str] = []
    n = 0
    while n < len(word):
        byte = word[n]
        if byte < 0x80 or byte in _VNI_LETTERS:
            base = chr(byte) if byte < 0x80 else _VNI_LETTERS[byte]
            mark = _VNI_MARKS.get(word[n + 1]) if n + 1 < len(word) else None
            if mark and _vni_mark_fits(base.lower(), mark):
                out.append(_nfc(base + mark))
                n += 2
                continue
            out.append(base)
        else:
            out.append(_CP1252[byte])
        n += 1
    return "".join(out)


@functools.lru_cache(maxsize=1 << 16)
def _cp1258_word(word: bytes) -> str:
    return _nfc(word.decode("cp1258", errors="replace"))


_READERS = {"tcvn3": _tcvn3_word, "vni": _vni_word, "cp1258": _cp1258_word}


def _score_bytes(raw: bytes, reading: str) -> Score:
    reader = _READERS[reading]
    words = []
    for match in _WORD.finditer(raw):
        if not match.group().isascii():
            words.append(reader(match.group()))
            if len(words) >= _SAMPLE_WORDS:
                break
    return score_words(words)


def _read_bytes(raw: bytes, reading: str) -> str:
    reader = _READERS[reading]
    out: list[str] = []
    end = 0
    for match in _WORD.finditer(raw):
        out.append(raw[end : match.start()].decode("latin-1"))
        out.append(reader(match.group()))
        end = match.end()
    out.append(raw[end:].decode("latin-1"))
    decoded = _nfc("".join(out))
    if reading == "tcvn3":
        decoded = "".join(map(_recase_line, decoded.splitlines(keepends=True)))
    return decoded


def _recase_line(line: str) -> str:
    # A headline in a VN3 capitals font: capital ASCII letters, small toned ones.
    ascii_letters = [c for c in line if c.isascii() and c.isalpha()]
    if len(ascii_letters) >= 3 and all(c.isupper() for c in ascii_letters):
        return line.upper()
    return line


# UTF-8 gone wrong ------------------------------------------------------------

_TO_CP1252 = {char: bytes([b]) for b, char in enumerate(_CP1252) if b >= 0x80}
_TO_CP1252 |= {chr(b): bytes([b]) for b in range(0x80, 0xA0)}  # read as latin-1
_MOJIBAKE_RUN = re.compile("[" + re.escape("".join(_TO_CP1252)) + "]+")
# The cp1252 image of a UTF-8 lead byte for Vietnamese (Ã, Ä, Æ, á, …) and of a
# continuation byte after it; a page without one cannot be double-encoded.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00c6\u00cc\u00cd\u00e1]["
    + re.escape("".join(_CP1252[0x80:0xC0]) + "".join(map(chr, range(0x80, 0xA0))))
    + "]"
)
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_WORDS = re.compile(r"[^ \t\n\r\f\v]+")  # not str.split(): U+00A0 is inside "Æ "


def _unmojibake_run(match: re.Match[str]) -> str:
    run = match.group()
    data = b"".join(_TO_CP1252[c] for c in run)
    chars = iter(run)
    out: list[str] = []
    end = 0
    for seq in _UTF8_SEQUENCE.finditer(data):
        out.extend(next(chars) for _ in range(seq.start() - end))
        try:
            out.append(seq.group().decode("utf-8"))
        except UnicodeDecodeError:  # overlong or surrogate: keep as written
            out.extend(next(chars) for _ in range(len(seq.group())))
        else:
            for _ in range(len(seq.group())):
                next(chars)
        end = seq.end()
    out.extend(chars)
    return "".join(out)


def _unmojibake(value: str) -> str:
    return _nfc(_MOJIBAKE_RUN.sub(_unmojibake_run, value))


def _mojibake_scores(value: str) -> tuple[Score, Score]:
    words = _WORDS.findall(value)[: _SAMPLE_WORDS * 5]
    return score_words(words), score_words([_unmojibake(w) for w in words])


def _utf8_damage(raw: bytes) -> tuple[int, int]:
    """Return (valid multi-byte characters, invalid bytes) when read as UTF-8."""
    decoded = raw.decode("utf-8", errors="replace")
    bad = decoded.count("\ufffd") - raw.count(b"\xef\xbf\xbd")
    good = sum(1 for c in decoded if ord(c) >= 0x80) - decoded.count("\ufffd")
    return good, bad


def _cut_start(raw: bytes) -> int:
    """Return how many continuation bytes of a cut-off character start the data."""
    start = 0
    while start < min(3, len(raw)) and 0x80 <= raw[start] < 0xC0:
        start += 1
    return start


def _uncut(raw: bytes) -> str:
    """Decode UTF-8 cut at either end; raise IngestError if damaged inside."""
    start = _cut_start(raw)
    body = raw[start:]
    stripped = body.rstrip(b" \t\r\n")
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        # Not final: an incomplete character at the very end is left out.
        text = decoder.decode(stripped, final=False)
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, start + exc.start) + 1
        raise IngestError(
            f"tệp UTF-8 bị hỏng: ký tự bị cắt hoặc sai mã ở dòng {line}"
        ) from exc
    return text + body[len(stripped) :].decode("ascii")


# Public API ----------------------------------------------------------------


def _best_legacy(raw: bytes) -> tuple[str, Score] | None:
    base = _score_bytes(raw, "cp1258")
    scores = {name: _score_bytes(raw, name) for name in ("tcvn3", "vni")}
    name, best = max(scores.items(), key=lambda kv: (kv[1].share, kv[1].valid))
    if (
        best.valid >= _DETECT_MIN_WORDS
        and best.share >= _DETECT_MIN_SHARE
        and best.share >= base.share + _DETECT_MARGIN
    ):
        return name, best
    return None


def _is_mojibake(value: str) -> bool:
    if not _MOJIBAKE_HINT.search(value):
        return False
    before, after = _mojibake_scores(value)
    return (
        after.valid >= _DETECT_MIN_WORDS
        and after.share >= _DETECT_MIN_SHARE
        and after.share >= before.share + _DETECT_MARGIN
    )


def detect(raw: bytes) -> str | None:
    """Name the legacy encoding or UTF-8 damage of a page, or None if it has none.

    Returns "tcvn3", "vni", "utf8-mojibake" (UTF-8 decoded as cp1252 and
    encoded again) or "utf8-cut" (UTF-8 with a character cut in two).
    """
    body = raw.removeprefix(codecs.BOM_UTF8)
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf8-mojibake" if _is_mojibake(decoded) else None
    good, bad = _utf8_damage(body[_cut_start(body) :])
    if good >= 3 and good >= 2 * bad:
        return "utf8-cut"
    found = _best_legacy(body)
    return found[0] if found else None


def _refuse(encoding: str, score: Score) -> IngestError:
    return IngestError(
        f"tệp có vẻ dùng bảng mã cũ ({NAMES[encoding]}) nhưng không chuyển đổi "
        f"được chắc chắn: chỉ {score.share:.0%} từ có dấu thành tiếng Việt hợp lệ"
    )


def convert(raw: bytes, encoding: str) -> str:
    """Convert a page from a legacy encoding to NFC Unicode text.

    Raises IngestError, with the reason in Vietnamese, when too few words come
    out as valid Vietnamese for the conversion to be trusted.
    """
    body = raw.removeprefix(codecs.BOM_UTF8)
    if encoding == "utf8-cut":
        return _nfc(_uncut(body))
    if encoding == "utf8-mojibake":
        decoded = body.decode("utf-8", errors="strict")
        _, score = _mojibake_scores(decoded)
        if score.share < _CONVERT_MIN_SHARE:
            raise _refuse(encoding, score)
        return _unmojibake(decoded)
    if encoding not in ("tcvn3", "vni"):
        raise ValueError(f"unknown legacy encoding: {encoding!r}")
    score = _score_bytes(body, encoding)
    if score.share < _CONVERT_MIN_SHARE:
        raise _refuse(encoding, score)
    return _read_bytes(body, encoding)


def decode(raw: bytes) -> str | None:
    """Return the Unicode text of a TCVN3, VNI or cut-UTF-8 page, else None.

    Valid UTF-8 gives None: its double encoding is text-level, see
    `repair_mojibake`. Raises IngestError for a page that looks legacy but
    cannot be converted with confidence.
    """
    encoding = detect(raw)
    if encoding is None or encoding == "utf8-mojibake":
        return None
    return convert(raw, encoding)


def repair_mojibake(value: str) -> str:
    """Undo UTF-8 that was read as cp1252 and encoded again; leave other text be.

    Raises IngestError when the text looks double-encoded but the repair does
    not give valid Vietnamese with confidence.
    """
    if not _is_mojibake(value):
        return value
    _, score = _mojibake_scores(value)
    if score.share < _CONVERT_MIN_SHARE:
        raise _refuse("utf8-mojibake", score)
    return _unmojibake(value)

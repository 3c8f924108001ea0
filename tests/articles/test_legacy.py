"""Legacy Vietnamese encodings: detection, conversion, refusal and the import hook.

The encoders here are written from the published tables (TCVN 5712:1993 as
glibc's TCVN5712-1 decodes it, VNI-Windows as the xvnkb keyboard writes it),
independently of the decoder in `articles.legacy`.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from articles import ingest, legacy
from articles.ingest import FileProblem, IngestError

from .encodings import to_cp1258

DATA = Path(__file__).resolve().parents[1] / "data"
SEED_PAGES = sorted((DATA / "ingest" / "in").glob("*.txt"))
REAL_PAGES = sorted((DATA / "extraction" / "real" / "dev").glob("*.txt"))

_TONE_ORDER = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")

# TCVN3: per letter, the bytes of plain, grave, hook, tilde, acute, dot below.
_TCVN3_ROWS = {
    "a": b"\x61\xb5\xb6\xb7\xb8\xb9", "ă": b"\xa8\xbb\xbc\xbd\xbe\xc6",
    "â": b"\xa9\xc7\xc8\xc9\xca\xcb", "e": b"\x65\xcc\xce\xcf\xd0\xd1",
    "ê": b"\xaa\xd2\xd3\xd4\xd5\xd6", "i": b"\x69\xd7\xd8\xdc\xdd\xde",
    "o": b"\x6f\xdf\xe1\xe2\xe3\xe4", "ô": b"\xab\xe5\xe6\xe7\xe8\xe9",
    "ơ": b"\xac\xea\xeb\xec\xed\xee", "u": b"\x75\xef\xf1\xf2\xf3\xf4",
    "ư": b"\xad\xf5\xf6\xf7\xf8\xf9", "y": b"\x79\xfa\xfb\xfc\xfd\xfe",
    "A": b"\x41\x80\x81\x82\x83\x84", "Ă": b"\xa1\xaf\xba\xbf\xc0\x85",
    "Â": b"\xa2\xc1\xc2\xc3\xc4\x86", "E": b"\x45\x87\x88\x89\x8a\x8b",
    "Ê": b"\xa3\xc5\xcd\xd9\xda\x8c", "I": b"\x49\x8d\x8e\x8f\x90\x91",
    "O": b"\x4f\x92\x93\x94\x95\x96", "Ô": b"\xa4\xdb\xe0\xf0\xff\x97",
    "Ơ": b"\xa5\x98\x99\x9a\x9b\x9c", "U": b"\x55\x9d\x9e\x9f\x01\x02",
    "Ư": b"\xa6\x04\x05\x06\x11\x12", "Y": b"\x59\x13\x14\x15\x16\x17",
}  # fmt: skip
TO_TCVN3 = {"đ": b"\xae", "Đ": b"\xa7"}
for _letter, _row in _TCVN3_ROWS.items():
    for _tone, _byte in zip(_TONE_ORDER, _row, strict=True):
        TO_TCVN3[unicodedata.normalize("NFC", _letter + _tone)] = bytes([_byte])


def to_tcvn3(value: str) -> bytes:
    """Encode as a TCVN3 page: Vietnamese letters by the table, the rest cp1252."""
    return b"".join(TO_TCVN3.get(c) or c.encode("cp1252") for c in value)


# VNI: mark bytes after the base letter, lower case (capitals are 0x20 less).
_VNI_TONES = {"": b"", "\u0301": b"\xf9", "\u0300": b"\xf8", "\u0309": b"\xfb",
              "\u0303": b"\xf5", "\u0323": b"\xef"}  # fmt: skip
_VNI_CIRCUMFLEX = {"": b"\xe2", "\u0301": b"\xe1", "\u0300": b"\xe0",
                   "\u0309": b"\xe5", "\u0303": b"\xe3", "\u0323": b"\xe4"}  # fmt: skip
_VNI_BREVE = {"": b"\xea", "\u0301": b"\xe9", "\u0300": b"\xe8",
              "\u0309": b"\xfa", "\u0303": b"\xfc", "\u0323": b"\xeb"}  # fmt: skip
_VNI_I = {"": b"i", "\u0301": b"\xed", "\u0300": b"\xec", "\u0309": b"\xe6",
          "\u0303": b"\xf3", "\u0323": b"\xf2"}  # fmt: skip


def _vni_char(char: str) -> bytes:
    if char in "đĐ":
        return b"\xf1" if char == "đ" else b"\xd1"
    parts = unicodedata.normalize("NFD", char)
    base, marks = parts[0], parts[1:]
    if not base.isascii() or not base.isalpha() or len(parts) == 1:
        return char.encode("cp1252")
    tone = next((m for m in marks if m in _VNI_TONES), "")
    quality = next((m for m in marks if m in "\u0302\u0306\u031b"), "")
    low = base.lower()
    if low == "i" and not quality:
        out = _VNI_I[tone]
    elif low == "y" and tone == "\u0323":
        out = b"\xee"
    elif quality == "\u031b":  # horn: ơ and ư are letters of their own
        out = (b"\xf4" if low == "o" else b"\xf6") + _VNI_TONES[tone]
    elif quality == "\u0302":
        out = low.encode() + _VNI_CIRCUMFLEX[tone]
    elif quality == "\u0306":
        out = low.encode() + _VNI_BREVE[tone]
    else:
        out = low.encode() + _VNI_TONES[tone]
    if base.isupper():
        out = bytes(b - 0x20 if b >= 0xE0 else b for b in out).replace(
            low.encode(), base.encode(), 1
        )
    return out


def to_vni(value: str) -> bytes:
    """Encode as a VNI-Windows page."""
    return b"".join(_vni_char(c) for c in unicodedata.normalize("NFC", value))


def _syllables(final: str) -> str:
    letters = "aăâeêioôơuưy"
    words = [
        unicodedata.normalize("NFC", v + t) + ("" if v == "y" else final)
        for v in letters
        for t in _TONE_ORDER
    ]
    return " ".join(words)


SENTENCES = [
    "Hội nghị cán bộ toàn quốc",
    "Ủy viên Bộ Chính trị, Trưởng Ban Tổ chức Trung ương",
    "Đồng chí Trương Thị Mai, Thường trực Ban Bí thư, phát biểu chỉ đạo.",
    "Ở Hà Nội, Đảng bộ quyết định: “Khuya rồi, giữ gìn nghiêng ngả thuở ấy”.",
    "HỘI NGHỊ CÁN BỘ TOÀN QUỐC LẦN THỨ NHẤT – ĐỒNG CHÍ ĐỖ VĂN CHIẾN",
    _syllables("n") + " đan Đan",
    _syllables("n").upper() + " ĐAN",
]
ENCODERS = {"tcvn3": to_tcvn3, "vni": to_vni}


def _as_cp1258_shows(value: str) -> bytes:
    """Return the bytes that Windows-1258 shows as `value` (as the issue quotes it)."""
    return b"".join(
        c.encode("cp1258") if c.encode("cp1258", errors="ignore") else to_cp1258(c)
        for c in value
    )


# Tables ----------------------------------------------------------------------


@pytest.mark.skipif(not shutil.which("iconv"), reason="iconv is not installed")
def test_tcvn3_table_is_glibc_tcvn5712_1():
    for byte in range(256):
        run = subprocess.run(
            ["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"],
            input=bytes([byte]),
            capture_output=True,
            check=False,
        )
        if run.returncode:
            pytest.skip("iconv has no TCVN5712-1")
        assert legacy.TCVN3[byte] == run.stdout.decode(), hex(byte)


def test_the_test_tcvn3_encoder_covers_every_letter_once():
    assert len(TO_TCVN3) == 12 * 6 * 2 + 2  # vowels × tones × cases, đ, Đ
    assert len(set(TO_TCVN3.values())) == len(TO_TCVN3)


# Round trips -----------------------------------------------------------------


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("encoding", sorted(ENCODERS))
def test_legacy_sentence_is_detected_and_converted_exactly(encoding, sentence):
    raw = ENCODERS[encoding](sentence)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert legacy.detect(raw) == encoding
    assert legacy.convert(raw, encoding) == sentence


@pytest.mark.parametrize("sentence", SENTENCES)
def test_double_encoded_utf8_is_repaired(sentence):
    raw = sentence.encode().decode("cp1252", errors="replace").encode()
    if "\ufffd" in raw.decode():  # cp1252 holes: latin-1 is what such files hold
        raw = "".join(
            b.to_bytes().decode("cp1252", errors="ignore") or chr(b)
            for b in sentence.encode()
        ).encode()
    assert legacy.detect(raw) == "utf8-mojibake"
    assert legacy.convert(raw, "utf8-mojibake") == sentence
    assert legacy.repair_mojibake(raw.decode()) == sentence


def test_tcvn3_capitals_typed_with_small_letter_bytes_come_out_as_capitals():
    # VN3 fonts have no toned capitals; headlines use the small bytes.
    raw = "HéI NGHÞ C¸N Bé TOµN QUèC".encode("cp1252")
    assert legacy.convert(raw, "tcvn3") == "HỘI NGHỊ CÁN BỘ TOÀN QUỐC"


def test_tcvn3_dash_bullet_and_curly_quotes_stay_punctuation():
    raw = to_tcvn3("Hội nghị – • “cán bộ” toàn quốc…")
    assert legacy.convert(raw, "tcvn3") == "Hội nghị – • “cán bộ” toàn quốc…"


# The issue's garbage -----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        pytest.param("Héi nghÛ c¸n bé toµn quèc".encode("cp1252"), "tcvn3", id="tcvn3"),
        pytest.param(
            _as_cp1258_shows("Hoäi ngḥ caùn boä toaøn quoác"), "vni", id="vni"
        ),
        pytest.param("Tin váº¯n kinh táº¿".encode(), "utf8-mojibake", id="mojibake"),
    ],
)
def test_issue_garbage_is_detected(raw, encoding):
    assert legacy.detect(raw) == encoding


def test_issue_vni_garbage_converts():
    raw = _as_cp1258_shows("Hoäi ngḥ caùn boä toaøn quoác")
    assert legacy.convert(raw, "vni") == "Hội nghị cán bộ toàn quốc"


def test_issue_tcvn3_garbage_with_a_wrong_byte_is_refused_not_guessed():
    # 0xDB is "Ồ" in TCVN3, so "nghÛ" is no word: one word in six is wrong.
    raw = "Héi nghÛ c¸n bé toµn quèc".encode("cp1252")
    with pytest.raises(IngestError, match=r"bảng mã cũ \(TCVN3\).*chắc chắn"):
        legacy.convert(raw, "tcvn3")
    fixed = "Héi nghÞ c¸n bé toµn quèc".encode("cp1252")
    assert legacy.convert(fixed, "tcvn3") == "Hội nghị cán bộ toàn quốc"


def test_mostly_unconvertible_vni_is_refused_with_a_reason():
    raw = to_vni("Hội nghị cán bộ") + " caùù boää".encode("cp1252")
    assert legacy.detect(raw) == "vni"
    with pytest.raises(IngestError, match=r"bảng mã cũ \(VNI\)"):
        ingest.decode_bytes(raw)


# Cut UTF-8 --------------------------------------------------------------------


def test_utf8_cut_at_the_end_is_repaired():
    raw = "Hội nghị cán bộ toàn quốc".encode()[:-2]  # inside "ố"
    assert legacy.detect(raw) == "utf8-cut"
    assert legacy.convert(raw, "utf8-cut") == "Hội nghị cán bộ toàn qu"
    assert ingest.decode_bytes(raw + b"\n") == "Hội nghị cán bộ toàn qu\n"


def test_utf8_cut_at_the_start_is_repaired():
    raw = "ộ nghị cán bộ".encode()[1:]
    assert ingest.decode_bytes(raw) == " nghị cán bộ"


def test_utf8_cut_in_the_middle_is_refused_with_the_line():
    good = "Hội nghị\ncán bộ toàn quốc\nlần thứ nhất".encode()
    cut = good.index("ố".encode()) + 1
    raw = good[:cut] + good[cut + 1 :]
    assert legacy.detect(raw) == "utf8-cut"
    with pytest.raises(IngestError, match="cắt.*dòng 2"):
        ingest.decode_bytes(raw)


# No false positives -------------------------------------------------------------


@pytest.mark.parametrize("page", SEED_PAGES + REAL_PAGES, ids=lambda p: p.name)
def test_ordinary_pages_are_not_legacy(page):
    raw = page.read_bytes()
    assert legacy.detect(raw) is None
    decoded = raw.decode("utf-8-sig")
    assert legacy.repair_mojibake(decoded) == decoded
    try:
        cp1258 = to_cp1258(decoded)
    except UnicodeEncodeError:
        return  # characters Windows-1258 cannot hold
    assert legacy.detect(cp1258) is None


@pytest.mark.parametrize(
    "raw",
    [
        b"The Central Organization Commission met in Hanoi on Monday.",
        "Caf\u00e9 cr\u00e8me, na\u00efve r\u00e9sum\u00e9 \u2013 \u201cso\u201d".encode(),
        "Café crème, naïve résumé – “so”".encode("cp1252"),
        "Ã© is how é looks as mojibake".encode(),
        "Giá 100 €, nhiệt độ 30°C, © 2024 Báo Nhân Dân".encode(),
    ],
    ids=["ascii", "french-utf8", "french-cp1252", "one-mojibake-word", "symbols"],
)
def test_other_text_is_not_legacy(raw):
    assert legacy.detect(raw) is None


def test_decode_of_an_ordinary_page_is_none():
    assert legacy.decode("Hội nghị cán bộ toàn quốc".encode()) is None
    assert legacy.decode(to_cp1258("Hội nghị cán bộ toàn quốc")) is None


# Through the importer ---------------------------------------------------------------


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
def test_legacy_page_imports_as_its_unicode_original(tmp_path, encoding):
    page = "\n".join(SENTENCES[:4])
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(ENCODERS[encoding](page))
    [article] = ingest.read_file(path)
    assert not isinstance(article, FileProblem), article
    assert article.title == SENTENCES[0]
    assert article.body.split("\n\n")[-1] == SENTENCES[3]


@pytest.mark.parametrize("page", SEED_PAGES, ids=lambda p: p.name)
@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(to_tcvn3, id="tcvn3"),
        pytest.param(to_vni, id="vni"),
        pytest.param(lambda s: s.encode().decode("latin-1").encode(), id="mojibake"),
        pytest.param(
            lambda s: s.encode().decode("latin-1").encode("utf-8-sig"),
            id="mojibake-bom",
        ),
    ],
)
def test_seed_page_in_legacy_encoding_parses_the_same(tmp_path, page, encode):
    original = page.read_text(encoding="utf-8")
    try:
        data = encode(original)
    except UnicodeEncodeError:
        pytest.skip("the page has characters this encoding cannot hold")
    copy = tmp_path / page.name
    copy.write_bytes(data)
    [article] = ingest.read_file(copy)
    [expected] = ingest.read_file(page)
    assert article == expected


def test_unconvertible_legacy_file_is_a_problem_with_a_reason(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes("Héi nghÛ c¸n bé toµn quèc".encode("cp1252"))
    [problem] = ingest.read_file(path)
    assert isinstance(problem, FileProblem)
    assert "bảng mã cũ (TCVN3)" in problem.reason

"""Byte encodings that Python's codecs cannot produce from precomposed text."""

import unicodedata

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"


def to_cp1258(value: str) -> bytes:
    """Encode as Windows-1258 does: precomposed base letters, combining tones."""
    out = bytearray()
    for char in value:
        decomposed = unicodedata.normalize("NFD", char)
        tone = "".join(c for c in decomposed if c in _TONE_MARKS)
        base = unicodedata.normalize(
            "NFC", "".join(c for c in decomposed if c not in _TONE_MARKS)
        )
        out += base.encode("cp1258") + tone.encode("cp1258")
    return bytes(out)

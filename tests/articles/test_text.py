"""Table tests for the Vietnamese text rules every part of the archive shares."""

import unicodedata

import pytest

from articles import text


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("hoà", "hòa"),  # open oa: tone on the first vowel
        ("hòa", "hòa"),
        ("Uỷ", "Ủy"),
        ("uỷ", "ủy"),
        ("thuý", "thúy"),
        ("Thuỳ", "Thùy"),
        ("khoẻ", "khỏe"),
        ("hoá", "hóa"),
        ("hoàn", "hoàn"),  # closed syllable: tone on the last vowel
        ("hòan", "hoàn"),
        ("tuyến", "tuyến"),  # a marked vowel takes the tone
        ("người", "người"),
        ("quý", "quý"),  # qu: the u is part of the consonant
        ("quỳnh", "quỳnh"),
        ("giá", "giá"),  # gi + vowel: the i is part of the consonant
        ("gìn", "gìn"),
        ("mía", "mía"),
        ("hoài", "hoài"),  # three vowels: the middle one
        ("xoáy", "xoáy"),
        ("khuỷu", "khuỷu"),
        ("Nguyễn", "Nguyễn"),
        ("QĐ", "QĐ"),  # not a syllable with a tone: untouched
        ("COVID", "COVID"),
        ("2022", "2022"),
    ],
)
def test_canonical_word_places_the_tone_mark_one_way(written, canonical):
    assert text.canonical_word(written) == canonical


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (nfd("Nguyễn Văn Thể"), "Nguyễn Văn Thể"),  # NFD → NFC
        ("Ng\u200buyễn", "Nguyễn"),  # zero-width space inside a word
        ("\ufeffTrương", "Trương"),  # stray BOM
        ("a\r\nb\rc", "a\nb\nc"),  # line endings unified
        ("Uỷ ban hoà giải", "Ủy ban hòa giải"),
        (nfd("Uỷ ban"), "Ủy ban"),
        ("soft\u00adhyphen", "softhyphen"),
    ],
)
def test_normalize_cleans_and_unifies_text(raw, expected):
    assert text.normalize(raw) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Thuý", "Thúy"),
        ("UỶ BAN", "ủy ban"),
        (nfd("Trương Thị Mai"), "trương thị mai"),
        ("Trương  Thị\nMai", "Trương Thị Mai"),
    ],
)
def test_key_ignores_case_form_tone_placement_and_spacing(a, b):
    assert text.key(a) == text.key(b)


def test_key_keeps_diacritics_apart():
    assert text.key("Mai") != text.key("Mại")


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Trương Thị Mai", "truong thi mai"),
        ("Đảng", "dang"),
        ("đồng chí", "dong chi"),
        (nfd("Nguyễn"), "nguyen"),
        ("Uỷ", "uy"),
        ("205-QĐ/TW", "205-qd/tw"),
        ("Ưu tiên", "uu tien"),
    ],
)
def test_fold_strips_every_diacritic_and_maps_d_bar(raw, folded):
    assert text.fold(raw) == folded


def test_has_diacritics():
    assert text.has_diacritics("trương")
    assert text.has_diacritics("dđ")
    assert not text.has_diacritics("truong thi mai")


def test_tokens_carry_offsets_into_the_original_text():
    source = "Đồng chí Trương Thị Mai, Ủy viên"
    toks = list(text.tokens(source))
    assert [t.norm for t in toks] == [
        "đồng",
        "chí",
        "trương",
        "thị",
        "mai",
        "ủy",
        "viên",
    ]
    assert [t.folded for t in toks][2:5] == ["truong", "thi", "mai"]
    for t in toks:
        assert source[t.start : t.end] == t.text
    assert [t.position for t in toks] == list(range(7))


def test_tokens_keep_a_decomposed_word_in_one_piece():
    source = nfd("Nguyễn Văn")
    toks = list(text.tokens(source))
    assert [t.norm for t in toks] == ["nguyễn", "văn"]
    assert source[toks[0].start : toks[0].end] == nfd("Nguyễn")


def test_tokens_split_codes_into_syllables_and_numbers():
    assert text.syllables("205-QĐ/TW") == ["205", "qđ", "tw"]


def test_segment_joins_compounds_with_underscores():
    words = text.segment("Ban Tổ chức Trung ương")
    assert "Tổ_chức" in words or "tổ_chức" in [w.lower() for w in words]


def test_slugify_vi_is_ascii():
    assert text.slugify_vi("Trương Thị Mai") == "truong-thi-mai"
    assert text.slugify_vi("Đỗ Căn") == "do-can"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("\u00d0ại tướng", "Đại tướng"), ("\u00f0ồng chí", "đồng chí")],
)
def test_lookalike_eth_is_the_vietnamese_d(raw, expected):
    assert text.normalize(raw) == expected
    assert text.key(raw) == text.key(expected)
    assert text.fold(raw) == text.fold(expected)

import pytest

from search.analysis import folded_key, forms
from search.backends.whoosh.analyzers import SyllableTokenizer


@pytest.mark.parametrize(
    ("word", "norm", "folded"),
    [
        ("Trương", "trương", "truong"),
        ("hoà", "hòa", "hoa"),
        ("Uỷ", "ủy", "uy"),
        ("ĐẢNG", "đảng", "dang"),
        ("Nguye\u0302\u0303n", "nguyễn", "nguyen"),  # decomposed input
        ("an", "an", "an"),  # not an English stop word here
        ("hay", "hay", "hay"),  # never stemmed to "hai"
        ("205", "205", "205"),
    ],
)
def test_forms_normalize_and_fold_one_syllable(word, norm, folded):
    assert forms(word) == (norm, folded)


def test_tokenizer_puts_exact_and_folded_forms_at_one_position():
    tokens = [
        (t.text, t.pos) for t in SyllableTokenizer()("Ủy ban ở an", positions=True)
    ]
    assert tokens == [("ủy", 0), ("uy", 0), ("ban", 1), ("ở", 2), ("o", 2), ("an", 3)]


def test_tokenizer_in_query_mode_yields_folded_forms_only():
    texts = [t.text for t in SyllableTokenizer()("Tổ chức", mode="query")]
    assert texts == ["to", "chuc"]


def test_folded_key_joins_folded_syllables():
    assert folded_key("Trương Thị  Mai!") == "truong thi mai"

import pytest

from articles.codekeys import code_keys, find_codes


@pytest.mark.parametrize(
    ("typed", "keys"),
    [
        ("qd 205", ["qd-205"]),
        ("205/QĐ-TW", ["qd-205", "qd-205-tw"]),
        ("205-QĐ/TW", ["qd-205", "qd-205-tw"]),
        ("Quy định 205", ["qd-205"]),
        ("quy dinh so 205", ["qd-205"]),
        ("KL 88", ["kl-88"]),
        ("Kết luận số 88 KL/TW", ["kl-88", "kl-88-tw"]),
        ("39-NQ/TƯ", ["nq-39", "nq-39-tw"]),
        ("39-NQ/T.Ư", ["nq-39", "nq-39-tw"]),
        ("09-NQ/TU", ["nq-9", "nq-9-tu"]),
        ("128/NQ-CP", ["nq-128", "nq-128-cp"]),
        ("Chỉ thị 35", ["ct-35"]),
        ("Hướng dẫn số 26", ["hd-26"]),
        # A number with a letter is another document than the bare number.
        ("36a/NQ-CP", ["nq-36a", "nq-36a-cp"]),
        ("Nghị quyết số 36a", ["nq-36a"]),
        ("Quyết định số 168a/QĐ-UBND", ["qd-168a", "qd-168a-ubnd"]),
    ],
)
def test_find_codes_reduces_every_spelling_to_the_same_keys(typed, keys):
    (ref,) = find_codes(typed)
    assert ref.keys == keys


@pytest.mark.parametrize("typed", ["năm 2024", "ngày 11-10-2021", "tổ chức cán bộ"])
def test_find_codes_ignores_plain_numbers_and_words(typed):
    assert find_codes(typed) == []


def test_code_keys_from_document_parts():
    assert code_keys("205-QĐ/TW") == ["qd-205", "qd-205-tw"]
    assert code_keys("", "CT", "35") == ["ct-35"]
    assert code_keys("", "NQ", "036a", "CP") == ["nq-36a", "nq-36a-cp"]


def test_a_lettered_number_never_shares_the_bare_numbers_keys():
    """`36a/NQ-CP` was issued after `36/NQ-CP`: a search for one never finds the other."""
    assert not set(code_keys("36a/NQ-CP")) & set(code_keys("36/NQ-CP"))
    assert not set(code_keys("", "NQ", "36a", "CP")) & set(code_keys("36/NQ-CP"))


def test_extraction_and_search_read_codes_with_one_lexicon():
    """Every code extraction reads as written reduces to the keys search looks
    for, and every type word search knows is one extraction cites."""
    from articles.codekeys import DOCUMENT_TYPES, canonical_code, family
    from articles.extraction.codes import find_documents

    for kind in DOCUMENT_TYPES:
        for letters in kind.letters:
            code = canonical_code(f"Theo 15-{letters}/TƯ")
            assert code == f"15-{'TTr' if letters == 'TTR' else letters}/TW"
            assert code_keys(code) == [f"{kind.key}-15", f"{kind.key}-15-tw"]
        for name in kind.names:
            (hit,) = find_documents(f"Thực hiện {name} số 15 của Bộ Chính trị.")
            assert hit.found.is_bare and family(hit.found.doc_type) == (
                kind.family or kind.value
            )
            if kind.key:
                assert [r.key for r in find_codes(f"{name} số 15")] == [
                    f"{kind.key}-15"
                ]

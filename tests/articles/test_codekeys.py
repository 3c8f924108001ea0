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

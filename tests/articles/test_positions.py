"""Title phrases read as posts: one post per spelling, its body, place and kind."""

from __future__ import annotations

import pytest

from articles.positions import (
    BodyKind,
    Kind,
    State,
    expand,
    local_places,
    read_post,
    read_title,
)

ORGANIZATION_HEAD = "Trưởng Ban Tổ chức Trung ương"


@pytest.mark.parametrize(
    "phrase",
    [
        "Trưởng Ban Tổ chức Trung ương",
        "Trưởng ban Tổ chức T.Ư",
        "Trưởng Ban Tổ chức TƯ",
        "Trưởng ban Tổ chức TW",
        "trưởng ban tổ chức trung ương",
        "Trưởng Ban Tổ chức Trung ương khóa XIII",
        "Trưởng Ban Tổ chức Trung ương (BTCTW)",
    ],
)
def test_spellings_of_the_organization_commission_head_are_one_post(phrase):
    post = read_title(phrase).post
    assert post is not None
    assert post.name == ORGANIZATION_HEAD
    assert post.key == read_title(ORGANIZATION_HEAD).post.key
    assert post.body == "Ban Tổ chức Trung ương"
    assert post.body_kind == BodyKind.CENTRAL_PARTY
    assert post.kind == Kind.POST and post.single


@pytest.mark.parametrize(
    ("phrase", "name", "body", "kind", "place"),
    [
        (
            "Bí thư Tỉnh ủy Thái Nguyên",
            "Bí thư Tỉnh ủy Thái Nguyên",
            "Tỉnh ủy Thái Nguyên",
            BodyKind.LOCAL_PARTY,
            "Thái Nguyên",
        ),
        (
            "Bí thư tỉnh ủy Thái Nguyên",
            "Bí thư Tỉnh ủy Thái Nguyên",
            "Tỉnh ủy Thái Nguyên",
            BodyKind.LOCAL_PARTY,
            "Thái Nguyên",
        ),
        (
            "Bí thư Thành ủy TP Hà Nội",
            "Bí thư Thành ủy Hà Nội",
            "Thành ủy Hà Nội",
            BodyKind.LOCAL_PARTY,
            "Hà Nội",
        ),
        (
            "Bí thư Thành ủy TPHCM",
            "Bí thư Thành ủy Thành phố Hồ Chí Minh",
            "Thành ủy Thành phố Hồ Chí Minh",
            BodyKind.LOCAL_PARTY,
            "Thành phố Hồ Chí Minh",
        ),
        (
            "Chủ tịch UBND tỉnh Lào Cai",
            "Chủ tịch Ủy ban nhân dân tỉnh Lào Cai",
            "Ủy ban nhân dân tỉnh Lào Cai",
            BodyKind.LOCAL_GOVERNMENT,
            "Lào Cai",
        ),
        (
            "Chủ tịch tỉnh Thừa Thiên Huế",
            "Chủ tịch Ủy ban nhân dân tỉnh Thừa Thiên Huế",
            "Ủy ban nhân dân tỉnh Thừa Thiên Huế",
            BodyKind.LOCAL_GOVERNMENT,
            "Thừa Thiên Huế",
        ),
        (
            "Bí thư Tỉnh ủy TT-Huế",
            "Bí thư Tỉnh ủy Thừa Thiên Huế",
            "Tỉnh ủy Thừa Thiên Huế",
            BodyKind.LOCAL_PARTY,
            "Thừa Thiên Huế",
        ),
        (
            "nguyên Bí thư Phú Thọ",
            "Bí thư Tỉnh ủy Phú Thọ",
            "Tỉnh ủy Phú Thọ",
            BodyKind.LOCAL_PARTY,
            "Phú Thọ",
        ),
    ],
)
def test_local_posts_carry_their_place(phrase, name, body, kind, place):
    post = read_title(phrase).post
    assert (post.name, post.body, post.body_kind, post.place) == (
        name,
        body,
        kind,
        place,
    )


@pytest.mark.parametrize(
    ("phrase", "name", "body", "kind"),
    [
        (
            "Ủy viên Bộ Chính trị",
            "Ủy viên Bộ Chính trị",
            "Bộ Chính trị",
            BodyKind.POLITBURO,
        ),
        ("UVBCT", "Ủy viên Bộ Chính trị", "Bộ Chính trị", BodyKind.POLITBURO),
        (
            "Bí thư Trung ương Đảng",
            "Bí thư Trung ương Đảng",
            "Ban Bí thư",
            BodyKind.SECRETARIAT,
        ),
        (
            "Bí thư T.Ư Đảng",
            "Bí thư Trung ương Đảng",
            "Ban Bí thư",
            BodyKind.SECRETARIAT,
        ),
        (
            "Ủy viên Ban Chấp hành Trung ương Đảng",
            "Ủy viên Trung ương Đảng",
            "Ban Chấp hành Trung ương Đảng",
            BodyKind.CENTRAL_COMMITTEE,
        ),
        (
            "UVTW Đảng",
            "Ủy viên Trung ương Đảng",
            "Ban Chấp hành Trung ương Đảng",
            BodyKind.CENTRAL_COMMITTEE,
        ),
        (
            "Ủy viên dự khuyết Trung ương Đảng",
            "Ủy viên dự khuyết Trung ương Đảng",
            "Ban Chấp hành Trung ương Đảng",
            BodyKind.CENTRAL_COMMITTEE,
        ),
        (
            "Ủy viên Thường vụ QUTW",
            "Ủy viên Ban Thường vụ Quân ủy Trung ương",
            "Ban Thường vụ Quân ủy Trung ương",
            BodyKind.CENTRAL_PARTY,
        ),
    ],
)
def test_memberships_are_memberships_of_their_body(phrase, name, body, kind):
    post = read_title(phrase).post
    assert post.kind == Kind.MEMBERSHIP
    assert not post.single
    assert (post.name, post.body, post.body_kind) == (name, body, kind)


@pytest.mark.parametrize(
    ("phrase", "name"),
    [
        ("Thường trực Ban Bí thư", "Thường trực Ban Bí thư"),
        ("Tổng Bí thư", "Tổng Bí thư"),
        ("Tổng bí thư ĐCSVN", "Tổng Bí thư"),
        ("Tổng Bí thư Ban Chấp hành Trung ương Đảng", "Tổng Bí thư"),
        ("Thủ tướng", "Thủ tướng Chính phủ"),
        ("Phó Thủ tướng", "Phó Thủ tướng Chính phủ"),
        ("Chủ tịch nước", "Chủ tịch nước"),
        ("Thứ trưởng Bộ GTVT", "Thứ trưởng Bộ Giao thông vận tải"),
        ("Thứ trưởng Ngoại giao", "Thứ trưởng Bộ Ngoại giao"),
        ("Bộ trưởng Bộ GD-ĐT", "Bộ trưởng Bộ Giáo dục và Đào tạo"),
        ("Viện trưởng VKSND tối cao", "Viện trưởng Viện Kiểm sát nhân dân tối cao"),
        (
            "Phó Trưởng ban Thường trực Ban Tổ chức Trung ương",
            "Phó Trưởng Ban Thường trực Ban Tổ chức Trung ương",
        ),
        ("Phó trưởng Ban Tổ chức Trung ương", "Phó Trưởng Ban Tổ chức Trung ương"),
        ("Chủ nhiệm UBKT Trung ương", "Chủ nhiệm Ủy ban Kiểm tra Trung ương"),
    ],
)
def test_top_posts_have_one_name_whatever_the_spelling(phrase, name):
    assert read_title(phrase).post.name == name


def test_deputies_share_a_post_heads_hold_it_alone():
    assert read_title("Thứ trưởng Bộ Y tế").post.single is False
    assert read_title("Bộ trưởng Bộ Y tế").post.single is True
    head = read_title("Phó Trưởng ban Thường trực Ban Tổ chức Trung ương").post
    assert head.single and head.order == 2


@pytest.mark.parametrize(
    ("phrase", "state"),
    [
        ("nguyên Bí thư Tỉnh ủy Thanh Hóa", State.FORMER),
        ("cựu Bí thư Tỉnh ủy Thanh Hóa", State.FORMER),
        ("Nguyên Bí thư Tỉnh ủy Thanh Hóa", State.FORMER),
        ("tân Bí thư Tỉnh ủy Thanh Hóa", State.NEW),
        ("quyền Bí thư Tỉnh ủy Thanh Hóa", State.ACTING),
        ("Bí thư Tỉnh ủy Thanh Hóa", State.CURRENT),
    ],
)
def test_former_and_new_prefixes_set_the_state_not_the_post(phrase, state):
    reading = read_title(phrase)
    assert reading.state == state
    assert reading.post.name == "Bí thư Tỉnh ủy Thanh Hóa"


def test_a_central_term_after_the_post_is_read_a_provincial_one_dropped():
    reading = read_title("Ủy viên Bộ Chính trị khóa XIV")
    assert (reading.post.name, reading.term) == ("Ủy viên Bộ Chính trị", 14)
    provincial = read_title("Bí thư Tỉnh ủy Long An Khóa X")
    assert (provincial.post.name, provincial.term) == ("Bí thư Tỉnh ủy Long An", None)


@pytest.mark.parametrize(
    "phrase",
    [
        "Thượng tướng",
        "Đại tá",
        "Phó Trưởng Ban",
        "Bộ trưởng",
        "Bí thư Tỉnh ủy",
        "Chủ tịch UBND tỉnh",
        "Bí thư Đảng ủy",
        "Đại sứ Việt Nam",
        "Giám đốc Sở Y tế",
        "",
    ],
)
def test_phrases_naming_no_identifiable_post_give_none(phrase):
    assert read_title(phrase).post is None


def test_the_page_names_the_place_of_a_bare_local_committee():
    places = local_places("Ban Tổ chức Thành ủy Hà Nội tổ chức hội nghị tại Quận ủy.")
    assert places == {"thành phố": "Hà Nội"}
    post = read_title("Trưởng ban Tổ chức Thành ủy", places).post
    assert post.name == "Trưởng Ban Tổ chức Thành ủy Hà Nội"
    assert post.place == "Hà Nội"


def test_two_provinces_on_a_page_leave_a_bare_province_unplaced():
    places = local_places("Tỉnh ủy Lào Cai và Tỉnh ủy Yên Bái ký kết hợp tác.")
    assert "tỉnh" not in places
    assert read_title("Bí thư Tỉnh ủy", places).post is None


def test_expansion_writes_abbreviations_out_and_keeps_other_words():
    assert (
        expand("Chủ tịch UBND TP.Hà Nội") == "Chủ tịch Ủy ban nhân dân thành phố Hà Nội"
    )
    assert expand("Ủy viên BCH TƯ Đảng") == "Ủy viên Ban Chấp hành Trung ương Đảng"
    assert expand("Phó Giáo sư") == "Phó Giáo sư"


def test_read_post_is_what_read_title_reads_after_the_prefixes():
    assert (
        read_post("Trưởng Ban Tổ chức Trung ương")
        == read_title("nguyên Trưởng ban Tổ chức T.Ư").post
    )

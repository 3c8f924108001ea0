"""The tables `articles.positions` reads posts with: ranks, top posts, places.

Data only: what each rank word is called, whether one official holds it at a
time, which body it implies; the spellings of the Party's and the State's top
posts; the provinces' names; the short forms of ministries the project's
abbreviation table (`articles.abbreviations`) leaves out.
"""

from __future__ import annotations

from dataclasses import dataclass


class Kind:
    POST = "post"
    MEMBERSHIP = "membership"


# Abbreviations of bodies the shared table leaves out: ministries and regions
# written in their short forms on news pages.
LOCAL_FORMS = (
    (r"GD\s*[-&]?\s*ĐT", "Giáo dục và Đào tạo"),
    (r"KH\s*[-&]\s*ĐT|KHĐT", "Kế hoạch và Đầu tư"),
    (r"TT\s*[-&]\s*TT|TTTT", "Thông tin và Truyền thông"),
    (r"LĐ\s*[-,]?\s*TB\s*[-&]?\s*XH|LĐTBXH", "Lao động, Thương binh và Xã hội"),
    (r"NN\s*[-&]\s*PTNT|NNPTNT", "Nông nghiệp và Phát triển nông thôn"),
    (r"TN\s*[-&]\s*MT|TNMT", "Tài nguyên và Môi trường"),
    (r"VH\s*[-,]\s*TT\s*[-&]\s*DL|VHTTDL", "Văn hóa, Thể thao và Du lịch"),
    (r"TT\s*-\s*Huế|Thừa Thiên\s*-\s*Huế", "Thừa Thiên Huế"),
    (r"HĐQT", "Hội đồng quản trị"),
    (r"Viện KSND", "Viện Kiểm sát nhân dân"),
)
# Table entries that are not parts of a post's name (degrees, publishers).
NOT_POSTS = frozenset({"Giáo sư", "Phó Giáo sư", "Tiến sĩ", "Thạc sĩ", "Nhà xuất bản"})


@dataclass(frozen=True, slots=True)
class Rank:
    pattern: str
    label: str  # the rank as a reader names it
    prefix: str  # what the post's name starts with before the body
    organ: str  # the organ word the body starts with, written or implied
    order: int
    single: bool
    kind: str = Kind.POST
    default_body: str = ""


def _r(pattern, label, order, single=True, organ="", prefix=None, **kw) -> Rank:
    return Rank(
        pattern, label, label if prefix is None else prefix, organ, order, single, **kw
    )


_M = Kind.MEMBERSHIP
# Longest first: the first pattern that matches the phrase's start wins.
RANKS: tuple[Rank, ...] = (
    _r(r"Tổng Bí thư", "Tổng Bí thư", 1, default_body="Ban Chấp hành Trung ương Đảng"),
    _r(r"Phó Bí thư Thường trực", "Phó Bí thư Thường trực", 2),
    _r(r"Phó Bí thư", "Phó Bí thư", 3, single=False),
    _r(r"Bí thư", "Bí thư", 1),
    _r(r"Ủy viên dự khuyết", "Ủy viên dự khuyết", 10, single=False, kind=_M),
    _r(
        r"Ủy viên Thường vụ",
        "Ủy viên Ban Thường vụ",
        8,
        single=False,
        kind=_M,
        prefix="Ủy viên",
        organ="Ban Thường vụ",
    ),
    _r(r"Ủy viên Thường trực", "Ủy viên Thường trực", 7, single=False, kind=_M),
    _r(r"Ủy viên", "Ủy viên", 9, single=False, kind=_M),
    _r(
        r"(?:Tỉnh|Thành|Huyện|Quận|Thị)\s+ủy\s+viên",
        "Ủy viên",
        9,
        single=False,
        kind=_M,
    ),
    _r(r"Phó Trưởng [Bb]an Thường trực", "Phó Trưởng Ban Thường trực", 2, organ="Ban"),
    _r(
        r"Phó Trưởng [Bb]an",
        "Phó Trưởng Ban",
        3,
        single=False,
        prefix="Phó Trưởng",
        organ="Ban",
    ),
    _r(r"Trưởng [Bb]an", "Trưởng Ban", 1, prefix="Trưởng", organ="Ban"),
    _r(
        r"Phó Trưởng [Đđ]oàn",
        "Phó Trưởng Đoàn",
        3,
        single=False,
        prefix="Phó Trưởng",
        organ="Đoàn",
    ),
    _r(r"Trưởng [Đđ]oàn", "Trưởng Đoàn", 1, prefix="Trưởng", organ="Đoàn"),
    _r(r"Phó Chủ tịch Thường trực", "Phó Chủ tịch Thường trực", 2),
    _r(r"Phó Chủ tịch", "Phó Chủ tịch", 3, single=False),
    _r(r"Chủ tịch", "Chủ tịch", 1),
    _r(r"Phó Chủ nhiệm Thường trực", "Phó Chủ nhiệm Thường trực", 2),
    _r(r"Phó Chủ nhiệm", "Phó Chủ nhiệm", 3, single=False),
    _r(r"Chủ nhiệm", "Chủ nhiệm", 1),
    _r(
        r"Phó Thủ tướng Thường trực",
        "Phó Thủ tướng Thường trực",
        2,
        default_body="Chính phủ",
    ),
    _r(r"Phó Thủ tướng", "Phó Thủ tướng", 3, single=False, default_body="Chính phủ"),
    _r(r"Thủ tướng", "Thủ tướng", 1, default_body="Chính phủ"),
    _r(r"Bộ trưởng", "Bộ trưởng", 1, organ="Bộ"),
    _r(r"Thứ trưởng Thường trực", "Thứ trưởng Thường trực", 2, organ="Bộ"),
    _r(r"Thứ trưởng", "Thứ trưởng", 3, single=False, organ="Bộ"),
    _r(r"Phó Tổng Giám đốc", "Phó Tổng Giám đốc", 3, single=False),
    _r(r"Tổng Giám đốc", "Tổng Giám đốc", 1),
    _r(r"Phó Giám đốc", "Phó Giám đốc", 3, single=False),
    _r(r"Giám đốc", "Giám đốc", 1),
    _r(r"Phó Viện trưởng Thường trực", "Phó Viện trưởng Thường trực", 2),
    _r(r"Phó Viện trưởng", "Phó Viện trưởng", 3, single=False),
    _r(r"Viện trưởng", "Viện trưởng", 1),
    _r(r"Phó Chánh án", "Phó Chánh án", 3, single=False),
    _r(r"Chánh án", "Chánh án", 1),
    _r(
        r"Phó Chánh Văn phòng",
        "Phó Chánh Văn phòng",
        3,
        single=False,
        prefix="Phó Chánh",
        organ="Văn phòng",
    ),
    _r(r"Chánh Văn phòng", "Chánh Văn phòng", 1, prefix="Chánh", organ="Văn phòng"),
    _r(
        r"Phó Tổng Thanh tra",
        "Phó Tổng Thanh tra",
        3,
        single=False,
        default_body="Chính phủ",
    ),
    _r(r"Tổng Thanh tra", "Tổng Thanh tra", 1, default_body="Chính phủ"),
    _r(
        r"Phó Tổng Kiểm toán",
        "Phó Tổng Kiểm toán",
        3,
        single=False,
        default_body="Nhà nước",
    ),
    _r(r"Tổng Kiểm toán", "Tổng Kiểm toán", 1, default_body="Nhà nước"),
    _r(
        r"Phó Tổng cục trưởng", "Phó Tổng cục trưởng", 3, single=False, organ="Tổng cục"
    ),
    _r(r"Tổng cục trưởng", "Tổng cục trưởng", 1, organ="Tổng cục"),
    _r(r"Phó Cục trưởng", "Phó Cục trưởng", 3, single=False, organ="Cục"),
    _r(r"Cục trưởng", "Cục trưởng", 1, organ="Cục"),
    _r(r"Phó Vụ trưởng", "Phó Vụ trưởng", 3, single=False, organ="Vụ"),
    _r(r"Vụ trưởng", "Vụ trưởng", 1, organ="Vụ"),
    _r(r"Phó Tổng Thư ký", "Phó Tổng Thư ký", 3, single=False),
    _r(r"Tổng Thư ký", "Tổng Thư ký", 1),
    _r(
        r"Phó Tổng Tham mưu trưởng",
        "Phó Tổng Tham mưu trưởng",
        3,
        single=False,
        default_body="Quân đội nhân dân Việt Nam",
    ),
    _r(
        r"Tổng Tham mưu trưởng",
        "Tổng Tham mưu trưởng",
        1,
        default_body="Quân đội nhân dân Việt Nam",
    ),
    _r(r"Phó Tư lệnh", "Phó Tư lệnh", 3, single=False),
    _r(r"Tư lệnh", "Tư lệnh", 1),
    _r(r"Phó Chính ủy", "Phó Chính ủy", 3, single=False),
    _r(r"Chính ủy", "Chính ủy", 1),
    _r(r"Tham mưu trưởng", "Tham mưu trưởng", 2),
    _r(r"Tổng Lãnh sự", "Tổng Lãnh sự", 1),
    _r(r"Đại sứ", "Đại sứ", 1),
    _r(r"Trợ lý", "Trợ lý", 5, single=False),
    _r(r"Thành viên", "Thành viên", 9, single=False, kind=_M),
    _r(
        r"Đại biểu Quốc hội",
        "Đại biểu Quốc hội",
        9,
        single=False,
        kind=_M,
        prefix="Đại biểu",
        default_body="Quốc hội",
    ),
)

# Whole phrases (after expansion, compared by key) that name the top posts of
# the Party and the State in several spellings.
_CC = "Ban Chấp hành Trung ương Đảng"
SPECIAL: dict[str, tuple[str, ...]] = {
    # key → (name, rank, order, body, kind, single)
    "Ủy viên Bộ Chính trị": ("Ủy viên", "9", "Bộ Chính trị", _M, ""),
    "Thường trực Ban Bí thư": ("Thường trực", "2", "Ban Bí thư", Kind.POST, "1"),
    "Bí thư Trung ương Đảng": ("Bí thư", "3", "Ban Bí thư", _M, ""),
    "Ủy viên Trung ương Đảng": ("Ủy viên", "9", _CC, _M, ""),
    "Ủy viên dự khuyết Trung ương Đảng": ("Ủy viên dự khuyết", "10", _CC, _M, ""),
    "Tổng Bí thư": ("Tổng Bí thư", "1", _CC, Kind.POST, "1"),
    "Chủ tịch nước": ("Chủ tịch", "1", "Nhà nước", Kind.POST, "1"),
    "Phó Chủ tịch nước": ("Phó Chủ tịch", "3", "Nhà nước", Kind.POST, ""),
    "Thủ tướng Chính phủ": ("Thủ tướng", "1", "Chính phủ", Kind.POST, "1"),
    "Chủ tịch Quốc hội": ("Chủ tịch", "1", "Quốc hội", Kind.POST, "1"),
    "Đại biểu Quốc hội": ("Đại biểu", "9", "Quốc hội", _M, ""),
}
SYNONYMS: dict[str, str] = {
    "Bí thư Trung ương": "Bí thư Trung ương Đảng",
    "Ủy viên Ban Bí thư": "Bí thư Trung ương Đảng",
    "Ủy viên Trung ương": "Ủy viên Trung ương Đảng",
    "Ủy viên Ban Chấp hành Trung ương": "Ủy viên Trung ương Đảng",
    "Ủy viên Ban Chấp hành Trung ương Đảng": "Ủy viên Trung ương Đảng",
    "Ủy viên Trung ương Đảng Cộng sản Việt Nam": "Ủy viên Trung ương Đảng",
    "Ủy viên dự khuyết Trung ương": "Ủy viên dự khuyết Trung ương Đảng",
    "Ủy viên dự khuyết Ban Chấp hành Trung ương": "Ủy viên dự khuyết Trung ương Đảng",
    "Ủy viên dự khuyết Ban Chấp hành Trung ương Đảng": (
        "Ủy viên dự khuyết Trung ương Đảng"
    ),
    "Tổng Bí thư Ban Chấp hành Trung ương Đảng": "Tổng Bí thư",
    "Tổng Bí thư Ban Chấp hành Trung ương": "Tổng Bí thư",
    "Tổng Bí thư Đảng": "Tổng Bí thư",
    "Tổng Bí thư Đảng Cộng sản Việt Nam": "Tổng Bí thư",
    "Chủ tịch nước Cộng hòa xã hội chủ nghĩa Việt Nam": "Chủ tịch nước",
    "Thủ tướng": "Thủ tướng Chính phủ",
    "Chủ tịch Quốc hội nước Cộng hòa xã hội chủ nghĩa Việt Nam": "Chủ tịch Quốc hội",
}


# The provinces and centrally run cities (before the 2025 mergers), for places
# written without a locality word (`Sở Y tế Hà Nội`, `nguyên Bí thư Phú Thọ`).
PROVINCES = tuple(
    """An Giang|Bà Rịa - Vũng Tàu|Bạc Liêu|Bắc Giang|Bắc Kạn|Bắc Ninh|Bến Tre|Bình
    Dương|Bình Định|Bình Phước|Bình Thuận|Cà Mau|Cao Bằng|Cần Thơ|Đà Nẵng|Đắk Lắk|
    Đắk Nông|Điện Biên|Đồng Nai|Đồng Tháp|Gia Lai|Hà Giang|Hà Nam|Hà Nội|Hà Tĩnh|Hải
    Dương|Hải Phòng|Hậu Giang|Hòa Bình|Hưng Yên|Khánh Hòa|Kiên Giang|Kon Tum|Lai
    Châu|Lạng Sơn|Lào Cai|Lâm Đồng|Long An|Nam Định|Nghệ An|Ninh Bình|Ninh Thuận|Phú
    Thọ|Phú Yên|Quảng Bình|Quảng Nam|Quảng Ngãi|Quảng Ninh|Quảng Trị|Sóc Trăng|Sơn
    La|Tây Ninh|Thái Bình|Thái Nguyên|Thanh Hóa|Thừa Thiên Huế|Tiền Giang|Trà Vinh|
    Tuyên Quang|Vĩnh Long|Vĩnh Phúc|Yên Bái|Thành phố Hồ Chí Minh""".replace(
        "\n    ", " "
    )
    .replace("| ", "|")
    .split("|")
)
CITIES = frozenset(
    {"Hà Nội", "Thành phố Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế"}
)

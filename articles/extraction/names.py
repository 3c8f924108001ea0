"""Vocabulary for telling people from places: surnames, honorifics, place names."""

from __future__ import annotations

import re

from .. import text


def _keys(words: str) -> frozenset[str]:
    return frozenset(text.key(w) for w in words.split(",") if w.strip())


# Surnames that almost only ever start a person's name when capitalized.
STRONG_SURNAMES = _keys(
    "Nguyễn, Trần, Lê, Phạm, Hoàng, Huỳnh, Phan, Vũ, Võ, Đặng, Bùi, Đỗ, Hồ, Ngô,"
    "Dương, Lý, Trương, Đinh, Đoàn, Trịnh, Đào, Lương, Lưu, Vương, Quách, Triệu,"
    "Nông, Hứa, Khúc, Tống, Kiều, Lại, Tạ, Thân, Phùng, Mạc, Doãn, Nghiêm, Khổng,"
    "Lã, Hầu, Lục, Bạch, Phí, Đàm, Diệp, Thạch, Lò, Bế, Lường, Giàng, Sùng, Hoàng,"
    "Khương, Tăng, Trình, Cù, Mẫn, Hà, Uông, Giáp, Khuất, Quản, Biện, Bành, Ứng,"
    "Chế,"
    # Surnames of the northern mountain peoples (Thái, Tày, Nùng, Mông, Dao, …).
    "Tòng, Lù, Thào, Hờ, Quàng, Tẩn, Phàn, Sầm, Lừu, Vừ, Lỳ, Lìu, Chẻo, Xồng, Chẩu,"
    "Lèng,"
    # Central Highlands peoples (Ê Đê, Gia Rai, Ba Na, Cơ Ho, …).
    "Ksor, Rcom, Rmah, Kpă, Byă, Niê, Êban, Siu, Điểu, Kpuih, Bdap, Rah"
)
# Surnames that are also everyday words or place names (`Mai` tomorrow, `Văn`
# literature, `Từ` from, `Cao` high, `Hà Nội`): a name starting with one needs a
# title or honorific in front, or the same name elsewhere in the article.
WEAK_SURNAMES = _keys(
    "Mai, Văn, Cao, Lâm, La, Âu, Tô, Thái, Châu, Chu, Từ, Giang, Phương, Ninh,"
    "Kim, Hàn, Quan, Tôn, Ân, Y, Danh, Sơn, Vi, Lô, Rơ, Lạc,"
    # Mountain surnames that are also common words (`vàng` gold, `mùa` season,
    # `Lầu Năm Góc`, `bàn` table): they too need a title or honorific.
    "Vàng, Cầm, Mùa, Lầu, Bàn, Ma, Sình, Chảo, Vy, Cung, Mông, Nay, Ly, Đèo,"
    # `đồng` is copper and the currency; `Đồng Văn Thanh` is a surname.
    "Đồng"
)
SURNAMES = STRONG_SURNAMES | WEAK_SURNAMES
# `Hà` is a very common surname but also starts four provinces; keep it strong and
# let the place list below catch `Hà Nội` and friends.

# Capitalized sequences starting with a surname that name a place, an
# institution or a thing far more often than a person.
PLACE_NAMES = _keys(
    "Hà Nội, Hà Giang, Hà Nam, Hà Tĩnh, Hà Đông, Hà Tiên, Hà Trung, Hà Quảng,"
    "Hà Lan, Cao Bằng, Cao Lãnh, Lâm Đồng, Lâm Hà, Thái Bình, Thái Nguyên,"
    "Thái Lan, Hồ Chí Minh, Hồ Tây, Hồ Gươm, Hồ Hoàn Kiếm, Hoàng Mai, Hoàng Sa,"
    "Hoàng Su Phì, Lê Chân, Ngô Quyền, Mai Châu, Mai Sơn, Mai Dịch, Lý Sơn,"
    "Lương Sơn, Châu Âu, Châu Á, Châu Phi, Châu Mỹ, Châu Đốc, Châu Thành,"
    "Hàn Quốc, Phan Thiết, Phan Rang, Tô Lịch, Văn Miếu, Văn Lâm, Văn Giang,"
    "Văn Yên, Văn Chấn, Văn Quan, Văn Lãng, Văn Bàn, Kim Bảng, Kim Sơn, Kim Động,"
    "Kim Mã, Kim Liên, Đoàn Thanh, Lạc Long Quân, Hùng Vương, Hai Bà Trưng,"
    "Trần Hưng Đạo, Lê Lợi, Lý Thường Kiệt, Trần Phú, Lê Duẩn, Nguyễn Trãi,"
    "Phan Đình Phùng, Tôn Đức Thắng, Hoàng Hoa Thám, Đinh Tiên Hoàng, Lê Hồng Phong,"
    "Phan Bội Châu, Nguyễn Du, Lý Thái Tổ, Võ Thị Sáu, Nguyễn Văn Cừ, Nguyễn Chí Thanh,"
    "Lê Thánh Tông, Ngô Gia Tự, Trần Quốc Toản, Nguyễn Thái Học, Phan Chu Trinh,"
    "Lê Văn Lương, Nguyễn Văn Linh, Võ Văn Kiệt, Phạm Văn Đồng, Trường Chinh,"
    "Tô Hiến Thành, Nguyễn Huệ, Quang Trung, Lý Tự Trọng, Hồ Tùng Mậu, Giang Văn Minh,"
    "Đào Duy Từ, Lương Văn Can, Triệu Việt Vương, Bà Triệu, Trương Định,"
    "Nguyễn Tất Thành, Cù Chính Lan, Đội Cấn, Hà Huy Tập, Lê Quý Đôn, Chu Văn An,"
    # `Đồng` starts places as well as a surname.
    "Đồng Hỷ, Đồng Hới, Đồng Xoài, Đồng Văn, Đồng Phú, Đồng Xuân, Đồng Đăng,"
    "Đồng Giao, Đồng Lộc, Đồng Khởi, Đồng Sơn, Đồng Tâm, Đồng Hòa, Đồng Hỷ,"
    "Bồ Đào Nha,"
    # Districts named for people (`huyện Dương Minh Châu`), listed bare in a row of
    # places far more often than written for the person.
    "Dương Minh Châu"
)

# Provinces, cities and districts that stand between a title and a name
# (`Chủ tịch UBND tỉnh Bình Dương Trần Thanh Liêm`); stripped from the front of a
# capitalized run before the name is looked for.
REGION_NAMES = PLACE_NAMES | _keys(
    "An Giang, Bà Rịa, Vũng Tàu, Bà Rịa - Vũng Tàu, Bắc Giang, Bắc Kạn, Bạc Liêu,"
    "Bắc Ninh, Bến Tre, Bình Định, Bình Dương, Bình Phước, Bình Thuận, Cà Mau,"
    "Cần Thơ, Đà Nẵng, Đắk Lắk, Đắk Nông, Điện Biên, Đồng Nai, Đồng Tháp, Gia Lai,"
    "Hải Dương, Hải Phòng, Hậu Giang, Hòa Bình, Hưng Yên, Khánh Hòa, Kiên Giang,"
    "Kon Tum, Lai Châu, Lạng Sơn, Lào Cai, Long An, Nam Định, Nghệ An, Ninh Bình,"
    "Ninh Thuận, Phú Thọ, Phú Yên, Quảng Bình, Quảng Nam, Quảng Ngãi, Quảng Ninh,"
    "Quảng Trị, Sóc Trăng, Sơn La, Tây Ninh, Thanh Hóa, Thừa Thiên Huế, Huế,"
    "Tiền Giang, Trà Vinh, Tuyên Quang, Vĩnh Long, Vĩnh Phúc, Yên Bái, Thủ Đức,"
    "Ba Đình, Hoàn Kiếm, Đống Đa, Cầu Giấy, Tây Hồ, Long Biên, Thanh Xuân, Nam Từ Liêm,"
    "Bắc Từ Liêm, Gia Lâm, Đông Anh, Sóc Sơn, Mỹ Đức, Phú Xuyên, Hạ Long, Việt Nam,"
    "Tây Nguyên, Nam Bộ, Bắc Bộ, Trung Bộ, Quân khu, Thủ đô"
)

# Person words that may stand before a place-like name to make it a person:
# `Chủ tịch Hồ Chí Minh`, `Tổng Bí thư Lê Duẩn`, `đồng chí Võ Văn Kiệt`.
PERSON_LEAD_RE = re.compile(
    r"(?:Chủ tịch|Bác|Tổng [Bb]í thư|Thủ tướng|Đại tướng|đồng chí|Đồng chí|Người|"
    r"[cC]ố Chủ tịch|[cC]ố Tổng [Bb]í thư|[cC]ố Thủ tướng|anh hùng|Anh hùng|"
    r"liệt sĩ|Liệt sĩ|nhà yêu nước|danh nhân|Danh nhân|ông|bà|Ông|Bà)\s+$"
)

# Words right before a capitalized run that make it a place or an institution.
PLACE_BEFORE_RE = re.compile(
    r"(?:^|[\s(,;:])(?:quận|huyện|phường|xã|thị trấn|thị xã|tỉnh|thành phố|TP\.?|tp\.?|"
    r"phố|đường|hè|cầu|ngõ|hẻm|đại lộ|tuyến|thôn|làng|ấp|bản|khu phố|tổ dân phố|"
    r"sân|sông|núi|đảo|đèo|hồ|chùa|đền|lăng|tượng đài|quảng trường|"
    r"trường(?: đảng| chính trị| bồi dưỡng cán bộ)?|ĐH|đại học|"
    r"học viện|bệnh viện|công ty|tập đoàn|bảo tàng|quỹ|"
    r"giải thưởng|huân chương|huy chương|di tích|nhà văn hóa|"
    r"quốc gia|cộng sản|mang tên|tư tưởng|sư đoàn|trung đoàn|"
    r"quân đoàn|lữ đoàn|tàu|câu lạc bộ|CLB|phong trào|chương trình|"
    r"bến|chợ|ga|sân bay|cảng|hãng|tạp chí|nhà xuất bản|công viên|vườn hoa|"
    r"sân vận động|nhà thi đấu|cung văn hóa|nhà hát|rạp|khu đô thị|chung cư|"
    r"nhà máy|kênh|rạch|đình|nhà thờ|khu di tích|khách sạn|tòa nhà|"
    # A house number makes the name after it a street: `(số 7 Lý Nam Đế)`.
    r"số\s+\d+[A-Za-z]?(?:[/-]\d+[A-Za-z]?)*)\s+$",
    re.IGNORECASE,
)

# Honorifics and ranks that sit right before a name and are not part of it.
HONORIFIC_RE = re.compile(
    r"(?:^|(?<=[\s(,;:“\"]))((?:các\s+)?(?:đồng chí|đ/c|ông|bà|Đại tướng|Thượng tướng|"
    r"Trung tướng|Thiếu tướng|Đại tá|Thượng tá|Trung tá|Thiếu tá|Đô đốc|Phó Đô đốc|"
    r"Đại úy|Thượng úy|Trung úy|Thiếu úy|Chuẩn úy|Thượng sĩ|Trung sĩ|Hạ sĩ|"
    r"Binh nhất|Binh nhì|"
    r"Chuẩn Đô đốc|Phó Giáo sư|Giáo sư|"
    # Academic prefixes; \u2024 is the masked dot of `GS.TS`.
    r"(?:P?GS[.\u2024]?\s?)?TS(?:KH)?[.\u2024]?|P?GS[.\u2024]?|ThS[.\u2024]?|"
    r"Tiến sĩ|Thạc sĩ|Bác sĩ|Nhà báo|Luật sư|Bác))\s+$",
    re.IGNORECASE,
)
# Honorifics written in lower case when they are common nouns.
_LOWER_HONORIFICS = {"đồng chí", "ông", "bà", "các đồng chí"}


def canonical_honorific(raw: str) -> str:
    """Return an honorific in its usual spelling: `Đồng chí` → `đồng chí`."""
    raw = " ".join(raw.split())
    low = raw.lower()
    if low.startswith("các "):
        raw, low = raw[4:], low[4:]
    if low in _LOWER_HONORIFICS:
        return low
    if low == "đ/c":
        return "đồng chí"  # `Đ/C Nguyễn Tiềm`: the abbreviation of `đồng chí`
    if low == "bác":
        return "Bác"
    return (raw[0].upper() + raw[1:]).replace("\u2024", ".")


def is_title_case(word: str) -> bool:
    """Tell whether a syllable is capitalized the way a name syllable is."""
    return word[:1].isupper() and (len(word) == 1 or word[1:].islower())

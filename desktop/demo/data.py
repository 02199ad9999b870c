"""Names, places and words the demo commune (desktop.demo.unit) is made of.

Weights are relative frequencies. Surname shares follow the usual estimates for the Kinh
(Nguyễn ~38%); ethnic groups and religions follow the region of the province; village names
follow the local custom (thôn in the north and centre, bản in the northern mountains, buôn and
làng in the Central Highlands, ấp in the south, tổ dân phố where a town was merged in).
"""

from __future__ import annotations

# Tables of data, kept in rows rather than one item a line.
# fmt: off

# -- regions: new (2025) province code → region ------------------------------------------

REGION_OF_PROVINCE: dict[int, str] = {
    **dict.fromkeys((4, 8, 11, 12, 14, 15, 20), "highland_north"),
    **dict.fromkeys((19, 22, 25, 38, 40), "midland_north"),
    **dict.fromkeys((1, 24, 31, 33, 37, 42), "delta_north"),
    **dict.fromkeys((44, 46, 48, 51, 56), "central"),
    **dict.fromkeys((52, 66, 68), "highland_central"),
    **dict.fromkeys((75, 79, 80), "southeast"),
    **dict.fromkeys((82, 86, 91, 92, 96), "mekong"),
}
SOUTHERN = frozenset({"southeast", "mekong"})

ETHNICITIES: dict[str, dict[str, float]] = {
    "highland_north": {"Kinh": 30, "Tày": 20, "Thái": 15, "H'Mông": 14, "Nùng": 10, "Dao": 8,
                       "Mường": 3},
    "midland_north": {"Kinh": 82, "Mường": 7, "Tày": 4, "Thái": 4, "Dao": 2, "Nùng": 1},
    "delta_north": {"Kinh": 99, "Mường": 0.6, "Tày": 0.4},
    "central": {"Kinh": 93, "Bru-Vân Kiều": 2, "Hrê": 2, "Cơ Tu": 1.5, "Raglai": 1.5},
    "highland_central": {"Kinh": 66, "Ê Đê": 10, "Gia Rai": 10, "Ba Na": 4, "Cơ Ho": 4,
                         "M'Nông": 3, "Tày": 2, "Nùng": 1},
    "southeast": {"Kinh": 94, "Hoa": 3, "Khmer": 2, "Chăm": 1},
    "mekong": {"Kinh": 88, "Khmer": 10, "Hoa": 1.5, "Chăm": 0.5},
}

RELIGIONS: dict[str, dict[str, float]] = {
    "highland_north": {"Không": 90, "Tin Lành": 5, "Phật giáo": 3, "Công giáo": 2},
    "midland_north": {"Không": 85, "Phật giáo": 8, "Công giáo": 6, "Tin Lành": 1},
    "delta_north": {"Không": 80, "Phật giáo": 11, "Công giáo": 9},
    "central": {"Không": 75, "Phật giáo": 16, "Công giáo": 8, "Tin Lành": 1},
    "highland_central": {"Không": 58, "Công giáo": 16, "Tin Lành": 15, "Phật giáo": 11},
    "southeast": {"Không": 60, "Phật giáo": 16, "Công giáo": 16, "Cao Đài": 5, "Tin Lành": 3},
    "mekong": {"Không": 55, "Phật giáo": 24, "Hòa Hảo": 11, "Cao Đài": 5, "Công giáo": 5},
}

# -- people's names ------------------------------------------------------------------------

# "Hoàng" and "Vũ" of the north are "Huỳnh" and "Võ" in the south (REGIONAL_SURNAMES).
SURNAMES: dict[str, float] = {
    "Nguyễn": 38, "Trần": 11, "Lê": 9.5, "Phạm": 7, "Hoàng": 5, "Phan": 4.5, "Vũ": 3.9,
    "Đặng": 2.1, "Bùi": 2, "Đỗ": 1.4, "Hồ": 1.3, "Ngô": 1.3, "Dương": 1, "Lý": 0.5,
    "Đinh": 0.8, "Trương": 0.8, "Đào": 0.6, "Lương": 0.5, "Mai": 0.5, "Hà": 0.5, "Cao": 0.4,
    "Lâm": 0.4, "Tạ": 0.3, "Tô": 0.3, "Chu": 0.2, "Kiều": 0.2, "Quách": 0.2, "Vương": 0.2,
    "Thái": 0.2, "Châu": 0.2, "Trịnh": 0.6, "Lưu": 0.4, "Phùng": 0.4, "Tống": 0.3,
    "Thân": 0.3, "Triệu": 0.3, "Hứa": 0.2, "Doãn": 0.2, "La": 0.2, "Ninh": 0.2, "Giang": 0.2,
    "Từ": 0.2, "Khúc": 0.1, "Mạc": 0.1, "Lục": 0.1,
}
REGIONAL_SURNAMES = {"Hoàng": "Huỳnh", "Vũ": "Võ"}

# Minority groups keep their own family names; in the matrilineal groups of the Central
# Highlands a woman is "H'<name> <clan>" (CLAN_NAMES).
ETHNIC_SURNAMES: dict[str, tuple[str, ...]] = {
    "Tày": ("Hoàng", "Nông", "Lương", "Ma", "Hà", "Lộc"),
    "Nùng": ("Hoàng", "Nông", "Lăng", "Vi", "Lý", "Chu"),
    "Thái": ("Lò", "Cầm", "Lường", "Quàng", "Vi", "Hà"),
    "H'Mông": ("Giàng", "Sùng", "Thào", "Vàng", "Mùa", "Lý"),
    "Dao": ("Triệu", "Bàn", "Lý", "Đặng", "Phùng"),
    "Mường": ("Bùi", "Đinh", "Quách", "Hà", "Bạch"),
    "Khmer": ("Thạch", "Sơn", "Kim", "Danh", "Lâm", "Chau"),
    "Hoa": ("Lâm", "Trương", "Quách", "Lý", "Hứa", "Mạc"),
    "Chăm": ("Đạo", "Từ", "Hán", "Thành"),
    "Bru-Vân Kiều": ("Hồ", "Lê", "Côn"),
    "Hrê": ("Đinh", "Phạm", "Trương"),
    "Cơ Tu": ("Alăng", "Bh'riu", "Zơ Râm"),
    "Raglai": ("Cao", "Chamaléa", "Katơ"),
    "Ba Na": ("Đinh", "Nguyễn", "Y"),
    "Cơ Ho": ("Ka", "Kră", "Liêng"),
}
CLAN_NAMES: dict[str, tuple[str, ...]] = {
    "Ê Đê": ("Niê", "Êban", "Mlô", "Ayun", "Byă", "Êya"),
    "Gia Rai": ("Ksor", "Rơ Châm", "Siu", "Rah Lan", "Nay", "Rơ Mah"),
    "M'Nông": ("Bing", "Nơ Trang", "Êban", "Liêng"),
}
CLAN_GIVEN = ("Mai", "Linh", "Yuôn", "Bia", "Nhi", "Dju", "Lan", "Hen", "Nga", "Ble", "Út")

# Middle names: "Thị" for most older women, fewer of the young.
MIDDLE_OLD: dict[str, float] = {"Thị": 80, "Ngọc": 4, "Thu": 3, "Thanh": 3, "Kim": 3,
                                "Hồng": 3, "Minh": 2, "Bích": 2}
MIDDLE_YOUNG: dict[str, float] = {"Thị": 38, "Ngọc": 10, "Thu": 7, "Thanh": 7, "Kim": 5,
                                  "Hồng": 5, "Minh": 6, "Mỹ": 4, "Phương": 4, "Bảo": 3,
                                  "Khánh": 3, "Hoài": 3, "Diệu": 2, "Quỳnh": 3}
SECOND_MIDDLE = ("Thu", "Thanh", "Ngọc", "Kim", "Hồng", "Minh", "Bích", "Thúy", "Hải")

GIVEN_NAMES = (
    "Anh", "Ánh", "Bình", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng",  # common first
    "An", "Cúc", "Đào", "Điệp", "Gấm", "Hiền", "Hoa", "Hòa", "Hồng", "Huệ", "Hương", "Hường",
    "Huyền", "Khánh", "Lan", "Liên", "Liễu", "Linh", "Loan", "Lụa", "Lý", "Mai", "Minh", "My",
    "Nga", "Ngân", "Ngọc", "Nguyệt", "Nhàn", "Nhung", "Nương", "Oanh", "Phượng", "Phương",
    "Quế", "Quyên", "Quỳnh", "Sen", "Tâm", "Thanh", "Thảo", "Thắm", "Thơm", "Thu", "Thúy",
    "Thủy", "Thư", "Trang", "Trâm", "Tuyết", "Uyên", "Vân", "Vy", "Xuân", "Yến",
)

# Mobile prefixes in use (Viettel, Vinaphone, MobiFone, Vietnamobile, Gmobile, Itel).
MOBILE_PREFIXES = (
    "032", "033", "034", "035", "036", "037", "038", "039", "056", "058", "059", "070", "076",
    "077", "078", "079", "081", "082", "083", "084", "085", "086", "088", "089", "090", "091",
    "093", "094", "096", "097", "098",
)

# -- places --------------------------------------------------------------------------------

# The word for a village in each region, with its share of the branches.
AREA_KINDS: dict[str, dict[str, float]] = {
    "highland_north": {"Bản": 60, "Thôn": 35, "Tổ dân phố": 5},
    "midland_north": {"Thôn": 85, "Bản": 5, "Tổ dân phố": 10},
    "delta_north": {"Thôn": 88, "Tổ dân phố": 12},
    "central": {"Thôn": 88, "Tổ dân phố": 12},
    "highland_central": {"Thôn": 55, "Buôn": 25, "Làng": 10, "Tổ dân phố": 10},
    "southeast": {"Ấp": 88, "Tổ dân phố": 12},
    "mekong": {"Ấp": 92, "Tổ dân phố": 8},
}
AREA_NAMES: dict[str, tuple[str, ...]] = {  # "Tổ dân phố" are numbered only
    "Thôn": ("Đông", "Đoài", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Tiền", "Hậu", "Đông Hòa",
             "Phú Mỹ", "An Lạc", "Tân Lập", "Đồng Tâm", "Văn Hội", "Yên Phú", "Hòa Bình",
             "Thắng Lợi", "Quyết Tiến", "Đại Đồng", "Lương Xá", "Xuân Lai", "Bình Minh",
             "Tân Phong", "Hưng Long", "Phúc Lâm", "Kim Sơn", "Mỹ Lộc", "Cổ Loan", "Vân Cát"),
    "Bản": ("Na Hang", "Pác Bó", "Nà Sải", "Huổi Só", "Nậm Cắn", "Khuổi Tát", "Phiêng Luông",
            "Nà Làng", "Co Muông", "Bó Lếch", "Tà Xùa", "Nà Phặc", "Hua Pe", "Nậm Tông",
            "Pá Khoang", "Nà Tấu", "Tát Ngà", "Khau Vai", "Lũng Phìn", "Sín Chải"),
    "Buôn": ("Ako Dhông", "Kô Sia", "Ea Kao", "Tơng Jú", "Jun", "Trí", "Ea Bar", "Đôn", "Ky",
             "M'Liêng"),
    "Làng": ("Plei Ốp", "Plei Chuet", "Kon Kơ Tu", "Đê Tar", "Kon Jơ Dri", "Plei Kép"),
    "Ấp": ("Phú Hòa", "Long Thạnh", "Tân Lợi", "Mỹ An", "Bình Đông", "Thạnh Phú", "Vĩnh Lợi",
           "An Thới", "Hòa Bình", "Tân Hưng", "Phước Thạnh", "Long Hưng", "Bình Thành",
           "Mỹ Phước", "Tân Thuận", "Cây Da", "Kinh Xáng", "Rạch Gốc", "Xẻo Rô", "Giồng Nhỏ"),
    "Tổ dân phố": (),
}

# -- what a union does ---------------------------------------------------------------------

# Branch heads' allowances by source (June 2024: 84,884 of 85,180 paid, 62,469 from the local
# budget; the split of the rest between the other two is not published) and their other roles.
ALLOWANCE_SOURCES: dict[str, float] = {"local_budget": 62_469, "other_lawful": 13_600,
                                       "concurrent_paid_role": 84_884 - 62_469 - 13_600,
                                       "none": 85_180 - 84_884}
CONCURRENT_ROLES: dict[str, float] = {"loan_group_leader": 0.3, "health_collaborator": 0.12,
                                      "population_collaborator": 0.15, "other": 0.05}
# Cadres: chairwomen ~85% university or more, >90% intermediate political theory or more.
EDUCATION: dict[str, float] = {"university": 79, "postgraduate": 6, "college": 7,
                               "vocational": 5, "upper_secondary": 3}
POLITICAL_THEORY: dict[str, float] = {"intermediate": 74, "advanced": 12, "bachelor": 5,
                                      "elementary": 9}

SPECIAL_GROUPS: dict[str, float] = {  # share of members in each group
    "Phụ nữ khuyết tật": 0.015, "Nữ công nhân": 0.05, "Phụ nữ đơn thân": 0.03,
    "Phụ nữ có hoàn cảnh khó khăn": 0.04, "Nữ tiểu thương": 0.03,
}
MINORITY_GROUP = "Phụ nữ dân tộc thiểu số"

# kind → (name, target groups) of the models a commune runs.
MODELS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "one_plus_one": (("Mô hình “1+1”", ("Hội viên",)),),
    "three_have_three_know": (("Mô hình “3 có, 3 biết”", ("Hội viên", "Phụ nữ khó khăn")),),
    "special_members": (
        ("Câu lạc bộ Nữ công nhân", ("Nữ công nhân",)),
        ("Tổ phụ nữ Công giáo", ("Phụ nữ tôn giáo",)),
        ("Câu lạc bộ phụ nữ dân tộc thiểu số", ("Phụ nữ dân tộc thiểu số",)),
        ("Tổ hội viên tiểu thương", ("Nữ tiểu thương",)),
    ),
    "other": (
        ("Câu lạc bộ Gia đình hạnh phúc", ("Hội viên",)),
        ("Tổ phụ nữ tiết kiệm", ("Hội viên", "Phụ nữ khó khăn")),
        ("Tổ phụ nữ tự quản bảo vệ môi trường", ("Hội viên",)),
        ("Câu lạc bộ phụ nữ khởi nghiệp", ("Phụ nữ trẻ",)),
        ("Tổ công nghệ số cộng đồng", ("Hội viên", "Phụ nữ cao tuổi")),
    ),
}
ACTIVITY_TOPICS = (
    "Phòng, chống bạo lực gia đình", "Hướng dẫn cài đặt và sử dụng VNeID",
    "An toàn thực phẩm trong gia đình", "Phòng, chống lừa đảo trên không gian mạng",
    "Phân loại rác thải tại nguồn", "Chăm sóc sức khỏe sinh sản", "Luật Bình đẳng giới",
    "Vay vốn Ngân hàng Chính sách xã hội", "Xây dựng gia đình “5 không, 3 sạch”",
    "Thanh toán không dùng tiền mặt", "Phòng, chống đuối nước trẻ em",
    "Kỹ năng bán hàng trực tuyến", "Phòng, chống mua bán người",
)
OTHER_PLATFORMS = ("TikTok", "YouTube")

# fmt: on

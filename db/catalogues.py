"""The catalogues of ethnicity and religion (docs/DOMAIN.md, "Ethnicity and religion").

`ethnicity` is one of the 54 ethnic groups of the General Statistics Office's list (Quyết định
1019/QĐ-TCTK, 2008), by its official Vietnamese name, its two-digit code kept beside it;
`religion` is "Không" or one of the 16 religions recognised by the state. Both are stored as the
name, as text: a value that matches an entry ignoring tones, case, spaces, hyphens and
apostrophes ("tay", "gia-rai", "Phat giao"), or one of its other names in common use
("H'Mông", "Khmer", "Hòa Hảo"), is stored in the official spelling by the write
path (db/field_rules.py); anything else is kept as typed, "Khác" standing for "none of these",
and the data checks (db/checks.py) list the values outside the catalogue.
"""

from __future__ import annotations

import re
from functools import lru_cache

from db.text import fold

# (code, name): the General Statistics Office's list, in its order.
ETHNIC_GROUPS: tuple[tuple[str, str], ...] = (
    ("01", "Kinh"),
    ("02", "Tày"),
    ("03", "Thái"),
    ("04", "Mường"),
    ("05", "Khơ Me"),
    ("06", "Hoa"),
    ("07", "Nùng"),
    ("08", "Mông"),
    ("09", "Dao"),
    ("10", "Gia Rai"),
    ("11", "Ê Đê"),
    ("12", "Ba Na"),
    ("13", "Sán Chay"),
    ("14", "Chăm"),
    ("15", "Cơ Ho"),
    ("16", "Xơ Đăng"),
    ("17", "Sán Dìu"),
    ("18", "Hrê"),
    ("19", "Ra Glai"),
    ("20", "Mnông"),
    ("21", "Thổ"),
    ("22", "Xtiêng"),
    ("23", "Khơ Mú"),
    ("24", "Bru Vân Kiều"),
    ("25", "Cơ Tu"),
    ("26", "Giáy"),
    ("27", "Tà Ôi"),
    ("28", "Mạ"),
    ("29", "Giẻ Triêng"),
    ("30", "Co"),
    ("31", "Chơ Ro"),
    ("32", "Xinh Mun"),
    ("33", "Hà Nhì"),
    ("34", "Chu Ru"),
    ("35", "Lào"),
    ("36", "Kháng"),
    ("37", "La Chí"),
    ("38", "Phù Lá"),
    ("39", "La Hủ"),
    ("40", "La Ha"),
    ("41", "Pà Thẻn"),
    ("42", "Lự"),
    ("43", "Ngái"),
    ("44", "Chứt"),
    ("45", "Lô Lô"),
    ("46", "Mảng"),
    ("47", "Cơ Lao"),
    ("48", "Bố Y"),
    ("49", "Cống"),
    ("50", "Si La"),
    ("51", "Pu Péo"),
    ("52", "Rơ Măm"),
    ("53", "Brâu"),
    ("54", "Ơ Đu"),
)

NONE = "Không"
OTHER = "Khác"  # none of the list: the person types the value

# The religions recognised by the state (Ban Tôn giáo Chính phủ: 16 religions).
RELIGIONS: tuple[str, ...] = (
    "Phật giáo",
    "Công giáo",
    "Tin Lành",
    "Cao Đài",
    "Phật giáo Hòa Hảo",
    "Hồi giáo",
    "Bahá'í",
    "Tịnh độ cư sĩ Phật hội Việt Nam",
    "Cơ đốc Phục lâm",
    "Phật giáo Tứ Ân Hiếu Nghĩa",
    "Minh Sư đạo",
    "Minh Lý đạo – Tam Tông Miếu",
    "Bửu Sơn Kỳ Hương",
    "Giáo hội Các Thánh hữu Ngày sau của Chúa Giê-su Ky-tô",
    "Phật đường Nam tông Minh Sư đạo",
    "Bà-la-môn",
)

# The entries a person picks from, by catalogue: "Khác" last, for a value of one's own.
CATALOGUES: dict[str, tuple[str, ...]] = {
    "ethnicity": (*(name for _, name in ETHNIC_GROUPS), OTHER),
    "religion": (NONE, *RELIGIONS, OTHER),
}

# Other names in common use for an entry (by key): "H'Mông", "Khmer", "Hòa Hảo", "Việt".
ALIASES: dict[str, dict[str, str]] = {
    "ethnicity": {
        "viet": "Kinh",
        "hmong": "Mông",
        "meo": "Mông",
        "khmer": "Khơ Me",
        "han": "Hoa",
        "radhe": "Ê Đê",
        "rade": "Ê Đê",
    },
    "religion": {
        "hoahao": "Phật giáo Hòa Hảo",
        "thienchua": "Công giáo",
        "thienchuagiao": "Công giáo",
        "daophat": "Phật giáo",
        "tinlanhgiao": "Tin Lành",
        "caodaigiao": "Cao Đài",
        "daocaodai": "Cao Đài",
        "hoigiaoislam": "Hồi giáo",
        "islam": "Hồi giáo",
    },
}

_NOT_LETTER = re.compile(r"[^a-z0-9]+")


def catalogue_key(text: str) -> str:
    """What two spellings of an entry share: `Gia-rai`, `gia rai`, `GIA RAI` → `giarai`."""
    return _NOT_LETTER.sub("", fold(text))


@lru_cache(maxsize=8)
def _by_key(catalogue: str) -> dict[str, str]:
    return {
        **ALIASES[catalogue],
        **{catalogue_key(name): name for name in CATALOGUES[catalogue]},
    }


# Asked for every ethnicity and religion of every row written or received (577,000 rows for a
# province's import), where a handful of values repeat: the answers are remembered.
@lru_cache(maxsize=4096)
def official(catalogue: str, text: str) -> str | None:
    """The catalogue's spelling of `text` ("tay" → "Tày"), or None when no entry matches."""
    key = catalogue_key(text)
    return _by_key(catalogue).get(key) if key else None


def in_catalogue(catalogue: str, text: str) -> bool:
    """Whether `text` is an entry of the catalogue as stored (its official spelling)."""
    return official(catalogue, text) == text


def ethnic_code(name: str) -> str | None:
    """The official two-digit code of an ethnic group ("Tày" → "02")."""
    return next((code for code, n in ETHNIC_GROUPS if n == official("ethnicity", name)), None)


def search(catalogue: str, typed: str) -> list[str]:
    """The entries whose name contains what is typed, ignoring tones and case ("tay" → Tày…)."""
    query = fold(typed)
    if not query:
        return list(CATALOGUES[catalogue])
    starts = [n for n in CATALOGUES[catalogue] if fold(n).startswith(query)]
    return starts + [n for n in CATALOGUES[catalogue] if query in fold(n) and n not in starts]

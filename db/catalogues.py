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

# (code, name): the General Statistics Office's list, in its order (Quyết định 1019/QĐ-TCTK:
# 01 Kinh, 04 Hoa, 05 Khơ-me, …, 37 Lào, 38 La Chí, …, 54 Rơ Măm; checked 2026-12-07 against two
# independent published lists of those codes).
ETHNIC_GROUPS: tuple[tuple[str, str], ...] = (
    ("01", "Kinh"),
    ("02", "Tày"),
    ("03", "Thái"),
    ("04", "Hoa"),
    ("05", "Khơ Me"),
    ("06", "Mường"),
    ("07", "Nùng"),
    ("08", "Mông"),
    ("09", "Dao"),
    ("10", "Gia Rai"),
    ("11", "Ngái"),
    ("12", "Ê Đê"),
    ("13", "Ba Na"),
    ("14", "Xơ Đăng"),
    ("15", "Sán Chay"),
    ("16", "Cơ Ho"),
    ("17", "Chăm"),
    ("18", "Sán Dìu"),
    ("19", "Hrê"),
    ("20", "Mnông"),
    ("21", "Ra Glai"),
    ("22", "Xtiêng"),
    ("23", "Bru Vân Kiều"),
    ("24", "Thổ"),
    ("25", "Giáy"),
    ("26", "Cơ Tu"),
    ("27", "Giẻ Triêng"),
    ("28", "Mạ"),
    ("29", "Khơ Mú"),
    ("30", "Co"),
    ("31", "Tà Ôi"),
    ("32", "Chơ Ro"),
    ("33", "Kháng"),
    ("34", "Xinh Mun"),
    ("35", "Hà Nhì"),
    ("36", "Chu Ru"),
    ("37", "Lào"),
    ("38", "La Chí"),
    ("39", "La Ha"),
    ("40", "Phù Lá"),
    ("41", "La Hủ"),
    ("42", "Lự"),
    ("43", "Lô Lô"),
    ("44", "Chứt"),
    ("45", "Mảng"),
    ("46", "Pà Thẻn"),
    ("47", "Cơ Lao"),
    ("48", "Cống"),
    ("49", "Bố Y"),
    ("50", "Si La"),
    ("51", "Pu Péo"),
    ("52", "Brâu"),
    ("53", "Ơ Đu"),
    ("54", "Rơ Măm"),
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

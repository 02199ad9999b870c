"""Finding the header row of a home-made sheet and guessing which field each column holds.

Units' sheets start with merged title rows ("DANH SÁCH HỘI VIÊN CHI HỘI THÔN ĐÔNG"), have
headers written every way ("Họ và tên", "HỌ TÊN", "Ho ten", "CCCD/CMND", "SĐT") and sometimes a
row of column numbers under the header. A header is compared tone-, case- and
punctuation-insensitively with the field's label and a list of aliases: an exact match first,
then an alias found inside a longer header ("Ngày sinh (dd/mm/yyyy)"). One-word aliases match only
exactly, except distinctive abbreviations (CCCD, SĐT …). When two columns claim a field, the
better match wins (then the leftmost); the other is reported and not imported. The person
corrects any guess with `COLUMN=field` (COLUMN a header or a column letter).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from openpyxl.utils import column_index_from_string, get_column_letter

from db.schema import TABLES
from db.text import fold

ID_COLUMN = "id"  # the record id, written by exports so a re-import updates the same records
IGNORED = "-"  # a column read and left out on purpose (STT, a unit column …)
ID_LABEL = "Mã bản ghi"
HEADER_SCAN_ROWS = 30
MIN_HEADER_MATCHES = 2

_JUNK = re.compile(r"[^a-z0-9]+")
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NUMBERING = re.compile(r"^\(?\d{1,2}\)?$|^[a-z]$")

# Beyond each field's own label. Keys are field names (shared by tables); "-" is ignored.
ALIASES: dict[str, tuple[str, ...]] = {
    "full_name": (
        "ho va ten",
        "ho ten",
        "hoten",
        "ho va ten hoi vien",
        "ho ten hoi vien",
        "ten hoi vien",
        "ho ten chi hoi truong",
        "ho va ten chi hoi truong",
        "ho ten can bo",
        "ho va ten can bo",
        "ten",
        "full name",
    ),
    "birth_date": (
        "ngay sinh",
        "nam sinh",
        "ngay thang nam sinh",
        "ngay thang sinh",
        "sinh ngay",
        "ns",
    ),
    "citizen_id": (
        "so cccd",
        "cccd",
        "cmnd",
        "cmt",
        "cccd cmnd",
        "cmnd cccd",
        "so cmnd",
        "so can cuoc",
        "can cuoc cong dan",
        "so can cuoc cong dan",
        "so dinh danh",
        "so dinh danh ca nhan",
        "ma dinh danh",
    ),
    "phone": (
        "so dien thoai",
        "dien thoai",
        "sdt",
        "dt",
        "so dt",
        "dien thoai lien he",
        "di dong",
        "so di dong",
    ),
    "ethnicity": ("dan toc",),
    "religion": ("ton giao",),
    "address": (
        "dia chi",
        "noi o",
        "noi o hien nay",
        "cho o hien nay",
        "dia chi thuong tru",
        "thuong tru",
        "noi cu tru",
    ),
    "joined_on": (
        "ngay vao hoi",
        "ngay ket nap",
        "ngay ket nap hoi",
        "ngay gia nhap hoi",
        "ngay gia nhap",
        "vao hoi",
        "nam vao hoi",
    ),
    "card_number": ("so the", "so the hoi vien", "the hoi vien", "ma hoi vien", "ma so hoi vien"),
    "status": ("tinh trang", "trang thai", "tinh trang sinh hoat"),
    "special_groups": ("nhom dac thu", "doi tuong dac thu", "nhom hoi vien dac thu"),
    "note": ("ghi chu",),
    "branch_id": (
        "chi hoi",
        "ten chi hoi",
        "thuoc chi hoi",
        "sinh hoat tai chi hoi",
        "chi hoi sinh hoat",
    ),
    "is_party_member": ("dang vien", "la dang vien"),
    "party_development": ("phat trien dang", "boi duong ket nap dang"),
    "monthly_allowance": ("ho tro hang thang", "duoc ho tro", "phu cap hang thang"),
    "allowance_source": ("nguon ho tro", "nguon kinh phi", "nguon phu cap"),
    "concurrent_roles": ("kiem nhiem", "chuc danh kiem nhiem"),
    "allowance_amount_vnd": ("muc ho tro", "muc phu cap", "so tien ho tro"),
    "started_on": ("ngay bat dau", "ngay nhan nhiem vu", "lam chi hoi truong tu"),
    "position": ("chuc vu", "chuc danh"),
    "union_work_since": ("nam bat dau cong tac hoi", "nam cong tac hoi", "cong tac hoi tu nam"),
    "education": ("trinh do chuyen mon", "trinh do hoc van", "trinh do", "hoc van"),
    "political_theory": ("ly luan chinh tri", "trinh do ly luan chinh tri", "llct"),
    "software_proficient": ("thanh thao phan mem", "su dung phan mem"),
    "established_on": ("ngay thanh lap", "thanh lap"),
    "uses_social_media": ("mang xa hoi", "su dung mang xa hoi"),
    ID_COLUMN: ("ma ban ghi", "id"),
    IGNORED: ("stt", "tt", "so tt", "so thu tu", "don vi", "ma don vi"),
}
# The branches table: the branch's own name, and the village it serves.
BRANCH_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("ten chi hoi", "chi hoi", "ten"),
    "area_name": ("thon", "ap", "ban", "to dan pho", "thon ap", "thon xom", "dia ban", "thon to"),
}
# A village column stands for the branch when the sheet has no branch column.
VILLAGE_ALIASES = ("thon", "ap", "ban", "xom", "to dan pho", "thon ap", "thon xom", "thon to")
_CONTAINABLE = frozenset({"cccd", "cmnd", "sdt", "llct"})
# Longer headers that contain an alias of a field without being that field.
_NOT_INSIDE: dict[str, tuple[str, ...]] = {"birth_date": ("sinh hoat",)}


def header_key(text: object) -> str:
    """A header as compared: no tones, no case, words only."""
    return _JUNK.sub(" ", fold(str(text))).strip() if text is not None else ""


@dataclass(frozen=True)
class Column:
    """One column of the sheet and what is done with it."""

    index: int  # 0-based
    header: str
    field: str | None  # a field name, ID_COLUMN, IGNORED, or None (not recognised)
    how: str  # "guess", "user", "ignored", "unknown", "duplicate"
    duplicate_of: int | None = None  # the column index that won the field

    @property
    def letter(self) -> str:
        letter: str = get_column_letter(self.index + 1)
        return letter


@cache
def _aliases(table: str) -> list[tuple[str, str, int]]:
    """(normalised alias, field, priority) for the fields of `table`."""
    spec = TABLES[table]
    out: list[tuple[str, str, int]] = []
    for f in spec.fields:
        out.append((header_key(f.label), f.name, 3))
        out.append((header_key(f.name.replace("_", " ")), f.name, 2))
        own = BRANCH_ALIASES if table == "branches" else ALIASES
        for alias in own.get(f.name, ()):
            out.append((alias, f.name, 2))
    if "branch_id" in spec.fields_by_name:
        out += [(alias, "branch_id", 0) for alias in VILLAGE_ALIASES]
    out += [(header_key(ID_LABEL), ID_COLUMN, 3), ("ma ban ghi khong sua", ID_COLUMN, 3)]
    out += [(alias, ID_COLUMN, 2) for alias in ALIASES[ID_COLUMN]]
    out += [(alias, IGNORED, 1) for alias in ALIASES[IGNORED]]
    return out


def _contains(words: list[str], part: list[str]) -> bool:
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))


@cache
def score_header(text: str, table: str) -> tuple[int, str | None]:
    """(score, field) of the best alias for a header; (0, None) when nothing fits.

    An exact match scores 100 and more, an alias inside a longer header 50 and more.
    """
    key = header_key(text)
    if not key:
        return 0, None
    best: tuple[int, str | None] = (0, None)
    keys = [key]
    bare = header_key(_PARENTHESES.sub(" ", fold(text)))
    if bare and bare != key:
        keys.append(bare)
    for alias, field, priority in _aliases(table):
        parts = alias.split()
        for k in keys:
            words = k.split()
            if k == alias:
                score = 100 + priority
            elif (
                (len(parts) > 1 or alias in _CONTAINABLE)
                and _contains(words, parts)
                and not any(_contains(words, x.split()) for x in _NOT_INSIDE.get(field, ()))
            ):
                score = 50 + 2 * len(parts) + priority
            else:
                continue
            if score > best[0]:
                best = (score, field)
    return best


def find_header_row(rows: list[tuple], table: str, user_keys: frozenset[str]) -> tuple[int, int]:
    """(0-based index, matches) of the likeliest header row among the first rows; (-1, 0)."""
    best = (-1, 0)
    for i, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        matches = 0
        for cell in row:
            if not isinstance(cell, str):
                continue
            if header_key(cell) in user_keys or score_header(cell, table)[0] >= 50:
                matches += 1
        if matches > best[1]:
            best = (i, matches)
    return best if best[1] >= MIN_HEADER_MATCHES or (best[1] and user_keys) else (-1, 0)


def is_numbering_row(row: tuple) -> bool:
    """A row of column numbers under a header: "(1) (2) (3)" or "1 2 3" or "A B C"."""
    cells = [header_key(c) for c in row if c is not None and str(c).strip()]
    return len(cells) >= 3 and all(_NUMBERING.match(c) for c in cells)


def parse_field(name: str, table: str) -> str | None:
    """A field named by its id or Vietnamese label ("full_name", "Họ và tên"); "-" skips."""
    text = name.strip()
    if header_key(text) in ("", "bo qua", "skip", "khong dung") or text == IGNORED:
        return IGNORED
    spec = TABLES[table]
    if text in spec.fields_by_name or text == ID_COLUMN:
        return text
    key = header_key(text)
    for f in spec.fields:
        if key in (header_key(f.label), header_key(f.name)):
            return f.name
    return ID_COLUMN if key == header_key(ID_LABEL) else None


def _column_of(spec: str, headers: list[str]) -> int | None:
    key = header_key(spec)
    for i, header in enumerate(headers):
        if header_key(header) == key and key:
            return i
    if re.fullmatch(r"[A-Za-z]{1,3}", spec.strip()):
        index = column_index_from_string(spec.strip().upper()) - 1
        return index if index < len(headers) else None
    return None


def map_columns(headers: list[str], table: str, user: dict[str, str]) -> list[Column]:
    """The mapping of every column: the person's choices (`user`), then the guesses.

    `user` maps a header or column letter to a field (already checked by `resolve_user_map`);
    ValueError (Vietnamese) when it names a column the header row does not have.
    """
    columns: dict[int, Column] = {}
    taken: dict[str, int] = {}
    for spec, field in user.items():
        index = _column_of(spec, headers)
        if index is None:
            raise ValueError(f"Dòng tiêu đề không có cột “{spec}” (ghi tiêu đề hoặc chữ cái cột).")
        how = "ignored" if field == IGNORED else "user"
        if field != IGNORED and taken.get(field, index) != index:
            # Two columns into one field: one of them would not be read, without a word.
            label = TABLES[table].fields_by_name[field].label
            first, second = (get_column_letter(i + 1) for i in sorted((taken[field], index)))
            raise ValueError(
                f"Cột {first} và cột {second} cùng được chọn đọc vào “{label}”: mỗi thông tin "
                "chỉ đọc từ một cột; hãy chọn lại một trong hai."
            )
        columns[index] = Column(index, headers[index], field, how)
        if field != IGNORED:
            taken[field] = index
    guesses: list[tuple[int, int, str]] = []
    for i, header in enumerate(headers):
        if i in columns:
            continue
        score, guess = score_header(header, table)
        if guess is None or score < 50:
            columns[i] = Column(i, header, None, "unknown")
        elif guess == IGNORED:
            columns[i] = Column(i, header, IGNORED, "ignored")
        else:
            guesses.append((score, i, guess))
    for _score, i, field in sorted(guesses, key=lambda g: (-g[0], g[1])):
        if field in taken:
            columns[i] = Column(i, headers[i], None, "duplicate", taken[field])
        else:
            taken[field] = i
            columns[i] = Column(i, headers[i], field, "guess")
    return [columns[i] for i in sorted(columns)]


def resolve_user_map(pairs: list[str] | dict[str, str], table: str) -> dict[str, str]:
    """`COLUMN=field` choices checked against the table; ValueError with a Vietnamese message."""
    items = list(pairs.items()) if isinstance(pairs, dict) else []
    if not isinstance(pairs, dict):
        for pair in pairs:
            column, sep, field = pair.rpartition("=")
            if not sep or not column.strip():
                raise ValueError(f'“{pair}” phải có dạng CỘT=trường (ví dụ "Họ tên=full_name").')
            items.append((column.strip(), field))
    out: dict[str, str] = {}
    for column, field in items:
        found = parse_field(field, table)
        if found is None:
            names = ", ".join(TABLES[table].field_names)
            raise ValueError(
                f"“{field}” không phải trường của bảng {TABLES[table].label} ({names}; "
                "hoặc - để bỏ qua cột)."
            )
        out[column] = found
    return out


def headers_text(row: tuple) -> list[str]:
    """The header row's cells as text ("" where empty)."""
    return ["" if c is None else str(c).strip() for c in row]


def _merge_at(
    merged: list[tuple[int, int, int, int]], row: int, col: int
) -> tuple[int, int, int, int] | None:
    """The merged range that starts on `row` and covers column `col`, if any."""
    for r0, c0, r1, c1 in merged:
        if r0 == row and c0 <= col <= c1:
            return (r0, c0, r1, c1)
    return None


def _recognised(text: str, table: str) -> bool:
    return score_header(text, table)[0] >= 50


def _is_sub_header(
    top: list[str], below: tuple, row: int, merged: list[tuple[int, int, int, int]], table: str
) -> bool:
    """Whether `below` holds the sub-headers of the header row `top` (row `row`): its cells are
    text, under a merged parent (or an empty or unrecognised top cell), one at least a header."""
    if sum(_recognised(t, table) for t in top if t) < MIN_HEADER_MATCHES or is_numbering_row(below):
        return False
    filled = [(i, c) for i, c in enumerate(below) if c is not None and str(c).strip()]
    if not filled or any(not isinstance(c, str) for _, c in filled):
        return False
    found = False
    for i, cell in filled:
        span = _merge_at(merged, row, i)
        parent = top[i] if i < len(top) else ""
        wide = span is not None and span[3] > span[1] and span[2] == row
        if not wide and parent and _recognised(parent, table):
            return False  # a value under a header of its own: a data row
        if span is not None and not wide:
            return False  # under a cell merged down over this row
        found = found or _recognised(cell, table)
        if span is not None and wide and not found:
            found = _recognised(f"{top[span[1]]} {cell}", table)
    return found


def read_header(
    rows: list[tuple], index: int, merged: list[tuple[int, int, int, int]], table: str
) -> tuple[int, list[str], int]:
    """(first row, headers, rows taken) of the header found at `index`: one row, or a row of
    merged parents over a row of sub-headers ("Thông tin liên hệ" over "Số điện thoại | Địa
    chỉ"). The sub-headers are the columns; "parent — child" only where the child alone is
    not recognised and together they are. Every column of the sheet gets a header ("" if none).
    """
    width = max((len(r) for r in rows), default=0)

    def texts(row: tuple) -> list[str]:
        return headers_text(tuple(row) + (None,) * (width - len(row)))

    first = index
    if index > 0 and _is_sub_header(texts(rows[index - 1]), rows[index], index - 1, merged, table):
        first = index - 1
    elif index + 1 >= len(rows) or not _is_sub_header(
        texts(rows[index]), rows[index + 1], index, merged, table
    ):
        return index, texts(rows[index]), 1
    top, below = texts(rows[first]), texts(rows[first + 1])
    headers: list[str] = []
    for i in range(width):
        span = _merge_at(merged, first, i)
        wide = span is not None and span[3] > span[1] and span[2] == first
        parent = top[span[1]] if wide and span is not None else top[i]
        child = below[i]
        if not child:
            headers.append(parent if not wide or (span and span[1] == i) else "")
        elif not parent or _recognised(child, table):
            headers.append(child)
        else:
            headers.append(f"{parent} — {child}")
    return first, headers, 2


def field_choices(table: str) -> list[tuple[str, str]]:
    """(field, Vietnamese label) a sheet column may be read into, in the table's order; then
    the record id of exported sheets."""
    return [(f.name, f.label) for f in TABLES[table].fields] + [(ID_COLUMN, ID_LABEL)]

"""The header and signature of a report, as Decree 30/2020/NĐ-CP lays out an administrative text.

Top left: the issuing body — its parent's name, then its own name in bold with a short rule —
and the document number (`Số: …/BC-HLHPN`, the number left blank to be filled in by hand when the
document is registered). Top right: the national motto and the place-and-date line. Bottom:
"Nơi nhận:" on the left, the signature block on the right. `default_header` derives all of it
from the unit's record, its parent and its chairwoman; the setting `report_header_lines`
(one line each) replaces the top-left lines when it is not empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from sqlite_utils import Database

from db.schema import CENTRAL_CODE
from desktop.installation import settings
from desktop.reports.source import chair_name, unit_facts, unit_name

COUNTRY = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
CENTRAL_PLACE = "Hà Nội"

_UNION_PREFIX = re.compile(r"^\s*(hội\s+lhpn|hội\s+liên\s+hiệp\s+phụ\s+nữ)\s+", re.IGNORECASE)
_AREA_KINDS = re.compile(
    r"^(xã|phường|thị trấn|đặc khu|thị xã|thành phố|tỉnh|huyện|quận)\s+", re.IGNORECASE
)


@dataclass(frozen=True)
class ReportHeader:
    """Everything printed around a report's body; change any field with `dataclasses.replace`."""

    issuer_lines: tuple[str, ...]  # top left, printed upper case; the last one bold, with a rule
    place: str  # "Quý Hòa"
    on: date  # the date of the document
    number: str = ""  # blank: written by hand when the document is registered
    issuer_abbreviation: str = "HLHPN"
    recipients: tuple[str, ...] = ("Lưu: VT",)
    signer_authority: str = "TM. BAN THƯỜNG VỤ"
    signer_title: str = "CHỦ TỊCH"
    signer_name: str = ""  # blank: written by hand under the signature

    def number_line(self, kind: str) -> str:
        """`Số:      /BC-HLHPN` for document kind `BC` (báo cáo) or `DS` (danh sách)."""
        number = self.number or "\u00a0" * 8
        return f"Số: {number}/{kind}-{self.issuer_abbreviation}"


def place_name(unit_name: str, level: str | None = None) -> str:
    """The place of the date line, from the unit's name: "Hội LHPN xã Quý Hòa" → "Quý Hòa"."""
    if level == "central":
        return CENTRAL_PLACE
    name = _UNION_PREFIX.sub("", unit_name.strip())
    return _AREA_KINDS.sub("", name).strip() or unit_name.strip()


def catalogue_name(code: str | None) -> str | None:
    """ "Hội LHPN tỉnh Lạng Sơn" for an official province (2-digit) or commune (5-digit) code."""
    if not code or not code.isdigit() or len(code) not in (1, 2, 5):
        return None
    import vietnam_provinces as vp  # 0.1 s to import: only when a parent is unknown

    try:
        area = vp.Province.from_code(int(code)) if len(code) <= 2 else vp.Ward.from_code(int(code))  # type: ignore[arg-type]  # stub says ProvinceCode/WardCode; a plain int works
    except ValueError:
        return None
    if area is None:
        return None
    return f"Hội LHPN {area.name[0].lower()}{area.name[1:]}"


# The centre, when its own record has not reached this installation: the union's name above a
# province's documents, and how they are addressed to it.
CENTRE_LINE = "Hội LHPN Việt Nam"
CENTRE_RECIPIENT = "Trung ương Hội LHPN Việt Nam"


def parent_display_name(db: Database, parent_code: str | None) -> str | None:
    """The parent's recorded name, else its catalogue name, else its code; None without one."""
    if not parent_code:
        return None
    if parent_code == CENTRAL_CODE:
        return unit_name(db, parent_code) or CENTRE_LINE
    return unit_name(db, parent_code) or catalogue_name(parent_code) or f"Đơn vị {parent_code}"


def setting_lines(db: Database) -> tuple[str, ...]:
    """The non-empty lines of the setting `report_header_lines`."""
    text = settings.get(db, "report_header_lines") or ""
    return tuple(line.strip() for line in str(text).splitlines() if line.strip())


def default_header(db: Database, unit_code: str, *, on: date) -> ReportHeader:
    """The header of a report by `unit_code`, dated `on`, from its record and the settings."""
    facts = unit_facts(db, unit_code)
    parent = parent_display_name(db, facts.parent_code)
    lines = setting_lines(db) or tuple(x for x in (parent, facts.name) if x)
    addressed = CENTRE_RECIPIENT if parent == CENTRE_LINE else parent
    recipients = (f"{addressed} (để báo cáo)",) if addressed else ()
    return ReportHeader(
        issuer_lines=lines,
        place=place_name(facts.name, facts.level),
        on=on,
        recipients=(*recipients, "Lưu: VT"),
        signer_name=chair_name(db, unit_code),
    )

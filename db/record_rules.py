"""The rules between the fields of a whole record (docs/DOMAIN.md, "Rules"): required fields,
the citizen ID against birth year and sex, the members' minimum age, dates after birth …, and
the rule of a reference to a branch. Rules that need other records live in the write path."""

from __future__ import annotations

from datetime import date
from typing import Any

from db import citizen_id
from db.problems import Problem, field_problem
from db.schema import TABLES
from db.value_forms import age_on, year_of

MIN_MEMBER_AGE = 18  # Điều lệ Hội


_REQUIRED = {t: tuple(f for f in spec.fields if f.required) for t, spec in TABLES.items()}


def check_record(table: str, record: dict[str, Any], today: date) -> list[Problem]:
    """Rules between the fields of a whole (merged) record."""
    spec = TABLES[table]
    problems: list[Problem] = []
    for f in _REQUIRED[table]:
        if record.get(f.name) is None:
            problems.append(field_problem(spec, f, "required", "không được để trống."))
    birth = record.get("birth_date")
    cid = record.get("citizen_id")
    if cid and len(cid) == 12:
        decoded = citizen_id.parse(cid)
        f = spec.fields_by_name["citizen_id"]
        if decoded and decoded.birth_year > today.year:
            problems.append(
                field_problem(
                    spec,
                    f,
                    "citizen_id_century",
                    "chữ số thứ 4 của số CCCD (giới tính và thế kỷ sinh) ứng với năm sinh ở "
                    "tương lai.",
                )
            )
        elif decoded and birth and decoded.birth_year != year_of(birth):
            problems.append(
                field_problem(
                    spec,
                    f,
                    "citizen_id_birth_year",
                    # No years in the text: a message may be printed or kept.
                    "chữ số 4–6 của số CCCD (giới tính, thế kỷ và năm sinh) không khớp với năm "
                    "sinh đã nhập.",
                )
            )
        if decoded and not decoded.female and table in ("members", "branch_heads"):
            problems.append(
                field_problem(
                    spec,
                    f,
                    "citizen_id_sex",
                    "chữ số thứ 4 của số CCCD là mã của nam giới; hãy kiểm tra lại.",
                    "warning",
                )
            )
    if (
        birth
        and table in ("members", "branch_heads", "cadres")
        and age_on(birth, today) < MIN_MEMBER_AGE
    ):
        problems.append(
            field_problem(
                spec,
                spec.fields_by_name["birth_date"],
                "min_age",
                f"phải đủ {MIN_MEMBER_AGE} tuổi trở lên (Điều lệ Hội).",
            )
        )
    for later in ("joined_on", "started_on"):
        day = record.get(later)
        if birth and day and later in spec.fields_by_name and day[: len(birth)] < birth:
            problems.append(
                field_problem(
                    spec, spec.fields_by_name[later], "before_birth", "không được trước ngày sinh."
                )
            )
    if (
        table == "branch_heads"
        and record.get("monthly_allowance") == 1
        and record.get("allowance_source") == "none"
    ):
        problems.append(
            field_problem(
                spec,
                spec.fields_by_name["allowance_source"],
                "allowance",
                "được hỗ trợ hàng tháng thì phải chọn nguồn hỗ trợ.",
                "warning",
            )
        )
    if table == "units" and record.get("level") != "central" and not record.get("parent_code"):
        problems.append(
            field_problem(
                spec,
                spec.fields_by_name["parent_code"],
                "parent",
                "đơn vị không phải Trung ương thì phải có đơn vị cấp trên.",
                "warning",
            )
        )
    return problems


def branch_problem(table: str, field: str, owner: str | None, unit_code: str) -> Problem | None:
    """A reference to a branch: it must exist (`owner` is its unit, None if not found) and be
    one of the record's own unit."""
    if owner is None:
        return Problem(table, field, "ref", "không tìm thấy chi hội này.")
    if owner != unit_code:
        return Problem(table, field, "ref_unit", "chi hội thuộc đơn vị khác.")
    return None

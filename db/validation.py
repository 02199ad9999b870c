"""The rules of docs/DOMAIN.md, "Rules", with Vietnamese messages naming record and field.

`clean_values` checks and normalises the fields given (one at a time), `check_record` the rules
between fields of the whole record. Rules that need other records (references, a citizen ID
unique within the unit) live in the write path, which has the database.

This is the public entry; each part lives in a module of its own: what a problem is
(`db.problems`), the forms of typed values (`db.value_forms`), the rules of one field
(`db.field_rules`) and of a whole record (`db.record_rules`).
"""

from __future__ import annotations

from db.field_rules import Cleaned, clean_value, clean_values
from db.problems import Problem, Severity, ValidationError, describe
from db.record_rules import MIN_MEMBER_AGE, branch_problem, check_record
from db.value_forms import age_on, normalise_phone, parse_date, year_of

__all__ = [
    "MIN_MEMBER_AGE",
    "Cleaned",
    "Problem",
    "Severity",
    "ValidationError",
    "age_on",
    "branch_problem",
    "check_record",
    "clean_value",
    "clean_values",
    "describe",
    "normalise_phone",
    "parse_date",
    "year_of",
]

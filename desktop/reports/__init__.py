"""Printed reports (PDF, reportlab; no Qt): unit report, summary, member roster, enrolment sheet.

Each report is a service function that reads the database, builds the whole PDF in memory and
writes it atomically, returning a `ReportResult(path, pages, fingerprint)`; bad input and a
refused disk give a `ReportError` with a Vietnamese message and leave no file. Long reports take
`progress(done, total, label)` and `cancelled()` callables. See docs/REPORTS.md.
"""

from desktop.reports.enrolment import device_enrolment_sheet, enrolment_sheet
from desktop.reports.fingerprint import data_fingerprint
from desktop.reports.header import ReportHeader, default_header
from desktop.reports.output import ReportCancelled, ReportError, ReportResult
from desktop.reports.recovery import recovery_sheet
from desktop.reports.roster import (
    DEFAULT_COLUMNS as DEFAULT_ROSTER_COLUMNS,
)
from desktop.reports.roster import (
    ROSTER_COLUMNS,
    SENSITIVE_COLUMNS,
    member_roster,
)
from desktop.reports.summary_data import reporting_from_ledger
from desktop.reports.summary_report import summary_report
from desktop.reports.unit_report import unit_report

__all__ = [
    "DEFAULT_ROSTER_COLUMNS",
    "ROSTER_COLUMNS",
    "SENSITIVE_COLUMNS",
    "ReportCancelled",
    "ReportError",
    "ReportHeader",
    "ReportResult",
    "data_fingerprint",
    "default_header",
    "device_enrolment_sheet",
    "enrolment_sheet",
    "member_roster",
    "recovery_sheet",
    "reporting_from_ledger",
    "summary_report",
    "unit_report",
]

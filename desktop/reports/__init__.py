"""Printed reports (PDF, reportlab; no Qt): unit report, summary, member roster, enrolment sheet.

Each report is a service function that reads the database, builds the whole PDF in memory and
writes it atomically, returning a `ReportResult(path, pages, fingerprint)` (`output.py`); bad
input and a refused disk give a `ReportError` with a Vietnamese message and leave no file. Long
reports take `progress(done, total, label)` and `cancelled()` callables. See docs/REPORTS.md.
"""

"""`sohoi report`: print a report to PDF (unit report, summary, period comparison, member roster,
enrolment sheet); with `--period`, the frozen figures of a period (a commune's unit report, an
upper level's summary)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import IO

from desktop.cli.support import CliError, data_arg, open_session
from desktop.reports.enrolment import device_enrolment_sheet
from desktop.reports.output import ReportError, ReportResult
from desktop.reports.period_report import periods_report
from desktop.reports.period_summary_report import period_summary_report
from desktop.reports.roster import DEFAULT_COLUMNS as DEFAULT_ROSTER_COLUMNS
from desktop.reports.roster import ROSTER_COLUMNS, member_roster
from desktop.reports.summary_data import reporting_from_ledger
from desktop.reports.summary_report import summary_report
from desktop.reports.unit_report import unit_report
from desktop.security.session import Session

EXIT_OK = 0
KINDS = {
    "unit": "báo cáo đơn vị",
    "summary": "báo cáo tổng hợp",
    "periods": "báo cáo so sánh các kỳ",
    "roster": "danh sách hội viên",
    "enrolment": "phiếu xác nhận khóa",
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("report", help="in báo cáo ra tệp PDF")
    data_arg(p)
    p.add_argument(
        "--kind",
        required=True,
        choices=tuple(KINDS),
        help="unit: báo cáo đơn vị; summary: báo cáo tổng hợp các cơ sở cấp dưới; "
        "periods: so sánh các kỳ đã chốt với mục tiêu nhiệm kỳ; roster: danh sách hội viên; "
        "enrolment: phiếu xác nhận khóa thiết bị",
    )
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="tệp PDF sẽ ghi")
    p.add_argument(
        "--columns",
        metavar="COT,COT",
        help=f"cột của danh sách hội viên (mặc định {','.join(DEFAULT_ROSTER_COLUMNS)}; "
        f"có thể chọn: {','.join(ROSTER_COLUMNS)})",
    )
    p.add_argument(
        "--include-inactive",
        action="store_true",
        help="danh sách hội viên: kể cả người đã chuyển đi, ra khỏi Hội, đã mất",
    )
    p.add_argument("--unit", metavar="CODE", help="đơn vị cấp dưới cần in (mặc định: đơn vị này)")
    p.add_argument(
        "--period",
        metavar="PERIOD",
        help="in số liệu đã chốt của một kỳ (ví dụ 2026-H1): với --kind unit, bản chốt của "
        "đơn vị này; với --kind summary (cấp tỉnh, Trung ương), tổng các bản chốt của các cơ sở",
    )
    p.set_defaults(run=cmd_report)


def cmd_report(args: argparse.Namespace, out: IO[str]) -> int:
    if args.kind != "roster" and (args.columns or args.include_inactive):
        raise CliError("--columns và --include-inactive chỉ dùng với --kind roster.")
    if args.period and args.kind not in ("unit", "summary"):
        raise CliError("--period chỉ dùng với --kind unit hoặc --kind summary.")
    if args.kind == "periods" and args.unit:
        raise CliError("--kind periods in các kỳ đã chốt của chính đơn vị này; bỏ --unit.")
    if args.period and args.unit:
        raise CliError("--period in số liệu đã chốt của chính đơn vị này; bỏ --unit.")
    with open_session(args) as session:
        try:
            result = _make(session, args)
        except ReportError as exc:
            raise CliError(str(exc)) from exc
    print(f"Đã ghi {KINDS[args.kind]} vào {result.path}: {result.pages} trang.", file=out)
    if result.fingerprint:
        print(f"Mã dữ liệu (in ở chân mỗi trang): {result.fingerprint}", file=out)
    return EXIT_OK


def _make(session: Session, args: argparse.Namespace) -> ReportResult:
    out = Path(args.out)
    if args.kind == "unit":
        snapshot = None
        if args.period:
            from desktop.periods.closing import PeriodError, standing_snapshot

            try:
                snapshot = standing_snapshot(session, args.period)
            except PeriodError as exc:
                raise CliError(str(exc)) from exc
        return unit_report(session, out, unit_code=args.unit, snapshot=snapshot)
    if args.kind == "summary" and args.period:
        return _period_summary(session, out, args.period)
    if args.kind == "summary":
        reporting = reporting_from_ledger(session.store.db)
        return summary_report(session, out, unit_code=args.unit, reporting=reporting)
    if args.kind == "periods":
        return periods_report(session, out)
    if args.kind == "roster":
        columns = args.columns.split(",") if args.columns else None
        return member_roster(
            session,
            out,
            unit_code=args.unit,
            columns=columns,
            include_inactive=args.include_inactive,
        )
    return _enrolment(session, out)


def _period_summary(session: Session, out: Path, period_id: str) -> ReportResult:
    """The summary of a period at an upper level, from the communes' closed snapshots; refused
    (nothing written) at a commune or for an unknown period."""
    from desktop.periods.closing import PeriodError, is_upper, view_of

    if not is_upper(session):
        raise CliError(
            "--period với --kind summary chỉ dùng ở cấp tỉnh và Trung ương (tổng số liệu đã chốt "
            "của các cơ sở cấp dưới); ở cơ sở, dùng --kind unit --period."
        )
    try:
        view = view_of(session, period_id)
    except PeriodError as exc:
        raise CliError(str(exc)) from exc
    return period_summary_report(session, out, view.period)


def _enrolment(session: Session, out: Path) -> ReportResult:
    return device_enrolment_sheet(session, out)

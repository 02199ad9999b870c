"""`sohoi period …`: the reporting periods of the unit, closing and reopening one; and the
frozen figures behind `sohoi indicators --period`."""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import IO, Any

from db.periods import STATE_LABELS, Period
from desktop.cli.support import CliError, data_arg, open_session
from desktop.periods.closing import (
    PeriodError,
    close_period,
    frozen_indicators,
    is_upper,
    missing_below,
    period_views,
    reopen_period,
    upper_progress,
    upper_summary,
    view_of,
)

EXIT_OK = 0


def register(sub: argparse._SubParsersAction) -> None:
    period_p = sub.add_parser("period", help="kỳ báo cáo: liệt kê, chốt số liệu, mở lại để sửa")
    verbs = period_p.add_subparsers(dest="verb", metavar="VIỆC", required=True)
    p = verbs.add_parser("list", help="các kỳ báo cáo và tình trạng chốt số liệu")
    data_arg(p)
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(run=cmd_period_list)
    p = verbs.add_parser("close", help="chốt số liệu một kỳ (quản trị, nhập liệu)")
    data_arg(p)
    p.add_argument("period", metavar="PERIOD", help="mã kỳ, ví dụ 2026-H1 hay 2026-Y")
    p.set_defaults(run=cmd_period_close)
    p = verbs.add_parser("reopen", help="mở lại một kỳ đã chốt để sửa (quản trị, nhập liệu)")
    data_arg(p)
    p.add_argument("period", metavar="PERIOD", help="mã kỳ")
    p.add_argument("--reason", required=True, metavar="TEXT", help="lý do mở lại")
    p.set_defaults(run=cmd_period_reopen)
    p = verbs.add_parser(
        "declare", help="Trung ương: khai báo (hoặc sửa) một kỳ báo cáo cho cả hệ thống (quản trị)"
    )
    data_arg(p)
    p.add_argument("period", metavar="PERIOD", help="mã kỳ, ví dụ 2026-Q3")
    p.add_argument("--name", required=True, metavar="TEXT", help="tên kỳ, ví dụ “Quý III/2026”")
    p.add_argument("--cut-off", required=True, metavar="YYYY-MM-DD", help="ngày chốt số liệu")
    p.add_argument("--due", required=True, metavar="YYYY-MM-DD", help="hạn nộp báo cáo")
    p.set_defaults(run=cmd_period_declare)


def cmd_period_list(args: argparse.Namespace, out: IO[str]) -> int:
    with open_session(args) as session:
        views = period_views(session)
        listed = [v.as_dict() for v in views]
        if is_upper(session):  # how many communes below closed each period
            for item, v in zip(listed, views, strict=True):
                progress = upper_progress(session, v.period.id)  # who closed: no figure read
                item["communes"], item["communes_closed"] = len(progress.communes), progress.closed
    if args.json:
        json.dump(listed, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    for item, v in zip(listed, views, strict=True):
        line = (
            f"{v.period.id:8}  {v.period.name:24}  chốt {v.period.cut_off:%d/%m/%Y}  "
            f"hạn {v.period.due:%d/%m/%Y}  {STATE_LABELS[v.state]}"
        )
        if v.versions:
            line += f" (lần {v.versions[-1].version})"
        if "communes" in item:
            line += f"; cơ sở đã chốt: {item['communes_closed']}/{item['communes']}"
        print(line, file=out)
    return EXIT_OK


def cmd_period_close(args: argparse.Namespace, out: IO[str]) -> int:
    with open_session(args) as session:
        try:
            missing = missing_below(session, args.period)
            snap = close_period(session, args.period)
        except PeriodError as exc:
            raise CliError(str(exc)) from exc
    if missing:
        print(
            f"Cảnh báo: {len(missing)} cơ sở chưa chốt số liệu kỳ này, số liệu của họ không có "
            "trong tổng:",
            file=out,
        )
        for unit in missing:
            print(f"  - {unit.name} ({unit.code})", file=out)
    print(
        f"Đã chốt số liệu kỳ “{snap.period_name}” (lần {snap.version}), "
        f"mã dữ liệu {snap.fingerprint}.",
        file=out,
    )
    return EXIT_OK


def cmd_period_reopen(args: argparse.Namespace, out: IO[str]) -> int:
    with open_session(args) as session:
        try:
            snap = reopen_period(session, args.period, args.reason)
        except PeriodError as exc:
            raise CliError(str(exc)) from exc
    print(
        f"Đã mở lại kỳ “{snap.period_name}” để sửa; số liệu đã chốt lần {snap.version} "
        "được giữ lại và sẽ được thay thế khi chốt lại.",
        file=out,
    )
    return EXIT_OK


def cmd_period_declare(args: argparse.Namespace, out: IO[str]) -> int:
    from desktop.sync.calendar import CalendarError, declare

    try:
        period = Period(
            args.period,
            " ".join(args.name.split()),
            date.fromisoformat(args.cut_off),
            date.fromisoformat(args.due),
        )
    except ValueError:
        raise CliError("Ngày viết theo dạng YYYY-MM-DD, ví dụ 2026-09-30.") from None
    with open_session(args) as session:
        try:
            doc = declare(session, period)
        except CalendarError as exc:
            raise CliError(str(exc)) from exc
    print(
        f"Đã khai báo kỳ “{period.name}” (chốt {period.cut_off:%d/%m/%Y}, hạn "
        f"{period.due:%d/%m/%Y}); lịch báo cáo lần {doc['version']} sẽ xuống các cấp dưới "
        "cùng tệp gửi xuống.",
        file=out,
    )
    return EXIT_OK


def period_indicators(args: argparse.Namespace) -> list[dict[str, Any]] | dict[str, Any]:
    """The indicators frozen for `args.period` (the `indicators --period` command): a unit's
    closed figures; at an upper level the sum of the communes' with those not closed named."""
    with open_session(args) as session:
        try:
            if is_upper(session):
                return upper_summary(session, args.period).as_dict()
            return frozen_indicators(session, args.period)
        except PeriodError as exc:
            raise CliError(str(exc)) from exc


def units_of_period(args: argparse.Namespace, out: IO[str]) -> int:
    """`sohoi units --period`: each unit directly below (or below `--below`) with its state for
    the period; for a unit above communes, how many of its communes closed."""
    from desktop.periods.summary import period_summary

    with open_session(args) as session:
        try:
            period = view_of(session, args.period).period
        except PeriodError as exc:
            raise CliError(str(exc)) from exc
        root = args.below or session.store.unit_code or ""
        summary = period_summary(session.store.db, root, period)
    rows = [
        {
            "code": u.code,
            "name": u.name,
            "level": u.level,
            "state": u.state,
            "version": u.version,
            "closed_on": u.closed_on.isoformat() if u.closed_on else None,
            **(
                {"communes": u.communes, "communes_closed": u.communes_closed} if u.communes else {}
            ),
        }
        for u in summary.below
    ]
    if args.json:
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    for u in summary.below:
        line = f"{u.code}\t{u.name}\t{STATE_LABELS[u.state]}"
        if u.version is not None and u.closed_on is not None:
            line += f" (lần {u.version}, {u.closed_on:%d/%m/%Y})"
        if u.communes:
            line += f"; cơ sở đã chốt: {u.communes_closed}/{u.communes}"
        print(line, file=out)
    print(
        f"Kỳ “{period.name}”: {summary.closed}/{len(summary.communes)} cơ sở đã chốt số liệu.",
        file=out,
    )
    return EXIT_OK

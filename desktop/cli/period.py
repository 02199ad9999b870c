"""`sohoi period …`: the reporting periods of the unit, closing and reopening one; and the
frozen figures behind `sohoi indicators --period`."""

from __future__ import annotations

import argparse
import json
from typing import IO, Any

from db.periods import STATE_LABELS
from desktop.cli.support import CliError, data_arg, open_session
from desktop.periods.closing import (
    PeriodError,
    close_period,
    frozen_indicators,
    period_views,
    reopen_period,
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


def cmd_period_list(args: argparse.Namespace, out: IO[str]) -> int:
    with open_session(args) as session:
        views = period_views(session)
    if args.json:
        json.dump([v.as_dict() for v in views], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    for v in views:
        line = (
            f"{v.period.id:8}  {v.period.name:24}  chốt {v.period.cut_off:%d/%m/%Y}  "
            f"hạn {v.period.due:%d/%m/%Y}  {STATE_LABELS[v.state]}"
        )
        if v.versions:
            line += f" (lần {v.versions[-1].version})"
        print(line, file=out)
    return EXIT_OK


def cmd_period_close(args: argparse.Namespace, out: IO[str]) -> int:
    with open_session(args) as session:
        try:
            snap = close_period(session, args.period)
        except PeriodError as exc:
            raise CliError(str(exc)) from exc
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


def period_indicators(args: argparse.Namespace) -> list[dict[str, Any]]:
    """The indicators frozen for `args.period` (the `indicators --period` command)."""
    with open_session(args) as session:
        try:
            return frozen_indicators(session, args.period)
        except PeriodError as exc:
            raise CliError(str(exc)) from exc

"""The `sohoi` command line: the same services the window uses, for scripts and upper levels.

Exit codes: 0 done; 1 done, but problems were found (check) ; 2 refused (bad input, nothing
changed). Messages for people are Vietnamese; every command is documented in docs/CLI.md (a test
fails when one is not).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING

from db.schema import LEVELS
from db.store import StorageError
from db.validation import ValidationError
from desktop.cli.support import (
    CliError,
    command_scope,
    data_arg,
    global_args,
    new_password,
    open_session,
)
from desktop.installation.paths import is_portable, resolve_data_dir
from desktop.installation.setup import NewUnit, UnitError, create_unit
from desktop.security.accounts import AccountError
from desktop.sync.identity import TrustError

if TYPE_CHECKING:
    from desktop.installation.selftest import WindowCheck

EXIT_OK, EXIT_PROBLEMS, EXIT_REFUSED = 0, 1, 2

DESCRIPTION = (
    "Sổ Hội — sổ dữ liệu của Hội LHPN cơ sở, làm việc không cần mạng.\n"
    "Thư mục dữ liệu: --data, hoặc biến SOHOI_DATA, hoặc thư mục di động cạnh chương trình, "
    "hoặc thư mục mặc định của người dùng."
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sohoi", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    global_args(parser)
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="tự kiểm tra chương trình trên máy này bằng dữ liệu tạm (không cần LỆNH), "
        "rồi xóa dữ liệu tạm",
    )
    sub = parser.add_subparsers(dest="command", metavar="LỆNH")

    p = sub.add_parser("init", help="tạo đơn vị mới trong thư mục dữ liệu")
    data_arg(p)
    p.add_argument("--level", required=True, choices=LEVELS, help="cấp của đơn vị")
    p.add_argument("--unit-code", required=True, metavar="CODE", help="mã đơn vị")
    p.add_argument("--unit-name", required=True, metavar="NAME", help="tên đơn vị")
    p.add_argument("--parent-code", metavar="CODE", help="mã đơn vị cấp trên")
    p.add_argument(
        "--admin",
        default="admin",
        metavar="NAME",
        help="tên đăng nhập của quản trị viên đầu tiên (admin)",
    )
    p.set_defaults(run=cmd_init)

    p = sub.add_parser("demo", help="tạo một Hội LHPN xã với dữ liệu mẫu giống thật")
    data_arg(p)
    p.add_argument("--members", type=int, default=2000, metavar="N", help="số hội viên (2000)")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="hạt giống ngẫu nhiên (1)")
    p.set_defaults(run=cmd_demo)

    p = sub.add_parser("load", help="nạp bản ghi NDJSON (thêm mới hoặc sửa), tất cả hoặc không")
    data_arg(p)
    p.add_argument("file", metavar="FILE|-", help="tệp NDJSON, hoặc - để đọc từ đầu vào chuẩn")
    p.set_defaults(run=cmd_load)

    p = sub.add_parser("dump", help="xuất mọi bản ghi ra NDJSON theo thứ tự cố định")
    data_arg(p)
    p.add_argument("--out", metavar="FILE", help="tệp kết quả (mặc định: đầu ra chuẩn)")
    p.set_defaults(run=cmd_dump)

    p = sub.add_parser("indicators", help="các chỉ tiêu của đơn vị và các đơn vị cấp dưới")
    data_arg(p)
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.add_argument(
        "--period",
        metavar="PERIOD",
        help="số liệu đã chốt của một kỳ báo cáo (ví dụ 2026-H1) thay cho số liệu hiện tại",
    )
    p.set_defaults(run=cmd_indicators)

    p = sub.add_parser("check", help="liệt kê mọi lỗi và cảnh báo trong dữ liệu đã lưu")
    data_arg(p)
    p.set_defaults(run=cmd_check)

    from desktop.cli import admin

    admin.register(sub)
    from desktop.cli import report

    report.register(sub)
    from desktop.cli import sync

    sync.register(sub)
    from desktop.cli import backup

    backup.register(sub)
    from desktop.cli import sheet

    sheet.register(sub)
    from desktop.cli import find

    find.register(sub)
    from desktop.cli import period

    period.register(sub)
    return parser


def cmd_init(args: argparse.Namespace, out: IO[str]) -> int:
    data_dir = resolve_data_dir(args.data)
    unit = NewUnit(
        code=args.unit_code, name=args.unit_name, level=args.level, parent_code=args.parent_code
    )
    created = create_unit(
        data_dir,
        unit,
        admin_username=args.admin,
        admin_password=new_password(f"Mật khẩu cho “{args.admin}”"),
        removable=is_portable(data_dir),
    )
    with created.session as session:
        code = session.store.unit_code
    print(f"Đã tạo đơn vị {args.unit_name} ({code}) trong {data_dir}.", file=out)
    print(f"Mã khôi phục (in ra và cất giữ; chỉ hiện một lần): {created.recovery_code}", file=out)
    return EXIT_OK


def cmd_demo(args: argparse.Namespace, out: IO[str]) -> int:
    from desktop.demo.unit import DEMO_PASSWORD, create_demo

    if args.members < 0:
        raise CliError("Số hội viên không được âm.")
    data_dir = resolve_data_dir(args.data)
    with create_demo(
        data_dir, members=args.members, seed=args.seed, removable=is_portable(data_dir)
    ) as session:
        store = session.store
        name = store.db.execute("SELECT name FROM units WHERE code = ?", [store.unit_code])
        name = name.fetchone()[0]
    print(
        f"Đã tạo dữ liệu mẫu: {name} ({store.unit_code}), {args.members} hội viên, "
        f"trong {data_dir}. Đăng nhập: admin / {DEMO_PASSWORD}",
        file=out,
    )
    return EXIT_OK


def cmd_load(args: argparse.Namespace, out: IO[str]) -> int:
    from desktop.cli.ndjson import load

    with open_session(args) as session:
        store = session.store
        if args.file == "-":
            stdin = getattr(sys.stdin, "buffer", sys.stdin)  # bytes: bad UTF-8 is named
            summary = load(store, stdin)
        else:
            path = Path(args.file)
            if not path.is_file():
                raise CliError(f"Không tìm thấy tệp {path}.")
            with path.open("rb") as stream:
                summary = load(store, stream)
    for w in summary.warnings[:50]:
        print(f"Cảnh báo: {w}", file=sys.stderr)
    print(
        f"Đã nạp: {summary.inserted} thêm mới, {summary.updated} sửa, "
        f"{summary.unchanged} không đổi.",
        file=out,
    )
    return EXIT_OK


def cmd_dump(args: argparse.Namespace, out: IO[str]) -> int:
    from desktop.cli.ndjson import check_dump_allowed, dump_for

    with open_session(args) as session:
        if args.out:
            from desktop.files import atomic_text_writer

            check_dump_allowed(session)  # before a file is made
            with atomic_text_writer(Path(args.out)) as stream:
                dump_for(session, stream)
        else:
            dump_for(session, out)
    return EXIT_OK


def cmd_indicators(args: argparse.Namespace, out: IO[str]) -> int:
    from db.indicators import Indicator, compute_indicators, format_value
    from db.text import format_count

    if args.period:
        from desktop.cli.period import period_indicators

        frozen = period_indicators(args)
        if args.json:
            json.dump(frozen, out, ensure_ascii=False, indent=2)
            out.write("\n")
            return EXIT_OK
        if isinstance(frozen, dict):  # an upper level: the sums, and who is not in them
            missing = frozen["not_closed"]
            print(
                f"Kỳ “{frozen['period']['name']}”: tổng số liệu đã chốt của {frozen['closed']}/"
                f"{frozen['communes']} cơ sở.",
                file=out,
            )
            if missing:
                print(
                    "Chưa chốt (không có trong tổng): "
                    + ", ".join(f"{u['name']} ({u['code']})" for u in missing),
                    file=out,
                )
            frozen = frozen["indicators"]
        indicators = [Indicator.from_dict(d) for d in frozen]
    else:
        with open_session(args) as session:
            indicators = compute_indicators(session.store.db, session.store.unit_code or "")
    if args.json:
        json.dump([i.as_dict() for i in indicators], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return EXIT_OK
    rows = [("Chỉ tiêu", "Tử số", "Mẫu số", "Giá trị", "Mục tiêu", "Đạt")]
    for i in indicators:
        target = (
            "—"
            if i.target is None
            else (
                format_count(int(i.target))
                if i.kind == "count"
                else f"{i.target:g}%".replace(".", ",")
            )
        )
        met = "—" if i.met is None else ("Đạt" if i.met else "Chưa đạt")
        rows.append(
            (
                i.label,
                format_count(i.numerator),
                "—" if i.denominator is None else format_count(i.denominator),
                format_value(i),
                target,
                met,
            )
        )
    widths = [max(len(r[c]) for r in rows) for c in range(len(rows[0]))]
    for n, r in enumerate(rows):
        cells = [r[0].ljust(widths[0])] + [r[c].rjust(widths[c]) for c in range(1, len(r))]
        print("  ".join(cells).rstrip(), file=out)
        if n == 0:
            print("  ".join("-" * w for w in widths), file=out)
    return EXIT_OK


def cmd_check(args: argparse.Namespace, out: IO[str]) -> int:
    from db.checks import check_all

    with open_session(args) as session:
        findings = check_all(session.store.db, session.store.unit_code or "")
    errors = [f for f in findings if f.problem.severity == "error"]
    for f in findings:
        tag = "Lỗi" if f.problem.severity == "error" else "Cảnh báo"
        print(f"[{tag}] {f.problem} (mã {f.id})", file=out)
    print(f"Tổng cộng: {len(errors)} lỗi, {len(findings) - len(errors)} cảnh báo.", file=out)
    return EXIT_PROBLEMS if errors else EXIT_OK


def main(
    argv: Sequence[str] | None = None,
    out: IO[str] | None = None,
    *,
    window_check: WindowCheck | None = None,
) -> int:
    """Run one `sohoi` command; returns the exit code.

    `window_check` is what `--self-test` opens the main window with: the entry point
    (desktop/__main__.py, the `sohoi` and `SoHoi` programs) hands it in from ui/.
    """
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Callable[[argparse.Namespace, IO[str]], int] | None = getattr(args, "run", None)
    if args.self_test:
        if run is not None:
            parser.error("--self-test không đi cùng một LỆNH")
        from desktop.installation.selftest import cmd_self_test

        args.command = "self-test"
        run = functools.partial(cmd_self_test, window_check=window_check)
    if run is None:
        parser.print_help(out)
        return EXIT_REFUSED
    try:
        with command_scope(args):  # portable set-up, log, single-instance lock: first
            return run(args, out)
    except ValidationError as exc:
        print("Không lưu gì cả: dữ liệu có lỗi.", file=sys.stderr)
        for p in exc.problems:
            print(f"  {p}", file=sys.stderr)
        return EXIT_REFUSED
    except (UnitError, CliError, AccountError, StorageError, TrustError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    except BrokenPipeError:
        # The reader went away (`sohoi dump | head`): not an error of ours.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        print(f"Lỗi đọc/ghi tệp: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_REFUSED

"""`sohoi sheet …`: import lists from Excel/CSV, export lists and indicators, blank templates.

`import` is a dry run unless `--apply`: it prints how each column is read and every row that
will not simply be added (rejected with reasons, duplicates, updates), then the counts. Exit
codes: 0 nothing rejected, 1 some rows rejected (with `--apply` the others were saved), 2 the
file or the options were refused and nothing changed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import IO

from db.schema import TABLES
from desktop.cli.support import CliError, data_arg, open_session
from desktop.spreadsheets.encodings import ENCODINGS
from desktop.spreadsheets.exporter import export_indicators, export_list
from desktop.spreadsheets.importer import apply_import, plan_import
from desktop.spreadsheets.reader import SheetError
from desktop.spreadsheets.rejects import write_rejects
from desktop.spreadsheets.report import (
    DEFAULT_STATUS_TEXT,
    DUPLICATE,
    MOVE,
    REJECTED,
    UNCHANGED,
    UPDATE,
    ImportPlan,
)
from desktop.spreadsheets.tables import EXPORT_TABLES, IMPORT_TABLES, INDICATORS
from desktop.spreadsheets.templates import write_template

EXIT_OK, EXIT_PROBLEMS = 0, 1


def register(sub: argparse._SubParsersAction) -> None:
    sheet = sub.add_parser(
        "sheet", help="nhập danh sách từ Excel/CSV; xuất danh sách, chỉ tiêu, mẫu ra Excel"
    )
    verbs = sheet.add_subparsers(dest="verb", metavar="VIỆC", required=True)

    p = verbs.add_parser("import", help="nhập danh sách: chạy thử, rồi --apply để lưu")
    data_arg(p)
    p.add_argument("--table", required=True, choices=IMPORT_TABLES, help="danh sách nhập vào")
    p.add_argument("file", metavar="FILE", help="tệp .xlsx hoặc .csv")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="COLUMN=field",
        help="chỉ rõ một cột (tiêu đề hoặc chữ cái cột) là trường nào; field - để bỏ qua cột",
    )
    p.add_argument(
        "--encoding",
        choices=ENCODINGS,
        default="auto",
        help="bảng mã của tệp CSV, hoặc TCVN3 cho tệp Excel gõ bằng phông .VnTime (auto)",
    )
    p.add_argument(
        "--create-branches", action="store_true", help="tạo các chi hội chưa có trong đơn vị"
    )
    p.add_argument("--branch", metavar="NAME", help="chi hội của các dòng không ghi chi hội")
    p.add_argument("--apply", action="store_true", help="lưu các dòng hợp lệ (mặc định: chạy thử)")
    p.add_argument(
        "--move-branches",
        action="store_true",
        help="với --apply: chuyển hội viên đã có (theo số CCCD) sang chi hội tệp ghi",
    )
    p.add_argument(
        "--rejects",
        metavar="FILE.xlsx",
        help="lưu các dòng bị từ chối, kèm cột «Lý do», vào tệp này để sửa rồi nhập lại",
    )
    p.add_argument(
        "--limit",
        type=int,
        default=100,
        metavar="N",
        help="in tối đa N dòng chi tiết cho mỗi loại (100; 0: tất cả)",
    )
    p.set_defaults(run=cmd_sheet_import)

    p = verbs.add_parser("export", help="xuất một danh sách, hoặc bảng chỉ tiêu, ra tệp .xlsx")
    data_arg(p)
    p.add_argument("--table", required=True, choices=EXPORT_TABLES, help="danh sách cần xuất")
    p.add_argument("--out", required=True, metavar="FILE.xlsx", help="tệp kết quả")
    p.add_argument(
        "--with-personal",
        action="store_true",
        help="kèm số CCCD, ngày sinh, dân tộc, tôn giáo (tệp không được mã hóa)",
    )
    p.add_argument("--branch", metavar="NAME", help="chỉ các bản ghi của chi hội này")
    p.add_argument("--status", metavar="STATUS", help="chỉ các bản ghi có tình trạng này")
    p.set_defaults(run=cmd_sheet_export)

    p = verbs.add_parser("template", help="tệp mẫu .xlsx để điền danh sách rồi nhập")
    p.add_argument("--table", required=True, choices=IMPORT_TABLES, help="danh sách của mẫu")
    p.add_argument("--out", required=True, metavar="FILE.xlsx", help="tệp kết quả")
    p.set_defaults(run=cmd_sheet_template)


def _xlsx(path: str) -> Path:
    out = Path(path)
    if out.suffix.lower() != ".xlsx":
        raise CliError(f"Tệp xuất phải có đuôi .xlsx (không phải “{out.name}”).")
    return out


def _print_rows(title: str, lines: list[str], limit: int, out: IO[str]) -> None:
    if not lines:
        return
    print(f"{title} ({len(lines)}):", file=out)
    shown = lines if limit <= 0 else lines[:limit]
    for line in shown:
        print(f"  {line}", file=out)
    if len(shown) < len(lines):
        print(f"  … và {len(lines) - len(shown)} dòng khác (--limit 0 để xem hết).", file=out)


def print_plan(plan: ImportPlan, limit: int, out: IO[str]) -> None:
    """The dry run's report, in Vietnamese."""
    print(
        f"Tệp “{plan.file_name}”, trang “{plan.sheet}”, dòng tiêu đề {plan.header_row}, "
        f"bảng mã {plan.encoding_label()}.",
        file=out,
    )
    print("Các cột:", file=out)
    for line in plan.column_lines(with_ids=True):
        print(f"  {line}", file=out)
    if plan.unread:
        print(
            f"Lưu ý: {len(plan.unread)} cột không được đọc: {', '.join(plan.unread_lines())}.",
            file=out,
        )
        print('  (Cột nào cần nhập mà chưa nhận ra: chỉ rõ bằng --map "TIÊU ĐỀ=trường".)', file=out)
    if plan.default_status_rows():
        print(
            f"{DEFAULT_STATUS_TEXT} cho {plan.default_status_rows()} dòng không ghi tình trạng.",
            file=out,
        )
    if plan.default_branch:
        print(f"Chi hội của các dòng không ghi chi hội: {plan.default_branch}.", file=out)
    new = [b.values["name"] for b in plan.branches_to_create()]
    if new:
        print(f"Sẽ tạo {len(new)} chi hội mới: {', '.join(new)}.", file=out)
    table = plan.table
    _print_rows("Bị từ chối", [r.summary(table) for r in plan.by_fate(REJECTED)], limit, out)
    _print_rows("Cảnh báo", [str(w) for w in plan.warnings], limit, out)
    skipped = plan.by_fate(DUPLICATE) + plan.by_fate(UNCHANGED)
    _print_rows(
        "Bỏ qua vì trùng",
        [r.summary(table) for r in sorted(skipped, key=lambda r: r.row)],
        limit,
        out,
    )
    _print_rows("Cập nhật", [r.summary(table) for r in plan.by_fate(UPDATE)], limit, out)
    moves = plan.by_fate(MOVE)
    _print_rows("Chuyển chi hội", [r.summary(table) for r in moves], limit, out)
    if moves and not plan.apply_moves:
        print(
            f"  {len(moves)} hội viên trên sẽ KHÔNG được chuyển chi hội (giữ chi hội cũ, chỉ cập "
            "nhật các thông tin khác); thêm --move-branches để chuyển.",
            file=out,
        )
    c = plan.counts()
    total = (
        f"Tổng cộng {len(plan.rows)} dòng {TABLES[table].label}: {c['add']} thêm mới, "
        f"{c['update']} cập nhật, "
        + (f"{c[MOVE]} chuyển chi hội, " if c.get(MOVE) else "")
        + f"{c['duplicate']} trùng dòng khác trong tệp, "
        f"{c['unchanged']} giống hệt dữ liệu đã có, {c['rejected']} bị từ chối"
    )
    if plan.skipped:
        total += f" (bỏ qua {plan.skipped} dòng trống, đánh số cột hoặc tổng cộng)"
    print(f"{total}.", file=out)


def cmd_sheet_import(args: argparse.Namespace, out: IO[str]) -> int:
    with open_session(args) as session:
        if args.apply:
            session.require("write")
        store = session.store
        try:
            plan = plan_import(
                store,
                Path(args.file),
                args.table,
                mapping=args.map,
                encoding=args.encoding,
                create_branches=args.create_branches,
                branch=args.branch,
            )
        except SheetError as exc:
            raise CliError(str(exc)) from None
        plan.apply_moves = args.move_branches
        print_plan(plan, args.limit, out)
        accepted = plan.accepted()
        if not args.apply:
            print(
                f"Chạy thử: chưa lưu gì. Chạy lại với --apply để lưu {accepted} dòng hợp lệ.",
                file=out,
            )
        elif accepted:
            result = apply_import(store, plan)
            for row in result.refused_at_apply:
                print(f"Bị từ chối khi lưu: {row.summary(plan.table)}", file=out)
            print(
                f"Đã lưu: {result.inserted} thêm mới, {result.updated} cập nhật, "
                f"{result.branches_created} chi hội mới.",
                file=out,
            )
        else:
            print("Không có dòng nào để lưu.", file=out)
        rejected = plan.count(REJECTED)
        if rejected:
            print(f"{rejected} dòng bị từ chối không được lưu; hãy sửa tệp rồi nhập lại.", file=out)
        if args.rejects and rejected:
            target = _xlsx(args.rejects)
            try:
                written = write_rejects(plan, target)
            except OSError as exc:
                raise CliError(f"Không ghi được {target}: {exc.strerror or exc}.") from None
            print(f"Đã lưu {written} dòng bị từ chối, kèm lý do, vào {target}.", file=out)
        return EXIT_PROBLEMS if rejected else EXIT_OK


def cmd_sheet_export(args: argparse.Namespace, out: IO[str]) -> int:
    target = _xlsx(args.out)
    if args.table == INDICATORS and (args.branch or args.status or args.with_personal):
        raise CliError(
            "Bảng chỉ tiêu không lọc theo chi hội/tình trạng và không có dữ liệu cá nhân."
        )
    with open_session(args) as session:
        session.require("report")
        if args.with_personal:
            session.require("personal")
        actor = session.account.username
        try:
            if args.table == INDICATORS:
                summary = export_indicators(session.store, target, actor=actor)
            else:
                summary = export_list(
                    session.store,
                    args.table,
                    target,
                    branch=args.branch,
                    status=args.status,
                    with_personal=args.with_personal,
                    actor=actor,
                )
        except SheetError as exc:
            raise CliError(str(exc)) from None
    what = "chỉ tiêu" if args.table == INDICATORS else TABLES[args.table].label
    print(f"Đã xuất {summary.rows} dòng {what} ra {summary.path}.", file=out)
    if summary.personal:
        print(
            "Lưu ý: tệp có dữ liệu cá nhân (số CCCD, ngày sinh, dân tộc, tôn giáo) và không được "
            "mã hóa; hãy giữ cẩn thận và xóa khi không cần nữa.",
            file=out,
        )
    return EXIT_OK


def cmd_sheet_template(args: argparse.Namespace, out: IO[str]) -> int:
    target = _xlsx(args.out)
    try:
        write_template(args.table, target)
    except SheetError as exc:
        raise CliError(str(exc)) from None
    print(f"Đã tạo tệp mẫu danh sách {TABLES[args.table].label}: {target}.", file=out)
    return EXIT_OK

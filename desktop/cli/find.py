"""`sohoi find`: the person search of the upper levels, from the command line."""

from __future__ import annotations

import argparse
import json
from typing import IO

from desktop.cli.support import CliError, data_arg, open_session

EXIT_OK = 0


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "find", help="tìm một người trong mọi đơn vị (tên không dấu, số CCCD, số điện thoại)"
    )
    data_arg(p)
    p.add_argument("query", metavar="QUERY", help="tên (không cần dấu), số CCCD hoặc số điện thoại")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="số người mỗi trang (50)")
    p.add_argument("--page", type=int, default=1, metavar="K", help="trang thứ K (1)")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(run=cmd_find)


def cmd_find(args: argparse.Namespace, out: IO[str]) -> int:
    from db.people_search import Page
    from desktop.units.people import find_people

    if not 1 <= args.limit <= 1000 or args.page < 1:
        raise CliError("--limit phải từ 1 đến 1000 và --page từ 1 trở lên.")
    with open_session(args) as session:
        page = find_people(session, args.query, limit=args.limit)
        for _ in range(args.page - 1):  # each page resumes where the one before ended
            if page.next is None:
                page = Page([], None)
                break
            page = find_people(session, args.query, limit=args.limit, after=page.next)
    people = page.people
    if args.json:
        json.dump([p.as_dict() for p in people], out, ensure_ascii=False)
        out.write("\n")
        return EXIT_OK
    tables = {"members": "hội viên", "branch_heads": "chi hội trưởng", "cadres": "cán bộ"}
    for p in people:
        where = ", ".join(x for x in (p.branch_name, p.unit_name or p.unit_code) if x)
        print(f"{p.full_name}\t{tables[p.table]}\t{where}", file=out)
    if not people:
        print("Không tìm thấy ai.", file=out)
    elif page.next is not None:
        print(f"Còn nữa: xem trang {args.page + 1} (--page {args.page + 1}).", file=out)
    return EXIT_OK

"""`sohoi users …` and `sohoi audit …`: accounts and the audit log from the command line."""

from __future__ import annotations

import argparse
import os
from typing import IO

from desktop.cli.support import CliError, data_arg, new_password, open_session, password
from desktop.installation.paths import is_portable, resolve_data_dir
from desktop.installation.setup import recover
from desktop.security import audit, users
from desktop.security.accounts import ROLE_LABELS, ROLES

EXIT_OK, EXIT_PROBLEMS = 0, 1


def _new_password(prompt: str) -> str:
    """The new password of an account: SOHOI_NEW_PASSWORD when set, else asked twice."""
    if os.environ.get("SOHOI_NEW_PASSWORD"):
        return os.environ["SOHOI_NEW_PASSWORD"]
    if os.environ.get("SOHOI_PASSWORD"):
        # SOHOI_PASSWORD is the signed-in account's: never reuse it as someone's new password.
        raise CliError("Đặt mật khẩu mới trong biến SOHOI_NEW_PASSWORD.")
    return new_password(prompt)


def register(sub: argparse._SubParsersAction) -> None:
    users_p = sub.add_parser("users", help="tài khoản: thêm, liệt kê, đổi mật khẩu, ngừng")
    verbs = users_p.add_subparsers(dest="verb", metavar="VIỆC", required=True)
    p = verbs.add_parser("add", help="thêm tài khoản (quản trị)")
    data_arg(p)
    p.add_argument("name", metavar="NAME", help="tên đăng nhập mới")
    p.add_argument("--role", required=True, choices=ROLES, help="vai trò")
    p.add_argument("--display-name", metavar="TEXT", help="họ tên hiển thị")
    p.set_defaults(run=cmd_users_add)
    p = verbs.add_parser("list", help="liệt kê tài khoản")
    data_arg(p)
    p.set_defaults(run=cmd_users_list)
    p = verbs.add_parser("passwd", help="đổi mật khẩu của mình, hoặc đặt lại cho người khác")
    data_arg(p)
    p.add_argument("name", metavar="NAME", nargs="?", help="tài khoản cần đặt lại (quản trị)")
    p.set_defaults(run=cmd_users_passwd)
    p = verbs.add_parser("disable", help="ngừng một tài khoản: không đăng nhập được nữa (quản trị)")
    data_arg(p)
    p.add_argument("name", metavar="NAME", help="tài khoản cần ngừng")
    p.set_defaults(run=cmd_users_disable)
    p = verbs.add_parser("set-role", help="đổi vai trò của một tài khoản (quản trị)")
    data_arg(p)
    p.add_argument("name", metavar="NAME", help="tài khoản cần đổi vai trò")
    p.add_argument("--role", required=True, choices=ROLES, help="vai trò mới")
    p.set_defaults(run=cmd_users_set_role)
    p = verbs.add_parser(
        "renew-recovery", help="tạo mã khôi phục mới, mã cũ hết hiệu lực (quản trị)"
    )
    data_arg(p)
    p.set_defaults(run=cmd_users_renew_recovery)
    p = verbs.add_parser("recover", help="quên mật khẩu quản trị: mở bằng mã khôi phục")
    data_arg(p)
    p.set_defaults(run=cmd_users_recover)

    audit_p = sub.add_parser("audit", help="nhật ký thao tác: xem, kiểm tra toàn vẹn")
    verbs = audit_p.add_subparsers(dest="verb", metavar="VIỆC", required=True)
    p = verbs.add_parser("list", help="các mục nhật ký mới nhất")
    data_arg(p)
    p.add_argument("--limit", type=int, default=50, metavar="N", help="số mục (50)")
    p.set_defaults(run=cmd_audit_list)
    p = verbs.add_parser("verify", help="kiểm tra chuỗi băm của nhật ký")
    data_arg(p)
    p.set_defaults(run=cmd_audit_verify)


def cmd_users_add(args: argparse.Namespace, out: IO[str]) -> int:
    with open_session(args) as session:
        session.require("users")
        account = users.add_user(
            session,
            args.name,
            _new_password(f"Mật khẩu cho “{args.name}”"),
            args.role,
            args.display_name,
        )
    print(f"Đã thêm tài khoản “{account.username}” ({account.role_label}).", file=out)
    return EXIT_OK


def cmd_users_list(args: argparse.Namespace, out: IO[str]) -> int:
    with open_session(args) as session:
        for a in users.accounts(session):
            state = " (đã khóa)" if a.disabled else ""
            print(f"{a.username}\t{ROLE_LABELS[a.role]}{state}", file=out)
    return EXIT_OK


def cmd_users_passwd(args: argparse.Namespace, out: IO[str]) -> int:
    with open_session(args) as session:
        notice = None
        if args.name:
            done = users.reset_password(
                session, args.name, _new_password(f"Mật khẩu mới cho “{args.name}”")
            )
            who, notice = args.name, done.notice
        else:
            old = password("Mật khẩu hiện tại")
            users.change_password(session, old, _new_password("Mật khẩu mới"))
            who = session.account.username
    print(f"Đã đổi mật khẩu của “{who}”.", file=out)
    if notice:
        print(notice, file=out)
    return EXIT_OK


def cmd_users_disable(args: argparse.Namespace, out: IO[str]) -> int:
    with open_session(args) as session:
        done = users.disable_user(session, args.name)
    print(
        f"Đã ngừng tài khoản “{args.name}”: mật khẩu của người đó không còn mở được sổ.", file=out
    )
    if done.notice:
        print(done.notice, file=out)
    return EXIT_OK


def cmd_users_set_role(args: argparse.Namespace, out: IO[str]) -> int:
    with open_session(args) as session:
        account = users.set_role(session, args.name, args.role)
    print(f"Tài khoản “{account.username}” nay có vai trò {account.role_label}.", file=out)
    return EXIT_OK


def cmd_users_renew_recovery(args: argparse.Namespace, out: IO[str]) -> int:
    with open_session(args) as session:
        code, done = users.renew_recovery(session)
    print("Mã khôi phục mới (chỉ hiện một lần; hãy in hoặc chép lại và cất kỹ):", file=out)
    print(code, file=out)
    print("Mã cũ không còn dùng được.", file=out)
    if done.notice:
        print(done.notice, file=out)
    return EXIT_OK


def cmd_users_recover(args: argparse.Namespace, out: IO[str]) -> int:
    code = os.environ.get("SOHOI_RECOVERY_CODE") or password("Mã khôi phục")
    data_dir = resolve_data_dir(args.data)
    name = args.user or os.environ.get("SOHOI_USER") or "admin"
    recover(
        data_dir,
        code,
        username=name,
        new_password=_new_password(f"Mật khẩu mới cho “{name}”"),
        removable=is_portable(data_dir),
    ).close()
    print(f"Đã đặt lại mật khẩu của “{name}” bằng mã khôi phục.", file=out)
    return EXIT_OK


def cmd_audit_list(args: argparse.Namespace, out: IO[str]) -> int:
    with open_session(args) as session:
        session.require("audit")
        for e in audit.entries(session.store.db, limit=args.limit):
            what = e.tbl or ""
            if e.row_ids:
                what += f" ×{len(e.row_ids)}"
            if e.fields:
                what += f" [{', '.join(e.fields)}]"
            detail = f" {e.detail}" if e.detail else ""
            print(f"{e.seq}\t{e.at}\t{e.actor}\t{e.action}\t{what}{detail}".rstrip(), file=out)
    return EXIT_OK


def cmd_audit_verify(args: argparse.Namespace, out: IO[str]) -> int:
    with open_session(args) as session:
        session.require("audit")
        verdict = audit.verify(session.store.db)
    if verdict.ok:
        print(f"Nhật ký toàn vẹn: {verdict.entries} mục.", file=out)
        return EXIT_OK
    print(f"Nhật ký đã bị can thiệp: {verdict.reason}", file=out)
    return EXIT_PROBLEMS

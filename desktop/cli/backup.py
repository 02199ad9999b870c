"""`sohoi backup …`: make, list and restore backups from the command line (docs/CLI.md)."""

from __future__ import annotations

import argparse
import functools
import getpass
import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import IO

from db.connection import StorageRefused
from desktop.backup.format import BackupError, WrongSecret, content_key, read_header
from desktop.backup.make import (
    BackupInfo,
    create_auto_backup,
    default_backup_dir,
    export_backup,
    list_backups,
    read_info,
)
from desktop.backup.restore import key_from_backup, restore_backup
from desktop.backup.rights import has_unit_files
from desktop.cli.support import CliError, data_arg, open_session, password, username
from desktop.installation.paths import is_portable, resolve_data_dir
from desktop.installation.setup import UnitError, login
from desktop.security.session import Session

EXIT_OK = 0
PASSPHRASE_ENV = "SOHOI_BACKUP_PASSPHRASE"
RECOVERY_ENV = "SOHOI_RECOVERY_CODE"  # restore over a unit with its recovery code, no sign-in
KIND_LABELS = {
    "close": "khi đóng chương trình",
    "daily": "hằng ngày",
    "manual": "tự tạo",
    "pre-restore": "trước khi khôi phục",
    "portable": "có mật khẩu (chuyển máy)",
}

Command = Callable[[argparse.Namespace, IO[str]], int]


def register(sub: argparse._SubParsersAction) -> None:
    backup_p = sub.add_parser("backup", help="sao lưu, xem danh sách và khôi phục bản sao lưu")
    verbs = backup_p.add_subparsers(dest="verb", metavar="VIỆC", required=True)
    p = verbs.add_parser("create", help="tạo bản sao lưu (tự động, hoặc có mật khẩu với --out)")
    data_arg(p)
    p.add_argument("--out", metavar="FILE", help="tệp sao lưu có mật khẩu, để chuyển sang máy khác")
    p.add_argument(
        "--dir",
        metavar="DIR",
        help="thư mục sao lưu (mặc định: theo cài đặt, hoặc <dữ liệu>/backups)",
    )
    p.set_defaults(run=cmd_backup_create)
    p = verbs.add_parser("list", help="các bản sao lưu trong thư mục sao lưu, mới nhất trước")
    data_arg(p)
    p.add_argument("--dir", metavar="DIR", help="thư mục sao lưu (mặc định: <dữ liệu>/backups)")
    p.set_defaults(run=cmd_backup_list, instance_lock=False)  # reads files only
    p = verbs.add_parser("restore", help="khôi phục dữ liệu từ một bản sao lưu (quản trị)")
    data_arg(p)
    p.add_argument("file", metavar="FILE", help="tệp sao lưu (.sohoi-backup)")
    p.add_argument(
        "--dir",
        metavar="DIR",
        help="nơi giữ dữ liệu hiện tại trước khi khôi phục (mặc định: thư mục sao lưu)",
    )
    p.add_argument(
        "--allow-other-unit",
        action="store_true",
        help="cho phép khôi phục bản sao lưu của đơn vị khác đè lên đơn vị đang có",
    )
    p.set_defaults(run=cmd_backup_restore)


def _refusals(command: Command) -> Command:
    """A BackupError is a refusal like any other: its message, exit code 2."""

    @functools.wraps(command)
    def run(args: argparse.Namespace, out: IO[str]) -> int:
        try:
            return command(args, out)
        except BackupError as exc:
            raise CliError(str(exc)) from exc

    return run


def _passphrase(*, twice: bool) -> str:
    """The backup file's passphrase: SOHOI_BACKUP_PASSPHRASE, else asked (twice for a new one)."""
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    try:
        first = getpass.getpass("Mật khẩu của tệp sao lưu: ")
        if twice and getpass.getpass("Nhập lại mật khẩu của tệp sao lưu: ") != first:
            raise CliError("Hai lần nhập mật khẩu không giống nhau.")
    except (EOFError, OSError):
        raise CliError(
            f"Cần mật khẩu của tệp sao lưu: đặt biến {PASSPHRASE_ENV}, hoặc chạy lệnh trong cửa "
            "sổ dòng lệnh để nhập."
        ) from None
    return first


def _when(moment: datetime) -> str:
    return moment.astimezone().strftime("%d/%m/%Y %H:%M:%S")


def _size(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")


@_refusals
def cmd_backup_create(args: argparse.Namespace, out: IO[str]) -> int:
    with open_session(args) as session:
        if args.out:
            session.require("backup")
            path = export_backup(session, Path(args.out), _passphrase(twice=True))
        else:
            backup_dir = Path(args.dir) if args.dir else None
            path = create_auto_backup(session, reason="manual", backup_dir=backup_dir)
    print(f"Đã sao lưu vào {path}.", file=out)
    if args.out:
        print("Hãy giữ mật khẩu của tệp: thiếu nó thì không ai mở được tệp này.", file=out)
    return EXIT_OK


@_refusals
def cmd_backup_list(args: argparse.Namespace, out: IO[str]) -> int:
    directory = Path(args.dir) if args.dir else default_backup_dir(resolve_data_dir(args.data))
    backups: list[BackupInfo] = list_backups(directory)
    if not backups:
        print(f"Chưa có bản sao lưu nào trong {directory}.", file=out)
    for info in backups:
        label = KIND_LABELS.get(info.kind, info.kind)
        print(
            f"{_when(info.created_at)}\t{info.unit_code}\t{label}\t{_size(info.size)}\t{info.path}",
            file=out,
        )
    return EXIT_OK


@_refusals
def cmd_backup_restore(args: argparse.Namespace, out: IO[str]) -> int:
    path = Path(args.file)
    info = read_info(path)  # not a backup: say so before asking for any password
    data_dir = resolve_data_dir(args.data)
    passphrase = None
    if info.kind == "portable":  # a wrong passphrase is refused before anyone signs in
        passphrase = _passphrase(twice=False)
        content_key(read_header(path), passphrase=passphrase)
    session: Session | None = None
    secret: str | None = None
    account: tuple[str, str] | None = None
    recovery_code = os.environ.get(RECOVERY_ENV) or None
    if has_unit_files(data_dir) and not recovery_code:
        secret = password()
        try:
            session = login(data_dir, username(args), secret, removable=is_portable(data_dir))
        except UnitError as exc:
            if isinstance(exc.__cause__, StorageRefused):  # busy, read-only, full: not damage
                raise CliError(f"{exc} Chưa khôi phục gì.") from exc
            account = (username(args), secret)
            print(
                f"Không mở được dữ liệu hiện tại: {exc} Các tệp hiện tại sẽ được giữ nguyên "
                "trong thư mục sao lưu.",
                file=sys.stderr,
            )
    options = {
        "session": session,
        "account": account,
        "recovery_code": recovery_code,
        "allow_other_unit": args.allow_other_unit,
        "backup_dir": Path(args.dir) if args.dir else None,
    }
    try:
        if info.kind == "portable":
            result = restore_backup(data_dir, path, passphrase=passphrase, **options)
        else:
            try:
                result = restore_backup(data_dir, path, **options)
            except WrongSecret:
                # No unit here, or another installation's key: an account of the backup opens it.
                key = key_from_backup(path, username(args), secret or recovery_code or password())
                result = restore_backup(data_dir, path, key=key, **options)
    finally:
        if session is not None:
            session.close()
    print(
        f"Đã khôi phục đơn vị {result.unit_code} về lúc {_when(result.created_at)} "
        f"vào {data_dir}. Mật khẩu các tài khoản trở về như lúc sao lưu.",
        file=out,
    )
    if result.pre_restore is not None:
        print(f"Dữ liệu trước khi khôi phục được giữ ở {result.pre_restore}.", file=out)
    return EXIT_OK

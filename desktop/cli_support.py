"""What every `sohoi` command shares: the data folder, the account and its password."""

from __future__ import annotations

import argparse
import getpass
import os

from desktop.paths import is_portable, resolve_data_dir
from desktop.session import Session
from desktop.units import login, usernames


class CliError(Exception):
    """A refusal with a Vietnamese message; exit code 2."""


def data_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--data", metavar="DIR", help="thư mục dữ liệu của đơn vị")
    p.add_argument(
        "--user", metavar="NAME", help="tên đăng nhập (mặc định: biến SOHOI_USER, hoặc admin)"
    )


def password(prompt: str = "Mật khẩu") -> str:
    """SOHOI_PASSWORD when set, else asked without echo."""
    if os.environ.get("SOHOI_PASSWORD"):
        return os.environ["SOHOI_PASSWORD"]
    try:
        return getpass.getpass(f"{prompt}: ")
    except (EOFError, OSError):
        raise CliError(
            "Cần mật khẩu: đặt biến SOHOI_PASSWORD, hoặc chạy lệnh trong cửa sổ dòng lệnh để nhập."
        ) from None


def new_password(prompt: str) -> str:
    """A new password: SOHOI_PASSWORD when set, else asked twice."""
    if os.environ.get("SOHOI_PASSWORD"):
        return os.environ["SOHOI_PASSWORD"]
    first = password(prompt)
    if password("Nhập lại mật khẩu") != first:
        raise CliError("Hai lần nhập mật khẩu không giống nhau.")
    return first


def username(args: argparse.Namespace) -> str:
    return getattr(args, "user", None) or os.environ.get("SOHOI_USER") or "admin"


def open_session(args: argparse.Namespace) -> Session:
    data_dir = resolve_data_dir(args.data)
    usernames(data_dir)  # no unit, or a damaged key file: say so before asking for a password
    return login(data_dir, username(args), password(), removable=is_portable(data_dir))

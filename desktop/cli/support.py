"""What every `sohoi` command shares: portable mode, the log, the data folder and its
single-instance lock, the account and its password."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import logging
import os
import time
from collections.abc import Iterator

from desktop.installation.housekeeping import prepare_data_folder
from desktop.installation.instance_lock import AlreadyRunning, InstanceLock
from desktop.installation.logs import default_log_dir, setup_logging
from desktop.installation.paths import is_portable, resolve_data_dir
from desktop.installation.portable import enter_if_portable
from desktop.installation.setup import login, usernames
from desktop.security.session import Session

log = logging.getLogger(__name__)


class CliError(Exception):
    """A refusal with a Vietnamese message; exit code 2."""


def global_args(parser: argparse.ArgumentParser) -> None:
    """The options of `sohoi` itself, given before the command (`sohoi --portable demo`)."""
    parser.add_argument(
        "--portable",
        action="store_true",
        help="chạy di động: dữ liệu, nhật ký, bản sao lưu và tệp tạm nằm cạnh chương trình "
        "(như khi có tệp sohoi-portable.txt), không ghi gì vào máy đang dùng",
    )


@contextlib.contextmanager
def command_scope(args: argparse.Namespace) -> Iterator[None]:
    """What a command runs inside, in this order: portable mode (`--portable` or the marker
    file, before anything else writes a file), the log, and the single-instance lock of its data
    folder, held until it ends, and with it the folder's housekeeping
    (desktop.installation.housekeeping: a restore cut off by a crash finished or undone, stale
    temporary files removed). Another program on the folder: CliError (exit code 2).

    A command that never opens the unit (reads files only) opts out of the lock with
    `set_defaults(instance_lock=False)`.
    """
    layout = enter_if_portable(bool(getattr(args, "portable", False)))
    setup_logging(default_log_dir(layout.logs if layout else None))
    name = command_name(args)
    lock = None
    if hasattr(args, "data") and getattr(args, "instance_lock", True):
        lock = InstanceLock(resolve_data_dir(args.data), create=False)
        try:
            lock.acquire()
        except AlreadyRunning as exc:
            log.info("command %s refused: data folder in use", name)
            raise CliError(str(exc)) from exc
        if lock.held:  # nobody else in the folder: finish a cut-off restore, clear stale files
            try:
                prepare_data_folder(lock.data_dir)
            except BaseException:
                lock.release()
                raise
    log.info("command %s started%s", name, " (portable)" if layout else "")
    started = time.monotonic()
    try:
        yield
    except BaseException as exc:
        log.info("command %s ended: %s", name, type(exc).__name__)
        raise
    else:
        log.info("command %s ended in %.2f s", name, time.monotonic() - started)
    finally:
        if lock is not None:
            lock.release()


def command_name(args: argparse.Namespace) -> str:
    """`users add`, `indicators`: the command and its verb, for the log."""
    return " ".join(p for p in (getattr(args, "command", None), getattr(args, "verb", None)) if p)


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
    """Sign in to the unit of the command's data folder (removable media in portable mode)."""
    data_dir = resolve_data_dir(args.data)
    usernames(data_dir)  # no unit, or a damaged key file: say so before asking for a password
    return login(data_dir, username(args), password(), removable=is_portable(data_dir))

"""Starting the window: `python -m desktop [--data DIR] [--demo-if-empty]` (desktop/__main__.py
hands its arguments here).

It resolves the data folder, checks that its unit can be opened (its key file readable), and only
then imports the rest of ui/ (and so PySide6), inside `main`, so a refusal costs no Qt start-up.
The window starts at the login; a folder with no unit yet
starts at the first-start wizard (create a unit, or restore one from a backup); a unit that
cannot be opened is a Vietnamese message and exit code 2, never a traceback.

- `--demo-if-empty` (what `make run` uses) first creates the demo commune when the data folder
  has no unit, and the login window then shows the demo's documented account and password;
  no other start shows them.
- `--user NAME` with the password in the environment variable `SOHOI_PASSWORD` (as for the
  `sohoi` command line) signs in without the login window; `--user` alone only chooses the
  account in its list.
- `--screenshot FILE` saves a picture of the first window (the main window when signed in with
  `--user`, else the login window) and exits, for documentation and for checks on machines
  without a screen.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from desktop.errors import LoginRefused, UnitError
from desktop.installation.housekeeping import prepare_data_folder
from desktop.installation.instance_lock import AlreadyRunning, InstanceLock
from desktop.installation.paths import is_portable, resolve_data_dir
from desktop.installation.portable import enter_if_portable
from desktop.installation.unit_files import unit_exists, usernames

if TYPE_CHECKING:
    from desktop.security.session import Session

EXIT_REFUSED = 2  # as the `sohoi` command line: refused, nothing changed
PASSWORD_VARIABLE = "SOHOI_PASSWORD"


def build_parser() -> argparse.ArgumentParser:
    """The options of `python -m desktop`."""
    parser = argparse.ArgumentParser(
        prog="python -m desktop",
        description="Mở cửa sổ Sổ Hội cho đơn vị trong thư mục dữ liệu.",
    )
    parser.add_argument("--data", metavar="DIR", help="thư mục dữ liệu của đơn vị")
    parser.add_argument(
        "--demo-if-empty",
        action="store_true",
        help="tạo đơn vị với dữ liệu mẫu khi thư mục dữ liệu chưa có cơ sở dữ liệu "
        "(màn hình đăng nhập nhắc tài khoản và mật khẩu mẫu)",
    )
    parser.add_argument(
        "--user",
        metavar="NAME",
        help=f"tài khoản đăng nhập; có biến {PASSWORD_VARIABLE} thì đăng nhập luôn, "
        "không hỏi mật khẩu",
    )
    parser.add_argument(
        "--portable",
        action="store_true",
        help="chạy di động: dữ liệu, nhật ký, tệp tạm đều ở cạnh chương trình (USB)",
    )
    parser.add_argument(
        "--screenshot",
        metavar="FILE",
        type=Path,
        help="lưu ảnh cửa sổ đầu tiên vào tệp PNG rồi thoát (tài liệu, kiểm thử không màn hình)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Start the window; the process exit code (0 closed normally, 2 refused)."""
    args = build_parser().parse_args(argv)
    # Portable mode first: before Qt, the demo or anything else that could write to the host.
    layout = enter_if_portable(args.portable)
    portable_logs = layout.logs if layout else None

    def start_logging() -> None:
        # The log starts once the first window is on screen (its module and the standard
        # library's handlers cost ~15 ms, docs/PERFORMANCE.md), or before any heavier work.
        from desktop.installation.logs import default_log_dir, setup_logging

        setup_logging(default_log_dir(portable_logs))

    data_dir = resolve_data_dir(args.data)
    lock = InstanceLock(data_dir)
    try:
        lock.acquire()
    except AlreadyRunning as exc:
        return refuse(str(exc))
    try:
        if lock.held:  # nobody else in the folder: finish a cut-off restore, clear stale files
            try:
                prepare_data_folder(data_dir)
            except UnitError as exc:
                return refuse(str(exc))
        return _start(args, data_dir, start_logging)
    finally:
        lock.release()


def _start(args: argparse.Namespace, data_dir: Path, start_logging: Callable[[], None]) -> int:
    removable = is_portable(data_dir)
    hint = None
    session = None
    first_start = not args.demo_if_empty and not unit_exists(data_dir)
    password = os.environ.get(PASSWORD_VARIABLE)
    if args.demo_if_empty or (args.user and password):
        start_logging()  # a demo to make or a sign-in before the window: worth a log
    try:
        if args.demo_if_empty:
            hint = _demo_hint(data_dir)
        if not first_start:
            usernames(data_dir)  # no unit, or a damaged key file: say so before any window
        if args.user and password:
            from desktop.installation.setup import login  # SQLite and the store load only now

            session = login(data_dir, args.user, password, removable=removable)
    except (UnitError, LoginRefused) as exc:
        return refuse(str(exc))

    from ui.app import run  # Qt loads only now

    try:
        return run(
            data_dir,
            session=session,
            hint=hint,
            username=args.user,
            removable=removable,
            screenshot=args.screenshot,
            first_start=first_start,
            after_show=start_logging,
        )
    finally:
        if session is not None:
            session.close()


def _demo_hint(data_dir: Path) -> str | None:
    """Create the demo unit when the folder has none; the login window's line about it.

    Only the demo unit (marked so in its key file) gets the line: a real unit kept in the
    default folder never shows a password, even when started with `make run`.
    """
    from desktop.installation.unit_files import is_demo
    from ui.strings import demo_hint

    if not unit_exists(data_dir):
        from desktop.demo.unit import create_demo  # only the first `make run` pays for it

        create_demo(data_dir, removable=is_portable(data_dir)).close()
    if not is_demo(data_dir):
        return None
    from desktop.demo.unit import DEMO_PASSWORD, DEMO_USERNAME

    return demo_hint(DEMO_USERNAME, DEMO_PASSWORD)


def refuse(message: str) -> int:
    """Tell the person why the window cannot open; EXIT_REFUSED.

    On the console's standard error when there is one; a program started without a console
    (the frozen Windows build has `sys.stderr` None) shows a message box instead.
    """
    if sys.stderr is not None:
        _write_line(sys.stderr, message)
    else:
        from ui.app import show_startup_error

        show_startup_error(message)
    return EXIT_REFUSED


def _write_line(stream: TextIO, message: str) -> None:
    try:
        print(message, file=stream, flush=True)
    except UnicodeEncodeError:
        # A console in a legacy code page cannot show every Vietnamese letter: say it anyway.
        text = message.encode(stream.encoding or "ascii", "replace").decode(
            stream.encoding or "ascii"
        )
        print(text, file=stream, flush=True)


def window_smoke_test(session: Session) -> str:
    """Open the main window for `session`, draw it, close it: what `sohoi --self-test` checks
    of Qt (desktop.installation.selftest, handed this check by desktop/__main__.py). A one-line
    description; RuntimeError when something is missing.

    It proves that this installation has the platform plugin, the bundled fonts, the style
    sheet and the SVG image plugin its arrows need (a frozen build that forgot one still
    starts, but draws boxes or no arrows). On Linux without a display (no DISPLAY nor
    WAYLAND_DISPLAY) and no QT_QPA_PLATFORM, Qt's offscreen platform is used.
    """
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("QT_QPA_PLATFORM")
        and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    ):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from ui.smoke_test import open_and_close_main_window  # Qt loads only now

    return open_and_close_main_window(session)

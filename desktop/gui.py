"""The entry point that starts the window: `python -m desktop [--data DIR] [--demo-if-empty]`.

`--demo-if-empty` (what `make run` uses) first creates the demo commune when the data folder has
no database; `--screenshot FILE` saves a picture of the window and exits, for documentation and
for checks on machines without a screen.

It resolves the data folder, opens the unit and only then imports ui/ (and so PySide6), inside
`main`: the one place desktop/ reaches up to ui/ (tests/test_layering.py checks it), and start-up
pays for Qt only once there is a unit to show. A unit that cannot be opened is a Vietnamese
message and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from desktop.paths import database_path, resolve_data_dir
from desktop.units import UnitError, open_unit

EXIT_REFUSED = 2  # as the `sohoi` command line: refused, nothing changed


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
        help="tạo đơn vị với dữ liệu mẫu khi thư mục dữ liệu chưa có cơ sở dữ liệu",
    )
    parser.add_argument(
        "--screenshot",
        metavar="FILE",
        type=Path,
        help="lưu ảnh cửa sổ vào tệp PNG rồi thoát (tài liệu, kiểm thử không màn hình)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Start the window; the process exit code (0 closed normally, 2 refused)."""
    args = build_parser().parse_args(argv)
    data_dir = resolve_data_dir(args.data)
    try:
        if args.demo_if_empty and not database_path(data_dir).exists():
            from desktop.demo import create_demo  # only the first `make run` pays for it

            create_demo(data_dir).db.close()
        store = open_unit(data_dir)
    except UnitError as exc:
        return refuse(str(exc))

    from ui.app import run  # the one lazy import of ui/: Qt loads only now

    try:
        return run(store, screenshot=args.screenshot)
    finally:
        store.db.close()


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

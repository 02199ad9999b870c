"""The entry point, above both front ends: `python -m desktop`, the frozen program `SoHoi`
and the installed command `sohoi` (`command_line`).

One executable serves the window and the command line, so a commune office handed a folder (or
one file) on a USB stick has one thing to start:

- `SoHoi [--data DIR] [--portable] [--user NAME] …` opens the window (ui.run);
- `SoHoi cli COMMAND …` or `SoHoi --cli COMMAND …` runs `sohoi COMMAND …` (desktop.cli.main);
- `SoHoi COMMAND …`, when the first word (after `--portable`) is not an option, also runs the
  command line: the window takes no such word, so `SoHoi demo --data X` is `sohoi demo`;
- `SoHoi --self-test [--portable]` runs `sohoi --self-test` (desktop.installation.selftest).

This module sits above ui/ and desktop/ (docs/ARCHITECTURE.md): it is the only one of desktop/
that may load ui/, and only inside a function. The command line gets from here the window
check its `--self-test` runs (ui.run.window_smoke_test), so `sohoi --self-test` and
`SoHoi --self-test` open the same window while desktop/ itself never imports ui/.

Nothing here imports Qt, the database or the command line before it knows which one is wanted:
the window keeps its light start (ui.run loads the rest of ui/ only once a unit is found).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.security.session import Session

CLI_WORDS = ("cli", "--cli")
CLI_ROOT_FLAGS = ("--self-test",)  # flags of `sohoi` itself that only the command line knows
SHARED_ROOT_FLAGS = ("--portable",)  # taken by both the window and `sohoi`


def route(argv: Sequence[str]) -> tuple[str, list[str]]:
    """Which program the arguments are for: ("gui" | "cli", the arguments to give it)."""
    args = list(argv)
    if args and args[0] in CLI_WORDS:
        return "cli", args[1:]
    if any(a in CLI_ROOT_FLAGS for a in args):
        return "cli", args
    words = [a for a in args if a not in SHARED_ROOT_FLAGS]
    if words and not words[0].startswith("-"):
        return "cli", args
    return "gui", args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the window or the command line for `argv` (default: the process's); the exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    target, rest = route(args)
    if target == "cli":
        return command_line(rest)
    if rest in (["-h"], ["--help"]) and sys.stdout is not None:
        print(
            "Sổ Hội mở cửa sổ. Dòng lệnh: SoHoi cli LỆNH … (SoHoi cli --help); "
            "tự kiểm tra: SoHoi --self-test.\n",
            flush=True,
        )
    _detach_hidden_console()
    from ui.run import main as window_main  # Qt and the rest of ui/ load later, as needed

    return window_main(rest)


def command_line(argv: Sequence[str] | None = None) -> int:
    """`sohoi` (the installed command, see pyproject.toml): the command line, handed the window
    check that its `--self-test` runs; the exit code."""
    from desktop.cli.main import main as cli_main

    return cli_main(argv, window_check=window_check)


def window_check(session: Session) -> str:
    """The self-test's window check: open and close the main window for `session` (ui/ and Qt
    load only now)."""
    from ui.run import window_smoke_test

    return window_smoke_test(session)


def _detach_hidden_console() -> None:
    """Windows, frozen: the window was started by a double click, not from a console.

    The executable is a console program (so `SoHoi cli …` and `SoHoi --self-test` print and
    return their exit code in a console or CI), built with PyInstaller's `hide_console`: when
    the console was made for it alone, the bootloader hides it. Nobody can read what is written
    to that hidden console, so the window then behaves as a windowed program: no standard
    streams, and refusals are shown in a message box (ui.run.refuse).
    """
    if os.name != "nt" or not getattr(sys, "frozen", False):
        return
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    user32 = ctypes.windll.user32  # type: ignore[attr-defined]
    console = kernel32.GetConsoleWindow()
    if console and user32.IsWindowVisible(console):
        return  # started from a console that someone is looking at
    sys.stdout = sys.stderr = None
    kernel32.FreeConsole()


if __name__ == "__main__":
    raise SystemExit(main())

"""The program's log: events only, never personal data.

`setup_logging(log_dir)` sends the records of our packages (`db`, `desktop`, `ui`; INFO and up)
and everyone else's warnings to `<log_dir>/sohoi.log`, rotated at 1 MB with 5 old files kept.
The folder is `<data>/logs` in portable mode (the stick), else the platform's per-user log folder
(`default_log_dir`).

What to log: events — a command run, a unit opened, counts, how long, the *type* of an error.
Never a record's values (names, citizen IDs, phone numbers, dates of birth, notes), nor an
exception's message, which may quote them: log `type(exc).__name__`. As defence in depth a filter
on the handler rewrites every record, its traceback included, replacing anything that looks like
an ID or phone number (9 to 12 digits) or a date with `<redacted>`; and the hook for uncaught
exceptions writes their type and stack, never their message.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

import platformdirs

from desktop.installation.paths import APP_AUTHOR, APP_NAME

LOG_FILENAME = "sohoi.log"
MAX_BYTES = 1_000_000
BACKUP_COUNT = 5
OUR_PACKAGES = ("db", "desktop", "ui")
REDACTED = "<redacted>"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

_SENSITIVE = re.compile(
    r"""
      (?<!\d)\d{4}-\d{1,2}-\d{1,2}(?!\d)              # 1985-03-02
    | (?<!\d)\d{1,2}[/.-]\d{1,2}[/.-]\d{4}(?!\d)       # 2/3/1985, 02.03.1985, 02-03-1985
    | (?<![\d+])(?:\+84[\s.-]?|0)\d{2,3}[\s.-]\d{3}[\s.-]\d{3,4}(?!\d)  # 0912 345 678
    | (?<![\d+])\+?\d{9,12}(?!\d)                      # CMND 9, phone 10-11, CCCD 12 digits
    """,
    re.VERBOSE,
)

_handler: logging.Handler | None = None
_lock = threading.Lock()


def scrub(text: str) -> str:
    """`text` with anything that looks like an ID, a phone number or a date replaced."""
    return _SENSITIVE.sub(REDACTED, text)


class ScrubFilter(logging.Filter):
    """Rewrites each record so that no ID, phone number or date reaches the log, and an
    exception shows only its type and stack (`log.exception` included)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep the template, drop the arguments
            message = str(record.msg)
        record.msg, record.args = scrub(message), None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = describe_exception(record.exc_info[1])
        if record.exc_text:
            record.exc_text = scrub(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info)
        return True


class _SharedRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Rotation that tolerates another Sổ Hội writing the same log (a command while the window
    is open): Windows cannot rename a file another process has open, so the file then grows a
    little past its limit until the other one closes, instead of failing every record."""

    def doRollover(self) -> None:
        try:
            super().doRollover()
        except OSError:
            if self.stream is None:
                self.stream = self._open()


def default_log_dir(portable_logs: Path | None = None) -> Path:
    """`portable_logs` (PortableLayout.logs) in portable mode, else the per-user log folder
    (`~/.local/state/SoHoi/log` on Linux, `%LOCALAPPDATA%\\HoiLHPN\\SoHoi\\Logs` on Windows)."""
    if portable_logs is not None:
        return portable_logs
    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def setup_logging(log_dir: Path, *, hook_exceptions: bool = True) -> Path | None:
    """Log to `<log_dir>/sohoi.log` (rotating, scrubbed); the file, or None when the folder
    cannot be written (a write-protected stick: the program works on without a log).

    Calling it again replaces the handler (another folder) or does nothing (the same one), so a
    process that runs several commands (tests) does not write each line twice.
    `hook_exceptions`: also log uncaught exceptions (type and stack only), in threads too.
    """
    path = Path(log_dir) / LOG_FILENAME
    global _handler
    with _lock:
        if isinstance(_handler, logging.FileHandler) and Path(_handler.baseFilename) == path:
            return path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Opened now, not at the first record: a folder we cannot write is known here.
            handler = _SharedRotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8"
            )
        except OSError:
            return None
        handler.setFormatter(logging.Formatter(FORMAT))
        handler.addFilter(ScrubFilter())
        handler.setLevel(logging.INFO)
        root = logging.getLogger()
        if _handler is not None:
            root.removeHandler(_handler)
            _handler.close()
        root.addHandler(handler)
        if root.level == logging.NOTSET or root.level > logging.WARNING:
            root.setLevel(logging.WARNING)  # other libraries: warnings and errors only
        for name in OUR_PACKAGES:
            logging.getLogger(name).setLevel(logging.INFO)
        _handler = handler
    if hook_exceptions:
        _install_exception_hooks()
    return path


def stop_logging() -> None:
    """Close the log file (tests, or before the stick is ejected)."""
    global _handler
    with _lock:
        if _handler is not None:
            logging.getLogger().removeHandler(_handler)
            _handler.close()
            _handler = None


def describe_exception(exc: BaseException) -> str:
    """An exception for the log: its type and where it was raised, each cause's type too, but
    never a message (it may quote a record)."""
    parts: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        stack = traceback.extract_tb(current.__traceback__)
        parts.append(
            f"{type(current).__module__}.{type(current).__qualname__}\n"
            + "".join(stack.format()).rstrip()
        )
        current = current.__cause__ or current.__context__
    return "\ncaused by ".join(parts)


def _log_uncaught(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if exc.__traceback__ is None and tb is not None:
        exc = exc.with_traceback(tb)
    logging.getLogger("desktop").critical("uncaught %s", describe_exception(exc))


def _install_exception_hooks() -> None:
    """Log uncaught exceptions, then let the previous hooks do their work (the console's
    traceback, the window's message)."""
    if getattr(sys.excepthook, "_sohoi_logs", False):
        return
    previous = sys.excepthook
    previous_thread = threading.excepthook

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if not issubclass(exc_type, KeyboardInterrupt):
            _log_uncaught(exc_type, exc, tb)
        previous(exc_type, exc, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None and not issubclass(args.exc_type, SystemExit):
            _log_uncaught(args.exc_type, args.exc_value, args.exc_traceback)
        previous_thread(args)

    hook._sohoi_logs = True  # type: ignore[attr-defined]
    sys.excepthook = hook
    threading.excepthook = thread_hook

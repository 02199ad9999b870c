"""One Sổ Hội at a time per data folder: an operating-system lock on `<data>/.sohoi.lock`.

The window holds the lock while it is open, and each `sohoi` command that opens a unit holds it
for its duration, so a second program on the same folder is told, in Vietnamese, to use the
first one — instead of failing later with "database is locked", or two writers interleaving
their work on a USB stick.

The lock belongs to the kernel, not to the file: `fcntl.flock` on POSIX, `msvcrt.locking` on
Windows. When the holder dies — even killed, or the power cut — the lock is gone with it and the
next start succeeds; the file itself stays (removing it would let two processes lock two
different files of the same name). The holder writes its process id into the file, for the
message. On Windows a locked byte cannot even be read by others, so the lock is on a byte far
past the id.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sys
from pathlib import Path
from types import TracebackType

LOCK_FILENAME = ".sohoi.lock"
_LOCK_OFFSET = 4096  # the byte locked on Windows: past the process id that others read
_PID_BYTES = 32

log = logging.getLogger(__name__)

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _LOCK_OFFSET, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            raise
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class AlreadyRunning(Exception):
    """Another Sổ Hội holds this data folder; the message is Vietnamese, for people."""

    def __init__(self, data_dir: Path, pid: int | None):
        self.data_dir = data_dir
        self.pid = pid
        process = f" (tiến trình {pid})" if pid else ""
        super().__init__(
            f"Sổ Hội đang mở dữ liệu này ở một cửa sổ khác{process}. "
            "Hãy dùng cửa sổ đó, hoặc đóng nó trước."
        )


class InstanceLock:
    """The single-instance lock of a data folder, held between `acquire` and `release` (or for
    a `with` block). Not blocking: a folder already held raises AlreadyRunning at once.

    `create`: make the data folder when it does not exist (the window, about to create a unit).
    Without it a missing folder is not locked (`held` stays False): nobody can be using it.
    A folder where the lock file can be neither created nor opened (a write-protected stick,
    another account's folder) is not locked either: whatever the command does next meets the
    same wall and says so.
    """

    def __init__(self, data_dir: Path, *, create: bool = True):
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / LOCK_FILENAME
        self.create = create
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> InstanceLock:
        """Take the lock; AlreadyRunning when another process (or another lock in this one)
        holds it."""
        if self._fd is not None:
            return self
        if not self.data_dir.is_dir():
            if not self.create:
                return self
            self.data_dir.mkdir(parents=True, exist_ok=True)
        fd = self._open()
        if fd is None:
            return self
        try:
            if not _try_lock(fd):
                raise AlreadyRunning(self.data_dir, _read_pid(fd))
            self._fd = fd
            _write_pid(fd)
        except BaseException:
            if self._fd is None:
                os.close(fd)
            raise
        return self

    def release(self) -> None:
        """Let go of the lock (also what the kernel does when the process ends)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)

    def _open(self) -> int | None:
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)
        try:
            return os.open(self.path, flags, 0o644)
        except OSError:
            pass
        try:  # a read-only medium: an existing lock file still locks
            return os.open(self.path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        except OSError as exc:
            log.warning("instance lock unavailable: %s", type(exc).__name__)
            return None

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()


def _write_pid(fd: int) -> None:
    """The holder's process id at the start of the file (best effort: read-only is fine)."""
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n".encode("ascii"))


def _read_pid(fd: int) -> int | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        text = os.read(fd, _PID_BYTES).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None

"""Files written for people (exports, dumps, PDFs, packages): whole or not at all.

Written to a temporary name on the same volume, flushed and fsync'd, renamed over the target,
then read back and compared, so a pulled USB stick or a killed process never leaves half a file
under the real name (docs/ARCHITECTURE.md, "Design decisions").
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

READ_BACK_CHUNK = 1 << 20


class WriteVerificationFailed(OSError):
    """The file read back differs from what was written (failing medium)."""


def fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return  # Windows cannot open a directory for fsync; the rename is durable there
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def child_path(directory: Path, name: str) -> Path:
    """`directory / name`, for a name that is a plain file name: no separator, no `..`, nothing
    that would resolve outside `directory` (names made from what other units sent)."""
    directory = Path(directory)
    path = directory / name
    plain = name not in ("", ".", "..") and Path(name).name == name and "/" not in name
    if not plain or "\\" in name or path.resolve().parent != directory.resolve():
        raise ValueError(f"tên tệp không hợp lệ: {name!r}")
    return path


class AtomicFile:
    """The temporary file of `atomic_writer`, open for writing (unbuffered: each `write` goes
    to the disk's driver whole); it keeps the SHA-256 of what was written, to compare with the
    file read back."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view) :]
        return len(data)


@contextlib.contextmanager
def atomic_writer(path: Path, *, remove_if_different: bool = False) -> Iterator[AtomicFile]:
    """A binary stream that replaces `path` whole when the block ends normally.

    What is written goes to a temporary name in the same folder (the same volume), is flushed
    and fsync'd, renamed over `path`, the folder fsync'd; then the file is read back and its
    SHA-256 compared with what was written (WriteVerificationFailed when they differ; the file
    is then removed too with `remove_if_different`). An exception in the block, or any OSError
    on the way, leaves `path` as it was and no temporary file. The folder must exist.
    """
    path = Path(path)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    out = AtomicFile(fd)
    try:
        try:
            yield out
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    check = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(READ_BACK_CHUNK):
            check.update(block)
    if check.digest() != out.digest.digest():
        if remove_if_different:
            with contextlib.suppress(OSError):
                path.unlink()
        raise WriteVerificationFailed(f"tệp {path.name} ghi ra không khớp khi đọc lại")


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically and verify it by reading it back (`atomic_writer`);
    the folder is made when missing."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_writer(path) as f:
        f.write(data)


@contextlib.contextmanager
def atomic_text_writer(path: Path, encoding: str = "utf-8") -> Iterator[io.StringIO]:
    """A text stream whose content replaces `path` atomically when the block ends normally."""
    buffer = io.StringIO()
    yield buffer
    atomic_write_bytes(path, buffer.getvalue().encode(encoding))

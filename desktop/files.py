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


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically and verify it by reading it back."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
        fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    if hashlib.sha256(path.read_bytes()).digest() != hashlib.sha256(data).digest():
        raise WriteVerificationFailed(f"tệp {path.name} ghi ra không khớp khi đọc lại")


@contextlib.contextmanager
def atomic_text_writer(path: Path, encoding: str = "utf-8") -> Iterator[io.StringIO]:
    """A text stream whose content replaces `path` atomically when the block ends normally."""
    buffer = io.StringIO()
    yield buffer
    atomic_write_bytes(path, buffer.getvalue().encode(encoding))

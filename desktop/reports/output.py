"""What a report returns, how it fails, and how its PDF reaches the disk (whole or not at all).

A report is built entirely in memory, then written with `desktop.files.atomic_write_bytes`
(temporary name, fsync, rename, read back), so a full disk, a read-only folder or a pulled USB
stick never leaves half a PDF under the real name: the person gets a Vietnamese `ReportError`.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

from db.progress import WorkCancelled
from desktop.files import WriteVerificationFailed, atomic_write_bytes


class ReportError(Exception):
    """A report could not be made or saved; the message is Vietnamese, for people."""


class ReportCancelled(WorkCancelled, ReportError):
    """The person cancelled a long report; nothing was written. The one cancel exception
    (`db.progress.WorkCancelled`) with the report's message, and a ReportError for the callers
    that catch those."""

    MESSAGE = "Đã hủy lập báo cáo; không có tệp nào được ghi."

    def __init__(self, _annotated: str | None = None) -> None:
        # reportlab re-raises an exception from inside a page break as `type(exc)(text)`, its
        # own notes added: the people's message stays ours.
        super().__init__(self.MESSAGE)


@dataclass(frozen=True)
class ReportResult:
    """A written report: where, how many pages, and the fingerprint of the data it shows."""

    path: Path
    pages: int
    fingerprint: str  # "" for a sheet made from plain values (enrolment)


def write_pdf(path: Path, data: bytes) -> None:
    """Write a finished PDF atomically; ReportError with a Vietnamese reason when refused."""
    path = Path(path)
    if path.is_dir():
        raise ReportError(f"“{path}” là một thư mục; hãy chọn tên tệp PDF để ghi báo cáo.")
    try:
        atomic_write_bytes(path, data)
    except WriteVerificationFailed as exc:
        raise ReportError(
            f"Tệp {path.name} ghi ra không khớp khi đọc lại (ổ đĩa/USB hỏng hoặc bị rút ra?). "
            "Hãy ghi lại vào chỗ khác."
        ) from exc
    except OSError as exc:
        raise ReportError(_write_message(path, exc)) from exc


def _write_message(path: Path, exc: OSError) -> str:
    where = path.parent if str(path.parent) else Path(".")
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"Ổ đĩa chứa “{where}” đã đầy nên chưa ghi được báo cáo. "
            "Hãy giải phóng chỗ trống hoặc chọn nơi lưu khác."
        )
    if exc.errno == errno.EROFS:
        return f"“{where}” chỉ cho phép đọc (USB khóa chống ghi?); hãy chọn nơi lưu khác."
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"Không có quyền ghi vào “{where}”; hãy chọn thư mục khác để lưu báo cáo."
    if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.EEXIST):  # EEXIST: a file in the way
        return f"Thư mục “{where}” không có hoặc không ghi vào được; hãy chọn nơi lưu khác."
    reason = exc.strerror or str(exc)
    return f"Không ghi được tệp báo cáo “{path}” ({reason}). Hãy chọn nơi lưu khác."

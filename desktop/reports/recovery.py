"""Phiếu mã khôi phục: the sheet a new unit prints with its recovery code, to keep locked away.

The recovery code is the only way back into a unit's data when the admin password is
forgotten; Sổ Hội shows it once, at the unit's creation. The sheet prints it large, in groups
to read and type without mistakes, with what it is for and how to keep it. It is made from
plain values; the person chooses where the PDF goes and is told to delete it once printed.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Spacer

from desktop.reports import formatting as fmt
from desktop.reports.fonts import SANS_BOLD, register_fonts
from desktop.reports.layout import Footer, build_pdf, field_line, heading, para, rich, title_block
from desktop.reports.output import ReportError, ReportResult, write_pdf


def recovery_sheet(
    out: Path | str,
    *,
    unit_code: str,
    unit_name: str,
    recovery_code: str,
    now: datetime | None = None,
) -> ReportResult:
    """Write the recovery sheet of a unit to `out`; ReportError when it cannot be written."""
    if not recovery_code.strip():
        raise ReportError("Không có mã khôi phục để in.")
    register_fonts()
    now = now or datetime.now()
    code = f'<font name="{SANS_BOLD}" size="22">{escape(recovery_code)}</font>'
    story: list[Flowable] = [
        *title_block("Phiếu mã khôi phục", "Sổ Hội", f"(In lúc {fmt.moment(now)})"),
        field_line("Đơn vị", f"{unit_name} (mã {unit_code})"),
        *heading("Mã khôi phục"),
        Spacer(1, 10),
        rich(code, "number"),
        Spacer(1, 14),
        *heading("Dùng khi nào"),
        para(
            "Khi quên mật khẩu của tài khoản quản trị: ở màn hình đăng nhập, bấm «Quên mật khẩu?», "
            "nhập mã này rồi đặt mật khẩu mới. Mã cũng mở được các bản sao lưu tự động của đơn vị."
        ),
        *heading("Cất giữ thế nào"),
        para(
            "Ai có mã này là mở được toàn bộ dữ liệu của đơn vị. Cất phiếu trong tủ có khóa cùng "
            "hồ sơ của Hội; không dán cạnh máy tính, không chụp gửi qua mạng. Xóa tệp PDF này "
            "sau khi in."
        ),
    ]
    pdf, pages = build_pdf(
        story, title=f"Phiếu mã khôi phục {unit_code}", author=unit_name, footer=Footer(now)
    )
    write_pdf(Path(out), pdf)
    return ReportResult(Path(out), pages, "")

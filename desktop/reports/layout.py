"""The page of an administrative document (Decree 30/2020/NĐ-CP) and the blocks every report shares.

A4, margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm; Liberation Serif (Times New Roman
metrics). The header block (issuing body and number on the left, national motto and place-date
on the right), the centred title, the closing block ("Nơi nhận:" and the signature), and a footer
on every page: when the document was made, the fingerprint of the data (desktop/reports/
fingerprint.py) and "Trang x/y", numbered once the total is known.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from db.progress import Cancelled, Progress
from desktop.reports import formatting as fmt
from desktop.reports.fonts import (
    SANS,
    SERIF,
    SERIF_BOLD,
    SERIF_ITALIC,
    register_fonts,
    text_width,
)
from desktop.reports.header import COUNTRY, MOTTO, ReportHeader
from desktop.reports.output import ReportCancelled

MARGINS: dict[str, float] = {"top": 20 * mm, "bottom": 20 * mm, "left": 30 * mm, "right": 15 * mm}
PORTRAIT, LANDSCAPE = A4, landscape(A4)
FOOTER_Y = 10 * mm
FOOTER_SIZE = 8
APP_NAME = "Sổ Hội"


def content_width(pagesize: tuple[float, float] = PORTRAIT) -> float:
    """The width between the margins of a page."""
    return pagesize[0] - MARGINS["left"] - MARGINS["right"]


def _style(name: str, **kw: Any) -> ParagraphStyle:
    base = {"fontName": SERIF, "fontSize": 13, "leading": 16.5, "alignment": TA_LEFT}
    return ParagraphStyle(name, **{**base, **kw})


STYLES: dict[str, ParagraphStyle] = {
    "body": _style("body", alignment=TA_JUSTIFY, spaceAfter=3),
    "line": _style("line", spaceAfter=1),
    "heading": _style("heading", fontName=SERIF_BOLD, spaceBefore=9, spaceAfter=4),
    "note": _style("note", fontName=SERIF_ITALIC, fontSize=11, leading=14),
    "issuer": _style("issuer", fontSize=12.5, leading=15, alignment=TA_CENTER),
    "issuer_bold": _style(
        "issuer_bold", fontName=SERIF_BOLD, fontSize=12.5, leading=15, alignment=TA_CENTER
    ),
    "country": _style("country", fontName=SERIF_BOLD, fontSize=12, leading=15, alignment=TA_CENTER),
    "motto": _style("motto", fontName=SERIF_BOLD, fontSize=13, leading=16, alignment=TA_CENTER),
    "number": _style("number", alignment=TA_CENTER),
    "date": _style("date", fontName=SERIF_ITALIC, alignment=TA_CENTER),
    "title": _style("title", fontName=SERIF_BOLD, fontSize=14, leading=18, alignment=TA_CENTER),
    "subject": _style(
        "subject", fontName=SERIF_BOLD, fontSize=13.5, leading=17, alignment=TA_CENTER
    ),
    "centre_note": _style(
        "centre_note",
        fontName=SERIF_ITALIC,
        fontSize=12,
        leading=15,
        alignment=TA_CENTER,
    ),
    "recipients_title": _style("recipients_title", fontName=SERIF_BOLD, fontSize=12, leading=14),
    "recipient": _style("recipient", fontSize=11, leading=13),
    "signer": _style("signer", fontName=SERIF_BOLD, alignment=TA_CENTER, leading=16),
    "signer_note": _style(
        "signer_note",
        fontName=SERIF_ITALIC,
        fontSize=11,
        leading=13,
        alignment=TA_CENTER,
    ),
}


def para(text: str, style: str = "body") -> Paragraph:
    """A paragraph of plain text (escaped) in one of STYLES."""
    register_fonts()
    return Paragraph(escape(text), STYLES[style])


def rich(markup: str, style: str = "body") -> Paragraph:
    """A paragraph of reportlab markup (`<b>`, `<i>`); the caller escapes data in it."""
    register_fonts()
    return Paragraph(markup, STYLES[style])


def field_line(label: str, value: str) -> Paragraph:
    """`Label: value` with the label in italic, the value as given."""
    return rich(f"<i>{escape(label)}:</i> {escape(value)}", "line")


def heading(text: str) -> list[Flowable]:
    """A section heading that never sits alone at the foot of a page."""
    return [CondPageBreak(45 * mm), para(text, "heading")]


class Rule(Flowable):
    """A short centred horizontal line (under the issuing unit, the motto, the subject)."""

    def __init__(self, width: float, thickness: float = 0.6, space: float = 4.5):
        super().__init__()
        self.width, self.thickness, self.space = width, thickness, space
        self.hAlign = "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.thickness + self.space

    def draw(self) -> None:
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, self.thickness / 2, self.width, self.thickness / 2)


def _height(flowables: Sequence[Flowable], width: float) -> float:
    total: float = sum(f.wrap(width, 1000)[1] for f in flowables)
    return total


def header_block(header: ReportHeader, kind: str | None, width: float) -> Table:
    """The issuing body and number (left) beside the motto and place-date line (right).

    The two columns end their top parts at the same height, so the number line and the date
    line share a baseline, as the decree shows them. `kind` is the document kind (`BC`, `DS`)
    of the number line; None prints no number.
    """
    register_fonts()
    pad = 3
    right_w = max(width * 0.56, text_width(COUNTRY, SERIF_BOLD, 12) + 2 * pad + 4)
    left_w = width - right_w
    lines = [line.upper() for line in header.issuer_lines] or [""]
    left: list[Flowable] = [para(line, "issuer") for line in lines[:-1]]
    left.append(para(lines[-1], "issuer_bold"))
    last_w = text_width(lines[-1], SERIF_BOLD, 12.5)
    left.append(Rule(min(max(last_w / 3, 18 * mm), left_w - 2 * pad)))
    right: list[Flowable] = [para(COUNTRY, "country"), para(MOTTO, "motto")]
    right.append(Rule(min(text_width(MOTTO, SERIF_BOLD, 13), right_w - 2 * pad)))
    gap = _height(left, left_w - 2 * pad) - _height(right, right_w - 2 * pad)
    (right if gap > 0 else left).append(Spacer(1, abs(gap)))
    if kind:
        left += [Spacer(1, 5), para(header.number_line(kind), "number")]
    right += [Spacer(1, 5), para(fmt.decree_date(header.place, header.on), "date")]
    table = Table([[left, right]], colWidths=[left_w, right_w])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), SERIF, 13),  # never reportlab's Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def title_block(title: str, subject: str | None = None, note: str | None = None) -> list[Flowable]:
    """The centred title in capitals, the subject line under it with a short rule, a note."""
    out: list[Flowable] = [Spacer(1, 14), para(title.upper(), "title")]
    if subject:
        out.append(para(subject, "subject"))
    out.append(Rule(30 * mm))
    if note:
        out += [Spacer(1, 3), para(note, "centre_note")]
    out.append(Spacer(1, 10))
    return out


def closing_block(
    header: ReportHeader, width: float, *, left_signer: str | None = None
) -> KeepTogether:
    """ "Nơi nhận:" (or a second signer, e.g. who drew up a list) and the signature block."""
    half = width / 2
    if left_signer:
        left: list[Flowable] = [
            para(left_signer.upper(), "signer"),
            para("(Ký, ghi rõ họ tên)", "signer_note"),
        ]
    else:
        left = [rich("<b><i>Nơi nhận:</i></b>", "recipients_title")]
        items = list(header.recipients)
        for n, item in enumerate(items):
            end = "." if n == len(items) - 1 else ";"
            left.append(para(f"- {item}{end}", "recipient"))
    right: list[Flowable] = []
    if header.signer_authority:
        right.append(para(header.signer_authority.upper(), "signer"))
    right.append(para(header.signer_title.upper(), "signer"))
    right += [Spacer(1, 24 * mm), para(header.signer_name or " ", "signer")]
    table = Table([[left, right]], colWidths=[half, half])
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), SERIF, 13),  # never reportlab's Helvetica
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "CENTER"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
            ]
        )
    )
    return KeepTogether([Spacer(1, 12), table])


def signers_block(
    left: str, right: str, width: float, *, note: str = "(Ký, ghi rõ họ tên)"
) -> Table:
    """Two signatures side by side (a sheet both parties sign), each with room to sign."""

    def column(title: str) -> list[Flowable]:
        return [para(title.upper(), "signer"), para(note, "signer_note"), Spacer(1, 24 * mm)]

    table = Table([[column(left), column(right)]], colWidths=[width / 2, width / 2])
    table.setStyle(
        TableStyle([("FONT", (0, 0), (-1, -1), SERIF, 13), ("VALIGN", (0, 0), (-1, -1), "TOP")])
    )
    return table


# -- the document --------------------------------------------------------------------------


@dataclass(frozen=True)
class Footer:
    """What the foot of every page says."""

    made_at: datetime
    fingerprint: str = ""

    def text(self) -> str:
        parts = [f"{APP_NAME} · lập lúc {fmt.moment(self.made_at)}"]
        if self.fingerprint:
            parts.append(f"mã dữ liệu {self.fingerprint}")
        return " · ".join(parts)


class _NumberedCanvas(Canvas):
    """Keeps each finished page until the end, then stamps "Trang x/y" and the footer on it."""

    def __init__(self, *args: Any, footer: Footer, counter: list[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._counter = counter
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        self._counter.append(total)
        for n, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self._draw_footer(n, total)
            super().showPage()
        super().save()

    def _draw_footer(self, page: int, total: int) -> None:
        width = self._pagesize[0]
        self.saveState()
        self.setFont(SANS, FOOTER_SIZE)
        self.setFillColor(colors.Color(0.3, 0.3, 0.3))
        self.setStrokeColor(colors.Color(0.6, 0.6, 0.6))
        self.setLineWidth(0.3)
        top = FOOTER_Y + FOOTER_SIZE + 2
        self.line(MARGINS["left"], top, width - MARGINS["right"], top)
        self.drawString(MARGINS["left"], FOOTER_Y, self._footer.text())
        self.drawRightString(width - MARGINS["right"], FOOTER_Y, f"Trang {page}/{total}")
        self.restoreState()


class _Document(BaseDocTemplate):
    def __init__(self, buffer: io.BytesIO, *, on_page: Callable[[int], None], **kw: Any):
        super().__init__(buffer, **kw)
        self._on_page_done = on_page
        frame = Frame(
            MARGINS["left"],
            MARGINS["bottom"],
            self.pagesize[0] - MARGINS["left"] - MARGINS["right"],
            self.pagesize[1] - MARGINS["top"] - MARGINS["bottom"],
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate(id="page", frames=[frame])])

    def afterPage(self) -> None:
        self._on_page_done(self.page)


def build_pdf(
    story: list[Flowable],
    *,
    title: str,
    author: str,
    footer: Footer,
    pagesize: tuple[float, float] = PORTRAIT,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    expected_pages: int = 0,
) -> tuple[bytes, int]:
    """The PDF bytes of `story` and its number of pages, built in memory.

    After each page `progress(page, expected_pages, label)` is called and `cancelled()` asked;
    a cancel raises ReportCancelled before anything is written.
    """
    register_fonts()
    # Binary (Flate only) page streams: a quarter smaller, and no pure-Python ASCII85 pass.
    rl_config.useA85 = 0

    def page_done(page: int) -> None:
        if cancelled is not None and cancelled():
            raise ReportCancelled
        if progress is not None:
            progress(page, max(expected_pages, page), f"Đang dựng trang {page}")

    buffer = io.BytesIO()
    counter: list[int] = []
    doc = _Document(
        buffer,
        on_page=page_done,
        pagesize=pagesize,
        leftMargin=MARGINS["left"],
        rightMargin=MARGINS["right"],
        topMargin=MARGINS["top"],
        bottomMargin=MARGINS["bottom"],
        title=title,
        author=author,
        subject=title,
        creator=APP_NAME,
        keywords=[f"mã dữ liệu {footer.fingerprint}"] if footer.fingerprint else [],
        lang="vi-VN",
        initialFontName=SERIF,  # else every page names Helvetica, a font not embedded
        initialFontSize=13,
    )
    doc.build(story, canvasmaker=partial(_NumberedCanvas, footer=footer, counter=counter))
    return buffer.getvalue(), counter[-1]

"""Long tables that break across pages in linear time, their header row repeated on each page.

reportlab's own `Table` re-measures every remaining row at each page break, which grows with
the square of the length (a summary of 3,321 communes, a roster of 20,000 members). `RowTable`
measures each row once (text wrapped to its column, heights summed), and at a page break cuts
off exactly the rows that fit as an ordinary one-page `Table` with fixed row heights.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.utils import simpleSplit
from reportlab.platypus import Flowable, Table, TableStyle

from desktop.reports.fonts import SERIF, SERIF_BOLD, register_fonts, text_width

HEADER_BACKGROUND = colors.Color(0.88, 0.88, 0.88)
MAX_LINES = 6  # a cell longer than this is cut with "…" (notes, long addresses)


@dataclass(frozen=True)
class Column:
    """A column: its title, width in points and alignment (LEFT, CENTER, RIGHT)."""

    title: str
    width: float
    align: str = "LEFT"


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    if "\n" not in text and text_width(text, font, size) <= width:
        return [text]
    lines: list[str] = []
    for part in text.split("\n"):
        for line in simpleSplit(part, font, size, width) or [""]:
            lines += _break_word(line, font, size, width)
    if len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 1], lines[MAX_LINES - 1] + " …"]
    return lines


def _break_word(line: str, font: str, size: float, width: float) -> list[str]:
    """A line still too wide (a web address has no spaces) cut between characters."""
    out: list[str] = []
    while text_width(line, font, size) > width and len(line) > 1:
        cut = len(line) - 1
        while cut > 1 and text_width(line[:cut], font, size) > width:
            cut -= 1
        out.append(line[:cut])
        line = line[cut:]
    return [*out, line]


@dataclass(frozen=True)
class Group:
    """A heading over columns `first`..`last` (inclusive), in a second header row above them."""

    title: str
    first: int
    last: int


@dataclass(frozen=True)
class _Header:
    rows: list[list[str]]
    heights: list[float]
    spans: list[tuple[tuple[int, int], tuple[int, int]]]

    @property
    def height(self) -> float:
        return sum(self.heights)


@dataclass(frozen=True)
class _Body:
    """The measured rows, shared by every page's part of a table."""

    cells: list[list[str]]
    heights: list[float]
    tops: list[float]  # tops[i]: total height of rows before row i (len = rows + 1)
    bold_rows: frozenset[int]
    bold_cells: dict[int, list[int]]


class RowTable(Flowable):
    """A table of text cells: header row(s), then rows; splits page by page, header repeated.

    `groups` put a heading over neighbouring columns; `bold_rows` are row indexes printed in
    bold (totals); `bold_cells` are (row, column) pairs printed in bold (a value below target).
    Rows are measured once; a page's part is a view (first, end) of the same measured rows.
    """

    def __init__(
        self,
        columns: Sequence[Column],
        rows: Sequence[Sequence[str]],
        *,
        font_size: float = 10,
        groups: Sequence[Group] = (),
        bold_rows: Iterable[int] = (),
        bold_cells: Iterable[tuple[int, int]] = (),
    ):
        super().__init__()
        register_fonts()
        self.columns = tuple(columns)
        self.font_size = font_size
        self.leading = font_size * 1.2
        self.pad = max(1.6, font_size * 0.22)
        self.width = sum(c.width for c in self.columns)
        bold = frozenset(bold_rows)
        by_row: dict[int, list[int]] = {}
        for r, c in bold_cells:
            by_row.setdefault(r, []).append(c)
        cells, heights, tops = [], [], [0.0]
        for n, row in enumerate(rows):
            text, height = self._measure(row, SERIF_BOLD if n in bold else SERIF)
            cells.append(text)
            heights.append(height)
            tops.append(tops[-1] + height)
        self.header = self._measure_header(groups)
        self.body = _Body(cells, heights, tops, bold, by_row)
        self.first, self.end = 0, len(cells)

    def _lines(self, text: str, font: str, width: float) -> list[str]:
        return _wrap(str(text), font, self.font_size, width - 2 * self.pad)

    def _measure(self, row: Sequence[str], font: str) -> tuple[list[str], float]:
        texts, most = [], 1
        for text, column in zip(row, self.columns, strict=True):
            lines = self._lines(text, font, column.width)
            most = max(most, len(lines))
            texts.append("\n".join(lines))
        return texts, most * self.leading + 2 * self.pad

    def _measure_header(self, groups: Sequence[Group]) -> _Header:
        if not groups:
            texts, height = self._measure([c.title for c in self.columns], SERIF_BOLD)
            return _Header([texts], [height], [])
        owner = {c: g for g in groups for c in range(g.first, g.last + 1)}
        top, bottom = [""] * len(self.columns), [""] * len(self.columns)
        spans: list[tuple[tuple[int, int], tuple[int, int]]] = []
        top_lines, bottom_lines, whole_lines = 1, 1, 1
        for c, column in enumerate(self.columns):
            group = owner.get(c)
            lines = self._lines(column.title, SERIF_BOLD, column.width)
            if group is None:
                top[c] = "\n".join(lines)
                whole_lines = max(whole_lines, len(lines))
                spans.append(((c, 0), (c, 1)))
                continue
            bottom[c] = "\n".join(lines)
            bottom_lines = max(bottom_lines, len(lines))
            if c == group.first:
                span_w = sum(x.width for x in self.columns[group.first : group.last + 1])
                lines = self._lines(group.title, SERIF_BOLD, span_w)
                top[c] = "\n".join(lines)
                top_lines = max(top_lines, len(lines))
                spans.append(((group.first, 0), (group.last, 0)))
        h0 = top_lines * self.leading + 2 * self.pad
        h1 = bottom_lines * self.leading + 2 * self.pad
        h1 = max(h1, whole_lines * self.leading + 2 * self.pad - h0)
        return _Header([top, bottom], [h0, h1], spans)

    # -- platypus ---------------------------------------------------------------------------

    def _rows_height(self) -> float:
        return self.body.tops[self.end] - self.body.tops[self.first]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.header.height + self._rows_height()

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        tops, start = self.body.tops, self.first
        limit = tops[start] + avail_height - self.header.height
        fit = bisect_right(tops, limit, start, self.end + 1) - 1 - start  # rows that fit
        # Never leave a lone first row at the foot of a page: start on the next one instead.
        if fit <= 0 or (fit < 2 < self.end - start):
            return []
        if start + fit >= self.end:
            return [self]
        return [self._view(start, start + fit), self._view(start + fit, self.end)]

    def _view(self, first: int, end: int) -> RowTable:
        # A fresh flowable: copying this one would carry platypus' per-flowable marks (such as
        # `_postponed`, set when a table was pushed to the next page) into the parts.
        part = RowTable.__new__(RowTable)
        Flowable.__init__(part)
        for name in ("columns", "font_size", "leading", "pad", "width", "header", "body"):
            setattr(part, name, getattr(self, name))
        part.first, part.end = first, end
        return part

    def draw(self) -> None:
        body, rows = self.body, range(self.first, self.end)
        table = Table(
            [*self.header.rows, *(body.cells[r] for r in rows)],
            colWidths=[c.width for c in self.columns],
            rowHeights=[*self.header.heights, *(body.heights[r] for r in rows)],
        )
        table.setStyle(TableStyle(self._style()))
        table.wrapOn(self.canv, self.width, self.header.height + self._rows_height())
        table.drawOn(self.canv, 0, 0)

    def _style(self) -> list[tuple]:
        head, fs, lead = len(self.header.rows), self.font_size, self.leading
        style: list[tuple] = [
            ("FONT", (0, 0), (-1, -1), SERIF, fs, lead),
            ("FONT", (0, 0), (-1, head - 1), SERIF_BOLD, fs, lead),
            ("BACKGROUND", (0, 0), (-1, head - 1), HEADER_BACKGROUND),
            ("ALIGN", (0, 0), (-1, head - 1), "CENTER"),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
            ("LEFTPADDING", (0, 0), (-1, -1), self.pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), self.pad),
            ("TOPPADDING", (0, 0), (-1, -1), self.pad),
            ("BOTTOMPADDING", (0, 0), (-1, -1), self.pad),
        ]
        style += [("SPAN", a, b) for a, b in self.header.spans]
        for c, column in enumerate(self.columns):
            if column.align != "LEFT":
                style.append(("ALIGN", (c, head), (c, -1), column.align))
        offset = head - self.first  # table row of body row r: r + offset
        for r in range(self.first, self.end):
            if r in self.body.bold_rows:
                style.append(("FONT", (0, r + offset), (-1, r + offset), SERIF_BOLD, fs, lead))
            for c in self.body.bold_cells.get(r, ()):
                style.append(("FONT", (c, r + offset), (c, r + offset), SERIF_BOLD, fs, lead))
        return style


def fit_columns(columns: Sequence[Column], width: float, flexible: int) -> list[Column]:
    """The columns with `flexible` widened or narrowed so that the table spans `width`."""
    others = sum(c.width for n, c in enumerate(columns) if n != flexible)
    out = list(columns)
    grown = max(width - others, 40.0)
    out[flexible] = Column(columns[flexible].title, grown, columns[flexible].align)
    return out

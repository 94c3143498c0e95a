"""One way to start every workbook the toolkit writes (XlsxWriter)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache
from pathlib import Path

FONT = {"font_name": "Times New Roman", "font_size": 12}
MAX_CELL_TEXT = 32_767  # Excel shows at most this many characters in one cell
#: The one header-cell style of every table we write, and the one title style.
HEADER = {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
          "align": "center", "valign": "vcenter"}
TITLE = {"bold": True, "font_size": 14}
#: Charts use the workbook's font too (a chart has its own, Calibri 10, by default); a
#: printout shrunk to one page wide needs the larger size to stay legible.
CHART_FONT = {"name": "Times New Roman", "size": 13}
#: The first characters that make a spreadsheet read a typed text as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Document properties are fixed, so two builds of the same content differ in nothing.
FIXED_TIME = dt.datetime(2024, 1, 1)


def new_book(path: str | Path):
    """An XlsxWriter workbook in Times New Roman 12 where text always stays text: a value
    starting with '=', '+', '-' or '@' never becomes a formula, nor a URL a link."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {
        "default_format_properties": dict(FONT),
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
    })
    book.set_properties({"created": FIXED_TIME, "author": "thidua"})
    return book


def row_height(cells: list[tuple[str, float]], line: float = 15.75, size: float = 12,
               wide: float = 1.0) -> float:
    """Points needed to show wrapped texts of (text, column width in characters), word by
    word as a spreadsheet wraps them. `size` is the font size (12 for the body), `wide`
    how much wider than body text the letters are (capitals, bold)."""
    lines = 1
    for text, width in cells:
        per_line = max((width * 1.15 - 1) * 12 / size / wide, 1.0)
        lines = max(lines, sum(_wrapped_lines(part, per_line) for part in text.split("\n")))
    return lines * line * size / 12


def _wrapped_lines(text: str, per_line: float) -> int:
    """Lines a paragraph takes when words are moved whole to the next line (a word longer
    than a line is cut, as a spreadsheet does)."""
    lines, used = 1, 0.0
    for word in text.split():
        size = _measure(word)
        while size > per_line:  # a long word fills lines of its own
            if used:
                lines, used = lines + 1, 0.0
            size -= per_line
            lines += 1
        need = size if used == 0 else used + 1 + size
        if need <= per_line:
            used = need
        else:
            lines, used = lines + 1, size
    return lines


def _measure(word: str) -> float:
    """A word's width in average characters: capitals and digits are wider."""
    return sum(1.45 if c.isupper() else 1.1 if c.isdigit() else 1.0 for c in word)


def needs_quote(text: str) -> bool:
    """True for text a spreadsheet would take for a formula when a clerk edits the cell or
    opens a CSV export: it is written with Excel's quote prefix (shown as a leading ')."""
    return text.startswith(FORMULA_START)


def cell_text(value: object) -> str:
    """Text for one cell: longer text is cut to what Excel can hold, with a mark."""
    text = str(value)
    return text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - 1] + "…"


@cache
def print_sheet_class() -> type:
    """The worksheet class of printed sheets (pass as add_worksheet's worksheet_class)."""
    from xlsxwriter.worksheet import Worksheet

    class PrintSheet(Worksheet):
        """A worksheet whose page header is left off its first page (a document's first
        page carries no number, Nghị định 30/2020/NĐ-CP); XlsxWriter has no option for it."""

        #: Points taken by the rows above the sheet's first table, for a writer that
        #: paginates by hand.
        heading_points: float = 0.0

        def _write_header_footer(self) -> None:
            if not self.header:
                super()._write_header_footer()
                return
            attributes = [("differentFirst", 1)]
            if not self.header_footer_scales:
                attributes.append(("scaleWithDoc", 0))
            if not self.header_footer_aligns:
                attributes.append(("alignWithMargins", 0))
            self._xml_start_tag("headerFooter", attributes)
            self._xml_data_element("oddHeader", self.header)
            if self.footer:
                self._xml_data_element("oddFooter", self.footer)
            self._xml_empty_tag("firstHeader")
            if self.footer:  # the first page keeps the footer
                self._xml_data_element("firstFooter", self.footer)
            self._xml_end_tag("headerFooter")

    return PrintSheet


#: One cell of a bulk row: (column, value, format or None); a value is a str (a shared
#: string) or a number (dates as serial numbers, with a date format).
BulkCell = tuple[int, "str | float", object]


@cache
def bulk_sheet_class() -> type:
    """The worksheet class of record sheets of many plain rows (pass as add_worksheet's
    worksheet_class): rows added with add_rows are rendered straight to XML, one string a
    row. XlsxWriter keeps an object per cell and formats each one again at save, which made
    most of the report's time on the sheet of every counted value (80,000 cells for 2,000
    units)."""
    from xlsxwriter.utility import xl_col_to_name

    class BulkSheet(print_sheet_class()):
        """A sheet whose rows below its header are added in one call, in row order, each
        row's cells in column order, after every other cell of the sheet is written."""

        _bulk_first: int | None = None
        _bulk_xml: str = ""

        def add_rows(self, first: int, rows: Iterable[Iterable[BulkCell]],
                     columns: int) -> int:
            """Write rows from row `first` down; returns the last row written (first - 1
            when there were none). Only once per sheet."""
            if self._bulk_first is not None:
                raise RuntimeError("add_rows may be called once per sheet")
            shared = self.str_table._get_shared_string_index
            names = [xl_col_to_name(c) for c in range(columns)]
            parts: list[str] = []
            add = parts.append
            r = first - 1
            for r, cells in enumerate(rows, first):
                n = r + 1
                add(f'<row r="{n}">')
                for c, value, fmt in cells:
                    style = f' s="{fmt._get_xf_index()}"' if fmt is not None else ""
                    if isinstance(value, str):
                        add(f'<c r="{names[c]}{n}"{style} t="s"><v>{shared(value)}</v></c>')
                    else:
                        add(f'<c r="{names[c]}{n}"{style}><v>{value:.16G}</v></c>')
                add("</row>")
            self._bulk_first, self._bulk_xml = first, "".join(parts)
            if r >= first:
                self._check_dimensions(r, columns - 1)
            return r

        def _write_rows(self) -> None:
            if self._bulk_first is None:
                super()._write_rows()
                return
            if any(cells for row, cells in self.table.items() if row >= self._bulk_first):
                raise RuntimeError("a cell was written among the bulk rows")  # never lost
            last = self.dim_rowmax  # the rows above the bulk rows as XlsxWriter writes them
            self.dim_rowmax = min(last, self._bulk_first - 1)
            try:
                super()._write_rows()
            finally:
                self.dim_rowmax = last
            self.fh.write(self._bulk_xml)

    return BulkSheet

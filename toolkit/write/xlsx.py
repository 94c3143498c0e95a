"""One way to start every workbook the toolkit writes (XlsxWriter)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

FONT = {"font_name": "Times New Roman", "font_size": 12}
MAX_CELL_TEXT = 32_767  # Excel shows at most this many characters in one cell
#: The one header-cell style of every table we write, and the one title style.
HEADER = {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
          "align": "center", "valign": "vcenter"}
TITLE = {"bold": True, "font_size": 14}
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


def row_height(cells: list[tuple[str, float]], line: float = 15.75) -> float:
    """Points needed to show wrapped texts of (text, column width in characters)."""
    lines = 1
    for text, width in cells:
        per_line = max(width * 1.15 - 1, 1)
        lines = max(lines, sum(max(1, -(-len(part) // int(per_line)))
                               for part in text.split("\n")))
    return lines * line


def cell_text(value: object) -> str:
    """Text for one cell: longer text is cut to what Excel can hold, with a mark."""
    text = str(value)
    return text if len(text) <= MAX_CELL_TEXT else text[: MAX_CELL_TEXT - 1] + "…"

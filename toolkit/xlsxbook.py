"""One way to start every workbook the toolkit writes (XlsxWriter)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

FONT = {"font_name": "Times New Roman", "font_size": 12}
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

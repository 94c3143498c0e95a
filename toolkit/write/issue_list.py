"""The error workbook of `thidua check --out`: one row per issue, linked to its cell."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from pathlib import Path

from thidua.core import labels
from thidua.core.issues import Issue
from thidua.core.parsing.dates import format_datetime
from thidua.store.files import atomic_path
from thidua.write.xlsx import HEADER, TITLE, cell_text, new_book

WIDTHS = (10, 24, 14, 8, 22, 30, 24, 90)


def write_issue_workbook(path: str | Path, issues: Iterable[Issue], source: str | Path) -> Path:
    """Write issues to path; each cell reference links to that cell of source."""
    path, source = Path(path), Path(source)
    link_base = Path(os.path.relpath(source.resolve(), path.resolve().parent)).as_posix()
    with atomic_path(path) as tmp:
        book = new_book(tmp)
        ws = book.add_worksheet(labels.ISSUE_SHEET)
        title = book.add_format(TITLE)
        header = book.add_format(HEADER)
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        error = book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006",
                                 "valign": "top"})
        warning = book.add_format({"bg_color": "#FFEB9C", "font_color": "#9C5700",
                                   "valign": "top"})
        link = book.add_format({"font_color": "#0563C1", "underline": 1, "valign": "top"})
        now = format_datetime(dt.datetime.now())
        ws.write_string(0, 0, labels.ISSUE_TITLE.format(file=source.name, time=now), title)
        ws.write_row(2, 0, labels.ISSUE_HEADERS, header)
        for c, width in enumerate(WIDTHS):
            ws.set_column(c, c, width, wrap)
        row = 2
        for row, issue in enumerate(issues, start=3):
            ws.write_string(row, 0, labels.SEVERITY[issue.severity],
                            error if issue.severity == "error" else warning)
            ws.write_string(row, 1, issue.file, wrap)
            ws.write_string(row, 2, issue.sheet, wrap)
            if issue.cell and issue.sheet:
                target = f"external:{link_base}#'{issue.sheet}'!{issue.cell}"
                ws.write_url(row, 3, target, link, string=issue.cell)
            else:
                ws.write_string(row, 3, issue.cell, wrap)
            for c, value in enumerate((issue.column, issue.value, issue.code, issue.message),
                                      start=4):
                ws.write_string(row, c, cell_text(value), wrap)
        ws.freeze_panes(3, 0)
        ws.autofilter(2, 0, max(row, 3), len(labels.ISSUE_HEADERS) - 1)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(2)
        book.close()
    return path

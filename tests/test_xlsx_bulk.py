"""Record sheets written in bulk (write/xlsx.bulk_sheet_class): the rows read back exactly
as XlsxWriter's own cells would, below a header written the usual way."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from thidua.write.xlsx import bulk_sheet_class, new_book

TEXTS = ["a & b < c > d", "=SUM(A1)", "  kept spaces  ", "tab\there", "bell\x07",
         "_x0041_ literal", "Tiếng Việt có dấu"]


def _rows(day, quoted):
    for i, text in enumerate(TEXTS):
        cells = [(0, text, quoted if text.startswith("=") else None)]
        if i % 2 == 0:  # every other row has no number: the cell is left out
            cells.append((1, i * 1.5, None))
        cells.append((2, (dt.date(2024, 5, i + 1) - dt.date(1899, 12, 30)).days, day))
        yield cells


def _book(path, rows, bulk: bool = True):
    """A header row, then rows: added in bulk, or cell by cell as XlsxWriter writes."""
    book = new_book(path)
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    quoted = book.add_format({"quote_prefix": True})
    ws = book.add_worksheet("Kết quả", worksheet_class=bulk_sheet_class())
    ws.write_row(0, 0, ["Chữ", "Số", "Ngày"], book.add_format({"bold": True}))
    ws.freeze_panes(1, 0)
    if bulk:
        last = ws.add_rows(1, rows(day, quoted), 3)
    else:
        last = 0
        for last, cells in enumerate(rows(day, quoted), 1):
            for c, value, fmt in cells:
                (ws.write_string if isinstance(value, str) else ws.write_number)(
                    last, c, value, fmt)
    ws.autofilter(0, 0, max(last, 1), 2)
    book.close()
    return last


def _read(path):
    ws = openpyxl.load_workbook(path)["Kết quả"]
    cells = [(c.coordinate, c.value, c.data_type, c.number_format, c.quotePrefix, c.font.b)
             for row in ws.iter_rows() for c in row]
    return cells, ws.dimensions, ws.freeze_panes, ws.auto_filter.ref


def test_bulk_rows_read_back_as_xlsxwriters_own_cells(tmp_path):
    assert _book(tmp_path / "bulk.xlsx", _rows) == len(TEXTS)
    _book(tmp_path / "cells.xlsx", _rows, bulk=False)
    bulk = _read(tmp_path / "bulk.xlsx")
    assert bulk == _read(tmp_path / "cells.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "bulk.xlsx")["Kết quả"]
    assert [c.value for c in ws["A"]][:4] == ["Chữ", "a & b < c > d", "=SUM(A1)",
                                              "  kept spaces  "]
    assert ws["A3"].quotePrefix and ws["A3"].data_type == "s" and not ws["A2"].quotePrefix
    assert (ws["B2"].value, ws["B3"].value) == (0, None)
    assert ws["C2"].value == dt.datetime(2024, 5, 1) and ws["C2"].number_format == "dd/mm/yyyy"
    assert bulk[1:] == (f"A1:C{len(TEXTS) + 1}", "A2", f"A1:C{len(TEXTS) + 1}")


def test_no_bulk_rows_leaves_the_header_alone(tmp_path):
    path = tmp_path / "empty.xlsx"
    assert _book(path, lambda day, quoted: iter(())) == 0
    ws = openpyxl.load_workbook(path)["Kết quả"]
    assert [list(r) for r in ws.iter_rows(values_only=True)] == [["Chữ", "Số", "Ngày"]]


def test_rows_are_added_once(tmp_path):
    book = new_book(tmp_path / "twice.xlsx")
    ws = book.add_worksheet("x", worksheet_class=bulk_sheet_class())
    ws.add_rows(0, [[(0, "a", None)]], 1)
    with pytest.raises(RuntimeError):
        ws.add_rows(1, [[(0, "b", None)]], 1)
    book.close()


def test_a_cell_written_among_the_bulk_rows_stops_the_save(tmp_path):
    """The bulk rows are written after XlsxWriter's own: a cell written the usual way
    below their start would be dropped, so saving refuses instead."""
    book = new_book(tmp_path / "mixed.xlsx")
    ws = book.add_worksheet("x", worksheet_class=bulk_sheet_class())
    ws.add_rows(1, [[(0, "a", None)]], 1)
    ws.write_string(5, 0, "late")
    with pytest.raises(RuntimeError):
        book.close()

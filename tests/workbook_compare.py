"""Compare two workbooks by what a user sees and relies on, not by zip bytes or timestamps:
sheets, cells, types, number formats, fonts, fills, validations, panes, filters, widths."""

from __future__ import annotations

from pathlib import Path

import openpyxl


def _color(c) -> str | None:
    return None if c is None else str(c.rgb if c.type == "rgb" else f"{c.type}:{c.value}")


def signature(path: Path) -> dict[str, object]:
    book = openpyxl.load_workbook(path)
    sig: dict[str, object] = {"sheets": book.sheetnames}
    for ws in book.worksheets:
        prefix = ws.title
        sig[f"{prefix}/state"] = ws.sheet_state
        sig[f"{prefix}/freeze"] = ws.freeze_panes
        sig[f"{prefix}/filter"] = ws.auto_filter.ref
        sig[f"{prefix}/merged"] = sorted(str(r) for r in ws.merged_cells.ranges)
        sig[f"{prefix}/widths"] = {k: d.width for k, d in ws.column_dimensions.items()}
        sig[f"{prefix}/validations"] = sorted(
            (str(v.sqref), v.type, v.formula1, v.operator, v.errorStyle, v.prompt)
            for v in ws.data_validations.dataValidation)
        sig[f"{prefix}/protection"] = ws.protection.sheet
        sig[f"{prefix}/print"] = (ws.page_setup.orientation, ws.page_setup.paperSize,
                                  ws.page_setup.fitToWidth, ws.print_title_rows)
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None and not cell.has_style:
                    continue
                font = cell.font
                sig[f"{prefix}!{cell.coordinate}"] = (
                    cell.value, cell.data_type, cell.number_format,
                    (font.name, font.sz, font.b, font.i, _color(font.color)),
                    _color(cell.fill.fgColor) if cell.fill.fill_type else None,
                    (cell.alignment.wrap_text, cell.alignment.horizontal),
                    cell.protection.locked,
                )
    return sig


def differences(expected: Path, actual: Path) -> list[str]:
    """Human-readable differences; empty when the workbooks match. A file no spreadsheet
    reader can open (the sample of a corrupt return) must match byte for byte."""
    if not expected.exists():
        return [f"missing: {expected}"]
    try:
        a, b = signature(expected), signature(actual)
    except Exception:  # not a workbook at all: compare the bytes
        same = expected.read_bytes() == actual.read_bytes()
        return [] if same else [f"{expected.name}: bytes differ"]
    out = []
    for key in sorted(set(a) | set(b)):
        if a.get(key) != b.get(key):
            out.append(f"{key}: committed={a.get(key)!r} built={b.get(key)!r}")
    return out

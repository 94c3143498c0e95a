"""Build small workbooks for tests, each named after its defect."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl

from thidua.core import labels
from thidua.write.canonical import sample_content, write_canonical

TASKS, UNITS, PLAN, PHASES = (labels.SHEET_TASKS, labels.SHEET_UNITS, labels.SHEET_PLAN,
                              labels.SHEET_PHASES)


def sample_workbook(folder: Path, name: str = labels.WORKBOOK_FILE) -> Path:
    return write_canonical(folder / name, sample_content())


def column_of(ws, header: str) -> int:
    for cell in ws[1]:
        if cell.value == header:
            return cell.column
    raise KeyError(header)


def row_of(ws, code: str, column: int = 1) -> int:
    for row in range(2, ws.max_row + 1):
        if str(ws.cell(row, column).value) == code:
            return row
    raise KeyError(code)


def set_cell(ws, code: str, header: str, value: object) -> str:
    """Set the cell of (row whose first column is code, column header); returns its A1 ref."""
    cell = ws.cell(row_of(ws, code), column_of(ws, header))
    cell.value = value
    return cell.coordinate


def defect(folder: Path, name: str,
           edit: Callable[[openpyxl.Workbook], object]) -> tuple[Path, object]:
    """The sample plan with one edit applied, saved as <name>.xlsx; returns (path, edit result)."""
    source = sample_workbook(folder, f"_base_{name}.xlsx")
    book = openpyxl.load_workbook(source)
    result = edit(book)
    path = folder / f"{name}.xlsx"
    book.save(path)
    source.unlink()
    return path, result


def with_bad_crc(source: Path, target: Path, member: str) -> Path:
    """A copy of the zip file source in which member's recorded CRC-32 no longer matches
    its content (in its local header and in the central directory), as in a file damaged
    in transit; everything else is byte-identical."""
    data = bytearray(source.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo(member)
        central = zf.start_dir
    bad = struct.pack("<I", info.CRC ^ 0xFFFFFFFF)
    local = info.header_offset
    assert data[local:local + 4] == b"PK\x03\x04"
    data[local + 14:local + 18] = bad
    patched = 0
    while data[central:central + 4] == b"PK\x01\x02":
        name_len, extra_len, comment_len = struct.unpack("<HHH", data[central + 28:central + 34])
        if data[central + 46:central + 46 + name_len] == member.encode():
            data[central + 16:central + 20] = bad
            patched += 1
        central += 46 + name_len + extra_len + comment_len
    assert patched == 1, patched
    target.write_bytes(bytes(data))
    return target

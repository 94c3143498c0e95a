"""The bad-input corpus: every defect is made by code from a good form or workbook, with
the outcome it must get. Nothing here is a hand-edited binary.

A return case is (name, build, status, code, cell): build(folder, out_dir) writes the
file(s) and returns the one whose outcome is checked; code is an issue code the file must
carry (None: no issue needed) at cell (None: any)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from thidua.core import fields, labels
from thidua.core.parsing.legacy import unicode_to_tcvn3
from thidua.write.forms import FORM_TABLE_ROW, HEADER_FIRST_ROW
from thidua.write.sample_returns import fill_form

D = dt.date(2024, 5, 10)
FIRST = FORM_TABLE_ROW + 1  # first task row of a form (BHXH's task 15, CCT's task 1)
COL = {k: i + 1 for i, k in enumerate(fields.RETURN.keys)}


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[object, Path], Path]
    status: str
    code: str | None = None
    cell: str | None = None


def _bhxh(folder, out: Path, name: str, result: object = 6800, edit=None, **header) -> Path:
    values = {"result": result, "status": labels.STATUS_DOING}
    return fill_form(folder.form("BHXH"), out / f"{name}.xlsx", {"data_date": D, **header},
                     {"15": values}, edit)


def _cell_edit(ref: str, value: object, data_type: str | None = None):
    def edit(book):
        cell = book[labels.FORM_SHEET][ref]
        cell.value = value
        if data_type:
            cell.data_type = data_type
    return edit


def _plain_cell_edit(ref: str, value: object):
    """A value in a cell whose number format was reset to General."""
    def edit(book):
        cell = book[labels.FORM_SHEET][ref]
        cell.value = value
        cell.number_format = "General"
    return edit


def _replace_part(path: Path, part: str, data: bytes) -> Path:
    raw = io.BytesIO(path.read_bytes())
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, data if item.filename == part else zin.read(item))
    return path


def _million_rows(folder, out: Path) -> Path:
    path = _bhxh(folder, out, "trieu-dong")
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, 10))
    sheet = ('<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><dimension ref="A1:N1000000"/><sheetData>'
             f"{rows}</sheetData></worksheet>").encode()
    return _replace_part(path, "xl/worksheets/sheet1.xml", sheet)


def _swapped(folder, out: Path) -> Path:
    def edit(book):
        ws = book[labels.FORM_SHEET]
        for r in range(FORM_TABLE_ROW, ws.max_row + 1):
            a, b = ws.cell(r, COL["result"]), ws.cell(r, COL["completed_on"])
            # cut and paste moves formats with the values (styles first: openpyxl gives a
            # cell that receives a datetime a date format of its own)
            a._style, b._style = b._style, a._style
            a.value, b.value = b.value, a.value
    return fill_form(folder.form("BHXH"), out / "cot-dao.xlsx", {"data_date": D},
                     {"15": {"result": 6800, "status": labels.STATUS_DONE,
                             "completed_on": dt.date(2024, 5, 9)}}, edit)


def _extra_columns(folder, out: Path) -> Path:
    def edit(book):
        ws = book[labels.FORM_SHEET]
        ws.cell(FORM_TABLE_ROW, len(COL) + 1).value = "Cột tự thêm"
        ws.cell(FIRST, len(COL) + 1).value = "ghi thêm"
    return _bhxh(folder, out, "them-cot", edit=edit)


def _second_sheet(folder, out: Path) -> Path:
    def edit(book):
        ws = book.create_sheet("Sheet2")
        ws.append(["Mã NV", "Kết quả thực hiện"])
        ws.append(["15", 6800])
    return fill_form(folder.form("BHXH"), out / "sheet-khac.xlsx", {"data_date": D}, {}, edit)


def _merged(folder, out: Path) -> Path:
    def edit(book):
        ws = book[labels.FORM_SHEET]
        ws.merge_cells(start_row=FIRST, start_column=COL["explanation"], end_row=FIRST + 1,
                       end_column=COL["explanation"])
    return fill_form(folder.form("LDTBXH"), out / "gop-o.xlsx", {"data_date": D},
                     {"14": {"result": 80, "status": labels.STATUS_DOING,
                             "explanation": "chung cho hai dòng"}}, edit)


def _only_header(folder, out: Path) -> Path:
    def edit(book):
        ws = book[labels.FORM_SHEET]
        ws.delete_rows(FIRST, ws.max_row - FORM_TABLE_ROW)
    return fill_form(folder.form("BHXH"), out / "chi-tieu-de.xlsx", {"data_date": D}, {}, edit)


def _other_units_task(folder, out: Path) -> Path:
    def edit(book):
        book[labels.FORM_SHEET].append(["14", "Nhiệm vụ của Phòng LĐTBXH", None, None, None,
                                        None, 83, None, labels.STATUS_DONE])
    return _bhxh(folder, out, "viec-don-vi-khac", edit=edit)


def _identity_lost(name: str, unit_text: str):
    def build(folder, out: Path) -> Path:
        def edit(book):
            del book[labels.FORM_IDENTITY_SHEET]
            book[labels.FORM_SHEET].cell(HEADER_FIRST_ROW, 3).value = unit_text
        return _bhxh(folder, out, name, edit=edit)
    return build


def _tcvn3(folder, out: Path) -> Path:
    from openpyxl.styles import Font

    def edit(book):
        cell = book[labels.FORM_SHEET].cell(FIRST, COL["explanation"])
        cell.value = unicode_to_tcvn3("chậm do thời tiết")
        cell.font = Font(name=".VnTime")
    return _bhxh(folder, out, "tcvn3", edit=edit)


def _renamed_header(folder, out: Path) -> Path:
    return _bhxh(folder, out, "doi-tieu-de", edit=_cell_edit(
        f"{openpyxl.utils.get_column_letter(COL['result'])}{FORM_TABLE_ROW}", "KQ (số)"))


def _other_plan(folder, out: Path) -> Path:
    def edit(book):
        for row in book[labels.FORM_IDENTITY_SHEET].iter_rows():
            if row[0].value == "plan_number":
                row[1].value = "112/KH-UBND"
    return _bhxh(folder, out, "ke-hoach-khac", edit=edit)


def _resubmission(folder, out: Path) -> Path:
    _bhxh(folder, out, "lan-2", result=6900, submission=2)
    return _bhxh(folder, out, "lan-1", result=6800, submission=1)


def _duplicate(folder, out: Path) -> Path:
    first = _bhxh(folder, out, "ban-goc")
    copy = out / "ban-goc_sao.xlsx"
    shutil.copy(first, copy)
    return copy


def _corrupt(folder, out: Path) -> Path:
    data = _bhxh(folder, out, "hong-tam").read_bytes()
    (out / "hong-tam.xlsx").unlink()
    path = out / "hong.xlsx"
    path.write_bytes(data[: len(data) // 2])
    return path


def _password(folder, out: Path) -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = _bhxh(folder, out / "tam", "mat-khau-tam")
    path = out / "mat-khau.xlsx"
    with plain.open("rb") as src, path.open("wb") as dst:
        OOXMLFile(src).encrypt("1", dst)
    shutil.rmtree(out / "tam")
    return path


def _empty_file(folder, out: Path) -> Path:
    path = out / "rong.xlsx"
    path.write_bytes(b"")
    return path


def _not_a_form(folder, out: Path) -> Path:
    book = openpyxl.Workbook()
    book.active.append(["Danh sách cán bộ"])
    path = out / "khong-phai-bieu-mau.xlsx"
    book.save(path)
    return path


def _xlsm(folder, out: Path) -> Path:
    path = _bhxh(folder, out, "co-macro")
    target = path.with_suffix(".xlsm")
    path.rename(target)
    return target


def _laughs(folder, out: Path) -> Path:
    path = _bhxh(folder, out, "billion-laughs")
    entities = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10 if i else "lol"}">'
                       for i in range(10))
    sheet = (f'<?xml version="1.0"?><!DOCTYPE x [{entities}]><worksheet xmlns="http://'
             'schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
             '<c r="A1" t="inlineStr"><is><t>&l9;</t></is></c><c r="B1"><f>1</f></c></row>'
             "</sheetData></worksheet>").encode()
    return _replace_part(path, "xl/worksheets/sheet1.xml", sheet)


G = f"G{FIRST}"  # Kết quả thực hiện of the first row
H = f"H{FIRST}"  # Ngày hoàn thành of the first row

RETURN_CASES: tuple[Case, ...] = (
    Case("6.798 typed as text", lambda f, o: _bhxh(f, o, "so-chu", "6.798"), "accepted"),
    Case("number with spaces", lambda f, o: _bhxh(f, o, "so-cach", " 6 800 "), "accepted"),
    Case("garbage in a number cell", lambda f, o: _bhxh(f, o, "chu", "khoảng 7 nghìn"),
         "flagged", "bad-number", G),
    Case("negative count", lambda f, o: _bhxh(f, o, "so-am", -5), "flagged",
         "negative-number", G),
    Case("date 31/02/2024", lambda f, o: _bhxh(f, o, "ngay-sai", edit=_cell_edit(
        H, "31/02/2024")), "flagged", "bad-date", H),
    Case("future completion date", lambda f, o: _bhxh(f, o, "ngay-sau", edit=_cell_edit(
        H, dt.date(2024, 5, 30))), "flagged", "completion-after-data-date", H),
    Case("completion before the plan", lambda f, o: _bhxh(f, o, "ngay-truoc", edit=_cell_edit(
        H, dt.date(2023, 12, 1))), "flagged", "completion-before-plan", H),
    # the form's percent format lost (values pasted over it): 0.452 is a plain number
    Case("percentage as 0.95 instead of 95", lambda f, o: fill_form(
        f.form("CCT"), o / "ty-le-0-95.xlsx", {"data_date": D},
        {"1": {"status": labels.STATUS_DONE}}, edit=_plain_cell_edit(G, 0.452)), "flagged",
         "rate-as-fraction", G),
    Case("Excel error value", lambda f, o: _bhxh(f, o, "loi-excel", edit=_cell_edit(
        G, "#DIV/0!", "e")), "flagged", "excel-error", G),
    Case("very long text (40,000 characters)", lambda f, o: _bhxh(f, o, "rat-dai", edit=_cell_edit(
        f"K{FIRST}", "giải trình " * 4000)), "accepted", "text-too-long", f"K{FIRST}"),
    Case("NFD unit name, identity lost", _identity_lost(
        "nfd", unicodedata.normalize("NFD", "Bảo hiểm xã hội huyện")), "accepted",
         "identified-by-header"),
    Case("identity lost", _identity_lost("mat-nhan-dang", "BHXH huyện"), "accepted",
         "identified-by-header"),
    Case("misspelt unit, identity lost", _identity_lost("ten-gan-dung",
                                                        "Bảo hiểm xã hội huyệnn"),
         "flagged", "identified-fuzzy"),
    Case("unknown unit, identity lost", _identity_lost("don-vi-la", "Công an huyện"),
         "rejected", "unit-not-identified"),
    Case("TCVN3 text", _tcvn3, "accepted", "legacy-text", f"K{FIRST}"),
    Case("renamed header", _renamed_header, "rejected", "missing-column"),
    Case("swapped columns (cut and pasted)", _swapped, "accepted"),
    Case("extra columns", _extra_columns, "accepted", "unknown-column"),
    Case("second sheet holding the data", _second_sheet, "rejected", "empty-return"),
    Case("merged data cells", _merged, "accepted", "merged-cells"),
    Case("empty return", lambda f, o: fill_form(f.form("BHXH"), o / "trong.xlsx",
                                                {"data_date": D}, {}), "rejected",
         "empty-return"),
    Case("return with only the header", _only_header, "rejected", "empty-return"),
    Case("another unit's tasks", _other_units_task, "flagged", "task-not-assigned",
         f"A{FIRST + 1}"),
    Case("unknown task", lambda f, o: _bhxh(f, o, "nv-la", edit=lambda b: b[
        labels.FORM_SHEET].append(["99", "Tự thêm", None, None, None, None, 1])),
         "flagged", "unknown-task", f"A{FIRST + 1}"),
    Case("changed target (locked cell)", lambda f, o: _bhxh(f, o, "sua-chi-tieu",
                                                            edit=_cell_edit(f"C{FIRST}",
                                                                            "7.000 người")),
         "flagged", "locked-cell-edited", f"C{FIRST}"),
    Case("late resubmission supersedes", _resubmission, "superseded"),
    Case("duplicate", _duplicate, "duplicate", "duplicate-file"),
    Case("return for another plan", _other_plan, "rejected", "other-plan"),
    Case("corrupt file", _corrupt, "rejected", "unreadable-file"),
    Case("password-protected", _password, "rejected", "unreadable-file"),
    Case("empty file", _empty_file, "rejected", "empty-file"),
    Case("not a form at all", _not_a_form, "rejected", "not-a-form"),
    Case(".xlsm return (macros never run)", _xlsm, "accepted", "macro-file"),
    Case("1,000,000-row sheet", _million_rows, "rejected", "unreadable-file"),
    Case("billion laughs", _laughs, "rejected", "unreadable-file"),
)


# --- the canonical workbook ------------------------------------------------------------
# A canonical case is (name, build, outcome, code, cell): build(folder) writes a
# workbook from the sample and returns it; outcome is "error" (check exits 1 with that
# issue), "warning" (exits 0 with it) or "stop" (check exits 2; code is the stop code).


@dataclass(frozen=True)
class CanonicalCase:
    name: str
    build: Callable[[Path], Path]
    outcome: str
    code: str
    cell: str | None = None


def _edited(name: str, edit) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        from factories import sample_workbook

        book = openpyxl.load_workbook(sample_workbook(folder, f"_{name}.xlsx"))
        edit(book)
        path = folder / f"{name}.xlsx"
        book.save(path)
        return path
    return build


def _set(sheet: str, ref: str, value: object):
    def edit(book):
        book[sheet][ref] = value
    return edit


def _raw(name: str, data: Callable[[Path], bytes]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data(folder))
        return path
    return build


def _sample_bytes(folder: Path) -> bytes:
    from factories import sample_workbook

    return sample_workbook(folder, "_goc.xlsx").read_bytes()


def _encrypted(folder: Path) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(_sample_bytes(folder))).encrypt("1", out)
    return out.getvalue()


def _huge(folder: Path) -> bytes:
    path = folder / "_lon.xlsx"
    path.write_bytes(_sample_bytes(folder))
    sheet = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main"><dimension ref="A1:S1000000"/><sheetData/></worksheet>')
    return _replace_part(path, "xl/worksheets/sheet5.xml", sheet).read_bytes()


T, U, P = labels.SHEET_TASKS, labels.SHEET_UNITS, labels.SHEET_PLAN

CANONICAL_CASES: tuple[CanonicalCase, ...] = (
    CanonicalCase("missing file", lambda f: f / "khong-co.xlsx", "stop", "file-not-found"),
    CanonicalCase("not a workbook", _raw("thu.xlsx", lambda f: "Kính gửi".encode()), "stop",
                  "not-a-workbook"),
    CanonicalCase("corrupt zip", _raw("hong.xlsx", lambda f: _sample_bytes(f)[:4000]), "stop",
                  "corrupt"),
    CanonicalCase("password-protected", _raw("khoa.xlsx", _encrypted), "stop", "password"),
    CanonicalCase("1,000,000-row sheet", _raw("lon.xlsx", _huge), "stop", "too-large"),
    CanonicalCase("duplicate task code", _edited("trung-ma", _set(T, "A5", "3")), "error",
                  "duplicate-task", "A5"),
    CanonicalCase("unknown lead", _edited("chu-tri-la", _set(T, "O4", "Phòng Xây dựng")),
                  "error", "unknown-unit", "O4"),
    CanonicalCase("group leads", _edited("nhom-chu-tri", _set(T, "O4", "Các chủ đầu tư")),
                  "error", "group-leads", "O4"),
    CanonicalCase("fraction out of range", _edited("ty-le-giam", _set(T, "G27", 2)), "error",
                  "bad-fraction", "G27"),
    CanonicalCase("x above y", _edited("x-lon-hon-y", _set(T, "H17", 80)), "error",
                  "scale-below-target", "H17"),
    CanonicalCase("rate without comparison", _edited("thieu-so-sanh", _set(T, "F2", None)),
                  "error", "missing-comparison", "F2"),
    CanonicalCase("bad date", _edited("ngay-sai", _set(T, "M4", "31/02/2024")), "error",
                  "bad-date", "M4"),
    CanonicalCase("weight zero", _edited("trong-so", _set(T, "R4", 0)), "error", "bad-weight",
                  "R4"),
    CanonicalCase("unknown parent", _edited("cha-la", _set(T, "B7", "55")), "error",
                  "unknown-parent-task", "B7"),
    CanonicalCase("formula without cached value", _edited("cong-thuc", _set(T, "G30", "=80+3")),
                  "error", "formula-no-value", "G30"),
    CanonicalCase("Excel error value", _edited("loi-excel", _set(T, "G30", "#REF!")), "error",
                  "excel-error", "G30"),
    CanonicalCase("missing sheet", _edited("mat-sheet", lambda b: setattr(b[U], "title", "DV")),
                  "error", "missing-sheet"),
    CanonicalCase("renamed header", _edited("doi-tieu-de", _set(T, "O1", "Đơn vị làm chính")),
                  "error", "missing-column"),
    CanonicalCase("reversed plan period", _edited("nguoc-ky", _set(P, "B8", "01/04/2024")),
                  "error", "plan-period", "B8"),
    CanonicalCase("deadline outside the plan", _edited("han-ngoai", _set(T, "M4", "30/06/2024")),
                  "warning", "deadline-outside-plan", "M4"),
    CanonicalCase("hidden sheet", _edited("an-sheet", lambda b: setattr(b[U], "sheet_state",
                                                                        "hidden")),
                  "warning", "hidden-sheet"),
    CanonicalCase("merged header cells", _edited("gop-tieu-de", lambda b: b[T].merge_cells(
        "O1:P1")), "warning", "merged-header", "O1"),
    CanonicalCase("total row", _edited("dong-tong", lambda b: b[T].append(
        ["Tổng cộng", None, "33 nhiệm vụ"])), "warning", "total-row", "A35"),
)

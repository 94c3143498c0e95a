"""The Excel button: the macro workbook built from the installed xlwings, and the
thidua.xl adapter driven by a fake Book.caller (there is no Excel here)."""

from __future__ import annotations

import shutil
import subprocess
import sys

import openpyxl
import pytest
from click.testing import CliRunner

from thidua.cli import cli
from thidua.core import fields, labels
from thidua.write.sample_returns import make_sample_returns

pytest.importorskip("xlwings", reason="the excel extra (xlwings) is not installed")
oletools = pytest.importorskip("oletools.olevba", reason="oletools is not installed")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def excel_template(tmp_path_factory):
    """`thidua init --sample --excel`, once for this module; tests write into copies."""
    folder = tmp_path_factory.mktemp("excel") / "kh"
    result = run("init", folder, "--sample", "--excel")
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def excel_folder(excel_template, tmp_path):
    folder = tmp_path / "kh"
    shutil.copytree(excel_template, folder)
    return folder


@pytest.fixture(scope="module")
def excel_returns_template(excel_template, tmp_path_factory):
    """The macro workbook's folder with its forms and the sample returns in the inbox, and
    a copy of it where they were collected: {False: not collected, True: collected}."""
    from thidua.collect import collect
    from thidua.read.plan import read_plan

    root = tmp_path_factory.mktemp("excel-returns")
    fresh = root / "kh"
    shutil.copytree(excel_template, fresh)
    book = fresh / labels.EXCEL_WORKBOOK_FILE
    plan, _ = read_plan(book)
    assert run("forms", book).exit_code == 0
    make_sample_returns(plan, fresh / labels.FORM_DIR, fresh / labels.INBOX_DIR)
    collected = root / "collected"
    shutil.copytree(fresh, collected)
    collect(collected / labels.EXCEL_WORKBOOK_FILE, [collected / labels.INBOX_DIR])
    return {False: fresh, True: collected}


def test_macro_workbook_has_xlwings_vba_and_a_button_that_calls_it(excel_folder):
    import zipfile

    from oletools.olevba import VBA_Parser

    book = excel_folder / labels.EXCEL_WORKBOOK_FILE
    parser = VBA_Parser(str(book))
    modules = {name: code for _f, _s, name, code in parser.extract_macros()}
    entry = modules["Module1.bas"]
    assert "Sub SampleCall()" in entry
    assert 'RunPython "import " & mymodule & ";" & mymodule & ".main()"' in entry
    assert "Public Function RunPython(PythonCommand As String)" in modules["xlwings.bas"]
    with zipfile.ZipFile(book) as zf:
        drawings = [zf.read(n).decode() for n in zf.namelist() if n.endswith(".vml")]
    macros = [part.split("</x:FmlaMacro>")[0].split("!")[-1]
              for text in drawings for part in text.split("<x:FmlaMacro>")[1:]]
    assert macros == ["SampleCall"]
    assert all(f"Sub {m}()" in entry for m in macros)


def test_control_sheet_names_and_sheets(excel_folder):
    book = openpyxl.load_workbook(excel_folder / labels.EXCEL_WORKBOOK_FILE, keep_vba=True)
    assert book.sheetnames[0] == labels.SHEET_CONTROL
    names = set(book.defined_names.keys())
    assert set(fields.CONTROL_NAMES.values()) <= names
    ref = book.defined_names[fields.CONTROL_NAMES["action"]].attr_text
    ws = book[labels.SHEET_CONTROL]
    assert ws[ref.split("!")[1].replace("$", "")].value == labels.ACTIONS["check"]


def test_the_import_the_vba_performs_finds_main(excel_folder):
    code = "import bieu_chi_tiet, thidua.xl; print(bieu_chi_tiet.main is thidua.xl.main)"
    out = subprocess.run([sys.executable, "-c", code], cwd=excel_folder, capture_output=True,
                         text=True, check=True).stdout
    assert out.strip() == "True"


@pytest.mark.parametrize(("args", "collected"), [
    (("forms",), False), (("check",), False), (("collect",), False),
    (("collect", "--dry-run"), False), (("report", "--as-of", "10/05/2024"), True),
    (("rebuild",), True)], ids=["forms", "check", "collect", "dry-run", "report", "rebuild"])
def test_every_command_leaves_the_xlsm_byte_identical(excel_returns_template, tmp_path, args,
                                                      collected):
    folder = tmp_path / "kh"
    shutil.copytree(excel_returns_template[collected], folder)
    book = folder / labels.EXCEL_WORKBOOK_FILE
    before = book.read_bytes()
    result = run(args[0], book, *args[1:])
    assert result.exit_code in (0, 1), result.output
    assert book.read_bytes() == before


def test_a_renamed_copy_is_told_how_to_fix_its_name(excel_folder):
    copy = excel_folder / "KH 111 (1).xlsm"
    copy.write_bytes((excel_folder / labels.EXCEL_WORKBOOK_FILE).read_bytes())
    result = run("check", copy)
    assert "KH 111 (1).xlsm" in result.output and labels.EXCEL_WORKBOOK_FILE in result.output
    moved = excel_folder / "ke_hoach_2024.xlsm"
    moved.write_bytes(copy.read_bytes())
    assert "ke_hoach_2024.py" in run("check", moved).output


# --- a fake Book.caller with in-memory sheets ------------------------------------------


class FakeRange:
    def __init__(self, sheet, address):
        self.sheet, self.address = sheet, address

    @property
    def value(self):
        return self.sheet.cells.get(self.address)

    @value.setter
    def value(self, value):
        if isinstance(value, list) and value and isinstance(value[0], list):
            col0, row0 = self.address[0], int(self.address[1:])
            for r, row in enumerate(value):
                for c, v in enumerate(row):
                    self.sheet.cells[f"{chr(ord(col0) + c)}{row0 + r}"] = v
        else:
            self.sheet.cells[self.address] = value

    def add_hyperlink(self, address, text_to_display=None):
        self.sheet.links[self.address] = (address, text_to_display)


class FakeSheet:
    def __init__(self, name):
        self.name, self.cells, self.links = name, {}, {}

    def range(self, address):
        return FakeRange(self, address)

    def clear_contents(self):
        self.cells.clear()
        self.links.clear()


class FakeSheets(list):
    def __getitem__(self, key):
        if isinstance(key, str):
            return next(s for s in self if s.name == key)
        return super().__getitem__(key)

    def add(self, name, after=None):
        sheet = FakeSheet(name)
        self.append(sheet)
        return sheet


class FakeName:
    def __init__(self, sheet, address):
        self.refers_to_range = FakeRange(sheet, address)


class FakeApp:
    def __init__(self):
        self.alerts, self.opened = [], []
        self.books = self

    def alert(self, prompt, title=None, **_):
        self.alerts.append((title, prompt))

    def open(self, path):
        self.opened.append(path)


class FakeBook:
    def __init__(self, fullname, action, as_of=None):
        self.fullname = str(fullname)
        control = FakeSheet(labels.SHEET_CONTROL)
        self.sheets = FakeSheets([control])
        self.names = {fields.CONTROL_NAMES[k]: FakeName(control, f"B{8 + i}")
                      for i, k in enumerate(("action", "as_of", "folder", "status"))}
        self.names[fields.CONTROL_NAMES["action"]].refers_to_range.value = action
        self.names[fields.CONTROL_NAMES["as_of"]].refers_to_range.value = as_of
        self.app = FakeApp()

    def status(self):
        return self.names[fields.CONTROL_NAMES["status"]].refers_to_range.value


def test_button_check_writes_the_errors_sheet_with_links(excel_folder):
    from thidua.xl import main

    book = FakeBook(excel_folder / labels.EXCEL_WORKBOOK_FILE, labels.ACTIONS["check"])
    main(book)
    errors = book.sheets[labels.SHEET_ERRORS]
    assert errors.cells["A1"] == labels.ERRORS_HEADERS[0]
    assert errors.cells["F2"] in ("group-no-members", "missing-baseline")
    cell = errors.cells["C2"]
    assert errors.links["C2"] == (f"#'{errors.cells['B2']}'!{cell}", cell)
    assert book.status().startswith("Kiểm tra xong: 0 lỗi, 2 cảnh báo")
    assert book.app.alerts == [(labels.XL_TITLE, book.status())]


def test_button_runs_forms_collect_and_report_like_the_cli(excel_folder):
    from thidua.read.plan import read_plan
    from thidua.xl import main

    path = excel_folder / labels.EXCEL_WORKBOOK_FILE
    main(FakeBook(path, labels.ACTIONS["forms"]))
    assert len(list((excel_folder / labels.FORM_DIR).glob("*.xlsx"))) == 31
    plan, _ = read_plan(path)
    make_sample_returns(plan, excel_folder / labels.FORM_DIR, excel_folder / labels.INBOX_DIR)
    book = FakeBook(path, labels.ACTIONS["collect"])
    main(book)
    assert book.status().startswith("Tổng hợp xong: 19 tệp, 11 hợp lệ, 3 cần xem lại")
    book = FakeBook(path, labels.ACTIONS["report"], as_of="10/05/2024")
    main(book)
    report = excel_folder / "bao-cao" / "tong-hop-111-KH-UBND-10-05-2024.xlsx"
    assert book.app.opened == [str(report)] and report.exists()
    assert (excel_folder / "bao-cao" / "bao-cao-111-KH-UBND-10-05-2024.docx").exists()


def test_button_errors_are_messages_and_the_traceback_goes_to_a_log(excel_folder,
                                                                  monkeypatch):
    from thidua import xl

    book = FakeBook(excel_folder / labels.EXCEL_WORKBOOK_FILE, "")
    xl.main(book)
    assert book.status().startswith("Chưa chọn việc cần làm")

    def boom(*_args, **_kwargs):
        raise RuntimeError("đĩa đầy")

    monkeypatch.setattr("thidua.write.forms.write_forms", boom)
    book = FakeBook(excel_folder / labels.EXCEL_WORKBOOK_FILE, labels.ACTIONS["forms"])
    xl.main(book)
    log = excel_folder / labels.XL_LOG_FILE
    assert "Lỗi ngoài dự kiến: RuntimeError: đĩa đầy" in book.status()
    assert str(log) in book.status()
    assert "Traceback" in log.read_text(encoding="utf-8")
    assert "Traceback" not in book.app.alerts[-1][1]


def test_button_writes_formula_looking_text_as_text():
    from thidua.xl import _text

    assert _text("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0"
    assert _text("-5 hộ") == "'-5 hộ"
    assert _text("Bình thường") == "Bình thường" and _text(5) == 5


def test_missing_xlwings_is_explained(tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "xlwings" else real(name, *a))
    result = run("init", tmp_path / "x", "--excel")
    assert result.exit_code == 2 and 'pip install "thidua[excel]"' in result.output
    assert not (tmp_path / "x").exists()


def test_button_refuses_a_report_date_that_is_not_a_date(excel_folder):
    from thidua.xl import main

    book = FakeBook(excel_folder / labels.EXCEL_WORKBOOK_FILE, labels.ACTIONS["report"],
                    as_of="31/02/2024")
    main(book)
    assert "“31/02/2024”" in book.status() and "không phải ngày hợp lệ" in book.status()
    assert book.app.opened == []
    assert not (excel_folder / "bao-cao").exists()

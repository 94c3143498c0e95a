"""The Excel button: the control workbook built from the installed xlwings beside a plain
canonical workbook, and the thidua.xl adapter driven by a Book built from that control
workbook's own sheets and named cells (there is no Excel here), in-process and through the
command line xlwings' VBA runs."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from excel_kit import FakeBook, sample_call_module, vba_command

from thidua.cli import cli
from thidua.core import fields, labels
from thidua.write.sample_returns import make_sample_returns

pytest.importorskip("xlwings", reason="the excel extra (xlwings) is not installed")
oletools = pytest.importorskip("oletools.olevba", reason="oletools is not installed")

CONTROL = labels.CONTROL_WORKBOOK_FILE
TESTS = Path(__file__).resolve().parent


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


def control_book(folder: Path, action: str, as_of=None, fullname: str | None = None):
    """Book.caller() of the folder's control workbook, the action (and date) typed in."""
    book = FakeBook(folder / CONTROL, fullname)
    book.cell("action").value = action
    book.cell("as_of").value = as_of
    return book


@pytest.fixture(scope="module")
def excel_returns_template(excel_template, tmp_path_factory):
    """The folder with its forms and the sample returns in the inbox, and a copy of it
    where they were collected: {False: not collected, True: collected}."""
    from thidua.collect import collect
    from thidua.read.plan import read_plan

    root = tmp_path_factory.mktemp("excel-returns")
    fresh = root / "kh"
    shutil.copytree(excel_template, fresh)
    book = fresh / labels.WORKBOOK_FILE
    plan, _ = read_plan(book)
    assert run("forms", book).exit_code == 0
    make_sample_returns(plan, fresh / labels.FORM_DIR, fresh / labels.INBOX_DIR)
    collected = root / "collected"
    shutil.copytree(fresh, collected)
    collect(collected / labels.WORKBOOK_FILE, [collected / labels.INBOX_DIR])
    return {False: fresh, True: collected}


def vba_modules(book: Path) -> dict[str, str]:
    from oletools.olevba import VBA_Parser

    return {name: code for _f, _s, name, code in VBA_Parser(str(book)).extract_macros()}


def test_init_excel_keeps_the_plan_apart_from_the_macros(excel_folder):
    names = sorted(p.name for p in excel_folder.iterdir())
    assert names == sorted([labels.WORKBOOK_FILE, CONTROL, "dieu_khien.py",
                            labels.INBOX_DIR])
    with zipfile.ZipFile(excel_folder / labels.WORKBOOK_FILE) as zf:
        assert not any("vba" in n.lower() for n in zf.namelist())
        assert "macroEnabled" not in zf.read("[Content_Types].xml").decode()
    assert run("check", excel_folder / labels.WORKBOOK_FILE).exit_code == 0


def test_control_workbook_has_xlwings_vba_and_a_button_that_calls_it(excel_folder):
    book = excel_folder / CONTROL
    modules = vba_modules(book)
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
    # the document modules of the VBA project are the code names of the book and sheets
    wb = openpyxl.load_workbook(book, keep_vba=True)
    code_names = {ws.sheet_properties.codeName for ws in wb} | {wb.code_name}
    documents = {n.rsplit(".", 1)[0] for n, code in modules.items()
                 if "VB_PredeclaredId = True" in code and "VB_Base = \"0{000208" in code}
    assert documents and documents <= code_names


def test_control_sheet_names_link_and_sheets(excel_folder):
    book = openpyxl.load_workbook(excel_folder / CONTROL, keep_vba=True)
    assert book.sheetnames == [labels.SHEET_CONTROL, labels.SHEET_ERRORS, "xlwings.conf"]
    assert set(fields.CONTROL_NAMES.values()) <= set(book.defined_names.keys())
    ws = book[labels.SHEET_CONTROL]

    def named(key):
        ref = book.defined_names[fields.CONTROL_NAMES[key]].attr_text
        return ws[ref.split("!")[1].replace("$", "")]

    assert named("action").value == labels.ACTIONS["check"]
    assert named("workbook").value == labels.WORKBOOK_FILE
    link = ws.cell(named("workbook").row, named("workbook").column + 1)
    assert link.hyperlink.target == labels.WORKBOOK_FILE
    assert link.value == labels.CONTROL_OPEN_LINK
    assert [c.value for c in book[labels.SHEET_ERRORS][1]] == list(labels.ERRORS_HEADERS)


@pytest.mark.parametrize(("args", "collected"), [
    (("forms",), False), (("check",), False), (("collect",), False),
    (("collect", "--dry-run"), False), (("report", "--as-of", "10/05/2024"), True),
    (("rebuild",), True)], ids=["forms", "check", "collect", "dry-run", "report", "rebuild"])
def test_every_command_leaves_both_workbooks_byte_identical(excel_returns_template, tmp_path,
                                                            args, collected):
    folder = tmp_path / "kh"
    shutil.copytree(excel_returns_template[collected], folder)
    book = folder / labels.WORKBOOK_FILE
    before = [p.read_bytes() for p in (book, folder / CONTROL)]
    result = run(args[0], book, *args[1:])
    assert result.exit_code in (0, 1), result.output
    assert [p.read_bytes() for p in (book, folder / CONTROL)] == before


def test_excel_rebuilds_the_control_workbook_in_place_never_the_data(excel_folder):
    book = excel_folder / labels.WORKBOOK_FILE
    plan = book.read_bytes()
    wb = openpyxl.load_workbook(excel_folder / CONTROL, keep_vba=True)
    ref = wb.defined_names[fields.CONTROL_NAMES["folder"]].attr_text.split("!")[1]
    wb[labels.SHEET_CONTROL][ref.replace("$", "")] = "D:\\Thi đua"
    wb.save(excel_folder / CONTROL)
    (excel_folder / "dieu_khien.py").unlink()
    result = run("excel", excel_folder, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["ok"] and out["control"] == str(excel_folder / CONTROL)
    assert out["migrated_from"] is None and out["replaced_version"] is None
    assert book.read_bytes() == plan
    assert (excel_folder / "dieu_khien.py").exists()
    assert "excel" in run("--help").output and run("excel", "--help").exit_code == 0
    kept = FakeBook(excel_folder / CONTROL)
    assert kept.cell("folder").value == "D:\\Thi đua"  # what staff set is kept
    assert vba_modules(excel_folder / CONTROL)["Module1.bas"].count("SampleCall") == 1


def test_excel_on_a_folder_without_a_plan_says_what_to_do(tmp_path):
    result = run("excel", tmp_path)
    assert result.exit_code == 2 and "thidua init --excel" in result.output
    assert not (tmp_path / CONTROL).exists()


def test_a_renamed_copy_of_an_old_macro_workbook_is_told_how_to_fix_its_name(tmp_path):
    from excel_kit import write_legacy_workbook

    from thidua.write.canonical import sample_content

    old = write_legacy_workbook(tmp_path / labels.EXCEL_WORKBOOK_FILE, sample_content())
    copy = tmp_path / "KH 111 (1).xlsm"
    copy.write_bytes(old.read_bytes())
    result = run("check", copy)
    assert "KH 111 (1).xlsm" in result.output and labels.EXCEL_WORKBOOK_FILE in result.output
    moved = tmp_path / "ke_hoach_2024.xlsm"
    moved.write_bytes(copy.read_bytes())
    assert "ke_hoach_2024.py" in run("check", moved).output


def test_button_check_writes_the_errors_sheet_with_links(excel_folder):
    from thidua.xl import main

    book = control_book(excel_folder, labels.ACTIONS["check"])
    main(book)
    errors = book.sheets[labels.SHEET_ERRORS]
    assert errors.cells["A1"] == labels.ERRORS_HEADERS[0]
    assert errors.cells["F2"] in ("group-no-members", "missing-baseline")
    cell = errors.cells["C2"]
    assert errors.links["C2"] == (f"#'{errors.cells['B2']}'!{cell}", cell)
    assert book.status() == "Kiểm tra xong: 0 lỗi, 2 cảnh báo (xem sheet Lỗi)."
    assert book.app.alerts == [(labels.XL_TITLE, book.status())]
    assert len(book.sheets) == 3  # the Lỗi sheet of the build was used, none added


def test_button_runs_forms_collect_and_report_like_the_cli(excel_folder):
    from thidua.read.plan import read_plan
    from thidua.xl import main

    main(control_book(excel_folder, labels.ACTIONS["forms"]))
    assert len(list((excel_folder / labels.FORM_DIR).glob("*.xlsx"))) == 31
    plan, _ = read_plan(excel_folder / labels.WORKBOOK_FILE)
    make_sample_returns(plan, excel_folder / labels.FORM_DIR, excel_folder / labels.INBOX_DIR)
    book = control_book(excel_folder, labels.ACTIONS["collect"])
    main(book)
    assert book.status().startswith("Tổng hợp xong: 19 tệp, 11 hợp lệ, 3 cần xem lại")
    # a date cell comes from xlwings as a datetime
    book = control_book(excel_folder, labels.ACTIONS["report"], as_of=dt.datetime(2024, 5, 10))
    main(book)
    report = excel_folder / "bao-cao" / "tong-hop-111-KH-UBND-10-05-2024.xlsx"
    assert book.app.opened == [str(report)] and report.exists()
    assert (excel_folder / "bao-cao" / "bao-cao-111-KH-UBND-10-05-2024.docx").exists()


def test_button_runs_forms_but_not_the_report_while_only_the_criteria_are_wrong(
        excel_folder):
    """As the CLI: errors only in Tiêu chí khen thưởng let forms run (and say the report
    waits for them); the report is refused with the count of errors."""
    from test_criteria import BAD_ROWS

    from thidua.write.canonical import sample_content, write_canonical
    from thidua.xl import main

    content = sample_content()
    content.criteria = BAD_ROWS
    workbook = excel_folder / labels.WORKBOOK_FILE
    workbook.unlink()
    write_canonical(workbook, content)
    book = control_book(excel_folder, labels.ACTIONS["forms"])
    main(book)
    assert book.status().endswith(labels.CRITERIA_ERRORS_LATER.format(errors=11))
    assert len(list((excel_folder / labels.FORM_DIR).glob("*.xlsx"))) == 31
    book = control_book(excel_folder, labels.ACTIONS["report"], as_of=dt.datetime(2024, 5, 10))
    main(book)
    assert book.status() == labels.XL_PLAN_ERRORS.format(errors=11)
    assert not (excel_folder / "bao-cao").exists()


def test_button_reports_one_phase_when_its_cell_names_one(excel_returns_template, tmp_path):
    """The Đợt cell (as report --dot): "cd1" typed in lower case names the sample's phase
    CD1, and the report of its tasks is written under its own name; a code the plan does
    not have is refused with the list of phases, and no report is made."""
    from thidua.xl import main

    folder = tmp_path / "kh"
    shutil.copytree(excel_returns_template[True], folder)
    book = control_book(folder, labels.ACTIONS["report"], as_of=dt.datetime(2024, 5, 10))
    book.cell("phase").value = "cd1"
    main(book)
    report = folder / "bao-cao" / "tong-hop-111-KH-UBND-dot-CD1-10-05-2024.xlsx"
    assert book.app.opened == [str(report)] and report.exists()
    wrong = control_book(folder, labels.ACTIONS["report"], as_of=dt.datetime(2024, 5, 10))
    wrong.cell("phase").value = "CD9"
    main(wrong)
    assert "CD9" in wrong.status() and "CD1" in wrong.status()
    assert wrong.app.opened == []


def test_button_reads_a_date_typed_as_a_number(excel_folder):
    from thidua.xl import main

    book = control_book(excel_folder, labels.ACTIONS["report"], as_of=45422.0)  # 10/05/2024
    main(book)
    assert book.app.opened == [str(excel_folder / "bao-cao" /
                                   "tong-hop-111-KH-UBND-10-05-2024.xlsx")]


def test_button_says_when_the_plan_file_named_is_missing(excel_folder):
    from thidua.xl import main

    book = control_book(excel_folder, labels.ACTIONS["check"])
    book.cell("workbook").value = "ke_hoach_khac.xlsx"
    main(book)
    assert "ke_hoach_khac.xlsx" in book.status() and "Biểu chi tiết" in book.status()
    assert labels.SHEET_ERRORS in [s.name for s in book.sheets]


def test_button_errors_are_messages_and_the_traceback_goes_to_a_log(excel_folder,
                                                                  monkeypatch):
    from thidua import xl

    book = control_book(excel_folder, "")
    xl.main(book)
    assert book.status().startswith("Chưa chọn việc cần làm")

    def boom(*_args, **_kwargs):
        raise RuntimeError("đĩa đầy")

    monkeypatch.setattr("thidua.write.forms.write_forms", boom)
    book = control_book(excel_folder, labels.ACTIONS["forms"])
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
    (tmp_path / "y").mkdir()
    assert run("excel", tmp_path / "y").exit_code == 2


def test_button_refuses_a_report_date_that_is_not_a_date(excel_folder):
    from thidua.xl import main

    book = control_book(excel_folder, labels.ACTIONS["report"], as_of="31/02/2024")
    main(book)
    assert "“31/02/2024”" in book.status() and "không phải ngày hợp lệ" in book.status()
    assert book.app.opened == []
    assert not (excel_folder / "bao-cao").exists()


# --- Book.caller() through the command line xlwings' VBA runs ----------------------------

#: Runs in a fresh interpreter: Book.caller() answers with a Book built from the control
#: workbook (xlwings cannot reach Excel here), then the program of vba_command runs as
#: xlwings gives it to Python; what the button wrote is printed as JSON.
CALLER = """
import json, sys
sys.path.append({tests!r})
import xlwings
from excel_kit import FakeBook
book = FakeBook({control!r}, {fullname!r})
book.cell("action").value = {action!r}
xlwings.Book.caller = classmethod(lambda cls: book)
{command}
print(json.dumps({{"status": book.status(), "alerts": book.app.alerts,
                  "errors": book.sheets["Lỗi"].rows(), "path": sys.path[:4]}}))
"""


def click_button(control: Path, fullname: str, action: str, env: dict[str, str],
                 cwd: Path) -> dict:
    """What RunPython does on a click: python -B -c <program> in a directory that is not
    the workbook's (Excel's own), so only prepare_sys_path can make dieu_khien importable."""
    command = vba_command(fullname, sample_call_module(fullname.rsplit("/", 1)[-1]))
    program = CALLER.format(tests=str(TESTS), control=str(control), fullname=fullname,
                            action=action, command=command)
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "OneDrive",
                                                              "OneDriveConsumer",
                                                              "OneDriveCommercial")}
    done = subprocess.run([sys.executable, "-B", "-c", program], cwd=cwd, capture_output=True,
                          text=True, env={**clean, **env}, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def vietnamese_folder(excel_template, tmp_path_factory):
    """The working folder under a Vietnamese path with spaces, and a copy of it inside a
    OneDrive folder."""
    root = tmp_path_factory.mktemp("caller")
    folder = root / "Thi đua" / "KH 111 năm 2024"
    shutil.copytree(excel_template, folder)
    onedrive = root / "OneDrive"
    shutil.copytree(excel_template, onedrive / "Thi đua" / "KH 111")
    (root / "elsewhere").mkdir()
    return root


def test_the_click_runs_from_a_vietnamese_path_with_spaces(vietnamese_folder):
    folder = vietnamese_folder / "Thi đua" / "KH 111 năm 2024"
    result = click_button(folder / CONTROL, str(folder / CONTROL), labels.ACTIONS["check"],
                          {"HOME": str(vietnamese_folder)}, vietnamese_folder / "elsewhere")
    assert result["status"] == "Kiểm tra xong: 0 lỗi, 2 cảnh báo (xem sheet Lỗi)."
    assert result["alerts"] == [[labels.XL_TITLE, result["status"]]]
    assert result["errors"][0] == list(labels.ERRORS_HEADERS)
    assert str(folder) in result["path"]


def test_the_click_runs_from_a_onedrive_url(vietnamese_folder):
    """Excel names a workbook with AutoSave on OneDrive by its URL; prepare_sys_path and
    Book.fullname map it to the synced folder (OneDrive environment variable)."""
    url = f"https://d.docs.live.net/4f2a9c1b7e/Thi đua/KH 111/{CONTROL}"
    onedrive = vietnamese_folder / "OneDrive"
    result = click_button(onedrive / "Thi đua" / "KH 111" / CONTROL, url,
                          labels.ACTIONS["check"],
                          {"OneDrive": str(onedrive), "HOME": str(vietnamese_folder)},
                          vietnamese_folder / "elsewhere")
    assert result["status"] == "Kiểm tra xong: 0 lỗi, 2 cảnh báo (xem sheet Lỗi)."
    assert str(onedrive / "Thi đua" / "KH 111") in result["path"]


def test_the_old_prepare_sys_path_call_cannot_import_the_module(vietnamese_folder):
    """The call of xlwings before 0.24.9 replayed against today's package: the workbook's
    folder never reaches sys.path, which is why the workbook must be rebuilt after an
    upgrade (thidua excel), not renamed."""
    folder = vietnamese_folder / "Thi đua" / "KH 111 năm 2024"
    program = (f'import xlwings.utils;xlwings.utils.prepare_sys_path("{folder}"); '
               "import dieu_khien;dieu_khien.main()")
    done = subprocess.run([sys.executable, "-B", "-c", program], capture_output=True,
                          text=True, cwd=vietnamese_folder / "elsewhere", check=False)
    assert "No module named 'dieu_khien'" in done.stderr


def test_a_renamed_copy_of_the_control_workbook_is_told_how_to_fix_its_name(excel_folder):
    (excel_folder / "dieu_khien (1).xlsm").write_bytes((excel_folder / CONTROL).read_bytes())
    result = run("check", excel_folder / labels.WORKBOOK_FILE)
    assert "dieu_khien (1).xlsm" in result.output and CONTROL in result.output
    (excel_folder / "dieu_khien (1).xlsm").rename(excel_folder / "dieu_khien_2.xlsm")
    assert "dieu_khien_2.py" in run("check", excel_folder / labels.WORKBOOK_FILE).output
    (excel_folder / "ghi_chu.xlsm").write_bytes(b"not ours")  # not a control workbook
    codes = json.loads(run("check", excel_folder / labels.WORKBOOK_FILE, "--json").output)
    assert [i["code"] for i in codes["issues"]].count("missing-shim") == 1

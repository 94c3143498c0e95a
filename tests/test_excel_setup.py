"""The set-up around the Excel button: the interpreter written into the control workbook,
xlwings' AppleScript file on macOS, the xlwings version stamp after an upgrade, and the
one-command move of an earlier bieu_chi_tiet.xlsm folder to the control workbook."""

from __future__ import annotations

import importlib.metadata
import json
import re
import shutil
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from excel_kit import FakeBook, write_legacy_workbook, xlwings_settings

from thidua.cli import cli
from thidua.core import labels
from thidua.write import control

pytest.importorskip("xlwings", reason="the excel extra (xlwings) is not installed")
pytest.importorskip("oletools.olevba", reason="oletools is not installed")

CONTROL = labels.CONTROL_WORKBOOK_FILE


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("setup") / "kh"
    result = run("init", folder, "--sample", "--excel")
    assert result.exit_code == 0, result.output
    return folder


@pytest.fixture
def folder(built, tmp_path):
    copy = tmp_path / "kh"
    shutil.copytree(built, copy)
    return copy


def vba_code(book: Path) -> str:
    from oletools.olevba import VBA_Parser

    return {name: code for _f, _s, name, code in VBA_Parser(str(book)).extract_macros()
            }["xlwings.bas"]


def conf_rows(book: Path) -> list[list[object]]:
    ws = openpyxl.load_workbook(book)["xlwings.conf"]
    return [list(row) for row in ws.iter_rows(values_only=True)]


# --- the interpreter ---------------------------------------------------------------------


def test_the_vba_reads_the_interpreter_from_the_conf_sheet_first(built):
    """What the replay below stands on, read from the VBA inside the built workbook."""
    code = vba_code(built / CONTROL)
    assert 'Public Const PROJECT_NAME As String = "xlwings"' in code
    assert 'interpreter = GetConfig("INTERPRETER_MAC", "")' in code
    assert 'interpreter = GetConfig("INTERPRETER_WIN", "")' in code
    assert 'interpreter = GetConfig("INTERPRETER", "python")' in code
    assert 'Set sht = wb.Sheets(PROJECT_NAME & ".conf")' in code
    assert "d.Add UCase(cell.Value), cell.Offset(0, 1).Value" in code
    sheet, directory = code.index("'Workbook Sheet Config"), code.index("' Directory Config")
    assert sheet < directory < code.index("' User Config") < code.index("' Defaults")


def test_the_built_interpreter_wins_over_path_and_files_beside_the_workbook(built):
    rows = conf_rows(built / CONTROL)
    assert rows == [["INTERPRETER_MAC", str(Path(sys.executable).absolute())]]
    beside = '"INTERPRETER_MAC","/usr/bin/python-without-thidua"\n'
    user = '"INTERPRETER_MAC","/opt/other/python3"\n'
    assert xlwings_settings(rows, beside, user, "INTERPRETER_MAC") == rows[0][1]
    # without the sheet, the file beside the workbook, then the user's, then "python"
    assert xlwings_settings([], beside, user, "INTERPRETER_MAC") == \
        "/usr/bin/python-without-thidua"
    assert xlwings_settings([], None, None, "INTERPRETER_MAC") == "python"
    # the Windows key is not written: a Windows Excel falls back to its own settings
    assert xlwings_settings(rows, None, None, "INTERPRETER_WIN") == "python"


def test_windows_gets_pythonw_beside_the_python_that_built_it(tmp_path, monkeypatch):
    scripts = tmp_path / "Thi đua" / ".venv" / "Scripts"
    scripts.mkdir(parents=True)
    (scripts / "python.exe").write_bytes(b"")
    (scripts / "pythonw.exe").write_bytes(b"")
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "executable", str(scripts / "python.exe"))
    (tmp_path / "kh").mkdir()
    (tmp_path / "kh" / labels.WORKBOOK_FILE).write_bytes(b"")
    result = run("excel", tmp_path / "kh", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["interpreter"] == {
        "INTERPRETER_WIN": str(scripts / "pythonw.exe")}
    rows = conf_rows(tmp_path / "kh" / CONTROL)
    assert xlwings_settings(rows, None, None, "INTERPRETER_WIN") == str(scripts /
                                                                        "pythonw.exe")
    assert control.interpreter_setting("win32", str(tmp_path / "python.exe")) == \
        ("INTERPRETER_WIN", str(tmp_path / "python.exe"))  # no pythonw.exe: python.exe


# --- macOS: the AppleScript file ---------------------------------------------------------


def test_macos_installs_the_applescript_file_runpython_calls(folder, tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setenv("HOME", str(home))
    result = run("excel", folder)
    assert result.exit_code == 0, result.output
    code = vba_code(folder / CONTROL)
    version = re.search(r'XLWINGS_VERSION As String = "([^"]+)"', code).group(1)
    called = re.search(r'AppleScriptTask\("xlwings-" & XLWINGS_VERSION & "(\.applescript)"',
                       code)
    assert called, "the VBA no longer names the AppleScript file this way"
    script = (home / "Library" / "Application Scripts" / "com.microsoft.Excel" /
              f"xlwings-{version}{called.group(1)}")
    assert script.read_bytes() == (control.xlwings_dir() / script.name).read_bytes()
    assert str(script) in result.output
    assert [p.name for p in script.parent.iterdir()] == [script.name]  # no draft left


def test_other_systems_install_no_applescript(folder, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert run("excel", folder).exit_code == 0
    assert not (tmp_path / "home").exists()


# --- the version stamp -------------------------------------------------------------------


def test_the_stamp_is_the_version_of_the_vba_inside(built):
    stamp = control.stamped_version(built / CONTROL)
    assert stamp == importlib.metadata.version("xlwings")
    assert f'XLWINGS_VERSION As String = "{stamp}"' in vba_code(built / CONTROL)


@pytest.fixture
def newer_xlwings(monkeypatch):
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version",
                        lambda name: "99.1.0" if name == "xlwings" else real(name))
    return "99.1.0"


def test_check_says_to_rebuild_after_an_xlwings_upgrade(folder, newer_xlwings):
    built_for = control.stamped_version(folder / CONTROL)
    result = run("check", folder / labels.WORKBOOK_FILE, "--json")
    issue = next(i for i in json.loads(result.output)["issues"]
                 if i["code"] == "excel-outdated")
    assert issue["severity"] == "warning"
    assert built_for in issue["message"] and "99.1.0" in issue["message"]
    assert f'thidua excel "{folder}"' in issue["message"]


def test_the_button_says_to_rebuild_after_an_xlwings_upgrade(folder, newer_xlwings):
    from thidua.xl import main

    book = FakeBook(folder / CONTROL)
    main(book)
    assert book.status().startswith("Kiểm tra xong: 0 lỗi, 3 cảnh báo")
    assert "99.1.0" in book.status() and f'thidua excel "{folder}"' in book.status()


def test_excel_rebuilds_for_the_new_version_and_says_so(folder, newer_xlwings):
    before = control.stamped_version(folder / CONTROL)
    result = run("excel", folder)
    assert result.exit_code == 0, result.output
    assert labels.EXCEL_UPGRADED.format(before=before, after="99.1.0") in result.output
    assert control.stamped_version(folder / CONTROL) == "99.1.0"
    check = json.loads(run("check", folder / labels.WORKBOOK_FILE, "--json").output)
    assert "excel-outdated" not in [i["code"] for i in check["issues"]]


def test_same_version_means_no_warning(folder):
    check = json.loads(run("check", folder / labels.WORKBOOK_FILE, "--json").output)
    assert [i["code"] for i in check["issues"]] == ["group-no-members", "missing-baseline"]


# --- the earlier layout: bieu_chi_tiet.xlsm ----------------------------------------------


@pytest.fixture
def legacy_folder(tmp_path):
    from thidua.write.canonical import sample_content

    folder = tmp_path / "Thi đua cũ"
    (folder / labels.INBOX_DIR).mkdir(parents=True)
    write_legacy_workbook(folder / labels.EXCEL_WORKBOOK_FILE, sample_content())
    return folder


def test_an_old_macro_workbook_still_runs_its_button_and_says_how_to_migrate(legacy_folder):
    from thidua.xl import main

    book = FakeBook(legacy_folder / labels.EXCEL_WORKBOOK_FILE)
    main(book)
    assert book.status().startswith("Kiểm tra xong: 0 lỗi, 3 cảnh báo")
    assert f'thidua excel "{legacy_folder}"' in book.status()
    check = run("check", legacy_folder / labels.EXCEL_WORKBOOK_FILE, "--json")
    codes = [i["code"] for i in json.loads(check.output)["issues"]]
    assert "excel-legacy" in codes and check.exit_code == 0


def test_excel_migrates_an_old_folder_copying_the_data_into_xlsx(legacy_folder):
    from thidua.read.plan import read_plan

    old = legacy_folder / labels.EXCEL_WORKBOOK_FILE
    before = old.read_bytes()
    result = run("excel", legacy_folder)
    assert result.exit_code == 0, result.output
    new = legacy_folder / labels.WORKBOOK_FILE
    assert labels.EXCEL_MIGRATED.format(old=old.name, path=new.name,
                                        shim="bieu_chi_tiet.py") in result.output
    assert old.read_bytes() == before
    with zipfile.ZipFile(new) as zf:
        names = zf.namelist()
        types = zf.read("[Content_Types].xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
    assert not [n for n in names if "vba" in n.lower()]
    assert control.PLAIN_MAIN in types and control.MACRO_MAIN not in types
    assert "vbaProject" not in types and "vbaProject" not in rels
    with zipfile.ZipFile(old) as zf:  # every other part copied byte for byte
        for name in names:
            if name not in ("[Content_Types].xml", "xl/_rels/workbook.xml.rels",
                            "xl/workbook.xml") and not name.startswith("xl/worksheets/sheet"):
                assert zf.read(name) == zipfile.ZipFile(new).read(name), name
    book = openpyxl.load_workbook(new)
    assert book[labels.SHEET_CONTROL].sheet_state == "hidden"
    assert book.active.title == labels.SHEET_GUIDE
    old_plan, _ = read_plan(old)
    new_plan, report = read_plan(new)
    assert report.ok and new_plan.tasks.equals(old_plan.tasks)
    assert new_plan.units.equals(old_plan.units)
    codes = [i["code"] for i in json.loads(run("check", new, "--json").output)["issues"]]
    assert codes == ["group-no-members", "missing-baseline"]
    # the new control workbook opens the copy; a second run changes no data
    assert FakeBook(legacy_folder / CONTROL).cell("workbook").value == labels.WORKBOOK_FILE
    data = new.read_bytes()
    assert run("excel", legacy_folder).exit_code == 0 and new.read_bytes() == data


def test_the_migrated_plan_opens_in_libreoffice(legacy_folder, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    import subprocess

    assert run("excel", legacy_folder).exit_code == 0
    out = tmp_path / "pdf"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless",
                    "--convert-to", "csv", "--outdir", str(out),
                    str(legacy_folder / labels.WORKBOOK_FILE)],
                   check=True, capture_output=True, timeout=180)
    text = (out / "bieu_chi_tiet.csv").read_text(encoding="utf-8", errors="replace")
    assert text.strip()  # the first visible sheet (the guide) converted


def test_the_button_of_a_working_folder_on_onedrive_is_warned_about(built, tmp_path,
                                                                    monkeypatch):
    folder = tmp_path / "OneDrive - UBND" / "Thi đua"
    shutil.copytree(built, folder)
    monkeypatch.setenv("OneDriveCommercial", str(tmp_path / "OneDrive - UBND"))
    result = run("excel", folder, "--json")
    warnings = json.loads(result.output)["warnings"]
    assert warnings == [labels.EXCEL_CLOUD.format(path=folder)]
    assert control.on_cloud_drive(tmp_path / "OneDrive" / "x")
    monkeypatch.delenv("OneDriveCommercial")
    assert not control.on_cloud_drive(tmp_path / "Thi đua")


# --- a control workbook saved by another program -----------------------------------------


def _codes(folder: Path) -> list[str]:
    out = run("check", folder / labels.WORKBOOK_FILE, "--json").output
    return [i["code"] for i in json.loads(out)["issues"]]


def test_a_control_workbook_without_its_code_names_is_told_to_be_rebuilt(folder):
    path = folder / CONTROL
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b' codeName="ThisWorkbook"', b"")
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    assert "excel-damaged" in _codes(folder)
    assert run("excel", folder).exit_code == 0
    assert "excel-damaged" not in _codes(folder)


def test_a_libreoffice_round_trip_is_seen(folder, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    import subprocess

    out = tmp_path / "lo-out"
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless",
                    "--convert-to", "xlsm:Calc MS Excel 2007 VBA XML", "--outdir", str(out),
                    str(folder / CONTROL)], check=True, capture_output=True, timeout=180)
    shutil.copyfile(out / CONTROL, folder / CONTROL)
    assert control.stamped_version(folder / CONTROL)  # the stamp survives, the VBA does not
    message = next(i["message"] for i in json.loads(run(
        "check", folder / labels.WORKBOOK_FILE, "--json").output)["issues"]
        if i["code"] == "excel-damaged")
    assert f'thidua excel "{folder}"' in message

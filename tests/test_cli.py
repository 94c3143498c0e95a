"""The command contract of DESIGN §9 for init, check and demo: exit codes, messages, JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from thidua.cli import cli
from thidua.core import labels

from factories import TASKS, defect, sample_workbook, set_cell, with_bad_crc

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_the_commands_are_registered():
    assert set(cli.commands) >= {"init", "check", "forms", "collect", "report", "rebuild",
                                 "demo"}


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_and_is_in_the_readme(name):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = cli.commands[name]
    assert command.help and len(command.help) > 20
    result = run(name, "--help")
    assert result.exit_code == 0
    assert "--json" in result.output and "--debug" in result.output
    assert f"thidua {name}" in readme, f"README does not document `thidua {name}`"


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line.strip() for line in ci.splitlines()
                   if line.startswith("python3 -m venv") and "pytest" in line)
    assert command in readme


def test_init_creates_template_folder(tmp_path):
    folder = tmp_path / "kh"
    result = run("init", folder)
    assert result.exit_code == 0, result.output
    assert (folder / labels.WORKBOOK_FILE).is_file()
    assert (folder / labels.INBOX_DIR).is_dir()
    assert str(folder / labels.WORKBOOK_FILE) in result.output
    book = openpyxl.load_workbook(folder / labels.WORKBOOK_FILE)
    assert book.sheetnames == [labels.SHEET_GUIDE, *labels.CANONICAL_SHEETS,
                               *labels.OPTIONAL_SHEETS]
    # the empty template is a valid module name and says what is still to fill in
    assert Path(labels.WORKBOOK_FILE).stem.isidentifier()
    checked = run("check", folder / labels.WORKBOOK_FILE, "--json")
    codes = {i["code"] for i in json.loads(checked.output)["issues"]}
    assert checked.exit_code == 1 and {"required", "no-tasks", "no-units"} <= codes


def test_init_sample_passes_check(tmp_path):
    folder = tmp_path / "mau"
    assert run("init", folder, "--sample").exit_code == 0
    result = run("check", folder / labels.WORKBOOK_FILE, "--json")
    payload = json.loads(result.output)
    assert result.exit_code == 0
    assert payload["ok"] is True
    assert payload["stats"]["tasks"] == 33 and payload["stats"]["errors"] == 0
    assert all(i["severity"] == "warning" for i in payload["issues"])


def test_init_refuses_a_folder_with_files(tmp_path):
    (tmp_path / "note.txt").write_text("x")
    result = run("init", tmp_path)
    assert result.exit_code == 2
    assert "đã có dữ liệu" in result.output
    assert "Traceback" not in result.output
    assert (tmp_path / "note.txt").read_text() == "x"


def test_check_text_output_lists_issue_with_cell_and_fix(tmp_path):
    path, cell = defect(tmp_path, "bad-lead", lambda b: set_cell(b[TASKS], "14", "Đơn vị chủ trì",
                                                                 "Phòng LĐTBXH cũ"))
    result = run("check", path)
    assert result.exit_code == 1
    assert f"{TASKS}!{cell} (Đơn vị chủ trì)" in result.output
    assert "Không tìm thấy đơn vị “Phòng LĐTBXH cũ”" in result.output
    assert "thidua check" in result.output  # what to do next


def test_check_json_issue_shape(tmp_path):
    path, cell = defect(tmp_path, "bad-date", lambda b: set_cell(b[TASKS], "3", "Hạn hoàn thành",
                                                                 "31/02/2024"))
    payload = json.loads(run("check", path, "--json").output)
    assert payload["ok"] is False
    bad = [i for i in payload["issues"] if i["code"] == "bad-date"]
    assert bad == [{"severity": "error", "file": path.name, "sheet": TASKS, "cell": cell,
                    "column": "Hạn hoàn thành", "value": "31/02/2024", "code": "bad-date",
                    "message": bad[0]["message"]}]
    assert set(payload["stats"]) >= {"errors", "warnings", "tasks", "units", "phases"}


def test_check_out_writes_error_workbook_linked_to_cells(tmp_path):
    path, cell = defect(tmp_path, "dup", lambda b: set_cell(b[TASKS], "4", "Mã NV", "3"))
    out = tmp_path / "loi" / "loi.xlsx"
    result = run("check", path, "--out", out)
    assert result.exit_code == 1
    ws = openpyxl.load_workbook(out)[labels.ISSUE_SHEET]
    rows = list(ws.iter_rows(min_row=4, values_only=False))
    dup = next(r for r in rows if r[6].value == "duplicate-task")
    assert dup[0].value == labels.SEVERITY["error"]
    assert dup[3].value == cell
    link = dup[3].hyperlink
    assert link.target.replace("\\", "/") == f"../{path.name}"  # relative: the pair may move
    assert link.location == f"'{TASKS}'!{cell}"
    assert [c.value for c in ws[3]] == list(labels.ISSUE_HEADERS)


@pytest.mark.parametrize(("make", "expected"), [
    (lambda p: p / "khong-co.xlsx", "Không tìm thấy tệp"),
    (lambda p: p, "là một thư mục"),
    (lambda p: (p / "thu.xlsx").write_text("Kính gửi ...") and p / "thu.xlsx",
     "không phải bảng tính Excel"),
    (lambda p: (p / "hong.xlsx").write_bytes(b"PK\x03\x04" + b"\0" * 200) and p / "hong.xlsx",
     "bị hỏng"),
])
def test_unreadable_files_exit_2_with_advice_and_no_traceback(tmp_path, make, expected):
    result = run("check", make(tmp_path))
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output


def test_truncated_workbook_is_corrupt(tmp_path):
    good = sample_workbook(tmp_path)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    result = run("check", cut, "--json")
    assert result.exit_code == 2
    assert json.loads(result.output)["error"]["code"] == "corrupt"


@pytest.mark.parametrize("member", ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet3.xml"])
def test_a_sheet_whose_crc_does_not_match_is_corrupt(tmp_path, member):
    """A member whose content does not match its recorded CRC-32 is damaged: the workbook
    is refused as corrupt, never read as if it were whole."""
    damaged = with_bad_crc(sample_workbook(tmp_path), tmp_path / "crc.xlsx", member)
    with zipfile.ZipFile(damaged) as zf, pytest.raises(zipfile.BadZipFile, match="CRC"):
        zf.read(member)
    result = run("check", damaged, "--json")
    assert result.exit_code == 2
    assert json.loads(result.output)["error"]["code"] == "corrupt"


def test_password_protected_workbook(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = sample_workbook(tmp_path)
    locked = tmp_path / "mat-khau.xlsx"
    with plain.open("rb") as src, locked.open("wb") as dst:
        OOXMLFile(src).encrypt("123456", dst)
    result = run("check", locked)
    assert result.exit_code == 2
    assert "đặt mật khẩu" in result.output and "gỡ mật khẩu" in result.output


def test_debug_shows_the_traceback(tmp_path):
    result = run("check", tmp_path / "khong-co.xlsx", "--debug")
    assert result.exit_code != 0
    assert result.exception is not None  # raised, so click shows it with a traceback


def test_check_never_writes_the_workbook_even_read_only(tmp_path):
    path = sample_workbook(tmp_path)
    before = path.read_bytes()
    os.chmod(path, 0o444)  # like a file another program holds open
    lock = tmp_path / f"~${path.name}"
    lock.write_bytes(b"excel owner file")
    try:
        assert run("check", path).exit_code == 0
        assert run("check", path, "--json", "--out", tmp_path / "loi.xlsx").exit_code == 0
    finally:
        os.chmod(path, 0o644)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([path.name, lock.name,
                                                                 "loi.xlsx"])


def test_demo_makes_a_fresh_folder_each_time(tmp_path):
    """A folder left by an earlier demo (here one file in it) is kept as it is: the demo
    goes into demo-2 and says so."""
    earlier = tmp_path / "demo"
    earlier.mkdir()
    (earlier / "ghi-chu.txt").write_text("của lần trước", encoding="utf-8")
    result = run("demo", earlier)
    assert result.exit_code == 0
    assert [p.name for p in earlier.iterdir()] == ["ghi-chu.txt"]
    assert (tmp_path / "demo-2" / labels.WORKBOOK_FILE).is_file()
    assert str(tmp_path / "demo-2") in result.output
    assert "0 lỗi" in result.output
    # collect's list of units not reported speaks of the demo report's day, 10/05/2024
    assert labels.COLLECT_MISSING.format(count=3, day="10/05/2024") in result.output


def test_python_dash_m_and_console_script():
    result = subprocess.run([sys.executable, "-m", "thidua", "--help"], capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0
    assert "check" in result.stdout and "init" in result.stdout


@pytest.mark.parametrize("args, code", [(["check", "samples/bieu_chi_tiet.xlsx"], 0),
                                        (["check", "khong-co.xlsx"], 2)])
def test_the_command_exits_with_its_code_and_all_its_output_through_a_pipe(args, code):
    """The command skips the interpreter's teardown: its output must still all arrive."""
    root = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-m", "thidua", *args, "--json"], cwd=root,
                            capture_output=True, text=True, check=False)
    assert result.returncode == code
    assert json.loads(result.stdout)["ok"] is (code == 0)


def test_help_does_not_import_heavy_modules():
    code = ("import sys; from thidua.cli import cli; "
            "import click.testing as t; t.CliRunner().invoke(cli, ['--help']); "
            "print(sorted(m for m in ('pandas', 'pandera', 'openpyxl', 'xlsxwriter', "
            "'python_calamine') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"

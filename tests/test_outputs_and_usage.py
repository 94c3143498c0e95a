"""What the command never does to the staff's files, and how it answers a mistyped command:
--out never names the canonical workbook, the inbox or the archive; a plan with errors
stops a report with advice; --json is one strict JSON object whatever happens; names
from outside are printed with their control characters escaped."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from thidua.cli import cli, printable
from thidua.core import labels

from factories import TASKS, defect, sample_workbook, set_cell


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    book = sample_workbook(tmp_path)
    (tmp_path / labels.INBOX_DIR).mkdir()
    (tmp_path / labels.INBOX_DIR / "vp.xlsx").write_bytes(book.read_bytes())
    (tmp_path / "luu-tru").mkdir()
    return book


@pytest.mark.parametrize("command", ["check", "report"])
@pytest.mark.parametrize("target", ["workbook", "inbox-file", "archive-file", "archive-new",
                                    "workbook-other-spelling"])
def test_out_never_names_what_must_not_be_written(folder: Path, command: str, target: str):
    root = folder.parent
    out = {"workbook": folder, "inbox-file": root / labels.INBOX_DIR / "vp.xlsx",
           "archive-file": root / "luu-tru" / "so-nhan.sqlite",
           "archive-new": root / "luu-tru" / "moi" / "x.xlsx",
           "workbook-other-spelling": root / "." / labels.INBOX_DIR / ".." / folder.name}[target]
    before = {p: digest(p) for p in root.rglob("*") if p.is_file()}
    result = run(command, folder, "--out", out, "--json")
    assert result.exit_code == 2, result.output
    payload = json.loads(result.output)
    assert payload["ok"] is False and payload["error"]["code"] == "out-is-protected"
    assert str(out) in payload["error"]["message"]
    assert {p: digest(p) for p in root.rglob("*") if p.is_file()} == before


def test_forms_are_never_written_into_the_inbox(folder: Path):
    result = run("forms", folder, "--out", folder.parent / labels.INBOX_DIR)
    assert result.exit_code == 2
    assert "hop-thu" in result.output
    assert sorted(p.name for p in (folder.parent / labels.INBOX_DIR).iterdir()) == ["vp.xlsx"]


def test_out_that_is_a_folder_is_refused_in_vietnamese(folder: Path, tmp_path: Path):
    target = tmp_path / "bao-cao"
    target.mkdir()
    result = run("check", folder, "--out", target)
    assert result.exit_code == 2
    assert "là một thư mục" in result.output and "Traceback" not in result.output


def test_report_on_a_plan_with_errors_says_so_and_what_to_do(tmp_path: Path):
    broken, _ = defect(tmp_path, "loi", lambda b: set_cell(b[TASKS], "14", "Loại chỉ tiêu",
                                                            "không có loại này"))
    result = run("report", broken)
    assert result.exit_code == 2
    assert "còn 1 lỗi nên chưa lập báo cáo" in result.output
    assert f"thidua check {broken}" in result.output
    assert not (tmp_path / labels.REPORT_DIR).exists()


@pytest.mark.parametrize("args, fragment", [
    (["report"], "thiếu WORKBOOK"),
    (["report", "x.xlsx", "--as-of", "31/02/2024"], "--as-of"),
    (["collect", "x.xlsx", "--khong-co"], "--khong-co"),
    (["check", "x.xlsx", "--out"], "--out cần một giá trị"),
    (["khong-co-lenh"], "không có lệnh"),
])
def test_usage_errors_are_one_json_object_in_vietnamese(args: list[str], fragment: str):
    result = run(*args[:1], "--json", *args[1:])
    assert result.exit_code == 2
    payload = json.loads(result.output)  # the whole output is one JSON object
    assert payload["ok"] is False and payload["error"]["code"] == "usage"
    assert fragment in payload["error"]["message"]
    plain = run(*args)
    assert plain.exit_code == 2 and fragment in plain.output
    assert "Usage:" not in plain.output and "Error:" not in plain.output


def test_usage_errors_through_the_installed_command():
    done = subprocess.run([sys.executable, "-m", "thidua", "report", "--json"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert json.loads(done.stdout)["error"]["code"] == "usage"


def test_json_never_holds_nan(capsys):
    import pandas as pd

    from thidua.cli import _emit_json

    _emit_json({"ok": True, "stats": {"pct": float("nan"), "top": pd.NA, "big": float("inf"),
                                      "rows": [1.5, float("-inf")]}})
    text = capsys.readouterr().out
    payload = json.loads(text, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    assert payload["stats"] == {"pct": None, "top": None, "big": None, "rows": [1.5, None]}


def test_control_characters_from_outside_are_escaped():
    assert printable("a\x1b[2Jb\x07") == "a\\x1b[2Jb\\x07"
    assert printable("dòng 1\ndòng 2\ttab") == "dòng 1\ndòng 2\ttab"
    assert printable("x\u202eexe.xlsx") == "x\\u202eexe.xlsx"


def test_a_file_name_with_escape_codes_is_printed_harmless(folder: Path):
    root = folder.parent
    evil = root / labels.INBOX_DIR / "\x1b[2J\x1b[Hda-nhan-het.xlsx"
    evil.write_bytes(b"not a workbook")
    result = run("collect", folder)
    assert "\x1b" not in result.output
    assert "\\x1b[2J" in result.output

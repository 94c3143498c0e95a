"""What the command never does to the staff's files, and how it answers a mistyped command:
--out never names the canonical workbook, the inbox or the archive; a plan with errors
stops a report with advice; --json is one strict JSON object whatever happens; names
from outside are printed with their control characters escaped."""

from __future__ import annotations

import hashlib
import json
import os
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


@pytest.fixture
def umask():
    def set_mask(mask: int) -> None:
        os.umask(mask)

    old = os.umask(0o022)
    yield set_mask
    os.umask(old)


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o002, 0o664)], ids=["022", "002"])
def test_written_files_get_the_mode_of_a_new_file(tmp_path: Path, umask, mask: int, mode: int):
    umask(mask)
    folder = tmp_path / "kh"
    assert run("init", folder, "--sample").exit_code == 0
    book = folder / labels.WORKBOOK_FILE
    assert run("forms", book).exit_code == 0
    assert run("check", book, "--out", tmp_path / "loi.xlsx").exit_code == 0
    report = run("report", book, "--json", "--as-of", "10/05/2024")
    made = [book, *(folder / labels.FORM_DIR).iterdir(), tmp_path / "loi.xlsx",
            Path(json.loads(report.output)["report"])]
    assert {p.name: oct(p.stat().st_mode & 0o777) for p in made} == {
        p.name: oct(mode) for p in made}


def test_an_overwritten_report_keeps_its_mode(tmp_path: Path, umask):
    umask(0o022)
    book = sample_workbook(tmp_path)
    out = tmp_path / "bao-cao.xlsx"
    assert run("report", book, "--out", out).exit_code in (0, 1)
    out.chmod(0o660)
    assert run("report", book, "--out", out).exit_code in (0, 1)
    assert out.stat().st_mode & 0o777 == 0o660


def _fake_soffice(tmp_path: Path) -> str:
    script = tmp_path / "soffice"
    script.write_text('#!/bin/sh\nfor a; do last="$a"; done\n'
                      'while [ $# -gt 0 ]; do [ "$1" = --outdir ] && out="$2"; shift; done\n'
                      'stem=$(basename "$last" .xlsx)\n'
                      'printf "%%PDF-1.4 fake" > "$out/$stem.pdf"\n')
    script.chmod(0o755)
    return str(script)


def test_a_pdf_open_in_a_viewer_is_written_beside_it(tmp_path: Path, monkeypatch):
    from thidua.store import files
    from thidua.write import pdf

    monkeypatch.setattr(pdf, "libreoffice", lambda: _fake_soffice(tmp_path))
    source = sample_workbook(tmp_path)
    target = tmp_path / "bao-cao.pdf"
    target.write_bytes(b"%PDF open in a viewer")
    real_replace = os.replace

    def locked(src, dst):
        if Path(dst) == target:
            raise PermissionError(13, "The process cannot access the file")
        return real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", locked)
    made = pdf.to_pdf(source, target)
    assert made == tmp_path / "bao-cao-2.pdf"
    assert made.read_bytes() == b"%PDF-1.4 fake"
    assert target.read_bytes() == b"%PDF open in a viewer"
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_pdf_that_cannot_be_written_still_freezes_the_round(tmp_path: Path, monkeypatch):
    import datetime as dt

    from thidua import commands
    from thidua.core import errors
    from thidua.read.plan import read_plan
    from thidua.write import pdf

    def refuse(workbook, target):
        raise errors.CannotWrite(path=target, reason="locked")

    monkeypatch.setattr(pdf, "to_pdf", refuse)
    book = sample_workbook(tmp_path)
    plan, _ = read_plan(book)
    made = commands.make_report(plan, book, dt.date(2024, 5, 10), pdf=True, freeze=True)
    assert made.path.exists() and made.pdf is None
    assert made.round == 1
    assert any("Không ghi được" in w for w in made.warnings)


def test_forms_for_one_unit_keep_the_whole_mailing_list(tmp_path: Path):
    import openpyxl

    book = sample_workbook(tmp_path)
    assert run("forms", book).exit_code == 0
    listing = tmp_path / labels.FORM_DIR / labels.FORM_LIST_FILE

    def names() -> list[str]:
        ws = openpyxl.load_workbook(listing).active
        return [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]

    everyone = names()
    assert len(everyone) > 20
    result = run("forms", book, "--unit", "VP", "--json")
    assert result.exit_code == 0
    assert [f["unit"] for f in json.loads(result.output)["forms"]] == ["VP"]
    assert names() == everyone

"""One hostile file never ends a batch: a reader that panics, a sheet that declares a huge
range, a compression zipfile cannot read, a return of junk rows. Each becomes that
file's rejection with a Vietnamese reason; the good returns of the batch are recorded.
Every hostile file is generated here. The runs that could exhaust memory if a guard
failed run in a child process with an address-space limit."""

from __future__ import annotations

import datetime as dt
import io
import json
import resource
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from thidua.core import labels
from thidua.write.sample_returns import fill_form
from thidua.write.xlsx import new_book

from returns_kit import Folder

MEMORY_LIMIT = 3 * 2**30


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def thidua(*args: object, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "thidua", *map(str, args)],
                          capture_output=True, text=True, timeout=timeout,
                          preexec_fn=_limited)


@pytest.fixture(scope="module")
def batch(tmp_path_factory) -> Folder:
    """A working folder whose inbox holds two good returns."""
    folder = Folder(tmp_path_factory.mktemp("hostile") / "kh")
    for unit, task in (("CCT", "1"), ("LDTBXH", "14")):
        fill_form(folder.form(unit), folder.ws.root / "good" / f"{unit}.xlsx",
                  {"data_date": dt.date(2024, 5, 10)},
                  {task: {"result": 42, "status": labels.STATUS_DOING}})
    return folder


def collect_with(batch: Folder, tmp_path: Path, name: str, data: bytes) -> dict:
    inbox = tmp_path / "hop-thu"
    shutil.copytree(batch.ws.root / "good", inbox)
    (inbox / name).write_bytes(data)
    done = thidua("collect", batch.workbook, inbox, "--json", "--dry-run")
    assert done.returncode == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    payload = json.loads(done.stdout)
    by_name = {f["file"]: f for f in payload["files"]}
    assert by_name["CCT.xlsx"]["status"] == "accepted"
    assert by_name["LDTBXH.xlsx"]["status"] == "accepted"
    return by_name[name]


def huge_range_workbook(path: Path, last_row: int) -> bytes:
    book = new_book(path)
    ws = book.add_worksheet(labels.FORM_SHEET)
    ws.write_string(0, 16383, "XFD1")
    ws.write_string(last_row - 1, 0, "xa")
    book.close()
    return path.read_bytes()


@pytest.mark.parametrize("last_row", [10_000, 100_000])
def test_a_sheet_declaring_a_huge_range_is_refused_before_it_is_read(batch, tmp_path,
                                                                     last_row):
    data = huge_range_workbook(tmp_path / "x.xlsx", last_row)
    assert len(data) < 20_000
    record = collect_with(batch, tmp_path, "rong.xlsx", data)
    assert record["status"] == "rejected"
    (issue,) = record["issues"]
    assert issue["code"] == "unreadable-file"
    assert "XFD" in issue["message"] and "quá lớn" in issue["message"]


def test_a_canonical_workbook_declaring_a_huge_range_stops_check_with_advice(tmp_path):
    path = tmp_path / "bieu.xlsx"
    huge_range_workbook(path, 100_000)
    done = thidua("check", path)
    assert done.returncode == 2
    assert "quá lớn" in done.stderr and "Traceback" not in done.stderr


def deflate64(data: bytes, member: str) -> bytes:
    """The workbook with member's compression method set to Deflate64 (9), which
    Python's zipfile cannot read; Windows' own zip tool writes it for large files."""
    raw = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(member)
    raw[info.header_offset + 8:info.header_offset + 10] = (9).to_bytes(2, "little")
    start = 0
    while True:  # the central entry of that member: match its file name
        central = raw.find(b"PK\x01\x02", start)
        name_len = int.from_bytes(raw[central + 28:central + 30], "little")
        if raw[central + 46:central + 46 + name_len] == member.encode():
            break
        start = central + 4
    raw[central + 10:central + 12] = (9).to_bytes(2, "little")
    return bytes(raw)


def test_a_deflate64_part_is_that_files_rejection(batch, tmp_path):
    good = (batch.ws.root / "good" / "CCT.xlsx").read_bytes()
    record = collect_with(batch, tmp_path, "nen-la.xlsx",
                          deflate64(good, "xl/worksheets/sheet1.xml"))
    assert record["status"] == "rejected"
    message = record["issues"][0]["message"]
    assert "Deflate64" in message and "NotImplementedError" not in message


@pytest.fixture(scope="module")
def xls_form(batch, tmp_path_factory) -> bytes:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed: no .xls to truncate")
    out = tmp_path_factory.mktemp("xls")
    subprocess.run([soffice, f"-env:UserInstallation={(out / 'p').as_uri()}", "--headless",
                    "--convert-to", "xls", "--outdir", str(out),
                    str(batch.ws.root / "good" / "CCT.xlsx")],
                   capture_output=True, timeout=180, check=True)
    return (out / "CCT.xls").read_bytes()


@pytest.mark.parametrize("keep", [0.3, 0.5, 0.7, 0.9])
def test_a_truncated_xls_is_that_files_rejection(batch, tmp_path, xls_form, keep):
    record = collect_with(batch, tmp_path, "cat.xls", xls_form[:int(len(xls_form) * keep)])
    assert record["status"] == "rejected"
    assert "panicked" not in json.dumps(record, ensure_ascii=False)


def test_a_truncated_xls_as_the_plan_stops_check_with_advice(tmp_path, xls_form):
    path = tmp_path / "bieu.xls"
    path.write_bytes(xls_form[:int(len(xls_form) * 0.5)])
    done = thidua("check", path)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "bị hỏng" in done.stderr  # the advice, after whatever the reader itself printed


def junk_return(form: Path, path: Path, rows: int) -> bytes:
    from openpyxl import load_workbook

    book = load_workbook(form)
    ws = book[labels.FORM_SHEET]
    first = ws.max_row + 1
    for r in range(first, first + rows):
        ws.cell(r, 1, f"rac-{r}")
        ws.cell(r, 7, "không phải số")
    book.save(path)
    return path.read_bytes()


def test_a_return_far_longer_than_any_form_is_refused_unread(batch, tmp_path):
    data = junk_return(batch.form("X_DONGLO"), tmp_path / "rac.xlsx", 30_000)
    record = collect_with(batch, tmp_path, "rac.xlsx", data)
    assert record["status"] == "rejected"
    (issue,) = record["issues"]
    assert "dòng" in issue["message"] and "quá lớn" in issue["message"]


def test_issues_of_one_file_are_capped_with_a_count_of_the_rest(batch, tmp_path):
    data = junk_return(batch.form("X_DONGLO"), tmp_path / "rac.xlsx", 3_000)
    record = collect_with(batch, tmp_path, "rac.xlsx", data)
    issues = record["issues"]
    assert len(issues) == 201
    assert issues[-1]["code"] == "more-issues"
    assert int(issues[-1]["value"].replace(".", "")) >= 2_800  # 3,000 junk rows, 200 shown

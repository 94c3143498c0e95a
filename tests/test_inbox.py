"""Every file the inbox holds is archived and listed with a status, whatever its name or
size; only Excel's lock files and hidden files are passed over, and listed."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from thidua.cli import cli
from thidua.collect import collect
from thidua.core import labels
from thidua.read import inbox
from thidua.store.archive import Archive
from thidua.write.sample_returns import fill_form

from returns_kit import Folder


@pytest.fixture(scope="module")
def prepared(tmp_path_factory) -> tuple[Folder, bytes]:
    folder = Folder(tmp_path_factory.mktemp("inbox") / "kh")
    good = fill_form(folder.form("CCT"), folder.ws.root / "cct.xlsx",
                     {"data_date": dt.date(2024, 5, 10)},
                     {"1": {"result": 42, "status": labels.STATUS_DOING}})
    return folder, good.read_bytes()


def archived(folder: Folder) -> set[str]:
    files = Archive.beside(folder.workbook).files
    return {p.name for p in files.iterdir() if not p.name.endswith(".jsonl")}


@pytest.mark.parametrize("name", ["bao-cao-cct", "bao-cao-cct.xlsx.", "BAO CAO.XLSX ",
                                  "bao-cao.dat"])
def test_a_workbook_under_any_name_is_read(prepared, tmp_path, name):
    folder, good = prepared
    source = tmp_path / name
    source.write_bytes(good)
    result = collect(folder.workbook, [source], dry_run=True)
    (outcome,) = result.files
    assert (outcome.status, outcome.unit) == ("accepted", "CCT"), outcome.issues
    assert inbox.extension(name, good) == ".xlsx"


@pytest.mark.parametrize("name, data, code", [
    ("bao-cao.rar", b"Rar!\x1a\x07\x00junk", "unsupported-archive"),
    ("minh-chung.pdf", b"%PDF-1.4 scanned", "unreadable-file"),
    ("ghi-chu.txt", "Kính gửi".encode(), "unreadable-file"),
])
def test_any_other_file_is_archived_and_rejected_with_its_reason(tmp_path, name, data, code):
    folder = Folder(tmp_path / "kh")
    (folder.inbox / name).write_bytes(data)
    result = collect(folder.workbook, [folder.inbox])
    (outcome,) = result.files
    assert outcome.status == "rejected"
    assert [i.code for i in outcome.issues] == [code]
    assert f"{outcome.sha256}{Path(name).suffix}" in archived(folder)
    assert result.ignored == [] and not result.ok


def test_a_return_over_the_size_limit_is_archived_and_rejected_unread(tmp_path, monkeypatch,
                                                                      prepared):
    _, good = prepared
    folder = Folder(tmp_path / "kh")
    monkeypatch.setattr(inbox, "MAX_FILE_BYTES", len(good) - 1)
    import thidua.read.returns as returns

    monkeypatch.setattr(returns, "MAX_FILE_BYTES", len(good) - 1)
    (folder.inbox / "lon.xlsx").write_bytes(good)
    done = CliRunner().invoke(cli, ["collect", str(folder.workbook), "--json"])
    payload = json.loads(done.output)
    assert done.exit_code == 1
    assert payload["stats"]["received"] == 1 and payload["stats"]["rejected"] == 1
    (record,) = payload["files"]
    assert record["status"] == "rejected" and record["issues"][0]["code"] == "file-too-large"
    assert f"{record['sha256']}.xlsx" in archived(folder)


def test_lock_and_hidden_files_are_listed_as_passed_over_not_archived(tmp_path, prepared):
    _, good = prepared
    folder = Folder(tmp_path / "kh")
    (folder.inbox / "~$cct.xlsx").write_bytes(b"\x0cuser" + b" " * 150)
    (folder.inbox / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder.inbox / "cct.xlsx").write_bytes(good)
    result = collect(folder.workbook, [folder.inbox, folder.inbox / "~$cct.xlsx"])
    assert [(f.name, f.status) for f in result.files] == [("cct.xlsx", "accepted")]
    assert sorted(result.ignored) == [".DS_Store", "~$cct.xlsx", "~$cct.xlsx"]
    assert len(archived(folder)) == 1
    shown = CliRunner().invoke(cli, ["collect", str(folder.workbook)])
    assert "~$" in shown.output  # said, not silently skipped


def test_a_password_protected_member_is_named_as_such(tmp_path):
    folder = Folder(tmp_path / "kh")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("bao-cao.xlsx", b"PK\x03\x04 content")
    data = bytearray(buffer.getvalue())
    # set the "encrypted" flag bit in the local header and the central directory entry,
    # as a zip made with a password has it (zipfile itself cannot write one)
    data[6] |= 0x1
    central = data.rfind(b"PK\x01\x02")
    data[central + 8] |= 0x1
    archive = folder.inbox / "mat-khau.zip"
    archive.write_bytes(bytes(data))
    result = collect(folder.workbook, [archive])
    codes = [i.code for i in result.issues]
    assert codes == ["encrypted-archive"]
    message = result.issues[0].message
    assert "mật khẩu" in message and "RuntimeError" not in message and "<" not in message


def test_the_same_content_twice_in_one_batch_is_a_duplicate_not_a_restored_copy(tmp_path,
                                                                                prepared):
    _, good = prepared
    folder = Folder(tmp_path / "kh")
    (folder.inbox / "cct.xlsx").write_bytes(good)
    (folder.inbox / "cct-gui-lai.xlsx").write_bytes(good)
    result = collect(folder.workbook, [folder.inbox])
    assert sorted(f.status for f in result.files) == ["accepted", "duplicate"]
    assert result.restored == 0
    shown = CliRunner().invoke(cli, ["collect", str(folder.workbook)])
    assert "khôi phục" not in shown.output


def test_a_copy_archived_under_another_extension_is_not_restored_again(tmp_path, prepared):
    _, good = prepared
    folder = Folder(tmp_path / "kh")
    (folder.inbox / "cct.xlsx").write_bytes(good)
    collect(folder.workbook, [folder.inbox])
    again = tmp_path / "bao-cao-cct"  # the same file, saved without an extension
    again.write_bytes(good)
    result = collect(folder.workbook, [again])
    assert [f.status for f in result.files] == ["duplicate"] and result.restored == 0
    assert len(archived(folder)) == 1

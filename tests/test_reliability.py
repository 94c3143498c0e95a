"""Nothing is lost or damaged when runs are killed, disks fail, runs overlap or files are
hostile. Subprocess tests use `python -m thidua` exactly as staff would."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from thidua.collect import collect
from thidua.core import labels
from thidua.write.sample_returns import make_sample_returns

from returns_kit import Folder, file_rows, ledger_dump

KILL_POINTS = (0.15, 0.35, 0.55, 0.75, 0.9, 1.0)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A working folder with forms and the 19 sample returns, copied for every run."""
    folder = Folder(tmp_path_factory.mktemp("tpl") / "kh")
    make_sample_returns(folder.plan, folder.forms, folder.inbox)
    return folder.ws.root


def fresh(template: Path, where: Path) -> Path:
    shutil.copytree(template, where)
    return where


def thidua(*args, **popen):
    return subprocess.Popen([sys.executable, "-m", "thidua", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


def content(ledger: Path) -> dict:
    """Ledger content without the times and batch numbers of the runs that made it."""
    dump = ledger_dump(ledger)
    dump["files"] = sorted((f[0], f[2], f[6], f[9], f[10], f[13]) for f in dump["files"])
    return dump


def archive_is_sound(root: Path) -> None:
    """Every non-temporary archived file is complete: its content hashes to its name."""
    tep = root / "luu-tru" / "tep"
    for path in (tep.iterdir() if tep.exists() else []):
        if path.name.startswith(".") or path.suffix == ".jsonl":
            continue
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.stem, path.name


@pytest.fixture(scope="module")
def uninterrupted(template, tmp_path_factory):
    root = fresh(template, tmp_path_factory.mktemp("ref") / "kh")
    t0 = time.perf_counter()
    done = thidua("collect", root / labels.WORKBOOK_FILE)
    done.communicate(timeout=120)
    return content(root / "luu-tru" / "so-nhan.sqlite"), time.perf_counter() - t0


@pytest.mark.parametrize("point", KILL_POINTS)
def test_collect_killed_anywhere_loses_nothing_and_completes_on_rerun(
        template, uninterrupted, tmp_path, point):
    reference, duration = uninterrupted
    root = fresh(template, tmp_path / "kh")
    workbook = root / labels.WORKBOOK_FILE
    before = workbook.read_bytes()
    proc = thidua("collect", workbook)
    time.sleep(duration * point)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert workbook.read_bytes() == before
    archive_is_sound(root)
    ledger = root / "luu-tru" / "so-nhan.sqlite"
    if ledger.exists():  # all of the batch or none of it
        count = len(file_rows(ledger))
        assert count in (0, len(reference["files"]))
    again = thidua("collect", workbook)
    out, err = again.communicate(timeout=120)
    said = (out + err).decode("utf-8", "replace")[-3000:]
    assert again.returncode in (0, 1), said
    got = content(ledger)
    for table in ("files", "issues", "results"):
        assert got[table] == reference[table], (table, said)
    leftovers = list((root / "luu-tru" / "tep").glob(".*.tmp"))
    assert not leftovers, (leftovers, said)


@pytest.mark.parametrize("point", (0.3, 0.6, 0.9))
def test_report_killed_never_leaves_a_partial_report(template, tmp_path, point):
    root = fresh(template, tmp_path / "kh")
    workbook = root / labels.WORKBOOK_FILE
    collect(workbook, [root / labels.INBOX_DIR])
    t0 = time.perf_counter()
    ref = thidua("report", workbook, "--as-of", "10/05/2024", "--out", tmp_path / "ref.xlsx")
    ref.communicate(timeout=120)
    duration = time.perf_counter() - t0
    target = root / "bao-cao" / "tong-hop-111-KH-UBND-10-05-2024.xlsx"
    proc = thidua("report", workbook, "--as-of", "10/05/2024")
    time.sleep(duration * point)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    if target.exists():  # only ever complete
        openpyxl.load_workbook(target)
    again = thidua("report", workbook, "--as-of", "10/05/2024")
    again.communicate(timeout=120)
    assert openpyxl.load_workbook(target).sheetnames[0] == labels.SHEET_SUMMARY
    # the killed run's draft, if it left one, is gone once the next report is written
    assert [p.name for p in target.parent.iterdir() if p.suffix == ".tmp"] == []


def test_rebuild_killed_keeps_a_whole_ledger(template, uninterrupted, tmp_path):
    reference, _ = uninterrupted
    root = fresh(template, tmp_path / "kh")
    workbook = root / labels.WORKBOOK_FILE
    collect(workbook, [root / labels.INBOX_DIR])
    ledger = root / "luu-tru" / "so-nhan.sqlite"
    for point in (0.2, 0.5, 0.8):
        proc = thidua("rebuild", workbook)
        time.sleep(point)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        assert content(ledger) == reference
    thidua("rebuild", workbook).communicate(timeout=120)
    assert content(ledger) == reference


def test_a_failing_disk_stops_the_run_and_changes_nothing(template, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from thidua.cli import cli

    root = fresh(template, tmp_path / "kh")
    workbook = root / labels.WORKBOOK_FILE
    real_replace = os.replace

    def full_disk(src, dst):
        if "luu-tru" in str(dst):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", full_disk)
    result = CliRunner().invoke(cli, ["collect", str(workbook)])
    assert result.exit_code == 2 and "No space left on device" in result.output
    ledger = root / "luu-tru" / "so-nhan.sqlite"
    assert not ledger.exists() or len(file_rows(ledger)) == 0
    monkeypatch.setattr(os, "replace", real_replace)
    assert CliRunner().invoke(cli, ["collect", str(workbook)]).exit_code == 1
    assert len(file_rows(ledger)) == 18


def test_a_new_ledger_appears_whole_or_not_at_all(tmp_path, monkeypatch):
    from thidua.core import errors
    from thidua.store import ledger
    from thidua.store.archive import Archive

    path = tmp_path / "luu-tru" / "so-nhan.sqlite"
    # the schema script fails after its first statements
    monkeypatch.setattr(ledger, "SCHEMA", ledger.SCHEMA + "not a statement (;")
    with pytest.raises(errors.CannotWrite):
        ledger.Ledger.open(path)
    assert list(path.parent.iterdir()) == []  # neither a half-made ledger nor its draft
    monkeypatch.undo()
    # a draft a killed run left behind is cleaned, and the ledger is made whole
    (path.parent / ".so-nhan.sqlite.999999999.tmp").write_bytes(b"SQLite format 3\0")
    Archive(path.parent).clean_stale()
    with ledger.Ledger.open(path) as opened:
        tables = opened.table_names()
    assert {"files", "results", "file_issues", "meta"} <= tables
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_drafts_of_killed_runs_are_removed_and_a_live_runs_are_kept(tmp_path):
    from thidua.store import files as fileio

    folder = tmp_path / "bao-cao"
    folder.mkdir()
    dead = folder / ".tong-hop.xlsx.999999999.tmp"
    live = folder / f".tong-hop-2.xlsx.{os.getpid()}.tmp"  # this run's draft of another file
    for draft in (dead, live):
        draft.write_bytes(b"PK")
    with fileio.atomic_path(folder / "tong-hop.xlsx") as tmp:
        tmp.write_bytes(b"done")
    assert sorted(p.name for p in folder.iterdir()) == sorted([live.name, "tong-hop.xlsx"])


def test_a_killed_rebuild_leaves_nothing_for_the_next_one(tmp_path):
    from thidua.store.archive import Archive

    root = tmp_path / "luu-tru"
    root.mkdir()
    leftovers = [root / f".so-nhan.sqlite.999999999.rebuild{s}" for s in ("", "-wal", "-shm")]
    for path in leftovers:
        path.write_bytes(b"x")
    Archive(root).clean_stale()
    assert list(root.iterdir()) == []


def test_two_collects_at_once_both_complete_and_record_every_file_once(template, tmp_path):
    root = fresh(template, tmp_path / "kh")
    workbook = root / labels.WORKBOOK_FILE
    inbox = root / labels.INBOX_DIR
    names = sorted(p.name for p in inbox.iterdir())
    half_a, half_b = root / "a", root / "b"
    half_a.mkdir()
    half_b.mkdir()
    for i, name in enumerate(names):  # overlapping halves: the middle goes to both
        for half in ((half_a,) if i < 7 else (half_b,) if i > 11 else (half_a, half_b)):
            shutil.copy(inbox / name, half / name)
    first, second = thidua("collect", workbook, half_a), thidua("collect", workbook, half_b)
    for proc in (first, second):
        proc.communicate(timeout=180)
        assert proc.returncode in (0, 1)
    shas = [f["sha256"] for f in file_rows(root / "luu-tru" / "so-nhan.sqlite")]
    distinct = {hashlib.sha256((inbox / n).read_bytes()).hexdigest() for n in names}
    assert sorted(shas) == sorted(distinct)


def _with_part(source: Path, target: Path, part: str, data: bytes) -> Path:
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w",
                                                         zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, data if item.filename == part else zin.read(item))
    return target


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;")
                                                 * 10) for i in range(1, 10))
          + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c>'
          b'<c r="B1"><f>1+1</f></c></row></sheetData></worksheet>')
XXE = (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
       b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
       b'<fonts><font><name val=".VnTime"/></font><font><name val="&xxe;"/></font></fonts>'
       b'</styleSheet>')


@pytest.mark.parametrize(("name", "part", "data"), [
    ("billion-laughs", "xl/worksheets/sheet1.xml", LAUGHS),
    ("external-entity", "xl/styles.xml", XXE),
])
def test_hostile_xml_is_refused_quickly_and_the_batch_goes_on(template, tmp_path, name, part,
                                                              data):
    root = fresh(template, tmp_path / "kh")
    workbook = root / labels.WORKBOOK_FILE
    good = root / labels.INBOX_DIR / "cct.xlsx"
    hostile = _with_part(good, tmp_path / f"{name}.xlsx", part, data)
    t0 = time.perf_counter()
    result = collect(workbook, [hostile, root / labels.INBOX_DIR / "bhxh-so-kieu-chu.xlsx"])
    assert time.perf_counter() - t0 < 30
    statuses = {f.name: f.status for f in result.files}
    assert statuses[f"{name}.xlsx"] == "rejected"
    assert statuses["bhxh-so-kieu-chu.xlsx"] == "accepted"
    assert "root:" not in " ".join(i.message for i in result.issues)

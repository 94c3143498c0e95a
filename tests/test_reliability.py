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
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from thidua.collect import collect
from thidua.core import labels

from returns_kit import file_rows, ledger_dump

ATTEMPTS = 5  # runs that may pass a short stage between two looks before one is caught


@pytest.fixture(scope="module")
def template(returns_folder_template):
    """A working folder with forms and the 19 sample returns, copied for every run."""
    return returns_folder_template.ws.root


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


def _names(folder: Path) -> list[str]:
    try:
        return os.listdir(folder)
    except OSError:
        return []


def _stopped(proc: subprocess.Popen) -> bool:
    """Stop the child (SIGSTOP) and wait until it is stopped: True; False when it had
    exited instead (its exit status is then kept in proc.returncode)."""
    os.kill(proc.pid, signal.SIGSTOP)
    _pid, status = os.waitpid(proc.pid, os.WUNTRACED)
    if os.WIFSTOPPED(status):
        return True
    proc.returncode = os.waitstatus_to_exitcode(status)
    return False


def kill_in_stage(proc: subprocess.Popen, stage: Callable[[], bool],
                  timeout: float = 120) -> bytes | None:
    """Let the child run in short steps, freezing it between them, until stage() holds
    while it is frozen; SIGKILL it there and return what it had printed. None when the
    run ended (or passed the stage between two looks) without the stage being seen.

    Looking only while the child is stopped makes the check exact: the kill lands in the
    very state that was seen, never after the run moved on or ended."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None or not _stopped(proc):
            proc.communicate(timeout=60)
            return None
        if stage():
            proc.send_signal(signal.SIGKILL)
            out, _err = proc.communicate(timeout=60)
            assert proc.returncode == -signal.SIGKILL, proc.returncode
            return out
        os.kill(proc.pid, signal.SIGCONT)
        time.sleep(0.0005)
    proc.kill()
    proc.communicate(timeout=60)
    raise AssertionError("the run neither ended nor reached the stage in time")


def killed_in_stage(start: Callable[[int], tuple[subprocess.Popen, Path]],
                    stage: Callable[[Path], bool]) -> Path:
    """Run start(attempt) -> (process, folder) until one run is killed inside the stage;
    returns that run's folder. Fails when no attempt reached it."""
    for attempt in range(ATTEMPTS):
        proc, root = start(attempt)
        out = kill_in_stage(proc, lambda root=root: stage(root))
        if out is not None:
            assert out == b"", f"the killed run had already printed its summary: {out!r}"
            return root
    raise AssertionError(f"no run was caught in the stage in {ATTEMPTS} attempts")


def _archive_names(root: Path) -> list[str]:
    return _names(root / "luu-tru" / "tep")


def _staged(root: Path) -> bool:
    return any(n.startswith(".") and n.endswith(".tmp") for n in _archive_names(root))


def _ledger_names(root: Path) -> list[str]:
    return _names(root / "luu-tru")


#: Where a collect of the 19 sample returns is killed, each a state of its folder that
#: exists only while the run is writing (names as Archive and the ledger make them).
COLLECT_STAGES = {
    # received files written under temporary names, no ledger yet
    "staging-received-files": lambda root: _staged(root) and not any(
        "sqlite" in n for n in _ledger_names(root)),
    # the new ledger being created under its temporary name
    "creating-the-ledger": lambda root: any(
        n.startswith(".so-nhan.sqlite.") and n.endswith(".tmp") for n in _ledger_names(root)),
    # ledger open (its WAL exists), received files still temporary: reading and checking
    "reading-with-the-ledger-open": lambda root: _staged(root) and "so-nhan.sqlite-wal" in
    _ledger_names(root),
    # received files renamed into the archive and their receipts written, ledger still
    # open: the batch's transaction is being written (or just committed, not yet closed)
    "writing-the-ledger": lambda root: not _staged(root) and any(
        n.endswith(".jsonl") for n in _archive_names(root)) and "so-nhan.sqlite-wal" in
    _ledger_names(root),
}


@pytest.fixture(scope="module")
def uninterrupted(template, tmp_path_factory):
    root = fresh(template, tmp_path_factory.mktemp("ref") / "kh")
    done = thidua("collect", root / labels.WORKBOOK_FILE)
    done.communicate(timeout=120)
    assert done.returncode == 1  # the sample holds rejected and flagged returns
    return content(root / "luu-tru" / "so-nhan.sqlite")


@pytest.mark.parametrize("stage", list(COLLECT_STAGES))
def test_collect_killed_while_writing_loses_nothing_and_completes_on_rerun(
        template, uninterrupted, tmp_path, stage):
    reference = uninterrupted
    before = (template / labels.WORKBOOK_FILE).read_bytes()

    def start(attempt):
        root = fresh(template, tmp_path / f"kh{attempt}")
        return thidua("collect", root / labels.WORKBOOK_FILE), root

    root = killed_in_stage(start, COLLECT_STAGES[stage])
    workbook = root / labels.WORKBOOK_FILE
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


def _report_drafts(root: Path) -> list[Path]:
    folder = root / "bao-cao"
    return [folder / n for n in _names(folder) if n.startswith(".") and n.endswith(".tmp")]


def _draft_size(root: Path) -> int:
    try:
        return max((p.stat().st_size for p in _report_drafts(root)), default=-1)
    except OSError:
        return -1


REPORT_STAGES = {
    "draft-created": lambda root: _draft_size(root) == 0,
    "draft-partly-written": lambda root: _draft_size(root) > 0,
}


@pytest.mark.parametrize("stage", list(REPORT_STAGES))
def test_report_killed_while_writing_never_leaves_a_partial_report(collected_folder_template,
                                                                   tmp_path, stage):
    target_name = "tong-hop-111-KH-UBND-10-05-2024.xlsx"

    def start(attempt):
        root = collected_folder_template.copy(tmp_path / f"kh{attempt}").ws.root
        return thidua("report", root / labels.WORKBOOK_FILE, "--as-of", "10/05/2024"), root

    root = killed_in_stage(start, REPORT_STAGES[stage])
    workbook = root / labels.WORKBOOK_FILE
    target = root / "bao-cao" / target_name
    assert not target.exists()  # killed before its draft was complete and renamed
    assert _report_drafts(root)  # the killed run's draft is still there
    again = thidua("report", workbook, "--as-of", "10/05/2024")
    again.communicate(timeout=120)
    assert openpyxl.load_workbook(target).sheetnames[0] == labels.SHEET_SUMMARY
    # the killed run's draft is gone once the next report is written
    assert [p.name for p in target.parent.iterdir() if p.suffix == ".tmp"] == []


REBUILD_STAGES = {
    # the fresh ledger's schema being written under its temporary name
    "creating-the-fresh-ledger": lambda root: any(
        ".rebuild." in n and n.endswith(".tmp") for n in _ledger_names(root)),
    # the fresh ledger being filled beside the old one
    "filling-the-fresh-ledger": lambda root: any(
        n.endswith(".rebuild-wal") for n in _ledger_names(root)),
}


@pytest.mark.parametrize("stage", list(REBUILD_STAGES))
def test_rebuild_killed_while_writing_keeps_a_whole_ledger(collected_folder_template,
                                                           uninterrupted, tmp_path, stage):
    reference = uninterrupted

    def start(attempt):
        root = collected_folder_template.copy(tmp_path / f"kh{attempt}").ws.root
        return thidua("rebuild", root / labels.WORKBOOK_FILE), root

    root = killed_in_stage(start, REBUILD_STAGES[stage])
    ledger = root / "luu-tru" / "so-nhan.sqlite"
    assert content(ledger) == reference
    again = thidua("rebuild", root / labels.WORKBOOK_FILE)
    again.communicate(timeout=120)
    assert again.returncode == 1  # the archive holds rejected returns
    assert content(ledger) == reference
    assert [n for n in _ledger_names(root) if ".rebuild" in n] == []


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

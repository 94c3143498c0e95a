"""The recovery paths lose nothing: rebuild keeps the frozen rounds, checks the archive
before it replaces a ledger and excludes a concurrent collect; returns judged against an
earlier plan are judged again; a damaged or missing ledger is said with what repairs it;
a read-only archive can still be reported on. Every case is built here from the sample."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from thidua.cli import cli
from thidua.collect import collect
from thidua.core import errors, labels
from thidua.store.archive import Archive
from thidua.store.ledger import Ledger
from thidua.write.forms import HEADER_FIRST_ROW
from thidua.write.sample_returns import fill_form, make_sample_returns

from factories import UNITS, set_cell
from returns_kit import Folder, file_rows, ledger_dump

AS_OF = dt.date(2024, 5, 10)


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def thidua(*args: object) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "thidua", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def said_it_waits(proc: subprocess.Popen, limit: float = 60.0) -> bytes:
    """What proc wrote on stderr up to the line saying it waits for the other run (a run
    that never says so, or ends first, fails the test instead of hanging it)."""
    import selectors

    seen = b""
    deadline = time.monotonic() + limit
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stderr, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not sel.select(timeout=deadline - time.monotonic()):
                break
            line = proc.stderr.readline()
            if not line:
                break
            seen += line
            if "đang chờ".encode() in line:
                return seen
    raise AssertionError(f"no waiting message: {seen.decode(errors='replace')}")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """The sample folder with its 19 returns collected (copied for every test)."""
    folder = Folder(tmp_path_factory.mktemp("rec") / "kh")
    make_sample_returns(folder.plan, folder.forms, folder.inbox)
    collect(folder.workbook, [folder.inbox])
    return folder.ws.root


@pytest.fixture
def kh(template, tmp_path) -> Path:
    root = tmp_path / "kh"
    shutil.copytree(template, root)
    return root


def paths(root: Path) -> tuple[Path, Path, Path]:
    """workbook, ledger, archive folder tep/"""
    return (root / labels.WORKBOOK_FILE, root / "luu-tru" / "so-nhan.sqlite",
            root / "luu-tru" / "tep")


def archived(tep: Path) -> list[Path]:
    return sorted(p for p in tep.iterdir() if p.suffix == ".xlsx")


def freeze(workbook: Path, day: str) -> None:
    result = run("report", workbook, "--as-of", day, "--chot",
                 "--out", workbook.parent / f"r-{day.replace('/', '-')}.xlsx")
    assert result.exit_code == 0, result.output


def rounds(ledger: Path) -> list[dict]:
    with Ledger.open_read_only(ledger) as opened:
        return opened.round_rows()


# -- 2. rebuild keeps the frozen rounds ---------------------------------------------------


def test_rebuild_keeps_the_frozen_rounds_and_the_change_column(kh):
    workbook, ledger, _ = paths(kh)
    freeze(workbook, "30/04/2024")
    freeze(workbook, "10/05/2024")
    before = rounds(ledger)
    assert len(before) == 2
    result = run("rebuild", workbook, "--json")
    assert result.exit_code in (0, 1), result.output  # the sample has flagged returns
    assert json.loads(result.output)["stats"]["rounds"] == 2
    assert rounds(ledger) == before
    with Ledger.open_read_only(ledger) as opened:
        assert opened.previous_round(AS_OF)  # the change column has its base
        assert len(opened.round_trend(AS_OF)) == 2


def test_the_rounds_outlive_a_lost_ledger(kh):
    workbook, ledger, _ = paths(kh)
    freeze(workbook, "10/05/2024")
    before = rounds(ledger)
    ledger.unlink()
    assert run("rebuild", workbook).exit_code in (0, 1)
    assert rounds(ledger) == before


def test_rounds_frozen_before_the_archive_kept_them_are_kept_there_by_rebuild(kh):
    workbook, ledger, tep = paths(kh)
    with Ledger.open(ledger) as opened:  # as an earlier version froze it: ledger only
        opened.freeze_round(AS_OF, {"pct": 50.0, "top_achieved": 1, "top_total": 2},
                            [("1", 50.0, "doing")], "old.xlsx")
    assert not list(tep.glob("chot-*.jsonl"))
    before = rounds(ledger)
    assert run("rebuild", workbook).exit_code in (0, 1)
    assert rounds(ledger) == before
    assert len(Archive.beside(workbook).rounds()) == 1
    ledger.unlink()  # now even a lost ledger keeps it
    assert run("rebuild", workbook).exit_code in (0, 1)
    assert rounds(ledger) == before


# -- 3. rebuild trusts nothing it has not checked -----------------------------------------


def _rebuild_refused(workbook: Path, ledger: Path, name: str) -> None:
    before = ledger.read_bytes()
    result = run("rebuild", workbook)
    assert result.exit_code == 2, result.output
    assert name in result.output and "rebuild" in result.output
    assert ledger.read_bytes() == before  # the good ledger is kept


def test_a_deleted_archive_copy_stops_rebuild_and_keeps_the_ledger(kh):
    workbook, ledger, tep = paths(kh)
    victim = archived(tep)[0]
    victim.unlink()
    _rebuild_refused(workbook, ledger, victim.name)


def test_an_altered_archive_copy_is_not_read(kh):
    workbook, ledger, tep = paths(kh)
    victim = archived(tep)[1]
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF  # same size, other content
    victim.write_bytes(bytes(data))
    _rebuild_refused(workbook, ledger, victim.name)


def test_a_truncated_archive_copy_leaves_the_good_ledger_in_place(kh):
    workbook, ledger, tep = paths(kh)
    victim = archived(tep)[2]
    victim.write_bytes(victim.read_bytes()[:1000])
    _rebuild_refused(workbook, ledger, victim.name)


def test_collecting_the_original_again_restores_a_missing_archive_copy(kh):
    workbook, ledger, tep = paths(kh)
    inbox = kh / labels.INBOX_DIR
    victim = archived(tep)[0]
    original = next(p for p in inbox.iterdir()
                    if p.read_bytes() and __import__("hashlib").sha256(
                        p.read_bytes()).hexdigest() == victim.stem)
    victim.unlink()
    result = run("collect", workbook, original, "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert out["files"][0]["status"] == "duplicate"
    assert out["stats"]["restored"] == 1
    assert victim.read_bytes() == original.read_bytes()
    before = ledger_dump(ledger)
    assert run("rebuild", workbook).exit_code in (0, 1)
    assert ledger_dump(ledger)["results"] == before["results"]


def test_with_no_ledger_to_keep_rebuild_makes_what_it_can_and_names_what_is_lost(kh):
    workbook, ledger, tep = paths(kh)
    victim = archived(tep)[0]
    victim.unlink()
    ledger.unlink()
    result = run("rebuild", workbook, "--json")
    assert result.exit_code == 1, result.output
    out = json.loads(result.output)
    lost = [i for i in out["issues"] if i["code"] == "archive-file-missing"]
    assert len(lost) == 1 and victim.name in lost[0]["message"]
    assert len(file_rows(ledger)) == len(archived(tep))


# -- 4. rebuild and collect exclude each other --------------------------------------------


def _blank_form(root: Path, out: Path) -> Path:
    """A return not yet received: a unit's form sent back with one value."""
    form = next((root / labels.FORM_DIR).glob("*BHXH*.xlsx"))
    return fill_form(form, out / "bhxh-lan-9.xlsx",
                     {"data_date": dt.date(2024, 5, 12), "submission": 9},
                     {"15": {"result": 7000, "status": labels.STATUS_DOING}})


def test_a_rebuild_waits_while_another_run_holds_the_ledger(kh):
    workbook, ledger, _ = paths(kh)
    inode = ledger.stat().st_ino
    with Archive.beside(workbook).exclusive():  # as a collect does, for its whole run
        proc = thidua("rebuild", workbook)
        said_it_waits(proc)  # it said why it waits
        time.sleep(0.5)
        assert proc.poll() is None
        assert ledger.stat().st_ino == inode  # not replaced under the other run
    out, err = proc.communicate(timeout=120)
    assert proc.returncode in (0, 1), (out + err).decode()
    assert ledger.stat().st_ino != inode  # replaced once the other run was done


def test_a_collect_waits_while_another_run_holds_the_ledger(kh, tmp_path):
    workbook, ledger, _ = paths(kh)
    new = _blank_form(kh, tmp_path)
    archive = Archive.beside(workbook)
    with archive.exclusive():  # as a rebuild does, for its whole run
        proc = thidua("collect", workbook, new)
        said_it_waits(proc)  # it said why it waits
        time.sleep(0.5)
        assert proc.poll() is None  # waiting, not "accepted" into a ledger being replaced
    out, err = proc.communicate(timeout=120)
    assert proc.returncode in (0, 1), (out + err).decode()
    names = {f["name"] for f in file_rows(ledger)}
    assert new.name in names


def test_a_collect_started_during_a_rebuild_ends_up_in_the_final_ledger(kh, tmp_path):
    workbook, ledger, tep = paths(kh)
    new = _blank_form(kh, tmp_path)
    rebuilding = thidua("rebuild", workbook)
    time.sleep(1.0)  # the rebuild holds the lock and reads the archive
    collecting = thidua("collect", workbook, new)
    for proc in (rebuilding, collecting):
        out, err = proc.communicate(timeout=240)
        assert proc.returncode in (0, 1), (out + err).decode()
    names = {f["name"] for f in file_rows(ledger)}
    assert new.name in names
    assert len(names) == len(archived(tep))


# -- 10. a return judged against an earlier plan is judged again --------------------------


def _unknown_name_return(root: Path, out: Path) -> Path:
    form = next((root / labels.FORM_DIR).glob("*BHXH*.xlsx"))

    def edit(book):
        del book[labels.FORM_IDENTITY_SHEET]
        book[labels.FORM_SHEET].cell(HEADER_FIRST_ROW, 3).value = "BH Xã Hội Vùng Ba"
    return fill_form(form, out / "bhxh-ten-la.xlsx",
                     {"data_date": dt.date(2024, 5, 12), "submission": 3},
                     {"15": {"result": 7100, "status": labels.STATUS_DOING}}, edit)


def test_a_return_rejected_for_an_unknown_name_is_accepted_once_the_alias_is_added(kh, tmp_path):
    workbook, ledger, _ = paths(kh)
    ret = _unknown_name_return(kh, tmp_path)
    first = json.loads(run("collect", workbook, ret, "--json").output)
    assert first["files"][0]["status"] == "rejected"
    book = openpyxl.load_workbook(workbook)
    set_cell(book[UNITS], "BHXH", "Tên gọi khác", "BHXH huyện; BH Xã Hội Vùng Ba")
    book.save(workbook)
    again = run("collect", workbook, ret, "--json")
    out = json.loads(again.output)
    assert out["files"][0]["status"] == "duplicate"
    assert out["stats"]["rejudged"] >= 1
    judged = {f["file"]: f for f in out["rejudged"]}
    assert judged[ret.name]["status"] in ("accepted", "flagged")
    assert judged[ret.name]["unit"] == "BHXH"
    status = {f["name"]: f["status"] for f in file_rows(ledger)}
    assert status[ret.name] in ("accepted", "flagged")
    said = run("collect", workbook, ret)  # nothing changed since: nothing judged again
    assert "xét lại" not in said.output


def test_the_summary_says_what_was_judged_again(kh, tmp_path):
    workbook, _, _ = paths(kh)
    ret = _unknown_name_return(kh, tmp_path)
    run("collect", workbook, ret)
    book = openpyxl.load_workbook(workbook)
    set_cell(book[UNITS], "BHXH", "Tên gọi khác", "BHXH huyện; BH Xã Hội Vùng Ba")
    book.save(workbook)
    said = run("collect", workbook, ret).output
    assert "xét lại" in said and ret.name in said


def test_a_return_whose_copy_is_lost_is_judged_again_once_the_original_comes_back(
        kh, tmp_path):
    workbook, ledger, tep = paths(kh)
    ret = _unknown_name_return(kh, tmp_path)
    run("collect", workbook, ret)
    copy = next(p for p in archived(tep) if p.read_bytes() == ret.read_bytes())
    copy.unlink()
    book = openpyxl.load_workbook(workbook)
    set_cell(book[UNITS], "BHXH", "Tên gọi khác", "BHXH huyện; BH Xã Hội Vùng Ba")
    book.save(workbook)
    other = _blank_form(kh, tmp_path)
    out = json.loads(run("collect", workbook, other, "--json").output)
    lost = [i for i in out["issues"] if i["code"] == "rejudge-copy-lost"]
    assert [i["file"] for i in lost] == [ret.name]
    out = json.loads(run("collect", workbook, ret, "--json").output)
    judged = {f["file"]: f for f in out["rejudged"]}[ret.name]
    assert judged["unit"] == "BHXH"  # counted, and older than BHXH's 9th return
    assert judged["status"] in ("accepted", "flagged", "superseded")
    assert copy.read_bytes() == ret.read_bytes()
    assert {f["name"]: f["unit_code"] for f in file_rows(ledger)}[ret.name] == "BHXH"


def test_an_earlier_return_counts_again_when_the_one_that_superseded_it_is_judged_out(
        kh, tmp_path):
    workbook, ledger, _ = paths(kh)
    form = next((kh / labels.FORM_DIR).glob("*BHXH*.xlsx"))

    def near_name(book):
        del book[labels.FORM_IDENTITY_SHEET]
        book[labels.FORM_SHEET].cell(HEADER_FIRST_ROW, 3).value = "Bảo hiểm xã hội huyệnn"
    ret = fill_form(form, tmp_path / "bhxh-gan-dung.xlsx",
                    {"data_date": dt.date(2024, 5, 20), "submission": 5},
                    {"15": {"result": 7200, "status": labels.STATUS_DOING}}, near_name)
    out = json.loads(run("collect", workbook, ret, "--json").output)
    assert out["files"][0]["status"] == "flagged" and out["files"][0]["unit"] == "BHXH"
    assert all(f["status"] == "superseded" for f in file_rows(ledger)
               if f["unit_code"] == "BHXH" and f["name"] != ret.name)
    book = openpyxl.load_workbook(workbook)  # the name is now another unit's alias
    set_cell(book[UNITS], "TCKH", "Tên gọi khác", "Phòng TC-KH; Bảo hiểm xã hội huyệnn")
    book.save(workbook)
    out = json.loads(run("collect", workbook, "--json").output)  # the inbox: duplicates
    assert {f["file"]: f["unit"] for f in out["rejudged"]}[ret.name] == "TCKH"
    after = {f["name"]: f["status"] for f in file_rows(ledger) if f["unit_code"] == "BHXH"}
    assert ret.name not in after
    assert sum(s in ("accepted", "flagged") for s in after.values()) == 1  # counts again
    assert {s for n, s in after.items()} <= {"accepted", "flagged", "superseded"}
    assert "BHXH" not in {u["code"] for u in out["missing_units"]}


def test_results_of_a_task_no_longer_in_the_plan_are_left_out_and_said(kh):
    workbook, _, _ = paths(kh)
    book = openpyxl.load_workbook(workbook)
    sheet = book[labels.SHEET_TASKS]
    row = next(r for r in range(2, sheet.max_row + 1) if str(sheet.cell(r, 1).value) == "15")
    sheet.delete_rows(row)
    book.save(workbook)
    result = run("report", workbook, "--as-of", "10/05/2024", "--json",
                 "--out", kh / "r.xlsx")
    out = json.loads(result.output)
    assert result.exit_code == 1, result.output
    assert any("không còn trong kế hoạch" in w for w in out["warnings"])


# -- 11. ledger trouble is said with what repairs it --------------------------------------


def _damage_garbage(ledger: Path) -> None:
    ledger.write_bytes(b"this is not a ledger at all " * 100)


def _damage_empty(ledger: Path) -> None:
    ledger.write_bytes(b"")


def _damage_dropped_table(ledger: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(ledger)
    conn.execute("DROP TABLE results")
    conn.commit()
    conn.close()


def _damage_pages(ledger: Path) -> None:
    data = bytearray(ledger.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for start in range(page, len(data), page):  # every page after the first: garbage
        data[start:start + 64] = b"\xa5" * 64
    ledger.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_damage_garbage, _damage_empty, _damage_dropped_table,
                                    _damage_pages])
@pytest.mark.parametrize("command", ["report", "collect"])
def test_a_damaged_ledger_names_rebuild_and_rebuild_repairs_it(kh, damage, command):
    workbook, ledger, _ = paths(kh)
    for suffix in ("-wal", "-shm"):
        Path(f"{ledger}{suffix}").unlink(missing_ok=True)
    damage(ledger)
    args = ["--out", kh / "r.xlsx"] if command == "report" else []
    result = run(command, workbook, *args)
    assert result.exit_code == 2, result.output
    assert f"thidua rebuild {workbook}" in result.output, result.output
    assert "ngoài dự kiến" not in result.output and "quyền ghi" not in result.output
    assert run("rebuild", workbook).exit_code in (0, 1)
    assert run("report", workbook, "--as-of", "10/05/2024", "--out", kh / "r.xlsx"
               ).exit_code == 0


def test_a_damaged_ledger_without_an_archive_says_to_collect_again(kh):
    workbook, ledger, _ = paths(kh)
    shutil.rmtree(kh / "luu-tru" / "tep")
    _damage_garbage(ledger)
    result = run("report", workbook, "--out", kh / "r.xlsx")
    assert result.exit_code == 2
    assert "thidua collect" in result.output and "ngoài dự kiến" not in result.output


@pytest.mark.parametrize("command", ["report", "collect"])
def test_a_deleted_ledger_with_the_archive_present_names_rebuild(kh, command):
    workbook, ledger, _ = paths(kh)
    ledger.unlink()
    args = ["--out", kh / "r.xlsx"] if command == "report" else []
    result = run(command, workbook, *args)
    assert result.exit_code == 2, result.output
    assert f"thidua rebuild {workbook}" in result.output
    assert not ledger.exists()  # no empty ledger that says nothing was ever received


def test_a_damaged_ledger_error_is_a_stop_error():
    assert issubclass(errors.LedgerDamaged, errors.ThiduaError)


@contextlib.contextmanager
def read_only(*folders: Path):
    """Folders nobody can write, root included (the immutable attribute where we run as
    root, permissions elsewhere)."""
    if os.geteuid() == 0:
        if not shutil.which("chattr"):
            pytest.skip("running as root without chattr: cannot make a folder read-only")
        done = []
        try:
            for folder in folders:
                if subprocess.run(["chattr", "+i", str(folder)]).returncode != 0:
                    pytest.skip("this file system has no immutable attribute")
                done.append(folder)
            yield
        finally:
            for folder in done:
                subprocess.run(["chattr", "-i", str(folder)])
        return
    modes = [(f, f.stat().st_mode) for f in folders]
    try:
        for folder in folders:
            folder.chmod(0o555)
        yield
    finally:
        for folder, mode in modes:
            folder.chmod(mode)


def test_report_and_a_dry_run_work_on_a_read_only_archive(kh, tmp_path):
    workbook, ledger, tep = paths(kh)
    freeze(workbook, "30/04/2024")
    new = _blank_form(kh, tmp_path)
    before = ledger.read_bytes()
    with read_only(kh / "luu-tru", tep):
        report = run("report", workbook, "--as-of", "10/05/2024", "--out", tmp_path / "r.xlsx")
        assert report.exit_code == 0, report.output
        dry = run("collect", workbook, new, "--dry-run", "--json")
        assert dry.exit_code in (0, 1), dry.output
        assert json.loads(dry.output)["stats"]["received"] == 1
    assert ledger.read_bytes() == before


def test_a_share_that_refuses_locks_does_not_stop_a_run(tmp_path, monkeypatch):
    import errno
    import fcntl

    def refuse(fd, op):
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", refuse)
    entered = False
    with Archive(tmp_path / "luu-tru").exclusive():
        entered = True
    assert entered

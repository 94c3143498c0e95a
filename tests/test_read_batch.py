"""Returns are extracted in input order, each as extract() reads it alone: by worker
processes and the main process together; a worker that raises stops the run with its
traceback, and one that dies leaves its share to the main process; a file that needs
the isolated reader is read in a child process whoever claimed it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from thidua.read import batch as batchread
from thidua.read.batch import BatchReader, WorkerFailed
from thidua.read.inbox import Received
from thidua.read.returns import extract, sha256

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "bao-cao"
MAIN_PID = os.getpid()


@pytest.fixture
def items(monkeypatch):
    """The sample returns three times over, read in parallel from 8 files on."""
    monkeypatch.setattr(batchread, "PARALLEL_FROM", 8)
    monkeypatch.setattr(batchread, "CHUNK", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    files = sorted(p for p in SAMPLES.iterdir() if p.suffix == ".xlsx"
                   and batchread.bounded_in_process(p.read_bytes())) * 3
    received = [Received(f"{i}-{p.name}", p.read_bytes(), p.suffix, str(p))
                for i, p in enumerate(files)]
    return [(item, sha256(item.data)) for item in received]


def summary(ret) -> tuple:
    return (ret.name, ret.rejected, ret.data_date, ret.sheet,
            [i.code for i in ret.issues], ret.table.rows if ret.table else None)


def test_every_return_comes_back_in_input_order():
    files = sorted(p for p in SAMPLES.iterdir() if p.suffix == ".xlsx") * 2
    assert len(files) > 2
    received = [Received(f"{i}-{p.name}", p.read_bytes(), p.suffix, str(p))
                for i, p in enumerate(files)]
    items = [(item, sha256(item.data)) for item in received]
    with BatchReader(items) as reader:
        got = [summary(r) for r in reader]
    assert got == [summary(extract(item, digest)) for item, digest in items]


def _received(name: str, data: bytes) -> tuple[Received, str]:
    return Received(name, data, Path(name).suffix, name), sha256(data)


def test_a_reader_that_kills_its_process_rejects_only_that_file(monkeypatch):
    """Formats that cannot be measured before reading (.xls, .ods, .xlsb) are read in a
    child process: a reader that aborts (as python-calamine does when an allocation
    fails) rejects its file, and the next files are read."""
    import os

    from thidua.read import batch

    def aborting(item, digest):
        if item.name == "chet.xls":
            import faulthandler

            faulthandler.disable()  # pytest's dump of the aborting child would fill the log
            os.abort()
        return extract(item, digest)

    monkeypatch.setattr(batch, "extract", aborting)
    good = next(p for p in sorted(SAMPLES.iterdir()) if p.suffix == ".xlsx")
    items = [_received("chet.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600),
             _received("sau.ods", b"PK\x03\x04 not really"),
             _received(good.name, good.read_bytes())]
    with BatchReader(items) as reader:
        got = list(reader)
    assert [r.name for r in got] == ["chet.xls", "sau.ods", good.name]
    assert got[0].rejected and [i.code for i in got[0].issues] == ["reader-crashed"]
    assert got[1].rejected and got[1].issues[0].code == "unreadable-file"
    assert not got[2].rejected


def test_a_reader_that_runs_out_of_memory_rejects_only_that_file(monkeypatch):
    from thidua.read import batch

    def greedy(item, digest):
        if item.name == "lon.xls":
            return bytearray(8 * 2**30)  # beyond the child's address-space limit
        return extract(item, digest)

    monkeypatch.setattr(batch, "extract", greedy)
    items = [_received("lon.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)]
    with BatchReader(items) as reader:
        (got,) = list(reader)
    assert got.rejected and [i.code for i in got.issues] == ["reader-crashed"]
    assert "MemoryError" in got.issues[0].message


def test_only_ooxml_workbooks_are_read_in_process():
    from thidua.read.batch import bounded_in_process

    good = next(p for p in sorted(SAMPLES.iterdir()) if p.suffix == ".xlsx")
    assert bounded_in_process(good.read_bytes())
    assert not bounded_in_process(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # .xls
    assert not bounded_in_process(b"PK\x03\x04 ... content.xml ...")  # .ods
    assert bounded_in_process(b"plain text")  # no reader opens it: refused in process


def test_a_killed_run_leaves_no_reader_behind(tmp_path):
    """A run killed while a child reader waits for work: the child ends with it, and does
    not hold the run's output open (a caller waiting for the output would hang)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    script = (
        "import sys, time\n"
        "from thidua.read.batch import BatchReader\n"
        "from thidua.read.inbox import Received\n"
        "from thidua.read.returns import sha256\n"
        "data = b'\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1' + bytes(600)\n"
        "reader = BatchReader([(Received('a.xls', data, '.xls', 'a.xls'), sha256(data))])\n"
        "reader.__enter__()\n"
        "print([r.rejected for r in reader], flush=True)\n"
        "print(reader._pool._processes and list(reader._pool._processes), flush=True)\n"
        "time.sleep(60)\n")
    run = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
    assert run.stdout.readline().strip() == "[True]"
    (child,) = eval(run.stdout.readline())
    os.kill(run.pid, signal.SIGKILL)
    run.communicate(timeout=20)  # returns: no child holds the pipes open
    for _ in range(100):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        os.kill(child, signal.SIGKILL)
        raise AssertionError("the child reader outlived its run")


def test_workers_and_main_give_every_return_in_input_order(items):
    with BatchReader(items) as reader:
        assert len(reader.workers) == 2
        got = [summary(r) for r in reader]
    assert got == [summary(extract(item, digest)) for item, digest in items]


@pytest.mark.parametrize("cores, platform", [(1, "linux"), (4, "darwin"), (4, "win32")])
def test_without_cores_or_fork_safety_the_main_process_reads(items, monkeypatch, cores,
                                                            platform):
    monkeypatch.setattr(os, "cpu_count", lambda: cores)
    monkeypatch.setattr(sys, "platform", platform)
    with BatchReader(items) as reader:
        assert reader.workers == []
        assert [r.name for r in reader] == [item.name for item, _ in items]


def _fail_in_worker(item, digest):
    if os.getpid() != MAIN_PID:
        raise MemoryError("simulated")
    return extract(item, digest)


def _die_in_worker(item, digest):
    if os.getpid() != MAIN_PID:
        os._exit(9)
    return extract(item, digest)


def test_an_exception_in_a_worker_stops_the_run_with_its_traceback(items, monkeypatch):
    monkeypatch.setattr(batchread, "extract", _fail_in_worker)
    with pytest.raises(WorkerFailed, match="MemoryError: simulated"), \
            BatchReader(items) as reader:
        for _ret in reader:
            pass


def test_a_killed_worker_costs_time_not_returns(items, monkeypatch):
    monkeypatch.setattr(batchread, "extract", _die_in_worker)
    monkeypatch.setattr(batchread, "POLL_S", 0.05)
    with BatchReader(items) as reader:
        got = [summary(r) for r in reader]
    assert got == [summary(extract(item, digest)) for item, digest in items]


def test_workers_leave_files_that_need_isolation_to_a_child_reader(items, monkeypatch):
    """An .xls among many .xlsx: whoever claims it, it is read in a child process, so a
    reader that aborts on it rejects only that file."""
    def aborting(item, digest):
        if item.name == "chet.xls":
            import faulthandler

            faulthandler.disable()
            os.abort()
        return extract(item, digest)

    monkeypatch.setattr(batchread, "extract", aborting)
    bad = _received("chet.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    mixed = [*items[:5], bad, *items[5:]]
    with BatchReader(mixed) as reader:
        assert reader.workers
        got = list(reader)
    assert [r.name for r in got] == [item.name for item, _ in mixed]
    assert [i.code for i in got[5].issues] == ["reader-crashed"]
    others = [summary(r) for n, r in enumerate(got) if n != 5]
    assert others == [summary(extract(item, digest)) for item, digest in items]

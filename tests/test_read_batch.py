"""Returns are extracted in input order, each as extract() reads it alone."""

from __future__ import annotations

from pathlib import Path

from thidua.read.batch import BatchReader
from thidua.read.inbox import Received
from thidua.read.returns import extract, sha256

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "bao-cao"


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

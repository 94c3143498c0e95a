"""Returns are extracted by worker processes and the main process together, in input
order; a worker that raises stops the run with its traceback, and one that dies leaves
its share to the main process."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from thidua.read import parallel as batchread
from thidua.read.inbox import Received
from thidua.read.parallel import BatchReader, WorkerFailed
from thidua.read.returns import extract, sha256

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "bao-cao"
MAIN_PID = os.getpid()


@pytest.fixture
def items(monkeypatch):
    """The sample returns three times over, read in parallel from 8 files on."""
    monkeypatch.setattr(batchread, "PARALLEL_FROM", 8)
    monkeypatch.setattr(batchread, "CHUNK", 2)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    files = sorted(p for p in SAMPLES.iterdir() if p.suffix == ".xlsx") * 3
    received = [Received(f"{i}-{p.name}", p.read_bytes(), p.suffix, str(p))
                for i, p in enumerate(files)]
    return [(item, sha256(item.data)) for item in received]


def summary(ret) -> tuple:
    return (ret.name, ret.rejected, ret.data_date, ret.sheet,
            [i.code for i in ret.issues], ret.table.rows if ret.table else None)


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

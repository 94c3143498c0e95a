"""Returns are extracted in input order, each as extract() reads it alone."""

from __future__ import annotations

from pathlib import Path

from thidua.read.inbox import Received
from thidua.read.parallel import BatchReader
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

"""The benchmarks build their data through the same writers and ledger as the product: a
small run of each data builder keeps them working when a format changes (they are not
timed here)."""

from __future__ import annotations

import datetime as dt

from thidua.core import labels
from thidua.read.plan import read_plan
from thidua.report import build_report
from thidua.write.canonical import write_canonical


def test_the_report_benchmark_fills_a_ledger_a_report_can_read(tmp_path):
    """3 units × 40 tasks and a monthly task over 2024 (12 periods, each a task of its
    own), every unit a partner of every task (fill_ledger writes a row for each): the
    report at 20/05/2024 counts 3 × (40 + 12) = 156 results."""
    from benchmarks.report import fill_ledger, report_plan

    workbook = write_canonical(tmp_path / "kh" / labels.WORKBOOK_FILE, report_plan(3))
    fill_ledger(workbook, 3)
    plan, _ = read_plan(workbook)
    assert len(plan.tasks) == 40 + 1 + 12
    data = build_report(plan, workbook, dt.date(2024, 5, 20))
    assert len(data.results) == 3 * (40 + 12)


def test_the_consolidate_benchmark_writes_returns_collect_accepts(tmp_path):
    """3 units: three returns, each accepted."""
    from benchmarks.consolidate import generate
    from thidua.collect import collect

    workbook = generate(tmp_path, 3)
    result = collect(workbook, [workbook.parent / labels.INBOX_DIR])
    assert [f.status for f in result.files] == ["accepted"] * 3

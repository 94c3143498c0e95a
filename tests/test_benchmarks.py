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
    """3 units × 40 tasks, every unit a partner of every task (its fill_ledger writes
    partner rows): the report at 20/05/2024 counts 3 × 40 = 120 results."""
    from benchmarks.report import fill_ledger, plan_content

    workbook = write_canonical(tmp_path / "kh" / labels.WORKBOOK_FILE, plan_content(3))
    fill_ledger(workbook, 3)
    plan, _ = read_plan(workbook)
    data = build_report(plan, workbook, dt.date(2024, 5, 20))
    assert len(data.results) == 3 * 40


def test_the_consolidate_benchmark_writes_returns_collect_accepts(tmp_path):
    """3 units: three returns, each accepted."""
    from benchmarks.consolidate import generate
    from thidua.collect import collect

    workbook = generate(tmp_path, 3)
    result = collect(workbook, [workbook.parent / labels.INBOX_DIR])
    assert [f.status for f in result.files] == ["accepted"] * 3

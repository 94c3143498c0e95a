"""What a meeting report holds, computed from the plan and the ledger at report date R:
the evaluation, the lists (overdue, not reported, to explain), award and criticism
proposals, the change since the last frozen round. Pure data; write/report.py draws it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from thidua.core.assignments import assignments
from thidua.core.awards import not_reported, propose
from thidua.core.completion import Evaluation, evaluate
from thidua.core.issues import Report
from thidua.store.ledger import (
    Archive,
    connect,
    counted_results,
    memory_ledger,
    previous_round,
    round_trend,
)


@dataclass
class ReportData:
    plan: object
    as_of: dt.date
    evaluation: Evaluation
    results: pd.DataFrame
    receipts: pd.DataFrame
    previous: dict[str, float | None]
    trend: list[tuple[str, float | None]]
    awards: pd.DataFrame
    criticised: pd.DataFrame
    vertical: pd.DataFrame
    not_reported: pd.DataFrame
    report: Report = field(default_factory=Report)
    has_ledger: bool = True


def report_date(plan, as_of: dt.date | None) -> dt.date:
    """R: --as-of, else Ngày số liệu of the plan, else today."""
    if as_of is not None:
        return as_of
    data_date = plan.info.get("data_date")
    return data_date if isinstance(data_date, dt.date) else dt.date.today()


def build_report(plan, workbook: str | Path, as_of: dt.date | None = None) -> ReportData:
    """Everything the report shows, read-only: the ledger is opened, never changed."""
    r = report_date(plan, as_of)
    ledger = Archive.beside(workbook).ledger
    has_ledger = ledger.exists()
    conn = connect(ledger, create=False) if has_ledger else memory_ledger()
    try:
        results = counted_results(conn, r)
        receipts = pd.read_sql_query(
            "SELECT f.name, f.unit_code, f.status, f.data_date, f.submission, f.received_at, "
            "f.identified_by, (SELECT count(*) FROM file_issues i WHERE i.sha256 = f.sha256) "
            "AS issues FROM files f ORDER BY f.received_at, f.name", conn)
        previous = previous_round(conn, r)
        trend = round_trend(conn, r)
    finally:
        conn.close()
    table = assignments(plan)
    evaluation = evaluate(plan.tasks, table, results, r, plan.info.get("end"),
                          int(plan.info.get("warning_days") or 7))
    awards, criticised, vertical = propose(plan, evaluation)
    return ReportData(plan, r, evaluation, results, receipts, previous, trend, awards,
                      criticised, vertical, not_reported(plan, evaluation),
                      has_ledger=has_ledger)

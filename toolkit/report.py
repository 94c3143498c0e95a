"""What a meeting report holds, computed from the plan and the ledger at report date R:
the evaluation, the lists (overdue, not reported, to explain), award and criticism
proposals, the change since the last frozen round. Pure data; write/report.py draws it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from thidua.core import labels
from thidua.core.assignments import assignments
from thidua.core.awards import not_reported, propose
from thidua.core.completion import Evaluation, evaluate
from thidua.core.issues import Report
from thidua.core.latest import first_reported_done
from thidua.core.model import Plan, report_date
from thidua.core.parsing.dates import format_day
from thidua.store.archive import Archive, ledger_advice, must_have_ledger
from thidua.store.ledger import Ledger


@dataclass
class ReportData:
    plan: Plan
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
    #: Counted results left out: their task or unit is no longer in the plan.
    not_in_plan: int = 0


def _infer_completion_dates(ledger: Ledger, results: pd.DataFrame, as_of: dt.date,
                            plan: Plan) -> pd.DataFrame:
    """Add `inferred_on`: for a row reported done without Ngày hoàn thành, the data date of
    the first counted return of its unit that reported it done (DESIGN §4)."""
    done = (labels.STATUS_DONE, labels.STATUS_MET)
    results = results.copy()
    results["inferred_on"] = pd.Series([None] * len(results), index=results.index,
                                       dtype=object)
    if results.empty:
        return results
    undated = results["status"].isin(done) & results["completed_on"].isna()
    if not undated.any():
        return results
    start = plan.info.get("start")
    first = first_reported_done(ledger.file_rows(), ledger.result_rows(), as_of, done,
                                start if isinstance(start, dt.date) else None)
    for i in results.index[undated]:
        found = first.get((results.at[i, "unit"], results.at[i, "task"]))
        if found:
            results.at[i, "inferred_on"] = dt.date.fromisoformat(found)
    return results


def build_report(plan: Plan, workbook: str | Path, as_of: dt.date | None = None) -> ReportData:
    """Everything the report shows, read-only: the ledger is opened, never changed."""
    r = report_date(plan, as_of)
    archive = Archive.beside(workbook)
    ledger = archive.ledger
    with ledger_advice(workbook, archive):
        must_have_ledger(workbook, archive)
        has_ledger = ledger.exists()
        with Ledger.open_read_only(ledger) if has_ledger else Ledger.in_memory() as opened:
            results = _infer_completion_dates(opened, opened.counted_results(r), r, plan)
            receipts = opened.receipts()
            previous = opened.previous_round(r)
            trend = opened.round_trend(r)
    results, not_in_plan = current_results(results, plan)
    results = _say_rejected(results)
    table = assignments(plan)
    evaluation = evaluate(plan.tasks, table, results, r, plan.info.get("end"),
                          int(plan.info.get("warning_days") or 7))
    awards, criticised, vertical = propose(plan, evaluation)
    return ReportData(plan, r, evaluation, results, receipts, previous, trend, awards,
                      criticised, vertical,
                      _why_not_reported(not_reported(plan, evaluation), receipts, r),
                      has_ledger=has_ledger, not_in_plan=not_in_plan)


def _why_not_reported(missing: pd.DataFrame, receipts: pd.DataFrame,
                      as_of: dt.date) -> pd.DataFrame:
    """A note for a unit listed as not reported although a return of it is in the ledger:
    its data date (or, when blank, the day it was received) is after R, so it does not
    count yet — what collect said when it flagged the file."""
    from thidua.core.latest import COUNTED_AT_SOME_DATE

    missing = missing.copy()
    notes = {}
    cutoff = as_of.isoformat()
    counted = receipts[receipts["status"].isin(COUNTED_AT_SOME_DATE)] if len(receipts) else \
        receipts
    for rec in counted.itertuples(index=False):
        received = str(rec.received_at or "")
        if rec.data_date:
            if str(rec.data_date) > cutoff:
                notes.setdefault(rec.unit_code, labels.NOT_REPORTED_LATER.format(
                    file=rec.name, day=format_day(str(rec.data_date))))
        elif received[:10] > cutoff:
            notes.setdefault(rec.unit_code, labels.NOT_REPORTED_NO_DATE.format(
                file=rec.name, received=format_day(received[:10])))
    missing["note"] = [notes.get(u, "") for u in missing["unit"]]
    return missing


def _say_rejected(results: pd.DataFrame) -> pd.DataFrame:
    """A row of a unit's latest return rejected for a bad value shows, as its result, that
    it was rejected and where (evaluate counts nothing of it)."""
    if results.empty or "rejected" not in results.columns:
        return results
    rejected = results["rejected"].notna()
    if not rejected.any():
        return results
    results = results.copy()
    results.loc[rejected, "value_text"] = [
        labels.RESULT_REJECTED.format(cell=f"{sheet}!{cell}", file=file) for sheet, cell, file
        in zip(results.loc[rejected, "sheet"], results.loc[rejected, "cell"],
               results.loc[rejected, "file"], strict=True)]
    return results


def current_results(results: pd.DataFrame, plan: Plan) -> tuple[pd.DataFrame, int]:
    """The results whose task and unit are in the plan as it is now, and how many were
    left out (a task or unit removed since the return was judged is not shown as current)."""
    if results.empty:
        return results, 0
    keep = results["task"].isin(set(plan.tasks["code"])) & results["unit"].isin(
        set(plan.units["code"]))
    dropped = int((~keep).sum())
    return (results[keep].reset_index(drop=True) if dropped else results), dropped

"""What a meeting report holds, computed from the plan and the ledger at report date R:
the evaluation, the lists (overdue, not reported, to explain), award and criticism
proposals, the change since the last frozen round. Pure data; write/report.py draws it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from thidua.core import labels
from thidua.core.assignments import LEAD, assignments
from thidua.core.completion import MISSED_BUCKETS, Evaluation, evaluate
from thidua.core.issues import Report
from thidua.core.parsing.text import match_key
from thidua.store.archive import Archive
from thidua.store.ledger import Ledger


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
    with Ledger.open_read_only(ledger) if has_ledger else Ledger.in_memory() as opened:
        results = opened.counted_results(r)
        receipts = opened.receipts()
        previous = opened.previous_round(r)
        trend = opened.round_trend(r)
    table = assignments(plan)
    evaluation = evaluate(plan.tasks, table, results, r, plan.info.get("end"),
                          int(plan.info.get("warning_days") or 7))
    awards, criticised, vertical = _awards(plan, evaluation)
    return ReportData(plan, r, evaluation, results, receipts, previous, trend, awards,
                      criticised, vertical, _not_reported(plan, evaluation),
                      has_ledger=has_ledger)


def _units(plan) -> pd.DataFrame:
    return plan.units.set_index("code", drop=False)


def _awards(plan, ev: Evaluation) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Default rules of DESIGN §6, thresholds from Kế hoạch."""
    units = _units(plan)
    min_tasks = int(plan.info.get("award_min_tasks") or 1)
    min_rate = float(plan.info.get("award_min_on_time") or 100)
    causes = [match_key(c) for c in str(plan.info.get("criticise_causes") or "").split(";")
              if c.strip()]
    vertical_kind = match_key(labels.UNIT_KIND_VERTICAL)
    awards = []
    for u in ev.units.itertuples():
        if u.led >= min_tasks and u.led and 100 * u.on_time / u.led >= min_rate - 1e-9:
            awards.append((u.unit, units.at[u.unit, "name"], u.led, u.on_time,
                           100 * u.on_time / u.led))
    missed = ev.rows[(ev.rows["role"] == LEAD) & ev.rows["bucket"].isin(MISSED_BUCKETS)]
    criticised, vertical = [], []
    content = dict(zip(plan.tasks["code"], plan.tasks["content"], strict=True))
    for row in missed.itertuples():
        kind = match_key(units.at[row.unit, "kind"]) if row.unit in units.index else ""
        record = (row.unit, units.at[row.unit, "name"], row.task, content.get(row.task),
                  labels.STATUS_TEXT.get(row.status, ""), row.cause)
        if kind == vertical_kind:
            vertical.append(record)
        elif row.cause and any(c in match_key(row.cause) for c in causes):
            criticised.append(record)
    cols = ["unit", "name", "task", "content", "status", "cause"]
    return (pd.DataFrame(awards, columns=["unit", "name", "led", "on_time", "rate"]),
            pd.DataFrame(criticised, columns=cols), pd.DataFrame(vertical, columns=cols))


def _not_reported(plan, ev: Evaluation) -> pd.DataFrame:
    units = _units(plan)
    rows = ev.rows[(ev.rows["role"] == LEAD) & ~ev.rows["reported"].astype(bool)]
    leaves = set(ev.tasks.loc[ev.tasks["leaf"], "code"])
    rows = rows[rows["task"].isin(leaves)]
    out = []
    for unit, group in rows.groupby("unit", sort=False):
        out.append((unit, units.at[unit, "name"], ", ".join(group["task"]),
                    units.at[unit, "phone"] or "", units.at[unit, "email"] or ""))
    return pd.DataFrame(out, columns=["unit", "name", "tasks", "phone", "email"])


@dataclass
class MadeReport:
    data: ReportData
    path: Path
    pdf: Path | None
    round: int | None
    warnings: list[str]


def make_report(plan, workbook: str | Path, as_of: dt.date | None = None,
                out: Path | None = None, pdf: bool = False, freeze: bool = False
                ) -> MadeReport:
    """Compute, write (and optionally print to PDF and freeze) the report for date R."""
    import tempfile

    from thidua.write.pdf import to_pdf
    from thidua.write.report import report_path, save_report, write_report

    data = build_report(plan, workbook, as_of)
    warnings = [] if data.has_ledger else [labels.REPORT_NO_LEDGER]
    path = save_report(data, out or report_path(workbook, plan, data.as_of))
    made_pdf = None
    if pdf:
        with tempfile.TemporaryDirectory() as tmp:
            summary = write_report(Path(tmp) / f"{path.stem}.xlsx", data, labels.SUMMARY_SHEETS)
            made_pdf = to_pdf(summary, path.with_suffix(".pdf"))
        if made_pdf is None:
            warnings.append(labels.REPORT_NO_PDF)
    round_id = None
    if freeze:
        with Ledger.open(Archive.beside(workbook).ledger) as ledger:
            tasks = [(t.code, None if pd.isna(t.pct) else float(t.pct), t.status)
                     for t in data.evaluation.tasks.itertuples()]
            row = data.evaluation.plan.iloc[0]
            round_id = ledger.freeze_round(data.as_of, {
                "pct": None if pd.isna(row["pct"]) else float(row["pct"]),
                "top_achieved": int(row["top_achieved"]), "top_total": int(row["top_total"])},
                tasks, path.name)
    return MadeReport(data, path, made_pdf, round_id, warnings)

"""What a meeting report holds, computed from the plan and the ledger at report date R:
the evaluation, the lists (overdue, not reported, to explain), award and criticism
proposals, the change since the last frozen round. Pure data; write/report.py draws it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from thidua.core import labels
from thidua.core.assignments import assignments, inherited_leads, task_leaders
from thidua.core.awards import not_reported, propose
from thidua.core.completion import BUCKET_KEYS, Evaluation, evaluate, mean_pct
from thidua.core.criteria import AWARD, CRITICISE, Rule, describe, plan_rules
from thidua.core.issues import Report
from thidua.core.latest import first_reported_done
from thidua.core.model import Plan, phase_tasks, report_date
from thidua.core.parsing.dates import format_day
from thidua.core.parsing.numbers import format_number
from thidua.core.parsing.text import match_key
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
    # criteria and phases
    #: The rules the award sheet applies, each with the sentence that quotes it.
    rules: list[tuple[Rule, str]] = field(default_factory=list)
    #: The phase the report is limited to (report --dot), else None.
    phase: str | None = None
    #: One summary per phase of the plan (Theo đợt).
    phases: list[PhaseSummary] = field(default_factory=list)


@dataclass
class PhaseSummary:
    """One phase (Đợt) scored alone: its tasks' evaluation, its award and criticism lists
    under its rules (each with the sentence that quotes it)."""

    code: str
    name: str | None
    start: dt.date | None
    end: dt.date | None
    evaluation: Evaluation
    awards: pd.DataFrame
    rules: list[tuple[Rule, str]]
    criticised: pd.DataFrame = field(default_factory=pd.DataFrame)


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


def build_report(plan: Plan, workbook: str | Path, as_of: dt.date | None = None,
                 phase: str | None = None) -> ReportData:
    """Everything the report shows, read-only: the ledger is opened, never changed.
    phase: limit the report to that phase's tasks (report --dot)."""
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
    rules = plan_rules(plan)
    summaries = phase_summaries(plan, results, r, rules)
    if phase is not None:  # the report of one phase: its tasks only, its rules
        plan = replace(plan, tasks=phase_tasks(plan.tasks, phase))
        results = results[results["task"].isin(set(plan.tasks["code"]))] if len(results) \
            else results
        summaries = [s for s in summaries if s.code == phase]
    evaluation = _evaluate(plan, plan.tasks, results, r)
    if phase is not None:
        applied = phase_rules(rules, phase)
        awards, criticised, vertical = propose(plan, evaluation, applied, phase)
        quoted = [(rule, describe(rule, phase)) for rule in applied]
    else:
        awards, criticised, vertical = _propose_by_scope(plan, evaluation, rules, summaries)
        quoted = [(rule, describe(rule)) for rule in rules]
    awards, criticised, vertical = (_captioned(t, plan) for t in (awards, criticised, vertical))
    return ReportData(plan, r, evaluation, results, receipts, previous, trend, awards,
                      criticised, vertical,
                      _why_not_reported(_captioned(not_reported(plan, evaluation), plan),
                                        receipts, r),
                      has_ledger=has_ledger, not_in_plan=not_in_plan, rules=quoted,
                      phase=phase, phases=summaries)


def _captioned(table: pd.DataFrame, plan: Plan) -> pd.DataFrame:
    """A list of units whose "name" names a person with their unit ("<name> (<unit>)")."""
    captions = plan.directory.captions
    if table.empty or not plan.directory.persons:
        return table
    table = table.copy()
    table["name"] = [captions.get(u) or n for u, n in zip(table["unit"], table["name"],
                                                          strict=True)]
    return table


# Criteria and phases

def _evaluate(plan: Plan, tasks: pd.DataFrame, results: pd.DataFrame,
              as_of: dt.date) -> Evaluation:
    table = assignments(replace(plan, tasks=tasks))
    return evaluate(tasks, table, results, as_of, plan.info.get("end"),
                    int(plan.info.get("warning_days") or 7))


def phase_rules(rules: list[Rule], phase: str) -> list[Rule]:
    """The rules of one phase: for each action, the rules naming that phase, else the rules
    naming no phase (applied to the phase's tasks, and quoted so)."""
    chosen = []
    for action in (AWARD, CRITICISE):
        own = [r for r in rules if r.action == action and r.scope == phase]
        chosen += own or [r for r in rules if r.action == action and r.scope is None]
    return chosen


def phase_summaries(plan: Plan, results: pd.DataFrame, as_of: dt.date,
                    rules: list[Rule]) -> list[PhaseSummary]:
    """Each phase of the plan scored on its own tasks, with its award list."""
    out = []
    for p in plan.phases.itertuples():
        if p.code is None:
            continue
        tasks = phase_tasks(plan.tasks, p.code)
        mine = results[results["task"].isin(set(tasks["code"]))] if len(results) else results
        ev = _evaluate(plan, tasks, mine, as_of)
        applied = phase_rules(rules, p.code)
        awards, criticised, _ = propose(plan, ev, applied, p.code)
        out.append(PhaseSummary(p.code, p.name, p.start, p.end, ev,
                                _captioned(awards, plan),
                                [(r, describe(r, p.code)) for r in applied],
                                _captioned(criticised, plan)))
    return out


def _propose_by_scope(plan: Plan, evaluation: Evaluation, rules: list[Rule],
                      summaries: list[PhaseSummary]
                      ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The whole plan's proposals: the rules naming no phase on every task, each rule naming
    a phase on that phase's tasks."""
    awards, criticised, vertical = propose(plan, evaluation,
                                           [r for r in rules if r.scope is None])
    by_phase = {s.code: s.evaluation for s in summaries}
    for rule in rules:
        if rule.scope is None or rule.scope not in by_phase:
            continue
        a, c, _ = propose(plan, by_phase[rule.scope], [rule], rule.scope)
        awards = pd.concat([awards, a], ignore_index=True) if len(a) else awards
        criticised = pd.concat([criticised, c], ignore_index=True) if len(c) else criticised
    return awards, criticised, vertical


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


# ---------------------------------------------------------------------------
# Figures both the report workbook and the Word Báo cáo show: computed once, here, so the
# two documents cannot disagree.
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Headline:
    """The plan's headline at R: top-level tasks achieved of all, the mean % (None when
    nothing is scored), and the counted leaf tasks per official bucket (DESIGN §4–§5)."""

    achieved: int
    total: int
    pct: float | None
    leaves: int
    buckets: dict[str, int]
    #: leaf tasks no lead has reported on (inside the buckets, by their deadline)
    not_reported: int
    no_deadline: int


def headline(data: ReportData) -> Headline:
    row = data.evaluation.plan.iloc[0]
    return Headline(int(row["top_achieved"]), int(row["top_total"]),
                    None if pd.isna(row["pct"]) else float(row["pct"]), int(row["leaves"]),
                    {b: int(row[b]) for b in BUCKET_KEYS}, int(row["not_reported"]),
                    int(row["no_deadline"]))


def percent_text(pct: float | None) -> str:
    """A % for a sentence: one decimal, decimal comma ("64,3%"); "" when there is none."""
    return "" if pct is None or pd.isna(pct) else f"{format_number(float(pct), 1)}%"


def lead_names(data: ReportData) -> dict[str, str]:
    """Task code -> its lead units' names ("; "-joined; a person "<name> (<unit>)"); a
    child naming no lead: its parent's."""
    names = data.plan.directory.captions
    leads = inherited_leads(data.plan.tasks)
    return {code: "; ".join(names.get(c, c) for c in codes) for code, codes in leads.items()}


def explanations(data: ReportData) -> dict[tuple[str, str], str | None]:
    """(unit, task) -> the explanation the unit gave in its counted return."""
    return {(r.unit, r.task): r.explanation for r in data.results.itertuples()}


def counted_tasks(data: ReportData, bucket: str) -> pd.DataFrame:
    """The evaluated tasks the headline counts (leaves and parents with a target of their
    own) that fall in an official bucket, in plan order."""
    tasks = data.evaluation.tasks
    return tasks[(tasks["leaf"] | tasks["own_target"]) & (tasks["bucket"] == bucket)]


def overdue_tasks(data: ReportData) -> pd.DataFrame:
    """The Quá hạn list: counted leaf (and own-target) tasks in the bucket Chưa HT quá hạn,
    with their leads, days past the deadline at R (none for a task that failed before its
    deadline), % and the causes their leads gave."""
    rows = counted_tasks(data, "open_overdue")
    content = dict(zip(data.plan.tasks["code"], data.plan.tasks["content"], strict=True))
    causes = data.evaluation.rows.groupby("task")["cause"].agg(
        lambda s: "; ".join(sorted({c for c in s if isinstance(c, str)})))
    leads = lead_names(data)
    out = [(t.code, content.get(t.code), leads.get(t.code, ""), t.deadline,
            (data.as_of - t.deadline).days if t.deadline and data.as_of > t.deadline
            else None, t.pct, t.status,
            causes.get(t.code, "")) for t in rows.itertuples()]
    return pd.DataFrame(out, columns=["code", "content", "leads", "deadline", "days_late",
                                      "pct", "status", "cause"])


def explanation_rows(data: ReportData) -> pd.DataFrame:
    """The Cần giải trình list: each lead row that needs an explanation (DESIGN §4), with
    the cause, the explanation and the proposal (Đề xuất) its unit gave."""
    rows = data.evaluation.rows
    rows = rows[rows["needs_explanation"].astype(bool)]
    content = dict(zip(data.plan.tasks["code"], data.plan.tasks["content"], strict=True))
    names = data.plan.directory.captions
    given = {(r.unit, r.task): (r.explanation, r.proposal) for r in data.results.itertuples()}
    out = [(r.task, content.get(r.task), r.unit, names.get(r.unit, r.unit), r.status, r.pct,
            r.cause, *given.get((r.unit, r.task), (None, None)), r.note)
           for r in rows.itertuples()]
    return pd.DataFrame(out, columns=["task", "content", "unit", "name", "status", "pct",
                                      "cause", "explanation", "proposal", "note"])


# ---------------------------------------------------------------------------
# Persons and leaders: the summary by Lãnh đạo phụ trách.
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LeaderSummary:
    """One Lãnh đạo phụ trách at R: the counted tasks they are in charge of (as the
    headline counts tasks: leaves and parents with a target of their own), per official
    bucket, those no lead reported on, and their mean % (None when nothing is scored)."""

    leader: str
    tasks: int
    buckets: dict[str, int]
    not_reported: int
    pct: float | None


def leader_summaries(data: ReportData) -> list[LeaderSummary]:
    """Per Lãnh đạo phụ trách (a child naming none: its parent's), in the order the plan
    first names them; spellings that differ only in case, accents' encoding or spacing are
    one leader. Tasks without a leader are left out; none when no task names one."""
    leaders = task_leaders(data.plan)
    tasks = data.evaluation.tasks
    counted = tasks[tasks["counted"] & (tasks["leaf"] | tasks["own_target"])]
    shown: dict[str, str] = {}
    rows: dict[str, list] = {}
    for t in counted.itertuples():
        leader = leaders.get(t.code)
        if not leader:
            continue
        key = match_key(leader)
        shown.setdefault(key, leader)
        rows.setdefault(key, []).append(t)
    out = []
    for key, mine in rows.items():
        pct = mean_pct([t.pct for t in mine], [t.note for t in mine])
        out.append(LeaderSummary(
            shown[key], len(mine), {b: sum(t.bucket == b for t in mine) for b in BUCKET_KEYS},
            sum(t.status == "no_report" for t in mine), None if pd.isna(pct) else float(pct)))
    return out


def has_leaders(data: ReportData) -> bool:
    """Whether a task of the report names a Lãnh đạo phụ trách."""
    return any(task_leaders(data.plan).values())

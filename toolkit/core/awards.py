"""Award and criticism proposals (DESIGN §6) and the lead units that owe a return, from an
evaluation. Pure: frames in, frames out."""

from __future__ import annotations

import pandas as pd

from thidua.core import labels
from thidua.core.assignments import LEAD
from thidua.core.completion import MISSED_BUCKETS, ROW_REJECTED, Evaluation
from thidua.core.criteria import (
    AWARD,
    CRITICISE,
    Rule,
    UnitRecord,
    applies,
    criticises,
    plan_rules,
)
from thidua.core.kinds import KINDS_NEED_TARGET
from thidua.core.parsing.text import match_key


def _units(plan) -> pd.DataFrame:
    return plan.units.set_index("code", drop=False)


def propose(plan, ev: Evaluation, rules: list[Rule] | None = None, phase: str | None = None
            ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Award and criticism proposals by the plan's rules (core.criteria: its criteria sheet,
    else the Kế hoạch settings), each row naming the rule that put it there. ev holds the
    tasks the rules are applied to; phase names them when they are one phase's (a rule
    scoped to another phase is then left out). Ngành dọc units are listed apart, never
    criticised (DESIGN §6)."""
    rules = plan_rules(plan) if rules is None else rules
    units = _units(plan)
    records = unit_records(plan, ev)
    awards = []
    for rule in rules:
        if rule.action != AWARD or (rule.scope is not None and rule.scope != phase):
            continue
        for r in records.values():
            if applies(rule, r):
                rate = 100 * r.on_time / r.due if r.due else float("nan")
                awards.append((r.unit, units.at[r.unit, "name"], r.led, r.on_time, rate,
                               rule.code))
    missed = ev.rows[(ev.rows["role"] == LEAD) & ev.rows["bucket"].isin(MISSED_BUCKETS)
                     & _answered(ev)]
    criticised, vertical = [], []
    content = dict(zip(plan.tasks["code"], plan.tasks["content"], strict=True))
    vertical_kind = match_key(labels.UNIT_KIND_VERTICAL)
    critics = [r for r in rules if r.action == CRITICISE
               and (r.scope is None or r.scope == phase)]
    for row in missed.itertuples():
        kind = units.at[row.unit, "kind"] if row.unit in units.index else ""
        record = (row.unit, units.at[row.unit, "name"], row.task, content.get(row.task),
                  labels.STATUS_TEXT.get(row.status, ""), row.cause)
        if match_key(kind or "") == vertical_kind:
            vertical.append(record)
            continue
        criticised.extend((*record, rule.code) for rule in critics
                          if criticises(rule, kind, row.cause))
    cols = ["unit", "name", "task", "content", "status", "cause"]
    return (pd.DataFrame(awards, columns=["unit", "name", "led", "on_time", "rate", "rule"]),
            pd.DataFrame(criticised, columns=[*cols, "rule"]),
            pd.DataFrame(vertical, columns=cols))


def unit_records(plan, ev: Evaluation) -> dict[str, UnitRecord]:
    """What the award conditions look at, per unit of ev.units: its counts from Theo đơn vị,
    the % of the tasks with a numeric target it answers for, the causes of its missed
    tasks."""
    units = _units(plan)
    kind_of = dict(zip(ev.tasks["code"], ev.tasks["kind"], strict=True))
    counted = dict(zip(ev.tasks["code"], ev.tasks["counted"], strict=True))
    rows = ev.rows[(ev.rows["role"] == LEAD) & _answered(ev)]
    numeric: dict[str, list[float]] = {}
    causes: dict[str, list[str | None]] = {}
    for row in rows.itertuples():
        if not counted.get(row.task):
            continue
        if kind_of.get(row.task) in KINDS_NEED_TARGET:
            pct = float(row.pct) if not pd.isna(row.pct) else float("-inf")
            numeric.setdefault(row.unit, []).append(pct)
        if row.bucket in MISSED_BUCKETS:
            causes.setdefault(row.unit, []).append(
                None if pd.isna(row.cause) else row.cause)
    out = {}
    for u in ev.units.itertuples():
        kind = units.at[u.unit, "kind"] if u.unit in units.index else None
        out[u.unit] = UnitRecord(u.unit, kind or "", int(u.led), int(u.due), int(u.on_time),
                                 int(u.achieved), tuple(numeric.get(u.unit, ())),
                                 tuple(causes.get(u.unit, ())))
    return out


def _answered(ev: Evaluation) -> pd.Series:
    """The rows a unit answers for, as in Theo đơn vị (DESIGN §5): a parent scored from its
    children is its lead's task only when that unit leads none of the parent's descendants,
    so a missed child is not listed a second time through its parent."""
    parent = dict(zip(ev.tasks["code"], ev.tasks["parent"], strict=True))
    grouped = set(ev.tasks.loc[~(ev.tasks["leaf"] | ev.tasks["own_target"]), "code"])
    leads = ev.rows[ev.rows["role"] == LEAD]
    above: set[tuple[str, str]] = set()  # (unit, a parent of a task it leads)
    for unit, code in zip(leads["unit"], leads["task"], strict=True):
        seen: set[str] = set()
        up = parent.get(code)
        while isinstance(up, str) and up in parent and up not in seen:
            seen.add(up)
            above.add((unit, up))
            up = parent.get(up)
    return pd.Series([not (task in grouped and (unit, task) in above)
                      for unit, task in zip(ev.rows["unit"], ev.rows["task"], strict=True)],
                     index=ev.rows.index, dtype=bool)


def _not_begun(plan, ev: Evaluation) -> set[str]:
    """Periods of periodic tasks that begin after R: nothing is asked of them yet."""
    if "period_start" not in plan.tasks.columns or ev.plan.empty:
        return set()
    as_of = ev.plan["as_of"].iloc[0]
    return {c for c, start in zip(plan.tasks["code"], plan.tasks["period_start"], strict=True)
            if start is not None and start > as_of}


def not_reported(plan, ev: Evaluation) -> pd.DataFrame:
    units = _units(plan)
    # a row of the latest return rejected for a bad value was sent: Tổng hợp says it was
    # rejected and where; the unit is not listed as one that has not reported
    rows = ev.rows[(ev.rows["role"] == LEAD) & ~ev.rows["reported"].astype(bool)
                   & (ev.rows["note"] != ROW_REJECTED)]
    leaves = set(ev.tasks.loc[ev.tasks["leaf"] | ev.tasks["own_target"], "code"])
    rows = rows[rows["task"].isin(leaves - _not_begun(plan, ev))]
    out = []
    for unit, group in rows.groupby("unit", sort=False):
        out.append((unit, units.at[unit, "name"], ", ".join(group["task"]),
                    units.at[unit, "phone"] or "", units.at[unit, "email"] or ""))
    return pd.DataFrame(out, columns=["unit", "name", "tasks", "phone", "email"])

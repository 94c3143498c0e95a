"""Award and criticism proposals (DESIGN §6) and the lead units that owe a return, from an
evaluation. Pure: frames in, frames out."""

from __future__ import annotations

import pandas as pd

from thidua.core import labels
from thidua.core.assignments import LEAD
from thidua.core.completion import MISSED_BUCKETS, Evaluation
from thidua.core.parsing.text import match_key


def _units(plan) -> pd.DataFrame:
    return plan.units.set_index("code", drop=False)


def propose(plan, ev: Evaluation) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Default rules of DESIGN §6, thresholds from Kế hoạch."""
    units = _units(plan)
    min_tasks = int(plan.info.get("award_min_tasks") or 1)
    min_rate = float(plan.info.get("award_min_on_time") or 100)
    causes = [match_key(c) for c in str(plan.info.get("criticise_causes") or "").split(";")
              if c.strip()]
    vertical_kind = match_key(labels.UNIT_KIND_VERTICAL)
    awards = []
    for u in ev.units.itertuples():
        # the denominator is the one the award sheet states: tasks due (DESIGN §5–§6)
        if u.led >= min_tasks and u.due and 100 * u.on_time / u.due >= min_rate - 1e-9:
            awards.append((u.unit, units.at[u.unit, "name"], u.led, u.on_time,
                           100 * u.on_time / u.due))
    missed = ev.rows[(ev.rows["role"] == LEAD) & ev.rows["bucket"].isin(MISSED_BUCKETS)
                     & _answered(ev)]
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


def not_reported(plan, ev: Evaluation) -> pd.DataFrame:
    units = _units(plan)
    rows = ev.rows[(ev.rows["role"] == LEAD) & ~ev.rows["reported"].astype(bool)]
    leaves = set(ev.tasks.loc[ev.tasks["leaf"] | ev.tasks["own_target"], "code"])
    rows = rows[rows["task"].isin(leaves)]
    out = []
    for unit, group in rows.groupby("unit", sort=False):
        out.append((unit, units.at[unit, "name"], ", ".join(group["task"]),
                    units.at[unit, "phone"] or "", units.at[unit, "email"] or ""))
    return pd.DataFrame(out, columns=["unit", "name", "tasks", "phone", "email"])

"""Who answers for what: every (unit, task, role) of a plan, with groups expanded."""

from __future__ import annotations

import pandas as pd

from thidua.core.model import Plan

LEAD, PARTNER = "lead", "partner"
COLUMNS = ["unit", "task", "role", "via", "leaf"]


def leaf_codes(tasks: pd.DataFrame) -> set[str]:
    """Tasks without children: what units report on and are scored on."""
    parents = set(tasks["parent"].dropna())
    return {c for c in tasks["code"].dropna() if c not in parents}


def inherited_leads(tasks: pd.DataFrame) -> dict[str, list[str]]:
    """A task's lead units: its own, else those of its nearest ancestor that names some
    (a unit that leads a parent leads the children that name no lead of their own)."""
    own = {t.code: list(t.lead_codes) for t in tasks.itertuples() if t.code is not None}
    parent = dict(zip(tasks["code"], tasks["parent"], strict=True))
    result = {}
    for code in own:
        seen, current = set(), code
        while current in own and current not in seen and not own[current]:
            seen.add(current)
            current = parent.get(current)
        result[code] = own.get(current, []) if current is not None else []
    return result


def assignments(plan: Plan) -> pd.DataFrame:
    """One row per (unit, task): role lead or partner; via names the group it came through.

    A unit that leads a task is not also listed as its partner; duplicates collapse.
    Rows come in the plan's task order (forms list tasks in that order)."""
    members = {row.code: row.member_codes for row in plan.units.itertuples()
               if row.code is not None and row.is_group}
    leaves = leaf_codes(plan.tasks)
    leads = inherited_leads(plan.tasks)
    records: dict[tuple[str, str], tuple[str, str | None]] = {}
    for task in plan.tasks.itertuples():
        if task.code is None:
            continue
        for unit in leads[task.code]:
            if unit not in members:
                records[(unit, task.code)] = (LEAD, None)
        for unit in task.partner_codes:
            expanded = [(m, unit) for m in members[unit]] if unit in members else [(unit, None)]
            for member, via in expanded:
                records.setdefault((member, task.code), (PARTNER, via))
    rows = [(unit, task, role, via, task in leaves)
            for (unit, task), (role, via) in records.items()]
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object).astype({"leaf": bool})

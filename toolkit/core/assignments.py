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


def assignments(plan: Plan) -> pd.DataFrame:
    """One row per (unit, task): role lead or partner; via names the group it came through.

    A unit that leads a task is not also listed as its partner; duplicates collapse.
    Rows come in the plan's task order (forms list tasks in that order)."""
    members = {row.code: row.member_codes for row in plan.units.itertuples()
               if row.code is not None and row.is_group}
    leaves = leaf_codes(plan.tasks)
    records: dict[tuple[str, str], tuple[str, str | None]] = {}
    for task in plan.tasks.itertuples():
        if task.code is None:
            continue
        for unit in task.lead_codes:
            if unit not in members:
                records[(unit, task.code)] = (LEAD, None)
        for unit in task.partner_codes:
            expanded = [(m, unit) for m in members[unit]] if unit in members else [(unit, None)]
            for member, via in expanded:
                records.setdefault((member, task.code), (PARTNER, via))
    rows = [(unit, task, role, via, task in leaves)
            for (unit, task), (role, via) in records.items()]
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object).astype({"leaf": bool})

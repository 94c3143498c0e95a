"""Who answers for what: every (unit, task, role) of a plan, with groups expanded."""

from __future__ import annotations

import pandas as pd

from thidua.core.model import Plan
from thidua.core.units import hand_over, lifetimes

#: former: a lead whose unit ends before the task's deadline; it reports until its end,
#: then its successor is the lead (DESIGN §1). It does not decide the task.
LEAD, PARTNER, FORMER = "lead", "partner", "former"
#: handed_from: for a successor's lead row, the units it took the task over from (a tuple of
#: codes, several when units merged); until: the day they ended (a former row: its own end).
COLUMNS = ["unit", "task", "role", "via", "leaf", "handed_from", "until"]


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


def task_leaders(plan: Plan) -> dict[str, str | None]:
    """Task code -> its Lãnh đạo phụ trách as forms and reports show it: its own, else its
    nearest ancestor's, else None; a leader the Đơn vị sheet lists as a person shows as
    "<name> (<unit>)" (also when written "đồng chí <name>")."""
    tasks = plan.tasks
    if "leader" not in tasks.columns:
        return {c: None for c in tasks["code"] if c is not None}
    own = {c: (str(v).strip() or None) if isinstance(v, str) else None
           for c, v in zip(tasks["code"], tasks["leader"], strict=True) if c is not None}
    parent = dict(zip(tasks["code"], tasks["parent"], strict=True))
    directory = plan.directory
    result: dict[str, str | None] = {}
    for code in own:
        seen, current = set(), code
        while current in own and current not in seen and own[current] is None:
            seen.add(current)
            current = parent.get(current)
        text = own.get(current) if current is not None else None
        person = directory.resolve(text) if text else None
        result[code] = directory.captions[person] if person in directory.persons else text
    return result


def task_deadlines(tasks: pd.DataFrame, plan_end: object = None) -> dict[str, object]:
    """A task's Hạn hoàn thành: its own, else its nearest ancestor's, else plan_end."""
    own = dict(zip(tasks["code"], tasks["deadline"], strict=True))
    parent = dict(zip(tasks["code"], tasks["parent"], strict=True))
    result = {}
    for code in own:
        seen, current = set(), code
        while current in own and current not in seen and own[current] is None:
            seen.add(current)
            current = parent.get(current)
        result[code] = own.get(current) if current in own and own[current] is not None \
            else plan_end
    return result


def assignments(plan: Plan) -> pd.DataFrame:
    """One row per (unit, task): role lead, partner or former; via names the group it came
    through.

    A unit that leads a task is not also listed as its partner; duplicates collapse. A lead
    that ends (Hiệu lực đến) before the task's deadline keeps a former row and its successor
    (Đơn vị kế thừa, followed while each ends before the deadline) gets the lead row, with
    handed_from and until; with no successor recorded the unit stays the lead (check warns).
    Rows come in the plan's task order (forms list tasks in that order)."""
    members = {row.code: row.member_codes for row in plan.units.itertuples()
               if row.code is not None and row.is_group}
    leaves = leaf_codes(plan.tasks)
    leads = inherited_leads(plan.tasks)
    directory = getattr(plan, "directory", None)
    ends = lifetimes(plan.units, directory) if directory is not None else {}
    deadlines = task_deadlines(plan.tasks, getattr(plan, "info", {}).get("end")) if ends else {}
    records: dict[tuple[str, str], tuple[str, str | None, tuple[str, ...] | None, object]] = {}
    for task in plan.tasks.itertuples():
        if task.code is None:
            continue
        for unit in leads[task.code]:
            if unit in members:
                continue
            heir, ended = hand_over(unit, deadlines.get(task.code), ends)
            if heir is None or heir == unit:  # its own lead row wins over one handed to it
                records[(unit, task.code)] = (LEAD, None, None, None)
                continue
            records.setdefault((unit, task.code), (FORMER, None, None, ended))
            role, _, before, _ = records.get((heir, task.code), ("", None, None, None))
            if role != LEAD or before:
                records[(heir, task.code)] = (LEAD, None, (*(before or ()), unit), ended)
        for unit in task.partner_codes:
            expanded = [(m, unit) for m in members[unit]] if unit in members else [(unit, None)]
            for member, via in expanded:
                records.setdefault((member, task.code), (PARTNER, via, None, None))
    rows = [(unit, task, role, via, task in leaves, handed_from, until)
            for (unit, task), (role, via, handed_from, until) in records.items()]
    return pd.DataFrame(rows, columns=COLUMNS, dtype=object).astype({"leaf": bool})

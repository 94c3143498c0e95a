"""Validation of a whole plan in one pass: pandera schemas per sheet, then the checks that
span sheets. Every failure becomes an Issue located at its sheet and cell."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable

import pandas as pd
import pandera.pandas as pa

from thidua.core import fields, labels
from thidua.core.completion import has_own_target
from thidua.core.issue_codes import check_column
from thidua.core.issues import Report, cell_ref
from thidua.core.kinds import SCORED_NUMERIC
from thidua.core.model import Plan
from thidua.core.parsing.dates import format_date
from thidua.core.parsing.targets import parse_target
from thidua.core.parsing.text import closest, is_issued_number, match_key
from thidua.core.periods import clashing_codes, parse_cycle, task_periods
from thidua.core.units import UnitDirectory
from thidua.validators.schemas import (
    SOURCE_COLUMN,
    PhaseSchema,
    PlanInfoSchema,
    TaskSchema,
    UnitSchema,
)

DUPLICATE_CODES = {
    labels.SHEET_PHASES: "duplicate-phase",
    labels.SHEET_UNITS: "duplicate-unit",
    labels.SHEET_TASKS: "duplicate-task",
}


def _check_code(check: str, sheet: str) -> str:
    if check == "not_nullable":
        return "required"
    if check == "field_uniqueness":
        return DUPLICATE_CODES[sheet]
    if check.startswith("greater_than"):
        return "bad-weight"
    if check.startswith("isin"):
        return "unknown-kind"
    return check


class _Located:
    """Turns (sheet, row, column key) into issue locations for one plan."""

    def __init__(self, plan: Plan, report: Report, skip_cells: set[tuple[str, str]]) -> None:
        self.plan, self.report, self.skip = plan, report, skip_cells
        self.headers = {
            labels.SHEET_PLAN: fields.PLAN.headers,
            **{sheet: table.headers for sheet, table in fields.SHEETS.items()},
        }
        self.seen: set[tuple[str, str, str]] = set()

    def sheet_name(self, sheet: str) -> str:
        return self.plan.sheets.get(sheet, sheet)

    def cell(self, sheet: str, row: int | None, key: str) -> str:
        key = SOURCE_COLUMN.get(key, key)
        if sheet == labels.SHEET_PLAN:
            return self.plan.info_cells.get(key, "")
        table = self.plan.tables.get(sheet)
        if table is None or row is None:
            return ""
        return cell_ref(row, table.columns.get(key)) if table.columns.get(key) else cell_ref(
            row, None)

    def add(self, code: str, sheet: str, row: int | None, key: str, value: object = None,
            **params: object) -> None:
        cell = self.cell(sheet, row, key)
        if cell and (self.sheet_name(sheet), cell) in self.skip:
            return
        mark = (code, sheet, cell or f"{row}:{key}")
        if mark in self.seen:
            return
        self.seen.add(mark)
        column = self.headers.get(sheet, {}).get(SOURCE_COLUMN.get(key, key), "")
        self.report.add(code, file=self.plan.file, sheet=self.sheet_name(sheet), cell=cell,
                        column=column, value=value, **params)


def _run_schema(schema: type[pa.DataFrameModel], frame: pd.DataFrame, sheet: str,
                loc: _Located) -> None:
    if frame.empty:
        return
    try:
        schema.validate(frame, lazy=True, inplace=True)  # no coercion: a copy is waste
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        first_seen: dict[tuple[str, object], int] = {}
        for case in cases.itertuples(index=False):
            row = None if pd.isna(case.index) else int(case.index)
            code = _check_code(str(case.check), sheet)
            key = check_column(code) or (case.column if isinstance(case.column, str) else "")
            if row is None:
                continue
            value = frame.at[row, key] if key in frame.columns else None
            params: dict[str, object] = {}
            if code.startswith("duplicate-"):
                rows = frame.index[frame["code"] == value]
                first = int(rows.min())
                if first == row or first_seen.get((code, value)) == row:
                    continue
                params["other"] = loc.cell(sheet, first, "code")
            if code in ("missing-target", "missing-baseline", "missing-comparison"):
                params["kind"] = labels.KINDS.get(frame.at[row, "kind"], "")
            if code == "unknown-kind":
                params["expected"] = ", ".join(labels.KINDS.values())
            if code == "scale-below-target":
                params["expected"] = frame.at[row, "target"]
            if code == "baseline-below-target":
                params["expected"] = frame.at[row, "target"]
            if code == "effective-after-deadline":
                params["expected"] = frame.at[row, "deadline"]
            if code == "phase-order":
                value = frame.at[row, "code"]
            if code == "plan-period":
                params["expected"] = frame.at[row, "start"]
            if code == "unit-lifetime-order":
                params["expected"] = frame.at[row, "valid_from"]
            loc.add(code, sheet, row, key, value, **params)


def validate_plan(plan: Plan, report: Report,
                  skip_cells: set[tuple[str, str]] | None = None) -> Report:
    """Validate every sheet of a read plan: adds its issues to report and returns it.

    Only reads the plan (the reader typed it and resolved its unit names); cells in
    skip_cells (sheet, cell) already have an issue from typing and get no other."""
    loc = _Located(plan, report, skip_cells or set())
    info = pd.DataFrame([plan.info], index=pd.Index([0], name="row"))
    _run_schema(PlanInfoSchema, info, labels.SHEET_PLAN, loc)
    if labels.SHEET_PLAN in plan.sheets:
        _check_plan_identity(plan, loc)
    if labels.SHEET_PHASES in plan.sheets:
        _run_schema(PhaseSchema, plan.phases, labels.SHEET_PHASES, loc)
    if labels.SHEET_UNITS in plan.sheets:
        if plan.units.empty:
            loc.add("no-units", labels.SHEET_UNITS, None, "")
        _run_schema(UnitSchema, plan.units, labels.SHEET_UNITS, loc)
    if labels.SHEET_TASKS in plan.sheets:
        if plan.tasks.empty:
            loc.add("no-tasks", labels.SHEET_TASKS, None, "")
        _run_schema(TaskSchema, plan.tasks, labels.SHEET_TASKS, loc)
        _leads_from_parent(plan, loc)
    directory = _check_units(plan, loc)
    _check_phases(plan, loc)
    _check_tasks(plan, loc, directory)
    _check_lifetimes(plan, loc)
    _check_late_starts(plan, loc)
    _check_unit_targets(plan, loc)
    if plan.criteria is not None:
        _check_criteria(plan, loc)
    return report


def _leads_from_parent(plan: Plan, loc: _Located) -> None:
    """A child that names no lead is led by its parent's leads (core.assignments): its blank
    Đơn vị chủ trì is not an error when an ancestor names some."""
    from thidua.core.assignments import inherited_leads

    tasks = plan.tasks
    leads = inherited_leads(tasks)
    covered = {loc.cell(labels.SHEET_TASKS, row, "leads")
               for row, code, own in zip(tasks.index, tasks["code"], tasks["lead_codes"],
                                         strict=True)
               if code is not None and not own and leads.get(code)}
    sheet = loc.sheet_name(labels.SHEET_TASKS)
    loc.report.issues[:] = [i for i in loc.report.issues
                            if not (i.code == "required" and i.sheet == sheet
                                    and i.cell in covered)]


def _check_plan_identity(plan: Plan, loc: _Located) -> None:
    """A plan is identified by (Số hiệu, Cơ quan ban hành, Ngày ban hành): a blank or draft
    number, or a blank date, is a warning at its cell (forms and reports name the plan)."""
    number = plan.info.get("number")
    if number is None or not str(number).strip():
        loc.add("plan-number-missing", labels.SHEET_PLAN, None, "number", None)
    elif not is_issued_number(number):
        loc.add("plan-number-draft", labels.SHEET_PLAN, None, "number", number)
    if plan.info.get("issued_on") is None:
        loc.add("plan-date-missing", labels.SHEET_PLAN, None, "issued_on", None)


def _check_units(plan: Plan, loc: _Located) -> UnitDirectory:
    units = plan.units
    directory = plan.directory
    sheet = labels.SHEET_UNITS
    owner: dict[str, tuple[str, int]] = {}
    for row in units.itertuples():
        if row.code is None:
            continue
        for key, spelling in (("name", row.name), *(("aliases", a) for a in row.aliases)):
            mk = match_key(spelling) if spelling else ""
            if not mk:
                continue
            other = owner.get(mk)
            if other and other[0] != row.code:
                loc.add("ambiguous-unit-name", sheet, row.Index, key, spelling,
                        expected=f"{other[0]}, {row.code}")
            else:
                owner[mk] = (row.code, row.Index)
    for row in units.itertuples():
        if row.code is None:
            continue
        if row.is_group and not row.members:
            loc.add("group-no-members", sheet, row.Index, "members", row.name or row.code)
        if row.members and not row.is_group:
            loc.add("members-not-group", sheet, row.Index, "members", row.name or row.code)
        for member in row.members:
            code = directory.resolve(member)
            if code is None:
                loc.add("unknown-member", sheet, row.Index, "members", member,
                        suggestion=directory.suggest(member))
            elif code in directory.groups and row.is_group:
                loc.add("nested-group", sheet, row.Index, "members", member)
        if row.parent and directory.resolve(row.parent) is None:
            loc.add("unknown-parent-unit", sheet, row.Index, "parent", row.parent,
                    suggestion=directory.suggest(row.parent))
        if row.code in directory.persons:
            _check_person(loc, directory, row)
        if row.email and ("@" not in row.email or " " in row.email):
            loc.add("bad-email", sheet, row.Index, "email", row.email)
    _check_successors(plan, loc, directory)
    return directory


def _check_person(loc: _Located, directory: UnitDirectory, row: object) -> None:
    """A person (Loại Cá nhân) belongs to a unit: its Đơn vị cấp trên is filled in and names
    a unit that is neither a person nor a group (an unknown name is reported above)."""
    sheet, name = labels.SHEET_UNITS, row.name or row.code
    if not row.parent:
        loc.add("person-without-unit", sheet, row.Index, "parent", name)
        return
    unit = directory.resolve(row.parent)
    if unit is None:
        return
    kind = labels.UNIT_KIND_PERSON if unit in directory.persons or unit == row.code else \
        labels.UNIT_KIND_GROUP if unit in directory.groups else None
    if kind is not None:
        loc.add("person-unit-invalid", sheet, row.Index, "parent", name,
                expected=row.parent, kind=kind)


def _check_successors(plan: Plan, loc: _Located, directory: UnitDirectory) -> None:
    """Đơn vị kế thừa names a known unit (not the unit itself), and following successors
    never comes back to where it started."""
    units = plan.units
    if "successor" not in units.columns:
        return
    sheet = labels.SHEET_UNITS
    successor_of: dict[str, str] = {}
    rows: dict[str, int] = {}
    for row in units.itertuples():
        if row.code is None or not row.successor:
            continue
        code = directory.resolve(row.successor)
        if code is None:
            loc.add("unknown-successor", sheet, row.Index, "successor", row.successor,
                    suggestion=directory.suggest(row.successor))
        elif code in directory.groups:
            loc.add("successor-is-group", sheet, row.Index, "successor", row.successor)
        else:
            successor_of[row.code], rows[row.code] = code, row.Index
    for start, row in rows.items():
        chain, current = [start], successor_of[start]
        while current in successor_of and current not in chain:
            chain.append(current)
            current = successor_of[current]
        if current == start:
            names = [directory.names.get(c, c) for c in (*chain, start)]
            loc.add("successor-cycle", sheet, row, "successor", directory.names.get(start, start),
                    expected=" → ".join(names))


def _check_late_starts(plan: Plan, loc: _Located) -> None:
    """A lead whose Hiệu lực từ is after the task's deadline cannot have done it in time."""
    from thidua.core.assignments import task_deadlines

    units = plan.units
    if "valid_from" not in units.columns:
        return
    starts = {c: s for c, s in zip(units["code"], units["valid_from"], strict=True)
              if c is not None and isinstance(s, dt.date)}
    if not starts:
        return
    deadlines = task_deadlines(plan.tasks, plan.info.get("end"))
    for row in plan.tasks.itertuples():
        deadline = deadlines.get(row.code)
        late = [u for u in row.lead_codes if deadline is not None and u in starts
                and starts[u] > deadline]
        if late:
            loc.add("lead-starts-after-deadline", labels.SHEET_TASKS, row.Index, "leads",
                    "; ".join(plan.directory.names.get(u, u) for u in late),
                    start=", ".join(sorted({format_date(starts[u]) for u in late})),
                    deadline=format_date(deadline))


def _check_lifetimes(plan: Plan, loc: _Located) -> None:
    """A task led by a unit that ends before the task's deadline passes to its successor
    (DESIGN §1): say so at the task's Đơn vị chủ trì cell, or say that none is recorded."""
    from thidua.core.assignments import task_deadlines
    from thidua.core.units import hand_over, lifetimes

    directory = plan.directory
    ends = lifetimes(plan.units, directory)
    if not ends:
        return
    unit_rows = {c: r for r, c in zip(plan.units.index, plan.units["code"], strict=True)}
    deadlines = task_deadlines(plan.tasks, plan.info.get("end"))
    name = directory.names.get
    for row in plan.tasks.itertuples():
        deadline = deadlines.get(row.code)
        ending = [u for u in row.lead_codes
                  if deadline is not None and (end := ends.get(u, (None,))[0]) is not None
                  and end < deadline]
        if not ending:
            continue
        heirs = {u: hand_over(u, deadline, ends)[0] for u in ending}
        # one warning per task and case (communes merging into one are named together)
        orphans = [u for u in ending if heirs[u] is None]
        passed = [u for u in ending if heirs[u] is not None]
        if orphans:
            loc.add("lead-ends-no-successor", labels.SHEET_TASKS, row.Index, "leads",
                    "; ".join(name(u, u) for u in orphans),
                    other=", ".join(loc.cell(labels.SHEET_UNITS, unit_rows.get(u), "successor")
                                    for u in orphans),
                    **_ending(orphans, ends, deadline))
        if passed:
            first_end = min(ends[u][0] for u in passed)
            loc.add("lead-ends-successor", labels.SHEET_TASKS, row.Index, "leads",
                    "; ".join(name(u, u) for u in passed),
                    successor=", ".join(dict.fromkeys(name(heirs[u], heirs[u]) for u in passed)),
                    start=format_date(first_end + dt.timedelta(days=1)),
                    **_ending(passed, ends, deadline))


def _check_unit_targets(plan: Plan, loc: _Located) -> None:
    """A target of its own belongs to a lead of the task (or to a lead it passed to); a
    task with targets by unit and no "các … khác" one leaves no lead without a target."""
    from thidua.core.assignments import FORMER, LEAD, assignments
    from thidua.core.kinds import KINDS_NEED_TARGET

    tasks = plan.tasks
    if "unit_targets" not in tasks.columns or not tasks["unit_targets"].map(bool).any():
        return
    table = assignments(plan)
    leading = table[table["role"].isin([LEAD, FORMER])]
    leads: dict[str, dict[str, tuple[str, object]]] = {}
    for unit, task, role, handed_from in zip(leading["unit"], leading["task"], leading["role"],
                                             leading["handed_from"], strict=True):
        leads.setdefault(task, {})[unit] = (role, handed_from)
    names = plan.directory.names
    for row in tasks.itertuples():
        own = row.unit_targets
        if not own:
            continue
        mine = leads.get(row.code, {})
        strangers: dict[tuple[str, int, str], list[str]] = {}  # one issue per cell
        for unit, at in row.unit_target_at.items():
            if unit not in mine:
                strangers.setdefault(at, []).append(names.get(unit, unit))
        for (sheet, at_row, key), units in strangers.items():
            loc.add("unit-target-not-lead", sheet, at_row, key, "; ".join(units),
                    expected=row.code)
        if pd.notna(row.target) or row.kind not in KINDS_NEED_TARGET:
            continue
        missing = [names.get(unit, unit) for unit, (role, handed_from) in mine.items()
                   if role == LEAD and unit not in own
                   and not (handed_from and len(handed_from) == 1 and handed_from[0] in own)]
        if missing:
            loc.add("unit-target-missing", labels.SHEET_TASKS, row.Index, "target",
                    "; ".join(missing), expected=row.code)


def _ending(units: list[str], ends: dict, deadline: dt.date) -> dict[str, str]:
    """The end days of units and the deadline they miss, as messages show them."""
    days = sorted({ends[u][0] for u in units})
    return {"end": ", ".join(map(format_date, days)), "deadline": format_date(deadline)}


def _check_phases(plan: Plan, loc: _Located) -> None:
    sheet = labels.SHEET_PHASES
    phases = plan.phases.dropna(subset=["start", "end"])
    phases = phases[[s <= e for s, e in zip(phases["start"], phases["end"], strict=True)]]
    ordered = sorted(phases.itertuples(), key=lambda p: (p.start, p.end))
    for a, b in itertools.pairwise(ordered):
        if b.start < a.end:  # sharing only the boundary day is allowed
            loc.add("phase-overlap", sheet, b.Index, "start", b.code, other=a.code)
    start, end = plan.period
    for p in ordered:
        if (start and p.start < start) or (end and p.end > end):
            loc.add("phase-outside-plan", sheet, p.Index, "start", p.code)


def _children(tasks: pd.DataFrame) -> dict[str, list[int]]:
    children: dict[str, list[int]] = {}
    for row, parent in zip(tasks.index, tasks["parent"], strict=True):
        if parent is not None:
            children.setdefault(parent, []).append(row)
    return children


def _check_tasks(plan: Plan, loc: _Located, directory: UnitDirectory) -> None:
    tasks = plan.tasks
    sheet = labels.SHEET_TASKS
    codes = {c: r for r, c in zip(tasks.index, tasks["code"], strict=True) if c is not None}
    children = _children(tasks)
    parent_of = dict(zip(tasks["code"], tasks["parent"], strict=True))
    for row in tasks.itertuples():
        if row.parent is not None and row.parent not in codes:
            loc.add("unknown-parent-task", sheet, row.Index, "parent", row.parent,
                    suggestion=closest(row.parent, list(codes)))
        if row.code is not None and _in_cycle(row.code, parent_of):
            loc.add("parent-cycle", sheet, row.Index, "parent", row.code)
        kids = children.get(row.code, []) if row.code is not None else []
        if row.kind == "multi" and not kids:
            loc.add("multi-no-children", sheet, row.Index, "kind", row.code)
        # a parent with a measurable target of its own keeps it (DESIGN §3): no advice
        if kids and row.kind not in ("multi", None) and not has_own_target(row.kind):
            loc.add("parent-not-multi", sheet, row.Index, "kind", row.code)
        if row.kind == "reduce_to" and pd.isna(row.baseline):
            loc.add("reduce-to-no-baseline", sheet, row.Index, "baseline", None)
        if not kids and row.kind in SCORED_NUMERIC and _two_targets(row.target_text):
            loc.add("two-targets", sheet, row.Index, "target_text", row.target_text)
        cycle = getattr(row, "cycle", None)
        if cycle is not None and parse_cycle(cycle) is None:
            loc.add("bad-cycle", sheet, row.Index, "cycle", cycle)
        elif cycle is not None and kids:
            loc.add("cycle-with-children", sheet, row.Index, "cycle", cycle)
        elif cycle is not None and row.code is not None:
            periods, _, _ = task_periods(row._asdict(), *plan.period)
            taken = clashing_codes(row._asdict(), periods, set(codes))
            if taken:
                loc.add("period-code-taken", sheet, row.Index, "cycle", cycle,
                        expected=", ".join(taken))
    for row in tasks.itertuples():
        _unknown_units(row.leads, "leads", row.Index, directory, loc)
        _unknown_units(row.partners, "partners", row.Index, directory, loc)
        for code in row.lead_codes:
            if code in directory.groups:
                loc.add("group-leads", sheet, row.Index, "leads", directory.names[code])
            if code in row.partner_codes:
                loc.add("lead-is-partner", sheet, row.Index, "partners", directory.names[code])
    _check_deadlines(plan, loc, children)


def _two_targets(text: object) -> bool:
    """Whether a Chỉ tiêu joins two measurable targets with "và" ("82/85 ha và 100% hồ
    sơ"): scored on one Giá trị mục tiêu, the other would be lost."""
    if not isinstance(text, str):
        return False
    word = re.escape(match_key(labels.BOTH_TARGETS_WORD))
    parts = re.split(rf"\s+{word}\s+", match_key(text))
    return sum(parse_target(p) is not None for p in parts) >= 2


def _in_cycle(code: str, parent_of: dict[str, str | None]) -> bool:
    seen, current = set(), parent_of.get(code)
    while current is not None and current not in seen:
        if current == code:
            return True
        seen.add(current)
        current = parent_of.get(current)
    return False


def _unknown_units(names: Iterable[str], key: str, row: int, directory: UnitDirectory,
                   loc: _Located) -> None:
    for name in names:
        if directory.resolve(name) is None:
            loc.add("unknown-unit", labels.SHEET_TASKS, row, key, name,
                    suggestion=directory.suggest(name))


def _check_deadlines(plan: Plan, loc: _Located, children: dict[str, list[int]]) -> None:
    tasks = plan.tasks
    sheet = labels.SHEET_TASKS
    start, end = plan.period
    period = f"{format_date(start)} – {format_date(end)}" if start and end else ""
    phases = {p.code: p for p in plan.phases.itertuples() if p.code is not None}
    for row in tasks.itertuples():
        deadline = row.deadline
        if deadline is not None and ((start and deadline < start) or (end and deadline > end)):
            loc.add("deadline-outside-plan", sheet, row.Index, "deadline", deadline,
                    expected=period)
        if row.phase is not None:
            phase = phases.get(row.phase)
            if phase is None:
                loc.add("unknown-phase", sheet, row.Index, "phase", row.phase,
                        suggestion=closest(row.phase, list(phases)))
            elif deadline is not None and phase.start and phase.end and not (
                    phase.start <= deadline <= phase.end):
                loc.add("deadline-outside-phase", sheet, row.Index, "deadline", deadline,
                        expected=phase.code)
        kids = [tasks.at[r, "deadline"] for r in children.get(row.code, [])]
        latest = max((d for d in kids if d is not None), default=None)
        if deadline is not None and latest is not None and deadline < latest:
            loc.add("parent-deadline-early", sheet, row.Index, "deadline", deadline,
                    expected=latest)


# --- Tiêu chí khen thưởng: award and criticism criteria (optional sheet) ---

#: Settings of Kế hoạch the criteria sheet replaces.
_REPLACED_SETTINGS = ("award_min_tasks", "award_min_on_time", "criticise_causes")


def _check_criteria(plan: Plan, loc: _Located) -> None:
    """Every criteria row readable as core.criteria reads it, each problem at its cell: a
    missing code or condition, an unknown action, condition, phase or unit kind, a value the
    condition cannot read, a condition of the other action, rows of one rule disagreeing."""
    from thidua.core import criteria

    sheet = labels.SHEET_CRITERIA
    frame = plan.criteria
    if frame is None or frame.empty:
        return
    phases = [p for p in plan.phases["code"] if p is not None]
    kinds = {match_key(k): k for k in plan.units["kind"] if k}
    conditions = [h for h, _ in labels.CRITERIA_CONDITIONS.values()]
    first: dict[str, dict[str, tuple[object, int]]] = {}  # code -> key -> (value, row)
    seen: dict[tuple[str, str], int] = {}
    action_of: dict[str, str | None] = {}
    for row in frame.itertuples():
        if row.code is None:
            loc.add("required", sheet, row.Index, "code", None)
            continue
        given = first.setdefault(row.code, {})
        for key in ("action", "title", "scope", "subjects"):
            value = getattr(row, key)
            if value is None or value == []:
                continue
            if key not in given:
                given[key] = (value, row.Index)
            elif match_key(str(given[key][0])) != match_key(str(value)):
                loc.add("criteria-conflict", sheet, row.Index, key, row.code,
                        other=loc.cell(sheet, given[key][1], key))
        if row.action is not None and criteria.action_key(row.action) is None:
            loc.add("unknown-criteria-action", sheet, row.Index, "action", row.action)
        if row.code not in action_of and row.action is not None:
            action_of[row.code] = criteria.action_key(row.action)
        scope = criteria.phase_scope(row.scope)
        if scope is not None and scope not in phases:
            loc.add("unknown-criteria-phase", sheet, row.Index, "scope", row.scope,
                    suggestion=closest(scope, phases))
        for kind in row.subjects:
            if match_key(kind) not in kinds:
                loc.add("unknown-unit-kind", sheet, row.Index, "subjects", kind,
                        suggestion=closest(kind, list(kinds.values())))
        if row.condition is None:
            loc.add("required", sheet, row.Index, "condition", None)
            continue
        key = criteria.condition_key(row.condition)
        if key is None:
            loc.add("unknown-condition", sheet, row.Index, "condition", row.condition,
                    expected="; ".join(conditions),
                    suggestion=closest(str(row.condition), conditions))
            continue
        if (row.code, key) in seen:
            loc.add("duplicate-condition", sheet, row.Index, "condition", row.condition,
                    other=loc.cell(sheet, seen[(row.code, key)], "condition"))
        seen.setdefault((row.code, key), row.Index)
        _, problem = criteria.read_value(key, row.value)
        name = labels.CRITERIA_CONDITIONS[key][0]
        if problem == "bad-criteria-flag":
            loc.add("bad-criteria-flag", sheet, row.Index, "value", row.value, expected=name)
        elif problem == "criteria-number-range":
            loc.add("criteria-number-range", sheet, row.Index, "value", row.value,
                    expected=name, rule=criteria.value_range(key))
        elif problem is not None:  # required, bad-number, bad-integer
            loc.add(problem, sheet, row.Index, "value", row.value)
    for code, given in first.items():
        action = action_of.get(code)
        if "action" not in given:
            row = int(frame.index[frame["code"] == code][0])
            loc.add("criteria-no-action", sheet, row, "action", code)
            continue
        if action is None:
            continue
        for row in frame[frame["code"] == code].itertuples():
            key = criteria.condition_key(row.condition)
            if key is not None and key not in criteria.ACTION_CONDITIONS[action]:
                loc.add("condition-not-for-action", sheet, row.Index, "condition",
                        row.condition, expected=labels.CRITERIA_ACTIONS[action][0])
    defaults = fields.PLAN.defaults()
    for key in _REPLACED_SETTINGS:
        value = plan.info.get(key)
        if key in plan.info_cells and value is not None and value != defaults.get(key):
            loc.add("criteria-replace-plan", labels.SHEET_PLAN, None, key, value)

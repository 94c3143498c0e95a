"""Return forms: one workbook per unit listing the tasks it leads or coordinates.

The layout is the contract with `returns`: a header block, a table whose header row is
FORM_TABLE_ROW, and a very hidden identity sheet carrying the plan key, the unit code,
the form version and a hash of the unit's task list."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from thidua.core import fields, labels
from thidua.core.assignments import FORMER, LEAD, PARTNER, assignments, task_leaders
from thidua.core.kinds import PASS_FAIL, PERCENT_REPORTED, REPORTED_NUMERIC
from thidua.core.model import Plan, task_phases
from thidua.core.parsing.dates import format_date, format_day
from thidua.core.parsing.numbers import format_number
from thidua.store.files import atomic_path
from thidua.write.xlsx import HEADER, TITLE, new_book, row_height

FORM_VERSION = 1
HEADER_FIRST_ROW = 4  # 1-based row of the first header-block line
FORM_TABLE_ROW = 12  # 1-based row of the table header
_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}


@dataclass(frozen=True)
class FormRow:
    code: str
    content: str
    target_text: str
    measure: str
    role: str  # as the form shows it ("Phối hợp (thuộc …)")
    deadline: dt.date | None
    kind: str
    role_key: str = ""  # assignments' role: lead or partner
    phase: str = ""  # the task's Đợt (own or its nearest ancestor's); not in the task hash
    #: the task's Lãnh đạo phụ trách (own or its nearest ancestor's); not in the task hash
    leader: str = ""
    #: a periodic task: reported on its period rows below it, its own cells are locked (not
    #: in the task hash: its period rows are)
    periodic: bool = False

    @functools.cached_property
    def fingerprint(self) -> str:
        """What of this row the task hash covers."""
        return _fingerprint((self.code, self.role, self.kind, self.target_text, self.deadline))


@dataclass(frozen=True)
class FormSpec:
    """Everything one unit's form holds."""

    unit_code: str
    unit_name: str
    plan_number: str
    plan_issuer: str
    plan_issued_on: str
    plan_title: str
    due: dt.date | str | None  # a date, or a report schedule as the plan writes it
    rows: tuple[FormRow, ...]

    @functools.cached_property
    def task_hash(self) -> str:
        return _digest([r.fingerprint for r in self.rows])

    def identity(self) -> dict[str, str]:
        return {"plan_number": self.plan_number, "plan_issuer": self.plan_issuer,
                "plan_issued_on": self.plan_issued_on, "unit_code": self.unit_code,
                "unit_name": self.unit_name, "form_version": str(FORM_VERSION),
                "task_hash": self.task_hash}


def task_hash(rows: list[tuple]) -> str:
    """A short fingerprint of a unit's task list: changes when the plan changes for it."""
    return _digest([_fingerprint(row) for row in rows])


def _fingerprint(row: tuple) -> str:
    return "|".join("" if v is None else str(v) for v in row)


def _digest(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]


def role_label(role: str, via: str | None, names: dict[str, str],
               handed_from: tuple[str, ...] | None = None, until: object = None) -> str:
    """The Vai trò a form shows: "Chủ trì", "Phối hợp (thuộc …)", "Chủ trì đến 30/06/2025"
    (a lead that ends before the deadline), "Chủ trì (kế thừa …)" (its successor)."""
    if via:
        return labels.ROLE_VIA.format(group=names.get(via, via))
    if role == FORMER and isinstance(until, dt.date):
        return labels.ROLE_FORMER.format(day=format_day(until))
    if handed_from:
        return labels.ROLE_SUCCESSOR.format(unit=", ".join(names.get(u) or u
                                                           for u in handed_from))
    return labels.ROLES[role]


def form_specs(plan: Plan, units: list[str] | None = None, roles: pd.DataFrame | None = None
               ) -> list[FormSpec]:
    """One spec per unit that leads or coordinates a task (all such units when None).
    roles: assignments(plan), when the caller has it already."""
    table = assignments(plan) if roles is None else roles
    tasks = {t.code: t for t in plan.tasks.itertuples() if t.code is not None}
    names = dict(zip(plan.units["code"], plan.units["name"], strict=True))
    captions = plan.directory.captions  # a person: "<name> (<unit>)"
    leaders = task_leaders(plan)
    issued = plan.info.get("issued_on")
    wanted = list(dict.fromkeys(table["unit"])) if units is None else units
    unit_order = {code: i for i, code in enumerate(plan.units["code"])}
    phases = task_phases(plan.tasks)
    periodic = _periodic_tasks(plan.tasks)
    made: dict[tuple, FormRow] = {}  # units share identical rows
    by_unit: dict[str, list[FormRow]] = {}
    # assignments come in the plan's task order, which is the form's row order
    blank = [None] * len(table)
    for unit, task, role, via, handed_from, until in zip(
            table["unit"], table["task"], table["role"], table["via"],
            table.get("handed_from", blank),
            table.get("until", blank), strict=True):
        t = tasks[task]
        own = _own_target(t, unit, handed_from) if role != PARTNER else None
        row = made.get((task, role, via, handed_from, own))
        if row is None:
            row = made[(task, role, via, handed_from, own)] = FormRow(
                task, t.content or "", own or t.target_text or "", t.measure or "",
                role_label(role, via, names, handed_from, until), t.deadline, t.kind or "",
                role, phases.get(task) or "", leaders.get(task) or "",
                task in periodic)
        by_unit.setdefault(unit, []).append(row)
    header = (str(plan.info.get("number") or ""), str(plan.info.get("issuer") or ""),
              issued.isoformat() if isinstance(issued, dt.date) else "",
              str(plan.info.get("title") or ""), _return_due(plan))
    return [FormSpec(unit, captions.get(unit) or unit, *header, tuple(by_unit.get(unit, ())))
            for unit in sorted(wanted, key=lambda u: unit_order.get(u, len(unit_order)))]


def _periodic_tasks(tasks: pd.DataFrame) -> set[str]:
    """Tasks split into periods (core.periods): the parents of the period rows."""
    if "period" not in tasks.columns:
        return set()
    return {p for p, period in zip(tasks["parent"], tasks["period"], strict=True)
            if isinstance(period, str)}


def _return_due(plan: Plan) -> dt.date | str | None:
    """Hạn nộp báo cáo as the form shows it: the date, else the schedule the plan writes
    ("ngày 20 hằng tháng")."""
    due = plan.info.get("return_due")
    schedule = plan.info.get("return_schedule")
    if due is None and schedule is not None:
        return getattr(schedule, "text", None) or None
    return due


def _own_target(task, unit: str, handed_from: tuple[str, ...] | None) -> str | None:
    """The Chỉ tiêu a lead with a target of its own sees: "Chỉ tiêu của đơn vị: 300 (…)",
    the plan's text after it; None when the unit has the task's target."""
    own = getattr(task, "unit_targets", None)
    if not own:
        return None
    value = own.get(unit)
    if value is None and handed_from and len(handed_from) == 1:
        value = own.get(handed_from[0])
    if value is None:
        return None
    shown = format_number(value) + ("%" if task.kind in PERCENT_REPORTED else "")
    text = labels.FORM_OWN_TARGET.format(value=shown)
    return f"{text} ({task.target_text})" if task.target_text else text


def resolve_units(plan: Plan, wanted: tuple[str, ...] | list[str]) -> list[str]:
    """Unit codes for names, codes or aliases; an unknown one stops with the closest name."""
    from thidua.core import errors

    directory = plan.directory
    codes = []
    for text in wanted:
        code = directory.resolve(text)
        if code is None:
            guess = directory.suggest(text)
            hint = labels.DID_YOU_MEAN.format(suggestion=guess) if guess else ""
            raise errors.UnknownUnitOption(value=text, hint=hint)
        codes.append(code)
    return codes


def safe_file_name(text: str, limit: int = 120) -> str:
    """A file name Windows accepts: no reserved characters or names, no trailing dot/space."""
    name = _UNSAFE.sub("_", text).strip().rstrip(". ")
    if name.split(".")[0].upper() in _RESERVED:
        name = f"_{name}"
    return name[:limit].rstrip(". ") or "_"


def form_file_name(spec: FormSpec) -> str:
    return safe_file_name(f"{spec.unit_code} - {spec.unit_name}") + ".xlsx"


def plan_caption(spec: FormSpec) -> str:
    issued = spec.plan_issued_on
    date = format_date(dt.date.fromisoformat(issued)) if issued else ""
    parts = [p for p in (spec.plan_number, date and f"{date}", spec.plan_title) if p]
    return " – ".join(parts)


def write_form(path: str | Path, spec: FormSpec,
               filled: dict[str, dict[str, object]] | None = None,
               header: dict[str, object] | None = None) -> Path:
    """Write one unit's return form atomically; `filled` (task code -> field -> value) and
    `header` pre-fill input cells, which generators of test and benchmark returns use."""
    path = Path(path)
    with atomic_path(path) as tmp:
        book = new_book(tmp)
        _form_sheet(book, spec, filled or {}, header or {})
        ident = book.add_worksheet(labels.FORM_IDENTITY_SHEET)
        for r, (key, value) in enumerate(spec.identity().items()):
            ident.write_string(r, 0, key)
            ident.write_string(r, 1, value)
        ident.very_hidden()
        book.close()
    return path


#: The number format of a rate's Kết quả cell: what the unit types is a percent.
PERCENT_FORMAT = "0.0%"


def _form_sheet(book, spec: FormSpec, filled: dict[str, dict[str, object]],
                header: dict[str, object]) -> None:
    ws = book.add_worksheet(labels.FORM_SHEET)
    f = {
        "title": book.add_format({**TITLE, "align": "center"}),
        "guide": book.add_format({"italic": True, "text_wrap": True, "valign": "top"}),
        "label": book.add_format({"bold": True, "valign": "top"}),
        "fixed": book.add_format({"text_wrap": True, "valign": "top", "locked": True}),
        "head": book.add_format({**HEADER, "locked": True}),
        "cell": book.add_format({"text_wrap": True, "valign": "top", "border": 1}),
        "date": book.add_format({"num_format": "dd/mm/yyyy", "valign": "top", "border": 1,
                                 "align": "left"}),
        "input": book.add_format({"bg_color": "#FFF2CC", "border": 1, "text_wrap": True,
                                  "valign": "top", "locked": False}),
        # DESIGN §3: a rate is typed as a percent (80 typed here is stored 0.8, shown 80%,
        # read back as 80); a count cell is a plain number, never a percent
        "input_percent": book.add_format({"bg_color": "#FFF2CC", "border": 1, "text_wrap": True,
                                          "valign": "top",
                                          "num_format": PERCENT_FORMAT, "locked": False}),
        "input_number": book.add_format({"bg_color": "#FFF2CC", "border": 1, "text_wrap": True,
                                         "valign": "top",
                                         "num_format": "General", "locked": False}),
        "input_date": book.add_format({"bg_color": "#FFF2CC", "border": 1, "valign": "top",
                                       "num_format": "dd/mm/yyyy", "align": "left",
                                       "locked": False}),
    }
    columns = fields.RETURN
    widths = [f.width for f in columns]
    last_col = len(columns) - 1
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    for key in ("phase", "leader"):  # a plan without phases or leaders: no empty column
        if not any(getattr(row, key) for row in spec.rows):
            ws.set_column(columns.keys.index(key), columns.keys.index(key),
                          columns[key].width, None, {"hidden": True})
    ws.merge_range(0, 0, 0, last_col, labels.FORM_TITLE, f["title"])
    ws.merge_range(1, 0, 1, last_col, labels.FORM_GUIDE, f["guide"])
    ws.set_row(1, 32)
    header_values = {
        "unit": spec.unit_name, "plan": plan_caption(spec), "data_date": None,
        "due": spec.due, "reporter": None, "phone": None, "submission": 1, **header,
    }
    editable = {f.key for f in fields.FORM_HEADER if f.input}
    for i, field in enumerate(fields.FORM_HEADER):
        key = field.key
        r = HEADER_FIRST_ROW - 1 + i
        ws.merge_range(r, 0, r, 1, field.header, f["label"])
        value = header_values[key]
        fmt = f["input" if key in editable else "fixed"]
        if isinstance(value, dt.date) or field.type == fields.DATE:
            fmt = f["input_date"] if key in editable else f["date"]
        ws.merge_range(r, 2, r, 5, None, fmt)
        if key == "plan":
            ws.set_row(r, row_height([(str(value), sum(widths[2:6]))]))
        if isinstance(value, dt.date):
            ws.write_datetime(r, 2, dt.datetime.combine(value, dt.time()), fmt)
        elif isinstance(value, int):
            ws.write_number(r, 2, value, fmt)
        elif value:
            ws.write_string(r, 2, str(value), fmt)
    block = {key: HEADER_FIRST_ROW - 1 + i for i, key in enumerate(fields.FORM_HEADER.keys)}
    ws.data_validation(block["data_date"], 2, block["data_date"], 2, {
        "validate": "date", "criteria": "between", "minimum": dt.date(2000, 1, 1),
        "maximum": dt.date(2100, 12, 31), "error_type": "warning",
        "input_message": fields.FORM_HEADER["data_date"].help})
    ws.data_validation(block["submission"], 2, block["submission"], 2, {
        "validate": "integer", "criteria": ">=", "value": 1, "error_type": "warning",
        "input_message": fields.FORM_HEADER["submission"].help})
    head = FORM_TABLE_ROW - 1
    ws.write_row(head, 0, [c.header for c in columns], f["head"])
    ws.set_row(head, 36)
    keys = columns.keys
    col = {k: i for i, k in enumerate(keys)}
    for n, row in enumerate(spec.rows):
        r = head + 1 + n
        ws.set_row(r, row_height([(row.content, widths[col["content"]]),
                                  (row.target_text, widths[col["target_text"]]),
                                  (row.role, widths[col["role"]]),
                                  (row.leader, widths[col["leader"]]),
                                  (row.measure, widths[col["measure"]])]))
        ws.write_string(r, col["code"], row.code, f["cell"])
        ws.write_string(r, col["content"], row.content, f["cell"])
        ws.write_string(r, col["target_text"], row.target_text, f["cell"])
        ws.write_string(r, col["measure"], row.measure, f["cell"])
        ws.write_string(r, col["role"], row.role, f["cell"])
        if row.deadline:
            ws.write_datetime(r, col["deadline"], dt.datetime.combine(row.deadline, dt.time()),
                              f["date"])
        else:
            ws.write_blank(r, col["deadline"], None, f["cell"])
        ws.write_string(r, col["phase"], row.phase, f["cell"])  # the task's phase
        ws.write_string(r, col["leader"], row.leader, f["cell"])  # its leader in charge
        if row.periodic:  # reported period by period on the rows below: nothing to type here
            for key in (c.key for c in columns if c.input):
                ws.write_blank(r, col[key], None, f["cell"])
            continue
        values = filled.get(row.code, {})
        for key in (c.key for c in columns if c.input):
            fmt = f["input_date"] if key == "completed_on" else f["input"]
            if key == "result" and row.kind in REPORTED_NUMERIC:
                fmt = f["input_percent" if row.kind == "rate" else "input_number"]
            value = values.get(key)
            if isinstance(value, dt.date):
                ws.write_datetime(r, col[key], dt.datetime.combine(value, dt.time()), fmt)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                # a percent-formatted cell stores the fraction of the percent it shows
                ws.write_number(r, col[key], value / 100 if fmt is f["input_percent"]
                                else value, fmt)
            elif value is not None:
                ws.write_string(r, col[key], str(value), fmt)
            else:
                ws.write_blank(r, col[key], None, fmt)
        numeric = row.kind in REPORTED_NUMERIC
        ws.data_validation(r, col["result"], r, col["result"], {
            "validate": "decimal" if numeric else "any",
            **({"criteria": "between", "minimum": -1e15, "maximum": 1e15,
                "error_type": "warning"} if numeric else {}),
            "input_message": labels.FORM_INPUT_MESSAGES[
                "result_number" if numeric else "result_text"]})
        statuses = labels.PASS_FAIL_STATUSES if row.kind in PASS_FAIL \
            else labels.PROGRESS_STATUSES
        ws.data_validation(r, col["status"], r, col["status"], {
            "validate": "list", "source": list(statuses), "error_type": "warning",
            "input_message": columns["status"].help})
    if spec.rows:
        last = head + len(spec.rows)
        ws.data_validation(head + 1, col["completed_on"], last, col["completed_on"], {
            "validate": "date", "criteria": "between", "minimum": dt.date(2000, 1, 1),
            "maximum": dt.date(2100, 12, 31), "error_type": "warning",
            "input_message": columns["completed_on"].help})
        ws.data_validation(head + 1, col["cause"], last, col["cause"], {
            "validate": "list", "source": list(labels.CAUSES), "error_type": "warning",
            "input_message": columns["cause"].help})
    ws.freeze_panes(head + 1, 2)
    ws.protect("", {"format_columns": True, "format_rows": True})
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(head)
    ws.activate()


def write_forms(plan: Plan, out_dir: str | Path, units: list[str] | None = None) -> pd.DataFrame:
    """Write every unit's form and the sending list; returns one row per form written."""
    out_dir = Path(out_dir)
    specs = form_specs(plan, units)
    for spec in specs:
        write_form(out_dir / form_file_name(spec), spec)
    written = _listing(plan, specs)
    # the mailing list names every unit's form, also when only some were (re)made now
    _write_listing(out_dir / labels.FORM_LIST_FILE,
                   written if units is None else _listing(plan, form_specs(plan)))
    return written


def _listing(plan, specs: list[FormSpec]) -> pd.DataFrame:
    contacts = plan.units.set_index("code", drop=False)
    records = []
    for spec in specs:
        unit = contacts.loc[spec.unit_code]
        records.append({
            "unit": spec.unit_code, "name": spec.unit_name, "email": unit["email"] or "",
            "phone": unit["phone"] or "", "file": form_file_name(spec),
            "leads": sum(r.role_key in (LEAD, FORMER) for r in spec.rows),
            "partners": sum(r.role_key == PARTNER for r in spec.rows),
        })
    return pd.DataFrame(records, columns=["unit", "name", "email", "phone", "file", "leads",
                                          "partners"])


def _write_listing(path: Path, listing: pd.DataFrame) -> None:
    with atomic_path(path) as tmp:
        book = new_book(tmp)
        ws = book.add_worksheet(labels.FORM_LIST_SHEET)
        head = book.add_format(HEADER)
        ws.write_row(0, 0, labels.FORM_LIST_HEADERS, head)
        for r, rec in enumerate(listing.itertuples(index=False), start=1):
            for c, value in enumerate(rec):
                if isinstance(value, int | float) and not isinstance(value, bool):
                    ws.write_number(r, c, value)
                else:
                    ws.write_string(r, c, str(value))
        for c, width in enumerate((14, 45, 30, 15, 55, 9, 9)):
            ws.set_column(c, c, width)
        ws.autofilter(0, 0, max(len(listing), 1), len(labels.FORM_LIST_HEADERS) - 1)
        ws.freeze_panes(1, 0)
        book.close()

"""Reading the canonical workbook (biểu chi tiết) into typed frames, read-only.

`read_plan` never writes the file and never stops on bad data: every problem becomes an
Issue. Only an unreadable file raises (a ThiduaError saying what to do). The Plan it returns
is complete (typed, unit names resolved); validation only reads it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from thidua.core import fields, labels
from thidua.core.fields import Field, FieldTable
from thidua.core.issues import Report, cell_ref
from thidua.core.matching import header_key
from thidua.core.model import Plan, Table, code_text, split_list
from thidua.core.parsing.dates import conflicting_days, format_date, parse_date
from thidua.core.parsing.numbers import (
    parse_fraction,
    parse_number,
    parse_pair,
    parse_percent,
    typed_as_percent,
)
from thidua.core.parsing.targets import parse_comparison
from thidua.core.parsing.text import (
    closest,
    is_blank,
    match_key,
    normalize_text,
    strip_diacritics,
)
from thidua.core.periods import Schedule, expand_periods, parse_cycle, parse_schedule
from thidua.core.units import (
    UnitDirectory,
    is_rest_name,
    split_unit_targets,
    with_unit_codes,
)
from thidua.read.spreadsheet import open_workbook
from thidua.read.tables import find_sheet, read_table, report_cells

__all__ = ["Plan", "code_text", "kind_lookup", "read_plan", "split_list"]


def kind_lookup() -> dict[str, str]:
    """Every accepted spelling of a target kind -> its key."""
    lookup = {}
    for key, label in labels.KINDS.items():
        for spelling in (key, label, *labels.KIND_ALIASES.get(key, ())):
            lookup.setdefault(header_key(spelling), key)
            lookup.setdefault(strip_diacritics(header_key(spelling)), key)
    return lookup


class _Typer:
    """Converts raw cells to typed values, reporting what does not parse."""

    def __init__(self, report: Report, file: str, year: int | None) -> None:
        self.report, self.file, self.year = report, file, year
        self.bad_cells: set[tuple[str, str]] = set()

    def _bad(self, code: str, sheet: str, cell: str, column: str, value: object) -> None:
        self.bad_cells.add((sheet, cell))
        self.report.add(code, file=self.file, sheet=sheet, cell=cell, column=column, value=value)

    def date(self, value: object, sheet: str, cell: str, column: str,
             first: bool = False) -> dt.date | None:
        if is_blank(value):
            return None
        parsed = parse_date(value, default_year=self.year, first=first)
        if parsed is None:
            days = conflicting_days(value, default_year=self.year, first=first)
            if days:
                self.bad_cells.add((sheet, cell))
                self.report.add("ambiguous-date", file=self.file, sheet=sheet, cell=cell,
                                column=column, value=value,
                                expected=", ".join(map(format_date, days)))
            else:
                self._bad("bad-date", sheet, cell, column, value)
        return parsed

    def number(self, value: object, sheet: str, cell: str, column: str,
               parser: Callable[[object], float | None] = parse_number) -> float | None:
        if is_blank(value):
            return None
        parsed = parser(value)
        if parsed is None:
            self._bad("bad-number", sheet, cell, column, value)
        return parsed

    def integer(self, value: object, sheet: str, cell: str, column: str) -> int | None:
        number = self.number(value, sheet, cell, column)
        if number is None:
            return None
        if number < 0 or not float(number).is_integer():
            self._bad("bad-integer", sheet, cell, column, value)
            return None
        return int(number)

    def typed(self, f: Field, value: object, sheet: str, cell: str) -> object:
        """A cell's value typed by its field; what does not parse is an issue and None."""
        reader = _reader(f)
        if reader is not None:
            return reader(self, value, sheet, cell, f.header)
        return _CONVERTERS.get(f.type, _text)(value)


def _percent(typer: _Typer, value: object, sheet: str, cell: str, column: str) -> float | None:
    return typer.number(value, sheet, cell, column, parse_percent)


#: Field types whose cells may fail to parse (each failure an issue at its cell).
_READERS: dict[str, Callable[..., object]] = {
    fields.DATE: _Typer.date, fields.INTEGER: _Typer.integer, fields.NUMBER: _Typer.number,
    fields.PERCENT: _percent,
}


def _reader(f: Field) -> Callable[..., object] | None:
    """The reader of a field's cells (a date that starts a span reads a period's first
    day), or None for a field read without an issue of its own."""
    if f.type == fields.DATE and f.first_day:
        return _first_day
    return _READERS.get(f.type)


def _first_day(typer: _Typer, value: object, sheet: str, cell: str, column: str):
    return typer.date(value, sheet, cell, column, first=True)


#: Field types read without an issue of their own (a kind or a comparison is checked later).
_CONVERTERS: dict[str, Callable[[object], object]] = {
    fields.CODE: code_text, fields.LIST: split_list,
}
#: The dtype of a typed frame column, by field type (others hold Python objects).
_DTYPES = {fields.NUMBER: "Float64", fields.PERCENT: "Float64", fields.INTEGER: "Int64"}


def _read_info(raw, report: Report, file: str) -> tuple[dict[str, object], dict[str, str]]:
    """Kế hoạch: the first cell of a row names a setting, the next filled cell holds it."""
    lookup: dict[str, str] = {}
    for f in fields.PLAN:
        for spelling in f.spellings:
            lookup.setdefault(header_key(spelling), f.key)
            lookup.setdefault(strip_diacritics(header_key(spelling)), f.key)
    ignored = {header_key(h) for h in labels.PLAN_HEADER}
    values: dict[str, object] = {}
    cells: dict[str, str] = {}
    for r, line in enumerate(raw.rows):
        filled = [(c, v) for c, v in enumerate(line) if v is not None]
        if not filled:
            continue
        c0, name = filled[0]
        hk = header_key(name)
        key = lookup.get(hk) or lookup.get(strip_diacritics(hk))
        if key is None:
            if hk not in ignored and len(filled) > 1:
                report.add("unknown-plan-key", file=file, sheet=raw.name,
                           cell=cell_ref(r + 1, c0 + 1), value=name,
                           suggestion=closest(str(name), list(fields.PLAN.headers.values())))
            continue
        if key in values:
            continue
        values[key] = filled[1][1] if len(filled) > 1 else None
        cells[key] = cell_ref(r + 1, (filled[1][0] if len(filled) > 1 else c0 + 1) + 1)
    return values, cells


def read_plan(path: str | Path) -> tuple[Plan, Report]:
    """Read and validate the canonical workbook. Raises only when the file is unreadable."""
    from thidua.validators import validate_plan

    path = Path(path)
    file = path.name
    report = Report()
    book = open_workbook(path)
    sheets = {}
    for wanted in labels.CANONICAL_SHEETS:
        actual = find_sheet(book, wanted, report, file)
        if actual:
            sheets[wanted] = actual

    raw_info, info_cells = ({}, {})
    if labels.SHEET_PLAN in sheets:
        raw_plan = book.read(sheets[labels.SHEET_PLAN])
        if not raw_plan.visible:
            report.add("hidden-sheet", file=file, sheet=raw_plan.name)
        report_cells(raw_plan, report, file)
        raw_info, info_cells = _read_info(raw_plan, report, file)
    plan_sheet = sheets.get(labels.SHEET_PLAN, labels.SHEET_PLAN)
    schedule = _return_schedule(raw_info)
    typer = _Typer(report, file, None)
    info: dict[str, object] = {f.key: typer.typed(f, raw_info.get(f.key), plan_sheet,
                                                  info_cells.get(f.key, ""))
                               for f in fields.PLAN}
    anchor = info.get("start") or info.get("issued_on") or info.get("end")
    typer.year = anchor.year if isinstance(anchor, dt.date) else None
    for key, default in fields.PLAN.defaults().items():
        if info.get(key) is None and (plan_sheet, info_cells.get(key, "")) not in typer.bad_cells:
            info[key] = default
    info[RETURN_SCHEDULE] = schedule

    tables: dict[str, Table] = {}
    for name in (labels.SHEET_PHASES, labels.SHEET_UNITS, labels.SHEET_TASKS):
        table = fields.SHEETS[name]
        if name in sheets:
            tables[name] = read_table(book.read(sheets[name]), table, report, file)
            _require_columns(report, table, sheets[name])
        else:
            tables[name] = Table(name, table.keys, [], [])
    phases = _typed_frame(tables[labels.SHEET_PHASES], fields.SHEETS[labels.SHEET_PHASES], typer)
    units = _type_units(tables[labels.SHEET_UNITS], typer)
    tasks = _type_tasks(tables[labels.SHEET_TASKS], typer)
    directory = UnitDirectory(units)
    units, tasks = with_unit_codes(units, tasks, directory)
    target_sheet = _optional_sheet(book, labels.SHEET_UNIT_TARGETS, report, file)
    if target_sheet is not None:
        sheets[labels.SHEET_UNIT_TARGETS] = target_sheet
        tables[labels.SHEET_UNIT_TARGETS] = read_table(
            book.read(target_sheet), fields.UNIT_TARGETS, report, file)
    tasks = _unit_targets(tasks, tables[labels.SHEET_TASKS],
                          tables.get(labels.SHEET_UNIT_TARGETS), directory, typer)
    criteria = _read_criteria(book, report, file, typer, tables, sheets)
    plan = Plan(file, info, info_cells, phases, units, tasks, tables, sheets, directory,
                criteria=criteria)
    validate_plan(plan, report, skip_cells=typer.bad_cells)
    plan.tasks = expand_periods(plan.tasks, *plan.period, schedule=schedule)
    report.sort(list(sheets.get(s, s)
                     for s in (*labels.CANONICAL_SHEETS, *labels.OPTIONAL_SHEETS)))
    return plan, report


#: Kế hoạch: the schedule Hạn nộp báo cáo states ("ngày 20 hằng tháng"), else None; the
#: setting return_due is then blank (it holds a date only).
RETURN_SCHEDULE = "return_schedule"


def _return_schedule(raw_info: dict[str, object]) -> Schedule | None:
    """A Hạn nộp báo cáo written as a schedule ("ngày 20 hằng tháng") instead of a date:
    taken out of raw_info (so it is not a bad date) and returned; else None."""
    value = raw_info.get("return_due")
    if not isinstance(value, str) or parse_date(value) is not None:
        return None
    schedule = parse_schedule(value)
    if schedule is not None:
        raw_info["return_due"] = None
    return schedule


def _optional_sheet(book, wanted: str, report: Report, file: str) -> str | None:
    """The workbook's sheet for an optional canonical name, None (and no issue) when absent."""
    keys = {header_key(s) for s in (wanted, *labels.SHEET_ALIASES.get(wanted, ()))}
    plain = {strip_diacritics(k) for k in keys}
    if not any(header_key(n) in keys or strip_diacritics(header_key(n)) in plain
               for n in book.sheet_names):
        return None
    return find_sheet(book, wanted, report, file)


# --- Tiêu chí khen thưởng (optional sheet): award and criticism criteria ---

def _read_criteria(book, report: Report, file: str, typer: _Typer, tables: dict[str, Table],
                   sheets: dict[str, str]) -> pd.DataFrame | None:
    """The criteria rows typed (Giá trị kept as typed: its condition decides how it reads,
    see core.criteria), or None when the workbook has no such sheet (today's workbooks)."""
    name = labels.SHEET_CRITERIA
    found = Report()
    actual = find_sheet(book, name, found, file)
    if actual is None:
        return None
    report.extend(found.issues)
    sheets[name] = actual
    table = read_table(book.read(actual), fields.CRITERIA, report, file)
    tables[name] = table
    df = _typed_frame(table, fields.CRITERIA, typer)
    _set(df, "value", list(table.frame["value"]))
    return df


def _require_columns(report: Report, table: FieldTable, sheet: str) -> None:
    """Columns a plan cannot do without although their cells may be blank (a blank deadline
    falls back to the parent's): missing is an error, and a misspelt header is named at
    its cell with the closest known name (DESIGN §2)."""
    needed = {table.headers[k] for k in fields.COLUMNS_REQUIRED.get(table.name, ())
              if k in table.keys}
    issues = report.issues
    missing = [i for i in issues if i.code == "missing-optional-column" and i.sheet == sheet
               and any(match_key(i.message).find(match_key(h)) >= 0 for h in needed)]
    for issue in missing:
        header = next(h for h in needed if match_key(h) in match_key(issue.message))
        unknown = [i for i in issues if i.code == "unknown-column" and i.sheet == sheet]
        guess = closest(header, [i.value for i in unknown])
        found = next((i for i in unknown if i.value == guess), None)
        issues.remove(issue)
        if found is not None:
            issues.remove(found)
            report.add("misspelt-column", file=issue.file, sheet=sheet, cell=found.cell,
                       value=found.value, expected=header)
        else:
            report.add("missing-column", file=issue.file, sheet=sheet, cell=issue.cell,
                       expected=header)


def _cells(table: Table, key: str) -> list[str]:
    col = table.columns.get(key)
    return [cell_ref(r, col) for r in table.index]


def _set(df: pd.DataFrame, key: str, values: list[object]) -> None:
    """Assign as object dtype: None stays None (pandas would turn it into NaN in str columns)."""
    df[key] = pd.Series(values, index=df.index, dtype=object)


def _text(value: object) -> str | None:
    return None if is_blank(value) else normalize_text(str(value))


def _typed_frame(table: Table, fields_: FieldTable, typer: _Typer) -> pd.DataFrame:
    """The table's frame with every column typed by its field. A kind or a comparison keeps
    the text as typed in <key>_text; a target is typed later, by its row's kind."""
    df = table.frame.copy()
    for f in fields_:
        if f.type == fields.TARGET:
            continue
        values = df[f.key]
        if f.type == fields.KIND or f.type == fields.COMPARISON:
            texts = [_text(v) for v in values]
            _set(df, f"{f.key}_text", texts)
            read = (_kind_key(kind_lookup()) if f.type == fields.KIND else parse_comparison)
            _set(df, f.key, [None if t is None else read(t) for t in texts])
            continue
        reader = _reader(f)
        if reader is not None:
            sheet, header = table.sheet, f.header
            typed = [reader(typer, v, sheet, c, header)
                     for v, c in zip(values, _cells(table, f.key), strict=True)]
        else:
            convert = _CONVERTERS.get(f.type, _text)
            typed = [convert(v) for v in values]
        if f.type in _DTYPES:
            df[f.key] = pd.array(typed, dtype=_DTYPES[f.type])
        else:
            _set(df, f.key, typed)
    return df


def _percent_text(fraction: float) -> str:
    """0.8 -> "80", 0.955 -> "95,5": the percent a fraction would be, as Vietnamese write it."""
    return f"{round(fraction * 100, 2):g}".replace(".", ",")


def _kind_key(lookup: dict[str, str]) -> Callable[[str], str | None]:
    def read(text: str) -> str | None:
        key = header_key(text)
        return lookup.get(key) or lookup.get(strip_diacritics(key))
    return read


def _target_parser(kind: object) -> Callable[[object], float | None]:
    return {"reduce_fraction": parse_fraction, "rate": parse_percent}.get(kind, parse_number)


def _target_value(typer: _Typer, kind: object, value: object, sheet: str, cell: str,
                  column: str) -> float | None:
    """A target read by its task's kind (x of "x/y" for Lũy kế); an issue when unreadable."""
    if kind == "cumulative" and isinstance(value, str) and (pair := parse_pair(value)):
        return pair[0]
    return typer.number(value, sheet, cell, column, _target_parser(kind))


def _unit_targets(tasks: pd.DataFrame, table: Table, sheet_table: Table | None,
                  directory: UnitDirectory, typer: _Typer) -> pd.DataFrame:
    """tasks.unit_targets: {unit code: target} of each task, from its Giá trị mục tiêu
    ("Vạn Thạch: 300; …") and the optional sheet Chỉ tiêu theo đơn vị; unit_target_at:
    {unit code: (sheet, row, key)} where each was written. The first one written wins."""
    found: dict[str, dict[str, float]] = {}
    where: dict[str, dict[str, tuple[str, int, str]]] = {}
    kind_of = dict(zip(tasks["code"], tasks["kind"], strict=True))
    header = fields.TASKS["target"].header

    def put(task: str, unit: str, value: float | None, at: tuple[str, int, str],
            cell: str, sheet: str) -> None:
        if value is None:
            return
        first = where.setdefault(task, {}).get(unit)
        if first is not None:
            other = table if first[0] == labels.SHEET_TASKS else sheet_table
            typer.report.add("duplicate-unit-target", file=typer.file, sheet=sheet, cell=cell,
                             value=directory.names.get(unit, unit), expected=task,
                             other=other.cell(first[1], first[2]) if other else "")
            return
        where[task][unit] = at
        found.setdefault(task, {})[unit] = value

    for row, code, parts in zip(tasks.index, tasks["code"], tasks["unit_target_parts"],
                                strict=True):
        if code is None or not parts:
            continue
        cell = table.cell(row, "target")
        for name, value in parts:
            if not value:
                typer.report.add("unit-target-bad-part", file=typer.file, sheet=table.sheet,
                                 cell=cell, column=header, value=name)
            elif not is_rest_name(name):
                unit = directory.resolve(name)
                if unit is None:
                    typer.report.add("unknown-unit", file=typer.file, sheet=table.sheet,
                                     cell=cell, column=header, value=name,
                                     suggestion=directory.suggest(name))
                    continue
                put(code, unit, _target_value(typer, kind_of[code], value, table.sheet, cell,
                                              header),
                    (labels.SHEET_TASKS, row, "target"), cell, table.sheet)
    if sheet_table is not None:
        _sheet_unit_targets(sheet_table, kind_of, directory, typer, put)
    tasks = tasks.drop(columns="unit_target_parts")
    _set(tasks, "unit_targets", [found.get(c) for c in tasks["code"]])
    _set(tasks, "unit_target_at", [where.get(c) for c in tasks["code"]])
    return tasks


def _sheet_unit_targets(table: Table, kind_of: dict, directory: UnitDirectory, typer: _Typer,
                        put: Callable[..., None]) -> None:
    """The rows of Chỉ tiêu theo đơn vị: Mã NV | Đơn vị | Giá trị mục tiêu."""
    sheet, headers = table.sheet, fields.UNIT_TARGETS.headers
    for row, values in zip(table.index, table.rows, strict=True):
        record = dict(zip(table.keys, values, strict=True))
        code, name = code_text(record["task"]), _text(record["unit"])
        if code is None and name is None and is_blank(record["target"]):
            continue
        for key, value in (("task", code), ("unit", name), ("target", record["target"])):
            if is_blank(value):
                typer.report.add("required", file=typer.file, sheet=sheet,
                                 cell=table.cell(row, key), column=headers[key])
        if code is None or name is None or is_blank(record["target"]):
            continue
        if code not in kind_of:
            typer.report.add("unit-target-unknown-task", file=typer.file, sheet=sheet,
                             cell=table.cell(row, "task"), column=headers["task"], value=code,
                             suggestion=closest(code, [c for c in kind_of if c]))
            continue
        unit = directory.resolve(name)
        if unit is None:
            typer.report.add("unknown-unit", file=typer.file, sheet=sheet,
                             cell=table.cell(row, "unit"), column=headers["unit"], value=name,
                             suggestion=directory.suggest(name))
            continue
        cell = table.cell(row, "target")
        put(code, unit, _target_value(typer, kind_of[code], record["target"], sheet, cell,
                                      headers["target"]),
            (labels.SHEET_UNIT_TARGETS, row, "unit"), cell, sheet)


def _type_units(table: Table, typer: _Typer) -> pd.DataFrame:
    df = _typed_frame(table, fields.SHEETS[labels.SHEET_UNITS], typer)
    group = match_key(labels.UNIT_KIND_GROUP)
    df["is_group"] = pd.Series([match_key(k) == group for k in df["kind"]], index=df.index,
                               dtype=bool)
    return df


def _type_tasks(table: Table, typer: _Typer) -> pd.DataFrame:
    table_fields = fields.SHEETS[labels.SHEET_TASKS]
    df = _typed_frame(table, table_fields, typer)
    sheet, raw = table.sheet, table.frame
    header = table_fields["target"].header
    targets: list[float | None] = []
    scales = list(df["scale"])
    by_unit: list[list[tuple[str, str]] | None] = []
    for i, (kind, value, scale, cell) in enumerate(zip(
            df["kind"], raw["target"], raw["scale"], _cells(table, "target"), strict=True)):
        parser = _target_parser(kind)
        parts = split_unit_targets(value) if isinstance(value, str) else None
        by_unit.append(parts)
        if parts is not None:  # "Vạn Thạch: 300; các thôn khác: 200": the rest is the task's
            rest = [v for name, v in parts if is_rest_name(name)]
            targets.append(_target_value(typer, kind, rest[0], sheet, cell, header)
                           if rest else None)
            continue
        pair = parse_pair(value) if kind == "cumulative" and isinstance(value, str) else None
        if pair:
            targets.append(pair[0])
            if is_blank(scale):
                scales[i] = pair[1]
            continue
        target = typer.number(value, sheet, cell, header, parser)
        targets.append(target)
        if kind == "rate" and target is not None and 0 < target <= 1 \
                and not typed_as_percent(value):
            # DESIGN §3: a plain number is already a percent; 0.8 is most likely 80%
            typer.report.add("rate-target-fraction", file=typer.file, sheet=sheet, cell=cell,
                             column=header, value=value, percent=_percent_text(target))
    for i, cycle in enumerate(df["cycle"]):
        found = parse_cycle(cycle)  # "mỗi tháng 01 lần": T of each period is 1 when not given
        if targets[i] is None and found is not None and found.times is not None \
                and is_blank(raw["target"].iloc[i]):
            targets[i] = float(found.times)
    df["target"] = pd.array(targets, dtype="Float64")
    _set(df, "unit_target_parts", by_unit)
    df["scale"] = pd.array(scales, dtype="Float64")
    given = df["weight"].notna()
    df["weight"] = df["weight"].fillna(1.0)
    df["weight_given"] = pd.Series(given.to_numpy(dtype=bool), index=df.index, dtype=bool)
    return df

"""Reading the canonical workbook (biểu chi tiết) into typed frames, read-only.

`read_plan` never writes the file and never stops on bad data: every problem becomes an
Issue. Only an unreadable file raises (a ThiduaError saying what to do). The Plan it returns
is complete (typed, unit names resolved); validation only reads it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from thidua.core import labels
from thidua.core.issues import Report, cell_ref
from thidua.core.model import Plan, Table, code_text, split_list
from thidua.core.parsing.dates import parse_date
from thidua.core.parsing.numbers import parse_fraction, parse_number, parse_pair, parse_percent
from thidua.core.parsing.targets import parse_comparison
from thidua.core.parsing.text import is_blank, match_key, normalize_text, strip_diacritics
from thidua.core.units import with_unit_codes
from thidua.read.spreadsheet import open_workbook
from thidua.read.tables import closest, find_sheet, header_key, read_table, report_cells

__all__ = ["Plan", "code_text", "kind_lookup", "read_plan", "split_list"]

DATE_KEYS = ("issued_on", "start", "end", "data_date", "return_due")
INT_KEYS = ("warning_days", "award_min_tasks")
NUMBER_KEYS = ("award_min_on_time",)


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

    def date(self, value: object, sheet: str, cell: str, column: str) -> dt.date | None:
        if is_blank(value):
            return None
        parsed = parse_date(value, default_year=self.year)
        if parsed is None:
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


def _read_info(raw, report: Report, file: str) -> tuple[dict[str, object], dict[str, str]]:
    """Kế hoạch: the first cell of a row names a setting, the next filled cell holds it."""
    lookup: dict[str, str] = {}
    for key, header, aliases in labels.PLAN_FIELDS:
        for spelling in (header, *aliases):
            lookup.setdefault(header_key(spelling), key)
            lookup.setdefault(strip_diacritics(header_key(spelling)), key)
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
                           suggestion=closest(str(name), [h for _, h, _ in labels.PLAN_FIELDS]))
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
    headers = {k: h for k, h, _ in labels.PLAN_FIELDS}
    typer = _Typer(report, file, None)
    info: dict[str, object] = {}
    for key, _, _ in labels.PLAN_FIELDS:
        value = raw_info.get(key)
        cell, column = info_cells.get(key, ""), headers[key]
        if key in DATE_KEYS:
            info[key] = typer.date(value, plan_sheet, cell, column)
        elif key in INT_KEYS:
            info[key] = typer.integer(value, plan_sheet, cell, column)
        elif key in NUMBER_KEYS:
            info[key] = typer.number(value, plan_sheet, cell, column, parse_percent)
        else:
            info[key] = None if is_blank(value) else normalize_text(str(value))
    anchor = info.get("start") or info.get("issued_on") or info.get("end")
    typer.year = anchor.year if isinstance(anchor, dt.date) else None
    for key, default in labels.PLAN_DEFAULTS.items():
        if info.get(key) is None and (plan_sheet, info_cells.get(key, "")) not in typer.bad_cells:
            info[key] = default

    tables: dict[str, Table] = {}
    for name in (labels.SHEET_PHASES, labels.SHEET_UNITS, labels.SHEET_TASKS):
        fields = labels.SHEET_FIELDS[name]
        if name in sheets:
            raw = book.read(sheets[name])
            tables[name] = read_table(raw, fields, labels.SHEET_REQUIRED[name], report, file)
        else:
            tables[name] = Table(name, [k for k, _, _ in fields], [], [])
    phases = _type_phases(tables[labels.SHEET_PHASES], typer)
    units = _type_units(tables[labels.SHEET_UNITS])
    tasks = _type_tasks(tables[labels.SHEET_TASKS], typer)
    units, tasks = with_unit_codes(units, tasks)
    plan = Plan(file, info, info_cells, phases, units, tasks, tables, sheets)
    validate_plan(plan, report, skip_cells=typer.bad_cells)
    from thidua.write.control import button_problems

    for code, params in button_problems(path):
        report.add(code, file=file, **params)
    report.sort(list(sheets.get(s, s) for s in labels.CANONICAL_SHEETS))
    return plan, report


def _cells(table: Table, key: str) -> list[str]:
    col = table.columns.get(key)
    return [cell_ref(r, col) for r in table.index]


def _set(df: pd.DataFrame, key: str, values: list[object]) -> None:
    """Assign as object dtype: None stays None (pandas would turn it into NaN in str columns)."""
    df[key] = pd.Series(values, index=df.index, dtype=object)


def _text(value: object) -> str | None:
    return None if is_blank(value) else normalize_text(str(value))


def _type_phases(table: Table, typer: _Typer) -> pd.DataFrame:
    df = table.frame.copy()
    headers = {k: h for k, h, _ in labels.PHASE_FIELDS}
    _set(df, "code", [code_text(v) for v in df["code"]])
    for key in ("name", "focus"):
        _set(df, key, [_text(v) for v in df[key]])
    for key in ("start", "end"):
        _set(df, key, [typer.date(v, table.sheet, c, headers[key])
                       for v, c in zip(df[key], _cells(table, key), strict=True)])
    return df


def _type_units(table: Table) -> pd.DataFrame:
    df = table.frame.copy()
    for key in ("code", "phone"):
        _set(df, key, [code_text(v) for v in df[key]])
    for key in ("name", "kind", "level", "parent", "email", "note"):
        _set(df, key, [_text(v) for v in df[key]])
    for key in ("aliases", "members"):
        _set(df, key, [split_list(v) for v in df[key]])
    group = match_key(labels.UNIT_KIND_GROUP)
    df["is_group"] = pd.Series([match_key(k) == group for k in df["kind"]], index=df.index,
                               dtype=bool)
    return df


def _type_tasks(table: Table, typer: _Typer) -> pd.DataFrame:
    df = table.frame.copy()
    sheet = table.sheet
    headers = {k: h for k, h, _ in labels.TASK_FIELDS}
    kinds = kind_lookup()
    for key in ("code", "parent", "phase"):
        _set(df, key, [code_text(v) for v in df[key]])
    for key in ("content", "target_text", "measure", "baseline_ref", "leader", "note"):
        _set(df, key, [_text(v) for v in df[key]])
    _set(df, "kind_text", [_text(v) for v in df["kind"]])
    _set(df, "kind", [None if t is None else kinds.get(header_key(t))
                      or kinds.get(strip_diacritics(header_key(t))) for t in df["kind_text"]])
    _set(df, "comparison_text", [_text(v) for v in df["comparison"]])
    _set(df, "comparison", [None if t is None else parse_comparison(t)
                            for t in df["comparison_text"]])
    targets, scales = [], []
    for kind, value, scale, cell_t, cell_s in zip(
            df["kind"], df["target"], df["scale"], _cells(table, "target"),
            _cells(table, "scale"), strict=True):
        parser = {"reduce_fraction": parse_fraction, "rate": parse_percent}.get(kind, parse_number)
        pair = parse_pair(value) if kind == "cumulative" and isinstance(value, str) else None
        if pair:
            targets.append(pair[0])
            scales.append(pair[1] if is_blank(scale) else
                          typer.number(scale, sheet, cell_s, headers["scale"]))
            continue
        targets.append(typer.number(value, sheet, cell_t, headers["target"], parser))
        scales.append(typer.number(scale, sheet, cell_s, headers["scale"]))
    baselines = [typer.number(v, sheet, c, headers["baseline"])
                 for v, c in zip(df["baseline"], _cells(table, "baseline"), strict=True)]
    weights = [typer.number(v, sheet, c, headers["weight"])
               for v, c in zip(df["weight"], _cells(table, "weight"), strict=True)]
    for key, values in (("target", targets), ("scale", scales), ("baseline", baselines),
                        ("weight", [1.0 if w is None else w for w in weights])):
        df[key] = pd.array(values, dtype="Float64")
    df["weight_given"] = pd.Series([w is not None for w in weights], index=df.index, dtype=bool)
    for key in ("effective_from", "deadline"):
        _set(df, key, [typer.date(v, sheet, c, headers[key])
                       for v, c in zip(df[key], _cells(table, key), strict=True)])
    for key in ("leads", "partners"):
        _set(df, key, [split_list(v) for v in df[key]])
    return df

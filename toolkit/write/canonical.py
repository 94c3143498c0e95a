"""Writing the canonical workbook (biểu chi tiết): the empty template and the sample plan.

Only `thidua init` and the repository's builder write this file; every other command only
reads it. Written with XlsxWriter, to a temporary name, then renamed."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from thidua.core import errors, fields, labels
from thidua.core.fields import Field, FieldTable
from thidua.core.parsing.dates import parse_date
from thidua.core.parsing.numbers import parse_number
from thidua.store.files import atomic_path
from thidua.write.xlsx import HEADER, TITLE, new_book

MAX_ROWS = 2000  # rows prepared with drop-downs and formats below each header

@dataclass
class PlanContent:
    """What goes into a canonical workbook, keyed by field keys (see core/fields.py)."""

    info: dict[str, object] = field(default_factory=dict)
    phases: list[dict[str, object]] = field(default_factory=list)
    units: list[dict[str, object]] = field(default_factory=list)
    tasks: list[dict[str, object]] = field(default_factory=list)
    unit_targets: list[dict[str, object]] = field(default_factory=list)
    #: Tiêu chí khen thưởng rows; None writes no such sheet (the Kế hoạch settings apply).
    criteria: list[dict[str, object]] | None = None


def _rows_from_csv(name: str, by_header: dict[str, str | None]) -> list[dict[str, object]]:
    """Rows of a bundled CSV whose header row holds the Vietnamese headers."""
    text = resources.files("thidua").joinpath("data", name).read_text(encoding="utf-8")
    rows = []
    for record in csv.DictReader(text.splitlines()):
        rows.append({by_header[h]: (v if v != "" else None) for h, v in record.items()})
    return rows


#: Bundled sample plans, by the number of the seed plan they type in: the prefix of their
#: CSV files in data/ (<prefix>_plan.csv, _phases.csv, _units.csv, _tasks.csv).
SAMPLES: dict[str, str] = {
    "000": "sample",  # Kế hoạch 111/KH-UBND of UBND huyện Hiệp Hòa, 19/4/2024
    "001": "seed001",  # a district's year-end sprint to 31/12/2024 (samples/seed001/)
    "002": "seed002",  # Kế hoạch 42/KH-UBND of UBND thị trấn Hà Trung, 2023 (samples/seed002/)
    "003": "seed003",  # Kế hoạch 71/KH-UBND of UBND tỉnh Hưng Yên, 2022–2025 (samples/seed003/)
}
DEFAULT_SAMPLE = "000"


def sample_content(seed: str = DEFAULT_SAMPLE) -> PlanContent:
    """A bundled sample plan (default: Kế hoạch 111/KH-UBND of UBND huyện Hiệp Hòa,
    19/4/2024). Raises UnknownSample for a seed number without a bundled sample."""
    prefix = SAMPLES.get(seed)
    if prefix is None:
        raise errors.UnknownSample(value=seed, expected=", ".join(SAMPLES))
    info_rows = _rows_from_csv(f"{prefix}_plan.csv", {labels.PLAN_HEADER[0]: None,
                                                      labels.PLAN_HEADER[1]: "value"})
    by_header = {f.header: f.key for f in fields.PLAN}
    info = {by_header[r[None]]: r["value"] for r in info_rows}
    return PlanContent(
        info=info,
        phases=_rows_from_csv(f"{prefix}_phases.csv", _by_header(labels.SHEET_PHASES)),
        units=_rows_from_csv(f"{prefix}_units.csv", _by_header(labels.SHEET_UNITS)),
        tasks=_rows_from_csv(f"{prefix}_tasks.csv", _by_header(labels.SHEET_TASKS)),
        criteria=_sample_criteria(prefix),
    )


def _by_header(sheet: str) -> dict[str, str | None]:
    return {f.header: f.key for f in fields.SHEETS[sheet]}


def template_content() -> PlanContent:
    """An empty plan with the default settings and the default criteria filled in."""
    return PlanContent(info=fields.PLAN.defaults(), criteria=default_criteria())


# --- Tiêu chí khen thưởng: the default rules as rows (DESIGN §6), and a sample's own ---

def default_criteria() -> list[dict[str, object]]:
    """Today's rules as criteria rows: award a unit that leads at least 1 task with 100 % on
    time over tasks due; criticise a missed task whose cause includes "Chủ quan"."""
    defaults = fields.PLAN.defaults()
    award, criticise = (labels.CRITERIA_ACTIONS[k][0] for k in ("award", "criticise"))
    condition = {k: h for k, (h, _) in labels.CRITERIA_CONDITIONS.items()}
    return [
        {"code": "KT1", "action": award, "condition": condition["min_led"],
         "value": defaults["award_min_tasks"]},
        {"code": "KT1", "condition": condition["min_on_time"],
         "value": defaults["award_min_on_time"]},
        {"code": "PB1", "action": criticise, "condition": condition["missed_for_cause"],
         "value": defaults["criticise_causes"]},
    ]


def _sample_criteria(prefix: str) -> list[dict[str, object]]:
    """A sample's criteria CSV when it has one, else the default rows."""
    if not resources.files("thidua").joinpath("data", f"{prefix}_criteria.csv").is_file():
        return default_criteria()
    return _rows_from_csv(f"{prefix}_criteria.csv", _by_header(labels.SHEET_CRITERIA))


def _typed(f: Field, value: object) -> object:
    """CSV text to the cell value staff would type: dates as dates, numbers as numbers."""
    if value is None or not isinstance(value, str):
        return value
    if f.type == fields.DATE:  # a period: its first day in a cell that starts a span
        return parse_date(value, first=f.first_day) or value
    if f.type in fields.NUMERIC:
        number = parse_number(value)
        if number is not None and "/" not in value:
            return int(number) if number.is_integer() else number
    return value


class _Formats:
    def __init__(self, book) -> None:
        self.header = book.add_format(HEADER)
        self.title = book.add_format(TITLE)
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.text = book.add_format({"num_format": "@", "valign": "top"})
        self.date = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top",
                                     "align": "left"})
        self.number = book.add_format({"num_format": "#,##0.##", "valign": "top"})
        self.key = book.add_format({"bold": True, "valign": "top", "text_wrap": True})

    def for_field(self, f: Field):
        if f.type == fields.DATE:
            return self.date
        if f.type == fields.CODE:
            return self.text
        if f.type in fields.NUMERIC:
            return self.number
        return self.wrap


def _write(ws, row: int, col: int, value: object, fmt) -> None:
    """Write a value by type; text always as text (a leading '=' never becomes a formula)."""
    if value is None:
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), fmt)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, str(value), fmt)


def write_canonical(path: str | Path, content: PlanContent,
                    extra: Callable[[object], None] | None = None) -> Path:
    """Write a canonical workbook (.xlsx, no macros: the button lives in the control
    workbook, see write/control.py) atomically. extra is called with the XlsxWriter book
    once the canonical sheets are written (a draft marks its guessed cells and adds its
    review sheet there)."""
    path = Path(path)
    with atomic_path(path) as tmp:
        book = new_book(tmp)
        fmt = _Formats(book)
        _guide(book, fmt, (labels.GUIDE_CRITERIA,) if content.criteria is not None else ())
        _plan_sheet(book, fmt, content.info)
        for sheet, rows in ((labels.SHEET_PHASES, content.phases),
                            (labels.SHEET_UNITS, content.units),
                            (labels.SHEET_TASKS, content.tasks),
                            (labels.SHEET_UNIT_TARGETS, content.unit_targets)):
            _table_sheet(book, fmt, sheet, rows)
        if content.criteria is not None:
            _table_sheet(book, fmt, labels.SHEET_CRITERIA, content.criteria)
        if extra is not None:
            extra(book)
        book.worksheets()[1].activate()
        book.close()
    return path


def _print_setup(ws) -> None:
    """A4 landscape, one page wide, header row on every page."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)


def _guide(book, fmt: _Formats, extra: tuple[str, ...] = ()) -> None:
    ws = book.add_worksheet(labels.SHEET_GUIDE)
    _print_setup(ws)
    ws.set_column(0, 0, 120, fmt.wrap)
    ws.write_string(0, 0, labels.GUIDE_TITLE, fmt.title)
    for i, line in enumerate((*labels.GUIDE_LINES, *extra), start=2):
        ws.write_string(i, 0, line, fmt.wrap)


def _plan_sheet(book, fmt: _Formats, info: dict[str, object]) -> None:
    ws = book.add_worksheet(labels.SHEET_PLAN)
    _print_setup(ws)
    ws.set_column(0, 0, 45)
    ws.set_column(1, 1, 90)
    ws.write_row(0, 0, labels.PLAN_HEADER, fmt.header)
    ws.freeze_panes(1, 0)
    for r, f in enumerate(fields.PLAN, start=1):
        ws.write_string(r, 0, f.header, fmt.key)
        _write(ws, r, 1, _typed(f, info.get(f.key)), fmt.for_field(f))


def _table_sheet(book, fmt: _Formats, sheet: str, rows: list[dict[str, object]]) -> None:
    table: FieldTable = fields.SHEETS[sheet]
    ws = book.add_worksheet(sheet)
    _print_setup(ws)
    keys = table.keys
    for c, f in enumerate(table):
        ws.set_column(c, c, f.width, fmt.for_field(f))
    ws.write_row(0, 0, [f.header for f in table], fmt.header)
    ws.set_row(0, 32)
    ws.freeze_panes(1, 1 if sheet == labels.SHEET_TASKS else 0)
    ws.autofilter(0, 0, max(len(rows), 1), len(keys) - 1)
    for r, record in enumerate(rows, start=1):
        for c, f in enumerate(table):
            _write(ws, r, c, _typed(f, record.get(f.key)), fmt.for_field(f))
    col = {k: i for i, k in enumerate(keys)}
    if sheet == labels.SHEET_TASKS:
        _list(ws, col["kind"], list(labels.KINDS.values()), table["kind"].help)
        _list(ws, col["comparison"], list(labels.COMPARISONS.values()),
              table["comparison"].help)
        ws.data_validation(1, col["phase"], MAX_ROWS, col["phase"], {
            "validate": "list", "source": f"='{labels.SHEET_PHASES}'!$A$2:$A${MAX_ROWS}",
            "error_type": "warning"})
        ws.data_validation(1, col["weight"], MAX_ROWS, col["weight"], {
            "validate": "decimal", "criteria": ">", "value": 0, "error_type": "warning",
            "input_message": table["weight"].help})
        _list(ws, col["cycle"], list(labels.CYCLE_CHOICES), table["cycle"].help)
    if sheet == labels.SHEET_UNITS:
        _list(ws, col["kind"], list(labels.UNIT_KINDS), table["kind"].help)
        ws.data_validation(1, col["successor"], MAX_ROWS, col["successor"], {
            "validate": "list", "source": f"='{labels.SHEET_UNITS}'!$A$2:$A${MAX_ROWS}",
            "error_type": "information", "input_title": labels.VALIDATION_TITLE,
            "input_message": table["successor"].help})
    if sheet == labels.SHEET_CRITERIA:
        _list(ws, col["action"], [w[0] for w in labels.CRITERIA_ACTIONS.values()],
              labels.VALIDATION_CRITERIA_ACTION)
        _list(ws, col["condition"], [h for h, _ in labels.CRITERIA_CONDITIONS.values()],
              labels.VALIDATION_CRITERIA_CONDITION)


def _list(ws, col: int, values: list[str], message: str) -> None:
    ws.data_validation(1, col, MAX_ROWS, col, {
        "validate": "list", "source": values, "error_type": "warning",
        "input_title": labels.VALIDATION_TITLE, "input_message": message})

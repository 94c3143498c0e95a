"""Writing the canonical workbook (biểu chi tiết): the empty template and the sample plan.

Only `thidua init` and the repository's builder write this file; every other command only
reads it. Written with XlsxWriter, to a temporary name, then renamed."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from thidua.core import labels
from thidua.core.parsing.dates import parse_date
from thidua.core.parsing.numbers import parse_number
from thidua.store.files import atomic_path
from thidua.write.xlsx import HEADER, TITLE, new_book

MAX_ROWS = 2000  # rows prepared with drop-downs and formats below each header

DATE_FIELDS = {"issued_on", "start", "end", "data_date", "return_due", "effective_from",
               "deadline"}
NUMBER_FIELDS = {"warning_days", "award_min_tasks", "award_min_on_time", "scale", "baseline",
                 "weight"}
TEXT_FIELDS = {"code", "parent", "phase", "phone"}
WIDTHS = {
    labels.SHEET_PHASES: {"code": 10, "name": 40, "start": 13, "end": 13, "focus": 50},
    labels.SHEET_UNITS: {"code": 14, "name": 45, "aliases": 40, "kind": 18, "level": 10,
                         "parent": 16, "members": 40, "email": 28, "phone": 15, "note": 40},
    labels.SHEET_TASKS: {"code": 8, "parent": 10, "content": 50, "target_text": 36, "kind": 20,
                         "comparison": 9, "target": 12, "scale": 10, "measure": 16,
                         "baseline": 11, "baseline_ref": 14, "effective_from": 13,
                         "deadline": 13, "phase": 8, "leads": 40, "partners": 45, "leader": 20,
                         "weight": 9, "note": 40},
}


@dataclass
class PlanContent:
    """What goes into a canonical workbook, keyed by field keys (see labels)."""

    info: dict[str, object] = field(default_factory=dict)
    phases: list[dict[str, object]] = field(default_factory=list)
    units: list[dict[str, object]] = field(default_factory=list)
    tasks: list[dict[str, object]] = field(default_factory=list)


def _rows_from_csv(name: str, fields) -> list[dict[str, object]]:
    by_header = {h: k for k, h, _ in fields}
    text = resources.files("thidua").joinpath("data", name).read_text(encoding="utf-8")
    rows = []
    for record in csv.DictReader(text.splitlines()):
        rows.append({by_header[h]: (v if v != "" else None) for h, v in record.items()})
    return rows


def sample_content() -> PlanContent:
    """The bundled sample: Kế hoạch 111/KH-UBND of UBND huyện Hiệp Hòa, 19/4/2024."""
    info_rows = _rows_from_csv("sample_plan.csv", ((None, labels.PLAN_HEADER[0], ()),
                                                   ("value", labels.PLAN_HEADER[1], ())))
    by_header = {h: k for k, h, _ in labels.PLAN_FIELDS}
    info = {by_header[r[None]]: r["value"] for r in info_rows}
    return PlanContent(
        info=info,
        phases=_rows_from_csv("sample_phases.csv", labels.PHASE_FIELDS),
        units=_rows_from_csv("sample_units.csv", labels.UNIT_FIELDS),
        tasks=_rows_from_csv("sample_tasks.csv", labels.TASK_FIELDS),
    )


def template_content() -> PlanContent:
    """An empty plan with the default settings filled in."""
    return PlanContent(info=dict(labels.PLAN_DEFAULTS))


def _typed(key: str, value: object) -> object:
    """CSV text to the cell value staff would type: dates as dates, numbers as numbers."""
    if value is None or not isinstance(value, str):
        return value
    if key in DATE_FIELDS:
        return parse_date(value) or value
    if key in NUMBER_FIELDS or key == "target":
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

    def for_key(self, key: str):
        if key in DATE_FIELDS:
            return self.date
        if key in TEXT_FIELDS:
            return self.text
        if key in NUMBER_FIELDS or key == "target":
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
                    vba_project: bytes | None = None) -> Path:
    """Write a canonical workbook (.xlsx, or .xlsm with a VBA project) atomically."""
    path = Path(path)
    with atomic_path(path) as tmp:
        book = new_book(tmp)
        fmt = _Formats(book)
        if vba_project is not None:
            book.add_vba_project(io.BytesIO(vba_project), is_stream=True)
            _control(book, fmt)
        _guide(book, fmt)
        _plan_sheet(book, fmt, content.info)
        for sheet, rows in ((labels.SHEET_PHASES, content.phases),
                            (labels.SHEET_UNITS, content.units),
                            (labels.SHEET_TASKS, content.tasks)):
            _table_sheet(book, fmt, sheet, rows)
        book.worksheets()[0 if vba_project is not None else 1].activate()
        book.close()
    return path


def _print_setup(ws) -> None:
    """A4 landscape, one page wide, header row on every page."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0)


#: The macro of xlwings' standalone quickstart VBA that the button calls: it runs
#: `import <workbook name>; <workbook name>.main()`.
ENTRY_MACRO = "SampleCall"


def _control(book, fmt: _Formats) -> None:
    """Điều khiển: named input cells, a status line and the button (values only)."""
    ws = book.add_worksheet(labels.SHEET_CONTROL)
    ws.set_column(0, 0, 58)
    ws.set_column(1, 1, 40)
    ws.write_string(0, 0, labels.CONTROL_TITLE, fmt.title)
    for i, line in enumerate(labels.CONTROL_LINES, start=1):
        ws.write_string(i, 0, line, fmt.wrap)
    first = len(labels.CONTROL_LINES) + 2
    inputs = book.add_format({"bg_color": "#FFF2CC", "border": 1})
    for i, (key, caption) in enumerate(labels.CONTROL_FIELDS):
        row = first + i
        ws.write_string(row, 0, caption, fmt.key)
        cell_fmt = fmt.date if key == "as_of" else inputs if key != "status" else fmt.wrap
        ws.write_blank(row, 1, None, cell_fmt)
        book.define_name(labels.CONTROL_NAMES[key],
                         f"='{labels.SHEET_CONTROL}'!$B${row + 1}")
    action_row = first
    ws.write_string(action_row, 1, labels.ACTIONS["check"], inputs)
    ws.data_validation(action_row, 1, action_row, 1, {
        "validate": "list", "source": list(labels.ACTIONS.values())})
    ws.insert_button(first + len(labels.CONTROL_FIELDS) + 1, 1, {
        "macro": ENTRY_MACRO, "caption": labels.BUTTON_CAPTION, "width": 160, "height": 36})


def _guide(book, fmt: _Formats) -> None:
    ws = book.add_worksheet(labels.SHEET_GUIDE)
    _print_setup(ws)
    ws.set_column(0, 0, 120, fmt.wrap)
    ws.write_string(0, 0, labels.GUIDE_TITLE, fmt.title)
    for i, line in enumerate(labels.GUIDE_LINES, start=2):
        ws.write_string(i, 0, line, fmt.wrap)


def _plan_sheet(book, fmt: _Formats, info: dict[str, object]) -> None:
    ws = book.add_worksheet(labels.SHEET_PLAN)
    _print_setup(ws)
    ws.set_column(0, 0, 45)
    ws.set_column(1, 1, 90)
    ws.write_row(0, 0, labels.PLAN_HEADER, fmt.header)
    ws.freeze_panes(1, 0)
    for r, (key, header, _) in enumerate(labels.PLAN_FIELDS, start=1):
        ws.write_string(r, 0, header, fmt.key)
        _write(ws, r, 1, _typed(key, info.get(key)), fmt.for_key(key))


def _table_sheet(book, fmt: _Formats, sheet: str, rows: list[dict[str, object]]) -> None:
    fields = labels.SHEET_FIELDS[sheet]
    ws = book.add_worksheet(sheet)
    _print_setup(ws)
    keys = [k for k, _, _ in fields]
    widths = WIDTHS[sheet]
    for c, key in enumerate(keys):
        ws.set_column(c, c, widths.get(key, 15), fmt.for_key(key))
    ws.write_row(0, 0, [h for _, h, _ in fields], fmt.header)
    ws.set_row(0, 32)
    ws.freeze_panes(1, 1 if sheet == labels.SHEET_TASKS else 0)
    ws.autofilter(0, 0, max(len(rows), 1), len(keys) - 1)
    for r, record in enumerate(rows, start=1):
        for c, key in enumerate(keys):
            _write(ws, r, c, _typed(key, record.get(key)), fmt.for_key(key))
    col = {k: i for i, k in enumerate(keys)}
    if sheet == labels.SHEET_TASKS:
        _list(ws, col["kind"], list(labels.KINDS.values()), labels.VALIDATION_KIND)
        _list(ws, col["comparison"], list(labels.COMPARISONS.values()),
              labels.VALIDATION_COMPARISON)
        ws.data_validation(1, col["phase"], MAX_ROWS, col["phase"], {
            "validate": "list", "source": f"='{labels.SHEET_PHASES}'!$A$2:$A${MAX_ROWS}",
            "error_type": "warning"})
        ws.data_validation(1, col["weight"], MAX_ROWS, col["weight"], {
            "validate": "decimal", "criteria": ">", "value": 0, "error_type": "warning",
            "input_message": labels.VALIDATION_WEIGHT})
    if sheet == labels.SHEET_UNITS:
        _list(ws, col["kind"], list(labels.UNIT_KINDS), labels.VALIDATION_UNIT_KIND)


def _list(ws, col: int, values: list[str], message: str) -> None:
    ws.data_validation(1, col, MAX_ROWS, col, {
        "validate": "list", "source": values, "error_type": "warning",
        "input_title": labels.VALIDATION_TITLE, "input_message": message})

"""The dated, colour-coded, print-ready report workbook (XlsxWriter), values only.

Status colours are native conditional formats on the status text, so they follow when
staff edit; the text is always there for black-and-white printouts."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd

from thidua.core import labels
from thidua.core.assignments import LEAD
from thidua.core.model import Plan
from thidua.core.parsing.dates import format_date, format_datetime, format_day
from thidua.core.parsing.numbers import format_number
from thidua.core.parsing.text import is_issued_number
from thidua.report import (
    ReportData,
    explanation_rows,
    explanations,
    headline,
    lead_names,
    overdue_tasks,
    percent_text,
)
from thidua.store.files import atomic_path, write_or_beside
from thidua.write.xlsx import HEADER, TITLE, cell_text, new_book, row_height

LAST_ROW = 5000  # conditional formats and filters cover rows staff may add below

#: Status key -> (fill, font colour) as RGB hex; None = no fill / default font.
STATUS_COLORS: dict[str, tuple[str | None, str | None]] = {
    "on_time": ("C6EFCE", "006100"),
    "late_done": ("FCE4D6", "833C0B"),
    "in_progress": ("DDEBF7", "1F4E78"),
    "due_soon": ("FFEB9C", "9C5700"),
    "overdue": ("FFC7CE", "9C0006"),
    "failed": ("FFC7CE", "9C0006"),
    "no_report": ("D9D9D9", "404040"),
    "no_deadline": (None, None),
}


def report_title(plan: Plan) -> str:
    """The report's title: with the plan's number, or saying it has none yet."""
    number = plan.info.get("number")
    if not is_issued_number(number):
        return labels.REPORT_TITLE_UNNUMBERED
    return labels.REPORT_TITLE.format(number=" ".join(str(number).split()))


class _Formats:
    def __init__(self, book) -> None:
        add = book.add_format
        self.title = add(TITLE)
        self.subtitle = add({"italic": True})
        self.headline = add({"bold": True, "font_size": 12})
        self.head = add(HEADER)
        self.text = add({"text_wrap": True, "valign": "top", "border": 1})
        self.bold = add({"text_wrap": True, "valign": "top", "border": 1, "bold": True})
        self.date = add({"num_format": "dd/mm/yyyy", "valign": "top", "border": 1,
                         "align": "center"})
        self.pct = add({"num_format": "0.0", "valign": "top", "border": 1})
        self.delta = add({"num_format": "+0.0;-0.0;0.0", "valign": "top", "border": 1})
        self.int = add({"num_format": "0", "valign": "top", "border": 1})
        self.status = {key: add({"bg_color": f"#{fill}", "font_color": f"#{font}"})
                       for key, (fill, font) in STATUS_COLORS.items() if fill}
        self.legend = {key: add({"bg_color": f"#{fill}", "font_color": f"#{font}",
                                 "border": 1})
                       for key, (fill, font) in STATUS_COLORS.items() if fill}


def _cell(ws, r: int, c: int, value: object, fmt) -> None:
    """Values only; text stays text; NaN, infinities and None are blank."""
    if value is None or value is pd.NA or value is pd.NaT or value == "" or (
            isinstance(value, float) and not math.isfinite(value)):
        ws.write_blank(r, c, None, fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), fmt)
    elif isinstance(value, bool):
        ws.write_string(r, c, str(value), fmt)
    elif isinstance(value, int | float):
        ws.write_number(r, c, float(value), fmt)
    else:
        ws.write_string(r, c, cell_text(value), fmt)


def _row(ws, r: int, values: tuple, fmts: tuple) -> None:
    for c, (value, fmt) in enumerate(zip(values, fmts, strict=True)):
        _cell(ws, r, c, value, fmt)


def _sheet(book, f: _Formats, name: str, headers: tuple[str, ...], widths: tuple[int, ...],
           data: ReportData, first: int = 3):
    """A sheet with the report title, a header row at `first`, print and view settings."""
    ws = book.add_worksheet(name)
    plan = data.plan
    ws.write_string(0, 0, report_title(plan), f.title)
    ws.write_string(1, 0, labels.REPORT_SUBTITLE.format(
        as_of=format_date(data.as_of), made=format_datetime(dt.datetime.now())),
        f.subtitle)
    ws.write_row(first, 0, headers, f.head)
    ws.set_row(first, 45)
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    ws.freeze_panes(first + 1, 0)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(first)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    ws.set_footer("&C&P / &N")
    return ws


def _status_colours(ws, f: _Formats, first_row: int, col: int) -> None:
    """Native conditional formats: the fill follows the status text in the cell."""
    for key, fmt in f.status.items():
        ws.conditional_format(first_row, col, LAST_ROW, col, {
            "type": "cell", "criteria": "==", "value": f'"{labels.STATUS_TEXT[key]}"',
            "format": fmt})


def _finish(ws, header_row: int, last_row: int, columns: int) -> None:
    ws.autofilter(header_row, 0, max(last_row, header_row + 1), columns - 1)


def write_report(path: str | Path, data: ReportData,
                 sheets: tuple[str, ...] | None = None) -> Path:
    """Write the report workbook atomically (only `sheets`, when given: the PDF's)."""
    path = Path(path)
    writers = ((labels.SHEET_SUMMARY, _summary), (labels.SHEET_BY_UNIT, _by_unit),
               (labels.SHEET_OVERDUE, _overdue), (labels.SHEET_NOT_REPORTED, _not_reported),
               (labels.SHEET_EXPLAIN, _explain), (labels.SHEET_AWARDS, _awards),
               (labels.SHEET_VALUES, _values), (labels.SHEET_RECEIPTS, _receipts))
    with atomic_path(path) as tmp:
        book = new_book(tmp)
        f = _Formats(book)
        for name, write in writers:
            if sheets is None or name in sheets:
                write(book, f, data)
        book.close()
    return path


def plan_slug(plan: Plan) -> str:
    """The plan in a file name: its number ("111-KH-UBND"), or "ke-hoach" without one."""
    from thidua.write.forms import safe_file_name

    given = plan.info.get("number")
    number = (" ".join(str(given).split()) if is_issued_number(given)
              else "ke-hoach").replace("/", "-")
    return safe_file_name(number).replace(" ", "-")


def report_path(workbook: str | Path, plan: Plan, as_of: dt.date) -> Path:
    """bao-cao/tong-hop-<plan>-<dd-mm-yyyy>.xlsx beside the canonical workbook."""
    name = labels.REPORT_FILE.format(plan=plan_slug(plan), date=format_date(as_of, sep="-"))
    return Path(workbook).resolve().parent / labels.REPORT_DIR / name


def free_path(path: Path) -> Path:
    """path, or path-2, path-3 ... when Excel holds it open (its ~$ lock file is there)."""
    candidate, n = path, 1
    while (candidate.parent / f"~${candidate.name}").exists():
        n += 1
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
    return candidate


def save_report(data: ReportData, path: Path) -> Path:
    """Write the report to path, or beside it when that file is open in Excel."""
    return write_or_beside(free_path(path), lambda target: write_report(target, data))


def _results_text(data: ReportData) -> dict[str, str]:
    """Kết quả per task: the leads' reported values, as they reported them."""
    rows = data.results[data.results["role"] == LEAD]
    out: dict[str, list[str]] = {}
    for r in rows.itertuples():
        value = r.value_text if r.value_text else (
            "" if pd.isna(r.value) else format_number(float(r.value)))
        if value:
            out.setdefault(r.task, []).append(str(value))
    return {k: "; ".join(v) for k, v in out.items()}


def _summary(book, f: _Formats, data: ReportData) -> None:
    widths = (8, 48, 28, 30, 24, 12, 22, 12, 12, 14, 30)
    ws = _sheet(book, f, labels.SHEET_SUMMARY, labels.SUMMARY_HEADERS, widths, data, first=4)
    top = headline(data)
    achieved = labels.PLAN_HEADLINE.format(achieved=top.achieved, total=top.total)
    ws.write_string(2, 0, labels.REPORT_HEADLINE.format(headline=achieved,
                                                        pct=percent_text(top.pct)), f.headline)
    tasks = data.evaluation.tasks
    plan_tasks = data.plan.tasks.set_index("code", drop=False)
    leads = lead_names(data)
    results = _results_text(data)
    r = 4
    for t in tasks.itertuples():
        r += 1
        info = plan_tasks.loc[t.code]
        fmt = f.text if t.leaf else f.bold
        previous = data.previous.get(t.code)
        delta = (t.pct - previous) if previous is not None and not pd.isna(t.pct) else None
        note = labels.COMPLETION_NOTES.get(t.note, "") if t.note else ""
        values = (t.code, info["content"], leads.get(t.code, ""), info["target_text"],
                  results.get(t.code, ""), t.pct, labels.STATUS_TEXT.get(t.status, ""),
                  t.deadline, t.completed, delta, note)
        fmts = (fmt, fmt, f.text, f.text, f.text, f.pct, f.text, f.date, f.date, f.delta,
                f.text)
        _row(ws, r, values, fmts)
        ws.set_row(r, row_height([(str(v or ""), w) for v, w in zip(
            (values[1], values[2], values[3], values[4], note), (48, 28, 30, 24, 30),
            strict=True)]))
    _status_colours(ws, f, 5, 6)
    _finish(ws, 4, r, len(labels.SUMMARY_HEADERS))
    _legend(ws, f, 5, len(labels.SUMMARY_HEADERS) + 1)
    if data.trend:
        _trend_chart(book, ws, data, r + 3)


def _legend(ws, f: _Formats, row: int, col: int) -> None:
    ws.set_column(col, col, 26)
    ws.write_string(row - 1, col, labels.REPORT_LEGEND, f.head)
    for i, (key, fmt) in enumerate(f.legend.items()):
        ws.write_string(row + i, col, labels.STATUS_TEXT[key], fmt)
    ws.write_string(row + len(f.legend), col, labels.STATUS_TEXT["no_deadline"], f.text)


def _trend_chart(book, ws, data: ReportData, row: int) -> None:
    points = [*data.trend, (labels.ROUND_CURRENT, data.evaluation.plan.iloc[0]["pct"])]
    col = len(labels.SUMMARY_HEADERS) + 3
    for i, (when, pct) in enumerate(points):
        label = when if when == labels.ROUND_CURRENT else format_day(when)
        ws.write_string(row + i, col, label)
        _cell(ws, row + i, col + 1, None if pct is None else float(pct), None)
    chart = book.add_chart({"type": "line"})
    sheet = labels.SHEET_SUMMARY
    chart.add_series({"name": labels.CHART_TREND,
                      "categories": [sheet, row, col, row + len(points) - 1, col],
                      "values": [sheet, row, col + 1, row + len(points) - 1, col + 1],
                      "marker": {"type": "circle"}})
    chart.set_title({"name": labels.CHART_TREND})
    chart.set_legend({"none": True})
    chart.set_y_axis({"min": 0, "max": 100})
    ws.insert_chart(row, 1, chart)


def _by_unit(book, f: _Formats, data: ReportData) -> None:
    widths = (8, 14, 40, 16, 10, 10, 10, 10, 10, 10, 16, 16, 12, 10, 10)
    ws = _sheet(book, f, labels.SHEET_BY_UNIT, labels.BY_UNIT_HEADERS, widths, data)
    units = data.plan.units.set_index("code", drop=False)
    table = data.evaluation.units
    table = table[(table["led"] > 0) | (table["partner_tasks"] > 0)]
    r = 3
    for u in table.itertuples():
        r += 1
        on_time = labels.NOT_APPLICABLE if pd.isna(u.on_time_rate) else u.on_time_rate
        completion = labels.NOT_APPLICABLE if pd.isna(u.completion_rate) else u.completion_rate
        rank = None if pd.isna(u.rank) else int(u.rank)
        values = (rank, u.unit, units.at[u.unit, "name"], units.at[u.unit, "kind"], u.led,
                  u.on_time, u.late_done, u.open_in_time, u.open_overdue, u.not_reported,
                  completion, on_time, u.mean_pct, u.exceeded, u.partner_tasks)
        fmts = (f.int, f.text, f.text, f.text, *([f.int] * 6), f.pct, f.pct, f.pct, f.int,
                f.int)
        _row(ws, r, values, fmts)
    _finish(ws, 3, r, len(labels.BY_UNIT_HEADERS))
    leads = table[table["led"] > 0]
    if len(leads):
        chart = book.add_chart({"type": "bar"})
        last = 3 + len(leads)
        sheet = labels.SHEET_BY_UNIT
        chart.add_series({"name": labels.CHART_UNITS, "categories": [sheet, 4, 2, last, 2],
                          "values": [sheet, 4, 10, last, 10],
                          "data_labels": {"value": True, "num_format": "0"}})
        chart.set_title({"name": labels.CHART_UNITS})
        chart.set_legend({"none": True})
        chart.set_x_axis({"min": 0, "max": 100})
        chart.set_y_axis({"reverse": True})
        chart.set_size({"width": 760, "height": max(300, 22 * len(leads) + 80)})
        ws.insert_chart(r + 3, 2, chart)


def _overdue(book, f: _Formats, data: ReportData) -> None:
    widths = (8, 48, 30, 12, 10, 12, 22, 30)
    ws = _sheet(book, f, labels.SHEET_OVERDUE, labels.OVERDUE_HEADERS, widths, data)
    r = 3
    for t in overdue_tasks(data).itertuples():
        r += 1
        values = (t.code, t.content, t.leads, t.deadline, t.days_late, t.pct,
                  labels.STATUS_TEXT.get(t.status, ""), t.cause)
        fmts = (f.text, f.text, f.text, f.date, f.int, f.pct, f.text, f.text)
        _row(ws, r, values, fmts)
    _status_colours(ws, f, 4, 6)
    _finish(ws, 3, r, len(labels.OVERDUE_HEADERS))


def _not_reported(book, f: _Formats, data: ReportData) -> None:
    widths = (14, 42, 30, 16, 30, 50)
    ws = _sheet(book, f, labels.SHEET_NOT_REPORTED, labels.NOT_REPORTED_HEADERS, widths,
                data)
    r = 3
    for row in data.not_reported.itertuples(index=False):
        r += 1
        for c, value in enumerate(row):
            _cell(ws, r, c, value, f.text)
    _finish(ws, 3, r, len(labels.NOT_REPORTED_HEADERS))


def _explain(book, f: _Formats, data: ReportData) -> None:
    widths = (8, 44, 30, 22, 12, 22, 44, 26)
    ws = _sheet(book, f, labels.SHEET_EXPLAIN, labels.EXPLAIN_HEADERS, widths, data)
    r = 3
    for row in explanation_rows(data).itertuples():
        r += 1
        note = labels.COMPLETION_NOTES.get(row.note, "") if row.note else ""
        values = (row.task, row.content, row.name, labels.STATUS_TEXT.get(row.status, ""),
                  row.pct, row.cause, row.explanation, note)
        fmts = (f.text, f.text, f.text, f.text, f.pct, f.text, f.text, f.text)
        _row(ws, r, values, fmts)
    _status_colours(ws, f, 4, 3)
    _finish(ws, 3, r, len(labels.EXPLAIN_HEADERS))


def _awards(book, f: _Formats, data: ReportData) -> None:
    widths = (14, 40, 10, 40, 22, 22, 40)
    ws = _sheet(book, f, labels.SHEET_AWARDS, labels.CRITICISE_HEADERS, widths, data)
    info = data.plan.info
    r = 3
    ws.write_string(r, 0, labels.AWARD_TITLE.format(
        tasks=format_number(float(info.get("award_min_tasks") or 1), 2),
        rate=format_number(float(info.get("award_min_on_time") or 100), 2)),
                    f.headline)
    r += 1
    ws.write_row(r, 0, labels.AWARD_HEADERS, f.head)
    for row in data.awards.itertuples(index=False):
        r += 1
        for c, (value, cf) in enumerate(zip(row, (f.text, f.text, f.int, f.int, f.pct),
                                            strict=True)):
            _cell(ws, r, c, value, cf)
    if data.awards.empty:
        r += 1
        ws.write_string(r, 0, labels.NONE_LISTED)
    for title, table in ((labels.CRITICISE_TITLE.format(causes=info.get("criticise_causes")),
                          data.criticised), (labels.VERTICAL_TITLE, data.vertical)):
        r += 2
        ws.write_string(r, 0, title, f.headline)
        r += 1
        ws.write_row(r, 0, labels.CRITICISE_HEADERS, f.head)
        explained = explanations(data)
        for row in table.itertuples(index=False):
            r += 1
            values = (*row, explained.get((row.unit, row.task)))
            for c, value in enumerate(values):
                _cell(ws, r, c, value, f.text)
        if table.empty:
            r += 1
            ws.write_string(r, 0, labels.NONE_LISTED)
    # the header row written by _sheet at row 3 is replaced by the titles above
    ws.freeze_panes(0, 0)


def _values(book, f: _Formats, data: ReportData) -> None:
    widths = (8, 14, 10, 12, 30, 16, 12, 18, 36, 12, 34, 10, 20)
    ws = _sheet(book, f, labels.SHEET_VALUES, labels.VALUES_HEADERS, widths, data)
    # the largest sheet (every counted value, a record rather than a printout): written by
    # column type, empty cells left out, plain formats
    text, number = ws.write_string, ws.write_number
    day_fmt = book.add_format({"num_format": "dd/mm/yyyy"})
    roles = labels.ROLES
    epoch = dt.date(1899, 12, 30)
    r = 3
    for x in data.results.itertuples():
        r += 1
        for c, value in ((0, x.task), (1, x.unit), (2, roles.get(x.role, x.role)),
                         (4, x.value_text), (5, x.status), (7, x.cause), (8, x.explanation),
                         (10, x.file), (12, x.received_at)):
            if value:
                text(r, c, cell_text(value))
        if not pd.isna(x.value):
            number(r, 3, float(x.value))
        for c, day in ((6, x.completed_on), (9, x.data_date)):
            if day:
                number(r, c, (day - epoch).days, day_fmt)
        if x.cell:
            text(r, 11, f"{x.sheet}!{x.cell}")
    _finish(ws, 3, r, len(labels.VALUES_HEADERS))


def _receipts(book, f: _Formats, data: ReportData) -> None:
    widths = (40, 14, 16, 12, 8, 22, 12, 10)
    ws = _sheet(book, f, labels.SHEET_RECEIPTS, labels.RECEIPTS_HEADERS, widths, data)
    r = 3
    for x in data.receipts.itertuples(index=False):
        r += 1
        day = dt.date.fromisoformat(x.data_date) if isinstance(x.data_date, str) else None
        values = (x.name, x.unit_code, labels.FILE_STATUS.get(x.status, x.status), day,
                  x.submission, x.received_at, x.identified_by, x.issues)
        fmts = (f.text, f.text, f.text, f.date, f.int, f.text, f.text, f.int)
        _row(ws, r, values, fmts)
    _finish(ws, 3, r, len(labels.RECEIPTS_HEADERS))

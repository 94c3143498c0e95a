"""The dated, colour-coded, print-ready report workbook (XlsxWriter), values only.

Status colours are native conditional formats on the status text, so they follow when
staff edit; the text is always there for black-and-white printouts."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from thidua.core import labels
from thidua.core.assignments import LEAD, task_leaders
from thidua.core.completion import BUCKET_KEYS
from thidua.core.criteria import AWARD, CRITICISE, Rule
from thidua.core.model import Plan
from thidua.core.parsing.dates import format_date, format_datetime, format_day
from thidua.core.parsing.numbers import format_number
from thidua.core.parsing.text import is_issued_number
from thidua.report import (
    ReportData,
    explanation_rows,
    explanations,
    has_leaders,
    headline,
    lead_names,
    leader_summaries,
    overdue_tasks,
    percent_text,
)
from thidua.store.files import atomic_path, write_or_beside
from thidua.write.report_phases import phase_caption, report_scope_note
from thidua.write.xlsx import (
    CHART_FONT,
    HEADER,
    TITLE,
    bulk_sheet_class,
    cell_text,
    needs_quote,
    new_book,
    print_sheet_class,
    row_height,
)

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


#: Page setup of every sheet (inches): A4 landscape; the page number sits in the top
#: margin (Nghị định 30/2020/NĐ-CP), none on a sheet's first page.
MARGINS = {"left": 0.6, "right": 0.5, "top": 1.2, "bottom": 0.7}
HEADER_MARGIN = 0.4
PAGE_NUMBER = '&C&"Times New Roman,Regular"&13&P'
#: A4 landscape in points, and what is left for the sheet inside the margins.
PAGE_WIDTH, PAGE_HEIGHT = 841.9, 595.3
PRINT_WIDTH = PAGE_WIDTH - 72 * (MARGINS["left"] + MARGINS["right"])
PRINT_HEIGHT = PAGE_HEIGHT - 72 * (MARGINS["top"] + MARGINS["bottom"])
#: Pixels per character of column width in Times New Roman 12 (wider than Calibri's 7),
#: used to tell how much a one-page-wide printout shrinks a sheet.
PIXELS_PER_CHAR = 8
BAR_PIXELS = 26  # height of one unit's bar in the completion chart
BLANK_ROW = 16.0  # points: a row left at the default height (Times New Roman 12), at most


class _Formats:
    def __init__(self, book) -> None:
        self._book = book
        self._props: dict[int, dict] = {}
        self._quoted: dict[int, object] = {}
        add = self._add
        self.title = add(TITLE)
        self.subtitle = add({"italic": True})
        self.note = add({"italic": True, "text_wrap": True, "valign": "top"})
        self.headline = add({"bold": True, "font_size": 12})
        self.section = add({"bold": True, "font_size": 12, "text_wrap": True,
                            "valign": "top"})
        self.head = add(HEADER)
        self.text = add({"text_wrap": True, "valign": "top", "border": 1})
        self.bold = add({"text_wrap": True, "valign": "top", "border": 1, "bold": True})
        self.date = add({"num_format": "dd/mm/yyyy", "valign": "top", "border": 1,
                         "align": "center"})
        self.moment = add({"num_format": "dd/mm/yyyy hh:mm", "valign": "top", "border": 1,
                           "align": "center"})
        self.plain_day = add({"num_format": "dd/mm/yyyy"})
        self.plain_moment = add({"num_format": "dd/mm/yyyy hh:mm"})
        self.pct = add({"num_format": "0.0", "valign": "top", "border": 1})
        self.delta = add({"num_format": "+0.0;-0.0;0.0", "valign": "top", "border": 1})
        self.int = add({"num_format": "0", "valign": "top", "border": 1})
        centred = {"align": "center", "valign": "vcenter", "text_wrap": True}
        # the annex heading (Nghị định 30/2020/NĐ-CP, Phụ lục I)
        self.body = add({**centred, "font_size": 13})
        self.body_bold = add({**centred, "font_size": 13, "bold": True})
        self.annex = add({**centred, "font_size": 14, "bold": True})  # and its title
        self.annex_plan = add({**centred, "font_size": 13, "bold": True})
        self.annex_note = add({**centred, "font_size": 14, "italic": True})
        self.annex_when = add({**centred, "font_size": 12, "italic": True})
        self.status = {key: add({"bg_color": f"#{fill}", "font_color": f"#{font}"})
                       for key, (fill, font) in STATUS_COLORS.items() if fill}
        self.legend = {key: add({"bg_color": f"#{fill}", "font_color": f"#{font}",
                                 "border": 1, "valign": "top"})
                       for key, (fill, font) in STATUS_COLORS.items() if fill}

    def _add(self, props: dict):
        fmt = self._book.add_format(props)
        self._props[id(fmt)] = props
        return fmt

    def quoted(self, fmt):
        """fmt with Excel's quote prefix: the cell's text stays text when edited."""
        key = id(fmt)
        if key not in self._quoted:
            self._quoted[key] = self._book.add_format(
                {**self._props.get(key, {}), "quote_prefix": True})
        return self._quoted[key]


def _text(ws, f: _Formats, r: int, c: int, value: object, fmt=None) -> None:
    """Text as text: cut to what a cell holds, quote-prefixed when it looks like a formula."""
    text = cell_text(value)
    ws.write_string(r, c, text, f.quoted(fmt) if needs_quote(text) else fmt)


def _cell(ws, r: int, c: int, value: object, fmt, f: _Formats | None = None) -> None:
    """Values only; text stays text; NaN, infinities and None are blank."""
    if value is None or value is pd.NA or value is pd.NaT or value == "" or (
            isinstance(value, float) and not math.isfinite(value)):
        ws.write_blank(r, c, None, fmt)
    elif isinstance(value, dt.datetime):
        ws.write_datetime(r, c, value, fmt)
    elif isinstance(value, dt.date):
        ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), fmt)
    elif isinstance(value, bool):
        ws.write_string(r, c, str(value), fmt)
    elif isinstance(value, int | float):
        ws.write_number(r, c, float(value), fmt)
    elif f is not None:
        _text(ws, f, r, c, value, fmt)
    else:
        ws.write_string(r, c, cell_text(value), fmt)


def _row(ws, f: _Formats, r: int, values: tuple, fmts: tuple,
         widths: tuple[float, ...]) -> None:
    """One table row, its height fitted to the wrapped texts in it."""
    for c, (value, fmt) in enumerate(zip(values, fmts, strict=True)):
        _cell(ws, r, c, value, fmt, f)
    ws.set_row(r, _height(values, widths))


def _height(values: tuple, widths: tuple[float, ...]) -> float:
    """Points a table row needs for the wrapped texts in it."""
    return row_height([(v, w) for v, w in zip(values, widths, strict=False)
                       if isinstance(v, str) and v])


def _moment(value: object) -> dt.datetime | None:
    """A stored ISO time ("2026-11-27T14:24:00+00:00") as this computer's local time."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone().replace(tzinfo=None)
    return moment


def _report_body(plan: Plan) -> str:
    """The abbreviation after BC- in the report's number: the plan's own ("111/KH-UBND"
    → "UBND"), else dots for staff to fill in."""
    number = plan.info.get("number")
    if is_issued_number(number):
        tail = str(number).split("/", 1)[-1]
        if "-" in tail:
            return "".join(tail.split("-", 1)[1].split()) or labels.ANNEX_BLANK
    return labels.ANNEX_BLANK


def _plan_line(plan: Plan) -> str:
    issuer = " ".join(str(plan.info.get("issuer") or "").split()) or labels.ANNEX_BLANK
    number = plan.info.get("number")
    issued = plan.info.get("issued_on")
    if not is_issued_number(number):
        return labels.ANNEX_PLAN_UNNUMBERED.format(issuer=issuer)
    return labels.ANNEX_PLAN.format(number=" ".join(str(number).split()), issuer=issuer,
                                    day=format_day(issued) or labels.ANNEX_BLANK)


def _merged(ws, r: int, first: int, last: int, text: str, fmt) -> None:
    if last > first:
        ws.merge_range(r, first, r, last, text, fmt)
    else:
        ws.write_string(r, first, text, fmt)


def _annex_heading(ws, f: _Formats, data: ReportData, annex: int, title: str,
                   widths: tuple[float, ...]) -> tuple[int, float]:
    """The annex heading; returns the next free row and the heading's height in points."""
    plan = data.plan
    total = sum(widths)
    last = len(widths) - 1
    # the issuing body, top left, over about two fifths of the width
    left, acc = 0, widths[0]
    while left < last and acc < 0.4 * total:
        left += 1
        acc += widths[left]
    bodies = [" ".join(str(plan.info.get(k) or "").split()).upper()
              for k in ("issuer", "owner_unit")]
    bodies = [b for b in bodies if b]
    r, points = 0, 2 * BLANK_ROW
    for i, body in enumerate(bodies):
        fmt = f.body_bold if i == len(bodies) - 1 else f.body
        _merged(ws, r, 0, left, body, fmt)
        height = row_height([(body, acc)], size=13, wide=1.1)
        ws.set_row(r, height)
        r, points = r + 1, points + height
    r += 1
    lines = ((labels.ANNEX.format(number=_roman(annex)), f.annex, 14, 1.1),
             (title, f.annex, 14, 1.1),
             (_plan_line(plan), f.annex_plan, 13, 1.1),
             (labels.ANNEX_ATTACHED.format(body=_report_body(plan)), f.annex_note, 14, 1.0),
             (labels.REPORT_SUBTITLE.format(as_of=format_date(data.as_of),
                                            made=format_datetime(dt.datetime.now()))
              + report_scope_note(data),
              f.annex_when, 12, 1.0))
    for text, fmt, size, wide in lines:
        _merged(ws, r, 0, last, text, fmt)
        height = row_height([(text, total)], size=size, wide=wide)
        ws.set_row(r, height)
        r, points = r + 1, points + height
    return r + 1, points


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _sheet(book, f: _Formats, name: str, headers: tuple[str, ...] | None,
           widths: tuple[float, ...], data: ReportData, annex: int | None = None,
           lines: tuple[str, ...] = (), sheet_class: type | None = None):
    """A sheet with its heading (the annex heading for a printed summary sheet, else the
    report title), `lines` under it, a header row, print and view settings. Returns the
    sheet and the header row (the next free row when there is no header)."""
    ws = book.add_worksheet(name, worksheet_class=sheet_class or print_sheet_class())
    if annex is None:
        ws.write_string(0, 0, report_title(data.plan), f.title)
        ws.write_string(1, 0, labels.REPORT_SUBTITLE.format(
            as_of=format_date(data.as_of), made=format_datetime(dt.datetime.now()))
            + report_scope_note(data), f.subtitle)
        first, ws.heading_points = 3, 3 * BLANK_ROW
    else:
        first, ws.heading_points = _annex_heading(ws, f, data, annex,
                                                  labels.ANNEX_TITLES[name], widths)
    for line in lines:
        ws.write_string(first, 0, line, f.headline)
        first += 1
    if lines:
        first += 1
    for c, width in enumerate(widths):
        ws.set_column(c, c, width)
    if headers is not None:
        ws.write_row(first, 0, headers, f.head)
        ws.set_row(first, max(45, row_height(list(zip(headers, widths, strict=False)),
                                             wide=1.15)))
        ws.freeze_panes(first + 1, 0)
        ws.repeat_rows(first)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.set_margins(**MARGINS)
    ws.set_header(PAGE_NUMBER, {"margin": HEADER_MARGIN})
    ws.set_start_page(1)
    return ws, first


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
    """Write the report workbook atomically (only `sheets`, when given: the PDF's). The
    printed summary sheets are numbered annexes (Phụ lục I, II …) in the order written."""
    path = Path(path)
    writers = ((labels.SHEET_SUMMARY, _summary), (labels.SHEET_BY_UNIT, _by_unit),
               (labels.SHEET_PHASES_REPORT, _phases), (labels.SHEET_BY_LEADER, _by_leader),
               (labels.SHEET_OVERDUE, _overdue), (labels.SHEET_NOT_REPORTED, _not_reported),
               (labels.SHEET_EXPLAIN, _explain), (labels.SHEET_AWARDS, _awards),
               (labels.SHEET_VALUES, _values), (labels.SHEET_RECEIPTS, _receipts))
    with atomic_path(path) as tmp:
        book = new_book(tmp)
        f = _Formats(book)
        annex = 0
        for name, write in writers:
            if name == labels.SHEET_PHASES_REPORT and not data.phases:
                continue  # a plan without phases has no Theo đợt (and no annex number)
            if name == labels.SHEET_BY_LEADER and not has_leaders(data):
                continue  # a plan naming no Lãnh đạo phụ trách has no summary by leader
            if sheets is None or name in sheets:
                if name in labels.SUMMARY_SHEETS:
                    annex += 1
                    write(book, f, data, annex)
                else:
                    write(book, f, data)
        if (sheets is None or labels.SHEET_SUMMARY in sheets) and data.trend:
            _trend_data(book, data)
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


def _summary(book, f: _Formats, data: ReportData, annex: int) -> None:
    # the sheet leaders read: narrow enough that A4 landscape prints it at about three
    # quarters of its size (texts wrap; every row's height is fitted)
    widths: tuple[float, ...] = (7, 36, 20, 22, 16, 9, 15, 11, 11, 9, 16)
    headers = labels.SUMMARY_HEADERS
    # a plan naming leaders: their column last, the wide text columns narrower for it
    leaders = task_leaders(data.plan) if has_leaders(data) else None
    if leaders is not None:
        widths = (7, 32, 18, 20, 15, 9, 15, 11, 11, 9, 14, 16)
        headers = (*headers, labels.SUMMARY_HEADER_LEADER)
    columns = len(widths)
    top = headline(data)
    achieved = labels.PLAN_HEADLINE.format(achieved=top.achieved, total=top.total)
    ws, head = _sheet(book, f, labels.SHEET_SUMMARY, headers, widths, data,
                      annex,
                      (labels.REPORT_HEADLINE.format(headline=achieved,
                                                     pct=percent_text(top.pct)),))
    # the colour legend sits right of the table after a narrow gap, on screen only: the
    # printout names every status in words (DESIGN §4)
    ws.set_column(columns, columns, 3)
    ws.set_column(columns + 1, columns + 1, 26)
    tasks = data.evaluation.tasks
    plan_tasks = data.plan.tasks.set_index("code", drop=False)
    leads = lead_names(data)
    results = _results_text(data)
    r = head
    for t in tasks.itertuples():
        r += 1
        info = plan_tasks.loc[t.code]
        fmt = f.text if t.leaf else f.bold
        previous = data.previous.get(t.code)
        delta = (t.pct - previous) if previous is not None and not pd.isna(t.pct) else None
        note = labels.COMPLETION_NOTES.get(t.note, "") if t.note else ""
        status = labels.STATUS_TEXT.get(t.status, "")
        if t.status is None and isinstance(info.get("period"), str):
            status = labels.PERIOD_NOT_BEGUN  # a period of a periodic task not begun at R
        values = (t.code, info["content"], leads.get(t.code, ""), info["target_text"],
                  results.get(t.code, ""), t.pct, status,
                  t.deadline, t.completed, delta, note)
        fmts = (fmt, fmt, f.text, f.text, f.text, f.pct, f.text, f.date, f.date, f.delta,
                f.text)
        if leaders is not None:
            values, fmts = (*values, leaders.get(t.code) or ""), (*fmts, f.text)
        _row(ws, f, r, values, fmts, widths)
    _status_colours(ws, f, head + 1, 6)
    _finish(ws, head, r, columns)
    _legend(ws, f, head + 1, columns + 1)
    last = _trend_chart(book, ws, data, r + 2, widths) if data.trend else r
    ws.print_area(0, 0, max(last, head + 1), columns - 1)


def _legend(ws, f: _Formats, row: int, col: int) -> None:
    ws.write_string(row - 1, col, labels.REPORT_LEGEND, f.head)
    for i, (key, fmt) in enumerate(f.legend.items()):
        ws.write_string(row + i, col, labels.STATUS_TEXT[key], fmt)
    ws.write_string(row + len(f.legend), col, labels.STATUS_TEXT["no_deadline"], f.text)


def _sheet_pixels(widths: tuple[float, ...]) -> float:
    """The width of the sheet's columns in pixels."""
    return sum(w * PIXELS_PER_CHAR + 5 for w in widths)


def _page_pixels(widths: tuple[float, ...]) -> float:
    """The height of one printed page in sheet pixels, once the sheet is shrunk to fit
    the page's width."""
    scale = min(1.0, PRINT_WIDTH / (_sheet_pixels(widths) * 0.75))
    return PRINT_HEIGHT / scale / 0.75


def _trend_data(book, data: ReportData) -> None:
    """The trend chart's points, on a hidden sheet: a chart needs cells, a printout not."""
    ws = book.add_worksheet(labels.SHEET_CHART_DATA)
    ws.hide()
    for i, (when, pct) in enumerate(_trend_points(data)):
        ws.write_string(i, 0, when)
        if pct is not None and math.isfinite(pct):
            ws.write_number(i, 1, pct)


def _trend_points(data: ReportData) -> list[tuple[str, float | None]]:
    points = [*data.trend, (labels.ROUND_CURRENT, data.evaluation.plan.iloc[0]["pct"])]
    return [(when if when == labels.ROUND_CURRENT else format_day(when),
             None if pct is None or pd.isna(pct) else float(pct)) for when, pct in points]


def _trend_chart(book, ws, data: ReportData, row: int, widths: tuple[float, ...]) -> int:
    """The trend across frozen rounds, on a page of its own below the table; returns the
    last row it covers."""
    count = len(_trend_points(data))
    chart = book.add_chart({"type": "line"})
    sheet = labels.SHEET_CHART_DATA
    chart.add_series({"name": labels.CHART_TREND,
                      "categories": [sheet, 0, 0, count - 1, 0],
                      "values": [sheet, 0, 1, count - 1, 1],
                      "marker": {"type": "circle"},
                      "data_labels": {"value": True, "num_format": "0.0",
                                      "font": CHART_FONT}})
    _chart_look(chart, labels.CHART_TREND)
    chart.set_y_axis({"min": 0, "max": 100, "num_font": CHART_FONT})
    width = int(_sheet_pixels(widths) * 0.7)
    height = int(min(width * 0.45, _page_pixels(widths) * 0.8))
    chart.set_size({"width": width, "height": height})
    ws.set_h_pagebreaks([row])
    ws.insert_chart(row + 1, 1, chart)  # a row below the break: none of it above
    return row + 2 + math.ceil(height / 20)  # rows of the default 20 pixels

def _chart_look(chart, title: str) -> None:
    chart.set_title({"name": title, "name_font": {**CHART_FONT, "size": 15}})
    chart.set_legend({"none": True})
    chart.set_x_axis({"num_font": CHART_FONT})
    chart.set_chartarea({"border": {"none": True}})


def _by_unit(book, f: _Formats, data: ReportData, annex: int) -> None:
    widths = (8, 16, 40, 16, 10, 10, 10, 10, 10, 10, 16, 16, 12, 10, 10)
    ws, head = _sheet(book, f, labels.SHEET_BY_UNIT, labels.BY_UNIT_HEADERS, widths, data,
                      annex)
    units = data.plan.units.set_index("code", drop=False)
    table = data.evaluation.units
    table = table[(table["led"] > 0) | (table["partner_tasks"] > 0)]
    r = head
    for u in table.itertuples():
        r += 1
        on_time = labels.NOT_APPLICABLE if pd.isna(u.on_time_rate) else u.on_time_rate
        completion = labels.NOT_APPLICABLE if pd.isna(u.completion_rate) else u.completion_rate
        rank = None if pd.isna(u.rank) else int(u.rank)
        name = data.plan.directory.captions.get(u.unit) or units.at[u.unit, "name"]
        values = (rank, u.unit, name, units.at[u.unit, "kind"], u.led,
                  u.on_time, u.late_done, u.open_in_time, u.open_overdue, u.not_reported,
                  completion, on_time, u.mean_pct, u.exceeded, u.partner_tasks)
        fmts = (f.int, f.text, f.text, f.text, *([f.int] * 6), f.pct, f.pct, f.pct, f.int,
                f.int)
        _row(ws, f, r, values, fmts, widths)
    _finish(ws, head, r, len(labels.BY_UNIT_HEADERS))
    leads = [i for i, led in enumerate(table["led"]) if led > 0]
    if not leads:
        return
    # the completion chart of the lead units, cut into charts that each fill at most a
    # page, every one on a page of its own (a chart cut by a page break prints badly)
    page = _page_pixels(widths)
    per_chart = max(5, int((page * 0.85 - 90) // BAR_PIXELS))
    sheet = labels.SHEET_BY_UNIT
    at, breaks = r + 2, []
    # the rows of lead units are not contiguous when coordinators sit among them: chart
    # runs of consecutive table rows
    runs: list[list[int]] = []
    for i in leads:
        if runs and i == runs[-1][-1] + 1 and len(runs[-1]) < per_chart:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        first, last = head + 1 + run[0], head + 1 + run[-1]
        chart = book.add_chart({"type": "bar"})
        chart.add_series({"name": labels.CHART_UNITS,
                          "categories": [sheet, first, 2, last, 2],
                          "values": [sheet, first, 10, last, 10],
                          "data_labels": {"value": True, "num_format": "0",
                                          "font": CHART_FONT}})
        _chart_look(chart, labels.CHART_UNITS)
        chart.set_x_axis({"min": 0, "max": 100, "num_font": CHART_FONT})
        chart.set_y_axis({"reverse": True, "num_font": CHART_FONT})
        height = max(300, BAR_PIXELS * len(run) + 90)
        chart.set_size({"width": int(_sheet_pixels(widths) * 0.6), "height": height})
        breaks.append(at)
        ws.insert_chart(at + 1, 2, chart)  # a row below the break: none of it above
        at += -(-height // 20) + 3  # default rows are 20 pixels high
    ws.set_h_pagebreaks(breaks)


def _by_leader(book, f: _Formats, data: ReportData, annex: int) -> None:
    """Theo lãnh đạo phụ trách: per leader, the counted tasks, the four buckets, those not
    reported and the mean %."""
    widths = (8, 44, 14, 12, 12, 14, 14, 14, 16)
    ws, head = _sheet(book, f, labels.SHEET_BY_LEADER, labels.BY_LEADER_HEADERS, widths,
                      data, annex)
    r = head
    for n, leader in enumerate(leader_summaries(data), start=1):
        r += 1
        values = (n, leader.leader, leader.tasks,
                  *(leader.buckets[b] for b in BUCKET_KEYS), leader.not_reported,
                  labels.NOT_APPLICABLE if leader.pct is None else leader.pct)
        fmts = (f.int, f.text, *([f.int] * 6), f.pct)
        _row(ws, f, r, values, fmts, widths)
    _finish(ws, head, r, len(labels.BY_LEADER_HEADERS))
    _merged(ws, r + 2, 0, len(widths) - 1, labels.BY_LEADER_NOTE, f.note)
    ws.set_row(r + 2, row_height([(labels.BY_LEADER_NOTE, sum(widths))]))


def _overdue(book, f: _Formats, data: ReportData, annex: int) -> None:
    widths = (8, 48, 30, 12, 10, 12, 22, 30)
    ws, head = _sheet(book, f, labels.SHEET_OVERDUE, labels.OVERDUE_HEADERS, widths, data,
                      annex)
    r = head
    for t in overdue_tasks(data).itertuples():
        r += 1
        values = (t.code, t.content, t.leads, t.deadline, t.days_late, t.pct,
                  labels.STATUS_TEXT.get(t.status, ""), t.cause)
        fmts = (f.text, f.text, f.text, f.date, f.int, f.pct, f.text, f.text)
        _row(ws, f, r, values, fmts, widths)
    _status_colours(ws, f, head + 1, 6)
    _finish(ws, head, r, len(labels.OVERDUE_HEADERS))


def _not_reported(book, f: _Formats, data: ReportData, annex: int) -> None:
    widths = (14, 42, 30, 16, 30, 50)
    ws, head = _sheet(book, f, labels.SHEET_NOT_REPORTED, labels.NOT_REPORTED_HEADERS,
                      widths, data, annex)
    r = head
    for row in data.not_reported.itertuples(index=False):
        r += 1
        _row(ws, f, r, tuple(row), (f.text,) * len(row), widths)
    _finish(ws, head, r, len(labels.NOT_REPORTED_HEADERS))


def _explain(book, f: _Formats, data: ReportData, annex: int) -> None:
    widths = (8, 40, 26, 20, 12, 16, 38, 30, 24)
    ws, head = _sheet(book, f, labels.SHEET_EXPLAIN, labels.EXPLAIN_HEADERS, widths, data,
                      annex)
    r = head
    for row in explanation_rows(data).itertuples():
        r += 1
        note = labels.COMPLETION_NOTES.get(row.note, "") if row.note else ""
        values = (row.task, row.content, row.name, labels.STATUS_TEXT.get(row.status, ""),
                  row.pct, row.cause, row.explanation, row.proposal, note)
        fmts = (f.text, f.text, f.text, f.text, f.pct, f.text, f.text, f.text, f.text)
        _row(ws, f, r, values, fmts, widths)
    _status_colours(ws, f, head + 1, 3)
    _finish(ws, head, r, len(labels.EXPLAIN_HEADERS))


@dataclass
class _List:
    """One titled list of a hand-paginated sheet: a title over the page's width (none when
    empty), a header row and rows of (values, formats) from column `first`, and what to
    write when there are no rows (None: nothing)."""

    title: str
    title_fmt: object
    headers: tuple[str, ...] = ()
    rows: list[tuple[tuple, tuple]] = field(default_factory=list)
    first: int = 0
    empty: str | None = None
    gap: bool = True  # a blank row above the title


def _lists(ws, f: _Formats, r: int, lists: list[_List], widths: tuple[float, ...]) -> int:
    """Write lists one under another, paginated by hand: a title never ends a page without
    its header and first row, and a list carried over to the next page starts it with its
    header row again. Returns the next free row."""
    last = len(widths) - 1
    # what one page holds, in points of the sheet, with a margin for the estimates
    page = 0.9 * _page_pixels(widths) * 0.75
    used, breaks = ws.heading_points, []

    def header(r: int, item: _List) -> float:
        cols = widths[item.first:item.first + len(item.headers)]
        ws.write_row(r, item.first, item.headers, f.head)
        height = max(30, row_height(list(zip(item.headers, cols, strict=True)), wide=1.15))
        ws.set_row(r, height)
        return height

    for i, item in enumerate(lists):
        cols = widths[item.first:item.first + len(item.headers)] if item.headers else widths
        heights = [_height(values, cols) for values, _ in item.rows] or [BLANK_ROW]
        title_height = row_height([(item.title, sum(widths))], wide=1.15) if item.title else 0
        head_height = max(30, row_height(list(zip(item.headers, cols, strict=True)),
                                         wide=1.15)) if item.headers else 0
        if i and item.gap:
            r, used = r + 1, used + BLANK_ROW
        if used + title_height + head_height + heights[0] > page:
            breaks.append(r)
            used = 0.0
        if item.title:
            _merged(ws, r, 0, last, item.title, item.title_fmt)
            ws.set_row(r, title_height)
            r += 1
            used += title_height
        if item.headers:
            used += header(r, item)
            r += 1
        for (values, fmts), height in zip(item.rows, heights, strict=False):
            if used + height > page:  # carried over: the header row again on top
                breaks.append(r)
                used = header(r, item) if item.headers else 0.0
                r += 1 if item.headers else 0
            for c, (value, fmt) in enumerate(zip(values, fmts, strict=True)):
                _cell(ws, r, item.first + c, value, fmt, f)
            ws.set_row(r, height)
            r += 1
            used += height
        if not item.rows and item.empty is not None:
            ws.write_string(r, item.first, item.empty)
            r += 1
            used += BLANK_ROW
    ws.set_h_pagebreaks(breaks)
    return r


_AWARD_COLUMNS = ["unit", "name", "led", "on_time", "rate"]
_MISSED_COLUMNS = ["unit", "name", "task", "content", "status", "cause"]


def _award_sections(data: ReportData, award_widths: tuple[float, ...],
                    widths: tuple[float, ...]) -> list[tuple[str, tuple, pd.DataFrame, tuple]]:
    """(title, headers, rows, column widths) of each list: under each award rule quoted
    in Vietnamese what it proposes, then each criticism rule's list, then the Ngành dọc
    units listed for the superior body."""
    def of(table: pd.DataFrame, rule: Rule, columns: list[str]) -> pd.DataFrame:
        return table.loc[table["rule"] == rule.code, columns] if len(table) else \
            table.reindex(columns=columns)

    sections = [(sentence, labels.AWARD_HEADERS, of(data.awards, rule, _AWARD_COLUMNS),
                 award_widths) for rule, sentence in data.rules if rule.action == AWARD]
    sections += [(sentence, labels.CRITICISE_HEADERS,
                  of(data.criticised, rule, _MISSED_COLUMNS), widths)
                 for rule, sentence in data.rules if rule.action == CRITICISE]
    sections.append((labels.VERTICAL_TITLE, labels.CRITICISE_HEADERS,
                     data.vertical.reindex(columns=_MISSED_COLUMNS), widths))
    return sections


def _awards(book, f: _Formats, data: ReportData, annex: int) -> None:
    """The lists one under the other, each under its rule quoted, with its own header row,
    paginated by hand (_lists)."""
    widths = (14, 40, 10, 40, 22, 22, 40)
    ws, r = _sheet(book, f, labels.SHEET_AWARDS, None, widths, data, annex)
    explained = explanations(data)
    award_widths = widths[:5]
    lists = []
    for title, headers, table, _cols in _award_sections(data, award_widths, widths):
        if headers is labels.AWARD_HEADERS:
            rows = [(tuple(row), (f.text, f.text, f.int, f.int, f.pct))
                    for row in table.itertuples(index=False)]
        else:
            rows = []
            for row in table.itertuples(index=False):
                values = (*row, explained.get((row.unit, row.task)))
                rows.append((values, (f.text,) * len(values)))
        lists.append(_List(title, f.section, headers, rows, empty=labels.NONE_LISTED))
    _lists(ws, f, r, lists, widths)
    ws.freeze_panes(0, 0)


def _phases(book, f: _Formats, data: ReportData, annex: int) -> None:
    """Theo đợt: for each phase, its headline counts, its units scored on its own tasks
    and its award list under each rule quoted, paginated by hand (_lists). The small
    tables sit in the columns whose widths suit them (the units' table sets them)."""
    widths = (8, 16, 40, 16, 10, 10, 10, 10, 10, 10, 16, 16, 12, 10, 10)
    ws, r = _sheet(book, f, labels.SHEET_PHASES_REPORT, None, widths, data, annex)
    units = data.plan.units.set_index("code", drop=False)
    summary_at, award_at = 4, 1  # under Số nhiệm vụ chủ trì …; under Mã ĐV …
    lists: list[_List] = []
    for phase in data.phases:
        ev = phase.evaluation
        caption = phase_caption(phase.code, phase.name, phase.start, phase.end)
        if ev.tasks.empty:
            lists.append(_List(caption, f.section, labels.PHASE_SUMMARY_HEADERS, [],
                               summary_at))
            lists.append(_List(labels.PHASE_NO_TASKS, f.text, gap=False))
            continue
        head = ev.plan.iloc[0]
        values = (int(head["leaves"]), int(head["on_time"]), int(head["late_done"]),
                  int(head["open_in_time"]), int(head["open_overdue"]),
                  int(head["not_reported"]), int(head["no_deadline"]),
                  labels.PLAN_HEADLINE.format(achieved=int(head["top_achieved"]),
                                              total=int(head["top_total"])), head["pct"])
        lists.append(_List(caption, f.section, labels.PHASE_SUMMARY_HEADERS,
                           [(values, (*([f.int] * 7), f.text, f.pct))], summary_at))
        rows = []
        for u in ev.units[ev.units["led"] > 0].itertuples():
            on_time = labels.NOT_APPLICABLE if pd.isna(u.on_time_rate) else u.on_time_rate
            completion = (labels.NOT_APPLICABLE if pd.isna(u.completion_rate)
                          else u.completion_rate)
            rows.append(((None if pd.isna(u.rank) else int(u.rank), u.unit,
                          data.plan.directory.captions.get(u.unit) or units.at[u.unit, "name"],
                          units.at[u.unit, "kind"], u.led,
                          u.on_time, u.late_done, u.open_in_time, u.open_overdue,
                          u.not_reported, completion, on_time, u.mean_pct, u.exceeded,
                          u.partner_tasks),
                         (f.int, f.text, f.text, f.text, *([f.int] * 6), f.pct, f.pct,
                          f.pct, f.int, f.int)))
        lists.append(_List(labels.PHASE_UNITS_TITLE, f.headline, labels.BY_UNIT_HEADERS,
                           rows))
        lists.append(_List(labels.PHASE_AWARDS_TITLE, f.headline))
        for rule, sentence in phase.rules:
            if rule.action != AWARD:
                continue
            listed = phase.awards.loc[phase.awards["rule"] == rule.code, _AWARD_COLUMNS] \
                if len(phase.awards) else phase.awards.reindex(columns=_AWARD_COLUMNS)
            lists.append(_List(sentence, f.text, labels.AWARD_HEADERS,
                               [(tuple(row), (f.text, f.text, f.int, f.int, f.pct))
                                for row in listed.itertuples(index=False)],
                               award_at, labels.NONE_LISTED, gap=False))
        criticise = [(rule, sentence) for rule, sentence in phase.rules
                     if rule.action == CRITICISE]
        if criticise:
            lists.append(_List(labels.PHASE_CRITICISE_TITLE, f.headline))
        # the task's content is on Tổng hợp: these columns fit the sheet's widths
        columns = ["unit", "name", "task", "status", "cause"]
        headers = tuple(labels.CRITICISE_HEADERS[i] for i in (0, 1, 2, 4, 5))
        for rule, sentence in criticise:
            table = phase.criticised
            listed = table.loc[table["rule"] == rule.code, columns] if len(table) \
                else table.reindex(columns=columns)
            lists.append(_List(sentence, f.text, headers,
                               [(tuple(row), (f.text,) * len(columns))
                                for row in listed.itertuples(index=False)],
                               award_at, labels.NONE_LISTED, gap=False))
    _lists(ws, f, r, lists, widths)
    ws.freeze_panes(0, 0)


def _values(book, f: _Formats, data: ReportData) -> None:
    widths = (8, 14, 10, 12, 30, 16, 12, 18, 36, 30, 24, 24, 12, 34, 10, 16)
    columns = len(labels.VALUES_HEADERS)
    ws, head = _sheet(book, f, labels.SHEET_VALUES, labels.VALUES_HEADERS, widths, data,
                      sheet_class=bulk_sheet_class())
    # the largest sheet (every counted value, a record rather than a printout): rendered
    # row by row in one pass, empty cells left out, plain formats
    roles = labels.ROLES
    epoch, moment_epoch = dt.date(1899, 12, 30), dt.datetime(1899, 12, 30)
    quoted = f.quoted(None)

    def text(c: int, value: object) -> tuple[int, str, object]:
        value = cell_text(value)
        return c, value, quoted if needs_quote(value) else None

    def rows():
        for x in data.results.itertuples():
            cells = [text(c, value) for c, value in
                     ((0, x.task), (1, x.unit), (2, roles.get(x.role, x.role))) if value]
            if not pd.isna(x.value) and math.isfinite(x.value):
                cells.append((3, float(x.value), None))
            cells += [text(c, value) for c, value in ((4, x.value_text), (5, x.status))
                      if value]
            if x.completed_on:
                cells.append((6, (x.completed_on - epoch).days, f.plain_day))
            cells += [text(c, value) for c, value in
                      ((7, x.cause), (8, x.explanation), (9, x.proposal), (10, x.evidence),
                       (11, x.note)) if value]
            if x.data_date:
                cells.append((12, (x.data_date - epoch).days, f.plain_day))
            if x.file:
                cells.append(text(13, x.file))
            if x.cell:
                cells.append(text(14, f"{x.sheet}!{x.cell}"))
            received = _moment(x.received_at)
            if received is not None:
                cells.append((15, (received - moment_epoch) / dt.timedelta(days=1),
                              f.plain_moment))
            yield cells

    _finish(ws, head, ws.add_rows(head + 1, rows(), columns), columns)


def _receipts(book, f: _Formats, data: ReportData) -> None:
    widths = (40, 14, 16, 12, 8, 16, 16, 10)
    ws, head = _sheet(book, f, labels.SHEET_RECEIPTS, labels.RECEIPTS_HEADERS, widths, data)
    r = head
    for x in data.receipts.itertuples(index=False):
        r += 1
        day = dt.date.fromisoformat(x.data_date) if isinstance(x.data_date, str) else None
        values = (x.name, x.unit_code, labels.FILE_STATUS.get(x.status, x.status), day,
                  x.submission, _moment(x.received_at),
                  labels.IDENTIFIED_BY.get(x.identified_by, x.identified_by), x.issues)
        fmts = (f.text, f.text, f.text, f.date, f.int, f.moment, f.text, f.int)
        _row(ws, f, r, values, fmts, widths)
    _finish(ws, head, r, len(labels.RECEIPTS_HEADERS))

"""The report's phase and criteria parts: the Theo đợt sheet (each phase scored on its own
tasks, with its award list) and the award and criticism lists of the Khen thưởng – Phê bình
sheet, one list under each rule quoted in Vietnamese (DESIGN §6)."""

from __future__ import annotations

import pandas as pd

from thidua.core import labels
from thidua.core.criteria import AWARD, CRITICISE, Rule
from thidua.core.parsing.dates import format_date
from thidua.report import PhaseSummary, ReportData


def phase_caption(code: str, name: str | None, start, end) -> str:
    """"Đợt CD1 – <name>: từ 19/04/2024 đến 19/05/2024"."""
    return labels.PHASE_SECTION.format(
        code=code, name=labels.PHASE_SECTION_NAME.format(name=name) if name else "",
        start=format_date(start) if start else "…", end=format_date(end) if end else "…")


def report_scope_note(data: ReportData) -> str:
    """What a report limited to one phase says under its title ("" for the whole plan)."""
    if data.phase is None:
        return ""
    found = next((p for p in data.phases if p.code == data.phase), None)
    name = labels.PHASE_SECTION_NAME.format(name=found.name) if found and found.name else ""
    start = format_date(found.start) if found and found.start else "…"
    end = format_date(found.end) if found and found.end else "…"
    return " · " + labels.REPORT_PHASE_ONLY.format(code=data.phase, name=name, start=start,
                                                   end=end)


def _award_rows(ws, f, awards: pd.DataFrame, rule: Rule, r: int, cell) -> int:
    ws.write_row(r, 0, labels.AWARD_HEADERS, f.head)
    rows = awards[awards["rule"] == rule.code] if len(awards) else awards
    for row in rows.itertuples(index=False):
        r += 1
        for c, (value, cf) in enumerate(zip(
                (row.unit, row.name, row.led, row.on_time, row.rate),
                (f.text, f.text, f.int, f.int, f.pct), strict=True)):
            cell(ws, r, c, value, cf)
    if rows.empty:
        r += 1
        ws.write_string(r, 0, labels.NONE_LISTED)
    return r


def award_lists(ws, f, data: ReportData, r: int, cell) -> int:
    """Under each rule's sentence, the units or tasks it lists; then the Ngành dọc units.
    Returns the last row written. cell: the report's value writer."""
    explained = {(x.unit, x.task): x.explanation for x in data.results.itertuples()}
    first = True
    for rule, sentence in data.rules:
        if rule.action != AWARD:
            continue
        r += 0 if first else 2
        first = False
        ws.write_string(r, 0, sentence, f.headline)
        r = _award_rows(ws, f, data.awards, rule, r + 1, cell)
    sections = [(sentence, data.criticised[data.criticised["rule"] == rule.code]
                 if len(data.criticised) else data.criticised)
                for rule, sentence in data.rules if rule.action == CRITICISE]
    for title, table in (*sections, (labels.VERTICAL_TITLE, data.vertical)):
        r += 2
        ws.write_string(r, 0, title, f.headline)
        r += 1
        ws.write_row(r, 0, labels.CRITICISE_HEADERS, f.head)
        for row in table.itertuples(index=False):
            r += 1
            values = (row.unit, row.name, row.task, row.content, row.status, row.cause,
                      explained.get((row.unit, row.task)))
            for c, value in enumerate(values):
                cell(ws, r, c, value, f.text)
        if table.empty:
            r += 1
            ws.write_string(r, 0, labels.NONE_LISTED)
    return r


def phases_sheet(book, f, data: ReportData, new_sheet, cell) -> None:
    """Theo đợt: per phase, its headline counts, its units and its award list. Written only
    when the plan has phases. new_sheet, cell: the report's sheet maker and value writer."""
    if not data.phases:
        return
    widths = (10, 14, 40, 16, 12, 12, 12, 12, 12, 12, 16, 16, 12, 10, 10)
    ws = new_sheet(book, f, labels.SHEET_PHASES_REPORT, (), widths, data)
    ws.set_row(3, None)  # no header row here: each phase has its own
    r = 2
    for phase in data.phases:
        r = _phase_section(ws, f, data, phase, r + 1, cell)
    ws.freeze_panes(0, 0)


def _phase_section(ws, f, data: ReportData, phase: PhaseSummary, r: int, cell) -> int:
    ev = phase.evaluation
    ws.write_string(r, 0, phase_caption(phase.code, phase.name, phase.start, phase.end),
                    f.headline)
    r += 1
    ws.write_row(r, 0, labels.PHASE_SUMMARY_HEADERS, f.head)
    ws.set_row(r, 45)
    r += 1
    if ev.tasks.empty:
        ws.write_string(r, 0, labels.PHASE_NO_TASKS)
        return r + 1
    head = ev.plan.iloc[0]
    values = (int(head["leaves"]), int(head["on_time"]), int(head["late_done"]),
              int(head["open_in_time"]), int(head["open_overdue"]), int(head["not_reported"]),
              int(head["no_deadline"]), labels.PLAN_HEADLINE.format(
                  achieved=int(head["top_achieved"]), total=int(head["top_total"])),
              head["pct"])
    for c, value in enumerate(values):
        cell(ws, r, c, value, f.pct if c == len(values) - 1 else
             (f.text if isinstance(value, str) else f.int))
    r += 2
    ws.write_string(r, 0, labels.PHASE_UNITS_TITLE, f.headline)
    r += 1
    ws.write_row(r, 0, labels.BY_UNIT_HEADERS, f.head)
    ws.set_row(r, 45)
    units = data.plan.units.set_index("code", drop=False)
    for u in ev.units[ev.units["led"] > 0].itertuples():
        r += 1
        on_time = labels.NOT_APPLICABLE if pd.isna(u.on_time_rate) else u.on_time_rate
        completion = labels.NOT_APPLICABLE if pd.isna(u.completion_rate) else u.completion_rate
        row = (None if pd.isna(u.rank) else int(u.rank), u.unit, units.at[u.unit, "name"],
               units.at[u.unit, "kind"], u.led, u.on_time, u.late_done, u.open_in_time,
               u.open_overdue, u.not_reported, completion, on_time, u.mean_pct, u.exceeded,
               u.partner_tasks)
        fmts = (f.int, f.text, f.text, f.text, *([f.int] * 6), f.pct, f.pct, f.pct, f.int,
                f.int)
        for c, (value, cf) in enumerate(zip(row, fmts, strict=True)):
            cell(ws, r, c, value, cf)
    r += 2
    ws.write_string(r, 0, labels.PHASE_AWARDS_TITLE, f.headline)
    for rule, sentence in phase.rules:
        r += 1
        ws.write_string(r, 0, sentence, f.text)
        r = _award_rows(ws, f, phase.awards, rule, r + 1, cell)
    return r + 1

"""Writing a draft biểu chi tiết: the canonical workbook (write/canonical.py, the same
format), every guessed cell filled yellow with a comment saying why, and a `Rà soát` sheet
listing every guess and every sentence that could not be read, with its source."""

from __future__ import annotations

from pathlib import Path

from thidua.core import errors, fields, labels
from thidua.core.drafting import Draft
from thidua.core.parsing.dates import format_day
from thidua.write.canonical import PlanContent, _Formats, _typed, _write, write_canonical

#: The fill of a cell the draft guessed (Excel's "Neutral" yellow).
GUESS_FILL = "#FFEB9C"


def draft_content(draft: Draft) -> PlanContent:
    """The canonical content of a draft (the default settings of Kế hoạch included), with
    kinds and comparisons written as staff read them ("Tỷ lệ", "≥")."""
    info = {**fields.PLAN.defaults(), **draft.info}
    tasks = [{**t, "kind": labels.KINDS.get(str(t.get("kind")), t.get("kind")),
              "comparison": labels.COMPARISONS.get(str(t.get("comparison")),
                                                   t.get("comparison"))} for t in draft.tasks]
    return PlanContent(info=info, phases=draft.phases, units=draft.units, tasks=tasks)


def write_draft(path: str | Path, draft: Draft) -> Path:
    """Write the draft workbook; never over an existing file (OutputExists)."""
    path = Path(path)
    if path.exists():
        raise errors.OutputExists(path=path)
    return write_canonical(path, draft_content(draft), extra=lambda book: _mark(book, draft))


def _cell(sheet: str, row: int | None, key: str) -> tuple[int, int] | None:
    """(row, column), 0-based, of a field of a canonical sheet (row None: Kế hoạch)."""
    if sheet == labels.SHEET_PLAN:
        keys = fields.PLAN.keys
        return (keys.index(key) + 1, 1) if key in keys else None
    table = fields.SHEETS[sheet]
    if row is None or key not in table:
        return None
    return row + 1, table.keys.index(key)


def _value(draft: Draft, sheet: str, row: int | None, key: str) -> object:
    if sheet == labels.SHEET_PLAN:
        return draft_content(draft).info.get(key)
    content = draft_content(draft)
    rows = {labels.SHEET_PHASES: content.phases, labels.SHEET_UNITS: content.units,
            labels.SHEET_TASKS: content.tasks}[sheet]
    return rows[row].get(key) if row is not None and row < len(rows) else None


def _shown(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "year"):
        return format_day(value)  # type: ignore[arg-type]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _mark(book, draft: Draft) -> None:
    fmt = _Formats(book)
    guess = {kind: book.add_format({**props, "bg_color": GUESS_FILL}) for kind, props in (
        ("date", {"num_format": "dd/mm/yyyy", "valign": "top", "align": "left"}),
        ("number", {"num_format": "#,##0.##", "valign": "top"}),
        ("text", {"text_wrap": True, "valign": "top"}))}
    comments: dict[tuple[str, int, int], list[str]] = {}
    for g in draft.guesses:
        if g.field is None:
            continue
        at = _cell(g.sheet, g.row, g.field)
        if at is None:
            continue
        comments.setdefault((g.sheet, *at), []).append(g.reason)
    for (sheet, r, c), reasons in comments.items():
        ws = book.get_worksheet_by_name(sheet)
        table = fields.PLAN if sheet == labels.SHEET_PLAN else fields.SHEETS[sheet]
        f = table.fields[r - 1] if sheet == labels.SHEET_PLAN else table.fields[c]
        row = None if sheet == labels.SHEET_PLAN else r - 1
        value = _typed(f, _value(draft, sheet, row, f.key))
        style = ("date" if f.type == fields.DATE else
                 "number" if f.type in fields.NUMERIC else "text")
        _write(ws, r, c, value, guess[style])
        ws.write_comment(r, c, "\n".join(dict.fromkeys(reasons)),
                         {"x_scale": 2.2, "y_scale": 1.6})
    _review_sheet(book, fmt, draft)


def review_rows(draft: Draft) -> list[tuple[object, ...]]:
    """The rows of the Rà soát sheet: one per guess and per sentence not read."""
    rows = []
    for n, g in enumerate(draft.guesses, start=1):
        at = _cell(g.sheet, g.row, g.field) if g.field else None
        table = fields.PLAN if g.sheet == labels.SHEET_PLAN else fields.SHEETS.get(g.sheet)
        column = table[g.field].header if g.field and table and g.field in table else ""
        row = at[0] + 1 if at else None
        rows.append((n, g.sheet, row, column, _shown(g.value), g.reason, g.source, g.quote))
    return rows


def _review_sheet(book, fmt: _Formats, draft: Draft) -> None:
    ws = book.add_worksheet(labels.SHEET_REVIEW)
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(1)
    for c, width in enumerate((6, 12, 7, 18, 20, 50, 18, 70)):
        ws.set_column(c, c, width, fmt.wrap)
    ws.write_string(0, 0, labels.REVIEW_TITLE, fmt.title)
    ws.write_row(1, 0, labels.REVIEW_HEADERS, fmt.header)
    ws.freeze_panes(2, 0)
    rows = review_rows(draft)
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values):
            _write(ws, r, c, value, fmt.wrap)
    ws.autofilter(1, 0, max(len(rows), 1) + 1, len(labels.REVIEW_HEADERS) - 1)

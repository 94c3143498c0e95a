"""Finding a sheet, its header row and its columns, tolerantly, and turning its rows into a
DataFrame indexed by Excel row number, with every layout problem reported as an Issue."""

from __future__ import annotations

import functools
from operator import itemgetter

from thidua.core import labels
from thidua.core.fields import FieldTable
from thidua.core.issues import Report, cell_ref
from thidua.core.matching import header_key, key_pair
from thidua.core.model import Table
from thidua.core.parsing.text import closest, match_key, strip_diacritics
from thidua.read.spreadsheet import RawSheet, Workbook

#: Rows searched for a table's header row: letterhead rows above a form's header block push
#: it down (the form puts it on row 12).
HEADER_SCAN_ROWS = 40


def find_sheet(book: Workbook, wanted: str, report: Report, file: str) -> str | None:
    """The workbook's sheet for a canonical name: exact, tolerant, alias, else an issue."""
    by_key = {header_key(n): n for n in book.sheet_names}
    by_plain = {strip_diacritics(header_key(n)): n for n in book.sheet_names}
    key, plain = key_pair(wanted)
    if key in by_key:
        return by_key[key]
    for alias in labels.SHEET_ALIASES.get(wanted, ()):
        akey, aplain = key_pair(alias)
        name = by_key.get(akey) or by_plain.get(aplain)
        if name:
            report.add("renamed-sheet", file=file, sheet=name, value=name, expected=wanted)
            return name
    if plain in by_plain:
        name = by_plain[plain]
        report.add("renamed-sheet", file=file, sheet=name, value=name, expected=wanted)
        return name
    taken = {find for find in labels.CANONICAL_SHEETS if find != wanted}
    others = [n for n in book.sheet_names if n not in taken]
    report.add("missing-sheet", file=file, sheet=wanted, expected=wanted,
               suggestion=closest(wanted, others))
    return None


@functools.lru_cache(maxsize=32)
def _field_lookup(fields: FieldTable) -> dict[str, str]:
    """Header key -> field key; cached (tables are module constants): read once per file."""
    lookup: dict[str, str] = {}
    for f in fields:
        for spelling in f.spellings:
            for k in key_pair(spelling):
                lookup.setdefault(k, f.key)
    return lookup


@functools.lru_cache(maxsize=32)
def _longest_header(fields: FieldTable) -> int:
    """Characters a header cell of this table can hold: the longest spelling, twice over
    (spaces, line breaks and a unit in brackets are tolerated)."""
    return 2 * max(len(spelling) for f in fields for spelling in f.spellings) + 10


def _find_header(raw: RawSheet, lookup: dict[str, str], longest: int) -> tuple[int, int]:
    """(0-based header row, number of known headers in it); (-1, 0) when none qualifies.
    Only text cells short enough to be a header are looked up: data rows are mostly
    numbers, dates and long contents (a batch scans ~40 rows of each of its returns)."""
    best, best_score = -1, 0
    every = len(set(lookup.values()))
    for r, line in enumerate(raw.rows[:HEADER_SCAN_ROWS]):
        found = {lookup.get(k) for v in line if type(v) is str and len(v) <= longest
                 for k in key_pair(v)}
        found.discard(None)
        if len(found) > best_score:
            best, best_score = r, len(found)
            if best_score == every:
                break  # no later row can score higher
    return (best, best_score) if best_score >= 2 else (-1, 0)


def read_table(raw: RawSheet, fields: FieldTable, report: Report, file: str) -> Table:
    """Locate the header row, map columns, and build the frame of data rows."""
    sheet = raw.name
    keys = fields.keys
    headers = fields.headers
    required = fields.required
    lookup = _field_lookup(fields)
    if not raw.visible:
        report.add("hidden-sheet", file=file, sheet=sheet)
    report_cells(raw, report, file)
    hrow, _ = _find_header(raw, lookup, _longest_header(fields))
    if hrow < 0:
        if not any(v is not None for line in raw.rows for v in line):
            report.add("empty-sheet", file=file, sheet=sheet)
        else:
            report.add("no-header-row", file=file, sheet=sheet,
                       expected=", ".join(headers[k] for k in required))
        return Table(sheet, keys, [], [])
    columns: dict[str, int] = {}
    for c, value in enumerate(raw.rows[hrow]):
        if value is None:
            continue
        key = next((lookup[k] for k in key_pair(str(value)) if k in lookup), None)
        ref = cell_ref(hrow + 1, c + 1)
        if key is None:
            report.add("unknown-column", file=file, sheet=sheet, cell=ref, value=value,
                       suggestion=closest(str(value), [headers[k] for k in keys
                                                       if k not in columns]))
        elif key in columns:
            report.add("duplicate-column", file=file, sheet=sheet, cell=ref,
                       expected=headers[key], other=cell_ref(hrow + 1, columns[key]))
        else:
            columns[key] = c + 1
    for (r0, c0), (r1, c1) in raw.merged:
        if r1 < hrow:
            continue  # above the table (titles, the header block)
        span = f"{cell_ref(r0 + 1, c0 + 1)}:{cell_ref(r1 + 1, c1 + 1)}"
        if r0 <= hrow:
            report.add("merged-header", file=file, sheet=sheet, cell=cell_ref(r0 + 1, c0 + 1),
                       value=span)
        else:
            report.add("merged-cells", file=file, sheet=sheet, cell=cell_ref(r0 + 1, c0 + 1),
                       value=span)
            _spread(raw.rows, r0, c0, r1, c1)
    for key in keys:
        if key not in columns and not fields[key].extension:
            unmatched = [str(v) for c, v in enumerate(raw.rows[hrow])
                         if v is not None and c + 1 not in columns.values()]
            report.add("missing-column" if key in required else "missing-optional-column",
                       file=file, sheet=sheet, expected=headers[key],
                       cell=cell_ref(hrow + 1, 1), suggestion=closest(headers[key], unmatched))
    records, index = [], []
    first = min(columns.values(), default=1) - 1
    positions = [columns.get(k, 0) - 1 for k in keys]
    slots = [i for i, p in enumerate(positions) if p >= 0]
    fill = [None] * len(keys)
    # every column found (the usual case) and calamine pads rows to the sheet's width:
    # one C-level take per row
    take = itemgetter(*positions) if len(slots) == len(keys) > 1 else None
    reach = max(positions, default=0)
    for r in range(hrow + 1, len(raw.rows)):
        line = raw.rows[r]
        if take is not None and len(line) > reach:
            values = list(take(line))
        else:
            values = _take(line, positions, fill, slots)
        if values.count(None) == len(values):
            continue
        lead = line[first] if first < len(line) else None
        if lead is None:
            lead = next((v for v in line[first:] if v is not None), None)
        if isinstance(lead, str) and _is_total(lead):
            report.add("total-row", file=file, sheet=sheet, cell=cell_ref(r + 1, 1), row=r + 1)
            continue
        records.append(values)
        index.append(r + 1)
    return Table(sheet, keys, records, index, columns, hrow + 1)


def _spread(rows: list[list[object]], r0: int, c0: int, r1: int, c1: int) -> None:
    """Give every cell of a merged range (0-based, inclusive) the value of its first cell:
    what the sheet shows on each row it covers is what that row reports."""
    if r0 >= len(rows) or c0 >= len(rows[r0]):
        return
    value = rows[r0][c0]
    if value is None:
        return
    for r in range(r0, min(r1, len(rows) - 1) + 1):
        line = rows[r]
        if len(line) <= c1:
            line.extend([None] * (c1 + 1 - len(line)))
        for c in range(c0, c1 + 1):
            if line[c] is None:
                line[c] = value


def _take(line: list[object], positions: list[int], fill: list[None],
          slots: list[int]) -> list[object]:
    """The values of a row at positions (-1: a missing column), None beyond the row."""
    width = len(line)
    values = fill.copy()
    for i in slots:
        p = positions[i]
        if p < width:
            values[i] = line[p]
    return values


@functools.lru_cache(maxsize=4096)
def _is_total(text: str) -> bool:
    key = match_key(text)
    return any(key == w or key.startswith(w + " ") or key.startswith(w + ":")
               for w in labels.TOTAL_ROW_WORDS)


def report_cells(raw: RawSheet, report: Report, file: str) -> None:
    """Cell-level facts found while reading: uncached formulas, Excel errors, legacy text."""
    sheet = raw.name
    for (r, c), formula in sorted(raw.formulas_without_value.items()):
        report.add("formula-no-value", file=file, sheet=sheet, cell=cell_ref(r + 1, c + 1),
                   value=formula)
    for (r, c), err in sorted(raw.errors.items()):
        report.add("excel-error", file=file, sheet=sheet, cell=cell_ref(r + 1, c + 1), value=err)
    if raw.legacy:
        by_encoding: dict[str, list[tuple[int, int]]] = {}
        for pos, enc in raw.legacy.items():
            by_encoding.setdefault(enc, []).append(pos)
        for enc, cells in sorted(by_encoding.items()):
            r, c = min(cells)
            report.add("legacy-text", file=file, sheet=sheet, cell=cell_ref(r + 1, c + 1),
                       count=len(cells), encoding=enc.upper())

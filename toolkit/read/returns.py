"""Reading unit returns: identify the plan and the unit, and take the table of results.

A return is identified by its very hidden identity sheet; when that was lost, by its
header block (the Đơn vị and Kế hoạch cells), exactly or by fuzzy name matching with
the confidence reported. Below FUZZY_ACCEPT the file is rejected, never silently guessed."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from thidua.core import errors, fields, labels
from thidua.core.issues import Issue, Report, cell_ref, make_issue
from thidua.core.matching import header_key
from thidua.core.model import Plan
from thidua.core.parsing.dates import conflicting_days, format_date, parse_date
from thidua.core.parsing.numbers import parse_number
from thidua.core.parsing.text import is_blank, match_key, strip_diacritics
from thidua.read.inbox import MAX_FILE_BYTES, OTHER_ARCHIVES, Received
from thidua.read.spreadsheet import MAX_RETURN_ROWS, RawSheet, Workbook, open_workbook_bytes
from thidua.read.tables import Table, read_table

if TYPE_CHECKING:
    from thidua.core.units import UnitDirectory

FUZZY_ACCEPT = 90.0
#: Rows searched for the header block: letterhead rows may push it down; the scan stops at
#: the table's header row when that is known.
HEADER_SCAN = 60


@dataclass
class ReturnFile:
    """One received spreadsheet, read: who sent it, about what, and its result rows."""

    name: str
    sha256: str
    ext: str
    size: int
    rejected: bool = False
    unit: str | None = None
    identified_by: str | None = None
    confidence: float | None = None
    plan_key: tuple[str, str, str] | None = None
    task_hash: str | None = None
    data_date: dt.date | None = None
    data_date_cell: str = ""
    submission: int = 1
    reporter: str | None = None
    phone: str | None = None
    sheet: str = labels.FORM_SHEET
    table: Table | None = None
    issues: list[Issue] = field(default_factory=list)
    #: What `extract` found, waiting for `identify` (which needs the plan).
    identity: dict[str, str] = field(default_factory=dict, repr=False)
    header: dict[str, tuple[object, str]] = field(default_factory=dict, repr=False)
    table_issues: list[Issue] = field(default_factory=list, repr=False)

    def add(self, code: str, **kwargs) -> None:
        self.issues.append(make_issue(code, file=self.name, **kwargs))

    def reject(self, code: str, **kwargs) -> None:
        self.rejected = True
        self.add(code, **kwargs)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_return(item: Received, plan: Plan, directory: UnitDirectory,
                digest: str | None = None) -> ReturnFile:
    """Read one received spreadsheet. Never raises on bad content: it is rejected instead."""
    return identify(extract(item, digest), plan, directory)


def extract(item: Received, digest: str | None = None) -> ReturnFile:
    """Everything of a return that does not depend on the plan: its identity sheet, header
    block and table. Needs no plan, so it can run while the plan is still being read."""
    ret = ReturnFile(item.name, digest or sha256(item.data), item.ext, len(item.data))
    if not item.data:
        ret.reject("empty-file")
        return ret
    if item.ext in OTHER_ARCHIVES:
        ret.reject("unsupported-archive", value=item.ext)
        return ret
    if len(item.data) > MAX_FILE_BYTES:
        ret.reject("file-too-large", value=item.name,
                   reason=f"{len(item.data) // 2**20} MiB > {MAX_FILE_BYTES // 2**20} MiB")
        return ret
    try:
        book = open_workbook_bytes(item.data, item.name, max_rows=MAX_RETURN_ROWS)
    except errors.ThiduaError as exc:
        ret.reject("unreadable-file", reason=exc.message)
        return ret
    if item.ext == ".xlsm":
        ret.add("macro-file")
    try:
        _extract(book, ret)
    except errors.ThiduaError as exc:
        ret.reject("unreadable-file", reason=exc.message)
    return ret


def identify(ret: ReturnFile, plan: Plan, directory: UnitDirectory) -> ReturnFile:
    """Decide plan and unit of an extracted return; its header values and table count only
    when both can be trusted."""
    if ret.rejected:
        return ret
    if not _identify(ret, ret.identity, ret.header, plan, directory):
        ret.table = None
    else:
        _header_values(ret, ret.header, ret.sheet)
        ret.issues.extend(ret.table_issues)
        if any(i.code in ("missing-column", "no-header-row") for i in ret.table_issues):
            ret.rejected = True
    ret.identity, ret.header, ret.table_issues = {}, {}, []
    return ret


def _extract(book: Workbook, ret: ReturnFile) -> None:
    ret.identity = _identity(book)
    form, raw, others = _find_form_sheet(book)
    if form is None:
        ret.reject("not-a-form", expected=labels.FORM_SHEET)
        return
    if others:
        ret.add("several-form-sheets", sheet=form, value=form, others=", ".join(others))
    elif header_key(form) != header_key(labels.FORM_SHEET):
        ret.add("form-sheet-renamed", sheet=form, value=form, expected=labels.FORM_SHEET)
    raw = raw if raw is not None else book.read(form)
    ret.sheet = raw.name
    report = Report()
    ret.table = read_table(raw, fields.RETURN, report, ret.name)
    ret.header = _header_block(raw, getattr(ret.table, "header_row", None))
    ret.table_issues = [i for i in report.issues if i.code != "hidden-sheet"]


def _find_form_sheet(book: Workbook) -> tuple[str | None, RawSheet | None, list[str]]:
    """(the sheet to read, its raw content when already read, other sheets that hold the
    form's table too). A sheet named Báo cáo is taken at once when it is the only visible
    sheet; otherwise every visible sheet is looked at and those holding the form's table
    (Mã NV and Kết quả headers) are candidates: a copy of the whole form (header block
    included) holding reported values first (an empty copy left beside the filled one is
    a draft), then the one named Báo
    cáo (exactly, then without accents), else the first. A renamed form is read, not
    rejected."""
    wanted = header_key(labels.FORM_SHEET)
    skip = {labels.FORM_IDENTITY_SHEET, labels.FORM_LIST_SHEET}
    visible = [n for n in book.sheet_names
               if n not in skip and book.visible.get(n, True)]
    exact = [n for n in book.sheet_names if header_key(n) == wanted]
    if exact and visible == exact[:1]:
        return exact[0], None, []
    form_like: dict[str, RawSheet] = {}
    filled: dict[str, bool] = {}
    for name in visible:
        raw = book.read(name)
        table = _form_table(raw)
        if table is not None:
            form_like[name] = raw
            # a copy of the form (its header block above the table) with values in it
            filled[name] = _reports_something(table) and bool(
                _header_block(raw, table.header_row))
    if not form_like:
        return (exact[0], None, []) if exact else (None, None, [])
    plain = strip_diacritics(wanted)
    ordered = sorted(form_like, key=lambda n: (not filled[n], header_key(n) != wanted,
                                               strip_diacritics(header_key(n)) != plain))
    chosen = ordered[0]
    return chosen, form_like[chosen], ordered[1:]


def _form_table(raw: RawSheet) -> Table | None:
    """The sheet's table when it holds the form's (Mã NV and Kết quả headers)."""
    table = read_table(raw, fields.RETURN, Report(), "")
    if table.header_row and {"code", "result"} <= set(table.columns):
        return table
    return None


#: Columns a unit fills in; a form sheet with none of them filled reports nothing.
_REPORTED = ("result", "completed_on", "status")


def _reports_something(table: Table) -> bool:
    slots = [table.keys.index(k) for k in _REPORTED if k in table.columns]
    return any(not is_blank(row[i]) for row in table.rows for i in slots)


def _identity(book: Workbook) -> dict[str, str]:
    if labels.FORM_IDENTITY_SHEET not in book.sheet_names:
        return {}
    values = {}
    for line in book.values(labels.FORM_IDENTITY_SHEET):
        if len(line) >= 2 and line[0] in fields.IDENTITY_KEYS and line[1] not in ("", None):
            value = line[1]
            values[str(line[0])] = str(int(value)) if isinstance(value, float) and \
                value.is_integer() else str(value)
    return values


@functools.cache
def _header_lookup() -> dict[str, str]:
    return {header_key(spelling): f.key for f in fields.FORM_HEADER for spelling in f.spellings}


def _header_block(raw: RawSheet, table_row: int | None = None
                  ) -> dict[str, tuple[object, str]]:
    """Header block key -> (value, A1 cell of the value), searched above the table."""
    lookup = _header_lookup()
    found: dict[str, tuple[object, str]] = {}
    limit = table_row - 1 if isinstance(table_row, int) and table_row > 1 else HEADER_SCAN
    for r, line in enumerate(raw.rows[:limit]):
        filled = [(c, v) for c, v in enumerate(line) if v is not None]
        if not filled or not isinstance(filled[0][1], str):
            continue
        key = lookup.get(header_key(filled[0][1]))
        if key and key not in found:
            value = filled[1] if len(filled) > 1 else (filled[0][0] + 2, None)
            found[key] = (value[1], cell_ref(r + 1, value[0] + 1))
    return found


def _identify(ret: ReturnFile, identity: dict[str, str], header: dict, plan: Plan,
              directory: UnitDirectory) -> bool:
    """Set plan and unit; reject (and return False) when either cannot be trusted."""
    plan_number = plan.key[0]
    if identity.get("unit_code"):
        key = (identity.get("plan_number", ""), identity.get("plan_issuer", ""),
               identity.get("plan_issued_on", ""))
        ret.plan_key = key
        if tuple(match_key(k) for k in key) != tuple(match_key(k) for k in plan.key):
            ret.reject("other-plan", value=" – ".join(k for k in key if k),
                       expected=plan_number)
            return False
        code = identity["unit_code"]
        if code not in directory.names:
            ret.reject("unknown-unit-code", value=code)
            return False
        typed, cell = header.get("unit", (None, ""))
        other = None if is_blank(typed) else directory.resolve(str(typed))
        if other is not None and other != code:  # DESIGN §5: name both units
            ret.reject("unit-mismatch", sheet=ret.sheet, cell=cell, value=typed,
                       expected=f"{directory.names[code]} ({code})")
            return False
        ret.unit, ret.identified_by, ret.confidence = code, "identity", 100.0
        ret.task_hash = identity.get("task_hash")
        return True
    caption, _cell = header.get("plan", (None, ""))
    if not is_blank(caption) and plan_number and match_key(plan_number) not in match_key(caption):
        ret.reject("other-plan", value=caption, expected=plan_number)
        return False
    ret.plan_key = plan.key
    name, cell = header.get("unit", (None, ""))
    if is_blank(name):
        ret.reject("unit-not-identified", value="", sheet=ret.sheet, cell=cell)
        return False
    code = directory.resolve(str(name))
    if code:
        ret.unit, ret.identified_by, ret.confidence = code, "header", 100.0
        ret.add("identified-by-header", sheet=ret.sheet, cell=cell, value=name,
                expected=f"{directory.names[code]} ({code})")
        return True
    guess, score = directory.guess(str(name))
    if guess and score >= FUZZY_ACCEPT:
        ret.unit, ret.identified_by, ret.confidence = guess, "fuzzy", round(score, 1)
        ret.add("identified-fuzzy", sheet=ret.sheet, cell=cell, value=name,
                expected=f"{directory.names[guess]} ({guess})", confidence=round(score))
        return True
    ret.reject("unit-not-identified", value=name, sheet=ret.sheet, cell=cell,
               suggestion=directory.names.get(guess) if guess else None)
    return False


def _header_values(ret: ReturnFile, header: dict, sheet: str) -> None:
    value, cell = header.get("data_date", (None, ""))
    ret.data_date_cell = cell
    if not is_blank(value):
        ret.data_date = parse_date(value)
        days = conflicting_days(value) if ret.data_date is None else []
        if days:
            ret.add("ambiguous-date", sheet=sheet, cell=cell, value=value,
                    column=fields.FORM_HEADER["data_date"].header,
                    expected=", ".join(map(format_date, days)))
        elif ret.data_date is None:
            ret.add("bad-date", sheet=sheet, cell=cell, value=value,
                    column=fields.FORM_HEADER["data_date"].header)
    if "submission" not in header:  # the label itself is gone: say what was assumed
        ret.add("missing-submission", sheet=sheet)
    value, cell = header.get("submission", (None, ""))
    if not is_blank(value):
        number = parse_number(value)
        if number is None or number < 1 or not float(number).is_integer():
            ret.add("bad-submission", sheet=sheet, cell=cell, value=value)
        else:
            ret.submission = int(number)
    for key in ("reporter", "phone"):
        value, _ = header.get(key, (None, ""))
        if not is_blank(value):
            text = str(int(value)) if isinstance(value, float) and value.is_integer() else value
            setattr(ret, key, str(text))

"""Problems found in data, as data: every one an Issue collected in a Report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from thidua.core import issue_codes, labels

ISSUE_COLUMNS = ("severity", "file", "sheet", "cell", "column", "value", "code", "message")


def column_letter(index: int) -> str:
    """1-based column index to Excel letters (1 -> A, 28 -> AB)."""
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(row: int | None, col: int | None) -> str:
    """A1 reference without $; empty when the row or column is unknown."""
    if not row:
        return ""
    return f"{column_letter(col)}{row}" if col else str(row)


def display_value(value: object) -> str:
    """A cell value as a user sees it in a message (dates day-first)."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        return ""
    if isinstance(value, float) and value != value:
        return ""
    if isinstance(value, dt.date | dt.time):  # datetime and pandas' Timestamp are dates
        from thidua.core.parsing.dates import format_date

        # a time of day alone shows the day strftime gives it, 01/01/1900
        return format_date(value if isinstance(value, dt.date) else dt.date(1900, 1, 1))
    if isinstance(value, float) and value == value and abs(value) != float("inf"):
        from thidua.core.parsing.numbers import format_number

        return format_number(value)  # Vietnamese style: 6.798, 0,9
    return str(value)


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem in input data, located as precisely as the data allows."""

    severity: str
    code: str
    message: str
    file: str = ""
    sheet: str = ""
    cell: str = ""
    column: str = ""
    value: str = ""

    def to_dict(self) -> dict[str, str]:
        return {key: getattr(self, key) for key in ISSUE_COLUMNS}


def make_issue(code: str, *, file: str = "", sheet: str = "", cell: str = "", column: str = "",
               value: object = None, suggestion: str | None = None, **params: Any) -> Issue:
    """Build an Issue from its code: severity from the catalogue, message from labels."""
    shown = display_value(value)
    params = {k: display_value(v) for k, v in params.items()}
    fields = {"sheet": sheet, "cell": cell, "column": column, "value": shown, **params}
    message = labels.MESSAGES[code].format_map(_Blank(fields))
    if suggestion:
        message += labels.DID_YOU_MEAN.format(suggestion=suggestion)
    severity = issue_codes.severity(code)
    return Issue(severity, code, message, file, sheet, cell, column, shown)


def _split_cell(cell: str) -> tuple[int, int]:
    """'AB12' -> (12, 28); '12' -> (12, 0); '' -> (0, 0)."""
    letters = cell.rstrip("0123456789")
    digits = cell[len(letters):]
    col = 0
    for ch in letters:
        col = col * 26 + ord(ch.upper()) - 64
    return (int(digits) if digits else 0), col


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


@dataclass
class Report:
    """Issues of one run, in the order found."""

    issues: list[Issue] = field(default_factory=list)

    def add(self, code: str, **kwargs: Any) -> Issue:
        issue = make_issue(code, **kwargs)
        self.issues.append(issue)
        return issue

    def extend(self, issues: Iterable[Issue]) -> None:
        self.issues.extend(issues)

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def __len__(self) -> int:
        return len(self.issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def ok_except(self, sheets: Collection[str]) -> bool:
        """No error on any sheet but `sheets` (see Plan.award_sheets)."""
        return not any(i.severity == "error" and i.sheet not in sheets for i in self.issues)

    def sort(self, sheet_order: list[str]) -> None:
        """Order issues as a reader walks the workbook: sheet, then row, then column."""
        rank = {name: i for i, name in enumerate(sheet_order)}

        def key(issue: Issue) -> tuple[int, int, int, str]:
            row, col = _split_cell(issue.cell)
            return rank.get(issue.sheet, len(rank)), row, col, issue.code

        self.issues.sort(key=key)

    def codes(self) -> list[str]:
        return [i.code for i in self.issues]

    def to_records(self) -> list[dict[str, str]]:
        return [i.to_dict() for i in self.issues]

    def stats(self) -> dict[str, int]:
        return {"errors": len(self.errors), "warnings": len(self.warnings)}



"""Dates as Vietnamese offices write them: day first, "19/5/2024", "ngày 15 tháng 12 năm 2024".

Dates are never read month first. Excel serial numbers use the 1900 date system. A deadline
written as a period ("Quý III/2023", "6 tháng đầu năm 2024", "tháng 12/2024", "đến năm
2025") means the last day of that period (DESIGN §3).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import numbers
import re
from dataclasses import dataclass
from decimal import Decimal

from thidua.core import labels
from thidua.core.parsing.text import match_key

_DAY = re.escape(match_key(labels.DATE_DAY_WORD))
_MONTH = re.escape(match_key(labels.DATE_MONTH_WORD))
_YEAR = re.escape(match_key(labels.DATE_YEAR_WORD))

# Not inside a longer number, word, or "6.798/7.800"-like token.
_START = r"(?<![\w.,/-])"
_END = r"(?![\w/-]|[.,][0-9])"
_DATE_RE = re.compile(
    _START
    + "(?:"
    # ngày 15 tháng 12 [năm 2024]  /  15 tháng 12 năm 2024
    + rf"(?:(?P<wday>{_DAY})\s*)?(?P<wd>[0-9]{{1,2}})\s+{_MONTH}\s*(?P<wm>[0-9]{{1,2}})"
    + rf"(?:\s*,?\s*{_YEAR}\s*(?P<wy>[0-9]{{4}}))?"
    # 2024-05-19, 2024/05/19, 2024.05.19
    + r"|(?P<iy>[0-9]{4})(?P<isep>[-/.])(?P<im>[0-9]{1,2})(?P=isep)(?P<id>[0-9]{1,2})"
    # 19/5/2024, 19-5-2024, 19.5.2024, 19/5/24
    + r"|(?P<d>[0-9]{1,2})(?P<sep>[-/.])(?P<m>[0-9]{1,2})(?P=sep)(?P<y>[0-9]{4}|[0-9]{2})"
    # 30/4 (the year comes from the caller)
    + r"|(?P<dd>[0-9]{1,2})/(?P<dm>[0-9]{1,2})"
    + ")"
    + _END
)
_MONTH_RE = re.compile(
    # [tháng] 3/2024, tháng 3 năm 2024, tháng 3
    rf"{_START}(?:(?P<w>{_MONTH})\s*)?(?P<m>[0-9]{{1,2}})\s*[-/.]\s*(?P<y>[0-9]{{4}}){_END}"
    rf"|(?<!\w){_MONTH}\s*(?P<m2>[0-9]{{1,2}})(?:\s*,?\s*{_YEAR}\s*(?P<y2>[0-9]{{4}}))?"
    r"(?![\w/.-]|\s*[-/.]\s*[0-9])"
)

_QUARTER = re.escape(match_key(labels.DATE_QUARTER_WORD))
_FIRST = re.escape(match_key(labels.DATE_FIRST_PART_WORD))
_LAST = re.escape(match_key(labels.DATE_LAST_PART_WORD))
_VAGUE = "|".join(re.escape(match_key(w)) for w in labels.DATE_VAGUE_YEAR_WORDS)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_PERIOD_RE = re.compile(
    _START
    + "(?:"
    # 6 tháng đầu năm 2024, 6 tháng cuối năm 2024, 9 tháng đầu năm 2024
    + rf"(?P<months>[0-9]{{1,2}})\s*{_MONTH}\s*(?P<part>{_FIRST}|{_LAST})\s*{_YEAR}\s*"
    + r"(?P<py>[0-9]{4})"
    # Quý III/2023, quý 3 năm 2023, Quý III-2023
    + rf"|(?<!\w){_QUARTER}\s*(?P<q>iv|iii|ii|i|[0-9])\s*(?:[-/.]|,?\s*{_YEAR})\s*"
    + r"(?P<qy>[0-9]{4})"
    + ")"
    + _END
)
# năm 2025, đến năm 2025, hết năm 2025; "đầu năm 2025" names no last day
_YEAR_RE = re.compile(
    rf"{_START}(?<!\w)(?:(?P<vague>{_VAGUE})\s*)?{_YEAR}\s*(?P<y>[0-9]{{4}}){_END}")

_YEAR_DIGITS = re.compile(r"[0-9]{4}").search
# the year written after a day and month: "30/6 năm 2024"
_YEAR_AFTER_RE = re.compile(rf"\s*,?\s*{_YEAR}\s*(?P<y>[0-9]{{4}}){_END}")

# Excel's 1900 system: serial 1 is 1900-01-01, serial 60 is the non-existent 29/2/1900.
_EXCEL_MAX = 2958465  # 9999-12-31
_EXCEL_EPOCH = dt.date(1899, 12, 30)


@dataclass(frozen=True)
class DateMatch:
    """A date-like span of a match_key() text; year is None when the text gives none."""

    start: int
    end: int
    day: int
    month: int
    year: int | None
    worded: bool  # written with the words "ngày"/"tháng"/"năm"

    def resolve(self, default_year: int | None = None) -> dt.date | None:
        """The calendar date, or None when the year is missing or the date does not exist."""
        year = self.year if self.year is not None else default_year
        if year is None:
            return None
        try:
            return dt.date(year, self.month, self.day)
        except (ValueError, OverflowError):
            return None


@dataclass(frozen=True)
class MonthMatch:
    """A month reference ("tháng 3/2024", "03/2024") in a match_key() text."""

    start: int
    end: int
    month: int
    year: int | None
    worded: bool  # written with the word "tháng"


def scan_dates(key: str) -> list[DateMatch]:
    """Every date-like span of key (a match_key() text), valid or not, in order."""
    hits = []
    for m in _DATE_RE.finditer(key):
        if m["wd"] is not None:
            if m["wday"] is None and m["wy"] is None:
                continue  # "6 tháng 12" is a duration, not a date
            day, month, year, worded = m["wd"], m["wm"], m["wy"], True
        elif m["iy"] is not None:
            day, month, year, worded = m["id"], m["im"], m["iy"], False
        elif m["d"] is not None:
            day, month, year, worded = m["d"], m["m"], m["y"], False
            if len(year) == 2:
                year = "20" + year
        else:
            day, month, year, worded = m["dd"], m["dm"], None, False
        year_number = None if year is None else int(year)
        hits.append(DateMatch(m.start(), m.end(), int(day), int(month), year_number, worded))
    return hits


def scan_months(key: str) -> list[MonthMatch]:
    """Every month reference of key (a match_key() text), in order."""
    hits = []
    for m in _MONTH_RE.finditer(key):
        if m["m"] is not None:
            month, year, worded = m["m"], m["y"], m["w"] is not None
        else:
            month, year, worded = m["m2"], m["y2"], True
        hits.append(
            MonthMatch(m.start(), m.end(), int(month), None if year is None else int(year), worded)
        )
    return hits


def _from_datetime(value: dt.date) -> dt.date | None:
    d = value.date() if isinstance(value, dt.datetime) else value
    return d if d == d else None  # pandas NaT is a datetime that is not equal to itself


def _from_serial(value: object) -> dt.date | None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        return None
    try:
        x = float(value)
    except (ValueError, ArithmeticError):
        return None
    if not math.isfinite(x) or not 1 <= x < _EXCEL_MAX + 1:
        return None
    serial = int(x)  # the fraction is the time of day
    if serial == 60:
        return None
    if serial < 60:
        return _EXCEL_EPOCH + dt.timedelta(days=serial + 1)
    return _EXCEL_EPOCH + dt.timedelta(days=serial)


def _text_dates(text: str, default_year: int | None) -> tuple[list[dt.date], bool]:
    """(valid dates in order, whether a date with a known year did not exist)."""
    found, invalid = [], False
    for hit in scan_dates(match_key(text)):
        d = hit.resolve(default_year)
        if d is not None:
            found.append(d)
        elif hit.year is not None or default_year is not None:
            invalid = True
    return found, invalid


def _month_end(year: int, month: int) -> dt.date | None:
    if not (1 <= month <= 12 and 1 <= year <= 9999):
        return None
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _period_end(m: re.Match[str], start: bool = False) -> dt.date | None:
    """The last day (start: the first day) of one _PERIOD_RE match, or None when it names
    none."""
    if m["py"] is not None:
        months, first = int(m["months"]), m["part"] == match_key(labels.DATE_FIRST_PART_WORD)
        year = int(m["py"])
        if months == 6:
            return dt.date(year, 1 if first else 7, 1) if start else \
                _month_end(year, 6 if first else 12)
        if months == 9 and first:
            return dt.date(year, 1, 1) if start else _month_end(year, 9)
        return None
    quarter = _ROMAN.get(m["q"]) or (int(m["q"]) if m["q"].isdigit() else 0)
    if not 1 <= quarter <= 4:
        return None
    return dt.date(int(m["qy"]), 3 * quarter - 2, 1) if start else \
        _month_end(int(m["qy"]), 3 * quarter)


def _blank_out(key: str, spans: list[tuple[int, int]]) -> str:
    for start, end in spans:
        key = key[:start] + " " * (end - start) + key[end:]
    return key


def _text_days(text: str, default_year: int | None,
               first: bool = False) -> tuple[list[dt.date], bool]:
    """(every day text names, dates and period ends (first: period starts), in order;
    whether some part of it names no day: a date that does not exist, a period without a
    last day). A month without a year names no day."""
    key = match_key(text)
    found: list[tuple[int, dt.date | None]] = []
    invalid, spans = False, []
    for hit in scan_dates(key):
        end, year = hit.end, default_year
        if hit.year is None and (after := _YEAR_AFTER_RE.match(key, hit.end)):
            end, year = after.end(), int(after["y"])
        spans.append((hit.start, end))
        d = hit.resolve(year)
        if d is not None:
            found.append((hit.start, d))
        elif hit.year is not None or year is not None:
            invalid = True
    key = _blank_out(key, spans)
    if _YEAR_DIGITS(key) is None:  # every period names its year: the common case ends here
        return [d for _, d in found if d is not None], invalid
    # longest forms first, each blanked out before the next looks: "Quý 3/2023" is no
    # month 3, "tháng 2 năm 2023" no year 2023
    spans = []
    for m in _PERIOD_RE.finditer(key):
        spans.append((m.start(), m.end()))
        found.append((m.start(), _period_end(m, first)))
    key = _blank_out(key, spans)
    spans = []
    for hit in scan_months(key):
        spans.append((hit.start, hit.end))
        if hit.year is not None:  # "trong tháng 5" beside a date names no day of its own
            found.append((hit.start, dt.date(hit.year, hit.month, 1) if first
                          else _month_end(hit.year, hit.month)))
    for m in _YEAR_RE.finditer(_blank_out(key, spans)):
        year_day = dt.date(int(m["y"]), 1, 1) if first else _month_end(int(m["y"]), 12)
        found.append((m.start(), None if m["vague"] else year_day))
    invalid = invalid or any(d is None for _, d in found)
    return [d for _, d in sorted(found, key=lambda x: x[0]) if d is not None], invalid


def find_dates(text: str, default_year: int | None = None) -> list[dt.date]:
    """All valid dates in text, in order; "30/4" needs default_year."""
    if not isinstance(text, str):
        return []
    return _text_dates(text, default_year)[0]


def parse_date(value: object, default_year: int | None = None,
               first: bool = False) -> dt.date | None:
    """A date from a date/datetime/Timestamp, an Excel serial, or Vietnamese text.

    Text must hold exactly one date (repeats allowed) or one period, read as its last day
    ("Quý III/2023" is 30/09/2023, "6 tháng đầu năm 2024" 30/06/2024, "tháng 12/2024"
    31/12/2024, "đến năm 2025" 31/12/2025), or its first day with first (a date that
    starts a span: "Quý III/2023" is 01/07/2023). Two different days, a date that does not
    exist ("31/02/2024") or a period without a last day ("đầu năm 2025") give None. "30/4"
    and "ngày 19 tháng 4" use default_year; a period needs its year written."""
    if isinstance(value, dt.date):
        return _from_datetime(value)
    if not isinstance(value, str):
        return _from_serial(value)
    found, invalid = _text_days(value, default_year, first)
    if invalid or len(set(found)) != 1:
        return None
    return found[0]


def conflicting_days(value: object, default_year: int | None = None,
                     first: bool = False) -> list[dt.date]:
    """The different days a text names when it names more than one ("Quý III/2023 và
    tháng 12/2024"), in order; [] otherwise. Says why parse_date gave None."""
    if not isinstance(value, str):
        return []
    found = list(dict.fromkeys(_text_days(value, default_year, first)[0]))
    return found if len(found) > 1 else []


def parse_month(value: object, default_year: int | None = None) -> tuple[int, int] | None:
    """(year, month) of a baseline reference: "tháng 3/2024", "tháng 3 năm 2024", "03/2024".

    A single full date also names its month. "tháng 3" needs default_year. Two different
    months give None."""
    if isinstance(value, dt.date):
        d = _from_datetime(value)
        return None if d is None else (d.year, d.month)
    if not isinstance(value, str):
        return None
    found = set()
    for hit in scan_months(match_key(value)):
        year = hit.year if hit.year is not None else default_year
        if year is not None and 1 <= hit.month <= 12 and 1 <= year <= 9999:
            found.add((year, hit.month))
    found.update((d.year, d.month) for d in find_dates(value, default_year))
    return found.pop() if len(found) == 1 else None


def format_date(d: dt.date, sep: str = "/") -> str:
    """Vietnamese short form "19/05/2024"; parse_date() reads it back. Every date a user
    reads goes through here (sep="-" for a file name: "19-05-2024")."""
    return f"{d.day:02d}{sep}{d.month:02d}{sep}{d.year:04d}"


def format_day(value: dt.date | str | None) -> str:
    """format_date of a date, or of the ISO day a text starts with ("2024-05-19…", as the
    ledger stores days and times); "" for anything else."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return ""
    return format_date(value) if isinstance(value, dt.date) else ""


def format_datetime(moment: dt.datetime) -> str:
    """A moment as "19/05/2024 14:30" (minutes are enough for a person)."""
    return f"{format_date(moment)} {moment.hour:02d}:{moment.minute:02d}"

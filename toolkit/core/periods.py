"""Periodic targets (Chu kỳ, DESIGN §3): the cycle a plan writes ("hàng tháng", "hằng quý",
"6 tháng", "hằng năm", "mỗi tháng 01 lần"), the calendar periods it makes inside a task's
span, and report schedules ("ngày 20 hằng tháng").

A period is a calendar month, quarter, half-year or year; its deadline is its last day
unless the plan states another. A period is identified by a stable code ("2024-05",
"2024-Q3", "2024-H1", "2024") that the ledger can store, and shown by its Vietnamese name
("Tháng 05/2024", "Quý III/2024", "6 tháng đầu năm 2024", "Năm 2024").

Pure: text and dates in, values out."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from thidua.core import labels
from thidua.core.parsing.text import match_key, normalize_text

if TYPE_CHECKING:
    import pandas as pd

#: Months in one period of each cycle.
CYCLE_MONTHS = {"month": 1, "quarter": 3, "half": 6, "year": 12}
#: How a cycle is written in the Chu kỳ column (the template's drop-down choices).
CYCLE_NAMES = dict(zip(CYCLE_MONTHS, labels.CYCLE_CHOICES, strict=True))
_ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True, order=True)
class Period:
    """One period of a cycle: [start, end], both calendar days."""

    start: dt.date
    end: dt.date
    cycle: str

    @property
    def code(self) -> str:
        """A stable key: "2024-05", "2024-Q3", "2024-H1", "2024"."""
        year, month = self.start.year, self.start.month
        if self.cycle == "month":
            return f"{year}-{month:02d}"
        if self.cycle == "quarter":
            return f"{year}-Q{(month - 1) // 3 + 1}"
        if self.cycle == "half":
            return f"{year}-H{1 if month <= 6 else 2}"
        return str(year)

    @property
    def label(self) -> str:
        """The name a clerk reads: "Tháng 05/2024", "Quý III/2024", "6 tháng đầu năm 2024"."""
        year, month = self.start.year, self.start.month
        if self.cycle == "month":
            return labels.PERIOD_MONTH.format(month=month, year=year)
        if self.cycle == "quarter":
            return labels.PERIOD_QUARTER.format(quarter=_ROMAN[(month - 1) // 3], year=year)
        if self.cycle == "half":
            text = labels.PERIOD_FIRST_HALF if month <= 6 else labels.PERIOD_SECOND_HALF
            return text.format(year=year)
        return labels.PERIOD_YEAR.format(year=year)


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_containing(cycle: str, day: dt.date) -> Period:
    """The period of `cycle` that `day` falls in."""
    months = CYCLE_MONTHS[cycle]
    first = (day.month - 1) // months * months + 1
    return Period(dt.date(day.year, first, 1), _last_day(day.year, first + months - 1), cycle)


def periods_in(cycle: str, start: dt.date, end: dt.date) -> list[Period]:
    """Every period of `cycle` that overlaps [start, end], in order (a span starting on
    15/03 has March as its first monthly period: the plan asks for that month too)."""
    if end < start:
        return []
    out = [period_containing(cycle, start)]
    while out[-1].end < end:
        out.append(period_containing(cycle, out[-1].end + dt.timedelta(days=1)))
    return out


_CODE = re.compile(r"(?P<y>[0-9]{4})(?:-(?:(?P<m>[0-9]{2})|Q(?P<q>[1-4])|H(?P<h>[12])))?")


def period_from_code(code: str) -> Period | None:
    """The period a code names ("2024-05", "2024-Q3", "2024-H1", "2024"), else None."""
    m = _CODE.fullmatch(code.strip()) if isinstance(code, str) else None
    if m is None:
        return None
    year = int(m["y"])
    if m["m"]:
        month = int(m["m"])
        return period_containing("month", dt.date(year, month, 1)) if 1 <= month <= 12 \
            else None
    if m["q"]:
        return period_containing("quarter", dt.date(year, 3 * int(m["q"]) - 2, 1))
    if m["h"]:
        return period_containing("half", dt.date(year, 1 if m["h"] == "1" else 7, 1))
    return period_containing("year", dt.date(year, 1, 1))


# -- cycles written in a plan ----------------------------------------------------------

def _words(cycle_words: dict[str, tuple[str, ...]]) -> list[tuple[str, str]]:
    """(match_key of a phrase, cycle), longest phrases first."""
    pairs = [(match_key(w), cycle) for cycle, words in cycle_words.items() for w in words]
    return sorted(pairs, key=lambda p: -len(p[0]))


_EVERY = _words(labels.CYCLE_WORDS)
_HALF_ALONE = {match_key(w) for w in labels.CYCLE_HALF_ALONE}
_TIMES = re.compile(r"(?<![0-9])0*([1-9][0-9]*)\s*" + re.escape(match_key(labels.CYCLE_TIMES)))


@dataclass(frozen=True)
class Cycle:
    """A cycle read from text, and how many times per period when the text says so
    ("mỗi tháng 01 lần": month, 1)."""

    cycle: str
    times: int | None = None


def parse_cycle(text: object) -> Cycle | None:
    """The cycle a text states: "Hàng tháng", "hằng quý", "6 tháng một lần", "mỗi năm",
    "mỗi tháng 01 lần", "định kỳ hằng năm"; None when it states none."""
    if not isinstance(text, str) or not text.strip():
        return None
    key = match_key(text)
    if key in _HALF_ALONE:  # "6 tháng" alone; "6 tháng đầu năm 2024" is a period, not a cycle
        return Cycle("half")
    for phrase, cycle in _EVERY:
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", key):
            times = _TIMES.search(key)
            return Cycle(cycle, int(times.group(1)) if times else None)
    return None


# -- report schedules ------------------------------------------------------------------

@dataclass(frozen=True)
class Schedule:
    """When returns are due: on `day` of each period's last month (None: the period's last
    day), "ngày 20 hằng tháng" is Schedule("month", 20)."""

    cycle: str
    day: int | None = None
    #: the text it was read from, as the plan writes it (shown on the forms)
    text: str = field(default="", compare=False)

    def due(self, period: Period) -> dt.date:
        """The day the return for `period` is due (a day past the month's end is its last
        day: "ngày 31 hằng tháng" in February is 28 or 29)."""
        if self.day is None:
            return period.end
        last = period.end
        return dt.date(last.year, last.month, min(self.day, last.day))

    def due_dates(self, start: dt.date, end: dt.date) -> list[tuple[Period, dt.date]]:
        """(period, due day) for every period of the schedule overlapping [start, end]."""
        return [(p, self.due(p)) for p in periods_in(self.cycle, start, end)]


_DAY_OF = re.compile(re.escape(match_key(labels.DATE_DAY_WORD)) + r"\s*0*([1-9][0-9]?)(?![0-9/.-])")


def parse_schedule(text: object) -> Schedule | None:
    """A report schedule: "ngày 20 hằng tháng", "trước ngày 25 hằng tháng", "hằng quý,
    ngày 15 tháng cuối quý", "hằng tháng" (the period's last day). None when the text
    states no cycle, or a day that no month has."""
    found = parse_cycle(text)
    if found is None:
        return None
    written = normalize_text(str(text))
    day = _DAY_OF.search(match_key(str(text)))
    if day is None:
        return Schedule(found.cycle, text=written)
    number = int(day.group(1))
    return Schedule(found.cycle, number, written) if 1 <= number <= 31 else None


def periods_due(periods: list[Period], as_of: dt.date,
                span_end: dt.date | None = None) -> list[Period]:
    """The periods whose deadline has come by as_of: the ones a periodic task is scored
    on. A period's deadline is its last day, or the task's own end (span_end) when the
    task ends inside it."""
    return [p for p in periods
            if (min(p.end, span_end) if span_end is not None else p.end) <= as_of]


# -- periodic tasks: one generated task per period -------------------------------------

#: Between a periodic task's code and its period's code: "12/2024-05". Neither a task code
#: the plan writes ("8.i", "II.3") nor a period code holds it, and no file name is made of
#: task codes.
PERIOD_SEPARATOR = "/"
#: The columns a task frame gains: period (the period's code, on a generated task; None on
#: every task the plan writes), period_start (that period's first day, or the span's) and
#: report_due (the day its return is due when Hạn nộp báo cáo is a schedule, else None).
PERIOD_COLUMNS = ("period", "period_start", "report_due")


def period_code(task: str, period: Period) -> str:
    """The code of a periodic task's generated task for one period: "12/2024-05"."""
    return f"{task}{PERIOD_SEPARATOR}{period.code}"


def task_periods(task: Mapping[str, object], plan_start: dt.date | None,
                 plan_end: dt.date | None) -> tuple[list[Period], dt.date | None, dt.date | None]:
    """The periods of a task's Chu kỳ over its span [Hiệu lực từ, else plan_start; Hạn hoàn
    thành, else plan_end], and the span's start and end; no periods without a readable
    cycle or a span."""
    found = parse_cycle(task.get("cycle"))
    start = _day(task.get("effective_from")) or plan_start
    end = _day(task.get("deadline")) or plan_end
    if found is None or start is None or end is None:
        return [], start, end
    return periods_in(found.cycle, start, end), start, end


def clashing_codes(task: Mapping[str, object], periods: list[Period],
                   codes: set[str]) -> list[str]:
    """The codes of a periodic task's periods that the plan already gives a task."""
    return [c for p in periods if (c := period_code(str(task.get("code")), p)) in codes]


def expand_periods(tasks: pd.DataFrame, plan_start: dt.date | None,
                   plan_end: dt.date | None, schedule: Schedule | None = None) -> pd.DataFrame:
    """The task frame with one generated task after each periodic task (a readable Chu kỳ)
    per period of its span: [Hiệu lực từ, else plan_start; Hạn hoàn thành, else plan_end].

    A generated task copies its parent's kind, comparison, target (the target of each
    period), scale, baseline, leads and partners; its code is period_code, its Nội dung
    the period's name and the task's (labels.PERIOD_TASK), its deadline the period's last
    day (the span's end inside the last period) and its Nhiệm vụ cha the periodic task,
    which is then scored from its periods (core.completion). A periodic task whose span is
    unknown or empty gets no periods and stays an ordinary task; so does one with sub-items
    of its own (validators warn), or one a period code of which the plan already gives a
    task (validators: an error). With a report schedule (Hạn nộp báo cáo "ngày 20 hằng
    tháng") a period's return is due on the schedule's day of the period's last month (not
    after the period's deadline): report_due. Generated rows get index values past the
    last Excel row (they have no cell of their own: the plan's issues point at the
    periodic task's row)."""
    import pandas as pd

    out = tasks.copy()
    for column in PERIOD_COLUMNS:
        out[column] = pd.Series([None] * len(out), index=out.index, dtype=object)
    if "cycle" not in out.columns or out.empty:
        return out
    records: list[dict] = []
    index: list[int] = []
    next_row = int(max(out.index)) + 1
    written_parents = {p for p in out["parent"] if isinstance(p, str)}
    codes = {c for c in out["code"] if isinstance(c, str)}
    for row, record in zip(out.index, out.to_dict("records"), strict=True):
        records.append(record)
        index.append(row)
        code = record.get("code")
        periods, start, end = task_periods(record, plan_start, plan_end)
        if not periods or start is None or end is None or code is None \
                or code in written_parents \
                or clashing_codes(record, periods, codes):  # validators name the clash
            continue
        for period in periods:
            records.append({**record, "code": period_code(code, period), "parent": code,
                            "content": _content(period, record.get("content")),
                            "effective_from": max(period.start, start),
                            "deadline": min(period.end, end), "phase": None,
                            "weight": 1.0, "weight_given": False, "cycle": None,
                            "period": period.code, "period_start": max(period.start, start),
                            "report_due": None if schedule is None else
                            min(schedule.due(period), period.end, end)})
            index.append(next_row)
            next_row += 1
    at = pd.Index(index, name=out.index.name)
    # column by column, each keeping its dtype: None stays None in object columns
    expanded = pd.DataFrame(
        {c: pd.Series([r[c] for r in records], index=at, dtype=out[c].dtype)
         for c in out.columns}, index=at)
    return expanded


def _content(period: Period, content: object) -> str:
    """Nội dung of a period's task: "Tháng 05/2024 – Báo cáo tình hình …"."""
    if not isinstance(content, str) or not content:
        return period.label
    return labels.PERIOD_TASK.format(period=period.label, content=content)


def _day(value: object) -> dt.date | None:
    return value if isinstance(value, dt.date) else None

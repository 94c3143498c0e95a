"""Periodic targets (DESIGN §3, Chu kỳ): cycles as plans write them, the calendar periods
they make inside a span, each period's deadline, and report schedules. Every expected value
is read off a calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.core.periods import (
    Cycle,
    Period,
    Schedule,
    parse_cycle,
    parse_schedule,
    period_containing,
    period_from_code,
    periods_due,
    periods_in,
)

D = dt.date


@pytest.mark.parametrize(("text", "expected"), [
    ("Hàng tháng", Cycle("month")),
    ("hằng tháng", Cycle("month")),
    ("Mỗi tháng 01 lần", Cycle("month", 1)),  # a commune plan's target
    ("mỗi tháng 2 lần", Cycle("month", 2)),
    ("Hằng quý", Cycle("quarter")),
    ("6 tháng", Cycle("half")),
    ("6 tháng một lần", Cycle("half")),
    ("định kỳ 6 tháng", Cycle("half")),
    ("hằng năm", Cycle("year")),
    ("Định kỳ hằng năm", Cycle("year")),
    ("mỗi năm", Cycle("year")),
])
def test_cycles_as_plans_write_them(text, expected):
    assert parse_cycle(text) == expected


@pytest.mark.parametrize("text", ["6 tháng đầu năm 2024", "Quý III/2023", "năm 2025",
                                  "tháng 12/2024", "", None, 12, "thường xuyên"])
def test_a_period_or_anything_else_is_no_cycle(text):
    """A named period is a deadline, not a cycle; "thường xuyên" (continuously) names no
    cycle either."""
    assert parse_cycle(text) is None


def test_the_period_containing_a_day():
    assert period_containing("month", D(2024, 2, 10)) == Period(D(2024, 2, 1), D(2024, 2, 29),
                                                                "month")  # leap year
    assert period_containing("quarter", D(2023, 8, 15)) == Period(D(2023, 7, 1),
                                                                  D(2023, 9, 30), "quarter")
    assert period_containing("half", D(2024, 7, 1)) == Period(D(2024, 7, 1), D(2024, 12, 31),
                                                              "half")
    assert period_containing("year", D(2025, 12, 31)) == Period(D(2025, 1, 1),
                                                                D(2025, 12, 31), "year")


def test_codes_and_names_of_periods():
    """Each period has a stable code and the name a clerk reads; a code reads back."""
    cases = [
        (period_containing("month", D(2024, 5, 3)), "2024-05", "Tháng 05/2024"),
        (period_containing("quarter", D(2023, 9, 30)), "2023-Q3", "Quý III/2023"),
        (period_containing("half", D(2024, 3, 1)), "2024-H1", "6 tháng đầu năm 2024"),
        (period_containing("half", D(2024, 10, 1)), "2024-H2", "6 tháng cuối năm 2024"),
        (period_containing("year", D(2025, 6, 1)), "2025", "Năm 2025"),
    ]
    for period, code, label in cases:
        assert (period.code, period.label) == (code, label)
        assert period_from_code(code) == period
    for bad in ("2024-13", "2024-Q5", "24-05", "", None):
        assert period_from_code(bad) is None


def test_the_periods_of_a_span():
    """"hằng năm" for 2022–2025 (seed 003's yearly rates 2.1 and 2.4): four
    yearly periods. A monthly task from 15/03 to 10/06/2024 has March (started inside it)
    to June: 4 periods."""
    years = periods_in("year", D(2022, 1, 1), D(2025, 12, 31))
    assert [p.code for p in years] == ["2022", "2023", "2024", "2025"]
    months = periods_in("month", D(2024, 3, 15), D(2024, 6, 10))
    assert [p.code for p in months] == ["2024-03", "2024-04", "2024-05", "2024-06"]
    assert periods_in("quarter", D(2024, 5, 1), D(2024, 4, 30)) == []


def test_the_periods_due_at_a_report_date():
    """Monthly, 01/01–10/06/2024, report date 31/05/2024: January–May are due (May's last
    day is 31/05 ≤ R), June is not. At 10/06 June is due too: the task ends inside it, on
    10/06, which is June's deadline."""
    months = periods_in("month", D(2024, 1, 1), D(2024, 6, 10))
    due = periods_due(months, D(2024, 5, 31), span_end=D(2024, 6, 10))
    assert [p.code for p in due] == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05"]
    assert len(periods_due(months, D(2024, 6, 10), span_end=D(2024, 6, 10))) == 6
    assert len(periods_due(months, D(2024, 6, 9), span_end=D(2024, 6, 10))) == 5


def test_report_schedules():
    """"ngày 20 hằng tháng": the return of each month is due on the 20th of that month;
    "ngày 31 hằng tháng" in February 2024 is the 29th; "hằng quý, ngày 15 tháng cuối quý":
    the 15th of March, June …; a schedule without a day: the period's last day."""
    monthly = parse_schedule("Trước ngày 20 hằng tháng")
    assert monthly == Schedule("month", 20)
    dues = monthly.due_dates(D(2024, 1, 1), D(2024, 3, 31))
    assert [(p.code, d) for p, d in dues] == [("2024-01", D(2024, 1, 20)),
                                               ("2024-02", D(2024, 2, 20)),
                                               ("2024-03", D(2024, 3, 20))]
    feb = period_containing("month", D(2024, 2, 1))
    assert Schedule("month", 31).due(feb) == D(2024, 2, 29)
    quarterly = parse_schedule("hằng quý, ngày 15 tháng cuối quý")
    assert quarterly == Schedule("quarter", 15)
    assert quarterly.due(period_containing("quarter", D(2024, 5, 1))) == D(2024, 6, 15)
    assert parse_schedule("hằng tháng") == Schedule("month")
    assert parse_schedule("hằng tháng").due(feb) == D(2024, 2, 29)
    assert parse_schedule("ngày 20/5/2024") is None  # a date, no cycle
    assert parse_schedule("ngày 40 hằng tháng") is None

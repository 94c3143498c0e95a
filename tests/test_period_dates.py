"""Deadlines written as periods (DESIGN §3: "Quý III/2023", "6 tháng đầu năm 2024",
"tháng 12/2024", "năm 2025", "đến năm 2025" mean the last day of that period), read the
same way in every date cell of the plan and of a return. Each expected day is the
calendar's last day of the period named; a cell that starts a span (Ngày bắt đầu, Từ
ngày, Hiệu lực từ) reads the period's first day: a task "from Quý III/2023" runs from
01/07/2023, not from 30/09/2023."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.core.parsing.dates import conflicting_days, parse_date
from thidua.read.plan import read_plan

from factories import PHASES, PLAN, TASKS, defect, row_of, set_cell

BASELINE = {"group-no-members", "missing-baseline"}  # the sample's own two warnings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quý III/2023", dt.date(2023, 9, 30)),  # Q3 = Jul–Sep
        ("quý III-2023", dt.date(2023, 9, 30)),
        ("Quý 3 năm 2023", dt.date(2023, 9, 30)),
        ("Quý I/2024", dt.date(2024, 3, 31)),
        ("Quý II/2024", dt.date(2024, 6, 30)),
        ("Quý IV năm 2024", dt.date(2024, 12, 31)),
        ("xong trong Quý IV/2024", dt.date(2024, 12, 31)),
        ("6 tháng đầu năm 2024", dt.date(2024, 6, 30)),  # Jan–Jun
        ("06 tháng đầu năm 2024", dt.date(2024, 6, 30)),
        ("6 tháng cuối năm 2024", dt.date(2024, 12, 31)),  # Jul–Dec
        ("9 tháng đầu năm 2024", dt.date(2024, 9, 30)),  # Jan–Sep
        ("tháng 12/2024", dt.date(2024, 12, 31)),
        ("Tháng 2/2024", dt.date(2024, 2, 29)),  # 2024 is a leap year
        ("tháng 2 năm 2023", dt.date(2023, 2, 28)),
        ("tháng 4/2024", dt.date(2024, 4, 30)),
        ("năm 2025", dt.date(2025, 12, 31)),
        ("Năm 2025.", dt.date(2025, 12, 31)),
        ("đến năm 2025", dt.date(2025, 12, 31)),
        ("Hết năm 2025", dt.date(2025, 12, 31)),
        ("cuối năm 2025", dt.date(2025, 12, 31)),
        ("trong năm 2024", dt.date(2024, 12, 31)),
        # a date beside the period that agrees with it is not ambiguous
        ("31/12/2024 (hết năm 2024)", dt.date(2024, 12, 31)),
        # the year written after day and month belongs to them
        ("trước ngày 30/6 năm 2024", dt.date(2024, 6, 30)),
        # a month without a year beside a date names no day of its own
        ("19/5/2024 (trong tháng 5)", dt.date(2024, 5, 19)),
        # a full date keeps winning over the words inside it
        ("ngày 15 tháng 12 năm 2024", dt.date(2024, 12, 15)),
        ("trước ngày 30/6/2025", dt.date(2025, 6, 30)),
    ],
)
def test_period_reads_as_its_last_day(text, expected):
    assert parse_date(text) == expected
    assert conflicting_days(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Quý III/2023", dt.date(2023, 7, 1)),
        ("Quý I/2024", dt.date(2024, 1, 1)),
        ("Quý IV năm 2024", dt.date(2024, 10, 1)),
        ("6 tháng đầu năm 2024", dt.date(2024, 1, 1)),
        ("6 tháng cuối năm 2024", dt.date(2024, 7, 1)),
        ("9 tháng đầu năm 2024", dt.date(2024, 1, 1)),
        ("tháng 12/2024", dt.date(2024, 12, 1)),
        ("tháng 2 năm 2023", dt.date(2023, 2, 1)),
        ("năm 2025", dt.date(2025, 1, 1)),
        ("ngày 15 tháng 12 năm 2024", dt.date(2024, 12, 15)),  # a day stays that day
        ("01/07/2025 (từ Quý III/2025)", dt.date(2025, 7, 1)),  # and agrees with it
    ],
)
def test_a_period_that_starts_a_span_reads_as_its_first_day(text, expected):
    assert parse_date(text, first=True) == expected
    assert conflicting_days(text, first=True) == []


@pytest.mark.parametrize(
    "text",
    [
        "đầu năm 2025",  # names no last day
        "giữa năm 2025",
        "6 tháng giữa năm 2024",
        "9 tháng cuối năm 2024",  # not a period offices use
        "Quý V/2023",
        "Quý 5/2023",
        "Quý III",  # no year: a plan may span several
        "tháng 12",
        "6 tháng 12",  # a duration, not a date
        "năm 2024-2025",
        "tháng 13/2024",
    ],
)
def test_unclear_period_is_not_a_date(text):
    assert parse_date(text) is None
    assert conflicting_days(text) == []


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("Quý I/2024 và Quý II/2024", [dt.date(2024, 3, 31), dt.date(2024, 6, 30)]),
        ("30/6/2024 hoặc hết năm 2024", [dt.date(2024, 6, 30), dt.date(2024, 12, 31)]),
        ("năm 2024, năm 2025", [dt.date(2024, 12, 31), dt.date(2025, 12, 31)]),
    ],
)
def test_two_different_days_are_ambiguous(text, days):
    assert parse_date(text) is None
    assert conflicting_days(text) == days


def test_plan_cells_read_periods_and_name_an_ambiguous_cell(tmp_path):
    """The sample plan (19/04–19/05/2024) stretched by periods: Kế hoạch's Ngày kết thúc
    "6 tháng đầu năm 2024" reads 30/06/2024, phase CD1's Đến ngày "tháng 6/2024" 30/06/2024,
    task 3's Hạn hoàn thành "Quý II/2024" 30/06/2024 (Q2 = Apr–Jun), task 4's Hiệu lực từ
    "tháng 5/2024" 01/05/2024 and Kế hoạch's Ngày bắt đầu "tháng 4/2024" 01/04/2024 (a
    start: the month's first day); task 6's deadline "Quý I/2024 và Quý II/2024" is an error at
    its cell naming both days (31/03/2024, 30/06/2024). Nothing else is reported."""
    def edit(book):
        plan_sheet = book[PLAN]
        plan_sheet.cell(row_of(plan_sheet, "Ngày kết thúc"), 2).value = "6 tháng đầu năm 2024"
        plan_sheet.cell(row_of(plan_sheet, "Ngày bắt đầu"), 2).value = "tháng 4/2024"
        set_cell(book[PHASES], "CD1", "Đến ngày", "tháng 6/2024")
        ws = book[TASKS]
        return (set_cell(ws, "3", "Hạn hoàn thành", "Quý II/2024"),
                set_cell(ws, "4", "Hiệu lực từ", "tháng 5/2024"),
                set_cell(ws, "6", "Hạn hoàn thành", "Quý I/2024 và Quý II/2024"))

    path, (_, _, bad) = defect(tmp_path, "period-deadlines", edit)
    plan, report = read_plan(path)
    assert plan.period == (dt.date(2024, 4, 1), dt.date(2024, 6, 30))
    assert plan.phases.iloc[0]["end"] == dt.date(2024, 6, 30)
    tasks = plan.tasks.set_index("code")
    assert tasks.loc["3", "deadline"] == dt.date(2024, 6, 30)
    assert tasks.loc["4", "effective_from"] == dt.date(2024, 5, 1)
    assert tasks.loc["6", "deadline"] is None
    new = [i for i in report.issues if i.code not in BASELINE]
    assert [(i.code, i.sheet, i.cell) for i in new] == [("ambiguous-date", TASKS, bad)]
    assert "31/03/2024" in new[0].message and "30/06/2024" in new[0].message


def test_a_returns_data_date_may_be_a_period(folder):
    """TCKH's Số liệu tính đến ngày "tháng 5/2024" is 31/05/2024 (May has 31 days); the
    return is accepted with that data date. Another return with "Quý I/2024 và tháng 5/2024"
    names two days (31/03/2024, 31/05/2024): ambiguous-date at the header's value cell C6
    (the third line of the header block, which starts on row 4; values in column C)."""
    from thidua.collect import collect
    from thidua.core import labels
    from thidua.write.sample_returns import fill_form

    from returns_kit import file_rows

    rows = {"2": {"result": 38.5, "status": labels.STATUS_DOING}}
    good = fill_form(folder.form("TCKH"), folder.inbox / "thang5.xlsx",
                     {"data_date": "tháng 5/2024", "submission": 1}, rows)
    result = collect(folder.workbook, [good])
    assert result.files[0].status == "accepted"
    assert file_rows(folder.ledger)[0]["data_date"] == "2024-05-31"
    bad = fill_form(folder.form("VP"), folder.inbox / "hai-ky.xlsx",
                    {"data_date": "Quý I/2024 và tháng 5/2024", "submission": 1}, {})
    issues = collect(folder.workbook, [bad]).issues
    found = [(i.code, i.cell) for i in issues if i.code == "ambiguous-date"]
    assert found == [("ambiguous-date", "C6")]
    assert "31/03/2024" in issues[[i.code for i in issues].index("ambiguous-date")].message


def test_a_completion_date_naming_two_days_is_said_to_be_ambiguous(folder):
    """TCKH types "15/04/2024 hoặc 20/04/2024" as task 2's Ngày hoàn thành: two days, so
    the error at that cell says which two (as a plan cell or the header's data date would),
    not merely that it is no date; the row counts for nothing."""
    from thidua.collect import collect
    from thidua.core import fields, labels
    from thidua.write.forms import FORM_TABLE_ROW
    from thidua.write.sample_returns import fill_form

    rows = {"2": {"result": 40, "status": labels.STATUS_DONE,
                  "completed_on": "15/04/2024 hoặc 20/04/2024"}}
    path = fill_form(folder.form("TCKH"), folder.inbox / "hai-ngay.xlsx",
                     {"data_date": dt.date(2024, 5, 10), "submission": 1}, rows)
    issues = collect(folder.workbook, [path]).issues
    found = [i for i in issues if i.code in ("ambiguous-date", "bad-date")]
    assert [i.code for i in found] == ["ambiguous-date"]
    column = "ABCDEFGHIJKLMNOP"[fields.RETURN.keys.index("completed_on")]
    assert found[0].cell.startswith(column) and int(found[0].cell[1:]) > FORM_TABLE_ROW
    assert "15/04/2024" in found[0].message and "20/04/2024" in found[0].message

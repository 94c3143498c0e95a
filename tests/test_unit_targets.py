"""Targets that differ by unit (DESIGN §3): "Vạn Thạch: 300; các thôn khác: 200" in Giá
trị mục tiêu, or rows of the optional sheet Chỉ tiêu theo đơn vị (Mã NV | Đơn vị | Giá trị
mục tiêu). Each lead is scored on its own target and its form shows it. Expected values
are worked out by hand in each docstring."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest
from test_completion import results_frame

from thidua.core import labels
from thidua.core.assignments import assignments
from thidua.core.completion import evaluate
from thidua.read.plan import read_plan
from thidua.write.canonical import PlanContent, write_canonical
from thidua.write.forms import form_specs

from factories import TASKS, column_of, row_of

D = dt.date(2024, 12, 31)
R = dt.date(2024, 11, 30)
SHEET = labels.SHEET_UNIT_TARGETS

UNITS = [
    {"code": "VT", "name": "Thôn Vạn Thạch", "aliases": "Vạn Thạch", "kind": "Thôn"},
    {"code": "T2", "name": "Thôn 2", "kind": "Thôn"},
    {"code": "T3", "name": "Thôn 3", "kind": "Thôn"},
    {"code": "PNV", "name": "Phòng Nội vụ", "kind": "Phòng"},
]
TEXT = "Vạn Thạch: 300; các thôn khác: 200"


def tasks(target_1=TEXT):
    return [
        {"code": "1", "content": "Trồng cây xanh", "target_text": "300 cây ở Vạn Thạch, 200 "
         "cây ở mỗi thôn khác", "kind": "Số lượng", "target": target_1, "measure": "cây",
         "deadline": "31/12/2024", "leads": "VT; T2; T3"},
        {"code": "2", "content": "Vận động hội viên", "kind": "Số lượng", "target": "50",
         "deadline": "31/12/2024", "leads": "VT; T2"},
        {"code": "3", "content": "Thu quỹ", "kind": "Tỷ lệ", "comparison": "≥",
         "deadline": "31/12/2024", "leads": "VT; T2"},
    ]


SHEET_ROWS = [
    {"task": "2", "unit": "Thôn 2", "target": "40"},
    {"task": "3", "unit": "VT", "target": "90"},
    {"task": "3", "unit": "Thôn 2", "target": "80"},
]


def workbook(folder, task_rows=None, sheet_rows=SHEET_ROWS):
    info = {"number": "07/KH-UBND", "issuer": "UBND xã", "issued_on": "02/01/2024",
            "title": "Thi đua năm 2024", "start": "01/01/2024", "end": "31/12/2024"}
    return write_canonical(folder / "bieu_chi_tiet.xlsx", PlanContent(
        info=info, units=UNITS, tasks=task_rows or tasks(), unit_targets=list(sheet_rows)))


def target_cell(path, code):
    ws = openpyxl.load_workbook(path)[TASKS]
    return ws.cell(row_of(ws, code), column_of(ws, "Giá trị mục tiêu")).coordinate


def test_targets_by_unit_are_read_from_the_cell_and_the_sheet(tmp_path):
    """Task 1: VT 300 from the cell, "các thôn khác: 200" is the task's T. Task 2: T 50,
    Thôn 2's own 40 from the sheet. Task 3: no T of its own, VT 90 and T2 80 from the sheet:
    every lead has one, so nothing is missing. The plan checks clean."""
    plan, report = read_plan(workbook(tmp_path))
    assert report.issues == []
    t = plan.tasks.set_index("code")
    assert (t.loc["1", "unit_targets"], t.loc["1", "target"]) == ({"VT": 300.0}, 200.0)
    assert (t.loc["2", "unit_targets"], t.loc["2", "target"]) == ({"T2": 40.0}, 50.0)
    assert t.loc["3", "unit_targets"] == {"VT": 90.0, "T2": 80.0}
    assert pd.isna(t.loc["3", "target"])


def result(unit, code, value, status=labels.STATUS_DOING, completed_on=None):
    return {"unit": unit, "task": code, "value": value, "value_text": None, "status": status,
            "completed_on": completed_on, "data_date": R, "cause": None,
            "file": f"{unit}.xlsx", "cell": "G7"}


def test_each_lead_is_scored_on_its_own_target(tmp_path):
    """R = 30/11/2024, D = 31/12/2024.
    Task 1: VT 240 of its 300 → 80 %; T2 200 of the rest's 200 → 100 %, achieved; T3 150 of
    200 → 75 %. Several leads: mean of the capped % (80 + 100 + 75)/3 = 85, not achieved.
    Task 2: VT 50 of T 50 → 100 %, T2 40 of its own 40 → 100 %, both done 15/11 → achieved
    on time (with the task's 50 alone T2 would have 80 %).
    Task 3 (Tỷ lệ ≥): VT 90 of its 90 → 100 %; T2 72 of its 80 → 90 %, not achieved."""
    plan, _ = read_plan(workbook(tmp_path))
    done = dt.date(2024, 11, 15)
    rows = [result("VT", "1", 240.0), result("T2", "1", 200.0, labels.STATUS_DONE, done),
            result("T3", "1", 150.0),
            result("VT", "2", 50.0, labels.STATUS_DONE, done),
            result("T2", "2", 40.0, labels.STATUS_DONE, done),
            result("VT", "3", 90.0, labels.STATUS_DONE, done), result("T2", "3", 72.0)]
    ev = evaluate(plan.tasks, assignments(plan), results_frame(*rows), R, D, 7)
    pct = ev.rows.set_index(["unit", "task"])["pct"]
    assert pct[("VT", "1")] == pytest.approx(80.0)
    assert pct[("T2", "1")] == pytest.approx(100.0)
    assert pct[("T3", "1")] == pytest.approx(75.0)
    assert pct[("T2", "2")] == pytest.approx(100.0)
    assert pct[("T2", "3")] == pytest.approx(90.0)
    t = ev.tasks.set_index("code")
    assert t.loc["1", "pct"] == pytest.approx(85.0) and not t.loc["1", "achieved"]
    assert t.loc["2", "achieved"] and t.loc["2", "status"] == "on_time"
    assert not t.loc["3", "achieved"]


def test_forms_show_the_units_own_target(tmp_path):
    """VT's row 1 shows its 300 before the plan's text; T3 (no own target) sees the plan's
    text; T2's row 3 (Tỷ lệ) shows 80%."""
    plan, _ = read_plan(workbook(tmp_path))
    shown = {(s.unit_code, r.code): r.target_text for s in form_specs(plan) for r in s.rows}
    assert shown[("VT", "1")] == ("Chỉ tiêu của đơn vị: 300 (300 cây ở Vạn Thạch, 200 cây "
                                  "ở mỗi thôn khác)")
    assert shown[("T3", "1")] == "300 cây ở Vạn Thạch, 200 cây ở mỗi thôn khác"
    assert shown[("T2", "3")] == "Chỉ tiêu của đơn vị: 80%"
    assert shown[("T2", "2")] == "Chỉ tiêu của đơn vị: 40"


def test_problems_in_targets_by_unit_are_issues_at_their_cells(tmp_path):
    """Nhiệm vụ: task 1's cell "Vạn Thạch: 300; Thôn 9: 100; các thôn khác: 200" names an
    unknown unit; task 2's "Thôn 2 40" has no ":", so it is a plain number that does not
    parse; task 3's "VT: 95; Thôn 2 80" has a part without ":" and no rest, so Thôn 2 is
    left without a target. Chỉ tiêu theo đơn vị (data rows 2–6): "99" is no task; Phòng
    Nội vụ does not lead task 2 (warning at its Đơn vị cell); VT's 310 for task 1 repeats
    its 300 from the cell (error naming that cell); "abc" is no number; VT's 90 for task 3
    repeats its 95 from the cell (the cell is read first)."""
    task_rows = tasks("Vạn Thạch: 300; Thôn 9: 100; các thôn khác: 200")
    task_rows[1]["target"] = "Thôn 2 40"
    task_rows[2]["target"] = "VT: 95; Thôn 2 80"
    sheet_rows = [
        {"task": "99", "unit": "VT", "target": "1"},
        {"task": "2", "unit": "Phòng Nội vụ", "target": "10"},
        {"task": "1", "unit": "Vạn Thạch", "target": "310"},
        {"task": "2", "unit": "VT", "target": "abc"},
        {"task": "3", "unit": "VT", "target": "90"},
    ]
    path = workbook(tmp_path, task_rows, sheet_rows)
    _, report = read_plan(path)
    found = sorted((i.code, i.sheet, i.cell, str(i.value)) for i in report.issues)
    assert found == sorted([
        ("unknown-unit", TASKS, target_cell(path, "1"), "Thôn 9"),
        ("bad-number", TASKS, target_cell(path, "2"), "Thôn 2 40"),
        ("unit-target-bad-part", TASKS, target_cell(path, "3"), "Thôn 2 80"),
        ("unit-target-unknown-task", SHEET, "A2", "99"),
        ("unit-target-not-lead", SHEET, "B3", "Phòng Nội vụ"),
        ("duplicate-unit-target", SHEET, "C4", "Thôn Vạn Thạch"),
        ("bad-number", SHEET, "C5", "abc"),
        ("duplicate-unit-target", SHEET, "C6", "Thôn Vạn Thạch"),
        ("unit-target-missing", TASKS, target_cell(path, "3"), "Thôn 2"),
    ])
    duplicate = next(i for i in report.issues if i.cell == "C4")
    assert target_cell(path, "1") in duplicate.message


def test_the_target_of_a_unit_that_took_the_task_over():
    """A successor with no target of its own keeps the one of the single unit it took the
    task over from (A's 300); units that merged into it (A and C) leave it the task's 200;
    a unit without one has the task's 200."""
    from thidua.core.completion import unit_target

    t = {"unit_targets": {"A": 300.0}, "target": 200.0}
    assert unit_target(t, "A") == 300.0
    assert unit_target(t, "B") == 200.0
    assert unit_target(t, "S", ("A",)) == 300.0
    assert unit_target(t, "S", ("A", "C")) == 200.0
    assert unit_target({"unit_targets": None, "target": 50.0}, "A") == 50.0

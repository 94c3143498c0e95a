"""Percent cells and merged cells, read the way Excel stores them (DESIGN §3).

Sample plan facts used below (toolkit/write/canonical.py): task 1 is Tỷ lệ ≥ 40, led by
CCT, D 19/05/2024; 8.i is Lũy kế 82/85 ha and 8.ii–8.iv are Mốc, all led by TTPTQD, D
19/05; 14 is Số lượng 83 nhà led by LĐTBXH; 15 is Lũy kế 6.798/7.800 người led by BHXH.
Report date 10/05/2024, warning days 7, so a task not achieved is "in progress"
(10/05 ≤ 19/05 − 7). Nhiệm vụ column G is Giá trị mục tiêu; on a return form, G is Kết quả
thực hiện, H Ngày hoàn thành, I Tình trạng."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from thidua.collect import collect
from thidua.core import labels
from thidua.core.assignments import assignments
from thidua.core.completion import evaluate
from thidua.read.plan import read_plan
from thidua.read.spreadsheet import open_workbook
from thidua.store.ledger import Ledger
from thidua.write.forms import FORM_TABLE_ROW
from thidua.write.sample_returns import fill_form

from factories import TASKS, defect, row_of

D = dt.date(2024, 5, 10)
AS_OF = dt.date(2024, 5, 10)


def _form_row(form, code: str) -> int:
    book = openpyxl.load_workbook(form)
    ws = book[labels.FORM_SHEET]
    for r in range(FORM_TABLE_ROW + 1, ws.max_row + 1):
        if str(ws.cell(r, 1).value) == code:
            return r
    raise KeyError(code)


def _set_target(workbook, code: str, value: object, number_format: str | None) -> str:
    """Write a task's Giá trị mục tiêu in place, with a number format; returns its cell."""
    book = openpyxl.load_workbook(workbook)
    ws = book[TASKS]
    cell = ws.cell(row_of(ws, code), 7)
    cell.value = value
    if number_format:
        cell.number_format = number_format
    book.save(workbook)
    return cell.coordinate


def _scores(folder) -> dict[str, tuple[float | None, str]]:
    plan, _ = read_plan(folder.workbook)
    with Ledger.open_read_only(folder.ledger) as opened:
        results = opened.counted_results(AS_OF)
    ev = evaluate(plan.tasks, assignments(plan), results, AS_OF, plan.info["end"], 7)
    return {t.code: (None if t.pct != t.pct else round(float(t.pct), 2), t.status)
            for t in ev.tasks.itertuples()}


def _issues(result, name: str) -> list[tuple[str, str]]:
    outcome = next(f for f in result.files if f.name == name)
    return [(i.code, i.cell) for i in outcome.issues]


# --- reading: a percent-formatted cell holds a fraction --------------------------------

def test_a_percent_formatted_cell_is_read_as_the_percent_it_shows(tmp_path):
    """0.8 shown as 80% reads 80; 0.825 shown 82.5% reads 82.5; a plain 0.8 stays 0.8 and
    the text "82%" stays text (parsed later)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "S"
    ws["A1"], ws["B1"], ws["C1"], ws["D1"] = 0.8, 0.825, 0.8, "82%"
    ws["A1"].number_format = "0%"
    ws["B1"].number_format = "0.0%"
    path = tmp_path / "p.xlsx"
    book.save(path)
    raw = open_workbook(path).read("S")
    assert raw.rows[0] == [80.0, 82.5, 0.8, "82%"]
    assert raw.percent == {(0, 0), (0, 1)}


def test_a_custom_format_with_a_quoted_percent_sign_is_not_a_percent(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws["A1"] = 5
    ws["A1"].number_format = '0" %"'  # a literal "%" shown after the number: not scaled
    path = tmp_path / "q.xlsx"
    book.save(path)
    assert open_workbook(path).read(ws.title).rows[0] == [5]


def test_a_workbook_without_a_percent_style_skips_the_style_pass(tmp_path):
    """No percent format in styles.xml (a byte search says so): no pass over the XML parts
    at all, as before (a return without one pays nothing)."""
    book = openpyxl.Workbook()
    book.active["A1"] = 0.8
    plain, styled = tmp_path / "plain.xlsx", tmp_path / "styled.xlsx"
    book.save(plain)
    book.active["A1"].number_format = "0%"
    book.save(styled)
    assert open_workbook(plain)._zip is None
    opened = open_workbook(styled)
    assert opened._zip is not None and opened._meta == {}  # read on the first read
    assert opened.read(book.active.title).rows == [[80.0]]
    assert opened._meta[book.active.title].percent == {(0, 0)}


def test_styled_cells_finds_cells_of_a_style_whatever_the_attribute_order():
    """Cells B2 (r before s) and C3 (s before r, new line before it) have style 9; a row
    and a column styled 9, a cell of style 19 and an attribute named xs are not cells of
    style 9."""
    from thidua.read.xlsx_parts import styled_cells

    xml = (b'<worksheet><cols><col min="1" max="1" style="9"/></cols><sheetData>'
           b'<row r="2" s="9" customFormat="1"><c r="A2" s="19"><v>1</v></c>'
           b'<c r="B2" s="9" t="n"><v>0.8</v></c></row>'
           b'<row r="3"><c t="n"\n s="9" r="C3"><v>0.5</v></c><c r="D3" xs="9"/></row>'
           b'</sheetData></worksheet>')
    assert styled_cells(xml, frozenset({"9"})) == {(1, 1), (2, 2)}
    assert styled_cells(xml, frozenset({"9", "19"})) == {(1, 0), (1, 1), (2, 2)}
    assert styled_cells(xml, frozenset()) == set()


# --- case 1: a Tỷ lệ target typed the Excel way ---------------------------------------

def test_a_rate_target_stored_as_a_percent_is_read_as_the_percent(tmp_path):
    """Task 1's target typed "40%" in Excel: stored 0.4 with format 0% → T = 40, no
    warning. Task 2's target typed 0.4 in a General cell: T stays 0.4 (check never
    changes the plan) with a warning at its cell ("có phải 40%?")."""
    def edit(book):
        ws = book[TASKS]
        one = ws.cell(row_of(ws, "1"), 7)
        one.value, one.number_format = 0.4, "0%"
        two = ws.cell(row_of(ws, "2"), 7)
        two.value = 0.4
        return two.coordinate
    path, cell = defect(tmp_path, "ty-le-phan-tram", edit)
    plan, report = read_plan(path)
    targets = dict(zip(plan.tasks["code"], plan.tasks["target"], strict=True))
    assert targets["1"] == 40.0
    assert targets["2"] == 0.4
    found = [(i.code, i.cell, i.severity) for i in report.issues
             if i.code == "rate-target-fraction"]
    assert found == [("rate-target-fraction", cell, "warning")]
    assert "40%" in next(i.message for i in report.issues if i.code == "rate-target-fraction")


@pytest.mark.parametrize(("typed", "percent_target", "expected"), [
    # T = 40 either way (typed "40" or "40%" in Excel). A as the unit meant it:
    ("38,5", True, (96.25, "in_progress")),   # 100·38,5/40 = 96,25
    ("39%", True, (97.5, "in_progress")),     # 100·39/40 = 97,5
    (38, True, (95.0, "in_progress")),        # typed 38 in the form's % cell: 0.38 → 38
    (0.452, False, (113.0, "on_time")),       # typed 0,452 in the % cell: shows 45,2%
    ("45,2", True, (113.0, "on_time")),       # 100·45,2/40 = 113, C 08/05 ≤ D 19/05
])
def test_case_1_rate_values_score_against_a_percent_target(folder, typed, percent_target,
                                                           expected):
    """The issue's case 1 on the sample plan: target typed "40%" (stored 0.4, format 0%)
    or "40"; the unit reports "Đã hoàn thành" on 08/05 with A as in each line. Below the
    target the status is not "Hoàn thành" (the numbers contradict the claim), and nothing
    is ever scored in thousands of percent."""
    if percent_target:
        _set_target(folder.workbook, "1", 0.4, "0%")
    out = folder.inbox / "cct.xlsx"
    fill_form(folder.form("CCT"), out, {"data_date": D}, {"1": {
        "result": typed, "status": labels.STATUS_DONE, "completed_on": dt.date(2024, 5, 8)}})
    result = collect(folder.workbook, [folder.inbox])
    codes = [c for c, _ in _issues(result, out.name)]
    assert "rate-as-fraction" not in codes
    assert "rate-target-fraction" not in [i.code for i in result.issues]
    assert _scores(folder)["1"] == expected


def _result_cell(row: int, value: float, number_format: str):
    """An edit of a filled form: the Kết quả cell of a row holds value in number_format,
    as a unit's Excel may store it."""
    def edit(book) -> None:
        cell = book[labels.FORM_SHEET].cell(row, 7)
        cell.value, cell.number_format = value, number_format
    return edit


def test_a_fraction_in_a_plain_cell_still_asks_whether_a_percent_was_meant(folder):
    """Target 40; the unit's cell lost its percent format and holds 0.452: read 0.452
    (no guess), warned "có phải ý là 45,2%?" at G of the row."""
    out = folder.inbox / "cct.xlsx"
    row = _form_row(folder.form("CCT"), "1")

    fill_form(folder.form("CCT"), out, {"data_date": D},
              {"1": {"status": labels.STATUS_DONE}}, edit=_result_cell(row, 0.452, "General"))
    result = collect(folder.workbook, [folder.inbox])
    assert ("rate-as-fraction", f"G{row}") in _issues(result, out.name)


def test_the_form_formats_a_rate_result_as_percent_and_a_count_as_a_number(folder):
    book = openpyxl.load_workbook(folder.form("TTPTQD"))
    ws = book[labels.FORM_SHEET]
    formats = {str(ws.cell(r, 1).value): ws.cell(r, 7).number_format
               for r in range(FORM_TABLE_ROW + 1, ws.max_row + 1)}
    assert "%" not in formats["8.i"]
    book = openpyxl.load_workbook(folder.form("CCT"))
    ws = book[labels.FORM_SHEET]
    assert "%" in ws.cell(_form_row(folder.form("CCT"), "1"), 7).number_format


# --- case 2: "%" on a count -----------------------------------------------------------

def test_case_2_a_percent_is_never_read_as_a_count(folder):
    """"100%" for task 14 (83 houses), a percent-formatted 0.976 (shows 97,6%) for 8.i
    (82/85 ha) and "88%" for 15 (6.798 people): each an error at its Kết quả cell, the
    row not counted. Before: 100/83 = 120,5 % accepted, 97,6 ha, 88 people."""
    ldtbxh, ttptqd, bhxh = (folder.inbox / f"{n}.xlsx" for n in ("ldtbxh", "ttptqd", "bhxh"))
    fill_form(folder.form("LDTBXH"), ldtbxh, {"data_date": D},
              {"14": {"result": "100%", "status": labels.STATUS_DONE,
                      "completed_on": dt.date(2024, 4, 28)}})
    row_8i = _form_row(folder.form("TTPTQD"), "8.i")

    fill_form(folder.form("TTPTQD"), ttptqd, {"data_date": D},
              {"8.i": {"status": labels.STATUS_DOING}}, edit=_result_cell(row_8i, 0.976, "0.0%"))
    fill_form(folder.form("BHXH"), bhxh, {"data_date": D},
              {"15": {"result": "88%", "status": labels.STATUS_DOING}})
    result = collect(folder.workbook, [folder.inbox])
    for path, code in ((ldtbxh, "14"), (ttptqd, "8.i"), (bhxh, "15")):
        row = _form_row(folder.form({"14": "LDTBXH", "8.i": "TTPTQD", "15": "BHXH"}[code]),
                        code)
        found = [i for i in next(f for f in result.files if f.name == path.name).issues
                 if i.code == "percent-for-count"]
        assert [(i.cell, i.severity) for i in found] == [(f"G{row}", "error")], path.name
    scores = _scores(folder)
    assert scores["14"] == (None, "no_report")
    assert scores["8.i"] == (None, "no_report")
    assert scores["15"] == (None, "no_report")


# --- case 10: merged cells ------------------------------------------------------------

def test_case_10_a_merged_range_gives_its_value_to_every_row_it_covers(folder):
    """Tình trạng "Đã hoàn thành" and Ngày hoàn thành 30/04 merged over the rows of 8.ii–
    8.iv: each of the three rows reports done on 30/04 (what the sheet shows on each row),
    with a merged-cells warning at the range. 8.ii–8.iv: 100 %, C 30/04 ≤ D 19/05 → on
    time. Before: 8.iii and 8.iv were "Chưa báo cáo"."""
    first, last = (_form_row(folder.form("TTPTQD"), c) for c in ("8.ii", "8.iv"))
    assert last == first + 2

    def merge(book):
        ws = book[labels.FORM_SHEET]
        ws.cell(first, 8).value = dt.date(2024, 4, 30)
        ws.cell(first, 9).value = labels.STATUS_DONE
        ws.merge_cells(start_row=first, start_column=8, end_row=last, end_column=8)
        ws.merge_cells(start_row=first, start_column=9, end_row=last, end_column=9)
    out = folder.inbox / "ttptqd.xlsx"
    fill_form(folder.form("TTPTQD"), out, {"data_date": D}, {}, edit=merge)
    result = collect(folder.workbook, [folder.inbox])
    found = _issues(result, out.name)
    assert ("merged-cells", f"H{first}") in found
    assert ("merged-cells", f"I{first}") in found
    assert next(f for f in result.files if f.name == out.name).status != "rejected"
    scores = _scores(folder)
    for code in ("8.ii", "8.iii", "8.iv"):
        assert scores[code] == (100.0, "on_time"), code


def test_case_10_a_rejected_row_in_the_latest_return_is_said_not_hidden(folder):
    """LĐTBXH reports 14 = 80 ngôi nhà with data date 02/05 (lần 1), then a return dated
    09/05 (lần 2) typing "khoảng 85" there. The latest return replaces the earlier one
    whole, so 80 no longer counts and nothing of the bad row does: 14 is not reported
    (no counted value), but it is not silent any more: the task carries the note
    "row-rejected", Kết quả says the row was rejected naming the cell and the file, and
    the ledger keeps the rejected row (code bad-number, the bad cell)."""
    from thidua.report import build_report

    row = _form_row(folder.form("LDTBXH"), "14")
    first = fill_form(folder.form("LDTBXH"), folder.inbox / "ldtbxh-1.xlsx",
                      {"data_date": dt.date(2024, 5, 2)},
                      {"14": {"result": 80, "status": labels.STATUS_DOING}})
    second = fill_form(folder.form("LDTBXH"), folder.inbox / "ldtbxh-2.xlsx",
                       {"data_date": dt.date(2024, 5, 9), "submission": 2},
                       {"14": {"result": "khoảng 85", "status": labels.STATUS_DOING}})
    assert first.exists() and second.exists()
    result = collect(folder.workbook, [folder.inbox])
    assert ("bad-number", f"G{row}") in _issues(result, "ldtbxh-2.xlsx")
    with Ledger.open_read_only(folder.ledger) as opened:
        counted = opened.counted_results(AS_OF)
    mine = counted[(counted["unit"] == "LDTBXH") & (counted["task"] == "14")].iloc[0]
    assert (mine["rejected"], mine["cell"], mine["file"]) == ("bad-number", f"G{row}",
                                                              "ldtbxh-2.xlsx")
    assert pd.isna(mine["value"]) and mine["status"] is None
    data = build_report(folder.plan, folder.workbook, AS_OF)
    task = data.evaluation.tasks.set_index("code").loc["14"]
    assert task["status"] == "no_report" and task["note"] == "row-rejected"
    # it sent its return: not listed among the units that have not reported
    assert "LDTBXH" not in set(data.not_reported["unit"])
    shown = data.results[(data.results["unit"] == "LDTBXH") & (data.results["task"] == "14")]
    assert shown.iloc[0]["value_text"] == labels.RESULT_REJECTED.format(
        cell=f"{labels.FORM_SHEET}!G{row}", file="ldtbxh-2.xlsx")

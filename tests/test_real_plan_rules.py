"""Cases from real plans (DESIGN §3–§6): parents with their own target, Giữ vững, breached
Không để xảy ra, parents' status, units leading parents, the award denominator. Expected
values are worked out by hand in each docstring."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pandas as pd
import pytest
from test_completion import DOING, MET, NOT_MET, result, row_of, run, task

from thidua.core import labels
from thidua.core.awards import propose

DEC31 = dt.date(2024, 12, 31)
SEP30 = dt.date(2024, 9, 30)


def task_of(ev, code):
    return ev.tasks[ev.tasks["code"] == code].iloc[0]


def unit_of(ev, unit):
    return ev.units[ev.units["unit"] == unit].iloc[0]


def award_plan(*units: str) -> SimpleNamespace:
    frame = pd.DataFrame({"code": list(units), "name": list(units), "kind": ["Phòng"] * len(units),
                          "phone": [""] * len(units), "email": [""] * len(units)})
    tasks = pd.DataFrame({"code": pd.Series([], dtype=object),
                          "content": pd.Series([], dtype=object)})
    return SimpleNamespace(units=frame, tasks=tasks,
                           info={"award_min_tasks": 1, "award_min_on_time": 100,
                                 "criticise_causes": "chủ quan"})


# ---------------------------------------------------------------------------
# Case 3: a parent with a target of its own ("180 người, trong đó 3 …")
# ---------------------------------------------------------------------------

def parent_with_target():
    return [task("2.2.6", "count", target=180.0, deadline=DEC31),
            task("2.2.6.a", "count", parent="2.2.6", target=3.0, deadline=DEC31)]


def test_parent_with_own_target_is_scored_on_its_own_value():
    """2.2.6: 180 người (Số lượng), child 2.2.6.a: 3 người. U1 reports 172 "Đang thực hiện"
    on the parent and 4 (done 15/09) on the child; R = 30/09, D = 31/12, warning 7 days.
    Parent: 100·172/180 = 95,56 %, 172 < 180 → not achieved; 30/09 ≤ 31/12 − 7 → in
    progress. Child: 100·4/3 = 133,33 %, achieved, C 15/09 ≤ D → on time.
    Headline: one top-level task (2.2.6), not achieved → 0/1. U1 leads both scored tasks
    (2 led); only the child is due (achieved) → on-time rate 1/1."""
    ev = run(parent_with_target(),
             [result("U1", "2.2.6", 172.0, DOING, data_date=SEP30),
              result("U1", "2.2.6.a", 4.0, labels.STATUS_DONE, data_date=SEP30,
                     completed_on=dt.date(2024, 9, 15))], as_of=SEP30)
    parent, child = task_of(ev, "2.2.6"), task_of(ev, "2.2.6.a")
    assert round(parent["pct"], 2) == 95.56 and not parent["achieved"]
    assert parent["status"] == "in_progress" and bool(parent["own_target"])
    assert round(child["pct"], 2) == 133.33 and child["status"] == "on_time"
    assert ev.plan.loc[0, "top_achieved"] == 0 and ev.plan.loc[0, "top_total"] == 1
    assert ev.plan.loc[0, "leaves"] == 2
    u1 = unit_of(ev, "U1")
    assert (u1["led"], u1["due"], u1["on_time"]) == (2, 1, 1)
    assert row_of(ev, "U1", "2.2.6")["value"] == 172.0


def test_parent_with_own_target_overdue_blocks_the_award():
    """Same returns, R = 05/01/2025 > D 31/12: the parent (172 < 180) is overdue and due;
    U1 has 1 on time of 2 due = 50 % < 100 % → not proposed."""
    as_of = dt.date(2025, 1, 5)
    ev = run(parent_with_target(),
             [result("U1", "2.2.6", 172.0, DOING, data_date=SEP30),
              result("U1", "2.2.6.a", 4.0, labels.STATUS_DONE, data_date=SEP30,
                     completed_on=dt.date(2024, 9, 15))], as_of=as_of)
    assert task_of(ev, "2.2.6")["status"] == "overdue"
    awards, _, _ = propose(award_plan("U1"), ev)
    assert awards.empty


def test_check_never_advises_multi_for_a_parent_with_own_target(tmp_path):
    """Task 13 (Số lượng, T = 4) becomes the parent of task 14: it keeps its own target, so
    `check` gives no advice to make it Nhiều hạng mục."""
    from thidua.read.plan import read_plan

    from factories import TASKS, defect, set_cell

    path, _ = defect(tmp_path, "parent-with-target",
                     lambda b: set_cell(b[TASKS], "14", "Nhiệm vụ cha", "13"))
    _, report = read_plan(path)
    assert not [i for i in report.issues if i.code == "parent-not-multi"]


# ---------------------------------------------------------------------------
# Case 4: Giữ vững
# ---------------------------------------------------------------------------

@pytest.mark.parametrize(("status", "data_date", "as_of", "expected"), [
    # Đạt in September for D 31/12: on track, not achieved yet → in progress (100 %)
    (MET, SEP30, SEP30, (100.0, False, "in_progress")),
    # Đạt in a return dated 31/12 (= D): held to the deadline → achieved, C = D → on time
    (MET, DEC31, DEC31, (100.0, True, "on_time")),
    # Không đạt at any time is final → Không đạt (0 %), needs explaining at once
    (NOT_MET, SEP30, SEP30, (0.0, False, "failed")),
])
def test_maintain(status, data_date, as_of, expected):
    ev = run([task("1", "maintain", deadline=DEC31)],
             [result("U1", "1", status=status, data_date=data_date)], as_of=as_of)
    row = row_of(ev, "U1", "1")
    assert (row["pct"], bool(row["achieved"]), row["status"]) == expected
    assert bool(row["needs_explanation"]) == (expected[2] == "failed")


def test_maintain_met_before_deadline_is_not_proposed_for_award():
    """U1's only task is Giữ vững, Đạt on 30/09 for D 31/12: not achieved and not due →
    due = 0, no on-time rate → not proposed."""
    ev = run([task("1", "maintain", deadline=DEC31)],
             [result("U1", "1", status=MET, data_date=SEP30)], as_of=SEP30)
    awards, _, _ = propose(award_plan("U1"), ev)
    assert awards.empty


# ---------------------------------------------------------------------------
# Case 6: breached Không để xảy ra, parents' status, units leading parents
# ---------------------------------------------------------------------------

def test_breached_zero_is_failed_whatever_r():
    """Không để xảy ra, D 31/12, one occurrence reported on 30/09: can no longer be met →
    Không đạt (bucket Chưa HT quá hạn), in Cần giải trình at once."""
    ev = run([task("1", "zero", target=0.0, deadline=DEC31)],
             [result("U1", "1", 1.0, DOING, data_date=SEP30)], as_of=SEP30)
    t = task_of(ev, "1")
    assert (t["status"], t["bucket"], bool(t["needs_explanation"])) == (
        "failed", "open_overdue", True)
    assert labels.STATUS_TEXT["failed"] == "Không đạt"


def test_parent_with_overdue_children_is_overdue():
    """Parent P (no target of its own) with children 2022 (D 31/12/2022) and 2023
    (D 31/12/2023), both open, and 2024 (D 31/12/2024) open; R = 30/09/2024. P's D is the
    latest child's (31/12/2024) so by its own D it would be "in progress", but two children
    are in the bucket Chưa HT quá hạn: P is overdue. A parent with a failed child is failed."""
    specs = [task("P", "multi", deadline=None),
             task("P.1", parent="P", deadline=dt.date(2022, 12, 31)),
             task("P.2", parent="P", deadline=dt.date(2023, 12, 31)),
             task("P.3", parent="P", deadline=DEC31)]
    rows = [result("U1", c, status=DOING, data_date=SEP30) for c in ("P.1", "P.2", "P.3")]
    ev = run(specs, rows, as_of=SEP30)
    assert task_of(ev, "P.1")["status"] == "overdue"
    assert task_of(ev, "P")["deadline"] == DEC31
    assert task_of(ev, "P")["status"] == "overdue"
    specs.append(task("P.4", "zero", parent="P", target=0.0, deadline=DEC31))
    ev = run(specs, [*rows, result("U1", "P.4", 2.0, DOING, data_date=SEP30)], as_of=SEP30)
    assert task_of(ev, "P")["status"] == "failed"


def test_parent_achieved_with_a_late_child_is_late():
    """P.1 (D 20/05) and P.2 (D 30/05) both done 25/05: P.1 is late, P.2 on time. P's D is
    the latest child's, 30/05, and its C (latest child's C) 25/05 ≤ 30/05, yet a part was
    done late, so P is Hoàn thành quá hạn."""
    specs = [task("P", "multi"),
             task("P.1", parent="P", deadline=dt.date(2024, 5, 20)),
             task("P.2", parent="P", deadline=dt.date(2024, 5, 30))]
    ev = run(specs, [
        result("U1", "P.1", status=labels.STATUS_DONE, completed_on=dt.date(2024, 5, 25),
               data_date=dt.date(2024, 5, 26)),
        result("U1", "P.2", status=labels.STATUS_DONE, completed_on=dt.date(2024, 5, 25),
               data_date=dt.date(2024, 5, 26))], as_of=dt.date(2024, 5, 26))
    assert task_of(ev, "P.1")["status"] == "late_done"
    assert task_of(ev, "P")["status"] == "late_done"


def test_unit_leading_only_a_parent_is_accountable():
    """U1 leads parent P (Nhiều hạng mục); its children name U2 as lead. U1 leads no leaf,
    so it answers for P: 1 task led, ranked. P.1 done on time, P.2 open, R 01/05 < D 19/05:
    P = 50 %, in progress; U1: led 1, due 0, rank 2 (nothing due comes last), U2: led 2,
    due 1 (P.1 achieved), on time 1 → rate 100 %, rank 1."""
    specs = [task("P", "multi", leads=("U1",)),
             task("P.1", parent="P", leads=("U2",)), task("P.2", parent="P", leads=("U2",))]
    ev = run(specs, [result("U2", "P.1", status=labels.STATUS_DONE,
                            completed_on=dt.date(2024, 4, 30)),
                     result("U2", "P.2", status=DOING)])
    u1, u2 = unit_of(ev, "U1"), unit_of(ev, "U2")
    assert (u1["led"], u1["due"], u1["rank"]) == (1, 0, 2)
    assert (u2["led"], u2["due"], u2["on_time"], u2["rank"]) == (2, 1, 1, 1)


def test_children_without_leads_take_the_parents():
    """P led by U1; P.1 names no lead → U1 leads it (and reports on it)."""
    specs = [task("P", "multi", leads=("U1",)), task("P.1", parent="P", leads=())]
    ev = run(specs, [result("U1", "P.1", status=labels.STATUS_DONE,
                            completed_on=dt.date(2024, 4, 30))])
    assert row_of(ev, "U1", "P.1")["status"] == "on_time"
    assert unit_of(ev, "U1")["led"] == 1


# ---------------------------------------------------------------------------
# Case 13: the award denominator is the tasks due
# ---------------------------------------------------------------------------

def test_award_rate_is_over_tasks_due():
    """U1 leads 2 tasks: task 1 (D 30/04) done 25/04 on time, task 2 (D 31/12) in progress.
    R = 01/05: due = 1 (task 1), on time 1 → 100 % of tasks due ≥ 100 % → proposed, rate
    100 (over all tasks led it would be 50 % and the unit would wrongly be left out)."""
    specs = [task("1", deadline=dt.date(2024, 4, 30)), task("2", deadline=DEC31)]
    ev = run(specs, [result("U1", "1", status=labels.STATUS_DONE,
                            completed_on=dt.date(2024, 4, 25)),
                     result("U1", "2", status=DOING)])
    awards, _, _ = propose(award_plan("U1"), ev)
    assert awards[["unit", "led", "on_time", "rate"]].values.tolist() == [["U1", 2, 1, 100.0]]


def test_award_title_uses_a_decimal_comma():
    title = labels.AWARD_TITLE.format(tasks="1", rate="95,5")
    assert "95,5%" in title and "đã đến hạn" in title


# ---------------------------------------------------------------------------
# Cases 7 and 8: identity, which return is latest
# ---------------------------------------------------------------------------

@pytest.fixture
def folder(tmp_path):
    from returns_kit import Folder

    return Folder(tmp_path / "kh")


def _name(folder, code):
    units = folder.plan.units
    return units.loc[units["code"] == code, "name"].iloc[0]


def test_return_naming_another_known_unit_is_rejected(folder, tmp_path):
    """CCT fills BHXH's form (identity sheet: BHXH) and types its own name in Đơn vị: the
    file is rejected, naming both units, and BHXH is not taken as reported."""
    from thidua.collect import collect
    from thidua.write.sample_returns import fill_form

    path = fill_form(folder.form("BHXH"), tmp_path / "nham.xlsx",
                     {"unit": _name(folder, "CCT"), "data_date": dt.date(2024, 5, 10)},
                     {"15": {"result": 6800, "status": DOING}})
    result = collect(folder.workbook, [path])
    (outcome,) = result.files
    assert outcome.status == "rejected"
    issue = next(i for i in outcome.issues if i.code == "unit-mismatch")
    assert _name(folder, "CCT") in issue.message and _name(folder, "BHXH") in issue.message
    assert issue.cell and not result.ok


def test_letterhead_rows_do_not_hide_submission_and_ties_are_flagged(folder, tmp_path):
    """Three letterhead rows inserted above the header block: Lần gửi 2 is still read, so the
    second return (same data date) wins whatever the order of the files. Two returns with
    the same data date, Lần gửi and time received are both flagged, naming each other."""
    from thidua.collect import collect
    from thidua.write.sample_returns import fill_form

    def letterhead(book):
        book[labels.FORM_SHEET].insert_rows(1, 3)

    day = dt.date(2024, 5, 10)
    first = fill_form(folder.form("BHXH"), tmp_path / "lan1.xlsx", {"data_date": day},
                      {"15": {"result": 6700, "status": DOING}}, edit=letterhead)
    second = fill_form(folder.form("BHXH"), tmp_path / "lan2.xlsx",
                       {"data_date": day, "submission": 2},
                       {"15": {"result": 6800, "status": DOING}}, edit=letterhead)
    result = collect(folder.workbook, [second, first])
    status = {f.name: f.status for f in result.files}
    assert status == {"lan2.xlsx": "accepted", "lan1.xlsx": "superseded"}

    other = tmp_path / "b"
    other.mkdir()
    a = fill_form(folder.form("CCT"), other / "a.xlsx", {"data_date": day},
                  {"1": {"result": 41, "status": DOING}})
    b = fill_form(folder.form("CCT"), other / "b.xlsx", {"data_date": day},
                  {"1": {"result": 42, "status": DOING}})
    result = collect(folder.workbook, [a, b])
    flagged = {f.name: [i.value for i in f.issues if i.code == "tied-returns"]
               for f in result.files}
    assert flagged == {"a.xlsx": ["b.xlsx"], "b.xlsx": ["a.xlsx"]}


def test_out_of_range_data_dates_take_no_part_in_the_ordering():
    """Plan starts 01/01/2024. A good return dated 10/05/2024 (lần 1, received 11/05); a
    "lần 2" dated 10/05/2023 (before the plan) and one dated 10/05/2027 (after the day it was
    received, 12/05/2024). Neither bad one takes part: the good one stays the latest and is
    superseded by nothing; the bad ones are not superseded either (they wait for a fix)."""
    from thidua.core.latest import Candidate, latest_returns, superseded_by

    start = dt.date(2024, 1, 1)
    good = Candidate("U", "good", "2024-05-10", 1, "2024-05-11T08:00:00+07:00")
    early = Candidate("U", "early", "2023-05-10", 2, "2024-05-12T08:00:00+07:00")
    future = Candidate("U", "future", "2027-05-10", 2, "2024-05-12T08:00:00+07:00")
    assert latest_returns([good, early, future], plan_start=start)["U"].sha256 == "good"
    assert superseded_by([good, early, future], start) == {}


# ---------------------------------------------------------------------------
# Case 5: done without a date
# ---------------------------------------------------------------------------

def test_done_without_a_date_takes_the_first_return_that_said_so(folder, tmp_path):
    """Task 6 (Mốc, BQLDA, D 30/04/2024). Return 1 (data date 28/04) says "Đã hoàn thành"
    without Ngày hoàn thành; return 2 (lần 2, data date 15/05) repeats it, still without a
    date. Both files are flagged at the row's Ngày hoàn thành cell. C = the data date of the
    FIRST counted return that reported it done = 28/04 ≤ 30/04 → Hoàn thành đúng hạn (the
    latest return's date, 15/05, would wrongly give Hoàn thành quá hạn); the date is marked
    as inferred (note completion-date-assumed)."""
    from thidua.collect import collect
    from thidua.report import build_report
    from thidua.write.sample_returns import fill_form

    done = {"6": {"result": "Đã bàn giao", "status": labels.STATUS_DONE}}
    one = fill_form(folder.form("BQLDA"), tmp_path / "bqlda1.xlsx",
                    {"data_date": dt.date(2024, 4, 28)}, done)
    two = fill_form(folder.form("BQLDA"), tmp_path / "bqlda2.xlsx",
                    {"data_date": dt.date(2024, 5, 15), "submission": 2}, done)
    result = collect(folder.workbook, [one, two])
    for outcome in result.files:
        issue = next(i for i in outcome.issues if i.code == "missing-completion-date")
        assert issue.column == "Ngày hoàn thành" and issue.cell.startswith("H")
    data = build_report(folder.plan, folder.workbook, dt.date(2024, 5, 16))
    t = data.evaluation.tasks[data.evaluation.tasks["code"] == "6"].iloc[0]
    assert t["completed"] == dt.date(2024, 4, 28)
    assert t["status"] == "on_time" and t["note"] == "completion-date-assumed"


# ---------------------------------------------------------------------------
# Case 9: blank data date
# ---------------------------------------------------------------------------

def test_blank_data_date_is_flagged_and_the_report_says_why(folder, tmp_path):
    """Ngày số liệu 10/05/2024. BHXH sends a return with a blank Số liệu tính đến ngày.
    collect flags it (it speaks for the day it was received, today) and, judging at Ngày
    số liệu, still lists BHXH as not reported; the report at 10/05/2024 cannot count it
    (its day is after R), lists BHXH under Chưa báo cáo and says why, naming the file."""
    import openpyxl

    from thidua.collect import collect
    from thidua.report import build_report
    from thidua.write.sample_returns import fill_form

    book = openpyxl.load_workbook(folder.workbook)
    _plan_value(book, "Ngày số liệu", dt.date(2024, 5, 10))
    book.save(folder.workbook)
    path = fill_form(folder.form("BHXH"), tmp_path / "khong-ngay.xlsx", {},
                     {"15": {"result": 6800, "status": DOING}})
    result = collect(folder.workbook, [path])
    (outcome,) = result.files
    assert outcome.status == "flagged"
    assert [i.code for i in outcome.issues] == ["missing-data-date"]
    # collect's closing list is judged at the plan's Ngày số liệu (10/05/2024), the date
    # the next report is made for, so it names BHXH too
    assert result.missing_as_of == dt.date(2024, 5, 10)
    assert "BHXH" in set(result.missing["code"])
    data = build_report(folder.plan, folder.workbook, dt.date(2024, 5, 10))
    row = data.not_reported[data.not_reported["unit"] == "BHXH"].iloc[0]
    assert "khong-ngay.xlsx" in row["note"] and "Số liệu tính đến ngày" in row["note"]


# ---------------------------------------------------------------------------
# Case 12: required columns, plan number and date
# ---------------------------------------------------------------------------

def _plan_value(book, key, value):
    from factories import PLAN

    ws = book[PLAN]
    for row in ws.iter_rows():
        if row[0].value == key:
            row[1].value = value
            return row[1].coordinate
    raise AssertionError(key)


def test_misspelt_required_column_is_an_error_at_its_header_cell(tmp_path):
    """"Hạn hoàn thành" typed "Hạn hoàn thàn": an error at that header cell naming the
    closest known name, so `check` exits 1 instead of blanking every deadline."""
    from thidua.read.plan import read_plan

    from factories import TASKS, column_of, defect

    def rename(book):
        ws = book[TASKS]
        cell = ws.cell(1, column_of(ws, "Hạn hoàn thành"))
        cell.value = "Hạn hoàn thàn"
        return cell.coordinate

    path, cell = defect(tmp_path, "renamed-deadline", rename)
    _, report = read_plan(path)
    issue = next(i for i in report.issues if i.code == "misspelt-column")
    assert (issue.severity, issue.cell, issue.value) == ("error", cell, "Hạn hoàn thàn")
    assert "“Hạn hoàn thành”" in issue.message and not report.ok
    assert not [i for i in report.issues if i.code == "unknown-column"]


@pytest.mark.parametrize(("key", "value", "code"), [
    ("Số hiệu", None, "plan-number-missing"),
    ("Số hiệu", "     /KH-UBND", "plan-number-draft"),
    ("Ngày ban hành", None, "plan-date-missing"),
])
def test_blank_or_draft_plan_number_and_date_are_warned_at_their_cell(tmp_path, key, value,
                                                                      code):
    from thidua.read.plan import read_plan
    from thidua.write.report import report_title

    from factories import defect

    path, cell = defect(tmp_path, code, lambda b: _plan_value(b, key, value))
    plan, report = read_plan(path)
    issue = next(i for i in report.issues if i.code == code)
    assert (issue.severity, issue.cell) == ("warning", cell)
    title = report_title(plan)
    assert not title.rstrip().endswith("KẾ HOẠCH") and "/KH-UBND" not in title.split()[-1:]
    if key == "Số hiệu":
        assert title == labels.REPORT_TITLE_UNNUMBERED


# ---------------------------------------------------------------------------
# Case 13: the form sheet renamed, letterhead rows, a draft copy
# ---------------------------------------------------------------------------

def _filled(folder, tmp_path, name, edit):
    from thidua.write.sample_returns import fill_form

    return fill_form(folder.form("BHXH"), tmp_path / name,
                     {"data_date": dt.date(2024, 5, 10)},
                     {"15": {"result": 6800, "status": DOING}}, edit=edit)


def test_renamed_form_sheet_is_read_and_said(folder, tmp_path):
    from thidua.collect import collect

    def rename(book):
        book[labels.FORM_SHEET].title = "Bao cao"

    (outcome,) = collect(folder.workbook, [_filled(folder, tmp_path, "a.xlsx", rename)]).files
    assert outcome.status == "accepted"
    assert [(i.code, i.value) for i in outcome.issues] == [("form-sheet-renamed", "Bao cao")]


def test_four_letterhead_rows_above_an_intact_header_are_tolerated(folder, tmp_path):
    from thidua.collect import collect

    def letterhead(book):
        book[labels.FORM_SHEET].insert_rows(1, 5)

    (outcome,) = collect(folder.workbook,
                         [_filled(folder, tmp_path, "b.xlsx", letterhead)]).files
    assert outcome.status == "accepted" and not outcome.issues


def _bhxh_result(folder) -> tuple[float | None, str | None]:
    from thidua.store.ledger import Ledger

    with Ledger.open_read_only(folder.ledger) as ledger:
        rows = ledger.counted_results(dt.date(2024, 5, 10))
    row = rows[(rows["unit"] == "BHXH") & (rows["task"] == "15")]
    if row.empty:
        return None, None
    value = row.iloc[0]["value"]
    return (None if pd.isna(value) else float(value)), row.iloc[0]["sheet"]


def _blank_results(ws) -> None:
    from thidua.core import fields
    from thidua.write.forms import FORM_TABLE_ROW

    col = {k: i + 1 for i, k in enumerate(fields.RETURN.keys)}
    for r in range(FORM_TABLE_ROW + 1, ws.max_row + 1):
        for key in ("result", "completed_on", "status"):
            ws.cell(r, col[key]).value = None


def test_an_empty_draft_copy_beside_the_renamed_form_is_not_read(folder, tmp_path):
    """The real sheet (BHXH's 15 = 6.800) renamed "BHXH gửi", an empty copy of the form
    named "Báo cáo": the filled sheet is read (15 counts 6.800), and the file is flagged,
    saying which sheet was read and which was left."""
    from thidua.collect import collect

    def draft(book):
        real = book[labels.FORM_SHEET]
        copy = book.copy_worksheet(real)
        _blank_results(copy)
        real.title = "BHXH gửi"
        copy.title = labels.FORM_SHEET

    (outcome,) = collect(folder.workbook, [_filled(folder, tmp_path, "c.xlsx", draft)]).files
    issue = next(i for i in outcome.issues if i.code == "several-form-sheets")
    assert outcome.status == "flagged"
    assert issue.value == "BHXH gửi" and labels.FORM_SHEET in issue.message
    assert _bhxh_result(folder) == (6800.0, "BHXH gửi")


def test_two_filled_form_sheets_read_the_one_named_bao_cao_and_flag(folder, tmp_path):
    """Both sheets filled (the copy says 6.000, "Báo cáo" says 6.800): the one named Báo
    cáo is read, and the file is flagged naming the other."""
    from thidua.collect import collect

    def second(book):
        real = book[labels.FORM_SHEET]
        copy = book.copy_worksheet(real)
        copy.title = "Bản cũ"
        for r in range(1, copy.max_row + 1):
            if str(copy.cell(r, 1).value) == "15":
                copy.cell(r, 7).value = 6000

    (outcome,) = collect(folder.workbook, [_filled(folder, tmp_path, "d.xlsx", second)]).files
    issue = next(i for i in outcome.issues if i.code == "several-form-sheets")
    assert outcome.status == "flagged" and "Bản cũ" in issue.message
    assert _bhxh_result(folder) == (6800.0, labels.FORM_SHEET)


def test_check_accepts_a_child_without_lead_under_a_led_parent(tmp_path):
    """5.2's Đơn vị chủ trì left blank: its parent 5 is led by BQLDA, so BQLDA leads 5.2 —
    no error; task 4 (no parent) with a blank lead is still an error."""
    from thidua.core.assignments import assignments
    from thidua.read.plan import read_plan

    from factories import TASKS, defect, set_cell

    def blank(book):
        set_cell(book[TASKS], "4", "Đơn vị chủ trì", None)
        return set_cell(book[TASKS], "5.2", "Đơn vị chủ trì", None)

    path, cell = defect(tmp_path, "child-without-lead", blank)
    plan, report = read_plan(path)
    required = {i.cell for i in report.issues if i.code == "required"}
    assert cell not in required and len(required) == 1
    table = assignments(plan)
    assert table[(table["task"] == "5.2") & (table["role"] == "lead")]["unit"].tolist() == [
        "BQLDA"]


def test_a_lost_submission_label_is_said_not_silently_read_as_1(folder, tmp_path):
    from thidua.collect import collect

    def drop_label(book):
        ws = book[labels.FORM_SHEET]
        for row in ws.iter_rows(max_row=15):
            for cell in row:
                if cell.value == "Lần gửi":
                    cell.value = None

    (outcome,) = collect(folder.workbook,
                         [_filled(folder, tmp_path, "d.xlsx", drop_label)]).files
    assert [i.code for i in outcome.issues] == ["missing-submission"]


def test_report_file_name_of_a_draft_plan_has_no_empty_number(tmp_path):
    from thidua.write.report import report_path

    plan = SimpleNamespace(info={"number": "     /KH-UBND"})
    name = report_path(tmp_path / "kh.xlsx", plan, dt.date(2024, 5, 10)).name
    assert "ke-hoach" in name and "--" not in name

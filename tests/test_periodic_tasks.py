"""Periodic tasks (Chu kỳ, DESIGN §3): one scored period per cycle inside the task's span,
each with its own deadline and status; the task is scored on the periods due at R.

The plan (01/01/2022 – 31/12/2025), one unit VH leading three periodic tasks:

- 1 "mỗi tháng 01 lần", Số lượng, Giá trị mục tiêu blank (T = 1 a month from the text),
  Hiệu lực từ 01/01/2024, Hạn hoàn thành 30/06/2024: periods 1/2024-01 … 1/2024-06, each
  due on its month's last day (1/2024-02 on 29/02/2024, a leap year).
- 2 "Hằng quý", Tỷ lệ ≥ 90, from 01/01/2024 to 31/12/2024: 2/2024-Q1 … 2/2024-Q4.
- 3 "Hằng năm", Mốc hoàn thành, no dates of its own: the plan's span, 3/2022 … 3/2025.

Returns (one per period, VH):
1/2024-01 A=1 done 20/01; 1/2024-02 A=1 done 10/03 (late); 1/2024-03 none; 1/2024-04 A=1
done 10/04. 2/2024-Q1 A=95 done 31/03; 2/2024-Q2 A=80 dated 30/06. 3/2022 done 15/12/2022;
3/2023 done 20/12/2023."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from thidua.core import labels
from thidua.core.assignments import assignments
from thidua.core.completion import evaluate
from thidua.read.plan import read_plan
from thidua.write.canonical import PlanContent, write_canonical
from thidua.write.forms import form_specs

D = dt.date
R1, R2 = D(2024, 4, 15), D(2024, 12, 31)
MONTHLY = ["1/2024-01", "1/2024-02", "1/2024-03", "1/2024-04", "1/2024-05", "1/2024-06"]
QUARTERLY = ["2/2024-Q1", "2/2024-Q2", "2/2024-Q3", "2/2024-Q4"]
YEARLY = ["3/2022", "3/2023", "3/2024", "3/2025"]


def _content(cycle_of_first: str = "mỗi tháng 01 lần") -> PlanContent:
    kinds = labels.KINDS
    return PlanContent(
        info={"number": "01/KH-UBND", "issuer": "UBND huyện", "issued_on": D(2021, 12, 20),
              "title": "Kế hoạch thi đua giai đoạn 2022-2025", "start": D(2022, 1, 1),
              "end": D(2025, 12, 31)},
        units=[{"code": "VH", "name": "Phòng Văn hóa"}],
        tasks=[
            {"code": "1", "content": "Báo cáo tình hình văn hóa", "target_text": cycle_of_first,
             "kind": kinds["count"], "measure": "lần", "effective_from": D(2024, 1, 1),
             "deadline": D(2024, 6, 30), "leads": "VH", "cycle": cycle_of_first},
            {"code": "2", "content": "Tỷ lệ hồ sơ đúng hạn", "target_text": "≥ 90%",
             "kind": kinds["rate"], "comparison": "≥", "target": 90,
             "effective_from": D(2024, 1, 1), "deadline": D(2024, 12, 31), "leads": "VH",
             "cycle": "Hằng quý"},
            {"code": "3", "content": "Tổng kết năm", "kind": kinds["milestone"],
             "leads": "VH", "cycle": "Hằng năm"},
        ])


@pytest.fixture(scope="module")
def plan(tmp_path_factory):
    path = write_canonical(tmp_path_factory.mktemp("periodic") / "plan.xlsx", _content())
    plan, report = read_plan(path)
    assert [i.code for i in report.issues if i.severity == "error"] == []
    return plan


def _result(task: str, value: float, data_date: D, completed: D | None = None,
            status: str | None = None) -> dict:
    return {"unit": "VH", "task": task, "value": value, "status": status,
            "data_date": data_date, "completed_on": completed, "cause": None}


def _results(as_of: D) -> pd.DataFrame:
    done = labels.STATUS_DONE
    rows = [
        _result("1/2024-01", 1, D(2024, 1, 31), D(2024, 1, 20)),
        _result("1/2024-02", 1, D(2024, 3, 15), D(2024, 3, 10)),
        _result("1/2024-04", 1, D(2024, 4, 10), D(2024, 4, 10)),
        _result("2/2024-Q1", 95, D(2024, 4, 5), D(2024, 3, 31)),
        _result("2/2024-Q2", 80, D(2024, 6, 30)),
        _result("3/2022", float("nan"), D(2022, 12, 15), D(2022, 12, 15), done),
        _result("3/2023", float("nan"), D(2023, 12, 20), D(2023, 12, 20), done),
    ]
    return pd.DataFrame([r for r in rows if r["data_date"] <= as_of])


def _evaluate(plan, as_of: D):
    return evaluate(plan.tasks, assignments(plan), _results(as_of), as_of,
                    plan.info["end"]).tasks.set_index("code")


def test_periods_are_tasks_after_their_periodic_task(plan):
    """Each periodic task is followed by its periods, in order, coded "<task>/<period>",
    named by the period and the task ("Tháng 02/2024 – Báo cáo …"), due on the period's
    last day (the span's end in the last one)."""
    tasks = plan.tasks.set_index("code")
    assert list(plan.tasks["code"]) == ["1", *MONTHLY, "2", *QUARTERLY, "3", *YEARLY]
    assert list(tasks.loc[MONTHLY, "content"]) == [
        f"Tháng {m:02d}/2024 – Báo cáo tình hình văn hóa" for m in range(1, 7)]
    assert list(tasks.loc[MONTHLY, "deadline"]) == [
        D(2024, 1, 31), D(2024, 2, 29), D(2024, 3, 31), D(2024, 4, 30), D(2024, 5, 31),
        D(2024, 6, 30)]
    assert list(tasks.loc[QUARTERLY, "content"]) == [
        f"Quý {q}/2024 – Tỷ lệ hồ sơ đúng hạn" for q in ("I", "II", "III", "IV")]
    assert list(tasks.loc[YEARLY, "deadline"]) == [
        D(2022, 12, 31), D(2023, 12, 31), D(2024, 12, 31), D(2025, 12, 31)]
    # "mỗi tháng 01 lần" with a blank Giá trị mục tiêu: T = 1 a month; a rate stays 90 %
    assert set(tasks.loc[MONTHLY, "target"]) == {1.0}
    assert set(tasks.loc[QUARTERLY, "target"]) == {90.0}
    assert set(tasks.loc[[*MONTHLY, *QUARTERLY, *YEARLY], "parent"]) == {"1", "2", "3"}
    assert list(tasks.loc[MONTHLY, "lead_codes"]) == [["VH"]] * 6


def test_each_period_has_its_own_status(plan):
    """At R1 = 15/04/2024: January done 20/01 ≤ 31/01 on time; February done 10/03 after
    29/02 late; March not reported and past 31/03 (no_report, bucket Chưa HT quá hạn);
    April begun (01/04 ≤ R1) and done 10/04 on time; May and June not begun: not scored.
    Quarter 1: 95 ≥ 90 done 31/03, on time, % = 100·95/90 = 105.6; quarter 2 begun, no
    report, in time. Years 2022 and 2023 done on time; 2024 begun, not reported."""
    ev = _evaluate(plan, R1)
    status = dict(ev["status"])
    assert [status[c] for c in MONTHLY] == ["on_time", "late_done", "no_report", "on_time",
                                            None, None]
    assert ev.loc["1/2024-03", "bucket"] == "open_overdue"
    assert not ev.loc["1/2024-05", "counted"]
    assert ev.loc["2/2024-Q1", "pct"] == pytest.approx(100 * 95 / 90)
    assert [status[c] for c in QUARTERLY] == ["on_time", "no_report", None, None]
    assert ev.loc["2/2024-Q2", "bucket"] == "open_in_time"
    assert [status[c] for c in YEARLY] == ["on_time", "on_time", "no_report", None]


def test_periodic_task_scored_on_the_periods_due(plan):
    """At R1 the periods due (deadline ≤ 15/04/2024) are:
    task 1: January (100), February (100), March (no report: 0) → % = 200/3 = 66.67, not
    achieved (March), March in Chưa HT quá hạn → overdue. April is not due: left out.
    task 2: quarter 1 only → % = mean of the capped % = 100; every period due is achieved
    but Q2–Q4 are still to come, so the task is on track, not done: not achieved, in
    progress by its own D 31/12/2024 (15/04 ≤ D − 7), as a Giữ vững Đạt before D.
    task 3: 2022 and 2023 → 100, likewise in progress (2024 and 2025 to come, D 31/12/2025).

    At R2 = 31/12/2024 every period of task 1 is due: 100, 100, 0, 100, 0, 0 → 50 %,
    overdue. Task 2: Q1 100, Q2 100·80/90 = 88.89 (not achieved, past 30/06: overdue), Q3
    and Q4 not reported → (100 + 88.89 + 0 + 0)/4 = 47.22 %, overdue. Task 3: 2022, 2023
    and 2024 due (2024's deadline is R2 itself) → 200/3 = 66.67 %; 2024 unreported on its
    deadline day is still in time, so the task is in progress (its own D 31/12/2025)."""
    ev = _evaluate(plan, R1)
    assert ev.loc["1", "pct"] == pytest.approx(200 / 3)
    assert ev.loc["1", "achieved"] is False or not ev.loc["1", "achieved"]
    assert ev.loc["1", "status"] == "overdue"
    assert ev.loc["1", "reported"] == 2
    for code in ("2", "3"):
        assert ev.loc[code, "pct"] == pytest.approx(100.0)
        assert not ev.loc[code, "achieved"] and ev.loc[code, "status"] == "in_progress"
        assert ev.loc[code, "completed"] is None
    assert not ev.loc["1", "leaf"] and not ev.loc["1", "own_target"]

    ev = _evaluate(plan, R2)
    assert ev.loc["1", "pct"] == pytest.approx(50.0)
    assert ev.loc["1", "status"] == "overdue"
    assert ev.loc["2", "pct"] == pytest.approx((100 + 100 * 80 / 90) / 4)
    assert ev.loc["2", "status"] == "overdue"
    assert ev.loc["3", "pct"] == pytest.approx(200 / 3)
    assert ev.loc["3", "status"] == "in_progress"


def test_units_count_the_periods_begun(plan):
    """VH at R1 answers for the periods begun: 4 months, 2 quarters, 3 years = 9 rows (the
    periodic tasks themselves are scored from their periods, not again for the unit);
    achieved: Jan, Feb, Apr, Q1, 2022, 2023 = 6."""
    units = evaluate(plan.tasks, assignments(plan), _results(R1), R1,
                     plan.info["end"]).units.set_index("unit")
    assert units.loc["VH", "led"] == 9
    assert units.loc["VH", "achieved"] == 6


def test_forms_list_every_period(plan):
    """The form lists the periodic task and all its periods, begun or not (a form made in
    January stays the form of the whole span: its task hash does not change by date)."""
    spec = form_specs(plan)[0]
    rows = {r.code: r for r in spec.rows}
    assert list(rows) == ["1", *MONTHLY, "2", *QUARTERLY, "3", *YEARLY]
    assert rows["1/2024-02"].content == "Tháng 02/2024 – Báo cáo tình hình văn hóa"
    assert rows["1/2024-02"].deadline == D(2024, 2, 29)
    assert rows["2/2024-Q3"].deadline == D(2024, 9, 30)
    assert [c for c, r in rows.items() if r.periodic] == ["1", "2", "3"]


def test_unreadable_cycle_is_a_cell_error(tmp_path):
    """A Chu kỳ that names no cycle is an error at its cell (Nhiệm vụ, column Chu kỳ), and
    the task stays an ordinary task without periods."""
    content = _content()
    content.tasks[0]["cycle"] = "thỉnh thoảng"
    content.tasks[0]["target"] = 1
    plan, report = read_plan(write_canonical(tmp_path / "plan.xlsx", content))
    bad = [i for i in report.issues if i.code == "bad-cycle"]
    assert len(bad) == 1 and bad[0].severity == "error"
    assert bad[0].sheet == labels.SHEET_TASKS and bad[0].value == "thỉnh thoảng"
    header = list(plan.tables[labels.SHEET_TASKS].keys).index("cycle")
    assert bad[0].cell == f"{chr(ord('A') + header)}2"
    assert not any(c.startswith("1/") for c in plan.tasks["code"])


def test_earlier_workbook_has_no_periods():
    """A workbook written before Chu kỳ existed loads as before: no notice about the
    column, no generated task (every task is a row of its sheet), no period anywhere."""
    old = Path(__file__).parent / "data" / "init-sample-2024.xlsx"
    plan, report = read_plan(old)
    assert sorted({i.code for i in report.issues}) == ["group-no-members", "missing-baseline"]
    sheet = plan.tables[labels.SHEET_TASKS]
    assert list(plan.tasks.index) == list(sheet.index)
    assert plan.tasks["period"].isna().all()


def test_forms_collect_and_report_by_period(tmp_path):
    """The whole way: the form of VH lists the periods, VH fills some period rows (one
    return, Ngày số liệu 15/04/2024, the same answers as at R1 above), collect keys each
    answer by its period's code, and the report at R1 scores the periodic tasks from the
    periods due exactly as evaluate does above (1: 200/3 %, overdue; 2 and 3: 100 %, in
    progress with periods to come). The periodic task's own row on the form is locked
    (nothing to type). Tổng hợp shows each periodic task followed by its period rows."""
    import openpyxl

    from thidua.commands import collect, report
    from thidua.core import fields
    from thidua.store.workspace import init_workspace
    from thidua.write.forms import FORM_TABLE_ROW, form_file_name, write_forms
    from thidua.write.sample_returns import fill_form

    ws = init_workspace(tmp_path / "ke-hoach",
                        writer=lambda path: write_canonical(path, _content()))
    plan, _ = read_plan(ws.workbook)
    forms = tmp_path / "bieu-mau"
    write_forms(plan, forms)
    spec = form_specs(plan)[0]
    done = labels.STATUS_DONE
    rows = {
        "1/2024-01": {"result": 1, "completed_on": D(2024, 1, 20), "status": done},
        "1/2024-02": {"result": 1, "completed_on": D(2024, 3, 10), "status": done},
        "1/2024-04": {"result": 1, "completed_on": D(2024, 4, 10), "status": done},
        "2/2024-Q1": {"result": 95, "completed_on": D(2024, 3, 31), "status": done},
        "3/2022": {"result": done, "completed_on": D(2022, 12, 15), "status": done},
        "3/2023": {"result": done, "completed_on": D(2023, 12, 20), "status": done},
    }
    fill_form(forms / form_file_name(spec), ws.inbox / "vh.xlsx",
              {"data_date": R1, "reporter": "Nguyễn Văn A"}, rows)
    form = openpyxl.load_workbook(forms / form_file_name(spec))[labels.FORM_SHEET]
    result = fields.RETURN.keys.index("result") + 1
    locked = {form.cell(r, 1).value: form.cell(r, result).protection.locked
              for r in range(FORM_TABLE_ROW + 1, form.max_row + 1)}
    assert locked["1"] and not locked["1/2024-01"]  # the periodic row is reported by period
    collected = collect(ws.workbook)
    assert collected.ok
    made = report(ws.workbook, as_of=R1).made
    tasks = made.data.evaluation.tasks.set_index("code")
    assert tasks.loc["1", "pct"] == pytest.approx(200 / 3)
    assert tasks.loc["1", "status"] == "overdue"
    assert [tasks.loc[c, "status"] for c in MONTHLY] == [
        "on_time", "late_done", "no_report", "on_time", None, None]
    assert tasks.loc["2", "status"] == tasks.loc["3", "status"] == "in_progress"
    assert tasks.loc["2", "pct"] == tasks.loc["3", "pct"] == pytest.approx(100.0)
    sheet = openpyxl.load_workbook(made.path)[labels.SHEET_SUMMARY]
    shown = {r[0]: r for r in sheet.iter_rows(values_only=True) if r[0] in {"1", *MONTHLY}}
    assert list(shown) == ["1", *MONTHLY]
    assert shown["1/2024-03"][6] == labels.STATUS_TEXT["no_report"]
    assert shown["1/2024-05"][6] == labels.PERIOD_NOT_BEGUN


def test_report_schedule_makes_a_period_overdue_from_its_due_day(tmp_path):
    """Hạn nộp báo cáo "ngày 20 hằng tháng": the return of each period is due on the 20th
    of the period's last month (Tháng 03/2024: 20/03/2024; Quý I/2024: 20/03/2024). At
    R = 25/03/2024 with no return, March and quarter 1 are "Chưa báo cáo" past their due
    day (Chưa HT quá hạn) although their deadline 31/03 has not come; April has not begun
    (not scored). Without the schedule, March on 25/03 is still in time. The schedule is
    not a bad date: Hạn nộp báo cáo is then blank and nothing is reported about it; the
    forms show the schedule as the plan writes it."""
    R = D(2024, 3, 25)
    content = _content()
    content.info["return_due"] = "ngày 20 hằng tháng"
    plan, report = read_plan(write_canonical(tmp_path / "plan.xlsx", content))
    assert [i.code for i in report.issues if i.sheet == labels.SHEET_PLAN] == []
    assert plan.info["return_due"] is None
    spec = form_specs(plan)[0]
    assert spec.due == "ngày 20 hằng tháng"  # the form's Hạn nộp báo cáo
    import openpyxl

    from thidua.core import fields
    from thidua.write.forms import HEADER_FIRST_ROW, form_file_name, write_forms

    write_forms(plan, tmp_path / "forms")
    sheet = openpyxl.load_workbook(tmp_path / "forms" / form_file_name(spec))[labels.FORM_SHEET]
    due_row = HEADER_FIRST_ROW + fields.FORM_HEADER.keys.index("due")
    assert sheet.cell(due_row, 3).value == "ngày 20 hằng tháng"
    tasks = plan.tasks.set_index("code")
    assert tasks.loc["1/2024-03", "report_due"] == D(2024, 3, 20)
    assert tasks.loc["2/2024-Q1", "report_due"] == D(2024, 3, 20)
    assert tasks.loc["1/2024-02", "report_due"] == D(2024, 2, 20)
    ev = evaluate(plan.tasks, assignments(plan), None, R, plan.info["end"])
    scored = ev.tasks.set_index("code")
    assert scored.loc["1/2024-03", "status"] == "no_report"
    assert scored.loc["1/2024-03", "bucket"] == "open_overdue"
    assert scored.loc["2/2024-Q1", "bucket"] == "open_overdue"
    rows = ev.rows.set_index("task")
    assert rows.loc["1/2024-03", "bucket"] == "open_overdue"

    plain, _ = read_plan(write_canonical(tmp_path / "plain.xlsx", _content()))
    ev = evaluate(plain.tasks, assignments(plain), None, R, plain.info["end"])
    assert ev.tasks.set_index("code").loc["1/2024-03", "bucket"] == "open_in_time"


def test_periods_not_begun_are_not_asked_for(plan):
    """Chưa báo cáo lists the periods begun at R1 = 15/04/2024 that VH has not reported:
    March, April, quarter 2 and year 2024 (no returns at all here: also January, February,
    quarter 1, 2022 and 2023); May, June, quarters 3 and 4 and 2025 have not begun."""
    from thidua.core.awards import not_reported

    ev = evaluate(plan.tasks, assignments(plan), None, R1, plan.info["end"])
    listed = not_reported(plan, ev).set_index("unit").loc["VH", "tasks"].split(", ")
    assert listed == [*MONTHLY[:4], *QUARTERLY[:2], *YEARLY[:3]]


def test_a_periodic_task_with_sub_items_is_not_split(tmp_path):
    """A task with a Chu kỳ that other rows name as Nhiệm vụ cha keeps its sub-items as
    written: no periods are added (they would be mixed with the sub-items), and check warns
    at its Chu kỳ cell."""
    content = _content()
    content.tasks[2]["kind"] = labels.KINDS["multi"]
    content.tasks.append({"code": "3.a", "parent": "3", "content": "Hội nghị tổng kết",
                          "kind": labels.KINDS["milestone"], "leads": "VH"})
    plan, report = read_plan(write_canonical(tmp_path / "plan.xlsx", content))
    warned = [i for i in report.issues if i.code == "cycle-with-children"]
    assert len(warned) == 1 and warned[0].severity == "warning"
    assert warned[0].value == "Hằng năm"
    assert [c for c in plan.tasks["code"] if c.startswith("3")] == ["3", "3.a"]
    assert "1/2024-01" in set(plan.tasks["code"])  # the other periodic tasks are split


def test_a_period_code_the_plan_already_uses_is_an_error(tmp_path):
    """A written task coded "1/2024-03" takes the code of task 1's March: check names it at
    task 1's Chu kỳ cell and task 1 is not split (no two tasks share a code)."""
    content = _content()
    content.tasks.append({"code": "1/2024-03", "content": "Việc khác",
                          "kind": labels.KINDS["milestone"], "leads": "VH"})
    plan, report = read_plan(write_canonical(tmp_path / "plan.xlsx", content))
    taken = [i for i in report.issues if i.code == "period-code-taken"]
    assert len(taken) == 1 and taken[0].severity == "error"
    assert "1/2024-03" in taken[0].message
    assert [c for c in plan.tasks["code"] if c.startswith("1")] == ["1", "1/2024-03"]
    assert plan.tasks["code"].is_unique

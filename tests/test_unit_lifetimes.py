"""Units that end (DESIGN §1): the 2025 reorganisation. UBND huyện Hiệp Hòa ends on
30/06/2025 and its tasks pass to Sở Xây dựng; the communes Đức Thắng, Thái Sơn and Hòa Sơn
merge into xã Hiệp Hòa from 01/07/2025; the district's project board ends with no
successor recorded. Expected values are worked out by hand in each docstring."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import openpyxl
import pandas as pd
import pytest
from test_completion import results_frame

from thidua.core import labels
from thidua.core.assignments import FORMER, LEAD, assignments
from thidua.core.completion import evaluate
from thidua.read.plan import read_plan
from thidua.write.canonical import PlanContent, write_canonical
from thidua.write.forms import form_specs

from factories import TASKS, UNITS, column_of, row_of

END = dt.date(2025, 6, 30)
R = dt.date(2025, 7, 31)

UNIT_ROWS = [
    {"code": "UBH", "name": "UBND huyện Hiệp Hòa", "kind": "UBND huyện",
     "valid_to": "30/06/2025", "successor": "Sở Xây dựng"},
    {"code": "SXD", "name": "Sở Xây dựng", "kind": "Sở"},
    {"code": "DT", "name": "UBND xã Đức Thắng", "kind": "UBND xã",
     "valid_to": "30/06/2025", "successor": "HH"},
    {"code": "TS", "name": "UBND xã Thái Sơn", "kind": "UBND xã",
     "valid_to": "30/06/2025", "successor": "HH"},
    {"code": "HS", "name": "UBND xã Hòa Sơn", "kind": "UBND xã",
     "valid_to": "30/06/2025", "successor": "HH"},
    {"code": "HH", "name": "UBND xã Hiệp Hòa", "kind": "UBND xã", "valid_from": "01/07/2025"},
    {"code": "BQL", "name": "Ban Quản lý dự án huyện", "kind": "Đơn vị sự nghiệp",
     "valid_to": "30/06/2025"},
]
TASK_ROWS = [
    {"code": "1", "content": "Bàn giao hồ sơ GPMB", "kind": "Mốc hoàn thành",
     "deadline": "31/03/2025", "leads": "UBH"},
    {"code": "2", "content": "Cấp giấy chứng nhận quyền sử dụng đất", "kind": "Số lượng",
     "target": "100", "deadline": "31/12/2025", "leads": "UBND huyện Hiệp Hòa"},
    {"code": "3", "content": "Xây nhà cho hộ nghèo", "kind": "Số lượng", "target": "30",
     "deadline": "30/09/2025", "leads": "DT; TS; HS"},
    {"code": "4", "content": "Quyết toán dự án", "kind": "Mốc hoàn thành",
     "deadline": "Quý IV/2025", "leads": "BQL"},
    {"code": "5", "content": "Ra mắt xã mới", "kind": "Mốc hoàn thành",
     "deadline": "31/07/2025", "leads": "HH"},
]


def reorganisation(folder, units=UNIT_ROWS, tasks=TASK_ROWS):
    info = {"number": "05/KH-UBND", "issuer": "UBND tỉnh", "issued_on": "02/01/2025",
            "title": "Thi đua năm 2025", "start": "01/01/2025", "end": "31/12/2025"}
    return write_canonical(folder / "bieu_chi_tiet.xlsx",
                           PlanContent(info=info, units=list(units), tasks=list(tasks)))


def cell_of(path, sheet, code, header):
    ws = openpyxl.load_workbook(path)[sheet]
    return ws.cell(row_of(ws, code), column_of(ws, header)).coordinate


def test_check_names_each_task_that_passes_to_a_successor(tmp_path):
    """Task 1 (D 31/03/2025) ends before UBH does: nothing to say. Task 2 (D 31/12/2025):
    UBH ends 30/06/2025 < D → passes to Sở Xây dựng from 01/07/2025. Task 3 (D 30/09/2025):
    the three communes end 30/06 → xã Hiệp Hòa, one warning naming all three. Task 4 (D "Quý
    IV/2025" = 31/12/2025): BQL ends 30/06 with no successor → the warning names BQL's Đơn
    vị kế thừa cell. Task 5: HH lasts. Nothing else is reported (no error)."""
    path = reorganisation(tmp_path)
    _, report = read_plan(path)
    leads = lambda code: cell_of(path, TASKS, code, "Đơn vị chủ trì")  # noqa: E731
    found = sorted((i.code, i.cell, i.value) for i in report.issues)
    assert found == sorted([
        ("lead-ends-successor", leads("2"), "UBND huyện Hiệp Hòa"),
        ("lead-ends-successor", leads("3"),
         "UBND xã Đức Thắng; UBND xã Thái Sơn; UBND xã Hòa Sơn"),
        ("lead-ends-no-successor", leads("4"), "Ban Quản lý dự án huyện"),
    ])
    assert "UBND xã Hiệp Hòa" in next(i.message for i in report.issues if i.cell == leads("3"))
    by_value = {i.value: i.message for i in report.issues}
    two = by_value["UBND huyện Hiệp Hòa"]
    assert "30/06/2025" in two and "31/12/2025" in two and "01/07/2025" in two
    assert "Sở Xây dựng" in two
    four = by_value["Ban Quản lý dự án huyện"]
    assert cell_of(path, UNITS, "BQL", "Đơn vị kế thừa") in four


def test_unknown_successor_cycle_and_order_are_errors(tmp_path):
    """TS names "Sở Nông nghiệp", not a unit → unknown-successor at its cell. DT → HS and
    HS → DT loop → successor-cycle at each of their cells. HH's Hiệu lực đến 01/01/2025 is
    before its Hiệu lực từ 01/07/2025 → unit-lifetime-order. SXD's Hiệu lực đến "sắp tới"
    is not a date → bad-date at its cell. BQL's successor is the group "Các xã", which
    cannot lead → successor-is-group."""
    units = [dict(u) for u in UNIT_ROWS]
    by_code = {u["code"]: u for u in units}
    by_code["TS"]["successor"] = "Sở Nông nghiệp"
    by_code["DT"]["successor"] = "HS"
    by_code["HS"]["successor"] = "UBND xã Đức Thắng"
    by_code["HH"]["valid_to"] = "01/01/2025"
    by_code["SXD"]["valid_to"] = "sắp tới"
    by_code["BQL"]["successor"] = "Các xã"
    units.append({"code": "NX", "name": "Các xã", "kind": "Nhóm", "members": "HH"})
    path = reorganisation(tmp_path, units)
    _, report = read_plan(path)
    errors = sorted((i.code, i.cell) for i in report.issues if i.severity == "error")
    successor = lambda code: cell_of(path, UNITS, code, "Đơn vị kế thừa")  # noqa: E731
    assert errors == sorted([
        ("unknown-successor", successor("TS")),
        ("successor-cycle", successor("DT")),
        ("successor-cycle", successor("HS")),
        ("unit-lifetime-order", cell_of(path, UNITS, "HH", "Hiệu lực đến")),
        ("bad-date", cell_of(path, UNITS, "SXD", "Hiệu lực đến")),
        ("successor-is-group", successor("BQL")),
    ])


def test_assignments_and_forms_pass_tasks_to_the_successor(tmp_path):
    """Task 2: UBH keeps a former row (until 30/06/2025) and SXD leads it, taken over from
    UBH. Task 3: each commune keeps a former row; HH leads it once, taken over from all
    three. Task 1 stays UBH's own (it ends before UBH does); task 4 stays BQL's (no
    successor). The forms say so in Vai trò."""
    plan, _ = read_plan(reorganisation(tmp_path))
    table = assignments(plan)
    got = {(r.unit, r.task): (r.role, r.handed_from) for r in table.itertuples()}
    assert got == {
        ("UBH", "1"): (LEAD, None),
        ("UBH", "2"): (FORMER, None), ("SXD", "2"): (LEAD, ("UBH",)),
        ("DT", "3"): (FORMER, None), ("TS", "3"): (FORMER, None), ("HS", "3"): (FORMER, None),
        ("HH", "3"): (LEAD, ("DT", "TS", "HS")),
        ("BQL", "4"): (LEAD, None),
        ("HH", "5"): (LEAD, None),
    }
    roles = {(spec.unit_code, row.code): row.role for spec in form_specs(plan)
             for row in spec.rows}
    assert roles[("UBH", "1")] == "Chủ trì"
    assert roles[("UBH", "2")] == "Chủ trì đến 30/06/2025"
    assert roles[("SXD", "2")] == "Chủ trì (kế thừa UBND huyện Hiệp Hòa)"
    assert roles[("HH", "3")] == ("Chủ trì (kế thừa UBND xã Đức Thắng, UBND xã Thái Sơn, "
                                  "UBND xã Hòa Sơn)")
    assert roles[("DT", "3")] == "Chủ trì đến 30/06/2025"


def result(unit, code, value=float("nan"), status=None, completed_on=None, data_date=R):
    return {"unit": unit, "task": code, "value": value, "value_text": None, "status": status,
            "completed_on": completed_on, "data_date": data_date, "cause": None,
            "file": f"{unit}.xlsx", "cell": "G7"}


def evaluation(tmp_path, *rows):
    plan, _ = read_plan(reorganisation(tmp_path))
    return evaluate(plan.tasks, assignments(plan), results_frame(*rows), R,
                    plan.info.get("end"), 7)


def test_report_status_after_the_reorganisation(tmp_path):
    """R = 31/07/2025, warning 7 days.
    Task 1 (Mốc, D 31/03): UBH done 25/03 → on time.
    Task 2 (Số lượng T 100, D 31/12): UBH reported 60 on 30/06 (its last day); SXD has not
    reported, so it carries UBH's 60 → 100·60/100 = 60 %, not achieved, R ≤ D − 7 → in
    progress. UBH's former row keeps its 60 %, counted apart.
    Task 3 (T 30, D 30/09): HH reports 31, done 20/07 → 100·31/30 = 103,33 %, on time; the
    communes' own returns (8 each, 30/06) stay on their former rows.
    Task 4 (BQL, no successor, D 31/12): no return → Chưa báo cáo.
    Task 5 (HH, D 31/07): no return → Chưa báo cáo, bucket Chưa HT trong hạn (R = D).
    Units: SXD leads 1 (task 2), UBH leads 1 (task 1, on time), HH leads 2 (3 on time, 5
    not reported); UBH's, DT's, TS's, HS's former rows count as coordination."""
    june30 = END
    ev = evaluation(tmp_path,
                    result("UBH", "1", status=labels.STATUS_DONE,
                           completed_on=dt.date(2025, 3, 25), data_date=june30),
                    result("UBH", "2", 60.0, labels.STATUS_DOING, data_date=june30),
                    result("DT", "3", 8.0, labels.STATUS_DOING, data_date=june30),
                    result("TS", "3", 8.0, labels.STATUS_DOING, data_date=june30),
                    result("HS", "3", 8.0, labels.STATUS_DOING, data_date=june30),
                    result("HH", "3", 31.0, labels.STATUS_DONE,
                           completed_on=dt.date(2025, 7, 20)))
    tasks = ev.tasks.set_index("code")
    assert tasks.loc["1", "status"] == "on_time"
    assert tasks.loc["2", "pct"] == pytest.approx(60.0)
    assert tasks.loc["2", "status"] == "in_progress"
    assert tasks.loc["3", "pct"] == pytest.approx(100 * 31 / 30)
    assert tasks.loc["3", "status"] == "on_time"
    assert tasks.loc["4", "status"] == "no_report"
    assert tasks.loc["5", "status"] == "no_report" and tasks.loc["5", "bucket"] == "open_in_time"
    rows = ev.rows.set_index(["unit", "task"])
    assert rows.loc[("SXD", "2"), "role"] == LEAD and rows.loc[("SXD", "2"), "value"] == 60.0
    assert rows.loc[("UBH", "2"), "role"] == FORMER and rows.loc[("UBH", "2"), "pct"] == 60.0
    assert rows.loc[("DT", "3"), "value"] == 8.0
    units = ev.units.set_index("unit")
    assert units.loc["SXD", "led"] == 1 and units.loc["UBH", "led"] == 1
    assert (units.loc["HH", "led"], units.loc["HH", "on_time"]) == (2, 1)
    assert units.loc["UBH", "partner_tasks"] == 1 and units.loc["DT", "partner_tasks"] == 1


def test_a_return_after_the_end_does_not_count_for_the_successor(tmp_path):
    """UBH's latest return is dated 05/07/2025, after its end (30/06): SXD does not carry
    it, so task 2 is Chưa báo cáo although UBH's own (former) row shows 80."""
    ev = evaluation(tmp_path, result("UBH", "2", 80.0, labels.STATUS_DOING,
                                     data_date=dt.date(2025, 7, 5)))
    assert ev.tasks.set_index("code").loc["2", "status"] == "no_report"
    assert ev.rows.set_index(["unit", "task"]).loc[("UBH", "2"), "value"] == 80.0


def test_a_plan_without_lifetimes_is_unchanged():
    """Frames built without the new columns (as before them) assign as they always did."""
    units = pd.DataFrame({"code": ["U1"], "name": ["U1"], "aliases": [[]],
                          "member_codes": [[]], "is_group": [False]})
    tasks = pd.DataFrame({"code": ["1"], "parent": [None], "deadline": [dt.date(2025, 1, 1)],
                          "lead_codes": [["U1"]], "partner_codes": [[]]})
    table = assignments(SimpleNamespace(units=units, tasks=tasks))
    assert table[["unit", "task", "role"]].values.tolist() == [["U1", "1", LEAD]]


def test_forms_collect_and_report_after_the_reorganisation(tmp_path):
    """The whole round on the reorganisation: forms for every unit; UBH returns its form
    with Số liệu tính đến ngày "tháng 6/2025" (= 30/06/2025, its last day): task 1 done
    25/03, task 2 at 60 (its former row); xã Hiệp Hòa returns 31 for task 3, done 20/07,
    data date 31/07/2025. Both are accepted. The report at R = 31/07/2025 (as in
    test_report_status_after_the_reorganisation): task 1 on time; task 2 Sở Xây dựng
    carries UBH's 60 of 100 → 60 %, in progress; task 3 100·31/30 → on time; tasks 4 and 5
    not reported. The report workbook is written."""
    from thidua import commands
    from thidua.report import build_report
    from thidua.write.forms import form_file_name
    from thidua.write.sample_returns import fill_form

    workbook = reorganisation(tmp_path)
    made = commands.forms(workbook)
    plan, _ = read_plan(workbook)
    specs = {s.unit_code: s for s in form_specs(plan)}
    assert set(specs) == {"UBH", "SXD", "DT", "TS", "HS", "HH", "BQL"}
    inbox = tmp_path / "hop-thu"
    inbox.mkdir(exist_ok=True)
    fill_form(made.folder / form_file_name(specs["UBH"]), inbox / "ubh.xlsx",
              {"data_date": "tháng 6/2025", "submission": 1},
              {"1": {"status": labels.STATUS_DONE, "completed_on": "25/03/2025"},
               "2": {"result": 60, "status": labels.STATUS_DOING}})
    fill_form(made.folder / form_file_name(specs["HH"]), inbox / "hh.xlsx",
              {"data_date": "31/07/2025", "submission": 1},
              {"3": {"result": 31, "status": labels.STATUS_DONE, "completed_on": "20/07/2025"}})
    collected = commands.collect(workbook, [inbox])
    assert [f.status for f in collected.files] == ["accepted", "accepted"], \
        [(i.code, i.cell, i.message) for i in collected.issues]
    data = build_report(plan, workbook, R)
    tasks = data.evaluation.tasks.set_index("code")
    assert tasks.loc["1", "status"] == "on_time"
    assert (tasks.loc["2", "status"], tasks.loc["2", "pct"]) == ("in_progress", 60.0)
    assert tasks.loc["3", "status"] == "on_time"
    assert list(tasks.loc[["4", "5"], "status"]) == ["no_report", "no_report"]
    assert commands.report(workbook, R).made.path.is_file()


def test_a_lead_that_starts_after_the_deadline_is_named(tmp_path):
    """Task 6 (D 31/03/2025) is led by xã Hiệp Hòa, which starts on 01/07/2025: a warning
    at its Đơn vị chủ trì cell naming both days. Task 5 (D 31/07/2025) is after HH starts:
    nothing to say."""
    task_rows = [*TASK_ROWS, {"code": "6", "content": "Tổng kết quý I", "kind": "Mốc hoàn thành",
                              "deadline": "31/03/2025", "leads": "HH"}]
    path = reorganisation(tmp_path, tasks=task_rows)
    _, report = read_plan(path)
    late = [i for i in report.issues if i.code == "lead-starts-after-deadline"]
    assert [(i.cell, i.value) for i in late] == [
        (cell_of(path, TASKS, "6", "Đơn vị chủ trì"), "UBND xã Hiệp Hòa")]
    assert "01/07/2025" in late[0].message and "31/03/2025" in late[0].message


def test_collect_warns_about_a_former_leads_return_after_its_end(tmp_path):
    """UBH sends its form dated 05/07/2025, after its end (30/06/2025), with 80 for task 2
    (passed to Sở Xây dựng) and task 1 done: the file is accepted (its own rows stand) and
    task 2's Kết quả cell carries a warning naming the end, the data date and Sở Xây dựng.
    Task 1 stays UBH's (its deadline 31/03 is before the end): no warning there."""
    from thidua import commands
    from thidua.write.forms import form_file_name
    from thidua.write.sample_returns import fill_form

    workbook = reorganisation(tmp_path)
    made = commands.forms(workbook)
    plan, _ = read_plan(workbook)
    spec = next(s for s in form_specs(plan) if s.unit_code == "UBH")
    filled = fill_form(made.folder / form_file_name(spec), tmp_path / "ubh-thang7.xlsx",
                       {"data_date": "05/07/2025", "submission": 1},
                       {"1": {"status": labels.STATUS_DONE, "completed_on": "25/03/2025"},
                        "2": {"result": 80, "status": labels.STATUS_DOING}})
    ws = openpyxl.load_workbook(filled)[labels.FORM_SHEET]
    row2 = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "2")
    collected = commands.collect(workbook, [filled])
    assert [f.status for f in collected.files] == ["accepted"]
    late = [i for i in collected.issues if i.code == "result-after-unit-end"]
    assert [(i.cell, i.value) for i in late] == [(f"G{row2}", "UBND huyện Hiệp Hòa")]
    assert all(day in late[0].message for day in ("30/06/2025", "05/07/2025"))
    assert "Sở Xây dựng" in late[0].message


def test_lifetimes_written_as_periods_read_as_the_same_days(tmp_path):
    """The 2025 reorganisation typed as periods: Hiệu lực từ "Quý III/2025" starts a span,
    so it is 01/07/2025 (the quarter's first day); Hiệu lực đến "Quý II/2025" ends one, so
    30/06/2025. Read back, the units have the very days typed as dates above."""
    as_periods = [{**u, **{k: {"01/07/2025": "Quý III/2025", "30/06/2025": "Quý II/2025"}
                           .get(v, v) for k, v in u.items() if k in ("valid_from", "valid_to")}}
                  for u in UNIT_ROWS]
    assert any(u.get("valid_from") == "Quý III/2025" for u in as_periods)
    dated, _ = read_plan(reorganisation(tmp_path / "dates"))
    periods, _ = read_plan(reorganisation(tmp_path / "periods", units=as_periods))
    columns = ["code", "valid_from", "valid_to"]
    assert periods.units[columns].equals(dated.units[columns])
    hh = periods.units.set_index("code").loc["HH"]
    assert hh["valid_from"] == dt.date(2025, 7, 1)

"""Phases (Đợt, issue #14 item 2): forms show each task's phase, the report has a Theo đợt
summary per phase with its award list, and `report --dot CODE` limits a report to one
phase. The plan is built here so every number is worked by hand."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from thidua.cli import cli
from thidua.collect import collect
from thidua.core import fields, labels
from thidua.core.model import phase_tasks, task_phases
from thidua.read.plan import read_plan
from thidua.report import build_report
from thidua.write.canonical import PlanContent, default_criteria, write_canonical
from thidua.write.forms import FORM_TABLE_ROW, form_file_name, form_specs, write_form

R = dt.date(2024, 5, 15)
DONE, DOING = labels.STATUS_DONE, labels.STATUS_DOING


def _task(code, kind, deadline, leads, phase=None, parent=None, target=None):
    return {"code": code, "parent": parent, "content": f"Nhiệm vụ {code}", "kind": kind,
            "comparison": "≥" if target else None, "target": target, "deadline": deadline,
            "phase": phase, "leads": leads}


def content(criteria=None) -> PlanContent:
    """Two phases sharing 30/04 (it belongs to P2). Tasks: 1 Mốc (P1, D 20/04, U1);
    2 Số lượng T 10 (P1, D 30/04, U2); 3 Nhiều hạng mục (P2) with 3.1 Mốc (D 31/05, U1) and
    3.2 Số lượng T 5 (D 30/06, U3), both inheriting P2; 4 Mốc, no phase (D 30/06, U2)."""
    return PlanContent(
        info={"number": "5/KH-UBND", "issuer": "UBND xã Thử", "issued_on": "01/03/2024",
              "title": "Kế hoạch thi đua thử", "start": "01/03/2024", "end": "30/06/2024",
              **fields.PLAN.defaults()},
        phases=[{"code": "P1", "name": "Đợt một", "start": "01/03/2024", "end": "30/04/2024"},
                {"code": "P2", "name": "Đợt hai", "start": "30/04/2024", "end": "30/06/2024"}],
        units=[{"code": "U1", "name": "Phòng Một", "kind": "Phòng"},
               {"code": "U2", "name": "Tiểu khu Hai", "kind": "Tiểu khu"},
               {"code": "U3", "name": "Tiểu khu Ba", "kind": "Tiểu khu"}],
        tasks=[_task("1", "Mốc hoàn thành", "20/04/2024", "U1", "P1"),
               _task("2", "Số lượng", "30/04/2024", "U2", "P1", target="10"),
               _task("3", "Nhiều hạng mục", None, "U1; U3", "P2"),
               _task("3.1", "Mốc hoàn thành", "31/05/2024", "U1", parent="3"),
               _task("3.2", "Số lượng", "30/06/2024", "U3", parent="3", target="5"),
               _task("4", "Mốc hoàn thành", "30/06/2024", "U2")],
        criteria=criteria)


#: Tiểu khu leading a task of P2 and missing none for "Chủ quan" are proposed in P2.
P2_RULE = [*default_criteria(),
           {"code": "KT2", "action": "Khen thưởng", "title": "Giấy khen", "scope": "P2",
            "subjects": "Tiểu khu",
            "condition": "Không có nhiệm vụ chưa hoàn thành do nguyên nhân",
            "value": "Chủ quan"}]


def _collected(root, criteria=None):
    """Returns with data date 15/05/2024: U1 reports 1 done 18/04 and 3.1 done 10/05;
    U2 reports 2 = 8 Đang thực hiện (cause Chủ quan) and 4 Đang thực hiện; U3 sends
    nothing."""
    root.mkdir()
    workbook = write_canonical(root / labels.WORKBOOK_FILE, content(criteria))
    plan, report = read_plan(workbook)
    assert report.ok, [i.message for i in report.issues]
    inbox = root / labels.INBOX_DIR
    specs = {s.unit_code: s for s in form_specs(plan)}
    filled = {"U1": {"1": {"status": DONE, "completed_on": dt.date(2024, 4, 18)},
                     "3.1": {"status": DONE, "completed_on": dt.date(2024, 5, 10)}},
              "U2": {"2": {"result": 8, "status": DOING, "cause": "Chủ quan"},
                     "4": {"status": DOING}}}
    for unit, rows in filled.items():
        write_form(inbox / form_file_name(specs[unit]), specs[unit], rows,
                   {"data_date": R, "reporter": "Người lập"})
    outcome = collect(workbook, [inbox])
    assert {f.status for f in outcome.files} == {"accepted"}, [
        (f.name, [i.message for i in f.issues]) for f in outcome.files]
    return workbook, plan


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    return _collected(tmp_path_factory.mktemp("phases") / "kh", P2_RULE)


def test_a_task_takes_its_own_phase_else_its_ancestors():
    tasks = pd.DataFrame({"code": ["5", "5.1", "5.2", "6"], "parent": [None, "5", "5", None],
                          "phase": ["P1", None, "P2", None],
                          "deadline": [dt.date(2024, 4, 30), None, None, None]})
    assert task_phases(tasks) == {"5": "P1", "5.1": "P1", "5.2": "P2", "6": None}
    # 5.2 is in P2 without its parent: it keeps the deadline it inherits from 5 (DESIGN §4)
    only = phase_tasks(tasks, "P2")
    assert list(only["code"]) == ["5.2"] and list(only["deadline"]) == [dt.date(2024, 4, 30)]


def test_forms_show_each_tasks_phase(collected, tmp_path):
    _, plan = collected
    spec = next(s for s in form_specs(plan) if s.unit_code == "U1")
    path = write_form(tmp_path / "u1.xlsx", spec)
    ws = openpyxl.load_workbook(path)[labels.FORM_SHEET]
    col = fields.RETURN.keys.index("phase") + 1
    assert ws.cell(FORM_TABLE_ROW, col).value == "Đợt"
    shown = {ws.cell(r, 1).value: ws.cell(r, col).value
             for r in range(FORM_TABLE_ROW + 1, ws.max_row + 1) if ws.cell(r, 1).value}
    assert shown == {"1": "P1", "3": "P2", "3.1": "P2"}  # 3.1 inherits P2 from 3
    assert ws.cell(FORM_TABLE_ROW + 1, col).protection.locked


def test_each_phase_is_scored_on_its_own_tasks(collected):
    """R = 15/05/2024.
    P1 (tasks 1, 2): 1 done 18/04 ≤ 20/04 → on time, 100 %; 2 = 8/10 → 80 %, R > 30/04 →
    Chưa HT quá hạn. Leaves 2, buckets 1 / 0 / 0 / 1, none unreported; top level 1/2
    achieved, mean (100 + 80)/2 = 90 %. U1 leads 1 due 1 on time 1 → 100 %; U2 0/1.
    P2 (tasks 3, 3.1, 3.2): 3.1 done 10/05 ≤ 31/05 → on time; 3.2 no return, R ≤ 30/06 →
    Chưa HT trong hạn, not reported. Leaves 2, buckets 1 / 0 / 1 / 0, 1 unreported; task 3
    not achieved → 0/1, its % = (100 + 0)/2 = 50. U1 1 led, 1 on time; U3 1 led, 0 due.
    Task 4 has no phase: in neither."""
    workbook, plan = collected
    data = build_report(plan, workbook, R)
    p1, p2 = data.phases
    got = {}
    for p in (p1, p2):
        head = p.evaluation.plan.iloc[0]
        got[p.code] = (int(head["leaves"]), int(head["on_time"]), int(head["late_done"]),
                       int(head["open_in_time"]), int(head["open_overdue"]),
                       int(head["not_reported"]), int(head["top_achieved"]),
                       int(head["top_total"]), round(float(head["pct"]), 6))
    assert got == {"P1": (2, 1, 0, 0, 1, 0, 1, 2, 90.0), "P2": (2, 1, 0, 1, 0, 1, 0, 1, 50.0)}
    units = {p.code: {u.unit: (u.led, u.due, u.on_time)
                      for u in p.evaluation.units.itertuples() if u.led}
             for p in (p1, p2)}
    assert units == {"P1": {"U1": (1, 1, 1), "U2": (1, 1, 0)},
                     "P2": {"U1": (1, 1, 1), "U3": (1, 0, 0)}}


def test_each_phase_has_its_award_list(collected):
    """P1 names no rule of its own: the plan's KT1 (≥ 1 task led, 100 % on time over tasks
    due) applies to P1's tasks → U1 (1/1); U2 0/1. P2 has KT2 (Tiểu khu leading a task of
    P2, none missed for "Chủ quan") → U3 (leads 3.2, misses nothing); U2 leads nothing in
    P2. The whole plan: KT1 on every task → U1 (2 led, 2 due, 2 on time; U2 0/1 due, U3 0
    due) and KT2 on P2 → U3; PB1 criticises U2's task 2 (Chủ quan). PB1 names no phase,
    so each phase applies it to its own tasks: task 2 is P1's → P1 lists it, P2 nothing."""
    workbook, plan = collected
    data = build_report(plan, workbook, R)
    p1, p2 = data.phases
    assert [(r.code, list(p1.awards.loc[p1.awards["rule"] == r.code, "unit"]))
            for r, _ in p1.rules if r.action == "award"] == [("KT1", ["U1"])]
    assert [r.code for r, _ in p1.rules if r.action == "criticise"] == ["PB1"]
    assert list(zip(p1.criticised["unit"], p1.criticised["task"], strict=True)) == [("U2", "2")]
    assert p2.criticised.empty
    assert p1.rules[0][1].startswith("Đề nghị khen thưởng đơn vị trong đợt P1:")
    assert [(r.code, list(p2.awards["unit"])) for r, _ in p2.rules
            if r.action == "award"] == [("KT2", ["U3"])]
    assert p2.rules[0][1].startswith(
        "Đề nghị khen thưởng (Giấy khen) đơn vị loại Tiểu khu trong đợt P2: chủ trì ít nhất "
        "1 nhiệm vụ; không có nhiệm vụ chưa hoàn thành")
    assert list(zip(data.awards["rule"], data.awards["unit"], strict=True)) == [
        ("KT1", "U1"), ("KT2", "U3")]
    assert list(zip(data.criticised["unit"], data.criticised["task"], strict=True)) == [
        ("U2", "2")]


def test_theo_dot_sheet_and_the_award_sheet_quote_the_rules(collected):
    workbook, _ = collected
    result = CliRunner().invoke(cli, ["report", str(workbook), "--as-of", "15/05/2024"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(workbook.parent / "bao-cao" /
                                  "tong-hop-5-KH-UBND-15-05-2024.xlsx")
    text = [[v for v in row if v is not None] for row in
            book[labels.SHEET_PHASES_REPORT].iter_rows(values_only=True)]
    text = [row for row in text if row]
    first = next(i for i, row in enumerate(text) if row[0] ==
                 "Đợt P1 – Đợt một: từ 01/03/2024 đến 30/04/2024")
    assert text[first + 2][:8] == [2, 1, 0, 0, 1, 0, 0, "1/2 nhiệm vụ hoàn thành"]
    second = next(i for i, row in enumerate(text) if row[0] ==
                  "Đợt P2 – Đợt hai: từ 30/04/2024 đến 30/06/2024")
    # P1's criticism list under its title and PB1 quoted: U2's task 2, Chủ quan
    at = next(i for i, row in enumerate(text[:second]) if row[0] ==
              labels.PHASE_CRITICISE_TITLE)
    assert text[at + 1][0].startswith("Đề nghị phê bình")
    assert text[at + 3][:3] == ["U2", "Tiểu khu Hai", "2"] and text[at + 3][-1] == "Chủ quan"
    awards = [row[0] for row in book[labels.SHEET_AWARDS].iter_rows(values_only=True)
              if row and isinstance(row[0], str)]
    assert any(t.startswith("Đề nghị khen thưởng đơn vị (toàn kế hoạch): chủ trì ít nhất 1")
               for t in awards)
    assert any(t.startswith("Đề nghị khen thưởng (Giấy khen) đơn vị loại Tiểu khu trong đợt "
                            "P2") for t in awards)


def test_report_dot_limits_the_report_to_one_phase(collected):
    """--dot p2 (any case): Tổng hợp lists 3, 3.1, 3.2 only; the award sheet applies KT2
    (P2's own rule) → U3, and the plan's PB1 restated for P2 (nothing missed in P2)."""
    workbook, _ = collected
    result = CliRunner().invoke(cli, ["report", str(workbook), "--as-of", "15/05/2024",
                                      "--dot", "p2", "--json"])
    assert result.exit_code == 0, result.output
    path = workbook.parent / "bao-cao" / "tong-hop-5-KH-UBND-dot-P2-15-05-2024.xlsx"
    payload = json.loads(result.output)
    assert payload["phase"] == "P2" and payload["report"] == str(path) and path.is_file()
    assert payload["stats"]["leaves"] == 2  # 3.1 and 3.2
    book = openpyxl.load_workbook(path)
    ws = book[labels.SHEET_SUMMARY]
    head = next(r for r in range(1, ws.max_row + 1)
                if ws.cell(r, 1).value == labels.SUMMARY_HEADERS[0])
    codes = [ws.cell(r, 1).value for r in range(head + 1, ws.max_row + 1)
             if ws.cell(r, 1).value]
    assert codes[:3] == ["3", "3.1", "3.2"] and "1" not in codes and "4" not in codes
    assert any("đợt P2" in str(ws.cell(r, 1).value or "") for r in range(1, head))
    rows = [[v for v in row if v is not None]
            for row in book[labels.SHEET_AWARDS].iter_rows(values_only=True)]
    rows = [row for row in rows if row]
    award = next(i for i, row in enumerate(rows) if str(row[0]).startswith(
        "Đề nghị khen thưởng (Giấy khen) đơn vị loại Tiểu khu trong đợt P2"))
    assert rows[award + 2][:2] == ["U3", "Tiểu khu Ba"]
    assert any(str(row[0]).startswith("Đề nghị phê bình đơn vị trong đợt P2") for row in rows)
    assert not any(str(row[0]).startswith("Đề nghị khen thưởng đơn vị (toàn kế hoạch)")
                   for row in rows)


def test_report_dot_refuses_an_unknown_phase_and_a_frozen_round(collected):
    workbook, _ = collected
    unknown = CliRunner().invoke(cli, ["report", str(workbook), "--dot", "P9"])
    assert unknown.exit_code == 2 and "“P9”" in unknown.output and "P1, P2" in unknown.output
    frozen = CliRunner().invoke(cli, ["report", str(workbook), "--dot", "P1", "--chot"])
    assert frozen.exit_code == 2 and "--chot" in frozen.output


def test_a_plan_without_a_criteria_sheet_gets_the_same_phase_lists(tmp_path):
    """The same plan written as before (no criteria sheet): the Kế hoạch settings give KT
    for every phase → P1: U1; P2: U1 (3.1 on time); U3 has nothing due."""
    workbook, plan = _collected(tmp_path / "kh")
    assert plan.criteria is None
    data = build_report(plan, workbook, R)
    assert [list(p.awards["unit"]) for p in data.phases] == [["U1"], ["U1"]]


def test_a_plan_without_phases_hides_the_empty_phase_column(tmp_path):
    plain = content()
    plain.phases = []
    for t in plain.tasks:
        t["phase"] = None
    plan, _ = read_plan(write_canonical(tmp_path / "kh.xlsx", plain))
    spec = form_specs(plan)[0]
    ws = openpyxl.load_workbook(write_form(tmp_path / "u.xlsx", spec))[labels.FORM_SHEET]
    letter = openpyxl.utils.get_column_letter(fields.RETURN.keys.index("phase") + 1)
    assert ws.column_dimensions[letter].hidden


# ---------------------------------------------------------------------------
# Seed 002 (Kế hoạch 42/KH-UBND, Hà Trung): three phases of a real plan
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed002_report(tmp_path_factory):
    from thidua.store.workspace import init_workspace
    from thidua.write.forms import write_forms
    from thidua.write.sample_returns import make_seed_returns

    root = tmp_path_factory.mktemp("seed002-phases") / "kh"
    ws = init_workspace(root, sample="002")
    plan, _ = read_plan(ws.workbook)
    write_forms(plan, root / labels.FORM_DIR)
    make_seed_returns("002", plan, root / labels.FORM_DIR, ws.inbox)
    collect(ws.workbook, [ws.inbox])
    return build_report(plan, ws.workbook, dt.date(2023, 9, 5))


def test_seed002_phases_at_05_09_2023(seed002_report):
    """From the statuses worked out in tests/test_seed002.py at R2 = 05/09/2023, split by
    the Đợt column (a child takes its parent's, a monthly period its task's):
    D1 (IV.1, IV.1.1–IV.1.5, IV.1.4's periods 2023-03 and 2023-04): leaves IV.1.1 on
       time, IV.1.2 late, IV.1.3 late, IV.1.4/2023-03 late, IV.1.4/2023-04 overdue (HND
       did not report it, HPN did), IV.1.5 on time → 6 leaves, 2 / 3 / 0 / 1, none
       unreported; IV.1 not achieved → 0/1. Units: VHXH 1/1, VPTK 1/1, DCXD 1/1 on time;
       HND 2/3, HPN 1/3, MTTQ 0/1. The sample's rule KT-D1 (samples/seed002: Công chức
       and Đoàn thể leading ≥ 1 task of the phase, 100 % on time over tasks due, every
       task achieved): VHXH, VPTK, DCXD lead one D1 task each, achieved on time →
       proposed: DCXD, VHXH, VPTK.
    D2 (IV.2, IV.2.1–IV.2.3): IV.2.1 on time (TK4), IV.2.2 in progress (D 30/09), IV.2.3
       not reported past 02/09 → 3 leaves, 1 / 0 / 1 / 1, 1 unreported; 0/1. KT-D2: TK4 is
       a Tiểu khu, not a subject; VHXH has nothing due and IV.2.2 not achieved; TCKH 0/1
       → nobody proposed.
    D3 (II.2.2, IV.3 with IV.3.1–IV.3.2, VII.2): all four leaves open in time, II.2.2 not
       reported; 0/3; nothing due → nobody proposed.
    The no-phase leaves (II.2.1.a, II.2.1.b, II.2.3 and VII.1's seven months begun,
    March–September) make up the plan's 23."""
    got = {}
    for p in seed002_report.phases:
        head = p.evaluation.plan.iloc[0]
        got[p.code] = (int(head["leaves"]), int(head["on_time"]), int(head["late_done"]),
                       int(head["open_in_time"]), int(head["open_overdue"]),
                       int(head["not_reported"]), int(head["top_achieved"]),
                       int(head["top_total"]), sorted(p.awards["unit"]))
    assert got == {"D1": (6, 2, 3, 0, 1, 0, 0, 1, ["DCXD", "VHXH", "VPTK"]),
                   "D2": (3, 1, 0, 1, 1, 1, 0, 1, []),
                   "D3": (4, 0, 0, 4, 0, 1, 0, 3, [])}


def test_a_phase_without_tasks_is_reported_empty(tmp_path):
    """P3 names no task: its section says so; a report limited to it lists no task."""
    from thidua.write.report import write_report

    plain = content()
    plain.phases.append({"code": "P3", "name": "Đợt ba", "start": "30/06/2024",
                         "end": "30/06/2024"})
    workbook = write_canonical(tmp_path / "kh.xlsx", plain)
    plan, report = read_plan(workbook)
    assert report.ok
    data = build_report(plan, workbook, R)
    assert [len(p.evaluation.tasks) for p in data.phases] == [2, 3, 0]
    ws = openpyxl.load_workbook(write_report(tmp_path / "r.xlsx", data))[
        labels.SHEET_PHASES_REPORT]
    texts = [row[0] for row in ws.iter_rows(values_only=True) if row and row[0]]
    at = texts.index("Đợt P3 – Đợt ba: từ 30/06/2024 đến 30/06/2024")
    assert texts[at + 1] == labels.PHASE_NO_TASKS  # the header row starts further right
    only = build_report(plan, workbook, R, "P3")
    assert only.evaluation.tasks.empty and only.awards.empty

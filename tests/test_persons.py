"""Persons and leaders (issue #14 item 5, DESIGN §1): a person is a row of Đơn vị of Loại
Cá nhân attached, by its Đơn vị cấp trên, to the unit it belongs to; it leads or
coordinates like any unit and gets a form addressed "<name> (<unit>)". Every form row and
Tổng hợp show the task's Lãnh đạo phụ trách, and the report sums up the tasks by leader.
The plan is built here so every number is worked by hand."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pandas as pd
import pytest

from thidua.collect import collect
from thidua.core import fields, labels
from thidua.core.assignments import task_leaders
from thidua.core.units import UnitDirectory, without_honorific
from thidua.read.plan import read_plan
from thidua.report import build_report, explanation_rows, has_leaders, leader_summaries
from thidua.write.canonical import PlanContent, write_canonical
from thidua.write.forms import FORM_TABLE_ROW, form_file_name, form_specs, write_form
from thidua.write.report import write_report

R = dt.date(2024, 5, 15)
DONE, DOING = labels.STATUS_DONE, labels.STATUS_DOING
HONG = "Nguyễn Thị Hồng (Văn phòng HĐND và UBND)"
BCH = "Ủy viên BCH theo địa bàn (Phòng Kinh tế)"

UNITS = [
    {"code": "VP", "name": "Văn phòng HĐND và UBND", "kind": "Phòng"},
    {"code": "KT", "name": "Phòng Kinh tế", "kind": "Phòng"},
    {"code": "LD", "name": "Công chức Lao động - Thương binh và Xã hội", "kind": "Phòng"},
    {"code": "CN1", "name": "Nguyễn Thị Hồng", "kind": "Cá nhân", "parent": "VP"},
    {"code": "CN2", "name": "Ủy viên BCH theo địa bàn", "kind": "Cá nhân",
     "parent": "Phòng Kinh tế"},
]


def _task(code, kind, deadline, leads, leader=None, parent=None, target=None,
          partners=None):
    return {"code": code, "parent": parent, "content": f"Nhiệm vụ {code}", "kind": kind,
            "comparison": "≥" if target else None, "target": target, "deadline": deadline,
            "leads": leads, "partners": partners, "leader": leader}


#: 1 Mốc D 20/04 led by the person Hồng (written with an honorific), KT coordinates,
#: leader Trần Văn An; 2 Số lượng ≥ 10 D 30/04 led by the person Ủy viên BCH, leader Trần
#: Văn An; 3 Nhiều hạng mục led by VP, leader "đồng chí Nguyễn Thị Hồng" (the person), with
#: 3.1 Mốc D 31/05 (VP, no leader: its parent's) and 3.2 Số lượng ≥ 5 D 30/06 (KT, leader
#: "trần văn  an", Trần Văn An spelt otherwise); 4 Mốc D 30/06 (KT, no leader).
TASKS = [
    _task("1", "Mốc hoàn thành", "20/04/2024", "đồng chí Nguyễn Thị Hồng", "Trần Văn An",
          partners="KT"),
    _task("2", "Số lượng", "30/04/2024", "Ủy viên BCH theo địa bàn", "Trần Văn An",
          target="10"),
    _task("3", "Nhiều hạng mục", None, "VP", "đồng chí Nguyễn Thị Hồng"),
    _task("3.1", "Mốc hoàn thành", "31/05/2024", "VP", parent="3"),
    _task("3.2", "Số lượng", "30/06/2024", "KT", "trần văn  an", parent="3", target="5"),
    _task("4", "Mốc hoàn thành", "30/06/2024", "KT"),
]


def content(units=UNITS, tasks=TASKS) -> PlanContent:
    return PlanContent(
        info={"number": "9/KH-UBND", "issuer": "UBND xã Thử", "issued_on": "01/03/2024",
              "title": "Kế hoạch thi đua thử", "start": "01/03/2024", "end": "30/06/2024",
              **fields.PLAN.defaults()},
        units=list(units), tasks=list(tasks))


def _collected(root):
    """Returns with data date 15/05/2024: Hồng reports 1 done 18/04 (on time); the Ủy viên
    BCH reports 2 = 8 Đang thực hiện (past its deadline 30/04); VP reports 3.1 done 10/05;
    KT sends nothing."""
    root.mkdir()
    workbook = write_canonical(root / labels.WORKBOOK_FILE, content())
    plan, report = read_plan(workbook)
    assert report.ok, [i.message for i in report.issues]
    inbox = root / labels.INBOX_DIR
    specs = {s.unit_code: s for s in form_specs(plan)}
    filled = {"CN1": {"1": {"status": DONE, "completed_on": dt.date(2024, 4, 18)}},
              "CN2": {"2": {"result": 8, "status": DOING, "cause": "Khách quan"}},
              "VP": {"3.1": {"status": DONE, "completed_on": dt.date(2024, 5, 10)}}}
    for unit, rows in filled.items():
        write_form(inbox / form_file_name(specs[unit]), specs[unit], rows,
                   {"data_date": R, "reporter": "Người lập"})
    outcome = collect(workbook, [inbox])
    assert {f.status for f in outcome.files} == {"accepted"}, [
        (f.name, [i.message for i in f.issues]) for f in outcome.files]
    return workbook, plan


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    return _collected(tmp_path_factory.mktemp("persons") / "kh")


def _issues(tmp_path, units, tasks=TASKS):
    plan, report = read_plan(write_canonical(tmp_path / "kh.xlsx", content(units, tasks)))
    return plan, [(i.code, i.cell, i.severity) for i in report.issues]


# --- persons as units ---

def test_a_person_is_found_by_name_caption_and_with_an_honorific(collected):
    _, plan = collected
    d = plan.directory
    assert d.persons == {"CN1": "VP", "CN2": "Phòng Kinh tế"}
    assert d.captions["CN1"] == HONG and d.captions["CN2"] == BCH
    assert d.captions["VP"] == "Văn phòng HĐND và UBND"  # a unit keeps its name
    for text in ("Nguyễn Thị Hồng", HONG, "đồng chí Nguyễn Thị Hồng", "Đ/c Nguyễn Thị Hồng"):
        assert d.resolve(text) == "CN1", text
    assert d.unit_of("CN1") == "VP" and d.unit_of("CN2") == "KT" and d.unit_of("VP") is None
    # an honorific only ever finds a person: "ông Phòng Kinh tế" is no unit
    assert d.resolve("ông Phòng Kinh tế") is None
    assert without_honorific("đồng chí  Nguyễn Thị Hồng") == "Nguyễn Thị Hồng"
    assert without_honorific("Đồng Tháp") == "Đồng Tháp"


def test_persons_lead_and_get_forms_addressed_with_their_unit(collected):
    """Form rows (code, Vai trò, Lãnh đạo phụ trách) by hand: Hồng leads 1; the Ủy viên BCH
    leads 2; VP leads 3 and 3.1 (the parent's leader, the person Hồng shown with her unit);
    KT coordinates 1 (leader Trần Văn An), leads 3.2 (its own leader text) and 4 (none)."""
    _, plan = collected
    specs = {s.unit_code: s for s in form_specs(plan)}
    assert {u: s.unit_name for u, s in specs.items()} == {
        "VP": "Văn phòng HĐND và UBND", "KT": "Phòng Kinh tế", "CN1": HONG, "CN2": BCH}
    rows = {u: [(r.code, r.role, r.leader) for r in s.rows] for u, s in specs.items()}
    assert rows == {
        "CN1": [("1", "Chủ trì", "Trần Văn An")],
        "CN2": [("2", "Chủ trì", "Trần Văn An")],
        "VP": [("3", "Chủ trì", HONG), ("3.1", "Chủ trì", HONG)],
        "KT": [("1", "Phối hợp", "Trần Văn An"), ("3.2", "Chủ trì", "trần văn an"),
               ("4", "Chủ trì", "")],
    }
    assert form_file_name(specs["CN1"]) == f"CN1 - {HONG}.xlsx"


def test_the_form_shows_the_person_and_the_leader_locked_in_its_last_column(collected,
                                                                             tmp_path):
    _, plan = collected
    spec = next(s for s in form_specs(plan) if s.unit_code == "KT")
    ws = openpyxl.load_workbook(write_form(tmp_path / "kt.xlsx", spec))[labels.FORM_SHEET]
    heads = [c.value for c in ws[FORM_TABLE_ROW]]
    # the columns returns rely on have not moved: G Kết quả, H Ngày hoàn thành, I Tình trạng
    assert heads[6:9] == ["Kết quả thực hiện", "Ngày hoàn thành", "Tình trạng"]
    assert heads[-1] == "Lãnh đạo phụ trách" and len(heads) == len(fields.RETURN)
    col = len(heads)
    shown = {ws.cell(r, 1).value: ws.cell(r, col).value or ""
             for r in range(FORM_TABLE_ROW + 1, ws.max_row + 1) if ws.cell(r, 1).value}
    assert shown == {"1": "Trần Văn An", "3.2": "trần văn an", "4": ""}
    assert ws.cell(FORM_TABLE_ROW + 1, col).protection.locked
    letter = openpyxl.utils.get_column_letter(col)
    assert not ws.column_dimensions[letter].hidden
    # the person's form names them with their unit in the header block
    spec = next(s for s in form_specs(plan) if s.unit_code == "CN1")
    ws = openpyxl.load_workbook(write_form(tmp_path / "cn1.xlsx", spec))[labels.FORM_SHEET]
    assert ws["C4"].value == HONG


def test_a_plan_naming_no_leader_hides_the_empty_leader_column(tmp_path):
    tasks = [{**t, "leader": None} for t in TASKS]
    plan, _ = _issues(tmp_path, UNITS, tasks)
    spec = next(s for s in form_specs(plan) if s.unit_code == "KT")
    ws = openpyxl.load_workbook(write_form(tmp_path / "kt.xlsx", spec))[labels.FORM_SHEET]
    letter = openpyxl.utils.get_column_letter(fields.RETURN.keys.index("leader") + 1)
    assert ws.column_dimensions[letter].hidden


def test_a_return_without_the_leader_column_is_read_without_a_word(tmp_path):
    """A form made before the column existed: the same form with its last column removed
    is accepted with no issue."""
    workbook = write_canonical(tmp_path / labels.WORKBOOK_FILE, content())
    plan, _ = read_plan(workbook)
    spec = next(s for s in form_specs(plan) if s.unit_code == "CN1")
    path = write_form(tmp_path / "hop-thu" / form_file_name(spec), spec,
                      {"1": {"status": DONE, "completed_on": dt.date(2024, 4, 18)}},
                      {"data_date": R, "reporter": "Người lập"})
    book = openpyxl.load_workbook(path)
    ws = book[labels.FORM_SHEET]
    assert ws.cell(FORM_TABLE_ROW, len(fields.RETURN)).value == "Lãnh đạo phụ trách"
    ws.delete_cols(len(fields.RETURN))
    book.save(path)
    outcome = collect(workbook, [path.parent])
    assert [(f.status, f.unit, [i.code for i in f.issues]) for f in outcome.files] == [
        ("accepted", "CN1", [])]


# --- check ---

def test_check_wants_a_known_unit_for_each_person(tmp_path):
    """Rows 5 and 6 of Đơn vị (CN1, CN2); Đơn vị cấp trên is column F. CN1 has none:
    person-without-unit at F5. CN2 is attached to the person CN1: person-unit-invalid at
    F6. A third person attached to a unit nobody knows: unknown-parent-unit at F7 only."""
    units = [*UNITS[:3], {**UNITS[3], "parent": None}, {**UNITS[4], "parent": "CN1"},
             {"code": "CN3", "name": "Lê Văn Ba", "kind": "Cá nhân", "parent": "Phòng Nội vụ"}]
    _, found = _issues(tmp_path, units)
    persons = [i for i in found if i[0] in ("person-without-unit", "person-unit-invalid",
                                            "unknown-parent-unit")]
    assert persons == [("person-without-unit", "F5", "error"),
                       ("person-unit-invalid", "F6", "error"),
                       ("unknown-parent-unit", "F7", "error")]


def test_persons_attached_to_units_raise_no_issue(collected):
    workbook, _ = collected
    _, report = read_plan(workbook)
    assert report.issues == [] or all(i.severity == "warning" for i in report.issues)
    assert not [i for i in report.issues if i.code.startswith("person-")]


# --- the wrong suggestion the issue quotes ---

def test_a_name_near_an_alias_suggests_that_unit_never_another():
    """"đồng chí Nguyễn Thị Hồng" is an alias of Văn phòng. Compared with the units' names
    alone, "đồng chí Nguyễn Thị Hông" (a typo) and "đồng chí Hồng" came out nearest to
    "Công chức Lao động - Thương binh và Xã hội"; they name Văn phòng's alias."""
    units = pd.DataFrame({
        "code": ["VP", "LD", "KT"],
        "name": ["Văn phòng HĐND và UBND", "Công chức Lao động - Thương binh và Xã hội",
                 "Phòng Kinh tế"],
        "aliases": [["đồng chí Nguyễn Thị Hồng"], [], []], "is_group": [False] * 3,
        "kind": ["Phòng"] * 3, "parent": [None] * 3})
    d = UnitDirectory(units)
    for typed in ("đồng chí Nguyễn Thị Hông", "đồng chí Hồng", "Đ/c Nguyễn Thị Hồng"):
        assert d.resolve(typed) is None
        assert d.suggest(typed) == "Văn phòng HĐND và UBND", typed
    assert d.suggest("Lao động TBXH") == "Công chức Lao động - Thương binh và Xã hội"


def test_an_alias_two_units_share_is_suggested_as_neither():
    units = pd.DataFrame({
        "code": ["A", "B"], "name": ["Phòng Một", "Phòng Hai"],
        "aliases": [["đồng chí Hồng"], ["đồng chí Hồng"]], "is_group": [False] * 2,
        "kind": ["Phòng"] * 2, "parent": [None] * 2})
    d = UnitDirectory(units)
    assert d.resolve("đồng chí Hồng") is None
    assert d.suggest("đồng chí Hồng") is None


def test_an_unknown_lead_in_the_plan_gets_the_right_suggestion(tmp_path):
    tasks = [*TASKS, _task("5", "Mốc hoàn thành", "30/06/2024", "đ/c Nguyễn Thị Hông")]
    _, report = read_plan(write_canonical(tmp_path / "kh.xlsx", content(UNITS, tasks)))
    unknown = [i for i in report.issues if i.code == "unknown-unit"]
    assert len(unknown) == 1 and f"“{HONG}”" in unknown[0].message, unknown


# --- leaders in the report ---

def test_task_leaders_inherit_and_show_persons_with_their_unit(collected):
    _, plan = collected
    assert task_leaders(plan) == {"1": "Trần Văn An", "2": "Trần Văn An", "3": HONG,
                                  "3.1": HONG, "3.2": "trần văn an", "4": None}


def test_summary_by_leader(collected):
    """Counted tasks (leaves; 3 is scored from its children) at R = 15/05/2024:
    Trần Văn An (1, 2 and 3.2, "trần văn an" being the same leader): 1 done 18/04 ≤ 20/04
    → HT đúng hạn 100 %; 2 = 8/10 = 80 %, deadline 30/04 passed → Chưa HT quá hạn; 3.2 not
    reported, deadline 30/06 → Chưa HT trong hạn, 0 %, chưa báo cáo. Mean (100+80+0)/3 =
    60. Hồng (3.1 done 10/05 ≤ 31/05): 1 task, HT đúng hạn, 100 %. Task 4 has no leader."""
    workbook, plan = collected
    data = build_report(plan, workbook, R)
    got = [(s.leader, s.tasks, s.buckets, s.not_reported, s.pct)
           for s in leader_summaries(data)]
    assert got == [
        ("Trần Văn An", 3, {"on_time": 1, "late_done": 0, "open_in_time": 1,
                            "open_overdue": 1}, 1, pytest.approx(60.0)),
        (HONG, 1, {"on_time": 1, "late_done": 0, "open_in_time": 0, "open_overdue": 0}, 0,
         pytest.approx(100.0)),
    ]


def test_report_shows_the_leader_column_and_the_summary_sheet(collected, tmp_path):
    workbook, plan = collected
    data = build_report(plan, workbook, R)
    book = openpyxl.load_workbook(write_report(tmp_path / "r.xlsx", data))
    ws = book[labels.SHEET_SUMMARY]
    head = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Mã NV")
    heads = [ws.cell(head, c).value for c in range(1, 13)]
    assert heads == [*labels.SUMMARY_HEADERS, labels.SUMMARY_HEADER_LEADER]
    # a person leading is named with their unit (Đơn vị chủ trì, column C)
    assert [ws.cell(r, 3).value for r in (head + 1, head + 2)] == [HONG, BCH]
    leaders = {ws.cell(r, 1).value: ws.cell(r, 12).value
               for r in range(head + 1, head + 7)}
    assert leaders == {"1": "Trần Văn An", "2": "Trần Văn An", "3": HONG, "3.1": HONG,
                       "3.2": "trần văn an", "4": None}
    by_unit = book[labels.SHEET_BY_UNIT]
    assert {HONG, BCH} <= {c.value for row in by_unit.iter_rows() for c in row}
    # task 2 is past its deadline at 80 %: the Ủy viên BCH explains it, named with the unit
    assert [(r.task, r.name) for r in explanation_rows(data).itertuples()] == [("2", BCH)]
    ws = book[labels.SHEET_BY_LEADER]
    head = next(r for r in range(1, 20) if ws.cell(r, 1).value == "STT")
    rows = [[ws.cell(r, c).value for c in range(1, 10)] for r in (head + 1, head + 2)]
    assert rows == [[1, "Trần Văn An", 3, 1, 0, 1, 1, 1, pytest.approx(60.0)],
                    [2, HONG, 1, 1, 0, 0, 0, 0, pytest.approx(100.0)]]
    assert book.sheetnames.index(labels.SHEET_BY_LEADER) == \
        book.sheetnames.index(labels.SHEET_BY_UNIT) + 1  # no phases: right after by unit


# --- an earlier-template workbook is unchanged ---

def test_an_earlier_workbook_has_no_persons_nor_leaders(tmp_path):
    from pathlib import Path

    earlier = Path(__file__).parent / "data" / "earlier" / "bieu_chi_tiet.xlsx"
    plan, report = read_plan(earlier)
    assert not [i for i in report.issues if i.code.startswith("person-")]
    assert plan.directory.persons == {}
    assert plan.directory.captions == plan.directory.names
    assert not any(task_leaders(plan).values())
    assert all(r.leader == "" for s in form_specs(plan) for r in s.rows)
    assert not has_leaders(build_report(plan, tmp_path / "kh.xlsx", R))


def test_the_word_report_sums_up_by_leader(collected):
    """The figures of test_summary_by_leader, one line a leader (60 % written "60%"); Hồng's
    line has no "chưa có báo cáo" (her one task is reported)."""
    from thidua.write.narrative import build_narrative

    workbook, plan = collected
    doc = build_narrative(build_report(plan, workbook, R))
    text = [p.text for p in doc.paragraphs]
    at = text.index(labels.LEADERS_INTRO)
    assert text[at + 1:at + 3] == [
        "- Trần Văn An: 3 nhiệm vụ, hoàn thành đúng hạn 1, hoàn thành quá hạn 0, chưa hoàn "
        "thành còn trong hạn 1, chưa hoàn thành đã quá hạn 1, 1 nhiệm vụ chưa có báo cáo; tỷ "
        "lệ hoàn thành bình quân 60%;",
        f"- {HONG}: 1 nhiệm vụ, hoàn thành đúng hạn 1, hoàn thành quá hạn 0, chưa hoàn thành "
        "còn trong hạn 0, chưa hoàn thành đã quá hạn 0; tỷ lệ hoàn thành bình quân 100%."]


def test_lists_of_units_name_persons_with_their_unit(tmp_path):
    """Nothing received yet: every lead is listed in Chưa báo cáo, a person with their
    unit (Hồng leads 1, the Ủy viên BCH 2, VP 3.1, KT 3.2 and 4)."""
    workbook = write_canonical(tmp_path / labels.WORKBOOK_FILE, content())
    plan, _ = read_plan(workbook)
    data = build_report(plan, workbook, R)
    assert dict(zip(data.not_reported["unit"], data.not_reported["name"], strict=True)) == {
        "CN1": HONG, "CN2": BCH, "VP": "Văn phòng HĐND và UBND", "KT": "Phòng Kinh tế"}

"""The Plan the reader builds is complete; validation only reads it."""

from __future__ import annotations

import pickle

import pandas as pd

from thidua.core.issues import Report
from thidua.read.plan import read_plan
from thidua.validators import validate_plan

from factories import TASKS, UNITS, defect, sample_workbook, set_cell


def _snapshot(plan):
    # pickle copies the lists inside object cells too (DataFrame.copy(deep=True) does not)
    return pickle.loads(pickle.dumps((plan.info, plan.info_cells, plan.phases, plan.units,
                                      plan.tasks, plan.sheets)))


def _assert_unchanged(plan, before) -> None:
    info, info_cells, phases, units, tasks, sheets = before
    assert (plan.info, plan.info_cells, plan.sheets) == (info, info_cells, sheets)
    for now, then in ((plan.phases, phases), (plan.units, units), (plan.tasks, tasks)):
        pd.testing.assert_frame_equal(now, then)
        assert list(now.columns) == list(then.columns)


def test_validation_never_changes_the_plan(tmp_path):
    def edit(book):
        set_cell(book[TASKS], "4", "Đơn vị chủ trì", "Không có đơn vị này; N_XA")
        set_cell(book[TASKS], "5", "Hạn hoàn thành", "không phải ngày")
        set_cell(book[UNITS], "N_XA", "Thành viên", "X_MAITRUNG; ai đó")

    for path in (sample_workbook(tmp_path), defect(tmp_path, "several", edit)[0]):
        plan, first = read_plan(path)
        before = _snapshot(plan)
        again = validate_plan(plan, Report())
        _assert_unchanged(plan, before)
        assert {i.code for i in again} <= {i.code for i in first}


def test_the_reader_resolves_unit_names_once(tmp_path):
    plan, _ = read_plan(sample_workbook(tmp_path))
    for column in ("lead_codes", "partner_codes"):
        assert column in plan.tasks.columns
    assert {"is_group", "member_codes"} <= set(plan.units.columns)
    codes = set(plan.units["code"])
    for names, resolved in zip(plan.tasks["leads"], plan.tasks["lead_codes"], strict=True):
        assert len(resolved) <= len(names) and set(resolved) <= codes


def test_a_new_optional_task_column_flows_from_the_field_table(tmp_path, monkeypatch):
    """One field added to the Nhiệm vụ table reaches the template, the reader and the
    typed frame, with nothing else to change."""
    import openpyxl

    from thidua.core import fields, labels
    from thidua.write.canonical import sample_content, template_content, write_canonical

    budget = fields.Field("budget", "Kinh phí (triệu đồng)", ("Kinh phí",), fields.NUMBER,
                          width=12)
    tasks = fields.TASKS.with_field(budget, after="weight")
    monkeypatch.setattr(fields, "TASKS", tasks)
    monkeypatch.setitem(fields.SHEETS, labels.SHEET_TASKS, tasks)

    blank = write_canonical(tmp_path / "blank.xlsx", template_content())
    ws = openpyxl.load_workbook(blank)[labels.SHEET_TASKS]
    headers = [c.value for c in ws[1]]
    assert headers[headers.index("Trọng số") + 1] == "Kinh phí (triệu đồng)"
    letter = ws.cell(1, headers.index("Kinh phí (triệu đồng)") + 1).column_letter
    assert ws.column_dimensions[letter].width == 12 + 0.7109375  # XlsxWriter's padding

    content = sample_content()
    content.tasks[0]["budget"] = "1500"
    plan, report = read_plan(write_canonical(tmp_path / "plan.xlsx", content))
    assert report.errors == []
    assert not {"unknown-column", "missing-optional-column"} & set(report.codes())
    assert str(plan.tasks["budget"].dtype) == "Float64"
    assert plan.tasks["budget"].iloc[0] == 1500
    assert plan.tasks["budget"].iloc[1:].isna().all()
    column = fields.TASKS.keys.index("budget") + 1
    assert plan.tables[labels.SHEET_TASKS].columns["budget"] == column


def test_the_schemas_require_exactly_the_required_fields():
    from thidua.core import fields
    from thidua.validators.schemas import (
        PhaseSchema,
        PlanInfoSchema,
        TaskSchema,
        UnitSchema,
        required_columns,
    )

    for schema, table in ((PlanInfoSchema, fields.PLAN), (PhaseSchema, fields.PHASES),
                          (UnitSchema, fields.UNITS), (TaskSchema, fields.TASKS)):
        assert required_columns(schema) == set(table.required), schema.__name__

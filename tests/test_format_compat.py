"""A workbook made by `thidua init --sample` before the optional columns and sheets of
issue #14 existed (tests/data/init-sample-2024.xlsx, kept as it was written) still loads
and checks exactly as it did: the same two warnings of the sample, no missing-column
notice for the new optional columns, and the same assignments."""

from __future__ import annotations

from pathlib import Path

from thidua.core.assignments import LEAD, PARTNER, assignments
from thidua.read.plan import read_plan

from factories import sample_workbook

OLD = Path(__file__).parent / "data" / "init-sample-2024.xlsx"


def test_old_workbook_checks_as_before():
    plan, report = read_plan(OLD)
    assert sorted({i.code for i in report.issues}) == ["group-no-members", "missing-baseline"]
    assert not any(i.severity == "error" for i in report.issues)
    assert len(plan.tasks) > 0 and len(plan.units) > 0


def test_old_workbook_assigns_like_todays_template(tmp_path):
    old, _ = read_plan(OLD)
    new, _ = read_plan(sample_workbook(tmp_path))
    assert set(assignments(old)["role"]) <= {LEAD, PARTNER}
    columns = ["unit", "task", "role", "via"]
    assert assignments(old)[columns].values.tolist() == assignments(new)[columns].values.tolist()

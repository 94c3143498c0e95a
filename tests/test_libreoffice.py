"""The canonical workbook in a real spreadsheet client: LibreOffice opens what we write,
and what it saves (.xlsx, .ods, .xls) reads back to the same plan."""

from __future__ import annotations

import pandas as pd
import pytest
from spreadsheet_client import convert

from thidua.plan import read_plan

from factories import TASKS, defect, sample_workbook, set_cell

COLUMNS = ["code", "parent", "kind", "comparison", "target", "scale", "baseline",
           "effective_from", "deadline", "lead_codes", "partner_codes", "weight"]


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lo")
    path = sample_workbook(folder)
    plan, report = read_plan(path)
    return folder, path, plan, report


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "xls"])
def test_saved_by_libreoffice_reads_back_to_the_same_plan(original, fmt):
    folder, path, plan, report = original
    copy = convert(path, fmt, folder / fmt, folder / "profile")
    plan2, report2 = read_plan(copy)
    assert report2.errors == []
    assert sorted(i.code for i in report2.issues) == sorted(i.code for i in report.issues)
    pd.testing.assert_frame_equal(plan2.tasks[COLUMNS], plan.tasks[COLUMNS])
    assert plan2.info == plan.info
    assert list(plan2.units["code"]) == list(plan.units["code"])


def test_saving_in_a_spreadsheet_program_fixes_an_uncached_formula(tmp_path):
    path, _ = defect(tmp_path, "formula", lambda b: set_cell(b[TASKS], "14",
                                                                "Giá trị mục tiêu", "=80+3"))
    _, report = read_plan(path)
    assert "formula-no-value" in report.codes()
    saved = convert(path, "xlsx", tmp_path / "saved", tmp_path / "profile")
    plan, report = read_plan(saved)
    assert "formula-no-value" not in report.codes()
    assert float(plan.tasks.loc[plan.tasks["code"] == "14", "target"].iloc[0]) == 83


@pytest.mark.parametrize("fmt", ["ods", "xls"])
def test_a_return_resaved_by_libreoffice_is_still_read_and_identified(tmp_path, fmt):
    import datetime as dt
    import sqlite3

    from returns_kit import Folder

    from thidua import labels
    from thidua.collect import collect
    from thidua.samplereturns import fill_form

    folder = Folder(tmp_path / "kh")
    filled = fill_form(folder.form("BHXH"), tmp_path / "bhxh.xlsx",
                       {"data_date": dt.date(2024, 5, 10)},
                       {"15": {"result": 6800, "status": labels.STATUS_DOING}})
    saved = convert(filled, fmt, tmp_path / "out", tmp_path / "profile")
    outcome = collect(folder.workbook, [saved]).files[0]
    assert (outcome.status, outcome.unit) == ("accepted", "BHXH")
    conn = sqlite3.connect(folder.ledger)
    assert conn.execute("SELECT identified_by FROM files").fetchone() == ("identity",)
    assert conn.execute("SELECT task_code, value FROM results").fetchall() == [("15", 6800.0)]

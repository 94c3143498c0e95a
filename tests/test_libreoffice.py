"""The canonical workbook in a real spreadsheet client: LibreOffice opens what we write,
and what it saves (.xlsx, .ods, .xls) reads back to the same plan."""

from __future__ import annotations

import pandas as pd
import pytest

from thidua.read.plan import read_plan

from factories import TASKS, defect, sample_workbook, set_cell
from spreadsheet_client import convert

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
def test_a_return_resaved_by_libreoffice_is_still_read_and_identified(folder, tmp_path, fmt):
    import datetime as dt

    from thidua.collect import collect
    from thidua.core import labels
    from thidua.write.sample_returns import fill_form

    from returns_kit import file_rows, result_rows

    filled = fill_form(folder.form("BHXH"), tmp_path / "bhxh.xlsx",
                       {"data_date": dt.date(2024, 5, 10)},
                       {"15": {"result": 6800, "status": labels.STATUS_DOING}})
    saved = convert(filled, fmt, tmp_path / "out", tmp_path / "profile")
    outcome = collect(folder.workbook, [saved]).files[0]
    assert (outcome.status, outcome.unit) == ("accepted", "BHXH")
    assert file_rows(folder.ledger)[0]["identified_by"] == "identity"
    assert [(r["task_code"], r["value"]) for r in result_rows(folder.ledger)] == [("15", 6800.0)]


@pytest.fixture(scope="module")
def sample_report(tmp_path_factory, collected_folder_template):
    from thidua.commands import make_report

    from spreadsheet_client import soffice

    soffice()  # skip (or, in CI, fail) when LibreOffice is missing, before any work
    root = tmp_path_factory.mktemp("report")
    folder = collected_folder_template.copy(root / "kh")
    import datetime as dt

    made = make_report(folder.plan, folder.workbook, dt.date(2024, 5, 10), pdf=True)
    return root, made


def test_report_opens_in_libreoffice_with_the_same_values_and_no_errors(sample_report):
    import openpyxl

    from thidua.core import labels

    root, made = sample_report
    copy = convert(made.path, "xlsx", root / "lo", root / "profile")
    ours, theirs = openpyxl.load_workbook(made.path), openpyxl.load_workbook(copy,
                                                                              data_only=True)
    assert theirs.sheetnames == ours.sheetnames
    for name in ours.sheetnames:
        a, b = ours[name], theirs[name]
        for row in a.iter_rows(min_row=4):
            for cell in row:
                got = b[cell.coordinate].value
                assert not (isinstance(got, str) and got.startswith(("#", "Err:"))), (name, got)
                if isinstance(cell.value, float):
                    assert got == pytest.approx(cell.value), (name, cell.coordinate)
                elif isinstance(cell.value, str):
                    assert got == cell.value, (name, cell.coordinate)
        if name in labels.SUMMARY_SHEETS:
            assert b.sheet_properties.pageSetUpPr.fitToPage, name
            assert b.page_setup.fitToWidth in (None, 1) and b.page_setup.fitToHeight == 0


def test_pdf_of_the_summary_sheets_is_a4_landscape_and_one_page_wide(sample_report):
    import re
    import shutil
    import subprocess

    from thidua.core import labels

    _root, made = sample_report
    assert made.pdf is not None and made.pdf.exists()
    data = made.pdf.read_bytes()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes and all(float(w) > float(h) and abs(float(w) - 841.9) < 1 for w, h in boxes)
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is needed to read the PDF's text")
    text = subprocess.run(["pdftotext", "-layout", str(made.pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    pages = text.split("\f")
    # every column of each summary sheet is on one page: nothing pushed to a page on the right
    firsts_and_lasts = {
        labels.SHEET_SUMMARY: labels.SUMMARY_HEADERS, labels.SHEET_BY_UNIT:
        labels.BY_UNIT_HEADERS, labels.SHEET_OVERDUE: labels.OVERDUE_HEADERS,
        labels.SHEET_NOT_REPORTED: labels.NOT_REPORTED_HEADERS,
        labels.SHEET_EXPLAIN: labels.EXPLAIN_HEADERS, labels.SHEET_AWARDS:
        labels.CRITICISE_HEADERS}
    for sheet, headers in firsts_and_lasts.items():
        first, last = headers[0].split()[0], headers[-1].split()[-1]
        assert any(first in page and last in page and headers[1].split()[0] in page
                   for page in pages), sheet
    # Kết quả and Nhật ký nhận are records, not for the meeting
    assert labels.VALUES_HEADERS[-1] not in text and labels.RECEIPTS_HEADERS[-1] not in text

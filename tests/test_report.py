"""thidua report: the workbook a meeting sees, from the sample returns."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from click.testing import CliRunner

from thidua.cli import cli
from thidua.collect import collect
from thidua.core import labels
from thidua.write.sample_returns import fill_form


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def collected_template(returns_folder_template, tmp_path_factory):
    """The sample returns and one hostile return, collected once for this module."""
    folder = returns_folder_template.copy(tmp_path_factory.mktemp("report") / "kh")
    hostile = fill_form(folder.form("X_DONGLO"), folder.inbox / "donglo.xlsx",
                        {"data_date": dt.date(2024, 5, 10)},
                        {"10": {"result": "Chưa xong", "status": labels.STATUS_DOING,
                                "cause": "Chủ quan"}})
    # text a unit typed with a leading '=' (stored as text, as Excel does for a cell
    # formatted as text): it must reach every output as text, never as a formula
    book = openpyxl.load_workbook(hostile)
    ws = book[labels.FORM_SHEET]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "10")
    cell = ws.cell(row, 11)  # Khó khăn, vướng mắc, giải trình
    cell.value = '=HYPERLINK("http://x","bấm")'
    cell.data_type = "s"
    book.save(hostile)
    collect(folder.workbook, [folder.inbox])
    return folder


@pytest.fixture
def collected(collected_template, tmp_path):
    """This test's copy of the collected folder (reports are written into it)."""
    return collected_template.copy(tmp_path / "kh")


def sheet_rows(path, name):
    ws = openpyxl.load_workbook(path)[name]
    return ws, [[c.value for c in row] for row in ws.iter_rows()]


def test_report_has_every_sheet_values_only_and_status_text(collected):
    before = collected.workbook.read_bytes()
    result = run("report", collected.workbook, "--as-of", "10/05/2024", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    path = collected.ws.root / "bao-cao" / "tong-hop-111-KH-UBND-10-05-2024.xlsx"
    assert payload["report"] == str(path)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [labels.SHEET_SUMMARY, labels.SHEET_BY_UNIT,
                               labels.SHEET_PHASES_REPORT, labels.SHEET_OVERDUE,
                               labels.SHEET_NOT_REPORTED,
                               labels.SHEET_EXPLAIN, labels.SHEET_AWARDS, labels.SHEET_VALUES,
                               labels.SHEET_RECEIPTS]
    for ws in book.worksheets:
        assert all(c.data_type != "f" for row in ws.iter_rows() for c in row), ws.title
        setup = ws.page_setup
        assert setup.orientation == "landscape" and setup.paperSize == 9
        # one page wide: fit to page, width 1 (the default, so left out), height free
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert setup.fitToWidth in (None, 1) and setup.fitToHeight == 0
        assert ws.freeze_panes
    summary = book[labels.SHEET_SUMMARY]
    statuses = {summary.cell(r, 1).value: summary.cell(r, 7).value
                for r in range(6, summary.max_row + 1) if summary.cell(r, 1).value}
    assert statuses["6"] == "Hoàn thành quá hạn"      # handed over 02/05, due 30/04
    assert statuses["1"] == "Hoàn thành đúng hạn"
    assert statuses["12"] == "Chưa báo cáo"           # Phòng Nội vụ's return was rejected
    assert statuses["10"] == "Quá hạn chưa hoàn thành"
    rules = summary.conditional_formatting
    texts = {r.formula[0] for cf in rules for r in cf.rules}
    assert {f'"{t}"' for k, t in labels.STATUS_TEXT.items() if k != "no_deadline"} <= texts
    assert collected.workbook.read_bytes() == before


def test_text_from_returns_stays_text(collected):
    run("report", collected.workbook, "--as-of", "10/05/2024")
    path = collected.ws.root / "bao-cao" / "tong-hop-111-KH-UBND-10-05-2024.xlsx"
    ws, _ = sheet_rows(path, labels.SHEET_EXPLAIN)
    hostile = '=HYPERLINK("http://x","bấm")'
    cells = [c for row in ws.iter_rows() for c in row if c.value == hostile]
    assert cells and all(c.data_type == "s" for c in cells)
    ws, _ = sheet_rows(path, labels.SHEET_VALUES)
    assert [c.data_type for row in ws.iter_rows() for c in row if c.value == hostile] == ["s"]


def test_lists_not_reported_awards_and_criticism(collected):
    run("report", collected.workbook, "--as-of", "10/05/2024")
    path = collected.ws.root / "bao-cao" / "tong-hop-111-KH-UBND-10-05-2024.xlsx"
    _, missing = sheet_rows(path, labels.SHEET_NOT_REPORTED)
    codes = {row[0] for row in missing[4:]}
    assert {"NV", "TTR"} <= codes and "X_DONGLO" not in codes
    _, awards = sheet_rows(path, labels.SHEET_AWARDS)
    text = [" | ".join(str(v) for v in row if v is not None) for row in awards]
    criticised = text[text.index(next(t for t in text if t.startswith("Đề nghị phê bình"))):]
    assert any(t.startswith("X_DONGLO | UBND xã Đông Lỗ | 10") for t in criticised)
    vertical = text[text.index(next(t for t in text if t.startswith("Đơn vị ngành dọc"))):]
    assert any(t.startswith("CNVPDK") for t in vertical)  # Chủ quan, but Ngành dọc
    assert not any(t.startswith("CNVPDK") for t in criticised[:criticised.index(vertical[0])])


def test_frozen_round_gives_the_change_next_time(collected):
    assert run("report", collected.workbook, "--as-of", "10/05/2024", "--chot").exit_code == 0
    result = run("report", collected.workbook, "--as-of", "25/05/2024", "--json")
    path = json.loads(result.output)["report"]
    ws = openpyxl.load_workbook(path)[labels.SHEET_SUMMARY]
    change = {ws.cell(r, 1).value: ws.cell(r, 10).value for r in range(6, ws.max_row + 1)}
    # TCKH resubmitted on 17/05: task 2 went from 38,5/40 to 41,3/40
    assert change["2"] == pytest.approx(100 * 41.3 / 40 - 100 * 38.5 / 40)
    assert change["1"] == 0


def test_report_beside_a_copy_that_excel_holds_open(collected):
    first = json.loads(run("report", collected.workbook, "--as-of", "10/05/2024",
                           "--json").output)["report"]
    lock = collected.ws.root / "bao-cao" / "~$tong-hop-111-KH-UBND-10-05-2024.xlsx"
    lock.write_bytes(b"owner")
    again = json.loads(run("report", collected.workbook, "--as-of", "10/05/2024",
                           "--json").output)["report"]
    assert again.endswith("tong-hop-111-KH-UBND-10-05-2024-2.xlsx") and again != first


def test_report_without_any_return_says_so(folder):
    result = run("report", folder.workbook, "--as-of", "10/05/2024")
    assert result.exit_code == 1
    assert "Chưa có sổ nhận" in result.output
    assert not (folder.ws.root / "luu-tru").exists()


def test_bad_as_of_is_refused(collected):
    result = run("report", collected.workbook, "--as-of", "31/02/2024")
    assert result.exit_code == 2 and "dd/mm/yyyy" in result.output


def test_pdf_without_libreoffice_says_how_to_get_it(collected, monkeypatch):
    monkeypatch.setattr("thidua.write.pdf.libreoffice", lambda: None)
    result = run("report", collected.workbook, "--as-of", "10/05/2024", "--pdf")
    assert result.exit_code == 1
    assert "LibreOffice" in result.output and "Lưu dạng PDF" in result.output
    assert "Đã ghi báo cáo" in result.output

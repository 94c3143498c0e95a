"""thidua report: the workbook a meeting sees, from the sample returns."""

from __future__ import annotations

import datetime as dt
import json
import re

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
                                "cause": "Chủ quan", "proposal": "Xin gia hạn đến 30/6",
                                "evidence": "Công văn 12/UBND", "note": "-5 hộ chưa đồng ý"}})
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
    # text, and quote-prefixed: it stays text when a clerk edits the cell or exports CSV
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)
    ws, _ = sheet_rows(path, labels.SHEET_VALUES)
    cells = [c for row in ws.iter_rows() for c in row if c.value in (hostile,
                                                                      "-5 hộ chưa đồng ý")]
    assert [(c.data_type, c.quotePrefix) for c in cells] == [("s", True)] * 2
    # ordinary text carries no prefix
    assert not any(c.quotePrefix for row in ws.iter_rows() for c in row
                   if isinstance(c.value, str) and c.value[0].isalnum())


def test_units_proposal_evidence_and_note_are_shown(collected):
    """Đông Lỗ's return for task 10 gave Đề xuất, Minh chứng and Ghi chú: the ledger has
    them, and the report shows them (all three in Kết quả, Đề xuất in Cần giải trình)."""
    run("report", collected.workbook, "--as-of", "10/05/2024")
    path = collected.ws.root / "bao-cao" / "tong-hop-111-KH-UBND-10-05-2024.xlsx"
    _, rows = sheet_rows(path, labels.SHEET_VALUES)
    header = rows[3]
    row = next(r for r in rows[4:] if r[0] == "10" and r[1] == "X_DONGLO")
    shown = {h: row[header.index(h)] for h in ("Đề xuất", "Minh chứng", "Ghi chú của đơn vị")}
    assert shown == {"Đề xuất": "Xin gia hạn đến 30/6", "Minh chứng": "Công văn 12/UBND",
                     "Ghi chú của đơn vị": "-5 hộ chưa đồng ý"}
    _, rows = sheet_rows(path, labels.SHEET_EXPLAIN)
    head = rows.index(list(labels.EXPLAIN_HEADERS))
    row = next(r for r in rows[head + 1:] if r[0] == "10" and r[2] == "UBND xã Đông Lỗ")
    assert row[labels.EXPLAIN_HEADERS.index("Đề xuất của đơn vị")] == "Xin gia hạn đến 30/6"


def test_receipts_show_local_times_and_vietnamese_words(collected):
    run("report", collected.workbook, "--as-of", "10/05/2024")
    path = collected.ws.root / "bao-cao" / "tong-hop-111-KH-UBND-10-05-2024.xlsx"
    ws, rows = sheet_rows(path, labels.SHEET_RECEIPTS)
    received = labels.RECEIPTS_HEADERS.index("Nhận lúc")
    how = labels.RECEIPTS_HEADERS.index("Nhận dạng")
    body = [r for r in rows[4:] if r[0]]
    assert body and all(isinstance(r[received], dt.datetime) for r in body)
    assert {ws.cell(5, received + 1).number_format} == {"dd/mm/yyyy hh:mm"}
    shown = {r[how] for r in body} - {None}
    assert shown and shown <= set(labels.IDENTIFIED_BY.values())
    assert "identity" not in {str(v) for r in rows for v in r}


def test_printed_sheets_open_with_the_annex_heading(collected):
    """Nghị định 30/2020/NĐ-CP, Phụ lục: the issuing body (Cơ quan ban hành, capitals) and
    the reporting unit (Đơn vị theo dõi, capitals, bold) top left; "PHỤ LỤC" numbered in
    Roman; the title; the report it goes with, with dots to fill in. The sample plan is
    111/KH-UBND of UBND huyện Hiệp Hòa, issued 19/04/2024, followed by Văn phòng HĐND và
    UBND huyện, so the report is a BC-UBND."""
    run("report", collected.workbook, "--as-of", "10/05/2024")
    path = collected.ws.root / "bao-cao" / "tong-hop-111-KH-UBND-10-05-2024.xlsx"
    book = openpyxl.load_workbook(path)
    # the sample names no Lãnh đạo phụ trách: no summary by leader (tests/test_persons.py)
    printed = [s for s in labels.SUMMARY_SHEETS if s != labels.SHEET_BY_LEADER]
    assert labels.SHEET_BY_LEADER not in book.sheetnames
    for n, name in enumerate(printed, start=1):
        ws = book[name]
        column_a = [ws.cell(r, 1).value for r in range(1, 10)]
        assert column_a[:2] == ["UBND HUYỆN HIỆP HÒA", "VĂN PHÒNG HĐND VÀ UBND HUYỆN"], name
        assert ws.cell(2, 1).font.b and not ws.cell(1, 1).font.b
        roman = ["I", "II", "III", "IV", "V", "VI", "VII"][n - 1]
        assert column_a[3:7] == [
            f"PHỤ LỤC {roman}", labels.ANNEX_TITLES[name],
            "Thực hiện Kế hoạch số 111/KH-UBND ngày 19/04/2024 của UBND huyện Hiệp Hòa",
            "(Kèm theo Báo cáo số ……/BC-UBND ngày …… tháng …… năm ……)"], name
        assert ws.cell(7, 1).font.i and ws.cell(7, 1).font.sz == 14
        # page number centred at the top, none on the sheet's first page, from 1 per annex
        assert ws.oddHeader.center.text == "&P" and ws.HeaderFooter.differentFirst
        assert not ws.firstHeader.center.text
        # (firstPageNumber 1 is the default, so left out)
        assert ws.page_setup.firstPageNumber in (None, 1) and ws.page_setup.useFirstPageNumber
        assert ws.cell(4, 1).font.name == "Times New Roman"
    # the records are not annexes: they keep the report title
    assert book[labels.SHEET_VALUES].cell(1, 1).value.startswith("BÁO CÁO TỔNG HỢP")


def test_numbers_in_sentences_use_a_decimal_comma(collected):
    run("report", collected.workbook, "--as-of", "10/05/2024")
    path = collected.ws.root / "bao-cao" / "tong-hop-111-KH-UBND-10-05-2024.xlsx"
    _, rows = sheet_rows(path, labels.SHEET_SUMMARY)
    headline = next(v for r in rows for v in r
                    if isinstance(v, str) and v.startswith("Kết quả chung"))
    assert re.search(r"· \d+,\d% hoàn thành bình quân$", headline), headline
    text = " ".join(str(v) for r in rows for v in r if isinstance(v, str))
    assert not re.search(r"\d\.\d%", text)


def test_trend_points_are_on_a_hidden_sheet_not_printed(collected):
    """After a round frozen on 10/05 the report of 25/05 draws the trend from two points,
    the round and this report; they sit on a hidden sheet, not in Tổng hợp's cells."""
    assert run("report", collected.workbook, "--as-of", "10/05/2024", "--chot").exit_code == 0
    path = json.loads(run("report", collected.workbook, "--as-of", "25/05/2024",
                          "--json").output)["report"]
    book = openpyxl.load_workbook(path)
    hidden = book[labels.SHEET_CHART_DATA]
    assert hidden.sheet_state == "hidden"
    points = [(r[0], r[1]) for r in hidden.iter_rows(values_only=True)]
    assert [p[0] for p in points] == ["10/05/2024", labels.ROUND_CURRENT]
    assert all(isinstance(p[1], float) for p in points)
    summary = book[labels.SHEET_SUMMARY]
    assert labels.ROUND_CURRENT not in {c.value for row in summary.iter_rows() for c in row}
    assert book.sheetnames[-1] == labels.SHEET_CHART_DATA


def test_row_heights_follow_wrapped_words():
    """A column 10 characters wide holds 10 × 1.15 − 1 = 10,5 average characters a line.
    "aaaa bbbb cccc" wraps as "aaaa bbbb" / "cccc": 2 lines of 15,75 pt = 31,5 pt (by
    characters alone 14 / 10,5 would also give 2); "aa bbbbbbbb cc" cannot keep "aa" with
    the 8-letter word (2 + 1 + 8 = 11 > 10,5): "aa" / "bbbbbbbb cc" = 2 lines, and
    "aaaaaaaa bbbbbbbb" = 2 lines. Capitals count 1,45: "ABCDEFGH" is 11,6 wide: 2 lines."""
    from thidua.write.xlsx import row_height

    assert row_height([("aaaa bbbb cccc", 10)]) == pytest.approx(31.5)
    assert row_height([("abc", 10)]) == pytest.approx(15.75)
    assert row_height([("aaaaaaaa bbbbbbbb", 10)]) == pytest.approx(31.5)
    assert row_height([("ABCDEFGH", 10)]) == pytest.approx(31.5)
    assert row_height([("abcdefgh", 10)]) == pytest.approx(15.75)
    # a paragraph break starts a line; the tallest cell decides; 14 pt lines are taller
    assert row_height([("a\nb\nc", 10), ("x", 5)]) == pytest.approx(3 * 15.75)
    assert row_height([("abc", 10)], size=14) == pytest.approx(15.75 * 14 / 12)


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

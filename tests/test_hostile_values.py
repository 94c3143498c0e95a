"""Values no real return holds, and that must neither stop a report nor count: 1E+308,
infinities, numbers beyond what Excel keeps (DESIGN §8: a problem in data is an issue)."""

from __future__ import annotations

import datetime as dt
import json

import openpyxl
import pytest
from click.testing import CliRunner

from thidua.cli import cli
from thidua.collect import collect
from thidua.core import labels
from thidua.core.parsing.numbers import parse_number
from thidua.write.sample_returns import fill_form

from returns_kit import Folder


@pytest.mark.parametrize("value", [1e308, -1e308, float("inf"), float("nan"), 1e15,
                                   "1E+308", "1.000.000.000.000.000"])
def test_numbers_no_return_holds_are_not_numbers(value):
    assert parse_number(value) is None


@pytest.mark.parametrize("value, expected", [(999_999_999_999_999.0, 999_999_999_999_999.0),
                                             ("40.000.000.000", 40e9), (-5.5, -5.5)])
def test_large_real_amounts_still_read(value, expected):
    assert parse_number(value) == expected


def test_a_return_holding_1e308_is_flagged_and_every_later_report_is_written(tmp_path):
    folder = Folder(tmp_path / "kh")
    fill_form(folder.form("LDTBXH"), folder.inbox / "ld.xlsx",
              {"data_date": dt.date(2024, 5, 10)},
              {"14": {"result": 1e308, "status": labels.STATUS_DOING}})
    result = collect(folder.workbook, [folder.inbox])
    (outcome,) = result.files
    assert outcome.status == "flagged"
    (issue,) = [i for i in outcome.issues if i.code == "bad-number"]
    assert issue.sheet == labels.FORM_SHEET and issue.cell.startswith("G")
    done = CliRunner().invoke(cli, ["report", str(folder.workbook), "--as-of", "10/05/2024",
                                    "--json"])
    assert done.exit_code == 0, done.output
    ws = openpyxl.load_workbook(json.loads(done.output)["report"])[labels.SHEET_SUMMARY]
    row = next(r for r in ws.iter_rows(values_only=True) if r[0] == "14")
    assert labels.STATUS_TEXT["no_report"] in row  # the value did not count


def test_the_report_writer_leaves_non_finite_numbers_blank(tmp_path):
    from thidua.write.report import _cell
    from thidua.write.xlsx import new_book

    book = new_book(tmp_path / "x.xlsx")
    ws = book.add_worksheet("s")
    for c, value in enumerate([float("inf"), float("-inf"), float("nan"), 2.5]):
        _cell(ws, 0, c, value, None)
    book.close()
    values = [c.value for c in openpyxl.load_workbook(tmp_path / "x.xlsx")["s"][1]]
    assert values == [None, None, None, 2.5]

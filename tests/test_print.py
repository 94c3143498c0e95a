"""The printed report: the PDF LibreOffice makes of the summary sheets (what the leaders
see), checked for defects with tests/print_check.py. Three printouts, each rendered once
per session: the demo's own, the sample with two frozen rounds (the trend chart), and a
plan of 300 units × 40 tasks."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import pytest

from thidua.core import labels

import print_check
from spreadsheet_client import soffice

PRINTOUTS = ("demo", "trend", "units300", "persons")
#: The README's picture of a printed page (written when THIDUA_UPDATE_DOCS=1).
PICTURE = Path(__file__).resolve().parents[1] / "docs" / "bao-cao-in.png"
#: Words of the code or of English a user must never read on the printout.
ENGLISH = {"identity", "header", "fuzzy", "accepted", "flagged", "rejected", "duplicate",
           "superseded", "lead", "partner", "True", "False", "nan", "NaN", "None",
           "on_time", "overdue", "no_report"}


def _tools() -> None:
    soffice()  # skips (in CI: fails) when LibreOffice is missing
    missing = print_check.tools_missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"{missing}: .ci/run installs poppler-utils")
        pytest.skip(f"{missing}: apt-get install -y poppler-utils")


@pytest.fixture(scope="session")
def demo_pdf(tmp_path_factory) -> tuple[Path, set[str]]:
    """The PDF `thidua demo` makes, and the plan's task codes."""
    from thidua.commands import demo

    _tools()
    result = demo(tmp_path_factory.mktemp("print") / "demo")
    assert result.report_made.pdf is not None, result.report_made.warnings
    return result.report_made.pdf, set(result.report_made.data.plan.tasks["code"])


@pytest.fixture(scope="session")
def trend_pdf(collected_folder_template, tmp_path_factory) -> tuple[Path, set[str]]:
    """The sample at 10/05/2024 after rounds frozen on 03/05 and 06/05: a trend chart."""
    from thidua.commands import make_report

    _tools()
    folder = collected_folder_template.copy(tmp_path_factory.mktemp("print") / "kh")
    for day in (3, 6):
        make_report(folder.plan, folder.workbook, dt.date(2024, 5, day), freeze=True)
    made = make_report(folder.plan, folder.workbook, dt.date(2024, 5, 10), pdf=True)
    assert made.pdf is not None and len(made.data.trend) == 2, made.warnings
    return made.pdf, set(folder.plan.tasks["code"])


@pytest.fixture(scope="session")
def units300_pdf(tmp_path_factory) -> tuple[Path, set[str]]:
    """300 units × 40 tasks (the report benchmark's plan and ledger), at 15/07/2024: every
    task's deadline (30/06) has passed, so every list is long."""
    from benchmarks.consolidate import plan_content
    from benchmarks.report import fill_ledger
    from thidua.commands import make_report
    from thidua.read.plan import read_plan
    from thidua.write.canonical import write_canonical

    _tools()
    root = tmp_path_factory.mktemp("print") / "kh300"
    workbook = write_canonical(root / labels.WORKBOOK_FILE, plan_content(300))
    fill_ledger(workbook, 300)
    plan, _ = read_plan(workbook)
    made = make_report(plan, workbook, dt.date(2024, 7, 15), pdf=True)
    assert made.pdf is not None, made.warnings
    return made.pdf, set(plan.tasks["code"])


@pytest.fixture(scope="session")
def persons_pdf(tmp_path_factory) -> tuple[Path, set[str]]:
    """The plan of tests/test_persons.py (persons leading, leaders named) at 15/05/2024:
    Tổng hợp with its Lãnh đạo phụ trách column and the summary by leader."""
    from test_persons import R, _collected

    from thidua.commands import make_report

    _tools()
    workbook, plan = _collected(tmp_path_factory.mktemp("print") / "kh")
    made = make_report(plan, workbook, R, pdf=True)
    assert made.pdf is not None, made.warnings
    return made.pdf, set(plan.tasks["code"])


def test_the_summary_by_leader_prints_after_the_summary_by_unit(persons_pdf):
    pdf, _ = persons_pdf
    sheets = _sheets(pdf)
    assert list(sheets)[:3] == [labels.SHEET_SUMMARY, labels.SHEET_BY_UNIT,
                                labels.SHEET_BY_LEADER]
    text = " ".join(" ".join(p.text_lines()) for p in sheets[labels.SHEET_BY_LEADER])
    assert "Nguyễn Thị Hồng (Văn phòng HĐND và UBND)" in text and "Trần Văn An" in text
    words = {w.text for p in sheets[labels.SHEET_SUMMARY] for w in p.words}
    assert {"Lãnh", "đạo", "trách"} <= words  # Tổng hợp's last column, on the page


@pytest.fixture(params=PRINTOUTS)
def printout(request) -> tuple[Path, set[str]]:
    return request.getfixturevalue(f"{request.param}_pdf")


def _roman(n: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"][n - 1]


def _sheets(pdf: Path) -> dict[str, list[print_check.Page]]:
    """The pages of each printed sheet: a sheet starts on the page showing "PHỤ LỤC n"
    and its annex title; the annexes are numbered I, II … in the order printed."""
    out: dict[str, list[print_check.Page]] = {}
    current = None
    for page in print_check.read_pdf(pdf):
        lines = page.text_lines()
        for name in labels.SUMMARY_SHEETS:
            if labels.ANNEX_TITLES[name] in lines:
                current = name
                assert labels.ANNEX.format(number=_roman(len(out) + 1)) in lines, (
                    name, page.number)
        assert current is not None, f"page {page.number} before any annex heading"
        out.setdefault(current, []).append(page)
    return out


def test_no_words_print_over_each_other(printout):
    pdf, _ = printout
    pairs = print_check.overlapping_words(pdf)
    assert not pairs, "; ".join(f"{a} × {b}" for a, b in pairs[:10])


def test_every_page_is_a4_landscape_and_nothing_is_cut_at_its_edge(printout):
    pdf, _ = printout
    assert print_check.wide_pages(pdf) == []
    assert all(p.width > p.height for p in print_check.read_pdf(pdf))


def test_nothing_prints_below_the_bottom_margin(printout):
    """A chart or a row cut by a page break leaves part of itself on the page above, past
    the bottom margin (drawn there, clipped): nothing may reach below the margin."""
    from thidua.write.report import MARGINS

    pdf, _ = printout
    for page in print_check.read_pdf(pdf):
        bottom = page.height - 72 * MARGINS["bottom"]
        low = [str(w) for w in page.words if w.y1 > bottom + 1]
        assert low == [], low[:5]


def test_every_sheet_prints_one_page_wide(printout):
    """Each page of a table repeats the table's header row whole, from its first column to
    its last: a sheet wider than the page would put its right-hand columns on pages of
    their own, without the first column. Every summary sheet is printed, in order."""
    pdf, _ = printout
    sheets = _sheets(pdf)
    # Theo đợt only for a plan with phases (the 300-unit plan has none), Theo lãnh đạo
    # phụ trách only for a plan naming leaders (the persons plan)
    optional = (labels.SHEET_PHASES_REPORT, labels.SHEET_BY_LEADER)
    assert list(sheets) == [s for s in labels.SUMMARY_SHEETS
                            if s in sheets or s not in optional]
    tables = {labels.SHEET_SUMMARY: labels.SUMMARY_HEADERS,
              labels.SHEET_BY_UNIT: labels.BY_UNIT_HEADERS,
              labels.SHEET_OVERDUE: labels.OVERDUE_HEADERS,
              labels.SHEET_NOT_REPORTED: labels.NOT_REPORTED_HEADERS,
              labels.SHEET_EXPLAIN: labels.EXPLAIN_HEADERS,
              labels.SHEET_BY_LEADER: labels.BY_LEADER_HEADERS}
    for name, headers in tables.items():
        for page in sheets.get(name, []):
            lines = page.text_lines()
            words = {w.text for w in page.words}
            assert headers[0] in lines and headers[-1].split()[-1] in words, (
                name, page.number)


def test_a_plan_with_phases_prints_its_phases_sheet(demo_pdf):
    """The sample plan has one phase, CD1 (19/04–19/05/2024): Theo đợt is printed as Phụ lục
    III, the phase under its caption."""
    pdf, _ = demo_pdf
    pages = _sheets(pdf)[labels.SHEET_PHASES_REPORT]
    text = " ".join(" ".join(p.text_lines()) for p in pages)
    assert "Đợt CD1 – Đợt cao điểm chào mừng các ngày lễ lớn: từ 19/04/2024 đến 19/05/2024" \
        in text


def test_award_lists_keep_their_title_and_header_on_every_page(printout):
    """Khen thưởng – Phê bình holds three lists one under the other: a list's title never
    ends a page without the list's header row under it, and a page the lists carry over
    to starts with their header row."""
    pdf, _ = printout
    titles = ("Đề nghị khen thưởng", "Đề nghị phê bình", "Đơn vị ngành dọc")
    first_header = labels.CRITICISE_HEADERS[0]  # Mã ĐV opens all three header rows
    for n, page in enumerate(_sheets(pdf)[labels.SHEET_AWARDS], start=1):
        lines = sorted(page.lines, key=lambda line: line[0].y0)
        texts = [" ".join(w.text for w in line) for line in lines]
        heads = [line[0].y0 for line, text in zip(lines, texts, strict=True)
                 if text == first_header]
        for line, text in zip(lines, texts, strict=True):
            if text.startswith(titles):
                assert any(y > line[0].y0 for y in heads), (page.number, text)
        if n > 1:
            body = [t for t in texts if not t.isdigit()]  # below the page number
            assert body and body[0] == first_header, (page.number, body[:2])


def test_a_phase_list_carried_to_the_next_page_starts_it_with_its_header(demo_pdf):
    """Theo đợt: a page the phase's lists carry over to starts with a list's title (a phase
    caption, the units' or the awards' title, a rule quoted) or a header row (the units'
    "Xếp hạng", the award list's "Mã ĐV"), never a bare row."""
    pdf, _ = demo_pdf
    pages = _sheets(pdf)[labels.SHEET_PHASES_REPORT]
    opening = (labels.BY_UNIT_HEADERS[0], labels.AWARD_HEADERS[0], "Đợt ",
               labels.PHASE_UNITS_TITLE, labels.PHASE_AWARDS_TITLE, "Đề nghị khen thưởng")
    for page in pages[1:]:
        lines = sorted(page.lines, key=lambda line: line[0].y0)
        body = [t for t in (" ".join(w.text for w in line) for line in lines)
                if not t.isdigit()]  # below the page number
        assert body and body[0].startswith(opening), (page.number, body[:2])


def test_titles_are_printed_whole(printout):
    pdf, _ = printout
    printed = _sheets(pdf)  # Theo đợt only for a plan with phases
    titles = [labels.ANNEX.format(number=_roman(n)) for n in range(1, len(printed) + 1)]
    titles += [labels.ANNEX_TITLES[name] for name in printed]
    titles += ["(Kèm theo Báo cáo số ……/BC-UBND ngày …… tháng …… năm ……)",
               labels.VERTICAL_TITLE]
    assert print_check.clipped_titles(pdf, titles) == []


def test_the_summary_of_tasks_prints_large_enough_to_read(printout):
    """Tổng hợp is the sheet read at the leaders' meeting: shrunk to the width of A4
    landscape its body text must stay legible (a word box of 10 pt or more, a font of about
    9 pt; before its columns were narrowed it printed at 7 pt, a font of about 6 pt). The
    colour legend beside the table is for the screen: every status is written in words."""
    pdf, _ = printout
    pages = _sheets(pdf)[labels.SHEET_SUMMARY]
    heights = sorted(w.y1 - w.y0 for page in pages for line in page.lines for w in line)
    assert heights[len(heights) // 2] >= 10.0
    assert not any(labels.REPORT_LEGEND in page.text_lines() for page in pages)


def test_the_demo_heading_and_award_titles_are_printed_whole(demo_pdf):
    """The sample plan: 111/KH-UBND of UBND huyện Hiệp Hòa, 19/04/2024, followed by Văn
    phòng HĐND và UBND huyện; default award rule (≥ 1 task led, 100 % on time) and the
    criticised cause "Chủ quan" written in its Kế hoạch sheet."""
    from thidua.core.criteria import describe, plan_rules
    from thidua.read.plan import read_plan

    pdf, _ = demo_pdf
    plan, _ = read_plan(pdf.parent.parent / labels.WORKBOOK_FILE)
    rules = [describe(rule) for rule in plan_rules(plan)]  # quoted above each list
    assert len(rules) == 2 and "Chủ quan" in rules[1]
    assert print_check.clipped_titles(pdf, [
        "UBND HUYỆN HIỆP HÒA", "VĂN PHÒNG HĐND VÀ UBND HUYỆN",
        "Thực hiện Kế hoạch số 111/KH-UBND ngày 19/04/2024 của UBND huyện Hiệp Hòa",
        *rules, labels.CHART_UNITS]) == []


def test_the_trend_chart_prints_but_not_its_data(trend_pdf):
    pdf, _ = trend_pdf
    assert print_check.clipped_titles(pdf, [labels.CHART_TREND]) == []
    text = " ".join(w.text for p in print_check.read_pdf(pdf) for w in p.words)
    # the chart's points would print as raw numbers (15.38572): none with 4+ decimals
    assert not re.search(r"\d[.,]\d{4,}", text)


def test_page_numbers_centred_in_the_top_margin_from_each_sheets_second_page(printout):
    """Nghị định 30/2020/NĐ-CP: the number centred in the top margin, none on the first
    page; every annex counts its own pages from 1."""
    from thidua.write.report import MARGINS

    pdf, _ = printout
    for name, pages in _sheets(pdf).items():
        for n, page in enumerate(pages, start=1):
            # centred between the left and right margins, as a header is
            centre = 72 * (MARGINS["left"] + (page.width / 72 - MARGINS["right"])) / 2
            numbers = [w for w in page.words if w.text.isdigit()
                       and w.y1 < 72 * MARGINS["top"]
                       and abs((w.x0 + w.x1) / 2 - centre) < 3]
            if n == 1:
                assert numbers == [], (name, [str(w) for w in numbers])
                continue
            top = min(page.words, key=lambda w: w.y0)
            assert [w.text for w in numbers] == [str(n)] and top == numbers[0], (
                name, page.number)


def test_printed_in_times_new_roman(printout):
    """Every font in the PDF is Times New Roman, or Liberation Serif, the metric-compatible
    face LibreOffice prints it with where Times New Roman is not installed."""
    pdf, _ = printout
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    fonts = {line.split()[0].split("+")[-1] for line in listing if line.strip()}
    assert fonts and all(f.startswith(("LiberationSerif", "TimesNewRoman")) for f in fonts), (
        fonts)


def test_numbers_dates_and_words_are_vietnamese(printout):
    """Decimal comma everywhere (a task code such as 5.1 keeps its dot), dates as
    dd/mm/yyyy (a plan's own text may write 19/5/2024: it is quoted as written), never an
    ISO time nor a word of the code."""
    pdf, codes = printout
    words = [w.text for p in print_check.read_pdf(pdf) for w in p.words]
    points = [w for w in words if re.fullmatch(r"\d+\.\d{1,2}%?", w) and w not in codes]
    assert points == []
    assert any(re.fullmatch(r"\d+,\d", w) for w in words)  # the percentages
    assert not [w for w in words if re.search(r"\d{4}-\d{2}-\d{2}", w)]
    # the report's own dates (as of, deadlines, completion) are dd/mm/yyyy
    assert any(re.fullmatch(r"\d{2}/\d{2}/\d{4}", w) for w in words)
    assert not ENGLISH & {w.strip(".,;:()") for w in words}


def test_readme_picture_is_the_demo_printout(demo_pdf):
    """docs/bao-cao-in.png is the first page of the demo's PDF, made by page_png
    (THIDUA_UPDATE_DOCS=1 writes it again); the README shows it."""
    pdf, _ = demo_pdf
    if os.environ.get("THIDUA_UPDATE_DOCS") == "1":
        print_check.page_png(pdf, 1, PICTURE, dpi=110)
    data = PICTURE.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    # A4 landscape, 841,9 × 595,3 pt, at 110 dpi: 1286,2 × 909,5 pixels, rounded up
    assert (width, height) == (1287, 910)
    readme = (PICTURE.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "docs/bao-cao-in.png" in readme

"""`thidua draft`: the seed plans (as text, Word and PDF) to a draft biểu chi tiết, compared
with the tables written by hand in tests/data/draft/."""

from __future__ import annotations

import datetime as dt
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchmarks.draft import (
    MEASURABLE,
    docx_to_pdf,
    expected,
    run,
    score,
    seed_docx,
    soffice,
)
from thidua import commands
from thidua.cli import cli
from thidua.core import errors, labels
from thidua.core.drafting import draft_plan
from thidua.read.plan_document import read_plan_document

SEEDS = Path(__file__).resolve().parent / "data" / "seeds"


def _seed(seed: str) -> Path:
    return SEEDS / f"seed{seed}.txt"


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """Every seed as .txt, .docx (Word's automatic numbering) and, with LibreOffice, .pdf."""
    folder = tmp_path_factory.mktemp("plans")
    found: dict[tuple[str, str], Path] = {}
    for seed in ("000", "001", "002", "003"):
        found[seed, "txt"] = _seed(seed)
        found[seed, "docx"] = seed_docx(_seed(seed).read_text(encoding="utf-8"),
                                        folder / f"seed{seed}.docx")
    return found


def test_seed000_header_by_hand():
    d = draft_plan(read_plan_document(_seed("000")))
    assert d.info["number"] == "111/KH-UBND"
    assert d.info["issued_on"] == dt.date(2024, 4, 19)
    assert d.info["issuer"] == "UBND huyện Hiệp Hoà"  # guessed from the place, and flagged
    assert any(g.field == "issuer" for g in d.guesses)
    assert d.info["title"].startswith("Thi đua cao điểm lập thành tích chào mừng 49 năm")
    assert d.info["basis"].startswith("chỉ đạo của Thường trực Huyện ủy tại Thông báo số 603")
    assert (d.info["start"], d.info["end"]) == (dt.date(2024, 4, 19), dt.date(2024, 5, 19))
    # III.3: "Văn Phòng HĐND và UBND huyện phân công chuyên viên … đôn đốc, theo dõi"
    assert d.info["owner_unit"] == "Văn Phòng HĐND và UBND huyện"


def test_seed000_rows_by_hand():
    d = draft_plan(read_plan_document(_seed("000")))
    rows = {t["code"]: t for t in d.tasks}
    assert rows["15"]["kind"] == "cumulative"
    assert (rows["15"]["target"], rows["15"]["scale"], rows["15"]["measure"]) == (6798, 7800,
                                                                                  "người")
    assert rows["15"].get("baseline") is None  # 6.110 is not written in the plan
    assert rows["15"]["baseline_ref"] == "tháng 3/2024"
    assert (rows["11.ii"]["kind"], rows["11.ii"]["target"]) == ("reduce_fraction", 0.5)
    assert rows["11.ii"]["deadline"] == dt.date(2024, 4, 30)
    assert rows["11.i"]["effective_from"] == dt.date(2024, 4, 22)
    assert rows["12"]["deadline"] == dt.date(2024, 4, 21)
    assert [c for c in rows if c.startswith("5.")] == ["5.1", "5.2", "5.3", "5.4"]
    assert rows["5"]["kind"] == "multi"
    assert not [c for c in rows if c.startswith("13.")]  # the cases name citizens
    assert rows["16.i"]["deadline"] == dt.date(2024, 4, 30)
    assert rows["16.ii"]["kind"] == "qualitative"
    # the list deadline "xong trước ngày 19/5/2024" is flagged where it is inherited
    inherited = {d.tasks[g.row]["code"] for g in d.guesses if g.field == "deadline"}
    assert "1" in inherited and "6" not in inherited


@pytest.mark.parametrize("form", ["txt", "docx"])
def test_seed000_goals(documents, form):
    s = run("000", documents["000", form])
    assert s.measurable == 11  # hand count of the reference: 1 2 8.i 9.1 9.2 11.i 11.ii 12-15
    assert s.measurable_right / s.measurable >= 0.9
    assert s.kinds_right / s.tasks >= 0.8
    assert s.invented == 0


@pytest.mark.parametrize("seed", ["001", "002", "003"])
@pytest.mark.parametrize("form", ["txt", "docx"])
def test_other_seeds_invent_nothing(documents, seed, form):
    s = run(seed, documents[seed, form])
    assert s.invented == 0
    assert s.extra == 0


def test_seed001_report_due_date(documents):
    d = draft_plan(read_plan_document(documents["001", "txt"]))
    assert [(t["code"], t["kind"], t["deadline"]) for t in d.tasks] == [
        ("V.1.b", "milestone", dt.date(2024, 12, 15))]
    assert d.info["end"] == dt.date(2024, 12, 31)  # "từ nay đến hết tháng 12 năm 2024"
    assert d.info["owner_unit"] == "Phòng Nội vụ"  # V.3 "Giao phòng Nội vụ theo dõi"
    assert d.info["return_due"] == dt.date(2024, 12, 15)  # V.1.b "Báo cáo … trước ngày 15 …"


def test_seed002_phases_and_targets(documents):
    d = draft_plan(read_plan_document(documents["002", "txt"]))
    assert [(p["code"], p["start"], p["end"]) for p in d.phases] == [
        ("D1", dt.date(2023, 3, 1), dt.date(2023, 4, 30)),
        ("D2", dt.date(2023, 5, 1), dt.date(2023, 9, 2)),
        ("D3", dt.date(2023, 9, 2), dt.date(2023, 12, 31))]
    s = run("002", documents["002", "txt"])
    assert (s.measurable_right, s.tasks_right, s.kinds_right) == (5, 11, 11)
    phases = {t["code"]: t["phase"] for t in d.tasks}
    # under "1. Đợt 1" and "2. Đợt 2"; II.2.1 (due 31/12/2023) by its deadline, flagged
    assert (phases["IV.1.2"], phases["IV.2.1"], phases["II.2.1.b"]) == ("D1", "D2", "D3")
    assert any(g.field == "phase" and d.tasks[g.row]["code"] == "II.2.1.b"
               for g in d.guesses)


def test_seed003_news_item_quotes_the_plan(documents):
    d = draft_plan(read_plan_document(documents["003", "txt"]))
    assert d.tasks == []
    assert (d.info["number"], d.info["issuer"], d.info["issued_on"]) == (
        "71/KH-UBND", "Ủy ban nhân dân tỉnh", dt.date(2022, 4, 12))
    assert d.info["end"] == dt.date(2025, 12, 31)


def test_word_numbering_is_read_from_numbering_xml(documents):
    import docx

    document = docx.Document(str(documents["000", "docx"]))
    texts = [p.text for p in document.paragraphs]
    assert "NỘI DUNG THỰC HIỆN" in texts  # the "II." is Word's numbering, not text
    blocks = read_plan_document(documents["000", "docx"])
    numbered = [(b.number, b.text[:12]) for b in blocks if b.number]
    assert ("II.", "NỘI DUNG THỰ") in numbered
    assert ("1.", "Mục tiêu: Ph") in numbered
    assert ("III.", "TỔ CHỨC THỰC") in numbered


@pytest.fixture(scope="module")
def pdfs(documents, tmp_path_factory) -> dict[str, Path]:
    """The Word seeds printed to PDF by LibreOffice."""
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("pdf")
    return {seed: docx_to_pdf(documents[seed, "docx"], folder) for seed in
            ("000", "001", "002", "003")}


def test_pdf_of_seed000(pdfs):
    s = run("000", pdfs["000"])
    assert s.measurable_right / s.measurable >= 0.9
    assert s.kinds_right / s.tasks >= 0.8
    assert (s.invented, s.extra) == (0, 0)


@pytest.mark.parametrize("seed", ["001", "002", "003"])
def test_pdf_of_other_seeds_reads_as_the_text(pdfs, seed):
    from_pdf = run(seed, pdfs[seed])
    from_text = run(seed, _seed(seed))
    assert (from_pdf.invented, from_pdf.extra) == (0, 0)
    assert (from_pdf.tasks_right, from_pdf.measurable_right) == (from_text.tasks_right,
                                                                 from_text.measurable_right)


def test_pdf_header_of_seed002(pdfs):
    d = draft_plan(read_plan_document(pdfs["002"]))
    assert (d.info["number"], d.info["issued_on"]) == ("42/KH-UBND", dt.date(2023, 3, 10))
    assert d.info["issuer"] == "UBND thị trấn Hà Trung"


def test_a_scanned_pdf_says_so(tmp_path):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as f:
        writer.write(f)
    with pytest.raises(errors.NoTextLayer):
        read_plan_document(path)


def test_unsupported_and_missing_documents(tmp_path):
    old = tmp_path / "ke-hoach.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(errors.PlanDocumentFormat):
        read_plan_document(old)
    with pytest.raises(errors.FileMissing):
        read_plan_document(tmp_path / "none.docx")


# ---------------------------------------------------------------------------
# The workbook written, and the commands.
# ---------------------------------------------------------------------------

def test_draft_command_writes_beside_the_plan_and_never_over_a_file(tmp_path):
    plan = tmp_path / "ke-hoach-111.txt"
    shutil.copy(_seed("000"), plan)
    result = CliRunner().invoke(cli, ["draft", str(plan)])
    assert result.exit_code == 0, result.output
    workbook = tmp_path / labels.WORKBOOK_FILE
    assert workbook.exists()
    before = workbook.read_bytes()
    again = CliRunner().invoke(cli, ["draft", str(plan)])
    assert again.exit_code == 2
    assert workbook.read_bytes() == before
    other = CliRunner().invoke(cli, ["draft", str(plan), "--out", str(tmp_path / "b.xlsx"),
                                     "--json"])
    assert other.exit_code == 0
    import json

    payload = json.loads(other.output)
    assert payload["stats"]["tasks"] == 33
    review = payload["review"]
    assert len(review) == payload["stats"]["guesses"]
    assert {"sheet": "Nhiệm vụ", "row": 2, "column": "Hạn hoàn thành"}.items() <= \
        next(r for r in review if r["column"] == "Hạn hoàn thành").items()


@pytest.mark.parametrize("plan", ["seed000.txt", "seed001.txt", "seed002.txt", "seed003.txt",
                                  "../plans/xa-tan-lap.txt", "../plans/chi-tieu-xa.md"])
def test_draft_workbook_checks_clean_apart_from_flagged_cells(tmp_path, plan):
    import openpyxl

    result = commands.draft(SEEDS / plan, tmp_path / "nhap.xlsx")
    checked = commands.check(result.path)
    # every drafted row is read back; a periodic row also makes one row per period
    typed = checked.plan.tasks[checked.plan.tasks["period"].isna()]
    assert len(typed) == len(result.draft.tasks)
    book = openpyxl.load_workbook(result.path)
    review = book[labels.SHEET_REVIEW]
    assert [c.value for c in review[2]] == list(labels.REVIEW_HEADERS)
    flagged = {(r[1].value, r[2].value, r[3].value or None)
               for r in review.iter_rows(min_row=3)}
    assert len(flagged) > 0
    for issue in checked.report.issues:  # every problem check finds is a flagged cell
        row = int("".join(ch for ch in issue.cell or "" if ch.isdigit()) or 0) or None
        assert (issue.sheet, row, issue.column or None) in flagged, issue


def test_guessed_cells_are_yellow_with_a_comment(tmp_path):
    import openpyxl

    result = commands.draft(_seed("000"), tmp_path / "nhap.xlsx")
    book = openpyxl.load_workbook(result.path)
    tasks = book[labels.SHEET_TASKS]
    headers = [c.value for c in tasks[1]]
    deadline = tasks.cell(row=2, column=headers.index("Hạn hoàn thành") + 1)
    assert deadline.fill.fgColor.rgb.endswith("FFEB9C")  # inherited from the list heading
    assert "xong trước ngày" not in (deadline.comment.text or "")
    assert deadline.comment is not None
    note = tasks.cell(row=2, column=headers.index("Ghi chú") + 1).value
    assert note.startswith("Nguồn: đoạn")


def test_init_from_a_plan(tmp_path, documents):
    folder = tmp_path / "kh111"
    result = CliRunner().invoke(cli, ["init", str(folder), "--from",
                                      str(documents["000", "docx"])])
    assert result.exit_code == 0, result.output
    checked = commands.check(folder / labels.WORKBOOK_FILE)
    assert len(checked.plan.tasks) == 33
    assert (folder / labels.INBOX_DIR).is_dir()


def test_init_from_a_plan_goes_alone(tmp_path, documents):
    result = CliRunner().invoke(cli, ["init", str(tmp_path / "kh"), "--from",
                                      str(documents["000", "txt"]), "--excel"])
    assert result.exit_code == 2
    assert "--from" in result.output and not (tmp_path / "kh").exists()


def test_init_from_an_unreadable_plan_creates_nothing(tmp_path):
    folder = tmp_path / "kh"
    result = CliRunner().invoke(cli, ["init", str(folder), "--from", str(tmp_path / "x.doc")])
    assert result.exit_code == 2
    assert not folder.exists()


def _twenty_pages() -> str:
    """Seed 000 with its sixteen targets written twelve times (about twenty A4 pages)."""
    import re

    lines = _seed("000").read_text(encoding="utf-8").splitlines()
    item = re.compile(r"^(- )?\((\d+)\)")
    first = next(i for i, line in enumerate(lines) if item.match(line))
    last = max(i for i, line in enumerate(lines) if item.match(line))
    copies = [item.sub(lambda m, k=k: f"{m[1] or ''}({int(m[2]) + 16 * k})", line)
              for k in range(12) for line in lines[first:last + 1]]
    text = "\n".join([*lines[:first], *copies, *lines[last + 1:]])
    assert len(text) > 20 * 1800
    return text


def test_a_twenty_page_plan_drafts_in_under_two_seconds(tmp_path):
    docx_path = seed_docx(_twenty_pages(), tmp_path / "dai.docx")
    start = time.perf_counter()
    d = draft_plan(read_plan_document(docx_path))
    assert time.perf_counter() - start < 2.0
    assert len([t for t in d.tasks if t["kind"] in MEASURABLE]) == 12 * 11


def test_a_twenty_page_pdf_drafts_in_under_two_seconds(tmp_path):
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    from pypdf import PdfReader

    pdf = docx_to_pdf(seed_docx(_twenty_pages(), tmp_path / "dai.docx"), tmp_path)
    assert len(PdfReader(str(pdf)).pages) >= 18
    start = time.perf_counter()
    d = draft_plan(read_plan_document(pdf))
    assert time.perf_counter() - start < 2.0
    assert len([t for t in d.tasks if t["kind"] in MEASURABLE]) == 12 * 11


def test_expected_tables_are_hand_written_and_complete():
    # the expected tables cover every seed; seed 003 (a news item) expects no task at all
    assert [len(expected(s)) for s in ("000", "001", "002", "003")] == [33, 1, 11, 0]
    assert score(draft_plan([]), [], "").invented == 0


def _annex_docx(path: Path, paragraphs: list[str], rows: list[tuple[str, ...]],
                merge_deadline: tuple[int, int] | None = None) -> Path:
    """A plan with an annexed biểu chi tiết table (header row first)."""
    import docx

    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    if merge_deadline:
        top, bottom = merge_deadline
        merged = table.cell(top, 5).merge(table.cell(bottom, 5))
        merged.text = rows[top][5]
    document.save(str(path))
    return path


ANNEX_HEADER = ("STT", "Nội dung", "Chỉ tiêu", "Đơn vị chủ trì", "Đơn vị phối hợp",
                "Thời gian hoàn thành")


def test_an_annex_assigns_the_tasks_of_the_text(tmp_path):
    text = _seed("000").read_text(encoding="utf-8").splitlines()
    rows = [ANNEX_HEADER,
            ("1", "Thu ngân sách trên địa bàn năm 2024", "từ 40% dự toán huyện giao trở lên",
             "Chi cục Thuế khu vực Việt Yên - Hiệp Hòa", "Phòng Tài chính - Kế hoạch",
             "trước ngày 19/5/2024"),
            ("14", "Khởi công sửa chữa, xây mới nhà hỗ trợ hộ nghèo", "83 ngôi nhà",
             "Phòng Lao động - Thương binh và Xã hội",
             "UBND các xã, thị trấn; Ủy ban MTTQ huyện", "trước ngày 30/4/2024")]
    path = _annex_docx(tmp_path / "kh.docx", [t for t in text if t.strip()], rows)
    d = draft_plan(read_plan_document(path))
    by_code = {t["code"]: t for t in d.tasks}
    assert len(d.tasks) == 33  # the annex rows are the text's tasks 1 and 14, not new ones
    assert by_code["1"]["leads"] == "Chi cục Thuế khu vực Việt Yên - Hiệp Hòa"
    assert by_code["1"]["partners"] == "Phòng Tài chính - Kế hoạch"
    assert by_code["14"]["partners"] == "UBND các xã, thị trấn; Ủy ban MTTQ huyện"
    flagged = {d.tasks[g.row]["code"] for g in d.guesses if g.field == "leads"}
    assert "1" not in flagged and "14" not in flagged and "2" in flagged
    names = {u["name"] for u in d.units}
    assert {"Phòng Lao động - Thương binh và Xã hội", "Ủy ban MTTQ huyện"} <= names


def test_an_annex_alone_is_read_row_by_row_with_merged_cells(tmp_path):
    rows = [ANNEX_HEADER,
            ("1", "Giải ngân vốn đầu tư công", "từ 60% kế hoạch vốn trở lên",
             "Phòng Tài chính - Kế hoạch", "Ban Quản lý dự án", "trước ngày 30/9/2025"),
            ("2", "Người tham gia BHXH tự nguyện", "6.798/7.800 người", "Bảo hiểm xã hội",
             "UBND các xã", ""),
            ("3", "Trình Đề án sắp xếp đơn vị hành chính", "", "Phòng Nội vụ", "", "")]
    path = _annex_docx(tmp_path / "kh.docx", ["KẾ HOẠCH", "Thi đua quý III năm 2025",
                                               "I. NHIỆM VỤ", "Theo biểu chi tiết kèm theo."],
                       rows, merge_deadline=(1, 2))
    d = draft_plan(read_plan_document(path))
    got = [(t["code"], t["kind"], t["comparison"], t["target"], t["scale"], t["deadline"],
            t["leads"]) for t in d.tasks]
    assert got == [
        ("1", "rate", ">=", 60, None, dt.date(2025, 9, 30), "Phòng Tài chính - Kế hoạch"),
        ("2", "cumulative", ">=", 6798, 7800, dt.date(2025, 9, 30), "Bảo hiểm xã hội"),
        # no time in the row: the plan's end, from its title "… quý III năm 2025"
        ("3", "milestone", None, None, None, dt.date(2025, 9, 30), "Phòng Nội vụ")]


def test_kinds_and_comparisons_are_written_as_staff_read_them(tmp_path):
    import openpyxl

    path = commands.draft(_seed("000"), tmp_path / "nhap.xlsx").path
    tasks = openpyxl.load_workbook(path)[labels.SHEET_TASKS]
    headers = [c.value for c in tasks[1]]
    first = {h: c.value for h, c in zip(headers, tasks[2], strict=True)}
    assert (first["Mã NV"], first["Loại chỉ tiêu"], first["So sánh"]) == ("1", "Tỷ lệ", "≥")
    plan = commands.check(path).plan
    assert plan.tasks.loc[plan.tasks["code"] == "15", "kind"].item() == "cumulative"


def test_seed000_units_by_hand():
    d = draft_plan(read_plan_document(_seed("000")))
    units = {u["name"]: u for u in d.units}
    named = {  # Nơi nhận, then the text
        "Chi cục thuế Khu vực Việt Yên - Hiệp Hòa", "Hạt Quản lý đê Hiệp Hòa",
        "Chi nhánh Văn phòng Đăng ký đất đai", "Bảo hiểm xã hội huyện",
        "Phòng Nội vụ", "Văn Phòng HĐND và UBND huyện",
        "Chi cục Thủy Lợi - Sở Nông nghiệp và PTNT tỉnh"}
    communes = {f"UBND xã {n}" for n in ("Hùng Sơn", "Thái Sơn", "Hợp Thịnh", "Xuân Cẩm",
                                         "Mai Trung", "Danh Thắng", "Ngọc Sơn", "Châu Minh",
                                         "Đông Lỗ", "Thường Thắng")}
    communes |= {"UBND thị trấn Thắng", "UBND thị trấn Bắc Lý"}
    groups = {"UBND xã, thị trấn", "Các cơ quan, đơn vị thuộc UBND huyện"}
    assert set(units) == named | communes | groups  # not "thị trấn Chờ" (a complainant's)
    assert {n for n, u in units.items() if u["kind"] == labels.UNIT_KIND_GROUP} == groups
    members = set(units["UBND xã, thị trấn"]["members"].split("; "))
    assert members == {units[n]["code"] for n in communes}
    assert len({u["code"] for u in d.units}) == len(d.units)


def test_a_draft_number_stays_blank_with_a_note(tmp_path):
    plan = tmp_path / "du-thao.md"
    plan.write_text("# KẾ HOẠCH\n\nSố:      /KH-UBND\n\nXã Hùng Sơn, ngày 02 tháng 1 năm 2026\n\n"
                    "Thi đua hoàn thành chỉ tiêu quý I năm 2026\n\n## I. NỘI DUNG\n\n"
                    "1. Thu ngân sách đạt từ 30% dự toán trở lên, chậm nhất là ngày 31/3/2026.\n",
                    encoding="utf-8")
    d = draft_plan(read_plan_document(plan))
    assert "number" not in d.info
    assert [g.reason for g in d.guesses if g.field == "number"] == [labels.DRAFT_NO_NUMBER]
    assert d.info["issuer"] == "UBND xã Hùng Sơn"
    assert d.info["title"] == "Thi đua hoàn thành chỉ tiêu quý I năm 2026"
    assert [(t["code"], t["kind"], t["comparison"], t["target"], t["deadline"])
            for t in d.tasks] == [("I.1", "rate", ">=", 30, dt.date(2026, 3, 31))]


def test_pdf_lines_are_joined_again():
    from thidua.read.plan_document import _join

    # a number broken after its thousands dot, and a sentence broken at the margin
    assert _join(["Người tham gia BHXH tự nguyện đạt 6.", "798/7.800 người"]) == \
        "Người tham gia BHXH tự nguyện đạt 6.798/7.800 người"
    assert _join(["Thu ngân sách trên địa bàn", "năm 2024"]) == \
        "Thu ngân sách trên địa bàn năm 2024"


def test_pdf_headers_repeated_on_every_page_are_dropped(tmp_path):
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    import docx

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "UBND HUYỆN HIỆP HÒA - KẾ HOẠCH 111"
    text = _seed("000").read_text(encoding="utf-8")
    for _ in range(3):  # several pages
        for line in text.splitlines():
            if line.strip():
                document.add_paragraph(line.replace("**", ""))
    path = tmp_path / "co-tieu-de.docx"
    document.save(str(path))
    pdf = docx_to_pdf(path, tmp_path)
    blocks = read_plan_document(pdf)
    assert len({b.source.split(",")[0] for b in blocks}) >= 4  # pages
    assert not [b for b in blocks if "KẾ HOẠCH 111" in b.text]


def test_word_numbering_from_styles_and_overrides(tmp_path):
    import docx
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import qn

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(
        f'<w:abstractNum xmlns:w="{w}" w:abstractNumId="77">'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/>'
        '<w:lvlText w:val="(%1)"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
        '<w:lvlText w:val="%2)"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(  # this list starts at (iii)
        f'<w:num xmlns:w="{w}" w:numId="77"><w:abstractNumId w:val="77"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="3"/></w:lvlOverride></w:num>'))

    def numbered(text: str, level: int) -> None:
        paragraph = document.add_paragraph(text)
        num_pr = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", str(level)), ("w:numId", "77")):
            el = OxmlElement(tag)
            el.set(qn("w:val"), value)
            num_pr.append(el)
        paragraph._p.get_or_add_pPr().append(num_pr)

    document.add_paragraph("Thu ngân sách đạt từ 40% dự toán", style="List Number")
    document.add_paragraph("Khởi công 83 ngôi nhà", style="List Number")
    numbered("Đề án A", 0)
    numbered("Hạng mục thứ nhất", 1)
    numbered("Hạng mục thứ hai", 1)
    numbered("Đề án B", 0)
    numbered("Hạng mục mới", 1)  # a deeper level restarts under a new parent
    path = tmp_path / "so.docx"
    document.save(str(path))
    assert [b.number for b in read_plan_document(path)] == [
        "1.", "2.", "(iii)", "a)", "b)", "(iv)", "a)"]


def test_a_commune_plan_written_for_these_tests():
    """A plan that is no seed (tests/data/plans/xa-tan-lap.txt, written for these tests in
    the style of a commune's plan): every row below is read from its text by hand."""
    path = Path(__file__).resolve().parent / "data" / "plans" / "xa-tan-lap.txt"
    d = draft_plan(read_plan_document(path))
    assert (d.info["number"], d.info["issued_on"], d.info["issuer"]) == (
        "58/KH-UBND", dt.date(2025, 3, 5), "ỦY BAN NHÂN DÂN XÃ TÂN LẬP")
    assert (d.info["owner_unit"], d.info["return_due"]) == ("Văn phòng - Thống kê",
                                                            dt.date(2025, 12, 20))
    rows = [(t["code"], t["parent"], t["kind"], t["comparison"], t["target"], t["measure"],
             t["deadline"]) for t in d.tasks]
    assert rows == [
        ("II.1", None, "rate", ">=", 120, "% dự toán huyện giao", dt.date(2025, 12, 15)),
        ("II.2", None, "reduce_to", "<=", 2.5, "%", dt.date(2025, 12, 31)),
        ("II.3", None, "zero", None, 0, None, dt.date(2025, 12, 31)),
        ("II.4", None, "maintain", None, None, None, dt.date(2025, 12, 31)),
        ("II.5", None, "rate", ">", 95, "%", dt.date(2025, 11, 30)),
        ("II.6", None, "count", ">=", 3, "km", dt.date(2025, 9, 30)),
        ("II.6.a", "II.6", "count", ">=", 2, "km", dt.date(2025, 9, 30)),
        ("II.6.b", "II.6", "count", ">=", 1, "km", dt.date(2025, 9, 30)),
        ("III.1", None, "milestone", None, None, None, dt.date(2025, 12, 20))]
    first = d.tasks[0]
    assert (first["leads"], first["partners"]) == ("Bộ phận Tài chính - Kế toán", "Các thôn")
    # no period is written: the year of the title ("… năm 2025") ends it, flagged, and so
    # are the deadlines taken from it
    assert d.info["end"] == dt.date(2025, 12, 31)
    assert [g.reason for g in d.guesses if g.field == "end"] == [labels.DRAFT_END_FROM_TITLE]
    assert {d.tasks[g.row]["code"] for g in d.guesses if g.field == "deadline"} == {
        "II.2", "II.3", "II.4"}


def test_an_annex_with_a_two_row_header_and_section_rows(tmp_path):
    rows = [("STT", "Nội dung", "Chỉ tiêu", "Đơn vị", "", "Thời gian hoàn thành"),
            ("", "", "", "Chủ trì", "Phối hợp", ""),
            ("I", "LĨNH VỰC KINH TẾ", "", "", "", ""),
            ("1", "Thu ngân sách", "đạt 120% dự toán", "Bộ phận Tài chính - Kế toán",
             "Các thôn", "15/12/2025")]
    path = _annex_docx(tmp_path / "kh.docx", ["KẾ HOẠCH", "Thi đua năm 2025"], rows)
    d = draft_plan(read_plan_document(path))
    assert [(t["code"], t["kind"], t["target"], t["deadline"], t["leads"], t["partners"])
            for t in d.tasks] == [("1", "rate", 120, dt.date(2025, 12, 15),
                                   "Bộ phận Tài chính - Kế toán", "Các thôn")]


@pytest.mark.parametrize("form", ["docx", "pdf"])
def test_a_letterhead_and_recipients_laid_out_in_tables(tmp_path, form):
    import docx

    document = docx.Document()
    head = document.add_table(rows=2, cols=2)
    head.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nHUYỆN HIỆP HÒA"
    head.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    head.cell(1, 0).text = "Số: 111/KH-UBND"
    head.cell(1, 1).text = "Hiệp Hòa, ngày 19 tháng 4 năm 2024"
    for text in ("KẾ HOẠCH", "Thi đua cao điểm chào mừng các ngày lễ lớn", "II. NỘI DUNG",
                 "- (1) Khởi công sửa chữa, xây mới 83 ngôi nhà (trước ngày 30/4/2024)."):
        document.add_paragraph(text)
    foot = document.add_table(rows=1, cols=2)
    foot.cell(0, 0).text = ("Nơi nhận:\n- Phòng Lao động - Thương binh và Xã hội;\n"
                            "- UBND xã, thị trấn;\n- Lưu: VT.")
    foot.cell(0, 1).text = "CHỦ TỊCH\nHoàng Công Bộ"
    path = tmp_path / "kh.docx"
    document.save(str(path))
    if form == "pdf":
        if soffice() is None:
            pytest.skip("LibreOffice (soffice) is not installed")
        path = docx_to_pdf(path, tmp_path)
    d = draft_plan(read_plan_document(path))
    assert (d.info["number"], d.info["issued_on"]) == ("111/KH-UBND", dt.date(2024, 4, 19))
    assert d.info["issuer"] == "ỦY BAN NHÂN DÂN HUYỆN HIỆP HÒA"  # as the letterhead writes it
    assert d.info["title"] == "Thi đua cao điểm chào mừng các ngày lễ lớn"
    assert [(t["code"], t["target"], t["deadline"]) for t in d.tasks] == [
        ("1", 83, dt.date(2024, 4, 30))]
    assert {u["name"] for u in d.units} == {"Phòng Lao động - Thương binh và Xã hội",
                                            "UBND xã, thị trấn"}


def test_annex_deadlines_written_as_periods(tmp_path):
    rows = [(*ANNEX_HEADER[:5], "Thời gian thực hiện"),
            ("1", "Trình Đề án A", "", "Phòng Nội vụ", "", "Tháng 6/2025"),
            ("2", "Trình Đề án B", "", "Phòng Nội vụ", "", "Quý III/2025"),
            ("3", "Trình Đề án C", "", "Phòng Nội vụ", "", "Năm 2025"),
            ("4", "Trình Đề án D", "", "Phòng Nội vụ", "", "15/10/2025"),
            ("5", "Tuyên truyền", "", "Phòng Nội vụ", "", "Thường xuyên")]
    path = _annex_docx(tmp_path / "kh.docx", ["KẾ HOẠCH", "Thi đua năm 2025"], rows)
    d = draft_plan(read_plan_document(path))
    assert [(t["code"], t["deadline"]) for t in d.tasks] == [
        ("1", dt.date(2025, 6, 30)), ("2", dt.date(2025, 9, 30)), ("3", dt.date(2025, 12, 31)),
        ("4", dt.date(2025, 10, 15)),
        ("5", dt.date(2025, 12, 31))]  # "Thường xuyên": the plan's end, flagged
    assert [d.tasks[g.row]["code"] for g in d.guesses if g.field == "deadline"] == ["5"]


def test_a_markdown_annex_table(tmp_path):
    plan = tmp_path / "kh.md"
    plan.write_text(
        "# KẾ HOẠCH\n\nThi đua năm 2025\n\n## I. NHIỆM VỤ\n\nTheo biểu chi tiết kèm theo.\n\n"
        "| STT | Nội dung | Chỉ tiêu | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian hoàn thành |\n"
        "|---|---|---|---|---|---|\n"
        "| 1 | Giải ngân vốn đầu tư công | từ 60% kế hoạch vốn trở lên | Phòng Tài chính - Kế "
        "hoạch | Ban Quản lý dự án | 30/9/2025 |\n", encoding="utf-8")
    d = draft_plan(read_plan_document(plan))
    assert [(t["code"], t["kind"], t["target"], t["deadline"], t["leads"], t["partners"])
            for t in d.tasks] == [("1", "rate", 60, dt.date(2025, 9, 30),
                                   "Phòng Tài chính - Kế hoạch", "Ban Quản lý dự án")]


def test_a_cycle_in_a_sentence_drafts_a_periodic_task(tmp_path):
    """"mỗi tháng 01 lần", "hằng quý", "hằng tháng … báo cáo" fill Chu kỳ (flagged for
    review), so the workbook makes one scored row per period; a reduction or Không để xảy
    ra that names a cycle is read over the whole span; a sentence with no cycle has none."""
    plan = tmp_path / "ke-hoach.md"
    plan.write_text(
        "# KẾ HOẠCH\n\nSố: 12/KH-UBND\n\nXã Hùng Sơn, ngày 02 tháng 1 năm 2026\n\n"
        "Thi đua năm 2026, thời gian từ ngày 01/01/2026 đến ngày 31/12/2026\n\n"
        "## I. NỘI DUNG\n\n"
        "1. Vệ sinh môi trường ngõ xóm, ít nhất mỗi tháng 01 lần.\n"
        "2. Tỷ lệ hồ sơ giải quyết đúng hạn đạt từ 95% trở lên hằng quý.\n"
        "3. Hằng tháng tổng hợp kết quả báo cáo UBND xã, hoàn thành trước ngày 31/12/2026.\n"
        "4. Không để xảy ra cháy rừng hằng năm.\n"
        "5. Thu ngân sách đạt từ 30% dự toán trở lên, chậm nhất là ngày 31/3/2026.\n",
        encoding="utf-8")
    result = commands.draft(plan, tmp_path / "nhap.xlsx")
    tasks = {t["code"]: t for t in result.draft.tasks}
    assert {c: (t["kind"], t["target"], t["cycle"]) for c, t in tasks.items()} == {
        "I.1": ("count", 1, "Hằng tháng"), "I.2": ("rate", 95, "Hằng quý"),
        "I.3": ("milestone", None, "Hằng tháng"), "I.4": ("zero", 0, None),
        "I.5": ("rate", 30, None)}
    flagged = {tasks_code for g in result.draft.guesses if g.field == "cycle"
               for tasks_code in [result.draft.tasks[g.row]["code"]]}
    assert flagged == {"I.1", "I.2", "I.3"}
    checked = commands.check(result.path).plan.tasks
    periods = checked.loc[checked["period"].notna(), "code"].tolist()
    assert periods[:2] == ["I.1/2026-01", "I.1/2026-02"] and len(periods) == 12 + 4 + 12
    assert "I.2/2026-Q4" in periods and not any(p.startswith(("I.4/", "I.5/")) for p in periods)

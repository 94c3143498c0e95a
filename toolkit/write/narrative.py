"""The draft Báo cáo (Word) of a report date, laid out per Nghị định 30/2020/NĐ-CP: A4,
Times New Roman, the header block (issuing body, số ký hiệu left blank, quốc hiệu and tiêu
ngữ, place and date), the title, parts I–IV, Nơi nhận and the signature block.

Every figure comes from the same ReportData and the same functions (thidua.report) as the
report workbook, so the two documents cannot disagree. The office edits the draft in Word,
fills in the blanks (number, day, signer) and issues it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from thidua.core import labels
from thidua.core.model import Plan
from thidua.core.parsing.dates import format_date
from thidua.core.parsing.text import canonical_tones, is_blank, is_issued_number, normalize_text
from thidua.report import (
    ReportData,
    counted_tasks,
    explanation_rows,
    explanations,
    headline,
    lead_names,
    leader_summaries,
    overdue_tasks,
    percent_text,
)
from thidua.store.files import atomic_path, write_or_beside

FONT = "Times New Roman"
LANGUAGE = "vi-VN"
BODY_PT = 14
# Nghị định 30, Phụ lục I: A4 portrait; margins top/bottom 20–25, left 30–35, right 15–20 mm.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH_MM = 210 - 30 - 15
#: Header block and signature block: two borderless columns across the text width.
HEADER_COLUMNS_MM = (65, TEXT_WIDTH_MM - 65)
SIGN_COLUMNS_MM = (80, TEXT_WIDTH_MM - 80)
#: Body: first-line indent 10–12.7 mm, paragraph spacing at least 6 pt.
FIRST_LINE_INDENT = Cm(1)
PARAGRAPH_SPACING = Pt(6)
#: Length of the solid rules: under the issuing body and the title (1/3–1/2 of the line),
#: under "Độc lập - Tự do - Hạnh phúc" (as long as it: 13 pt bold Times is about 62 mm).
BODY_RULE_MM = 25
MOTTO_RULE_MM = 62
TITLE_RULE_MM = 40
#: The paragraph properties that follow w:pBdr in the schema's sequence (ECMA-376 §17.3.1.26).
PBDR_SUCCESSORS = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
                   "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
                   "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
                   "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                   "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                   "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                   "w:pPrChange")


# ---------------------------------------------------------------------------
# Names and file
# ---------------------------------------------------------------------------

def narrative_path(report: Path, plan: Plan, as_of: dt.date, phase: str | None = None
                   ) -> Path:
    """bao-cao-<plan>-<dd-mm-yyyy>.docx beside the report workbook (bao-cao-<plan>-dot-
    <phase>-<dd-mm-yyyy>.docx for a report of one phase, as its workbook is named)."""
    from thidua.write.report import plan_slug

    slug = plan_slug(plan) if phase is None else f"{plan_slug(plan)}-dot-{phase}"
    return report.parent / labels.NARRATIVE_FILE.format(plan=slug,
                                                        date=format_date(as_of, sep="-"))


def _issuer(plan: Plan) -> str:
    value = plan.info.get("issuer")
    return "" if is_blank(value) else canonical_tones(normalize_text(str(value)))


def _committee_rest(issuer: str) -> str | None:
    """For a People's Committee ("UBND huyện Hiệp Hòa", "Ủy ban nhân dân xã X"), the rest of
    its name ("huyện Hiệp Hòa"); None for any other body."""
    issuer = canonical_tones(normalize_text(issuer))
    key = issuer.casefold()
    for prefix in (labels.PEOPLES_COMMITTEE, labels.PEOPLES_COMMITTEE_SHORT):
        start = canonical_tones(prefix).casefold() + " "
        if key.startswith(start):
            return issuer[len(start):]
    return None


def place_name(issuer: str) -> str:
    """The địa danh of a People's Committee: its name without the level ("Hiệp Hòa");
    a blank for any other body (the office writes it in)."""
    rest = _committee_rest(issuer)
    if not rest:
        return labels.BLANK
    key = rest.casefold()
    for level in sorted(labels.PLACE_LEVELS, key=len, reverse=True):
        if key == level:  # "UBND huyện": the level without a name
            return labels.BLANK
        if key.startswith(level + " "):
            return rest[len(level) + 1:].strip()
    return rest


def issuing_body_lines(issuer: str) -> list[str]:
    """The issuing body in capitals, a People's Committee on two lines as usual:
    "ỦY BAN NHÂN DÂN" / "HUYỆN HIỆP HÒA"."""
    rest = _committee_rest(issuer)
    if rest:
        return [labels.PEOPLES_COMMITTEE.upper(), rest.upper()]
    return [canonical_tones(normalize_text(issuer)).upper() or labels.LONG_BLANK]


def body_abbreviation(plan: Plan) -> str:
    """The issuer's abbreviation in the số ký hiệu, from the plan's ("111/KH-UBND" ->
    "UBND"); a blank when the plan's number does not show it."""
    found = re.search(r"/\s*[^\W\d_]+\s*-\s*(\S+)\s*$", str(plan.info.get("number") or ""))
    return found.group(1) if found else labels.BLANK


def _plan_reference(plan: Plan, about: bool) -> str:
    """"Kế hoạch số 111/KH-UBND ngày 19/04/2024 của UBND huyện Hiệp Hòa[ về …]": each part
    only when the plan gives it."""
    number = plan.info.get("number")
    issued = plan.info.get("issued_on")
    issuer = _issuer(plan)
    title = plan.info.get("title")
    return labels.OPENING_PLAN.format(
        number=labels.SUBJECT_NUMBER.format(number=" ".join(str(number).split()))
        if is_issued_number(number) else "",
        issued=labels.SUBJECT_ISSUED.format(day=format_date(issued))
        if isinstance(issued, dt.date) else "",
        issuer=labels.SUBJECT_ISSUER.format(issuer=issuer) if issuer else "",
        about=labels.SUBJECT_ABOUT.format(title=_lower_first(str(title)))
        if about and not is_blank(title) else "")


def _lower_first(title: str) -> str:
    """A plan title after "về": its first letter in lower case, unless the title starts
    with a name ("Hiệp Hòa …", "UBND …": a capital in the first two words after the first
    letter)."""
    title = normalize_text(title)
    words = title.split(" ")
    if not words or any(ch.isupper() for ch in "".join(words[:2])[1:]):
        return title
    return title[:1].lower() + title[1:]


# ---------------------------------------------------------------------------
# Low-level layout
# ---------------------------------------------------------------------------

def _font(run, size: float, bold: bool = False, italic: bool = False) -> None:
    run.font.name = FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def _paragraph(container, text: str = "", size: float = BODY_PT, bold: bool = False,
               italic: bool = False, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True,
               before: Pt | None = None, after: Pt | None = None):
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = FIRST_LINE_INDENT if indent else Cm(0)
    fmt.space_before = PARAGRAPH_SPACING if before is None else before
    fmt.space_after = Pt(0) if after is None else after
    fmt.line_spacing = 1.0
    if text:
        _font(p.add_run(text), size, bold, italic)
    return p


def _centred(container, text: str, size: float, bold: bool = False, italic: bool = False):
    return _paragraph(container, text, size, bold, italic, WD_ALIGN_PARAGRAPH.CENTER,
                      indent=False, before=Pt(0))


def _rule(container, width_mm: float, column_mm: float) -> None:
    """A solid centred rule width_mm long: the top border of an empty paragraph indented
    to that width inside a column column_mm wide."""
    p = _paragraph(container, size=2, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False,
                   before=Pt(3))
    side = Mm(max(0.0, (column_mm - width_mm) / 2))
    p.paragraph_format.left_indent = side
    p.paragraph_format.right_indent = side
    p.paragraph_format.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"),
                       ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    # WordprocessingML orders a paragraph's properties: the borders come before these
    p._p.get_or_add_pPr().insert_element_before(borders, *PBDR_SUCCESSORS)


def _two_columns(doc, widths_mm: tuple[float, float]):
    """A borderless one-row table of two columns of fixed widths; its two cells."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # a fixed layout: Word keeps the widths below
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    cells = table.rows[0].cells
    for cell in cells:  # a new cell holds one empty paragraph: reuse none, drop it later
        cell._tc.remove(cell.paragraphs[0]._p)
    return cells


def _page_numbers(section) -> None:
    """Page numbers centred in the top margin, from page 2 (the first page shows none)."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    p._p.append(field)
    props = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "26")
    props.append(fonts)
    props.append(size)
    run.insert(0, props)


def _document_defaults(doc) -> None:
    """Times New Roman instead of the template's theme fonts (a theme font would win over
    a named one), Vietnamese as the language (Word's spelling), single spacing."""
    styles = doc.styles.element
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in list(fonts.attrib):
            if attr.endswith("Theme") or attr.endswith("theme"):
                del fonts.attrib[attr]
        for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attr), FONT)
    for lang in styles.iter(qn("w:lang")):
        lang.set(qn("w:val"), LANGUAGE)
    for spacing in styles.iter(qn("w:spacing")):
        if spacing.getparent().getparent().tag == qn("w:pPrDefault"):
            spacing.set(qn("w:after"), "0")
            spacing.set(qn("w:line"), "240")


def _new_document():
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Mm(10)
    _document_defaults(doc)
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    doc.core_properties.title = labels.DOC_TYPE
    doc.core_properties.author = ""
    doc.core_properties.comments = ""
    _page_numbers(section)
    # the default document opens with an empty paragraph: the header block comes first
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    return doc


# ---------------------------------------------------------------------------
# The document
# ---------------------------------------------------------------------------

def _header_block(doc, data: ReportData) -> None:
    issuer = _issuer(data.plan)
    left, right = _two_columns(doc, HEADER_COLUMNS_MM)
    for line in issuing_body_lines(issuer):
        _centred(left, line, 13, bold=True)
    _rule(left, BODY_RULE_MM, HEADER_COLUMNS_MM[0])
    _centred(left, labels.DOC_NUMBER.format(blank=labels.BLANK,
                                            body=body_abbreviation(data.plan)), 13)
    _centred(right, labels.NATIONAL_NAME, 12, bold=True)
    _centred(right, labels.NATIONAL_MOTTO, 13, bold=True)
    _rule(right, MOTTO_RULE_MM, HEADER_COLUMNS_MM[1])
    place = _centred(right, labels.PLACE_DATE.format(
        place=place_name(issuer), blank=labels.BLANK, year=data.as_of.year), 14, italic=True)
    place.paragraph_format.space_before = Pt(6)


def _title(doc, data: ReportData) -> None:
    # a plan without a number is named by its title
    numbered = is_issued_number(data.plan.info.get("number"))
    subject = labels.SUBJECT.format(plan=_plan_reference(data.plan, about=not numbered))
    first = _centred(doc, labels.DOC_TYPE, 14, bold=True)
    first.paragraph_format.space_before = Pt(18)
    _centred(doc, subject, 14, bold=True)
    _rule(doc, TITLE_RULE_MM, TEXT_WIDTH_MM)


def _heading(doc, text: str) -> None:
    """A part or section heading, kept on the page of the text it heads."""
    _paragraph(doc, text, bold=True).paragraph_format.keep_with_next = True


def _items(doc, lines: list[str]) -> None:
    """A dash list: each item on its own paragraph, ";" between, "." after the last."""
    for i, line in enumerate(lines):
        end = "." if i == len(lines) - 1 else ";"
        _paragraph(doc, f"- {line.rstrip('.;')}{end}")


def _pct(value: object) -> str:
    return percent_text(None if value is None or pd.isna(value) else float(value))


def _cause(value: object) -> str:
    return labels.NO_CAUSE if is_blank(value) else str(value)


def _explained(value: object) -> str:
    return labels.NO_EXPLANATION if is_blank(value) else labels.QUOTED.format(
        text=normalize_text(str(value)))


def _in_sentence(text: str) -> str:
    """A status or list heading inside a sentence: its first letter in lower case."""
    return text[:1].lower() + text[1:]


def _status(key: object) -> str:
    return _in_sentence(labels.STATUS_TEXT.get(str(key), ""))


def _results(doc, data: ReportData) -> None:
    top = headline(data)
    as_of = format_date(data.as_of)
    _heading(doc, labels.PART_RESULTS)
    _heading(doc, labels.SECTION_OVERALL)
    if top.pct is None:
        _paragraph(doc, labels.OVERALL_NO_PCT.format(as_of=as_of, achieved=top.achieved,
                                                     total=top.total))
    else:
        _paragraph(doc, labels.OVERALL.format(as_of=as_of, achieved=top.achieved,
                                              total=top.total, pct=percent_text(top.pct)))
    _paragraph(doc, labels.LEAVES_INTRO.format(leaves=top.leaves))
    _items(doc, [labels.BUCKET_SENTENCE[key].format(count=count)
                 for key, count in top.buckets.items()])
    if top.not_reported:
        _paragraph(doc, labels.TASKS_NOT_REPORTED.format(count=top.not_reported))
    if top.no_deadline:
        _paragraph(doc, labels.TASKS_NO_DEADLINE.format(count=top.no_deadline))
    _leaders(doc, data)
    _paragraph(doc, labels.SEE_APPENDIX)
    _heading(doc, labels.SECTION_NOT_REPORTED)
    missing = data.not_reported
    if missing.empty:
        _paragraph(doc, labels.ALL_REPORTED)
        return
    _paragraph(doc, labels.UNITS_NOT_REPORTED.format(as_of=as_of, count=len(missing)))
    _items(doc, [" ".join(filter(None, (labels.UNIT_NOT_REPORTED.format(
        name=row.name, tasks=row.tasks), str(row.note or "")))) for row in missing.itertuples()])


def _leaders(doc, data: ReportData) -> None:
    """Per Lãnh đạo phụ trách, one line of the figures of the summary by leader (nothing
    when no task names a leader)."""
    lines = []
    for s in leader_summaries(data):
        line = labels.LEADER_SENTENCE.format(leader=s.leader, tasks=s.tasks, **s.buckets)
        if s.not_reported:
            line += labels.LEADER_NOT_REPORTED.format(count=s.not_reported)
        if s.pct is not None:
            line += labels.LEADER_PCT.format(pct=percent_text(s.pct))
        lines.append(line)
    if lines:
        _paragraph(doc, labels.LEADERS_INTRO)
        _items(doc, lines)


def _accounts(doc, explain: pd.DataFrame, task: str) -> None:
    """What each lead that owes an explanation for task said (nguyên nhân, giải trình, and
    its Đề xuất when it made one: an extension asked for is the leaders' to decide)."""
    for row in explain[explain["task"] == task].itertuples():
        proposal = "" if is_blank(row.proposal) else labels.UNIT_PROPOSAL.format(
            proposal=_explained(row.proposal))
        _paragraph(doc, "+ " + labels.UNIT_ACCOUNT.format(
            name=row.name, status=_status(row.status), cause=_cause(row.cause),
            explanation=_explained(row.explanation)) + proposal + ".")


def _shortcomings(doc, data: ReportData) -> None:
    leads = lead_names(data)
    explain = explanation_rows(data)
    _heading(doc, labels.PART_SHORTCOMINGS)
    _heading(doc, labels.SECTION_OVERDUE)
    overdue = overdue_tasks(data)
    if overdue.empty:
        _paragraph(doc, labels.NONE_OVERDUE)
    for t in overdue.itertuples():
        if t.days_late is None or pd.isna(t.days_late):  # failed before its deadline
            detail = labels.OPEN_DETAIL.format(deadline=format_date(t.deadline),
                                               status=_status(t.status))
        else:
            detail = labels.OVERDUE_DETAIL.format(deadline=format_date(t.deadline),
                                                  days=int(t.days_late),
                                                  status=_status(t.status))
        reached = _pct(t.pct)
        if reached:
            detail += ", " + labels.REACHED.format(pct=reached)
        _paragraph(doc, "- " + labels.TASK_LINE.format(code=t.code, content=t.content,
                                                       leads=t.leads) + "; " + detail + ".")
        _accounts(doc, explain, t.code)
    late = counted_tasks(data, "late_done")
    content = dict(zip(data.plan.tasks["code"], data.plan.tasks["content"], strict=True))
    number = 2
    if len(late):
        _heading(doc, labels.SECTION_LATE)
        number = 3
        for t in late.itertuples():
            detail = labels.LATE_DETAIL.format(deadline=format_date(t.deadline),
                                               completed=format_date(t.completed))
            _paragraph(doc, "- " + labels.TASK_LINE.format(
                code=t.code, content=content.get(t.code), leads=leads.get(t.code, ""))
                + "; " + detail + ".")
            _accounts(doc, explain, t.code)
    _heading(doc, labels.SECTION_CAUSES.format(number=number))
    if explain.empty:
        _paragraph(doc, labels.NOTHING_TO_EXPLAIN)
        return
    _paragraph(doc, labels.CAUSES_SUMMARY.format(count=len(explain)))
    causes = explain["cause"].map(lambda c: labels.CAUSE_NOT_GIVEN if is_blank(c) else str(c))
    _items(doc, [labels.CAUSE_COUNT.format(cause=cause, count=count)
                 for cause, count in causes.value_counts(sort=False).items()])


def _proposals(doc, data: ReportData) -> None:
    """III: under each rule of the plan, quoted as the award sheet quotes it, the units or
    tasks it lists (DESIGN §6: the rule applied is the rule stated)."""
    from thidua.core.criteria import AWARD, CRITICISE

    explained = explanations(data)

    def of(table: pd.DataFrame, code: str) -> pd.DataFrame:
        return table[table["rule"] == code] if len(table) else table

    def listed(table: pd.DataFrame) -> list[str]:
        return [labels.CRITICISE_ITEM.format(
            name=c.name, task=c.task, status=_in_sentence(str(c.status or "")),
            cause=_cause(c.cause),
            explanation=_explained(explained.get((c.unit, c.task)))) for c in table.itertuples()]

    _heading(doc, labels.PART_AWARDS)
    _heading(doc, labels.SECTION_AWARD)
    for rule, sentence in data.rules:
        if rule.action != AWARD:
            continue
        _paragraph(doc, labels.RULE_QUOTED.format(rule=sentence))
        awards = of(data.awards, rule.code)
        if awards.empty:
            _paragraph(doc, labels.NO_AWARD)
            continue
        _paragraph(doc, labels.AWARD_COUNT.format(count=len(awards)))
        _items(doc, [labels.AWARD_ITEM.format(name=a.name, led=a.led, on_time=a.on_time,
                                              rate=percent_text(a.rate))
                     for a in awards.itertuples()])
    _heading(doc, labels.SECTION_CRITICISE)
    for rule, sentence in data.rules:
        if rule.action != CRITICISE:
            continue
        _paragraph(doc, labels.RULE_QUOTED.format(rule=sentence))
        criticised = of(data.criticised, rule.code)
        if criticised.empty:
            _paragraph(doc, labels.NO_CRITICISE)
        else:
            _items(doc, listed(criticised))
    if len(data.vertical):
        _heading(doc, labels.SECTION_VERTICAL)
        _items(doc, listed(data.vertical))


def _next(doc, data: ReportData) -> None:
    leads = lead_names(data)
    content = dict(zip(data.plan.tasks["code"], data.plan.tasks["content"], strict=True))
    open_ = counted_tasks(data, "open_in_time").sort_values("deadline", kind="stable")
    _heading(doc, labels.PART_NEXT)
    _heading(doc, labels.SECTION_OPEN)
    if open_.empty:
        _paragraph(doc, labels.NONE_OPEN)
    lines = []
    for t in open_.itertuples():
        detail = labels.OPEN_DETAIL.format(deadline=format_date(t.deadline),
                                           status=_status(t.status))
        reached = _pct(t.pct)
        if reached:
            detail += ", " + labels.REACHED.format(pct=reached)
        lines.append(labels.TASK_LINE.format(code=t.code, content=content.get(t.code),
                                             leads=leads.get(t.code, "")) + "; " + detail)
    _items(doc, lines)
    _heading(doc, labels.SECTION_CATCH_UP)
    owner = data.plan.info.get("owner_unit")
    _paragraph(doc, labels.CATCH_UP.format(
        owner=labels.THE_OFFICE if is_blank(owner) else str(owner), due=_catch_up_due(data)))
    _paragraph(doc, labels.ENDING.format(plan=_plan_reference(data.plan, about=False)))


def _catch_up_due(data: ReportData) -> str:
    """" trước ngày …": Hạn nộp báo cáo when it is still ahead; with a schedule ("ngày 20
    hằng tháng"), its next due day on or after R, and the schedule as the plan writes it."""
    due = data.plan.info.get("return_due")
    if isinstance(due, dt.date):
        return labels.CATCH_UP_DUE.format(day=format_date(due)) if due >= data.as_of else ""
    schedule = data.plan.info.get("return_schedule")
    if schedule is None:
        return ""
    upcoming = [day for _, day in schedule.due_dates(data.as_of, data.as_of + dt.timedelta(
        days=400)) if day >= data.as_of]
    return labels.CATCH_UP_SCHEDULE.format(day=format_date(min(upcoming)),
                                           schedule=schedule.text) if upcoming else ""


def _signature(doc, data: ReportData) -> None:
    left, right = _two_columns(doc, SIGN_COLUMNS_MM)
    title = _paragraph(left, labels.RECIPIENTS_TITLE, 12, bold=True, italic=True,
                       align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, before=Pt(12))
    title.paragraph_format.keep_with_next = True
    for line in labels.RECIPIENTS:
        _paragraph(left, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT, indent=False, before=Pt(0))
    committee = _committee_rest(_issuer(data.plan)) is not None
    authority = labels.SIGN_COMMITTEE if committee else labels.SIGN_OTHER
    first = True
    for line in authority:
        p = _centred(right, line, 14, bold=True)
        if first:
            p.paragraph_format.space_before = Pt(12)
            first = False
    for _ in range(4):  # room for the signature and the seal
        _centred(right, "", 14)
    _centred(right, labels.LONG_BLANK, 14, bold=True)


def build_narrative(data: ReportData):
    """The Báo cáo as a python-docx Document (not saved)."""
    doc = _new_document()
    _header_block(doc, data)
    _title(doc, data)
    _paragraph(doc, labels.OPENING.format(
        plan=_plan_reference(data.plan, about=True), as_of=format_date(data.as_of),
        issuer=_issuer(data.plan) or labels.THE_OFFICE))
    _results(doc, data)
    _shortcomings(doc, data)
    _proposals(doc, data)
    _next(doc, data)
    _signature(doc, data)
    return doc


def write_narrative(path: str | Path, data: ReportData) -> Path:
    """Write the Báo cáo atomically to path."""
    path = Path(path)
    doc = build_narrative(data)
    with atomic_path(path) as tmp:
        doc.save(str(tmp))
    return path


def save_narrative(data: ReportData, path: Path) -> Path:
    """Write the Báo cáo to path, or beside it (-2, -3 …) when that file is open in Word."""
    return write_or_beside(path, lambda target: write_narrative(target, data))

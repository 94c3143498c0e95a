"""Each defect of the canonical workbook is reported with its code, sheet, cell and a
Vietnamese message; nothing else in the sample is disturbed."""

from __future__ import annotations

import unicodedata

import pytest

from thidua.core.parsing.legacy import unicode_to_tcvn3
from thidua.read.plan import read_plan

from factories import PHASES, PLAN, TASKS, UNITS, column_of, defect, row_of, set_cell

BASELINE = {"group-no-members", "missing-baseline"}  # the sample's own two warnings


def issues_of(path):
    plan, report = read_plan(path)
    found = {(i.code, i.sheet, i.cell): i for i in report.issues}
    return plan, report, found


def new_issues(report):
    return [i for i in report.issues if i.code not in BASELINE]


def only(report, code):
    matching = [i for i in new_issues(report) if i.code == code]
    assert matching, f"no {code} in {[(i.code, i.cell) for i in report.issues]}"
    return matching[0]


def test_duplicate_task_code_points_at_the_second_row(tmp_path):
    path, cell = defect(tmp_path, "duplicate-task-code",
                        lambda b: set_cell(b[TASKS], "4", "Mã NV", "3"))
    _, report, _ = issues_of(path)
    issue = only(report, "duplicate-task")
    assert (issue.severity, issue.sheet, issue.cell, issue.value) == ("error", TASKS, cell, "3")
    assert "A4" in issue.message  # where the first "3" stands
    assert [i.code for i in new_issues(report)] == ["duplicate-task"]


def test_unknown_parent_task_suggests_nothing_silently(tmp_path):
    path, cell = defect(tmp_path, "unknown-parent",
                        lambda b: set_cell(b[TASKS], "5.1", "Nhiệm vụ cha", "55"))
    _, report, _ = issues_of(path)
    issue = only(report, "unknown-parent-task")
    assert (issue.cell, issue.column, issue.value) == (cell, "Nhiệm vụ cha", "55")


def test_unknown_lead_gets_the_closest_unit_name(tmp_path):
    path, cell = defect(tmp_path, "misspelt-lead", lambda b: set_cell(
        b[TASKS], "14", "Đơn vị chủ trì", "Phòng Lao động Thương binh Xã hội"))
    _, report, _ = issues_of(path)
    issue = only(report, "unknown-unit")
    assert issue.cell == cell
    assert "Có phải ý bạn là “Phòng Lao động - Thương binh và Xã hội”?" in issue.message


def test_group_may_not_lead(tmp_path):
    path, cell = defect(tmp_path, "group-leads", lambda b: set_cell(
        b[TASKS], "14", "Đơn vị chủ trì", "UBND các xã, thị trấn"))
    _, report, _ = issues_of(path)
    issue = only(report, "group-leads")
    assert (issue.severity, issue.cell) == ("error", cell)


@pytest.mark.parametrize(("name", "code", "header", "value", "issue_code"), [
    ("fraction-too-big", "11.ii", "Giá trị mục tiêu", 1.5, "bad-fraction"),
    ("fraction-zero", "11.ii", "Giá trị mục tiêu", 0, "bad-fraction"),
    ("weight-zero", "3", "Trọng số", 0, "bad-weight"),
    ("weight-negative", "3", "Trọng số", -1, "bad-weight"),
    ("bad-date", "3", "Hạn hoàn thành", "31/02/2024", "bad-date"),
    ("garbage-number", "13", "Giá trị mục tiêu", "bốn", "bad-number"),
    ("unknown-kind", "13", "Loại chỉ tiêu", "Số luợng đếm", "unknown-kind"),
    ("bad-comparison", "13", "So sánh", "khoảng", "bad-comparison"),
    ("unknown-phase", "13", "Đợt", "CD9", "unknown-phase"),
])
def test_bad_values_are_reported_at_their_cell(tmp_path, name, code, header, value, issue_code):
    path, cell = defect(tmp_path, name, lambda b: set_cell(b[TASKS], code, header, value))
    _, report, _ = issues_of(path)
    issue = only(report, issue_code)
    assert (issue.severity, issue.sheet, issue.cell, issue.column) == ("error", TASKS, cell,
                                                                       header)
    assert [i.code for i in new_issues(report)] == [issue_code]


def test_unknown_kind_suggests_the_closest_kind(tmp_path):
    path, _ = defect(tmp_path, "kind-typo", lambda b: set_cell(b[TASKS], "13", "Loại chỉ tiêu",
                                                               "Số lượng nhà"))
    _, report, _ = issues_of(path)
    assert "Số lượng" in only(report, "unknown-kind").message


def test_cumulative_x_above_y(tmp_path):
    path, cell = defect(tmp_path, "x-above-y", lambda b: set_cell(b[TASKS], "8.i", "Quy mô", 80))
    _, report, _ = issues_of(path)
    issue = only(report, "scale-below-target")
    assert (issue.cell, issue.value) == (cell, "80")
    assert "82" in issue.message


def test_rate_needs_a_comparison(tmp_path):
    path, cell = defect(tmp_path, "rate-without-comparison",
                        lambda b: set_cell(b[TASKS], "12", "So sánh", None))
    _, report, _ = issues_of(path)
    assert only(report, "missing-comparison").cell == cell


def test_count_needs_a_target(tmp_path):
    path, cell = defect(tmp_path, "count-without-target",
                        lambda b: set_cell(b[TASKS], "14", "Giá trị mục tiêu", None))
    _, report, _ = issues_of(path)
    assert only(report, "missing-target").cell == cell


def test_required_cells(tmp_path):
    def edit(book):
        return (set_cell(book[TASKS], "3", "Nội dung", None),
                set_cell(book[TASKS], "4", "Đơn vị chủ trì", None))

    path, (content, lead) = defect(tmp_path, "required-blank", edit)
    _, report, _ = issues_of(path)
    assert {(i.code, i.cell) for i in new_issues(report)} == {("required", content),
                                                              ("required", lead)}


def test_deadline_outside_plan_is_a_warning(tmp_path):
    path, cell = defect(tmp_path, "late-deadline",
                        lambda b: set_cell(b[TASKS], "3", "Hạn hoàn thành", "30/06/2024"))
    _, report, _ = issues_of(path)
    issue = only(report, "deadline-outside-plan")
    assert (issue.severity, issue.cell) == ("warning", cell)
    assert report.ok


def test_parent_deadline_earlier_than_a_child_is_a_warning(tmp_path):
    path, cell = defect(tmp_path, "parent-early",
                        lambda b: set_cell(b[TASKS], "11", "Hạn hoàn thành", "25/04/2024"))
    _, report, _ = issues_of(path)
    assert only(report, "parent-deadline-early").cell == cell


def test_multi_without_children(tmp_path):
    path, _ = defect(tmp_path, "multi-alone",
                     lambda b: set_cell(b[TASKS], "13", "Loại chỉ tiêu", "Nhiều hạng mục"))
    _, report, _ = issues_of(path)
    assert only(report, "multi-no-children").value == "13"


def test_parent_cycle(tmp_path):
    path, _ = defect(tmp_path, "cycle", lambda b: set_cell(b[TASKS], "5", "Nhiệm vụ cha", "5.1"))
    _, report, _ = issues_of(path)
    assert {i.value for i in new_issues(report) if i.code == "parent-cycle"} == {"5", "5.1"}


def test_effective_after_deadline(tmp_path):
    path, cell = defect(tmp_path, "effective-late",
                        lambda b: set_cell(b[TASKS], "11.i", "Hiệu lực từ", "20/05/2024"))
    _, report, _ = issues_of(path)
    assert only(report, "effective-after-deadline").cell == cell


def test_overlapping_phases(tmp_path):
    def edit(book):
        ws = book[PHASES]
        ws.append(["CD2", "Đợt hai", "10/05/2024", "19/05/2024", None])
        return f"C{ws.max_row}"

    path, cell = defect(tmp_path, "phase-overlap", edit)
    _, report, _ = issues_of(path)
    issue = only(report, "phase-overlap")
    assert (issue.sheet, issue.cell, issue.value) == (PHASES, cell, "CD2")


def test_phases_sharing_a_boundary_day_do_not_overlap(tmp_path):
    def edit(book):
        ws = book[PHASES]
        ws["D2"] = "05/05/2024"
        ws.append(["CD2", "Đợt hai", "05/05/2024", "19/05/2024", None])

    path, _ = defect(tmp_path, "phase-boundary", edit)
    _, report, _ = issues_of(path)
    assert "phase-overlap" not in report.codes()
    assert report.ok


def test_duplicate_unit_code_and_ambiguous_alias(tmp_path):
    def edit(book):
        ws = book[UNITS]
        set_cell(ws, "NV", "Mã ĐV", "TCKH")
        return set_cell(ws, "VHTT", "Tên gọi khác", "Phòng Kinh tế và Hạ tầng")

    path, alias_cell = defect(tmp_path, "unit-clash", edit)
    _, report, _ = issues_of(path)
    assert only(report, "duplicate-unit").value == "TCKH"
    assert only(report, "ambiguous-unit-name").cell == alias_cell


def test_unknown_group_member(tmp_path):
    path, cell = defect(tmp_path, "unknown-member",
                        lambda b: set_cell(b[UNITS], "N_CDT", "Thành viên", "BQLDA; XYZ"))
    _, report, _ = issues_of(path)
    issue = only(report, "unknown-member")
    assert (issue.cell, issue.value) == (cell, "XYZ")


def test_plan_period_reversed(tmp_path):
    def edit(book):
        book[PLAN]["B8"] = "01/04/2024"

    path, _ = defect(tmp_path, "period-reversed", edit)
    _, report, _ = issues_of(path)
    issue = only(report, "plan-period")
    assert (issue.sheet, issue.cell) == (PLAN, "B8")


def test_renamed_header_is_missing_with_the_closest_suggestion(tmp_path):
    def edit(book):
        ws = book[TASKS]
        ws.cell(1, column_of(ws, "Đơn vị chủ trì")).value = "Đơn vi chu tri (*)x"

    path, _ = defect(tmp_path, "renamed-header", edit)
    _, report, _ = issues_of(path)
    issue = only(report, "missing-column")
    assert issue.sheet == TASKS
    assert "Đơn vi chu tri (*)x" in issue.message


def test_header_spelling_variants_are_accepted(tmp_path):
    def edit(book):
        ws = book[TASKS]
        ws.cell(1, column_of(ws, "Mã NV")).value = "  MÃ  nv (*) "
        ws.cell(1, column_of(ws, "Hạn hoàn thành")).value = unicodedata.normalize(
            "NFD", "Thời hạn")
        ws.cell(1, column_of(ws, "Đơn vị chủ trì")).value = "ĐƠN VỊ CHỦ TRÌ"
        ws.cell(1, column_of(ws, "Loại chỉ tiêu")).value = "Loai chi tieu"

    path, _ = defect(tmp_path, "header-variants", edit)
    plan, report, _ = issues_of(path)
    assert new_issues(report) == []
    assert len(plan.tasks) == 33


def test_missing_sheet_names_the_closest_sheet(tmp_path):
    def edit(book):
        book[UNITS].title = "DS don vi cu"

    path, _ = defect(tmp_path, "missing-sheet", edit)
    _, report, _ = issues_of(path)
    issue = only(report, "missing-sheet")
    assert issue.sheet == UNITS
    assert "DS don vi cu" in issue.message
    assert not report.ok


def test_alias_sheet_name_is_read_with_a_warning(tmp_path):
    def edit(book):
        book[TASKS].title = "Biểu chi tiết"

    path, _ = defect(tmp_path, "alias-sheet", edit)
    plan, report, _ = issues_of(path)
    assert only(report, "renamed-sheet").sheet == "Biểu chi tiết"
    assert report.ok and len(plan.tasks) == 33


def test_hidden_sheet_is_read_with_a_warning(tmp_path):
    path, _ = defect(tmp_path, "hidden-sheet",
                     lambda b: setattr(b[UNITS], "sheet_state", "hidden"))
    plan, report, _ = issues_of(path)
    assert only(report, "hidden-sheet").sheet == UNITS
    assert report.ok and len(plan.units) == 34


def test_blank_rows_are_skipped_and_rows_keep_their_excel_numbers(tmp_path):
    def edit(book):
        book[TASKS].insert_rows(5, amount=3)

    path, _ = defect(tmp_path, "blank-rows", edit)
    plan, report, _ = issues_of(path)
    assert new_issues(report) == []
    assert len(plan.tasks) == 33
    assert plan.tasks.index[plan.tasks["code"] == "4"].tolist() == [8]


def test_total_row_is_skipped_with_a_warning(tmp_path):
    def edit(book):
        ws = book[TASKS]
        ws.append(["Tổng cộng", None, "33 nhiệm vụ"])
        return ws.max_row

    path, row = defect(tmp_path, "total-row", edit)
    plan, report, _ = issues_of(path)
    issue = only(report, "total-row")
    assert issue.cell == f"A{row}"
    assert len(plan.tasks) == 33


def test_merged_header_cells_are_reported(tmp_path):
    def edit(book):
        ws = book[TASKS]
        col = column_of(ws, "Đơn vị chủ trì")
        ws.merge_cells(start_row=1, start_column=col, end_row=1, end_column=col + 1)

    path, _ = defect(tmp_path, "merged-header", edit)
    _, report, _ = issues_of(path)
    assert only(report, "merged-header").cell == "O1"
    lost = only(report, "missing-optional-column")
    assert lost.message.startswith("Không có cột “Đơn vị phối hợp”")


def test_formula_without_cached_value_is_an_error_not_zero(tmp_path):
    def edit(book):
        return set_cell(book[TASKS], "14", "Giá trị mục tiêu", "=80+3")

    path, cell = defect(tmp_path, "formula-no-cache", edit)
    _, report, _ = issues_of(path)
    issue = only(report, "formula-no-value")
    assert (issue.cell, issue.value) == (cell, "=80+3")
    assert not report.ok


def test_excel_error_value_is_reported(tmp_path):
    path, cell = defect(tmp_path, "excel-error",
                        lambda b: set_cell(b[TASKS], "14", "Giá trị mục tiêu", "#REF!"))
    _, report, _ = issues_of(path)
    assert only(report, "excel-error").cell == cell


def test_nfd_text_is_normalised_and_matches(tmp_path):
    def edit(book):
        ws = book[TASKS]
        cell = ws.cell(row_of(ws, "14"), column_of(ws, "Đơn vị chủ trì"))
        cell.value = unicodedata.normalize("NFD", "Phòng Lao động - Thương binh và Xã hội")

    path, _ = defect(tmp_path, "nfd-text", edit)
    plan, report, _ = issues_of(path)
    assert new_issues(report) == []
    row = plan.tasks[plan.tasks["code"] == "14"].iloc[0]
    assert row["lead_codes"] == ["LDTBXH"]
    assert unicodedata.is_normalized("NFC", row["leads"][0])


def test_old_tone_placement_matches(tmp_path):
    path, _ = defect(tmp_path, "old-tones", lambda b: set_cell(
        b[TASKS], "15", "Đơn vị phối hợp", "UBND các xã, thị trấn; Hạt Quản lý đê Hiệp Hoà"))
    plan, report, _ = issues_of(path)
    assert new_issues(report) == []
    assert plan.tasks[plan.tasks["code"] == "15"].iloc[0]["partner_codes"] == ["N_XA", "HQLD"]


def test_tcvn3_text_with_a_vn_font_is_converted(tmp_path):
    from openpyxl.styles import Font

    def edit(book):
        ws = book[TASKS]
        cell = ws.cell(row_of(ws, "14"), column_of(ws, "Đơn vị chủ trì"))
        cell.value = unicode_to_tcvn3("phòng lao động - thương binh và xã hội")
        cell.font = Font(name=".VnTime")
        content = ws.cell(row_of(ws, "14"), column_of(ws, "Nội dung"))
        content.value = unicode_to_tcvn3("khởi công sửa chữa nhà")
        content.font = Font(name=".VnTime")
        return cell.coordinate

    path, _ = defect(tmp_path, "tcvn3-text", edit)
    plan, report, _ = issues_of(path)
    issue = only(report, "legacy-text")
    assert issue.severity == "warning" and "2 ô" in issue.message and "TCVN3" in issue.message
    row = plan.tasks[plan.tasks["code"] == "14"].iloc[0]
    assert row["content"] == "khởi công sửa chữa nhà"
    assert row["lead_codes"] == ["LDTBXH"]
    assert report.ok


def test_vni_text_with_a_vni_font_is_converted(tmp_path):
    from openpyxl.styles import Font

    from thidua.core.parsing.legacy import unicode_to_vni

    def edit(book):
        ws = book[TASKS]
        cell = ws.cell(row_of(ws, "3"), column_of(ws, "Ghi chú"))
        cell.value = unicode_to_vni("Đã trình Tờ trình số 15")
        cell.font = Font(name="VNI-Times")

    path, _ = defect(tmp_path, "vni-text", edit)
    plan, report, _ = issues_of(path)
    assert "VNI" in only(report, "legacy-text").message
    assert plan.tasks.loc[plan.tasks["code"] == "3", "note"].iloc[0] == "Đã trình Tờ trình số 15"


def test_issues_are_listed_in_reading_order(tmp_path):
    def edit(book):
        set_cell(book[TASKS], "14", "Hạn hoàn thành", "32/4/2024")
        set_cell(book[TASKS], "3", "Trọng số", 0)
        set_cell(book[UNITS], "NV", "Mã ĐV", "TCKH")
        book[PLAN]["B8"] = "ngày mai"

    path, _ = defect(tmp_path, "many", edit)
    _, report, _ = issues_of(path)
    where = [(i.sheet, i.cell) for i in report.issues if i.severity == "error"]
    # G35: group N_PCM lists member "NV", whose code just changed
    assert where == [(PLAN, "B8"), (UNITS, "A6"), (UNITS, "G35"), (TASKS, "R4"), (TASKS, "M30")]

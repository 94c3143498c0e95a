"""The Vietnamese patterns `thidua draft` reads plans with, each on its seed sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.core import labels
from thidua.core import plan_text as pt
from thidua.core.drafting import Block, _read_target, _several, draft_plan, units_in


@pytest.mark.parametrize("clause, kind, comparison, target, scale", [
    # seed 000, task 1: "từ …% trở lên"
    ("từ 40% dự toán huyện giao trở lên", "rate", ">=", 40, None),
    # seed 000, task 12 ("Phần đầu" is the plan's typo for "Phấn đấu")
    ("Phần đầu tỷ lệ cử tri đồng thuận đạt từ 95% trở lên", "rate", ">=", 95, None),
    ("tỷ lệ tiêm chủng trên 95%", "rate", ">", 95, None),
    # seed 000, task 8.i and 15: "x/y"
    ("82/85ha diện tích thực hiện dự án", "cumulative", ">=", 82, 85),
    ("Người tham gia BHXH tự nguyện (lũy kê) đạt 6.798/7.800 người (tăng 688 người so với "
     "tháng 3/2024)", "cumulative", ">=", 6798, 7800),
    # "tăng … so với"
    ("tăng 688 người so với tháng 3/2024", "increase", None, 688, None),
    # seed 000, task 11: "giảm 1/2"
    ("Đến 30/4/2024 giảm 1/2 hồ sơ quá hạn thuộc lĩnh vực đất đai so với tháng 3/2024",
     "reduce_fraction", None, 0.5, None),
    # "giảm … còn"
    ("số hộ nghèo giảm còn 14 hộ", "reduce_to", "<=", 14, None),
    # "không có"
    ("Không có hồ sơ quá hạn", "zero", None, 0, None),
    # seed 000, task 14: a count with its unit
    ("Khởi công sửa chữa, xây mới 83 ngôi nhà hỗ trợ hộ nghèo", "count", None, 83, None),
    # seed 002: "ít nhất"
    ("Xây dựng ít nhất 01 mô hình điển hình", "count", ">=", 1, None),
    # "phấn đấu … đạt"
    ("Phấn đấu tỷ lệ gia đình văn hóa đạt 95%", "rate", ">=", 95, None),
    # "không để xảy ra"
    ("Không để xảy ra cháy rừng trên địa bàn", "zero", None, 0, None),
    # a cycle is no month: "mỗi tháng 01 lần" (seed 002)
    ("vệ sinh môi trường ngõ xóm, ít nhất mỗi tháng 01 lần", "count", ">=", 1, None),
])
def test_targets_of_the_seeds(clause, kind, comparison, target, scale):
    t = _read_target(clause)
    assert t is not None
    assert (t.kind, t.comparison, t.target, t.scale) == (kind, comparison, target, scale)


@pytest.mark.parametrize("clause", [
    # numbers that name things, not figures
    "Trình HĐND tỉnh thông qua Đề án đề nghị công nhận huyện Hiệp Hoà đạt tiêu chí đô thị loại 4",
    "Khu dân cư Bách Nhân giai đoạn 2",
    "tại Thông báo số 603- TB/HU",
    "Thực hiện hiệu quả “Xây dựng gia đình 5 không, 3 sạch”",
    "Tăng cường tiêm chủng vắc xin (02/08/2022 3:00 CH)",
])
def test_numbers_that_are_no_target(clause):
    assert _read_target(clause) is None


def test_measures_are_the_words_after_the_figure():
    assert _read_target("83 ngôi nhà hỗ trợ hộ nghèo").measure == "ngôi nhà"
    assert _read_target("từ 40% dự toán huyện giao trở lên").measure == "% dự toán huyện giao"
    assert _read_target("6.798/7.800 người").measure == "người"


@pytest.mark.parametrize("text, role, when", [
    ("xong trước ngày 19/5/2024", "deadline", dt.date(2024, 5, 19)),
    ("hoàn thành trước ngày 30/4/2024", "deadline", dt.date(2024, 4, 30)),
    ("chậm nhất là ngày 15/12/2024", "deadline", dt.date(2024, 12, 15)),
    ("Tổ chức thành công lấy ý kiến cử tri (ngày 21/4/2024)", "deadline", dt.date(2024, 4, 21)),
    ("Đến 30/4/2024 giảm 1/2", "deadline", dt.date(2024, 4, 30)),
    ("Từ ngày 22/4/2024 trở đi", "from", dt.date(2024, 4, 22)),
    ("gửi hồ sơ trước ngày 15 tháng 12 năm 2024", "deadline", dt.date(2024, 12, 15)),
    ("thị trấn đạt tiêu chí xã ATTP trong Quý III/2023", "deadline", dt.date(2023, 9, 30)),
    ("đạt tiêu chí trong năm 2023", "deadline", dt.date(2023, 12, 31)),
    ("báo cáo 6 tháng đầu năm 2024", "deadline", dt.date(2024, 6, 30)),
    ("hoàn thành trong tháng 6/2025", "deadline", dt.date(2025, 6, 30)),
    ("xong trong tháng 12 năm 2024", "deadline", dt.date(2024, 12, 31)),
])
def test_deadlines(text, role, when):
    found = pt.dates_in(text, 2024)
    assert [(d.role, d.date) for d in found] == [(role, when)]


def test_a_plan_named_until_a_year_is_no_deadline():
    # seed 000, task 4: the plan's name, not its deadline
    assert pt.dates_in("Đề án Quy hoạch chung xây dựng đô thị Hiệp Hoà đến năm 2045", 2024) == []
    # in the period sentence it is the campaign's end (seed 003)
    assert pt.dates_in("từ ngày ban hành kế hoạch đến năm 2025", 2022, period=True)[0].date \
        == dt.date(2025, 12, 31)


def test_leads_and_partners_named_by_giao_chu_tri():
    plan = draft_plan([
        Block("II. NỘI DUNG", "đoạn 1"),
        Block("1. Xây dựng ít nhất 02 mô hình dân vận khéo, giao Phòng Nội vụ chủ trì, phối "
              "hợp với Văn phòng HĐND và UBND huyện.", "đoạn 2"),
    ])
    task = plan.tasks[0]
    assert (task["code"], task["kind"], task["target"]) == ("II.1", "count", 2)
    assert task["leads"] == "Phòng Nội vụ"
    assert task["partners"] == "Văn phòng HĐND và UBND huyện"
    assert not [g for g in plan.guesses if g.field == "leads"]


def test_unit_names_stop_at_the_verb():
    text = ("Phòng Văn hóa và Thông tin, Trung tâm Văn hóa - Thông tin và Thể thao đẩy mạnh "
            "tuyên truyền Kế hoạch này")
    assert units_in(text) == ["Phòng Văn hóa và Thông tin",
                              "Trung tâm Văn hóa - Thông tin và Thể thao"]


def test_several_targets_in_one_sentence_become_a_b():
    # seed 002, 2.1 (shortened)
    text = ("Thi đua thực hiện hoàn thành 100% các chỉ tiêu theo Quyết định số 215/QĐ-UBND; "
            "Phấn đấu tỷ lệ hài lòng của người dân đạt từ 80% trở lên")
    assert [label for label, _ in _several(text)] == ["a", "b"]


def test_maintain_and_continuous_wording():
    plan = draft_plan([
        Block("II. NỘI DUNG", "đoạn 1"),
        Block("(1) Xã đạt chuẩn phù hợp với trẻ em: Giữ vững trước ngày 31/12/2024.", "đoạn 2"),
        Block("(2) Tuyên truyền trên hệ thống truyền thanh trong suốt thời gian diễn ra các ngày "
              "lễ, chậm nhất là ngày 19/5/2024.", "đoạn 3"),
    ])
    assert [(t["code"], t["kind"], t["deadline"]) for t in plan.tasks] == [
        ("1", "maintain", dt.date(2024, 12, 31)), ("2", "qualitative", dt.date(2024, 5, 19))]
    assert {(g.row, g.field) for g in plan.guesses if g.field == "kind"} == {(0, "kind"),
                                                                               (1, "kind")}


def test_a_trong_do_parent_keeps_its_own_target():
    plan = draft_plan([
        Block("II. NỘI DUNG", "đoạn 1"),
        Block("(1) Đào tạo nghề cho 180 người, trong đó: (a) 3 người khuyết tật; (b) 20 người "
              "dân tộc thiểu số (trước ngày 30/11/2024).", "đoạn 2"),
    ])
    rows = [(t["code"], t["parent"], t["kind"], t["target"]) for t in plan.tasks]
    assert rows == [("1", None, "count", 180), ("1.a", "1", "count", 3),
                    ("1.b", "1", "count", 20)]
    assert {t["deadline"] for t in plan.tasks} == {dt.date(2024, 11, 30)}


def test_the_leader_in_charge_is_read_with_the_lead():
    plan = draft_plan([
        Block("II. NỘI DUNG", "đoạn 1"),
        Block("1. Giải ngân 100% vốn đầu tư công trước ngày 31/12/2025, giao Ban Quản lý dự án "
              "huyện chủ trì (đồng chí Nguyễn Văn Hùng, Phó Chủ tịch UBND huyện phụ trách).",
              "đoạn 2"),
    ])
    task = plan.tasks[0]
    assert task["leader"] == "đồng chí Nguyễn Văn Hùng, Phó Chủ tịch UBND huyện"
    assert task["leads"] == "Ban Quản lý dự án huyện"
    assert (task["kind"], task["target"], task["deadline"]) == ("rate", 100,
                                                               dt.date(2025, 12, 31))


SEED_LINES = [line for seed in ("000", "001", "002", "003") for line in (
    __import__("pathlib").Path(__file__).resolve().parent / "data" / "seeds" / f"seed{seed}.txt"
).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_any_text_drafts_without_crashing():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    pieces = st.one_of(st.sampled_from(SEED_LINES), st.text(max_size=80),
                       st.sampled_from(["(1)", "- (2) 30/4", "1/2", "Số: /", "ngày 31/02/2024",
                                        "giao chủ trì", "(i) ; (ii)", "trong đó", "%", "6."]))
    lines = st.lists(st.lists(pieces, min_size=1, max_size=4).map(" ".join), max_size=25)

    @settings(max_examples=150, deadline=None)
    @given(lines)
    def run(texts):
        d = draft_plan([Block(t, f"đoạn {i}") for i, t in enumerate(texts, start=1)])
        codes = {t["code"] for t in d.tasks}
        assert len(codes) == len(d.tasks)  # codes stay unique
        assert all(t["parent"] is None or t["parent"] in codes for t in d.tasks)

    run()


def test_a_repeated_number_keeps_both_rows_and_their_children():
    plan = draft_plan([
        Block("II. NỘI DUNG", "đoạn 1"),
        Block("(1) Khởi công 83 ngôi nhà trước ngày 30/4/2024.", "đoạn 2"),
        Block("(1) Hoàn thành: (i) Đề án A; (ii) Đề án B trước ngày 19/5/2024.", "đoạn 3"),
        Block("(1) Tổ chức 02 cuộc đấu giá trước ngày 19/5/2024.", "đoạn 4"),
    ])
    assert [(t["code"], t["parent"]) for t in plan.tasks] == [
        ("1", None), ("II.1", None), ("II.1.i", "II.1"), ("II.1.ii", "II.1"), ("1-2", None)]
    assert [g.value for g in plan.guesses if g.field == "code"] == ["1-2"]


def test_sub_items_on_paragraphs_of_their_own():
    plan = draft_plan([
        Block("II. NỘI DUNG", "đoạn 1"),
        Block("(7) Hoàn thành:", "đoạn 2"),
        Block("(i) Bố trí cải tạo nút giao vòng xuyến trung tâm Tượng đài;", "đoạn 3"),
        Block("(ii) Lắp đặt đèn trang trí qua đường tại thị trấn Thắng trước ngày 19/5/2024.",
              "đoạn 4"),
        Block("(8) Khởi công 83 ngôi nhà trước ngày 30/4/2024.", "đoạn 5"),
    ])
    assert [(t["code"], t["parent"], t["kind"], t["deadline"]) for t in plan.tasks] == [
        ("7", None, "multi", dt.date(2024, 5, 19)),
        ("7.i", "7", "milestone", dt.date(2024, 5, 19)),
        ("7.ii", "7", "milestone", dt.date(2024, 5, 19)),
        ("8", None, "count", dt.date(2024, 4, 30))]


def test_more_wordings_of_commune_and_district_plans():
    texts = [
        "II. NHIỆM VỤ, CHỈ TIÊU",
        "1. Doanh thu du lịch tăng 10% so với cùng kỳ năm 2024.",
        "2. Giảm 1/2 số vụ tai nạn giao thông so với năm 2024.",
        "3. 100% thôn có nhà văn hóa đạt chuẩn.",
        "4. Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng dưới 8%.",
        "5. Số hộ nghèo giảm còn 14 hộ (năm 2024 là 32 hộ).",
        "6. Tổ chức Hội nghị sơ kết 6 tháng đầu năm 2025.",
        "7. Hoàn thành cấp 1.200 giấy chứng nhận quyền sử dụng đất, trong đó cấp lần đầu 300 "
        "giấy.",
        "7.1 Khởi công 83 ngôi nhà trước ngày 30/4/2025.",
    ]
    d = draft_plan([Block(t, f"đoạn {i}") for i, t in enumerate(texts, start=1)])
    got = [(t["code"], t["parent"], t["kind"], t["comparison"], t["target"], t.get("baseline"),
            t["baseline_ref"], t["deadline"]) for t in d.tasks]
    assert got == [
        # a rise in percent writes no count to reach: kind and reference only, flagged
        ("II.1", None, "increase", ">=", None, None, "cùng kỳ năm 2024", None),
        ("II.2", None, "reduce_fraction", None, 0.5, None, "năm 2024", None),
        ("II.3", None, "rate", ">=", 100, None, None, None),
        # "dưới 5 tuổi" names the group; the rate is "dưới 8%"
        ("II.4", None, "rate", "<", 8, None, None, None),
        ("II.5", None, "reduce_to", "<=", 14, 32, "năm 2024", None),
        # "6 tháng đầu năm 2025" is a period, not six of something
        ("II.6", None, "milestone", None, None, None, None, dt.date(2025, 6, 30)),
        ("II.7", None, "count", ">=", 1200, None, None, None),
        ("II.7.a", "II.7", "count", ">=", 300, None, None, None),
        # "7.1" sits under the task "7", which keeps its own target
        ("II.7.1", "II.7", "count", ">=", 83, None, None, dt.date(2025, 4, 30))]
    assert any(g.row == 0 and g.reason == labels.DRAFT_PERCENT_CHANGE for g in d.guesses)

"""Every Vietnamese word the toolkit reads or writes: sheet names, headers, kinds, statuses,
messages, and the vocabulary the parsers recognise. Identifiers stay English; only the
values here are Vietnamese. Nothing else in the package spells Vietnamese text.

Only text lives here. Which fields a sheet has, their types, widths and defaults are in
core/fields.py; what an issue code means besides its message (severity, review, column)
in core/issue_codes.py; families of target kinds in core/kinds.py; status colours in
write/report.py."""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Vocabulary the parsers recognise (matched on match_key(): NFC, canonical tones, casefold).
# ---------------------------------------------------------------------------

#: Phrases that state a comparison, longest first where one contains another.
COMPARISON_WORDS: dict[str, tuple[str, ...]] = {
    ">=": ("từ", "trở lên", "ít nhất", "tối thiểu", "không thấp hơn", "không dưới", "đạt"),
    ">": ("trên", "vượt", "hơn", "cao hơn", "lớn hơn"),
    "<=": ("không quá", "không vượt quá", "tối đa", "không cao hơn", "không vượt", "trở xuống"),
    "<": ("dưới", "thấp hơn", "nhỏ hơn", "ít hơn"),
    "=": ("bằng", "đúng"),
}
#: Comparison phrases written after the number ("từ 40% trở lên"); they override the
#: phrase before it ("từ 10 trở xuống" reads as <=).
POSTFIX_COMPARISON_WORDS: tuple[str, ...] = ("trở lên", "trở xuống")
#: Words that mark a reduction to a level ("giảm còn 14 hộ").
REDUCE_TO_WORDS: tuple[str, ...] = ("giảm còn", "giảm xuống còn", "còn dưới", "còn")
#: Words that mark a change relative to a baseline ("tăng 688 người so với tháng 3").
INCREASE_WORDS: tuple[str, ...] = ("tăng",)
#: The word joining two targets that must both be met ("82/85 ha và 100% hồ sơ").
BOTH_TARGETS_WORD = "và"
REDUCE_WORDS: tuple[str, ...] = ("giảm",)
RELATIVE_WORDS: tuple[str, ...] = ("so với", "so cùng kỳ")
#: Words of a date written out ("ngày 15 tháng 12 năm 2024").
DATE_DAY_WORD = "ngày"
DATE_MONTH_WORD = "tháng"
DATE_YEAR_WORD = "năm"
#: Words of a period written as a deadline ("Quý III/2023", "6 tháng đầu năm 2024"): the
#: period's last day is meant.
DATE_QUARTER_WORD = "quý"
DATE_FIRST_PART_WORD = "đầu"  # "6 tháng đầu năm", "9 tháng đầu năm"
DATE_LAST_PART_WORD = "cuối"  # "6 tháng cuối năm"
#: Words before "năm 2025" that name no last day ("đầu năm 2025", "giữa năm 2025").
DATE_VAGUE_YEAR_WORDS: tuple[str, ...] = ("đầu", "giữa")
#: Periods of a periodic target (core/periods.py), as a clerk names them.
PERIOD_MONTH = "Tháng {month:02d}/{year}"
PERIOD_QUARTER = "Quý {quarter}/{year}"
PERIOD_FIRST_HALF = "6 tháng đầu năm {year}"
PERIOD_SECOND_HALF = "6 tháng cuối năm {year}"
PERIOD_YEAR = "Năm {year}"
#: Nội dung of one period of a periodic task: the period first (the rows of a task read
#: down its periods), then the task's content (for lists that show the row alone).
PERIOD_TASK = "{period} – {content}"
#: Tổng hợp: the status shown for a period of a periodic task that begins after R.
PERIOD_NOT_BEGUN = "Chưa đến kỳ"
#: How plans write a cycle (Chu kỳ), by cycle; matched as whole words, longest first.
CYCLE_WORDS: dict[str, tuple[str, ...]] = {
    "month": ("hàng tháng", "hằng tháng", "mỗi tháng", "từng tháng", "tháng một lần",
              "tháng/lần"),
    "quarter": ("hàng quý", "hằng quý", "mỗi quý", "từng quý", "quý một lần", "quý/lần"),
    "half": ("6 tháng một lần", "sáu tháng một lần", "mỗi 6 tháng", "hằng 6 tháng",
             "hàng 6 tháng", "định kỳ 6 tháng", "6 tháng/lần", "nửa năm một lần"),
    "year": ("hàng năm", "hằng năm", "mỗi năm", "từng năm", "năm một lần", "năm/lần"),
}
#: A cell holding only this names the half-year cycle.
CYCLE_HALF_ALONE = ("6 tháng", "sáu tháng")
#: "mỗi tháng 01 lần": the word after the count of times per period.
CYCLE_TIMES = "lần"
#: Words around a date that do not change it ("trước ngày 19/5/2024" keeps 19/5 on time).
DATE_FILLER_WORDS: tuple[str, ...] = (
    "xong trước ngày", "trước ngày", "trước", "đến ngày", "đến hết ngày", "đến", "hạn",
    "từ ngày", "từ", "trở đi", "chậm nhất", "muộn nhất", "trong", "ngày",
)
#: Words meaning "no / none / zero" as a value.
ZERO_WORDS: tuple[str, ...] = ("không", "không có", "0")

# ---------------------------------------------------------------------------
# The canonical workbook (biểu chi tiết): sheet names, headers and their aliases.
# Each sheet's headers: field key (the English column name inside the toolkit) ->
# (header, aliases). Which fields a sheet has, in what order, typed how: core/fields.py.
# ---------------------------------------------------------------------------

SHEET_PLAN = "Kế hoạch"
SHEET_PHASES = "Đợt thi đua"
SHEET_UNITS = "Đơn vị"
SHEET_TASKS = "Nhiệm vụ"
SHEET_GUIDE = "Hướng dẫn"
CANONICAL_SHEETS = (SHEET_PLAN, SHEET_PHASES, SHEET_UNITS, SHEET_TASKS)
#: Read when present; a workbook without it is complete.
SHEET_UNIT_TARGETS = "Chỉ tiêu theo đơn vị"
OPTIONAL_SHEETS = (SHEET_UNIT_TARGETS,)
SHEET_ALIASES: dict[str, tuple[str, ...]] = {
    SHEET_PLAN: ("Thông tin kế hoạch", "Ke hoach", "KH"),
    SHEET_PHASES: ("Đợt", "Các đợt thi đua", "Dot thi dua"),
    SHEET_UNITS: ("Danh sách đơn vị", "Đơn vị thực hiện", "Don vi"),
    SHEET_TASKS: ("Biểu chi tiết", "Danh mục nhiệm vụ", "Nhiệm vụ, chỉ tiêu", "Nhiem vu"),
    SHEET_UNIT_TARGETS: ("Chỉ tiêu đơn vị", "Chỉ tiêu từng đơn vị", "Giao chỉ tiêu",
                         "Chi tieu theo don vi"),
}

# Kế hoạch is a two-column key/value sheet.
PLAN_HEADER = ("Thông tin", "Giá trị")
PLAN_HEADERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "number": ("Số hiệu", ("Số", "Số kế hoạch", "Số văn bản", "Số ký hiệu")),
    "issuer": ("Cơ quan ban hành", ("Cơ quan", "Đơn vị ban hành", "Nơi ban hành")),
    "issued_on": ("Ngày ban hành", ("Ngày ký", "Ngày kế hoạch")),
    "title": ("Tên kế hoạch", ("Tên", "Trích yếu", "Tên phong trào")),
    "basis": ("Căn cứ", ("Căn cứ ban hành",)),
    "start": ("Ngày bắt đầu", ("Từ ngày", "Bắt đầu")),
    "end": ("Ngày kết thúc", ("Đến ngày", "Kết thúc", "Hạn chung")),
    "data_date": ("Ngày số liệu", ("Ngày báo cáo", "Số liệu tính đến ngày")),
    "return_due": ("Hạn nộp báo cáo", ("Hạn báo cáo", "Hạn gửi báo cáo")),
    "owner_unit": ("Đơn vị theo dõi", ("Đơn vị tổng hợp", "Cơ quan theo dõi")),
    "warning_days": ("Số ngày cảnh báo sắp đến hạn", ("Số ngày cảnh báo", "Cảnh báo trước (ngày)")),
    "award_min_tasks": ("Khen thưởng: số nhiệm vụ chủ trì tối thiểu", ()),
    "award_min_on_time": ("Khen thưởng: tỷ lệ đúng hạn tối thiểu (%)", ()),
    "criticise_causes": ("Phê bình: nguyên nhân bị phê bình", ("Phê bình: nguyên nhân",)),
}

PHASE_HEADERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "code": ("Mã đợt", ("Mã", "Đợt")),
    "name": ("Tên đợt", ("Tên",)),
    "start": ("Từ ngày", ("Ngày bắt đầu", "Bắt đầu")),
    "end": ("Đến ngày", ("Ngày kết thúc", "Kết thúc")),
    "focus": ("Trọng tâm", ("Nội dung trọng tâm", "Ghi chú")),
}

UNIT_HEADERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "code": ("Mã ĐV", ("Mã đơn vị", "Mã", "Ký hiệu")),
    "name": ("Tên đơn vị", ("Đơn vị", "Tên")),
    "aliases": ("Tên gọi khác", ("Tên khác", "Bí danh", "Tên viết tắt")),
    "kind": ("Loại", ("Loại đơn vị", "Phân loại")),
    "level": ("Cấp", ("Cấp hành chính",)),
    "parent": ("Đơn vị cấp trên", ("Cấp trên", "Trực thuộc")),
    "members": ("Thành viên", ("Các thành viên", "Đơn vị thành viên")),
    "email": ("Email", ("Thư điện tử", "E-mail", "Địa chỉ email")),
    "phone": ("Điện thoại", ("Số điện thoại", "SĐT", "ĐT")),
    "valid_from": ("Hiệu lực từ", ("Thành lập từ", "Hoạt động từ", "Từ ngày")),
    "valid_to": ("Hiệu lực đến", ("Kết thúc hoạt động", "Hoạt động đến", "Đến ngày")),
    "successor": ("Đơn vị kế thừa", ("Kế thừa", "Đơn vị tiếp nhận", "Sáp nhập vào")),
    "note": ("Ghi chú", ()),
}

TASK_HEADERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "code": ("Mã NV", ("Mã nhiệm vụ", "STT", "Số TT", "TT", "Mã")),
    "parent": ("Nhiệm vụ cha", ("Mã NV cha", "Thuộc nhiệm vụ", "Mã cha")),
    "content": ("Nội dung", ("Nội dung nhiệm vụ", "Nhiệm vụ", "Tên nhiệm vụ")),
    "target_text": ("Chỉ tiêu", ("Chỉ tiêu, mục tiêu", "Mục tiêu", "Yêu cầu")),
    "kind": ("Loại chỉ tiêu", ("Loại", "Kiểu chỉ tiêu")),
    "comparison": ("So sánh", ("Phép so sánh", "Toán tử")),
    "target": ("Giá trị mục tiêu", ("Mục tiêu (số)", "Chỉ tiêu (số)", "Giá trị chỉ tiêu")),
    "scale": ("Quy mô", ("Tổng quy mô", "Kế hoạch năm")),
    "measure": ("Đơn vị tính", ("ĐVT", "Đơn vị đo")),
    "baseline": ("Giá trị gốc", ("Số liệu gốc", "Giá trị nền", "Gốc")),
    "baseline_ref": ("Mốc gốc", ("Thời điểm gốc", "Mốc so sánh")),
    "effective_from": ("Hiệu lực từ", ("Áp dụng từ", "Từ ngày")),
    "deadline": ("Hạn hoàn thành", ("Thời hạn", "Thời gian hoàn thành", "Hạn")),
    "phase": ("Đợt", ("Mã đợt", "Đợt thi đua")),
    "leads": ("Đơn vị chủ trì", ("Chủ trì", "Cơ quan chủ trì", "Đơn vị thực hiện")),
    "partners": ("Đơn vị phối hợp", ("Phối hợp", "Cơ quan phối hợp")),
    "leader": ("Lãnh đạo phụ trách", ("Lãnh đạo chỉ đạo", "Phụ trách")),
    "weight": ("Trọng số", ("Hệ số",)),
    "note": ("Ghi chú", ()),
    "cycle": ("Chu kỳ", ("Định kỳ", "Tần suất")),
}


#: Chỉ tiêu theo đơn vị: one row per (task, unit) whose target differs from the task's.
UNIT_TARGET_HEADERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "task": ("Mã NV", ("Mã nhiệm vụ", "Nhiệm vụ")),
    "unit": ("Đơn vị", ("Tên đơn vị", "Mã ĐV", "Đơn vị chủ trì")),
    "target": ("Giá trị mục tiêu", ("Chỉ tiêu", "Mục tiêu", "Giá trị chỉ tiêu")),
    "note": ("Ghi chú", ()),
}
#: A Giá trị mục tiêu cell may give targets by unit: "Vạn Thạch: 300; các thôn khác: 200".
#: "các … khác" (or "… còn lại") names every lead without a target of its own.
UNIT_TARGET_SEPARATOR = ":"
UNIT_TARGET_REST_FIRST = "các"
UNIT_TARGET_REST_LAST = "khác"
UNIT_TARGET_REST_WORDS: tuple[str, ...] = ("còn lại", "khác")

# --- Award and criticism criteria (Tiêu chí khen thưởng): an optional sheet ---------------
SHEET_CRITERIA = "Tiêu chí khen thưởng"
#: Optional canonical sheets: a workbook without them reads as before (defaults apply).
OPTIONAL_SHEETS = (*OPTIONAL_SHEETS, SHEET_CRITERIA)
SHEET_ALIASES[SHEET_CRITERIA] = ("Tiêu chí khen thưởng, phê bình", "Tiêu chí thi đua",
                                 "Tieu chi khen thuong")
CRITERIA_HEADERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "code": ("Mã tiêu chí", ("Mã", "Mã TC")),
    "action": ("Hình thức", ("Khen thưởng/Phê bình", "Loại tiêu chí")),
    "title": ("Tên gọi", ("Danh hiệu", "Hình thức khen thưởng")),
    "scope": ("Phạm vi", ("Đợt", "Áp dụng cho đợt")),
    "subjects": ("Đối tượng", ("Loại đơn vị", "Đối tượng áp dụng")),
    "condition": ("Điều kiện", ("Tiêu chuẩn",)),
    "value": ("Giá trị", ("Ngưỡng", "Mức")),
    "note": ("Ghi chú", ()),
}
#: Hình thức: rule action key -> its word (and other spellings).
CRITERIA_ACTIONS: dict[str, tuple[str, ...]] = {
    "award": ("Khen thưởng", "Đề nghị khen thưởng", "Khen"),
    "criticise": ("Phê bình", "Đề nghị phê bình", "Nhắc nhở"),
}
#: Phạm vi written for the whole plan (blank means the same).
SCOPE_PLAN_WORDS = ("Toàn kế hoạch", "Cả kế hoạch", "Kế hoạch")
#: Điều kiện: condition key -> (name written in the sheet, other spellings).
CRITERIA_CONDITIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "min_led": ("Số nhiệm vụ chủ trì tối thiểu", ("Chủ trì tối thiểu", "Số nhiệm vụ tối thiểu")),
    "min_on_time": ("Tỷ lệ đúng hạn tối thiểu (%)", ("Tỷ lệ đúng hạn tối thiểu",
                                                     "Tỷ lệ hoàn thành đúng hạn tối thiểu")),
    "min_completion": ("Tỷ lệ hoàn thành tối thiểu (%)", ("Tỷ lệ hoàn thành tối thiểu",
                                                          "Đạt tỷ lệ chỉ tiêu tối thiểu")),
    "all_met": ("Đạt mọi chỉ tiêu được giao", ("Đạt 100% chỉ tiêu", "Hoàn thành mọi chỉ tiêu")),
    "exceed_by": ("Vượt mọi chỉ tiêu định lượng tối thiểu (%)", ("Vượt chỉ tiêu tối thiểu (%)",
                                                                 "Vượt mức tối thiểu (%)")),
    "no_missed_for_cause": ("Không có nhiệm vụ chưa hoàn thành do nguyên nhân",
                            ("Không có nhiệm vụ không hoàn thành do nguyên nhân",)),
    "missed_for_cause": ("Có nhiệm vụ không hoàn thành do nguyên nhân",
                         ("Nhiệm vụ không hoàn thành do nguyên nhân",)),
}
#: What a condition without a number accepts in Giá trị (blank too).
CRITERIA_YES_WORDS = ("Có", "x", "✓", "Đạt")
#: A rule quoted in Vietnamese on the award sheet: the parts of the sentence.
RULE_AWARD = "Đề nghị khen thưởng{title} {subject}{scope}: {conditions}."
RULE_CRITICISE = ("Đề nghị phê bình{title} {subject}{scope} có {conditions} (đơn vị ngành dọc "
                  "không bị phê bình, được liệt kê riêng).")
RULE_TITLE = " ({title})"
RULE_SUBJECT_ALL = "đơn vị"
RULE_SUBJECT = "đơn vị loại {kinds}"
RULE_SCOPE_PLAN = " (toàn kế hoạch)"
RULE_SCOPE_PHASE = " trong đợt {phase}"
RULE_CONDITIONS: dict[str, str] = {
    "min_led": "chủ trì ít nhất {value} nhiệm vụ",
    "min_on_time": "tỷ lệ đúng hạn từ {value}% trở lên (trên số nhiệm vụ đã đến hạn)",
    "min_completion": "tỷ lệ hoàn thành từ {value}% trở lên (trên tổng số nhiệm vụ chủ trì)",
    "all_met": "đạt mọi chỉ tiêu được giao",
    "exceed_by": "vượt mọi chỉ tiêu định lượng được giao từ {value}% trở lên (% hoàn thành từ "
                 "{reach}% trở lên, có ít nhất một chỉ tiêu định lượng)",
    "no_missed_for_cause": "không có nhiệm vụ chưa hoàn thành (quá hạn hoặc hoàn thành quá "
                           "hạn) do nguyên nhân có ghi {value}",
    "missed_for_cause": "nhiệm vụ chưa hoàn thành (quá hạn hoặc hoàn thành quá hạn) do "
                        "nguyên nhân có ghi {value}",
    "missed": "nhiệm vụ chưa hoàn thành (quá hạn hoặc hoàn thành quá hạn)",
}
RULE_AND = "; "
RULE_CAUSE_OR = " hoặc "
RULE_QUOTE = "“{text}”"
GUIDE_CRITERIA = ("Sheet “Tiêu chí khen thưởng” (không bắt buộc): mỗi dòng một điều kiện; các "
                  "dòng cùng Mã tiêu chí là một tiêu chí (mọi điều kiện phải đạt). Hình thức: "
                  "Khen thưởng hoặc Phê bình. Phạm vi: để trống (toàn kế hoạch) hoặc Mã đợt. "
                  "Đối tượng: để trống (mọi đơn vị) hoặc Loại đơn vị (ví dụ Tiểu khu; Cá nhân), "
                  "cách nhau bởi dấu “;”. Khi có sheet này, các ngưỡng khen thưởng, phê bình ở "
                  "sheet Kế hoạch không còn được dùng.")
VALIDATION_CRITERIA_ACTION = "Khen thưởng hoặc Phê bình."
VALIDATION_CRITERIA_CONDITION = ("Chọn điều kiện; các dòng cùng Mã tiêu chí là một tiêu chí, "
                                 "mọi điều kiện phải đạt.")

#: Rows whose first text cell starts with one of these are totals, not data.
TOTAL_ROW_WORDS: tuple[str, ...] = ("tổng cộng", "tổng số", "cộng", "tổng")

# ---------------------------------------------------------------------------
# Target kinds (Loại chỉ tiêu), comparisons, unit kinds.
# ---------------------------------------------------------------------------

KINDS: dict[str, str] = {
    "milestone": "Mốc hoàn thành",
    "count": "Số lượng",
    "cumulative": "Lũy kế x/y",
    "increase": "Tăng so với mốc",
    "reduce_fraction": "Giảm theo tỷ lệ",
    "reduce_to": "Giảm còn",
    "reduce_points": "Giảm điểm %",
    "zero": "Không để xảy ra",
    "rate": "Tỷ lệ",
    "maintain": "Giữ vững",
    "qualitative": "Định tính",
    "multi": "Nhiều hạng mục",
    "statistic": "Số liệu thống kê",
}
KIND_ALIASES: dict[str, tuple[str, ...]] = {
    "milestone": ("Mốc", "Hoàn thành", "Mốc thời gian"),
    "count": ("Số lượng tuyệt đối", "Đếm"),
    "cumulative": ("Lũy kế", "Lũy kế x/y", "Luỹ kế x/y"),
    "increase": ("Tăng", "Tăng so với gốc"),
    "reduce_fraction": ("Giảm tỷ lệ", "Giảm theo phần"),
    "reduce_to": ("Giảm xuống còn",),
    "reduce_points": ("Giảm điểm phần trăm", "Giảm theo điểm %", "Mức giảm điểm %",
                      "Giảm điểm"),
    "zero": ("Không xảy ra", "Không để phát sinh", "Không có"),
    "rate": ("Tỷ lệ %", "Phần trăm"),
    "maintain": ("Duy trì",),
    "qualitative": ("Đạt/Không đạt",),
    "multi": ("Nhiều nội dung", "Nhiều tiểu mục"),
    "statistic": ("Thống kê", "Thông tin"),
}

COMPARISONS: dict[str, str] = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "="}

UNIT_KIND_GROUP = "Nhóm"
UNIT_KIND_VERTICAL = "Ngành dọc"
#: A person (a leader, "Ủy viên BCH theo địa bàn"): a row of Đơn vị attached, by its Đơn
#: vị cấp trên, to the unit it belongs to.
UNIT_KIND_PERSON = "Cá nhân"
#: How forms and reports name a person: "Nguyễn Thị Hồng (Văn phòng HĐND và UBND)".
PERSON_CAPTION = "{name} ({unit})"
#: Words before a person's name that are not part of it ("đồng chí Nguyễn Thị Hồng").
PERSON_HONORIFICS = ("đồng chí", "đ/c", "đc", "ông", "bà")
#: Suggested unit kinds (the list is data: offices may type others).
UNIT_KINDS = ("Phòng", "Ngành dọc", "UBND xã", "UBND thị trấn", "Đoàn thể", "Cơ quan cấp trên",
              "Đơn vị sự nghiệp", "Tiểu khu", "Doanh nghiệp", "Hộ gia đình", UNIT_KIND_PERSON,
              UNIT_KIND_GROUP)

# ---------------------------------------------------------------------------
# Issues found in data: one Vietnamese template per stable code.
# Placeholders: {sheet} {cell} {column} {value} {expected} {suggestion} and code-specific ones.
# ---------------------------------------------------------------------------

SEVERITY = {"error": "Lỗi", "warning": "Cảnh báo"}
DID_YOU_MEAN = " Có phải ý bạn là “{suggestion}”?"

MESSAGES: dict[str, str] = {
    # the workbook as a whole
    "missing-sheet": "Không tìm thấy sheet “{expected}”. Thêm sheet này (xem tệp mẫu tạo bằng "
                     "lệnh “thidua init”) hoặc đổi lại tên sheet cho đúng.",
    "renamed-sheet": "Sheet “{value}” được hiểu là “{expected}”. Nên đổi tên sheet thành "
                     "“{expected}”.",
    "hidden-sheet": "Sheet “{sheet}” đang bị ẩn; dữ liệu trong đó vẫn được đọc.",
    "empty-sheet": "Sheet “{sheet}” không có dữ liệu.",
    "no-header-row": "Không tìm thấy dòng tiêu đề trong sheet “{sheet}” (cần các cột: "
                     "{expected}). Giữ nguyên dòng tiêu đề như tệp mẫu.",
    "missing-column": "Thiếu cột “{expected}” trong sheet “{sheet}”. Thêm cột với đúng tiêu đề "
                      "này.",
    "misspelt-column": "Thiếu cột “{expected}” trong sheet “{sheet}”; cột “{value}” (ô {cell}) "
                       "có phải là “{expected}”? Sửa tiêu đề cho đúng.",
    "plan-number-missing": "Chưa ghi Số hiệu kế hoạch; biểu mẫu và báo cáo sẽ không nêu được "
                           "số kế hoạch. Ghi số hiệu khi kế hoạch đã ban hành.",
    "plan-number-draft": "Số hiệu “{value}” chưa có số (bản dự thảo?); ghi số hiệu khi kế "
                         "hoạch đã ban hành.",
    "plan-date-missing": "Chưa ghi Ngày ban hành kế hoạch; ghi ngày khi kế hoạch đã ban hành.",
    "form-sheet-renamed": "Không có sheet “{expected}”; đã đọc sheet “{value}” (có bảng của "
                          "biểu mẫu).",
    "several-form-sheets": "Tệp có nhiều sheet giống biểu mẫu; đã đọc sheet “{value}”, bỏ qua "
                           "{others}. Đề nghị kiểm tra và xóa bản nháp.",
    "missing-optional-column": "Không có cột “{expected}” trong sheet “{sheet}”; cột này được "
                               "coi là để trống. Thêm cột nếu cần dùng.",
    "unknown-column": "Cột “{value}” không thuộc mẫu và sẽ không được đọc.",
    "duplicate-column": "Cột “{expected}” xuất hiện hai lần (ô {other}); chỉ cột đầu tiên được "
                        "đọc. Xóa hoặc đổi tên một cột.",
    "merged-header": "Ô tiêu đề bị gộp ({value}). Bỏ gộp ô để mỗi cột có một tiêu đề riêng.",
    "merged-cells": ("Các ô {value} bị gộp; giá trị của vùng gộp được tính cho "
                     "mọi dòng trong vùng. Nên bỏ gộp ô và ghi riêng từng dòng."),
    "total-row": "Dòng {row} là dòng tổng cộng, không phải dữ liệu; đã bỏ qua.",
    "formula-no-value": "Ô chứa công thức “{value}” nhưng chưa có kết quả tính sẵn (tệp được lưu "
                        "bởi chương trình khác Excel). Mở tệp bằng Excel, nhấn Lưu rồi chạy lại.",
    "excel-error": "Ô có giá trị lỗi của Excel {value}. Sửa công thức hoặc nhập giá trị.",
    "legacy-text": "{count} ô dùng phông chữ cũ ({encoding}), ví dụ ô {cell}; đã tự chuyển sang "
                   "Unicode. Nên chuyển cả tệp sang Unicode (Unikey: Công cụ chuyển mã).",
    # values
    "required": "Ô bắt buộc nhưng đang để trống. Nhập {column}.",
    "bad-date": "“{value}” không phải ngày hợp lệ. Nhập ngày dạng dd/mm/yyyy, ví dụ 19/05/2024, "
                "hoặc một kỳ có năm: Quý III/2023, 6 tháng đầu năm 2024, tháng 12/2024, "
                "năm 2025.",
    "ambiguous-date": "“{value}” ghi nhiều ngày hoặc kỳ khác nhau ({expected}); không biết lấy "
                      "ngày nào. Chỉ ghi một ngày dd/mm/yyyy hoặc một kỳ.",
    "bad-number": "“{value}” không phải số hợp lệ. Nhập số, ví dụ 6.798 hoặc 99,6.",
    "bad-integer": "“{value}” phải là số nguyên không âm.",
    "bad-email": "“{value}” không phải địa chỉ thư điện tử hợp lệ.",
    # Kế hoạch
    "unknown-plan-key": "Dòng “{value}” không thuộc mẫu Kế hoạch và sẽ không được đọc.",
    "plan-period": "Ngày kết thúc ({value}) trước ngày bắt đầu ({expected}).",
    # Đợt thi đua
    "duplicate-phase": "Mã đợt “{value}” bị trùng (đã có ở ô {other}).",
    "phase-order": "Đợt “{value}” kết thúc trước khi bắt đầu.",
    "phase-overlap": "Đợt “{value}” trùng thời gian với đợt “{other}”. Các đợt chỉ được chung "
                     "ngày ranh giới (ngày đó thuộc đợt sau).",
    "phase-outside-plan": "Đợt “{value}” nằm ngoài thời gian của kế hoạch.",
    # Đơn vị
    "duplicate-unit": "Mã đơn vị “{value}” bị trùng (đã có ở ô {other}).",
    "ambiguous-unit-name": "Tên “{value}” dùng cho hai đơn vị ({expected}); không thể phân biệt. "
                           "Đổi tên gọi khác của một đơn vị.",
    "unknown-member": "Thành viên “{value}” không có trong sheet Đơn vị.",
    "group-no-members": "Nhóm “{value}” chưa có thành viên. Nhập mã các đơn vị thành viên, cách "
                        "nhau bởi dấu “;”.",
    "members-not-group": "Đơn vị “{value}” có Thành viên nhưng Loại không phải “Nhóm”; danh sách "
                         "thành viên bị bỏ qua.",
    "nested-group": "Thành viên “{value}” cũng là một nhóm; chỉ nhóm gồm các đơn vị được hỗ trợ.",
    "unknown-parent-unit": "Đơn vị cấp trên “{value}” không có trong sheet Đơn vị.",
    "person-without-unit": "Cá nhân “{value}” chưa ghi Đơn vị cấp trên: ghi đơn vị mà người "
                           "này thuộc (biểu mẫu và báo cáo ghi “tên (đơn vị)”).",
    "person-unit-invalid": "Cá nhân “{value}” phải thuộc một đơn vị; Đơn vị cấp trên "
                           "“{expected}” là {kind}. Ghi đơn vị mà người này công tác.",
    "unknown-successor": "Đơn vị kế thừa “{value}” không có trong sheet Đơn vị. Ghi mã, tên hoặc "
                         "tên gọi khác của một đơn vị trong danh sách.",
    "result-after-unit-end": "“{value}” hết hiệu lực ngày {end}: số liệu tính đến ngày {expected} "
                             "của nhiệm vụ {task} không được tính thay cho đơn vị kế thừa "
                             "“{successor}”, đơn vị này báo cáo nhiệm vụ từ sau ngày đó.",
    "successor-is-group": "Đơn vị kế thừa “{value}” là một nhóm; nhóm không chủ trì nhiệm vụ. "
                          "Ghi một đơn vị cụ thể.",
    "successor-cycle": "Đơn vị kế thừa của “{value}” quay vòng ({expected}). Mỗi đơn vị chỉ "
                       "được kế thừa bởi một đơn vị còn hoạt động.",
    "unit-lifetime-order": "Hiệu lực đến ({value}) trước Hiệu lực từ ({expected}).",
    "lead-ends-successor": "Đơn vị chủ trì “{value}” hết hiệu lực ngày {end}, trước hạn "
                           "{deadline}: từ ngày {start} nhiệm vụ chuyển cho đơn vị kế thừa "
                           "“{successor}”; báo cáo của “{value}” trước ngày đó vẫn được tính.",
    "two-targets": "Chỉ tiêu “{value}” nêu hai chỉ tiêu nhưng nhiệm vụ chỉ được chấm theo một "
                   "Giá trị mục tiêu. Nếu phải đạt cả hai, đổi Loại chỉ tiêu thành Nhiều hạng "
                   "mục và ghi mỗi chỉ tiêu một dòng con.",
    "lead-starts-after-deadline": "Đơn vị chủ trì “{value}” bắt đầu hoạt động từ ngày {start}, "
                                  "sau hạn {deadline} của nhiệm vụ. Kiểm tra lại đơn vị chủ trì "
                                  "hoặc Hạn hoàn thành.",
    "lead-ends-no-successor": "Đơn vị chủ trì “{value}” hết hiệu lực ngày {end}, trước hạn "
                              "{deadline}, và chưa ghi Đơn vị kế thừa (sheet Đơn vị, ô "
                              "{other}). Ghi đơn vị kế thừa hoặc đổi đơn vị chủ trì.",
    # Nhiệm vụ
    "duplicate-task": "Mã NV “{value}” bị trùng (đã có ở ô {other}).",
    "unknown-parent-task": "Nhiệm vụ cha “{value}” không có trong cột Mã NV.",
    "parent-cycle": "Nhiệm vụ “{value}” là cha của chính nó (trực tiếp hoặc gián tiếp).",
    "unknown-kind": "Loại chỉ tiêu “{value}” không hợp lệ. Chọn một trong: {expected}.",
    "unknown-unit": "Không tìm thấy đơn vị “{value}” trong sheet Đơn vị (theo mã, tên hoặc tên "
                    "gọi khác).",
    "group-leads": "“{value}” là một nhóm đơn vị; nhóm chỉ được phối hợp, không được chủ trì. "
                   "Ghi từng đơn vị chủ trì.",
    "lead-is-partner": "Đơn vị “{value}” vừa chủ trì vừa phối hợp nhiệm vụ này.",
    "bad-cycle": ("Chu kỳ “{value}” không đọc được. Ghi “Hằng tháng”, “Hằng quý”, “6 tháng "
                  "một lần”, “Hằng năm” hoặc “Mỗi tháng 01 lần”; để trống nếu nhiệm vụ "
                  "không làm theo chu kỳ."),
    "cycle-with-children": ("Nhiệm vụ có Chu kỳ “{value}” nhưng đã có tiểu mục: nhiệm vụ không "
                            "được chia kỳ, các tiểu mục được chấm như đã ghi. Muốn chấm theo "
                            "kỳ thì ghi Chu kỳ ở từng tiểu mục."),
    "period-code-taken": ("Nhiệm vụ có Chu kỳ “{value}”: mã các kỳ của nó ({expected}) đã là "
                          "Mã NV của nhiệm vụ khác, nên nhiệm vụ không được chia kỳ. Đổi Mã NV "
                          "của nhiệm vụ kia."),
    "rate-target-fraction": ("Tỷ lệ mục tiêu ghi “{value}” (ô không định dạng phần trăm): "
                             "có phải {percent}%? Ghi tỷ lệ theo phần trăm (ví dụ 80) hoặc "
                             "định dạng ô là phần trăm (80%)."),
    "missing-target": "Loại chỉ tiêu “{kind}” cần Giá trị mục tiêu là một số.",
    "unit-target-bad-part": "“{value}” không đúng dạng chỉ tiêu theo đơn vị “Tên đơn vị: số” "
                            "(ví dụ “Vạn Thạch: 300; các thôn khác: 200”).",
    "unit-target-unknown-task": "Mã NV “{value}” không có trong sheet Nhiệm vụ.",
    "duplicate-unit-target": "Chỉ tiêu riêng của “{value}” cho nhiệm vụ {expected} đã ghi ở ô "
                             "{other}; chỉ dùng giá trị ghi trước.",
    "unit-target-not-lead": "“{value}” có chỉ tiêu riêng cho nhiệm vụ {expected} nhưng không chủ "
                            "trì nhiệm vụ này; chỉ tiêu đó không được dùng.",
    "unit-target-missing": "Đơn vị chủ trì “{value}” không có chỉ tiêu riêng cho nhiệm vụ "
                           "{expected}, và không có chỉ tiêu chung (“các … khác: số”). Thêm "
                           "chỉ tiêu cho đơn vị này.",
    "missing-baseline": "Loại chỉ tiêu “{kind}” cần Giá trị gốc để tính % hoàn thành; khi chưa "
                        "nhập, báo cáo ghi “thiếu số liệu gốc”.",
    "bad-fraction": "Với “Giảm theo tỷ lệ”, Giá trị mục tiêu là phần cần giảm, phải lớn hơn 0 và "
                    "nhỏ hơn 1 (ví dụ 1/2 hoặc 0,5); đang là “{value}”.",
    "scale-below-target": "Với “Lũy kế x/y”, x (Giá trị mục tiêu = {expected}) không được lớn hơn "
                          "y (Quy mô = {value}).",
    "missing-comparison": "Loại chỉ tiêu “{kind}” cần cột So sánh (≥, >, ≤, <).",
    "bad-comparison": "So sánh “{value}” không hợp lệ. Dùng ≥, >, ≤, < hoặc =.",
    "reduce-to-no-baseline": "Chưa có Giá trị gốc: “Giảm còn” chỉ tính đạt (100%) hoặc chưa đạt "
                             "(0%).",
    "baseline-below-target": "Giá trị gốc ({value}) đã không lớn hơn mục tiêu giảm còn "
                             "({expected}).",
    "multi-no-children": "Nhiệm vụ “{value}” có Loại “Nhiều hạng mục” nhưng không có tiểu mục "
                         "nào (cột Nhiệm vụ cha).",
    "parent-not-multi": "Nhiệm vụ “{value}” có tiểu mục nên được tính từ các tiểu mục; nên chọn "
                        "Loại “Nhiều hạng mục”.",
    "deadline-outside-plan": "Hạn hoàn thành {value} nằm ngoài thời gian kế hoạch "
                             "({expected}).",
    "effective-after-deadline": "Hiệu lực từ ({value}) sau Hạn hoàn thành ({expected}).",
    "parent-deadline-early": "Hạn của nhiệm vụ cha ({value}) sớm hơn hạn của tiểu mục "
                             "({expected}); hạn của nhiệm vụ cha được tính là hạn muộn nhất của "
                             "các tiểu mục.",
    "unknown-phase": "Đợt “{value}” không có trong sheet Đợt thi đua.",
    "deadline-outside-phase": "Hạn hoàn thành {value} nằm ngoài đợt “{expected}”.",
    "bad-weight": "Trọng số phải là số lớn hơn 0; đang là “{value}”.",
    "no-tasks": "Sheet Nhiệm vụ chưa có nhiệm vụ nào.",
    "no-units": "Sheet Đơn vị chưa có đơn vị nào.",
    # received files (thidua collect)
    "empty-file": "Tệp rỗng (0 byte). Đề nghị đơn vị gửi lại.",
    "unreadable-file": "{reason}",
    "not-a-form": "Tệp không phải biểu mẫu báo cáo của kế hoạch (không có sheet “{expected}”). "
                  "Đề nghị đơn vị dùng đúng biểu mẫu đã gửi.",
    "other-plan": "Báo cáo thuộc kế hoạch khác ({value}), không phải {expected}.",
    "unknown-unit-code": "Mã đơn vị “{value}” trong biểu mẫu không có trong sheet Đơn vị.",
    "unit-not-identified": "Không xác định được đơn vị gửi báo cáo (ô Đơn vị: “{value}”).",
    "identified-by-header": "Biểu mẫu thiếu phần nhận dạng; đơn vị được xác định theo ô Đơn vị "
                            "là {expected}.",
    "identified-fuzzy": "Đơn vị được đoán theo tên gần đúng: “{value}” → {expected} (độ tin cậy "
                        "{confidence}%). Kiểm tra lại trước khi dùng số liệu.",
    "plan-changed": "Biểu mẫu được tạo từ phiên bản cũ của kế hoạch; từng dòng được đối chiếu "
                    "với kế hoạch hiện hành.",
    "missing-completion-date": "Báo cáo “{status}” nhưng chưa ghi Ngày hoàn thành; tạm "
                               "lấy ngày số liệu của bản đầu tiên báo cáo đã hoàn thành "
                               "({expected}). Đề nghị đơn vị ghi ngày hoàn thành.",
    "missing-data-date": "Chưa ghi “Số liệu tính đến ngày”; tạm lấy ngày nhận tệp ({expected}): "
                         "báo cáo tổng hợp chỉ tính bản này khi ngày báo cáo từ ngày đó trở "
                         "đi. Đề nghị đơn vị ghi ngày và gửi lại.",
    "future-data-date": "Số liệu tính đến ngày {value}, sau ngày nhận tệp ({expected}); bản "
                        "này không được dùng để chọn bản mới nhất cho đến khi sửa ngày.",
    "data-date-before-plan": "Số liệu tính đến ngày {value}, trước ngày bắt đầu kế hoạch "
                             "({expected}); bản này không được dùng để chọn bản mới nhất cho "
                             "đến khi sửa ngày.",
    "tied-returns": "Bản này trùng ngày số liệu, Lần gửi và thời điểm nhận với: {value}; "
                    "không xác định được bản mới nhất, đề nghị đơn vị ghi Lần gửi cho đúng.",
    "unit-mismatch": "Ô Đơn vị ghi “{value}” nhưng biểu mẫu được tạo cho {expected}; tệp bị "
                     "từ chối: đơn vị cần dùng đúng biểu mẫu của mình.",
    "missing-submission": "Không tìm thấy ô “Lần gửi” trong phần đầu biểu; tạm coi là lần 1.",
    "bad-submission": "Lần gửi “{value}” không phải số nguyên dương; tạm coi là lần 1.",
    "unknown-task": "Mã NV “{value}” không có trong kế hoạch; dòng này bị bỏ qua.",
    "task-not-assigned": "Nhiệm vụ “{value}” không giao cho đơn vị này; dòng này bị bỏ qua.",
    "duplicate-row": "Nhiệm vụ “{value}” xuất hiện lần nữa (đã có ở dòng {other}); dòng sau bị "
                     "bỏ qua.",
    "locked-cell-edited": "Ô khóa đã bị sửa: “{value}” (theo kế hoạch: “{expected}”).",
    "bad-status": "Tình trạng “{value}” không hợp lệ. Chọn một trong: {expected}.",
    "macro-file": "Tệp có macro (.xlsm): chỉ đọc giá trị, macro không bao giờ được chạy.",
    "unsafe-path": "Tệp “{value}” trong tệp nén có đường dẫn không an toàn; đã bỏ qua.",
    "archive-too-large": "Tệp nén “{value}” vượt giới hạn an toàn ({reason}); đã bỏ qua.",
    "file-too-large": "Tệp “{value}” quá lớn ({reason}); đã lưu nguyên tệp nhưng không đọc. "
                      "Đề nghị đơn vị gửi lại đúng biểu mẫu.",
    "bad-archive": "Tệp nén “{value}” bị hỏng: {reason}.",
    "reader-crashed": "Trình đọc bảng tính dừng bất thường khi mở tệp này ({reason}): tệp hỏng "
                      "hoặc quá lớn. Đã lưu nguyên tệp; mở bằng Excel, lưu lại dạng .xlsx rồi "
                      "gửi lại.",
    "more-issues": "… và {value} vấn đề khác trong tệp này (chỉ ghi {limit} vấn đề đầu tiên); "
                   "đề nghị đơn vị kiểm tra lại toàn bộ biểu mẫu.",
    "encrypted-archive": "Tệp “{value}” trong tệp nén được đặt mật khẩu nên không mở được; đề "
                         "nghị đơn vị gửi tệp Excel không nén, hoặc nén lại không đặt mật khẩu.",
    "unsupported-archive": "Tệp nén dạng “{value}” chưa đọc được. Đã lưu nguyên tệp; đề nghị "
                           "đơn vị giải nén và gửi các tệp Excel, hoặc nén lại dạng .zip.",
    "file-not-kept": "Tệp “{value}” quá lớn ({reason}) nên không được lưu trữ và không đọc; "
                     "kiểm tra lại có đúng tệp báo cáo không.",
    "nested-archive": "Tệp nén lồng trong tệp nén (“{value}”) không được mở; gửi riêng tệp này.",
    "duplicate-file": "Tệp giống hệt tệp đã nhận ({expected}); không xử lý lại.",
    "workbook-name": ("Tên tệp “{value}” không dùng được cho nút bấm Excel (nút chạy "
                      "`import <tên tệp>`). Đổi tên tệp lại thành “{expected}” (không dấu, "
                      "không khoảng trắng, không ngoặc)."),
    "missing-shim": ("Thiếu tệp {expected} cạnh bảng tính nên nút bấm Excel sẽ không "
                     "chạy. Tạo lại bằng: thidua excel <thư mục chứa bảng tính>."),
    "excel-outdated": ("Tệp điều khiển {value} được tạo với xlwings {expected}, máy đang cài "
                       "xlwings {installed}: nút bấm có thể không chạy. Tạo lại tệp điều "
                       "khiển bằng: thidua excel \"{folder}\" (dữ liệu không bị đụng tới)."),
    "excel-damaged": ("Tệp điều khiển {value} đã bị lưu lại bằng chương trình khác (ví dụ "
                      "LibreOffice) nên phần macro không còn khớp và nút bấm có thể không "
                      "chạy. Tạo lại bằng: thidua excel \"{folder}\"."),
    "excel-legacy": ("{value} là biểu chi tiết kiểu cũ có chứa macro: phần mềm diệt virus "
                     "cách ly tệp này là mất luôn kế hoạch. Chạy: thidua excel \"{folder}\" "
                     "để chép dữ liệu sang bieu_chi_tiet.xlsx (không macro) và tạo tệp điều "
                     "khiển dieu_khien.xlsm riêng."),
    "negative-number": "“{value}” là số âm; chỉ tiêu này không thể âm.",
    "rate-as-fraction": ("Tỷ lệ ghi “{value}” trong khi chỉ tiêu là {expected}%: có phải "
                         "ý là {percent}%? Ghi tỷ lệ theo phần trăm (ví dụ 95, không "
                         "phải 0,95)."),
    "percent-for-count": ("Kết quả ghi “{value}” dưới dạng phần trăm nhưng chỉ tiêu "
                          "“{expected}” tính bằng số lượng: không thể coi phần trăm là số "
                          "lượng. Ghi số lượng đạt được (ví dụ 83), không ghi %."),
    "completion-after-data-date": ("Ngày hoàn thành {value} sau ngày số liệu của báo cáo "
                                   "({expected})."),
    "completion-before-plan": ("Ngày hoàn thành {value} trước khi kế hoạch bắt đầu "
                               "({expected})."),
    "empty-return": ("Biểu mẫu chưa có số liệu nào (không dòng nào có Kết quả hay Tình "
                     "trạng). Đề nghị đơn vị điền và gửi lại."),
    "text-too-long": ("Nội dung dài từ {limit} ký tự trở lên (giới hạn của một ô Excel); "
                      "chỉ {limit} ký tự đầu được đọc. Đề nghị đơn vị gửi phần dài "
                      "thành tài liệu minh chứng."),
    "rejudge-copy-lost": ("Kế hoạch đã thay đổi nhưng chưa xét lại được tệp này: bản lưu "
                          "{expected} bị mất hoặc bị sửa. Chép tệp gốc vào hop-thu và chạy lại "
                          "thidua collect."),
    "archive-file-missing": ("Mất bản lưu của tệp đã nhận ({expected}); kết quả của tệp này "
                             "không có trong sổ nhận. Chép tệp gốc vào hop-thu và chạy "
                             "thidua collect để khôi phục, rồi chạy lại thidua rebuild."),
    "archive-file-altered": ("Bản lưu {expected} đã bị thay đổi nội dung nên không được đọc. "
                             "Chép tệp gốc vào hop-thu và chạy thidua collect để khôi phục, "
                             "rồi chạy lại thidua rebuild."),
}

# --- Issues of the award and criticism criteria sheet --------------------------------------
MESSAGES.update({
    "unknown-criteria-action": "Hình thức “{value}” không hợp lệ. Ghi “Khen thưởng” hoặc "
                               "“Phê bình”.",
    "criteria-no-action": "Tiêu chí “{value}” chưa ghi Hình thức (Khen thưởng hoặc Phê bình).",
    "unknown-condition": "Điều kiện “{value}” không hợp lệ. Chọn một trong: {expected}.",
    "condition-not-for-action": "Điều kiện “{value}” không dùng được cho tiêu chí {expected}.",
    "bad-criteria-flag": "Điều kiện “{expected}” không cần số; ghi “Có” hoặc để trống ô Giá "
                         "trị (đang là “{value}”).",
    "criteria-number-range": "Giá trị “{value}” của điều kiện “{expected}” phải {rule}.",
    "unknown-criteria-phase": "Phạm vi “{value}” không phải Mã đợt trong sheet Đợt thi đua. "
                              "Để trống nếu tiêu chí áp dụng cho toàn kế hoạch.",
    "unknown-unit-kind": "Không có đơn vị nào có Loại “{value}” trong sheet Đơn vị.",
    "criteria-conflict": "Tiêu chí “{value}” đã ghi {column} khác ở ô {other}; các dòng cùng mã "
                         "tiêu chí phải ghi giống nhau hoặc để trống.",
    "duplicate-condition": "Điều kiện “{value}” đã có trong tiêu chí này (ô {other}).",
    "criteria-replace-plan": "Đã có sheet “Tiêu chí khen thưởng” nên dòng “{column}” ở sheet Kế "
                             "hoạch ({value}) không được dùng; ghi ngưỡng này trong sheet Tiêu "
                             "chí khen thưởng.",
})
#: The {rule} of criteria-number-range.
CRITERIA_RANGE = {"positive": "lớn hơn 0", "not_negative": "từ 0 trở lên"}

# ---------------------------------------------------------------------------
# Errors that stop a run: what happened, then what to do next.
# ---------------------------------------------------------------------------

STOP_MESSAGES: dict[str, str] = {
    "file-not-found": "Không tìm thấy tệp “{path}”. Kiểm tra lại đường dẫn và tên tệp.",
    "not-a-file": "“{path}” là một thư mục, không phải tệp bảng tính.",
    "not-readable": "Không đọc được tệp “{path}” ({reason}). Đóng các chương trình đang khóa tệp "
                    "hoặc kiểm tra quyền truy cập rồi thử lại.",
    "not-a-workbook": "Tệp “{path}” không phải bảng tính Excel. Mở tệp bằng Excel và lưu lại "
                      "dạng Excel Workbook (.xlsx).",
    "password": "Tệp “{path}” được đặt mật khẩu nên không đọc được. Mở bằng Excel, gỡ mật khẩu "
                "(Tệp > Thông tin > Bảo vệ sổ làm việc > Mã hóa bằng mật khẩu), lưu rồi chạy lại.",
    "corrupt": "Tệp “{path}” bị hỏng, không đọc được ({reason}). Mở bằng Excel (Excel có thể tự "
               "sửa), lưu lại dạng .xlsx rồi chạy lại, hoặc xin gửi lại tệp.",
    "unsupported": "Định dạng “{suffix}” của tệp “{path}” chưa được hỗ trợ. Lưu lại dạng Excel "
                   "Workbook (.xlsx).",
    "too-large": "Tệp “{path}” quá lớn ({size}); giới hạn là {limit}. Kiểm tra lại có đúng tệp "
                 "không.",
    "sheet-too-large": "Tệp “{path}” có một sheet trải trên vùng {range}, quá lớn so với một "
                       "biểu mẫu (giới hạn {limit}); thường do có ô thừa ở xa phía dưới hoặc "
                       "bên phải. Mở tệp, nhấn Ctrl+End để tìm, xóa các dòng, cột thừa, lưu "
                       "rồi gửi lại.",
    "unsupported-compression": "Tệp “{path}” được nén bằng kiểu {method} nên chưa đọc được. Mở "
                               "tệp bằng Excel, lưu lại (Ctrl+S) rồi gửi lại.",
    "not-empty": "Thư mục “{path}” đã có dữ liệu. Chọn một thư mục trống hoặc chưa tồn tại.",
    "no-plan-here": ("Thư mục “{path}” chưa có biểu chi tiết (bieu_chi_tiet.xlsx). Tạo thư mục "
                     "làm việc có nút bấm bằng: thidua init --excel <thư mục mới>."),
    "output-exists": "Đã có tệp “{path}”; thidua không ghi đè tệp của bạn. Chọn tên khác bằng "
                     "--out, hoặc đổi tên, chuyển tệp cũ đi rồi chạy lại.",
    "plan-document-format": "Chưa đọc được kế hoạch dạng “{suffix}” (“{path}”). Dùng tệp Word "
                            "(.docx), PDF có lớp chữ, hoặc văn bản (.txt, .md); tệp .doc cũ "
                            "hãy mở bằng Word và lưu lại dạng .docx.",
    "no-text-layer": "Tệp PDF “{path}” không có lớp chữ (là bản quét, ảnh chụp) nên không đọc "
                     "được nội dung. Hãy lấy bản Word hoặc PDF gốc từ hệ thống văn bản; thidua "
                     "không nhận dạng chữ từ ảnh (OCR).",
    "empty-plan-document": "Không tìm thấy nội dung nào trong “{path}”. Kiểm tra lại có đúng tệp "
                           "kế hoạch không.",
    "cannot-write": "Không ghi được “{path}” ({reason}). Kiểm tra quyền ghi, dung lượng đĩa, "
                    "hoặc đóng tệp nếu đang mở trong Excel.",
    "plan-not-ready": "Biểu chi tiết “{path}” còn {errors} lỗi nên chưa tổng hợp được. Chạy "
                      "“thidua check {path}”, sửa các lỗi rồi chạy lại.",
    "unknown-unit-option": "Không có đơn vị “{value}” trong biểu chi tiết.{hint}",
    "unknown-sample": "Không có kế hoạch mẫu số “{value}”. Các kế hoạch mẫu có sẵn: {expected} "
                      "(--sample không kèm số là 000).",
    "plan-not-ready-report": "Biểu chi tiết “{path}” còn {errors} lỗi nên chưa lập báo cáo. "
                             "Chạy “thidua check {path}”, sửa các lỗi rồi chạy lại.",
    "out-is-protected": "Không ghi ra “{path}”: đó là {what}, thidua không bao giờ ghi đè lên "
                        "nó. Chọn một tên tệp khác (ví dụ trong thư mục bao-cao/).",
    "out-is-folder": "“{path}” là một thư mục; hãy ghi rõ tên tệp cần tạo (ví dụ "
                     "{path}/bao-cao.xlsx).",
    "usage": "Lệnh chưa đúng: {detail} Xem cách dùng: thidua {command}",
    "unexpected": "Lỗi ngoài dự kiến: {reason}. Chạy lại với --debug để xem chi tiết và gửi "
                  "cho bộ phận kỹ thuật.",
    "bad-as-of": "“{value}” không phải ngày hợp lệ. Nhập --as-of dạng dd/mm/yyyy.",
    "excel-missing": ("Chưa cài xlwings nên chưa tạo được tệp có nút bấm. Chạy: "
                      "pip install \"thidua[excel]\" rồi chạy lại."),
    "ledger-unusable": ("Sổ nhận “{path}” không dùng được ({reason}). Chạy “thidua rebuild "
                        "<biểu chi tiết>” để dựng lại sổ nhận từ các tệp đã lưu trong "
                        "luu-tru/tep."),
    "ledger-damaged": ("Sổ nhận “{path}” không dùng được ({reason}). Các tệp đã nhận vẫn còn "
                       "trong lưu trữ: chạy “thidua rebuild {workbook}” để dựng lại sổ nhận, "
                       "rồi chạy lại lệnh này."),
    "ledger-damaged-no-archive": ("Sổ nhận “{path}” không dùng được ({reason}) và không có tệp "
                                  "lưu trữ nào để dựng lại. Đổi tên tệp sổ nhận này (giữ lại "
                                  "để kỹ thuật xem), rồi thu lại các báo cáo gốc: “thidua "
                                  "collect {workbook} <thư mục báo cáo>”."),
    "ledger-missing": ("Không thấy sổ nhận “{path}” nhưng lưu trữ còn {count} tệp đã nhận. "
                       "Chạy “thidua rebuild {workbook}” để dựng lại sổ nhận từ lưu trữ, rồi "
                       "chạy lại lệnh này."),
    "archive-incomplete": ("Không dựng lại sổ nhận: {count} tệp trong lưu trữ bị thiếu hoặc bị "
                           "sửa ({files}). Sổ nhận cũ được giữ nguyên. Chép các tệp gốc này vào "
                           "hop-thu và chạy “thidua collect {workbook}” để khôi phục bản lưu, "
                           "rồi chạy lại “thidua rebuild {workbook}”."),
}

#: Why a ledger cannot be used (the {reason} of the messages above).
LEDGER_PROBLEMS = {
    "empty": "tệp rỗng, 0 byte",
    "not-a-database": "không phải tệp sổ nhận SQLite",
    "malformed": "dữ liệu bên trong bị hỏng",
    "missing-table": "thiếu bảng {table}",
}
#: How an archived file is missing or altered (named in archive-incomplete).
ARCHIVE_PROBLEMS = {"missing": "{name}: mất bản lưu {file}",
                    "altered": "{name}: bản lưu {file} bị thay đổi nội dung"}

# ---------------------------------------------------------------------------
# Text written into the canonical workbook template.
# ---------------------------------------------------------------------------

GUIDE_TITLE = "BIỂU CHI TIẾT KẾ HOẠCH THI ĐUA — HƯỚNG DẪN"
GUIDE_LINES: tuple[str, ...] = (
    "Tệp này là dữ liệu gốc của kế hoạch: thông tin kế hoạch, các đợt, đơn vị và nhiệm vụ.",
    "Sheet “Kế hoạch”: điền cột Giá trị cho từng dòng; ngày nhập dạng dd/mm/yyyy.",
    "Sheet “Đợt thi đua”: mỗi đợt một dòng; hai đợt chỉ được chung ngày ranh giới "
    "(ngày đó thuộc đợt sau).",
    "Sheet “Đơn vị”: mỗi đơn vị một mã (Mã ĐV) không trùng. Nhóm đơn vị (Loại = Nhóm) ghi mã "
    "các thành viên ở cột Thành viên, cách nhau bởi dấu “;”. Nhóm chỉ phối hợp, không chủ trì. "
    "Đơn vị giải thể hoặc sáp nhập: ghi Hiệu lực đến và Đơn vị kế thừa; nhiệm vụ có hạn sau "
    "ngày đó chuyển cho đơn vị kế thừa.",
    "Sheet “Nhiệm vụ”: Mã NV không trùng; tiểu mục ghi mã nhiệm vụ cha ở cột Nhiệm vụ cha "
    "(ví dụ 8.i thuộc 8). Đơn vị chủ trì/phối hợp ghi mã, tên hoặc tên gọi khác, cách nhau "
    "bởi dấu “;”.",
    "Loại chỉ tiêu: chọn trong danh sách. Lũy kế x/y: x ở Giá trị mục tiêu, y ở Quy mô. "
    "Giảm theo tỷ lệ: phần cần giảm ở Giá trị mục tiêu (ví dụ 1/2) và số liệu gốc ở Giá trị gốc. "
    "Tỷ lệ: chọn So sánh (≥, >, ≤, <). Giảm điểm %: số điểm phần trăm cần giảm ở Giá trị mục "
    "tiêu, tỷ lệ gốc ở Giá trị gốc.",
    "Sheet “Chỉ tiêu theo đơn vị” (không bắt buộc): khi mỗi đơn vị chủ trì có chỉ tiêu riêng, "
    "ghi mỗi dòng Mã NV, Đơn vị, Giá trị mục tiêu; đơn vị không có dòng riêng dùng Giá trị mục "
    "tiêu của nhiệm vụ. Cũng có thể ghi ngay ở ô Giá trị mục tiêu: “Vạn Thạch: 300; các thôn "
    "khác: 200”.",
    "Nhiệm vụ định kỳ: ghi Chu kỳ (Hằng tháng, Hằng quý, 6 tháng một lần, Hằng năm, hoặc "
    "“Mỗi tháng 01 lần”). Mỗi kỳ trong khoảng từ Hiệu lực từ (trống: ngày bắt đầu kế hoạch) "
    "đến Hạn hoàn thành (trống: ngày kết thúc kế hoạch) được chấm riêng, hạn là ngày cuối kỳ; "
    "Giá trị mục tiêu là chỉ tiêu của mỗi kỳ. Nhiệm vụ đạt khi mọi kỳ đã đến hạn đều đạt.",
    "Không đổi tên sheet và tiêu đề cột. Kiểm tra tệp bằng lệnh: thidua check <tên tệp>.",
)
VALIDATION_TITLE = "Chọn trong danh sách"
VALIDATION_KIND = "Chọn loại chỉ tiêu; xem sheet Hướng dẫn."
VALIDATION_COMPARISON = "≥ từ … trở lên; > trên; ≤ không quá; < dưới."
VALIDATION_UNIT_KIND = "Chọn loại đơn vị, hoặc gõ loại khác."
VALIDATION_WEIGHT = "Trọng số là số lớn hơn 0 (để trống = 1)."
VALIDATION_CYCLE = ("Nhiệm vụ định kỳ: chọn chu kỳ, hoặc ghi “Mỗi tháng 01 lần”; để trống "
                    "nếu không làm theo chu kỳ.")
#: The cycles offered in the Chu kỳ drop-down of the template (any text parse_cycle reads
#: is accepted).
CYCLE_CHOICES = ("Hằng tháng", "Hằng quý", "6 tháng một lần", "Hằng năm")
VALIDATION_SUCCESSOR = ("Đơn vị nhận lại nhiệm vụ khi đơn vị này hết hiệu lực: chọn mã ở cột "
                        "Mã ĐV, hoặc ghi tên đơn vị.")

# ---------------------------------------------------------------------------
# Command line: help texts and what commands print.
# ---------------------------------------------------------------------------

WORKBOOK_FILE = "bieu_chi_tiet.xlsx"  # a valid Python module name, for the Excel button
INBOX_DIR = "hop-thu"
DEMO_DIR = "thidua-demo"

CLI_HELP = "thidua — theo dõi phong trào thi đua từ các bảng tính Excel."
CLI_EPILOG = "Xem hướng dẫn đầy đủ trong README. Thêm --help sau một lệnh để xem chi tiết."
HELP: dict[str, str] = {
    "init": "Tạo thư mục làm việc: biểu chi tiết (mẫu trống hoặc kế hoạch mẫu) và thư mục "
            "hop-thu/ nhận báo cáo.",
    "check": "Kiểm tra biểu chi tiết: liệt kê mọi lỗi kèm sheet, ô và cách sửa. Không ghi vào "
             "tệp được kiểm tra.",
    "demo": "Chạy thử toàn bộ quy trình trên kế hoạch mẫu trong một thư mục mới.",
    "excel": ("Tạo (lại) tệp điều khiển có nút bấm dieu_khien.xlsm và dieu_khien.py trong thư "
              "mục làm việc, theo bản xlwings và Python đang cài; không đụng tới dữ liệu. Chạy "
              "sau mỗi lần nâng cấp xlwings hoặc Python. Thư mục cũ có bieu_chi_tiet.xlsm: "
              "chép dữ liệu sang bieu_chi_tiet.xlsx (tệp cũ giữ nguyên)."),
    "opt_json": "In kết quả dạng JSON (một đối tượng) thay cho bản tóm tắt.",
    "opt_debug": "Hiện chi tiết kỹ thuật (traceback) khi có lỗi.",
    "opt_sample": ("Dùng kế hoạch mẫu thay cho biểu trống: --sample (hoặc --sample 000) là "
                   "kế hoạch 111/KH-UBND (Hiệp Hòa); --sample 001 là kế hoạch thi đua nước "
                   "rút cuối năm 2024 của một huyện; --sample 002 là kế hoạch 42/KH-UBND năm "
                   "2023 của thị trấn Hà Trung (ba đợt, các tiểu khu); --sample 003 là kế hoạch "
                   "71/KH-UBND của UBND tỉnh về các Dự án trọng điểm 2022–2025."),
    "forms": "Tạo biểu mẫu báo cáo cho từng đơn vị (mặc định vào thư mục bieu-mau/ cạnh biểu "
             "chi tiết) và danh sách gửi kèm email, điện thoại.",
    "collect": "Tổng hợp báo cáo nhận về: tệp, thư mục (kể cả thư mục con) hoặc tệp .zip; mặc "
               "định là thư mục hop-thu/. Mỗi tệp được lưu nguyên vẹn vào luu-tru/, số liệu ghi "
               "vào sổ nhận luu-tru/so-nhan.sqlite.",
    "rebuild": "Dựng lại sổ nhận luu-tru/so-nhan.sqlite từ các tệp đã lưu trong luu-tru/tep/.",
    "opt_forms_out": "Thư mục ghi biểu mẫu (mặc định: bieu-mau/ cạnh biểu chi tiết).",
    "opt_unit": "Chỉ tạo biểu mẫu cho đơn vị này (mã hoặc tên); dùng nhiều lần được.",
    "opt_dry_run": "Chạy thử: kiểm tra và báo kết quả nhưng không ghi gì.",
    "opt_out": "Ghi danh sách lỗi ra một bảng tính Excel, mỗi dòng có liên kết tới ô lỗi.",
    "report": ("Lập báo cáo tổng hợp tô màu cho cuộc họp (bao-cao/tong-hop-<kế hoạch>-"
               "<ngày>.xlsx): tỷ lệ hoàn thành, trạng thái từng nhiệm vụ và đơn vị, quá hạn, "
               "chưa báo cáo, cần giải trình, khen thưởng – phê bình."),
    "opt_as_of": ("Ngày số liệu của báo cáo, dạng dd/mm/yyyy (mặc định: Ngày số liệu trong "
                  "sheet Kế hoạch, nếu trống thì hôm nay)."),
    "opt_report_out": "Tệp báo cáo (mặc định trong thư mục bao-cao/).",
    "opt_pdf": "Ghi thêm bản PDF các sheet tổng hợp (cần LibreOffice).",
    "opt_word": ("Ghi thêm dự thảo Báo cáo bằng Word (bao-cao/bao-cao-<kế hoạch>-<dd-mm-yyyy>"
                 ".docx) theo thể thức Nghị định 30/2020/NĐ-CP, cùng số liệu với bảng tổng hợp."),
    "opt_chot": "Chốt số liệu: lưu kết quả lần này vào sổ nhận để so sánh lần sau.",
    "draft": ("Đọc văn bản kế hoạch (.docx, .pdf có lớp chữ, .txt, .md) và ghi biểu chi tiết "
              "nháp (mặc định bieu_chi_tiet.xlsx cạnh văn bản): nhiệm vụ, chỉ tiêu, hạn, đơn "
              "vị, kèm sheet Rà soát liệt kê mọi chỗ suy luận."),
    "opt_draft_out": "Tệp biểu chi tiết nháp (không ghi đè tệp đã có).",
    "opt_from": "Lập biểu chi tiết nháp từ văn bản kế hoạch này (như thidua draft).",
    "opt_excel": ("Tạo thêm tệp điều khiển có nút bấm Excel (dieu_khien.xlsm, cần gói "
                  "xlwings: pip install \"thidua[excel]\")."),
}

#: The task count of check; with periodic tasks, the periods they make are counted apart.
CHECK_TASKS = "{tasks} nhiệm vụ"
CHECK_TASKS_PERIODS = "{tasks} nhiệm vụ và {periods} kỳ của nhiệm vụ định kỳ"
CHECK_OK = "✓ {file}: không có lỗi ({task_count}, {units} đơn vị, {phases} đợt)."
CHECK_SUMMARY = "{file}: {errors} lỗi, {warnings} cảnh báo ({task_count}, {units} đơn vị)."
CHECK_NEXT = "Sửa các lỗi trong Excel, lưu tệp, rồi chạy lại: thidua check {file}"
ISSUE_LINE = "[{severity}] {where}{column}: {message}"
OUT_WRITTEN = "Đã ghi danh sách lỗi: {path}"
INIT_DONE = "Đã tạo thư mục làm việc: {path}"
INIT_WORKBOOK = "  Biểu chi tiết: {path}"
INIT_INBOX = "  Thư mục nhận báo cáo: {path}"
INIT_NEXT = "Tiếp theo: mở biểu chi tiết bằng Excel, điền kế hoạch, rồi chạy: thidua check {path}"
DEMO_START = "Chạy thử trên kế hoạch mẫu trong thư mục {path}"
DEMO_CHECK = "Kiểm tra biểu chi tiết: {errors} lỗi, {warnings} cảnh báo."
DEMO_RETURNS = "Giả lập {count} báo cáo đơn vị gửi về (có cả báo cáo lỗi) trong {path}"
DEMO_DONE = "Xong. Kết quả nằm trong thư mục: {path}"
STOPPED = "Không thực hiện được: {message}"
USAGE_MISSING = "thiếu {name}."
USAGE_NEEDS_VALUE = "tùy chọn {name} cần một giá trị."
USAGE_NO_COMMAND = "không có lệnh “{name}” (các lệnh: {commands})."
USAGE_NO_OPTION = "không có tùy chọn “{name}”."
USAGE_BAD_VALUE = "giá trị của {name} không hợp lệ: {reason}"
USAGE_OTHER = "{reason}"
ABORTED = "Đã dừng theo yêu cầu."
#: What an output path must never be (--out), named in the "out-is-protected" message.
PROTECTED_OUT = {
    "workbook": "biểu chi tiết",
    "input": "tệp đầu vào của lệnh",
    "inbox": "thư mục nhận báo cáo (hop-thu)",
    "archive": "thư mục lưu trữ (luu-tru)",
}
FORMS_DONE = "Đã tạo {count} biểu mẫu trong thư mục {path}"
FORMS_LIST = "Danh sách gửi (email, điện thoại): {path}"
FORMS_PLAN_ERRORS = "Biểu chi tiết còn lỗi nên chưa tạo biểu mẫu."
#: forms and collect run when only the criteria sheet has errors; the report does not.
CRITERIA_ERRORS_LATER = ("Sheet Tiêu chí khen thưởng còn {errors} lỗi: biểu mẫu và việc tổng "
                         "hợp vẫn chạy, nhưng chưa lập được báo cáo (danh sách khen thưởng, "
                         "phê bình) cho tới khi sửa các ô đó.")
COLLECT_PROGRESS = "Đang đọc báo cáo"
COLLECT_SUMMARY = ("Đã nhận {received} tệp: {accepted} hợp lệ, {flagged} cần xem lại, "
                   "{rejected} bị từ chối, {duplicate} trùng, {superseded} đã có bản mới hơn.")
COLLECT_DRY_RUN = "Chạy thử: không ghi gì vào lưu trữ và sổ nhận."
COLLECT_IGNORED = ("Bỏ qua {count} tệp khóa tạm của Excel (~$…), tệp ẩn hoặc tệp không phải bảng "
                   "tính trong tệp nén (ví dụ {example}).")
COLLECT_FILE = "• {file} [{status}]{unit}"
COLLECT_MISSING = "Đơn vị chủ trì chưa có báo cáo số liệu đến ngày {day} ({count}):"
COLLECT_MISSING_LINE = "  - {name} ({code}){phone}"
COLLECT_ALL_REPORTED = "Mọi đơn vị chủ trì đều đã có báo cáo số liệu đến ngày {day}."
COLLECT_LEDGER = "Sổ nhận: {path}"
COLLECT_MORE = "  … và {count} vấn đề khác (xem đầy đủ với --json)."
WAITING_FOR_WRITER = ("Một lệnh khác (collect, rebuild hoặc report --chot) đang ghi sổ nhận; "
                      "đang chờ lệnh đó xong…")
REBUILD_DONE = "Đã dựng lại sổ nhận từ {count} tệp lưu trữ: {path}"
REBUILD_ROUNDS = "Giữ {count} lần chốt số liệu."
COLLECT_REJUDGED = ("Kế hoạch đã thay đổi: xét lại {count} báo cáo đã nhận trước đây theo kế "
                    "hoạch hiện hành ({accepted} hợp lệ, {flagged} cần xem lại, {rejected} bị "
                    "từ chối, {superseded} đã có bản mới hơn).")
COLLECT_RESTORED = ("Đã khôi phục bản lưu của {count} tệp bị mất hoặc bị sửa trong luu-tru/tep. "
                    "Nếu sổ nhận còn thiếu kết quả của các tệp này, chạy “thidua rebuild {path}”.")
FILE_STATUS = {"accepted": "hợp lệ", "flagged": "cần xem lại", "rejected": "bị từ chối",
               "duplicate": "trùng", "superseded": "đã có bản mới hơn"}

ISSUE_SHEET = "Lỗi"
ISSUE_HEADERS = ("Mức độ", "Tệp", "Sheet", "Ô", "Cột", "Giá trị", "Mã lỗi", "Nội dung")
ISSUE_TITLE = "DANH SÁCH LỖI — {file} — kiểm tra lúc {time}"

# ---------------------------------------------------------------------------
# The unit return form (biểu mẫu báo cáo) and what is read back from it.
# ---------------------------------------------------------------------------

FORM_SHEET = "Báo cáo"
FORM_IDENTITY_SHEET = "_thidua"
FORM_TITLE = "BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH THI ĐUA"
FORM_GUIDE = ("Chỉ nhập vào các ô nền vàng. Không sửa các cột Mã NV, Nội dung, Chỉ tiêu, "
              "Vai trò, Hạn. Kết quả của chỉ tiêu số ghi bằng số (ví dụ 6.798 hoặc 99,6). "
              "Nhiệm vụ chưa hoàn thành ghi rõ nguyên nhân và giải trình.")
FORM_DIR = "bieu-mau"
FORM_LIST_FILE = "danh-sach-gui.xlsx"
FORM_LIST_SHEET = "Danh sách gửi"
FORM_LIST_HEADERS = ("Mã ĐV", "Tên đơn vị", "Email", "Điện thoại", "Tệp biểu mẫu",
                     "Chủ trì", "Phối hợp")

#: The header block of a form and its columns: field key -> (label, aliases); see fields.
FORM_HEADER_HEADERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "unit": ("Đơn vị", ("Đơn vị báo cáo", "Tên đơn vị")),
    "plan": ("Kế hoạch", ("Kế hoạch số",)),
    "data_date": ("Số liệu tính đến ngày", ("Số liệu đến ngày", "Ngày số liệu")),
    "due": ("Hạn nộp", ("Hạn nộp báo cáo",)),
    "reporter": ("Người báo cáo", ("Người lập", "Người lập biểu")),
    "phone": ("Điện thoại", ("Số điện thoại", "SĐT")),
    "submission": ("Lần gửi", ("Lần báo cáo", "Gửi lần")),
}
RETURN_HEADERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "code": ("Mã NV", ("Mã nhiệm vụ", "STT", "TT")),
    "content": ("Nội dung nhiệm vụ", ("Nội dung", "Nhiệm vụ")),
    "target_text": ("Chỉ tiêu", ("Chỉ tiêu, mục tiêu", "Mục tiêu")),
    "measure": ("Đơn vị tính", ("ĐVT",)),
    "role": ("Vai trò", ("Vai trò của đơn vị",)),
    "deadline": ("Hạn hoàn thành", ("Thời hạn", "Hạn")),
    "result": ("Kết quả thực hiện", ("Kết quả", "Kết quả đạt được", "Số liệu thực hiện")),
    "completed_on": ("Ngày hoàn thành", ("Ngày xong", "Thời gian hoàn thành")),
    "status": ("Tình trạng", ("Tình trạng thực hiện", "Trạng thái")),
    "cause": ("Nguyên nhân", ("Nguyên nhân chưa hoàn thành",)),
    "explanation": ("Khó khăn, vướng mắc, giải trình", ("Khó khăn, vướng mắc", "Giải trình")),
    "proposal": ("Đề xuất", ("Kiến nghị, đề xuất", "Kiến nghị")),
    "evidence": ("Minh chứng", ("Tài liệu minh chứng",)),
    "note": ("Ghi chú", ()),
}

ROLES = {"lead": "Chủ trì", "partner": "Phối hợp", "former": "Chủ trì (đã bàn giao)"}
ROLE_VIA = "Phối hợp (thuộc {group})"
#: A lead whose unit ends before the deadline: it reports until its end, then its successor
#: answers for the task (DESIGN §1).
ROLE_FORMER = "Chủ trì đến {day}"
ROLE_SUCCESSOR = "Chủ trì (kế thừa {unit})"
#: The Chỉ tiêu a form shows a unit with a target of its own (the plan's text after it).
FORM_OWN_TARGET = "Chỉ tiêu của đơn vị: {value}"

STATUS_DONE = "Đã hoàn thành"
STATUS_DOING = "Đang thực hiện"
STATUS_NOT_STARTED = "Chưa thực hiện"
STATUS_MET = "Đạt"
STATUS_NOT_MET = "Không đạt"
#: Tình trạng lists per kind family.
PROGRESS_STATUSES = (STATUS_DONE, STATUS_DOING, STATUS_NOT_STARTED)
PASS_FAIL_STATUSES = (STATUS_MET, STATUS_NOT_MET)
CAUSE_SUBJECTIVE = "Chủ quan"
CAUSES = ("Khách quan", CAUSE_SUBJECTIVE, "Khách quan và chủ quan")
#: Other spellings of each Tình trạng that units type instead of choosing from the list.
STATUS_ALIASES: dict[str, tuple[str, ...]] = {
    STATUS_DONE: ("Hoàn thành", "Xong", "Đã xong", "Đã thực hiện", "HT"),
    STATUS_DOING: ("Đang làm", "Đang triển khai", "Chưa hoàn thành"),
    STATUS_NOT_STARTED: ("Chưa làm", "Chưa triển khai", "Chưa"),
    STATUS_MET: ("Đạt yêu cầu", "Giữ vững"),
    STATUS_NOT_MET: ("Chưa đạt", "Không giữ vững"),
}

FORM_INPUT_MESSAGES = {
    "result_number": "Nhập số (ví dụ 6.798 hoặc 99,6).",
    "result_text": "Mô tả kết quả (ví dụ: đã trình, số văn bản).",
    "completed_on": "Ngày hoàn thành, dạng dd/mm/yyyy.",
    "status": "Chọn tình trạng.",
    "cause": "Chọn nguyên nhân nếu chưa hoàn thành.",
    "data_date": "Ngày chốt số liệu của báo cáo, dạng dd/mm/yyyy.",
    "submission": "Lần gửi: 1 cho lần đầu, 2 nếu gửi lại bản sửa …",
}

# ---------------------------------------------------------------------------
# Completion and status (completion.py)
# ---------------------------------------------------------------------------

#: Status key -> the text written beside the colour (printouts are often black-and-white).
STATUS_TEXT: dict[str, str] = {
    "on_time": "Hoàn thành đúng hạn",
    "late_done": "Hoàn thành quá hạn",
    "in_progress": "Đang thực hiện trong hạn",
    "due_soon": "Sắp đến hạn",
    "overdue": "Quá hạn chưa hoàn thành",
    "failed": "Không đạt",
    "no_report": "Chưa báo cáo",
    "no_deadline": "Không có hạn",
}
#: The four official buckets (no_report rows fall in open_in_time or open_overdue by D).
BUCKETS: dict[str, str] = {
    "on_time": "HT đúng hạn",
    "late_done": "HT quá hạn",
    "open_in_time": "Chưa HT trong hạn",
    "open_overdue": "Chưa HT quá hạn",
}
BUCKET_NOT_REPORTED = "Chưa báo cáo"
BUCKET_NO_DEADLINE = "Không có hạn"
#: Notes on a scored row or task: stable code -> text.
COMPLETION_NOTES: dict[str, str] = {
    "missing-baseline": "thiếu số liệu gốc",
    "not-computable": "không tính được % (thiếu hoặc bằng 0 giá trị mục tiêu)",
    "missing-value": "có tình trạng nhưng chưa ghi kết quả bằng số",
    "done-contradicted": "báo cáo “Đã hoàn thành” nhưng số liệu chưa đạt chỉ tiêu",
    "completion-date-assumed": "không ghi ngày hoàn thành; tạm lấy ngày số liệu",
    "breached": "đã để xảy ra: cần giải trình ngay",
    "lapsed": "không giữ vững: không còn đạt được",
    "row-rejected": "dòng báo cáo mới nhất bị loại vì giá trị sai (xem cột Kết quả)",
}
#: Kết quả of a row whose latest report was rejected at collect.
RESULT_REJECTED = "Bị loại: giá trị sai ở ô {cell} (tệp {file})"
RATE_COMPLETION = "Tỷ lệ hoàn thành (trên tổng số nhiệm vụ chủ trì)"
RATE_ON_TIME = "Tỷ lệ đúng hạn (trên số nhiệm vụ đã đến hạn)"
#: Shown instead of a rate whose denominator is 0 (nothing due yet), never 0.
NOT_APPLICABLE = "—"
PLAN_HEADLINE = "{achieved}/{total} nhiệm vụ hoàn thành"

# ---------------------------------------------------------------------------
# The report workbook (thidua report).
# ---------------------------------------------------------------------------

REPORT_DIR = "bao-cao"
REPORT_FILE = "tong-hop-{plan}-{date}.xlsx"
REPORT_TITLE = "BÁO CÁO TỔNG HỢP KẾT QUẢ THỰC HIỆN KẾ HOẠCH {number}"
#: The title when the plan has no issued number yet (never "… KẾ HOẠCH " with nothing).
REPORT_TITLE_UNNUMBERED = "BÁO CÁO TỔNG HỢP KẾT QUẢ THỰC HIỆN KẾ HOẠCH (CHƯA CÓ SỐ HIỆU)"
REPORT_SUBTITLE = "Số liệu tính đến ngày {as_of} · Lập lúc {made}"
REPORT_HEADLINE = "Kết quả chung: {headline} · {pct} hoàn thành bình quân"
REPORT_LEGEND = "Chú giải màu"
REPORT_NO_ROUND = "(chưa có lần chốt trước)"
SHEET_SUMMARY = "Tổng hợp"
SHEET_BY_UNIT = "Theo đơn vị"
SHEET_OVERDUE = "Quá hạn"
SHEET_NOT_REPORTED = "Chưa báo cáo"
SHEET_EXPLAIN = "Cần giải trình"
SHEET_AWARDS = "Khen thưởng – Phê bình"
SHEET_VALUES = "Kết quả"
SHEET_RECEIPTS = "Nhật ký nhận"
#: Sheets printed to PDF (Kết quả and Nhật ký nhận are records, not for the meeting).
SUMMARY_SHEETS = (SHEET_SUMMARY, SHEET_BY_UNIT, SHEET_OVERDUE, SHEET_NOT_REPORTED,
                  SHEET_EXPLAIN, SHEET_AWARDS)
SUMMARY_HEADERS = ("Mã NV", "Nội dung", "Đơn vị chủ trì", "Chỉ tiêu", "Kết quả",
                   "Tỷ lệ hoàn thành (%)", "Trạng thái", "Hạn hoàn thành", "Ngày hoàn thành",
                   "Thay đổi so với lần chốt trước (điểm %)", "Ghi chú")
BY_UNIT_HEADERS = ("Xếp hạng", "Mã ĐV", "Tên đơn vị", "Loại", "Số nhiệm vụ chủ trì",
                   "HT đúng hạn", "HT quá hạn", "Chưa HT trong hạn", "Chưa HT quá hạn",
                   "Trong đó chưa báo cáo", RATE_COMPLETION, RATE_ON_TIME,
                   "% hoàn thành bình quân", "Số chỉ tiêu vượt mức", "Nhiệm vụ phối hợp")
OVERDUE_HEADERS = ("Mã NV", "Nội dung", "Đơn vị chủ trì", "Hạn hoàn thành",
                   "Số ngày quá hạn", "Tỷ lệ hoàn thành (%)", "Trạng thái", "Nguyên nhân")
NOT_REPORTED_HEADERS = ("Mã ĐV", "Tên đơn vị", "Nhiệm vụ chủ trì chưa báo cáo", "Điện thoại",
                        "Email", "Ghi chú")
#: Why a unit that sent a return is still listed as not reported at report date R.
NOT_REPORTED_NO_DATE = ("Đã gửi “{file}” nhưng không ghi Số liệu tính đến ngày: bản này chỉ "
                        "được tính từ ngày nhận ({received}), sau ngày báo cáo.")
NOT_REPORTED_LATER = ("Đã gửi “{file}” với số liệu tính đến ngày {day}, sau ngày báo cáo: "
                      "chưa được tính.")
EXPLAIN_HEADERS = ("Mã NV", "Nội dung", "Đơn vị", "Trạng thái", "Tỷ lệ hoàn thành (%)",
                   "Nguyên nhân", "Giải trình của đơn vị", "Đề xuất của đơn vị", "Ghi chú")
VERTICAL_TITLE = "Đơn vị ngành dọc không hoàn thành (báo cáo cơ quan cấp trên, không phê bình)"
AWARD_HEADERS = ("Mã ĐV", "Tên đơn vị", "Số nhiệm vụ chủ trì", "HT đúng hạn", RATE_ON_TIME)
CRITICISE_HEADERS = ("Mã ĐV", "Tên đơn vị", "Mã NV", "Nội dung", "Trạng thái", "Nguyên nhân",
                     "Giải trình")
NONE_LISTED = "(không có)"
VALUES_HEADERS = ("Mã NV", "Mã ĐV", "Vai trò", "Kết quả (số)", "Kết quả (chữ)", "Tình trạng",
                  "Ngày hoàn thành", "Nguyên nhân", "Giải trình", "Đề xuất", "Minh chứng",
                  "Ghi chú của đơn vị", "Số liệu đến ngày", "Tệp", "Ô", "Nhận lúc")
RECEIPTS_HEADERS = ("Tệp", "Mã ĐV", "Trạng thái", "Số liệu đến ngày", "Lần gửi",
                    "Nhận lúc", "Nhận dạng", "Số vấn đề")
#: How collect knew the unit of a return (Nhận dạng in Nhật ký nhận).
IDENTIFIED_BY = {"identity": "sheet nhận dạng", "header": "phần đầu biểu",
                 "fuzzy": "tên gần đúng"}
#: The printed summary sheets are annexes (phụ lục) of the office's report (Nghị định
#: 30/2020/NĐ-CP): the issuing body top left, "PHỤ LỤC" with its number, the title, the
#: report they go with (dotted where staff fill in the number and date).
ANNEX = "PHỤ LỤC {number}"
ANNEX_TITLES = {
    SHEET_SUMMARY: "TỔNG HỢP KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ",
    SHEET_BY_UNIT: "KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO ĐƠN VỊ",
    SHEET_OVERDUE: "CÁC NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH",
    SHEET_NOT_REPORTED: "CÁC ĐƠN VỊ CHƯA GỬI BÁO CÁO",
    SHEET_EXPLAIN: "CÁC NHIỆM VỤ CẦN GIẢI TRÌNH",
    SHEET_AWARDS: "ĐỀ NGHỊ KHEN THƯỞNG, PHÊ BÌNH",
}
ANNEX_PLAN = "Thực hiện Kế hoạch số {number} ngày {day} của {issuer}"
ANNEX_PLAN_UNNUMBERED = "Thực hiện Kế hoạch (chưa có số hiệu) của {issuer}"
ANNEX_ATTACHED = "(Kèm theo Báo cáo số ……/BC-{body} ngày …… tháng …… năm ……)"
#: Where the report's issuing body is unknown: dots for staff to fill in.
ANNEX_BLANK = "……"
#: The hidden sheet holding the trend chart's points (never printed).
SHEET_CHART_DATA = "Dữ liệu biểu đồ"
CHART_UNITS = "Tỷ lệ hoàn thành theo đơn vị (%)"
CHART_TREND = "Tỷ lệ hoàn thành bình quân qua các lần chốt (%)"
ROUND_CURRENT = "Lần này"
REPORT_WRITTEN = "Đã ghi báo cáo: {path}"
REPORT_PDF = "Đã ghi bản PDF: {path}"
REPORT_NO_PDF = ("Chưa tạo được PDF: máy chưa có LibreOffice. Cài LibreOffice (Windows/macOS: "
                 "tải từ libreoffice.org; Debian/Ubuntu: apt-get install libreoffice-calc-nogui "
                 "fonts-liberation2) rồi chạy lại với --pdf, hoặc mở tệp bằng Excel và chọn "
                 "Lưu dạng PDF.")
REPORT_FROZEN = "Đã chốt số liệu ngày {as_of} (lần chốt {round})."
REPORT_NOT_IN_PLAN = ("{count} kết quả đã nhận thuộc nhiệm vụ hoặc đơn vị không còn trong kế "
                      "hoạch hiện hành nên không được tính trong báo cáo này.")
REPORT_NO_LEDGER = "Chưa có sổ nhận: chưa tổng hợp báo cáo nào (thidua collect); mọi nhiệm vụ "\
                   "được tính là chưa báo cáo."

# --- Phases in the report (Theo đợt) and report --dot --------------------------------------
SHEET_PHASES_REPORT = "Theo đợt"
PHASE_SECTION = "Đợt {code}{name}: từ {start} đến {end}"
PHASE_SECTION_NAME = " – {name}"
PHASE_NO_TASKS = "(đợt này chưa có nhiệm vụ nào: cột Đợt của sheet Nhiệm vụ)"
PHASE_SUMMARY_HEADERS = ("Số nhiệm vụ được tính", "HT đúng hạn", "HT quá hạn",
                         "Chưa HT trong hạn", "Chưa HT quá hạn", "Trong đó chưa báo cáo",
                         "Không có hạn", "Nhiệm vụ hoàn thành (cấp cao nhất)",
                         "% hoàn thành bình quân")
PHASE_UNITS_TITLE = "Kết quả theo đơn vị trong đợt"
PHASE_AWARDS_TITLE = "Khen thưởng trong đợt"
PHASE_CRITICISE_TITLE = "Phê bình trong đợt"
#: The title of a report limited to one phase (report --dot).
REPORT_PHASE_ONLY = "Báo cáo riêng đợt {code}{name} (từ {start} đến {end})"
REPORT_PHASE_FILE = "tong-hop-{plan}-dot-{phase}-{date}.xlsx"
#: The return form shows each task's phase (locked), in a last column.
RETURN_HEADERS["phase"] = ("Đợt", ("Mã đợt",))
# --- persons and leaders: the task's Lãnh đạo phụ trách, shown on every form row ---
RETURN_HEADERS["leader"] = ("Lãnh đạo phụ trách", ("Lãnh đạo chỉ đạo",))
HELP["opt_dot"] = ("Chỉ lập báo cáo cho một đợt thi đua (Mã đợt ở sheet Đợt thi đua): các "
                   "nhiệm vụ của đợt đó và tiêu chí khen thưởng của đợt.")
STOP_MESSAGES["unknown-phase-option"] = ("Không có đợt “{value}” trong sheet Đợt thi đua.{hint} "
                                         "Các đợt: {expected}.")
#: Theo đợt is printed with the other summaries.
SUMMARY_SHEETS = (*SUMMARY_SHEETS[:2], SHEET_PHASES_REPORT, *SUMMARY_SHEETS[2:])  # as written
ANNEX_TITLES[SHEET_PHASES_REPORT] = "KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO ĐỢT THI ĐUA"
# --- persons and leaders: Lãnh đạo phụ trách in Tổng hợp and a summary by leader ---
#: Tổng hợp's last column when a task names a Lãnh đạo phụ trách.
SUMMARY_HEADER_LEADER = "Lãnh đạo phụ trách"
SHEET_BY_LEADER = "Theo lãnh đạo phụ trách"
#: Printed after Theo đợt, when a task names a Lãnh đạo phụ trách.
SUMMARY_SHEETS = (*SUMMARY_SHEETS[:3], SHEET_BY_LEADER, *SUMMARY_SHEETS[3:])  # as written
ANNEX_TITLES[SHEET_BY_LEADER] = "KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO LÃNH ĐẠO PHỤ TRÁCH"
BY_LEADER_HEADERS = ("STT", "Lãnh đạo phụ trách", "Số nhiệm vụ được tính", "HT đúng hạn",
                     "HT quá hạn", "Chưa HT trong hạn", "Chưa HT quá hạn",
                     "Trong đó chưa báo cáo", "% hoàn thành bình quân")
#: Under the table: what a leader's row counts.
BY_LEADER_NOTE = ("Mỗi lãnh đạo: các nhiệm vụ được tính (nhiệm vụ không có nhiệm vụ con, hoặc "
                  "có chỉ tiêu riêng) ghi lãnh đạo đó ở cột Lãnh đạo phụ trách (nhiệm vụ con "
                  "không ghi thì theo nhiệm vụ cha).")
METAVAR_PHASE = "MÃ_ĐỢT"
STOP_MESSAGES["dot-with-chot"] = ("Lần chốt số liệu (--chot) là của cả kế hoạch nên không dùng "
                                  "cùng --dot. Chạy “thidua report” không có --dot để chốt.")

# ---------------------------------------------------------------------------
# The draft Báo cáo in Word (thidua report --word), laid out per Nghị định 30/2020/NĐ-CP.
# ---------------------------------------------------------------------------

NARRATIVE_FILE = "bao-cao-{plan}-{date}.docx"
#: A blank left for the office to fill in when the document is registered or signed.
BLANK = "……"
LONG_BLANK = "……………………"
PEOPLES_COMMITTEE = "Ủy ban nhân dân"
PEOPLES_COMMITTEE_SHORT = "UBND"
#: The words naming an administrative level, taken off the issuer to get the place name.
PLACE_LEVELS = ("tỉnh", "thành phố", "thị xã", "quận", "huyện", "xã", "phường", "thị trấn",
                "đặc khu")
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"
DOC_NUMBER = "Số: {blank}/BC-{body}"
PLACE_DATE = "{place}, ngày {blank} tháng {blank} năm {year}"
DOC_TYPE = "BÁO CÁO"
SUBJECT = "Kết quả thực hiện {plan}"
SUBJECT_NUMBER = " số {number}"
SUBJECT_ISSUED = " ngày {day}"
SUBJECT_ISSUER = " của {issuer}"
SUBJECT_ABOUT = " về {title}"
OPENING = ("Thực hiện {plan}; căn cứ báo cáo của các đơn vị, số liệu tính đến ngày {as_of}, "
           "{issuer} báo cáo kết quả thực hiện như sau:")
OPENING_PLAN = "Kế hoạch{number}{issued}{issuer}{about}"
THE_OFFICE = "cơ quan theo dõi"
PART_RESULTS = "I. KẾT QUẢ THỰC HIỆN"
SECTION_OVERALL = "1. Kết quả chung"
OVERALL = ("Đến ngày {as_of}, đã hoàn thành {achieved}/{total} nhiệm vụ của Kế hoạch; tỷ lệ "
           "hoàn thành bình quân đạt {pct}.")
OVERALL_NO_PCT = ("Đến ngày {as_of}, đã hoàn thành {achieved}/{total} nhiệm vụ của Kế hoạch; "
                  "chưa tính được tỷ lệ hoàn thành bình quân.")
LEAVES_INTRO = ("Xét theo {leaves} nhiệm vụ, chỉ tiêu cụ thể giao đơn vị chủ trì (nhiệm vụ có "
                "nhiều hạng mục tính theo từng hạng mục):")
BUCKET_SENTENCE: dict[str, str] = {
    "on_time": "Hoàn thành đúng hạn: {count} nhiệm vụ",
    "late_done": "Hoàn thành quá hạn: {count} nhiệm vụ",
    "open_in_time": "Chưa hoàn thành, còn trong hạn: {count} nhiệm vụ",
    "open_overdue": "Chưa hoàn thành, đã quá hạn: {count} nhiệm vụ",
}
TASKS_NOT_REPORTED = "Trong đó {count} nhiệm vụ chưa có báo cáo của đơn vị chủ trì."
TASKS_NO_DEADLINE = "Có {count} nhiệm vụ không có hạn hoàn thành, không tính vào các nhóm trên."
SEE_APPENDIX = "Kết quả cụ thể của từng nhiệm vụ, từng đơn vị tại các Phụ lục kèm theo Báo cáo này."
#: The Word Báo cáo, under Kết quả chung, when a task names a Lãnh đạo phụ trách.
LEADERS_INTRO = "Theo lãnh đạo phụ trách:"
LEADER_SENTENCE = ("{leader}: {tasks} nhiệm vụ, hoàn thành đúng hạn {on_time}, hoàn thành quá "
                   "hạn {late_done}, chưa hoàn thành còn trong hạn {open_in_time}, chưa hoàn "
                   "thành đã quá hạn {open_overdue}")
LEADER_NOT_REPORTED = ", {count} nhiệm vụ chưa có báo cáo"
LEADER_PCT = "; tỷ lệ hoàn thành bình quân {pct}"
SECTION_NOT_REPORTED = "2. Đơn vị chưa báo cáo"
UNITS_NOT_REPORTED = "Đến ngày {as_of}, còn {count} đơn vị chủ trì chưa gửi báo cáo:"
UNIT_NOT_REPORTED = "{name} (nhiệm vụ {tasks})"
ALL_REPORTED = "Các đơn vị chủ trì đều đã gửi báo cáo."
PART_SHORTCOMINGS = "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN"
SECTION_OVERDUE = "1. Nhiệm vụ quá hạn chưa hoàn thành"
NONE_OVERDUE = "Không có nhiệm vụ quá hạn chưa hoàn thành."
TASK_LINE = "Nhiệm vụ {code}: {content} (chủ trì: {leads})"
OVERDUE_DETAIL = "hạn {deadline}, quá hạn {days} ngày; {status}"
REACHED = "đạt {pct}"
SECTION_LATE = "2. Nhiệm vụ hoàn thành quá hạn"
LATE_DETAIL = "hạn {deadline}, hoàn thành ngày {completed}"
UNIT_ACCOUNT = "{name}: {status}; nguyên nhân: {cause}; giải trình: {explanation}"
UNIT_PROPOSAL = "; đề xuất: {proposal}"
NO_CAUSE = "chưa nêu"
NO_EXPLANATION = "chưa có"
QUOTED = "“{text}”"
SECTION_CAUSES = "{number}. Nguyên nhân"
CAUSES_SUMMARY = "Theo báo cáo của các đơn vị, trong {count} trường hợp cần giải trình:"
CAUSE_COUNT = "{cause}: {count} trường hợp"
CAUSE_NOT_GIVEN = "Chưa nêu nguyên nhân"
NOTHING_TO_EXPLAIN = "Không có trường hợp nào cần giải trình."
PART_AWARDS = "III. ĐỀ XUẤT KHEN THƯỞNG, PHÊ BÌNH"
SECTION_AWARD = "1. Đề nghị khen thưởng"
#: A rule of the plan quoted in the Báo cáo, as the award sheet quotes it.
RULE_QUOTED = "Tiêu chí: {rule}"
AWARD_COUNT = "Có {count} đơn vị đạt tiêu chí:"
AWARD_ITEM = ("{name}: chủ trì {led} nhiệm vụ, hoàn thành đúng hạn {on_time} nhiệm vụ, tỷ lệ "
              "đúng hạn {rate}")
NO_AWARD = "Chưa có đơn vị đạt tiêu chí."
SECTION_CRITICISE = "2. Đề nghị phê bình"
CRITICISE_ITEM = ("{name}: nhiệm vụ {task} ({status}); nguyên nhân: {cause}; giải trình: "
                  "{explanation}")
NO_CRITICISE = "Không có đơn vị thuộc diện phê bình."
SECTION_VERTICAL = "3. Đơn vị ngành dọc chưa hoàn thành nhiệm vụ (báo cáo cơ quan cấp trên)"
PART_NEXT = "IV. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI"
SECTION_OPEN = "1. Tập trung hoàn thành các nhiệm vụ còn trong hạn"
OPEN_DETAIL = "hạn {deadline}; {status}"
NONE_OPEN = "Không còn nhiệm vụ nào đang trong hạn."
SECTION_CATCH_UP = "2. Khắc phục tồn tại"
CATCH_UP = ("Các đơn vị có nhiệm vụ quá hạn khẩn trương hoàn thành, báo cáo giải trình rõ "
            "nguyên nhân; các đơn vị chưa báo cáo gửi báo cáo về {owner}{due}.")
CATCH_UP_DUE = " trước ngày {day}"
CATCH_UP_SCHEDULE = " trước ngày {day} (hạn nộp báo cáo theo kế hoạch: {schedule})"
ENDING = "Trên đây là báo cáo kết quả thực hiện {plan}./."
RECIPIENTS_TITLE = "Nơi nhận:"
RECIPIENTS = ("- Các đơn vị chủ trì, phối hợp thực hiện Kế hoạch;", "- " + LONG_BLANK + ";",
              "- Lưu: VT, " + BLANK + ".")
SIGN_COMMITTEE = ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH")
SIGN_OTHER = ("THỦ TRƯỞNG CƠ QUAN",)
NARRATIVE_WRITTEN = "Đã ghi dự thảo Báo cáo (Word): {path}"

# ---------------------------------------------------------------------------
# The Excel button (xlwings): the Điều khiển sheet and what the button says.
# ---------------------------------------------------------------------------

#: The control workbook (the button, apart from the data) and the module beside it.
CONTROL_WORKBOOK_FILE = "dieu_khien.xlsm"
#: The earlier layout: the canonical workbook itself carried the macros and the button.
EXCEL_WORKBOOK_FILE = "bieu_chi_tiet.xlsm"
SHEET_CONTROL = "Điều khiển"
SHEET_ERRORS = "Lỗi"
CONTROL_TITLE = "THIDUA — BẢNG ĐIỀU KHIỂN"
CONTROL_LINES = (
    "1. Dữ liệu kế hoạch nằm trong biểu chi tiết (ô bên dưới); tệp này chỉ chứa nút bấm.",
    "2. Sửa biểu chi tiết, lưu lại (Ctrl+S): chương trình đọc bản đã lưu.",
    "3. Chọn việc cần làm, rồi bấm nút Chạy. Kết quả ghi ở dòng Trạng thái; lỗi của biểu chi "
    "tiết ghi ở sheet Lỗi.",
)
CONTROL_FIELDS = (
    ("action", "Việc cần làm"),
    ("as_of", "Ngày số liệu của báo cáo (để trống: theo sheet Kế hoạch)"),
    ("workbook", "Biểu chi tiết (tên tệp cạnh tệp này, hoặc đường dẫn đầy đủ)"),
    ("folder", "Thư mục làm việc (để trống: thư mục chứa biểu chi tiết)"),
    ("phase", "Đợt của báo cáo (mã đợt; để trống: cả kế hoạch)"),
    ("status", "Trạng thái"),
)
CONTROL_OPEN_LINK = "Mở biểu chi tiết"
CONTROL_BUILT = "Tạo bằng thidua {thidua}, xlwings {xlwings}, Python: {python}"
ACTIONS = {"check": "Kiểm tra", "forms": "Tạo biểu mẫu", "collect": "Tổng hợp",
           "report": "Báo cáo"}
BUTTON_CAPTION = "Chạy"
XL_TITLE = "thidua"
XL_CHECK_DONE = "Kiểm tra xong: {errors} lỗi, {warnings} cảnh báo (xem sheet Lỗi)."
XL_FORMS_DONE = "Đã tạo {count} biểu mẫu trong {path}."
XL_COLLECT_DONE = ("Tổng hợp xong: {received} tệp, {accepted} hợp lệ, {flagged} cần xem lại, "
                   "{rejected} bị từ chối, {duplicate} trùng.")
XL_COLLECT_REJUDGED = ("Kế hoạch đã thay đổi: đã xét lại {count} báo cáo đã nhận trước đây "
                       "theo kế hoạch hiện hành.")
XL_REPORT_DONE = "Đã lập báo cáo {path} và dự thảo Báo cáo bằng Word {word}."
XL_PLAN_ERRORS = "Biểu chi tiết còn {errors} lỗi (xem sheet Lỗi); sửa rồi chạy lại."
XL_BAD_AS_OF = ("Ô “{field}” ghi “{value}”, không phải ngày hợp lệ. Nhập ngày dạng dd/mm/yyyy "
                "(hoặc để trống) rồi bấm lại.")
XL_UNKNOWN_ACTION = "Chưa chọn việc cần làm. Chọn một trong: {choices}."
XL_UNEXPECTED = ("Lỗi ngoài dự kiến: {reason}. Chi tiết kỹ thuật đã ghi vào {log}; gửi tệp "
                 "này cho bộ phận kỹ thuật.")
XL_NO_WORKBOOK = ("Không tìm thấy biểu chi tiết “{path}”. Ghi đúng tên tệp vào ô “{field}” "
                  "(để trống: bieu_chi_tiet.xlsx cạnh tệp này) rồi bấm lại.")
XL_OUTDATED = ("Chú ý: tệp này được tạo với xlwings {built}, máy đang cài xlwings {installed}. "
               "Chạy lệnh: thidua excel \"{folder}\" để tạo lại tệp điều khiển.")
XL_LEGACY = ("Chú ý: đây là biểu chi tiết kiểu cũ có chứa macro. Chạy lệnh: thidua excel "
             "\"{folder}\" để chép dữ liệu sang bieu_chi_tiet.xlsx và dùng tệp dieu_khien.xlsm.")
XL_LOG_FILE = "thidua-nhat-ky.log"
ERRORS_HEADERS = ("Mức độ", "Sheet", "Ô", "Cột", "Giá trị", "Mã lỗi", "Nội dung")
SHIM_DOC = ("Nút bấm Excel của {name}.xlsm chạy `import {name}; {name}.main()`. Tệp này "
            "chuyển lời gọi đó cho thidua. Không xóa, không đổi tên.")
EXCEL_CONTROL = "  Tệp điều khiển (nút bấm): {path}"
EXCEL_PYTHON = "  Python chạy nút bấm: {path}"
EXCEL_APPLESCRIPT = "  Đã cài tệp AppleScript của xlwings cho Excel: {path}"
EXCEL_MIGRATED = ("Đã chép dữ liệu của {old} sang {path}. Từ nay sửa kế hoạch trong {path}; "
                  "tệp cũ giữ nguyên, không dùng nữa (có thể xóa {old} và {shim}).")
EXCEL_UPGRADED = ("Tệp điều khiển cũ được tạo với xlwings {before}, máy đang cài xlwings "
                  "{after}: đã tạo lại cho xlwings {after}.")
EXCEL_DONE = "Đã tạo tệp điều khiển trong {path}. Mở {control} bằng Excel, cho phép macro."
EXCEL_CLOUD = ("Chú ý: thư mục “{path}” nằm trong OneDrive/SharePoint. Nên tắt AutoSave cho "
               "các tệp này, hoặc dùng một thư mục trên máy (ví dụ D:\\ThiDua) rồi sao lưu; "
               "xem mục xử lý sự cố trong README.")

ROWS = "{count} dòng"
SHEET_LIMIT = "{rows} dòng, {columns} cột, {cells} ô"
MORE_ROWS = "hơn {rows} dòng"

# ---------------------------------------------------------------------------
# thidua draft: a draft biểu chi tiết from the plan document.
# ---------------------------------------------------------------------------

SHEET_REVIEW = "Rà soát"
REVIEW_TITLE = ("Bản nháp đọc tự động từ văn bản kế hoạch: rà soát từng dòng dưới đây và các ô "
                "tô màu vàng (có ghi chú) trước khi dùng; xong thì chạy thidua check.")
REVIEW_HEADERS = ("STT", "Sheet", "Dòng", "Cột", "Giá trị", "Việc cần rà soát", "Nguồn",
                  "Trích văn bản")
REVIEW_UNREAD = "Câu có vẻ là chỉ tiêu nhưng không đọc được: nhập tay nếu cần."
DRAFT_SOURCE = "Nguồn: {source}"
DRAFT_SOURCE_QUOTE = "Nguồn: {source}: “{quote}”"
DRAFT_PARAGRAPH = "đoạn {n}"
DRAFT_TABLE_ROW = "bảng {table}, dòng {row}"
DRAFT_PAGE = "trang {page}, dòng {line}"
DRAFT_ISSUER = "UBND {level} {place}"
DRAFT_ISSUER_GUESS = ("Suy ra từ địa danh ở dòng ngày tháng và cấp “UBND …” nêu trong văn bản: "
                      "kiểm tra tên cơ quan ban hành.")
DRAFT_NO_NUMBER = "Văn bản là bản dự thảo, chưa có số: để trống Số hiệu, nhập khi có số."
DRAFT_KIND_WORDING = "Loại chỉ tiêu suy ra từ cách viết: kiểm tra lại."
DRAFT_KIND_MILESTONE = ("Câu không nêu con số: coi là mốc hoàn thành (xong hay chưa); kiểm tra "
                        "lại loại chỉ tiêu.")
DRAFT_CYCLE = ("Câu nêu chu kỳ (hằng tháng, hằng quý, hằng năm …): nhiệm vụ định kỳ, mỗi kỳ "
               "từ Hiệu lực từ đến Hạn hoàn thành được chấm riêng; kiểm tra lại, xóa ô này "
               "nếu việc không làm theo chu kỳ.")
DRAFT_COMPARISON = "Văn bản không ghi “từ … trở lên”/“trên …”: tạm hiểu là ≥ (đạt hoặc vượt)."
DRAFT_DEADLINE_LIST = "Hạn chung của cả danh sách ({source}), câu này không ghi hạn riêng."
DRAFT_DEADLINE_PHASE = "Câu không ghi hạn: lấy ngày kết thúc của đợt {phase}."
DRAFT_DEADLINE_PLAN = "Câu không ghi hạn: lấy ngày kết thúc kế hoạch."
DRAFT_NO_LEAD = "Văn bản không nêu đơn vị chủ trì: nhập theo biểu phân công."
DRAFT_UNREAD = REVIEW_UNREAD
DRAFT_PERSONS = ("Các tiểu mục nêu tên công dân: không đưa vào biểu (dữ liệu cá nhân), chỉ giữ "
                 "chỉ tiêu chung.")
DRAFT_PHASE_CODE = "D{no}"
DRAFT_PERIOD = "Ngày kết thúc đọc từ câu về thời gian thực hiện: kiểm tra lại."
DRAFT_END_FROM_TASKS = "Văn bản không ghi thời gian kế hoạch: lấy hạn muộn nhất đã nêu."
DRAFT_START_GUESS = "Văn bản không ghi ngày bắt đầu: lấy ngày ban hành (hoặc ngày đầu đợt 1)."
DRAFT_CODE_GIVEN = "Dòng gạch đầu dòng không có số thứ tự: mã nhiệm vụ do biểu đặt."
DRAFT_NEED_BASELINE = ("Loại chỉ tiêu này cần Giá trị gốc mà văn bản không ghi số: nhập số liệu "
                       "của mốc so sánh.")
DRAFT_GROUP_COMMUNES = ("Thành viên nhóm lấy theo các xã, thị trấn được nêu trong văn bản: bổ "
                        "sung các xã còn lại.")
DRAFT_GROUP_EMPTY = "Nhóm đơn vị chưa có thành viên: nhập mã các đơn vị thuộc nhóm."
DRAFT_NOT_STATED = "Văn bản không ghi thông tin này: nhập tay."
DRAFT_NO_TASKS = ("Không đọc được nhiệm vụ nào có chỉ tiêu hoặc có hạn trong văn bản: nhập "
                  "nhiệm vụ theo biểu phân công.")
DRAFT_NO_UNITS = "Văn bản không nêu đơn vị nào: nhập danh sách đơn vị."
DRAFT_PHASE_OUT = ("Hạn văn bản ghi nằm ngoài thời gian của đợt chứa câu này: kiểm tra đợt hoặc "
                   "hạn của nhiệm vụ.")
DRAFT_END_FROM_PHASES = "Văn bản không ghi ngày kết thúc chung: lấy ngày kết thúc của đợt cuối."
DRAFT_LEAD_HEADING = ("Đơn vị chủ trì lấy theo tiêu đề mục mà nhiệm vụ nằm dưới: kiểm tra lại "
                      "(có thể là đơn vị phối hợp).")
DRAFT_OWNER = ("Đơn vị theo dõi lấy theo câu giao theo dõi, đôn đốc ở mục Tổ chức thực hiện: "
               "kiểm tra lại.")
DRAFT_CODE_REPEATED = "Văn bản dùng lại số thứ tự này: mã được thêm hậu tố để không trùng."
DRAFT_RETURN_DUE = ("Hạn nộp báo cáo lấy theo hạn báo cáo kết quả ở mục Tổ chức thực hiện: kiểm "
                    "tra lại.")
INIT_FROM_ALONE = ("--from lập biểu chi tiết nháp dạng .xlsx từ văn bản kế hoạch, không dùng "
                   "cùng --sample hay --excel.")
DRAFT_REDUCE_TO_BASELINE = ("“Giảm còn” không có Giá trị gốc thì chỉ tính đạt hoặc chưa đạt: "
                            "nhập số liệu gốc nếu muốn tính % hoàn thành.")
DRAFT_END_FROM_TITLE = ("Văn bản không ghi thời gian thực hiện: tên kế hoạch nêu năm (hoặc quý), "
                        "lấy ngày cuối của năm (quý) đó làm ngày kết thúc.")
DRAFT_PERCENT_CHANGE = ("Văn bản ghi mức tăng theo % so với mốc, không ghi số cần đạt: nhập Giá "
                        "trị gốc và Giá trị mục tiêu (số tuyệt đối) tương ứng.")
DRAFT_PHASE_BY_DEADLINE = ("Câu không nằm dưới đợt nào: xếp vào đợt chứa hạn hoàn thành của nhiệm "
                           "vụ; kiểm tra lại.")
DRAFT_DONE = "Đã ghi biểu chi tiết nháp: {path}"
DRAFT_SUMMARY = ("  {tasks} nhiệm vụ, {units} đơn vị, {phases} đợt; {guesses} mục cần rà soát "
                 "(sheet Rà soát và các ô tô vàng).")
DRAFT_NEXT = ("Tiếp theo: mở biểu chi tiết nháp bằng Excel, rà soát các ô tô vàng và sheet Rà "
              "soát, rồi chạy: thidua check {path}")

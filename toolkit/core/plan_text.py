"""The Vietnamese patterns that read a plan document (kế hoạch) as written: its header,
its numbered parts and items, the phrases that state a target, a deadline, a lead.

Every pattern is deterministic and matched on match_key() text (NFC, canonical tones,
casefold); each carries the seed sentences it was written from. Numbers, targets and
dates are read by core.parsing (parse_target, scan_dates), never again here. This module
only recognises; core.drafting decides what goes into the workbook.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from thidua.core.parsing.dates import scan_dates, scan_months
from thidua.core.parsing.text import match_key, normalize_text

# ---------------------------------------------------------------------------
# The document's header.
# ---------------------------------------------------------------------------

#: "Số: 111/KH-UBND", "Số: 42 /KH-UBND", a draft "Số:      /KH-UBND".
NUMBER_LINE = re.compile(r"^số\s*:?\s*(?P<no>[0-9]*)\s*/\s*(?P<suffix>[\w.&-]+)\s*(?=\s|$)")
#: "đã ban hành Kế hoạch số 71/KH-UBND" inside a sentence (a news item quoting the plan).
NUMBER_IN_TEXT = re.compile(r"ban hành kế hoạch số\s*(?P<no>[0-9]+)\s*/\s*(?P<suffix>[\w.&-]+)")
#: "Hiệp Hoà, ngày 19 tháng 4 năm 2024": the place and the date of issue.
PLACE_DATE = re.compile(r"^(?P<place>[^,]{2,60}),\s*ngày\s+[0-9]{1,2}\s+tháng\s+[0-9]{1,2}"
                        r"\s+năm\s+[0-9]{4}\s*$")
#: "Ngày 12/04/2022, Ủy ban nhân dân tỉnh đã ban hành Kế hoạch số 71/KH-UBND".
ISSUED_BY_IN_TEXT = re.compile(r"^ngày\s+[0-9/]+\s*,\s*(?P<issuer>(?:ủy ban nhân dân|ubnd)"
                               r"\s+[^,]+?)\s+(?:đã\s+)?ban hành")
#: The issuing body as the header line of a letterhead: "ỦY BAN NHÂN DÂN HUYỆN HIỆP HÒA".
ISSUER_LINE = re.compile(r"^(?:ủy ban nhân dân|ubnd)\s+(?:tỉnh|thành phố|huyện|quận|thị xã|xã|"
                         r"phường|thị trấn)\s+\S.*$")
#: A letterhead on two lines: "ỦY BAN NHÂN DÂN" above "HUYỆN HIỆP HÒA".
ISSUER_BODY = re.compile(r"^(?:ủy ban nhân dân|ubnd)$")
#: The level of the issuer named in the text: "Chủ tịch UBND huyện xây dựng Kế hoạch".
ISSUER_LEVEL = re.compile(r"(?:chủ tịch\s+)?(?:ủy ban nhân dân|ubnd)\s+(?P<level>tỉnh|thành phố|"
                          r"huyện|quận|thị xã|xã|phường|thị trấn)(?!\s+[0-9])")
#: A place that names its own level: "Thị trấn Hà Trung, ngày 10 tháng 3 năm 2023".
PLACE_LEVEL = re.compile(r"^(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)\s")
#: The title line: "KẾ HOẠCH" alone, or "Kế hoạch phát động ..." as the first line.
TITLE_WORD = re.compile(r"^kế hoạch\s*(?P<rest>.*)$")
#: The basis paragraph: "Thực hiện chỉ đạo ... tại Thông báo số 603- TB/HU ngày 09/4/2024; ...",
#: "Căn cứ Luật Thi đua, khen thưởng ...".
BASIS_LEAD = re.compile(r"^(?:thực hiện\s+(?:chỉ đạo|kế hoạch|quyết định|nghị quyết|chỉ thị|"
                        r"thông báo|công văn|văn bản|kết luận|hướng dẫn)|căn cứ)\s")
BASIS_LEAD_WORDS = re.compile(r"^(?i:thực hiện|căn cứ)\s+")
#: A Roman part heading: "I. MỤC ĐÍCH, YÊU CẦU", "II. NỘI DUNG THỰC HIỆN".
PART = re.compile(r"^(?P<no>[ivxl]+)\s*[.)]\s+(?P<title>.+)$")
#: Parts whose sentences are not tasks: purpose, requirements, who competes, awards, funds.
NON_TASK_PARTS = re.compile(r"mục đích|yêu cầu|đối tượng|khen thưởng|tiêu chuẩn|kinh phí|"
                            r"thời gian")
#: Where the body ends: "Nơi nhận:", "Trên đây là Kế hoạch ...".
RECIPIENTS = re.compile(r"^nơi nhận\s*:?")
CLOSING = re.compile(r"^(?:trên đây là\s|tin liên quan$|tin mới nhất$|tin cùng chuyên mục$)")

# ---------------------------------------------------------------------------
# Numbering of paragraphs and items.
# ---------------------------------------------------------------------------

#: "2.2.1. ...", "2. Yêu cầu", "1.1. Đối với ..." (a decimal outline number).
#: The number ends with "." or ")" unless it has parts ("2.1 Nội dung"); a figure may follow
#: ("4. 100% thôn có nhà văn hóa"), a count never starts one ("6.798 người").
OUTLINE = re.compile(r"^(?:(?P<no>[0-9]{1,2}(?:\.[0-9]{1,2})+)\.?|(?P<no2>[0-9]{1,2})\s*[.)])\s+")
#: "a) Tổ chức ...", "b. Giấy khen ..." (a lettered item).
LETTER = re.compile(r"^(?P<no>[a-zđ])\s*[).]\s+")
#: "- (1) Thu ngân sách ...", "(15) Người tham gia ..." (a target of a numbered list).
ITEM = re.compile(r"^[-+•–]?\s*\((?P<no>[0-9]{1,3})\)\s*")
#: A line of PDF text that starts a paragraph: a part, an outline number, a letter, a bullet
#: or a numbered target (other lines continue the paragraph above).
#: The letterhead's and the closing's lines too: "Độc lập - Tự do - Hạnh phúc", "Số: 111/KH-UBND",
#: "Hiệp Hòa, ngày 19 tháng 4 năm 2024", "Nơi nhận:".
NEW_PARAGRAPH = re.compile(r"^(?:[IVXL]+\s*[.)]\s|[0-9]{1,2}(?:\.[0-9]{1,2})*\s*[.)]\s|"
                           r"[a-zđ]\s*\)\s|[-+•–]\s|\([0-9]{1,3}\)\s|Độc lập|Số\s*:|Nơi nhận|"
                           r"[^,]{2,40}, ngày [0-9]{1,2} tháng)")
#: The end of a sentence inside a paragraph: ". Xây dựng ít nhất 01 mô hình ...".
SENTENCE_END = re.compile(r"(?<=\.)\s+(?=[A-ZĐ])")
#: Sub-items inside one sentence: "(i) ...; (ii) ...", "(1) Đấu 61 lô ...; (02) Đấu 29 lô ...".
#: Also "trong đó: a) 2 km đường trục thôn; b) 1 km đường ngõ xóm" (a letter and ")").
SUB_ITEM = re.compile(r"\((?P<no>i{1,3}|iv|v|vi{1,3}|ix|x|[0-9]{1,2}|[a-zđ])\)\s*"
                      r"|(?<![\w(])(?P<bare>[a-zđ])\)\s+")

#: A paragraph that is a sub-item of the item above it: "(i) Bố trí cải tạo nút giao ...;".
SUB_ITEM_LINE = re.compile(r"^[-+•–]?\s*\((?:i{1,3}|iv|vi{0,3}|ix|x|[a-zđ])\)\s")

# ---------------------------------------------------------------------------
# Targets and deadlines.
# ---------------------------------------------------------------------------

#: A heading giving every item under it one deadline: "Phấn đấu hoàn thành 16 nhiệm vụ dưới
#: đây xong trước ngày 19/5/2024".
LIST_DEADLINE = re.compile(r"(?:hoàn thành|thực hiện).{0,60}?(?:nhiệm vụ|chỉ tiêu)\s+(?:dưới đây|"
                           r"sau(?:\s+đây)?)\b.*?(?:trước|đến|chậm nhất(?: là)?)\s+ngày")
#: Words before a date that make it the deadline: "trước ngày 30/4/2024", "xong trước ngày",
#: "chậm nhất là ngày 15/12", "hoàn thành trước ngày", "Đến 30/4/2024 giảm 1/2 ...",
#: "(ngày 21/4/2024)".
DEADLINE_LEAD = re.compile(r"(?:(?:xong|hoàn thành)\s+)?(?:trước|chậm nhất(?:\s+là)?|muộn nhất"
                           r"(?:\s+là)?|đến(?:\s+hết)?|trong)\s*(?:ngày\s*)?$|\(\s*ngày\s*$")
#: Words before a yearless "30/4" that make it a date, not the fraction 30/4.
DATE_WORD_BEFORE = re.compile(r"(?:ngày|từ|đến|trước|sau|hết)\s*$")
#: Words before a date that make it the start of the task's window: "Từ ngày 22/4/2024 trở đi".
FROM_LEAD = re.compile(r"từ\s*(?:ngày\s*)?$")
#: A period that ends a task: "trong Quý III/2023", "6 tháng đầu năm 2024", "hết tháng 12 năm
#: 2024", "đến năm 2025".
QUARTER = re.compile(r"quý\s+(?P<q>iv|i{1,3}|[1-4])\s*(?:/|năm)\s*(?P<y>[0-9]{4})")
#: (A title's "quý III năm 2025" is read the same way: the campaign ends with the quarter.)
HALF_YEAR = re.compile(r"6 tháng\s+(?P<which>đầu|cuối)\s+năm\s*(?P<y>[0-9]{4})")
YEAR_END = re.compile(r"(?:trong|hết)\s+năm\s+(?P<y>[0-9]{4})")
#: A month that ends a task: "trong tháng 6/2025", "hoàn thành trước tháng 10 năm 2025" (its
#: last day: DESIGN §3), never a baseline ("so với tháng 3/2024").
MONTH_END = re.compile(r"(?:trong|hết|đến hết|trước hết|xong trong)\s+tháng\s+(?P<m>[0-9]{1,2})"
                       r"\s*(?:/|năm)\s*(?P<y>[0-9]{4})")
#: In the period sentence only, "đến năm 2025" ends the campaign (elsewhere it names a plan:
#: "Quy hoạch chung xây dựng đô thị Hiệp Hoà đến năm 2045").
PERIOD_YEAR_END = re.compile(r"(?:đến|trong|hết)\s+(?:hết\s+)?năm\s+(?P<y>[0-9]{4})")
#: The campaign's period: "từ nay đến hết tháng 12 năm 2024", "từ ngày ban hành kế hoạch đến
#: năm 2025", "Đợt 1: Từ 01/3/2023 đến 30/4/2023".
PERIOD_SENTENCE = re.compile(r"(?:thời gian|thực hiện cao điểm|phát động)\b.*?\btừ\b.*?\bđến\b")
#: A campaign for a year, said at the end of its title: "… chỉ tiêu kinh tế - xã hội năm 2025".
TITLE_YEAR = re.compile(r"\bnăm\s+(?P<y>[0-9]{4})\s*$")
#: A heading's tail that is only a date range: "(từ 02/9 đến 31/12/2023)".
RANGE_ONLY = re.compile(r"^\(?\s*từ\s+(?:ngày\s*)?[0-9/]+\s+đến\s+(?:ngày\s*)?[0-9/]+\s*\)?\.?$")
PHASE_LINE = re.compile(r"^(?:[0-9]+\s*[.)]\s*)?(?:đợt|giai đoạn)\s+(?P<no>[0-9]+)\s*:\s*"
                        r"\(?\s*(?:từ\s*(?:ngày)?\s*)?(?P<rest>.*)$")

#: Verbs that make a sentence a target or a dated task when a number or date follows:
#: "Phấn đấu tỷ lệ ... đạt từ 95% trở lên", "Xây dựng ít nhất 01 mô hình", "Khởi công 83 ngôi
#: nhà", "Tổ chức 02 cuộc đấu giá", "Giải quyết dứt điểm 04 vụ việc".
TARGET_VERBS = re.compile(r"\b(?:tỷ lệ|phấn đấu|đạt|hoàn thành|khởi công|xây dựng|tổ chức|"
                          r"giải quyết|giải ngân|thu|bàn giao|trình|giải phóng mặt bằng|ít nhất|"
                          r"tối thiểu|tăng|giảm|không để xảy ra|không có|giữ vững|duy trì)\b")
#: Numbers that are no figure of a target: "đô thị loại 4", "giai đoạn 2", "Thông báo số 603",
#: "tiểu khu 4", "bão số 3", "49 năm ngày Giải phóng", "6 tháng đầu năm", "603- TB/HU".
NOT_A_FIGURE = re.compile(
    r"\b(?:loại|giai đoạn|số|khu|lần|tại|đợt|quý|chương|điều|khoản|mục|phần|nhóm|tổ|thôn|"
    r"xóm)\s*(?P<n>[0-9][0-9./-]*)|(?P<n2>[0-9]+)(?=\s+năm\s+ngày|\s+tháng\s+(?:đầu|cuối))|"
    r"(?P<n3>[0-9]+\s*[-/]\s*[a-zđ]+\s*/\s*\w+|[0-9]{1,2}:[0-9]{2})|"
    r"(?P<n4>[“\"][^”\"]*[”\"])")
#: The baseline a change is measured against: "tăng 688 người so với tháng 3/2024".
BASELINE_REF = re.compile(r"so với\s+(tháng\s*[0-9]{1,2}\s*/\s*[0-9]{4}|cùng kỳ[^,;)]*|"
                          r"năm\s+[0-9]{4}|quý\s+[ivx0-9]+\s*/\s*[0-9]{4})")
#: A baseline the plan writes: "Số hộ nghèo giảm còn 14 hộ (năm 2024 là 32 hộ)".
BASELINE_STATED = re.compile(r"\((?P<ref>(?:năm|tháng|quý|cuối năm)\s+[^()]*?)\s+là\s+"
                             r"(?P<value>[0-9][0-9.,]*)")
#: A target about a rate: "Tỷ lệ trẻ em … dưới 8%" (other numbers in it name the group).
RATE_WORDS = re.compile(r"\btỷ lệ\b")
NOT_PERCENT = re.compile(r"(?<![0-9.,])[0-9][0-9.,]*(?![0-9.,]*\s*%)")
#: Words closing a percent target: "từ 40% dự toán huyện giao trở lên".
PERCENT_END = re.compile(r"^trở(?: lên| xuống)?$")
#: Parts that hold tasks although their title also names a non-task word.
TASK_PARTS = re.compile(r"nội dung|nhiệm vụ|tổ chức thực hiện")
#: The signature block after Nơi nhận: "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "CHỦ TỊCH".
SIGNATURE = re.compile(r"^(?:tm\.|kt\.|chủ tịch$)")
#: "các" before a noun: no part of a unit's name ("Phòng Nội vụ các ...").
PLURAL = re.compile(r"^(?:các|những)$")
#: Several units in one annex cell: "Phòng Nội vụ; UBND các xã", "Phòng A, Phòng B".
NAME_SPLIT = re.compile(r"[;\n]|,\s*(?=[A-ZĐ])")
#: Read an annex's "Thời gian hoàn thành" cell as a deadline: "30/6/2025", "Tháng 6/2025",
#: "Quý III/2025", "Năm 2025" all end a task.
DEADLINE_PREFIX = "trong "
#: A cycle, not a month: "ít nhất mỗi tháng 01 lần", "hằng quý", "hàng năm".
PERIODIC = re.compile(r"\b(?:mỗi|hằng|hàng)\s+(?:tháng|quý|năm|tuần)\b")
#: A sentence that opens with its share: "100% các tiểu khu thi đua xây dựng đô thị văn minh",
#: "100% thôn có nhà văn hóa đạt chuẩn".
SHARE_FIRST = re.compile(r"^\s*[-+•–]?\s*[0-9]+(?:[.,][0-9]+)?\s*%\s+\w")
#: A dated attainment without a figure: "thị trấn đạt VS ATTP trong năm 2023" (seed 002).
ACHIEVES = re.compile(r"\bđạt\b")
#: "không để xảy ra ...", "Không có hồ sơ quá hạn" (zero tolerance).
ZERO = re.compile(r"\b(?:không để (?:xảy ra|phát sinh)|không (?:có|còn)\s+(?!gì))")
#: "Xã đạt chuẩn ...: Giữ vững", "giữ vững danh hiệu ..." (keep a status).
MAINTAIN = re.compile(r"\bgiữ vững\b")
#: "tuyên truyền ... trong suốt thời gian diễn ra các ngày lễ" (a continuous activity).
CONTINUOUS = re.compile(r"\btrong suốt\b|\bthường xuyên\b|\bliên tục\b")
#: Words that end a unit of measure after the number: "61 lô đất thuộc các khu" -> "lô đất".
MEASURE_STOP = re.compile(r"^(?:thuộc|tại|của|trên|cho|hỗ|được|phức|xong|trước|đến|theo|so|"
                          r"và|với|trong|năm|giai|diện|trở|đạt|điển|thực|gắn)$")
#: A unit of measure that is whole by itself: "3 km đường giao thông" -> "km".
MEASURE_UNIT = re.compile(r"^(?:km|ha|m|m2|m²|m3|kg|tấn|lít|người|hộ|lượt|lần|cuộc)$")
#: Sub-items that name private persons: "Khiếu nại của ông Nguyễn Hữu An" (they stay out).
PERSON = re.compile(r"\b(?:ông|bà|anh|chị)\s+[A-ZĐ][a-zà-ỹđ]+\s+[A-ZĐ]")
#: "trong đó": the children of a target that keeps its own ("180 người, trong đó 3 ...").
WHEREOF = re.compile(r"\btrong đó\b")

# ---------------------------------------------------------------------------
# Units and leads.
# ---------------------------------------------------------------------------

#: "giao Phòng Nội vụ chủ trì, phối hợp với Văn phòng ...", "Phòng X chủ trì, phối hợp Y".
LEAD = re.compile(r"(?:\bgiao\s+)?(?P<lead>[^.;:]+?)\s+chủ trì(?:\s*,?\s*phối hợp(?:\s+với)?"
                  r"\s+(?P<partners>[^.;:]+))?", re.I)
#: Words without which a sentence names no lead, partner or leader.
ASSIGNMENT_WORDS = ("chủ trì", "phụ trách", "chỉ đạo")
#: The part that says who follows the plan up, and the words that say it.
OWNER_PART = re.compile(r"tổ chức thực hiện")
FOLLOWS_UP = re.compile(r"\btheo dõi\b")
#: A sentence about reporting results: "Báo cáo Ủy ban nhân dân huyện kết quả thực hiện".
REPORTS = re.compile(r"\bbáo cáo\b")
#: The most words a unit's name has when a "giao … chủ trì" sentence lists it.
NAME_WORDS = 12
#: "giao" before the lead: the lead's name starts after it.
GIVEN_TO = re.compile(r"\bgiao\s+", re.I)
#: The leader in charge: "(đồng chí Nguyễn Văn Hùng, Phó Chủ tịch UBND huyện phụ trách)",
#: "giao đồng chí Phó Chủ tịch UBND huyện Trần Văn An chỉ đạo".
LEADER = re.compile(r"(?P<who>đồng chí\s+(?:[A-ZĐ][\wà-ỹđ]*\s+){1,4}?[A-ZĐ][\wà-ỹđ]*"
                    r"(?:\s*,\s*[^,;.()]{3,60}?)?)\s+(?:phụ trách|chỉ đạo|trực tiếp chỉ đạo)\b")
#: The words that start a unit's name: "Phòng Tài chính - Kế hoạch", "UBND xã Hùng Sơn".
UNIT_HEAD = re.compile(
    r"(?<![\w])(?:Phòng|Ban|Trung tâm|Chi cục|Chi nhánh|Văn phòng|Văn Phòng|Thanh tra|"
    r"Hạt|Bảo hiểm xã hội|Công an|Ủy ban MTTQ|UB MTTQ|Ủy ban Mặt trận|Hội|Đoàn|Sở|"
    r"UBND|Ủy ban nhân dân|Công chức)\s")
#: A heading of "Tổ chức thực hiện" that only names who does the tasks below it: "5. Các
#: tiểu khu", "1. Công chức Văn hóa - Xã hội", "2. Phòng Văn hóa và Thông tin".
UNIT_HEADING = re.compile(r"^(?:(?:các|công chức|phòng|ban|trung tâm|văn phòng|ubnd|ủy ban)\s)"
                          r"[^,;:.0-9]{2,50}$", re.I)
#: Words a unit's name does not continue with: "Phòng Nội vụ phối hợp ...".
UNIT_STOP = re.compile(r"^(?:phối|chủ|thực|theo|tham|đẩy|triển|tổ|xây|báo|hướng|chịu|có|"
                       r"được|đề|và|trong|tại|thuộc|để|với|các|làm|giao|phân|là)$")
#: Recipient lines that are not units: leaders, the archive, specialists.
NOT_A_UNIT = re.compile(r"^(?:lưu|chủ tịch|các pct|pct|lđvp|các cv|cv|như trên|tthu|tt\s|btc|"
                        r"vphu|ttr\.)")
#: A recipient that names a set of units: "UBND xã, thị trấn", "Các cơ quan, đơn vị ...".
GROUP = re.compile(r"^(?:các\b|ubnd (?:các )?xã, thị trấn|ubnd xã, phường)")
#: A group made of every commune: "UBND xã, thị trấn", "UBND các xã, thị trấn".
COMMUNE_GROUP = re.compile(r"^(?:ubnd|ủy ban nhân dân)\s+(?:các\s+)?(?:xã|phường)\b")
#: "UBND xã Hùng Sơn", "xã Mai Trung, Châu Minh, Đông Lỗ", "thị trấn Thắng": communes named.
COMMUNE = re.compile(r"(?<![\w])(?P<kind>xã|thị trấn)\s+(?P<names>[A-ZĐ][a-zà-ỹđ]+(?:\s+[A-ZĐ]"
                     r"[a-zà-ỹđ]+)*(?:\s*,\s*[A-ZĐ][a-zà-ỹđ]+(?:\s+[A-ZĐ][a-zà-ỹđ]+)*)*)"
                     r"(?:\s*,\s*huyện\s+(?P<district>[A-ZĐ][\wà-ỹ]*(?:\s+[A-ZĐ][\wà-ỹ]*)*))?")
UNIT_KIND_OF_HEAD: dict[str, str] = {
    "phòng": "Phòng", "văn phòng": "Phòng", "thanh tra": "Phòng", "ban": "Phòng",
    "trung tâm": "Đơn vị sự nghiệp", "chi cục": "Ngành dọc", "chi nhánh": "Ngành dọc",
    "hạt": "Ngành dọc", "bảo hiểm xã hội": "Ngành dọc", "công an": "Ngành dọc",
    "ủy ban mttq": "Đoàn thể", "ub mttq": "Đoàn thể", "ủy ban mặt trận": "Đoàn thể",
    "hội": "Đoàn thể", "đoàn": "Đoàn thể", "sở": "Cơ quan cấp trên",
}
COMMUNE_UNIT = {"xã": ("UBND xã", "UBND xã"), "thị trấn": ("UBND thị trấn", "UBND thị trấn")}

# ---------------------------------------------------------------------------
# Annexed biểu chi tiết tables: which column is which.
# ---------------------------------------------------------------------------

ANNEX_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("stt", "tt", "số tt", "mã nv"),
    "content": ("nội dung", "nhiệm vụ", "nội dung nhiệm vụ", "tên nhiệm vụ"),
    "target_text": ("chỉ tiêu", "mục tiêu", "chỉ tiêu, mục tiêu", "kết quả cần đạt"),
    "leads": ("đơn vị chủ trì", "chủ trì", "cơ quan chủ trì", "đơn vị thực hiện"),
    "partners": ("đơn vị phối hợp", "phối hợp", "cơ quan phối hợp"),
    "deadline": ("thời gian hoàn thành", "thời hạn", "hạn hoàn thành", "thời gian",
                 "thời gian thực hiện", "thời hạn hoàn thành"),
    "leader": ("lãnh đạo phụ trách", "lãnh đạo chỉ đạo"),
}

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
         "x": 10}
QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


@dataclass(frozen=True)
class Dated:
    """A date found in a sentence, and what the words before it make of it."""

    date: dt.date
    role: str  # "deadline", "from", "plain"
    start: int
    end: int


def key(text: str) -> str:
    return match_key(text)


def dates_in(text: str, default_year: int | None, period: bool = False) -> list[Dated]:
    """The dates of a sentence with their role: "trước ngày 30/4/2024" is a deadline,
    "Từ ngày 22/4/2024 trở đi" a start, "(ngày 21/4/2024)" a deadline; a period "trong Quý
    III/2023" ends on its last day; "tháng 3/2024" (a baseline) is no date."""
    k = key(text)
    found: list[Dated] = []
    for hit in scan_dates(k):
        when = hit.resolve(default_year)
        if when is None or (hit.year is None and not hit.worded and not DATE_WORD_BEFORE.search(
                k[max(0, hit.start - 8):hit.start])):
            continue  # "giảm 1/2" is a fraction; "đến 30/4" a date
        before = k[max(0, hit.start - 40):hit.start]
        role = ("from" if FROM_LEAD.search(before) else
                "deadline" if DEADLINE_LEAD.search(before) else "plain")
        found.append(Dated(when, role, hit.start, hit.end))
    for m in QUARTER.finditer(k):
        q = ROMAN.get(m["q"]) or int(m["q"])
        month, day = QUARTER_END[q]
        found.append(Dated(dt.date(int(m["y"]), month, day), "deadline", m.start(), m.end()))
    for m in MONTH_END.finditer(k):
        month, year = int(m["m"]), int(m["y"])
        if 1 <= month <= 12:
            last = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
            found.append(Dated(last, "deadline", m.start(), m.end()))
    for m in HALF_YEAR.finditer(k):
        month, day = (6, 30) if m["which"] == "đầu" else (12, 31)
        found.append(Dated(dt.date(int(m["y"]), month, day), "deadline", m.start(), m.end()))
    for m in (PERIOD_YEAR_END if period else YEAR_END).finditer(k):
        if not any(d.start <= m.start() < d.end for d in found):
            found.append(Dated(dt.date(int(m["y"]), 12, 31), "deadline", m.start(), m.end()))
    found.sort(key=lambda d: d.start)
    return found


def month_end(text: str) -> dt.date | None:
    """The last day of "hết tháng 12 năm 2024" / "tháng 12/2024" (a period's end)."""
    months = [m for m in scan_months(key(text).rstrip(" .;,")) if m.year is not None]
    if not months:
        return None
    m = months[-1]
    nxt = dt.date(m.year + (m.month == 12), m.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def clean(text: str) -> str:
    """Markdown emphasis and stray spaces off a line: "**xong trước ngày 19/5/2024.**"."""
    return normalize_text(re.sub(r"\*+|(?<!\w)_+|_+(?!\w)", "", text))

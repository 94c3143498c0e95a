"""A draft biểu chi tiết from the text of a plan document (`thidua draft`).

The reader (read/plan_document.py) hands over the document as Blocks: paragraphs in order,
with the automatic numbering Word shows, and table rows. This module walks them with the
patterns of core.plan_text and returns a Draft: the rows of the four canonical sheets,
keyed by field keys (core/fields.py), plus every guess it made and every sentence that
looked like a target but could not be read. It never invents a value: what the plan does
not state stays blank, and what is inferred is listed as a guess with its source."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from thidua.core import labels
from thidua.core import plan_text as pt
from thidua.core.kinds import KINDS_NEED_BASELINE
from thidua.core.parsing.numbers import parse_number
from thidua.core.parsing.targets import parse_target
from thidua.core.parsing.text import match_key, strip_diacritics
from thidua.core.periods import CYCLE_NAMES, parse_cycle

#: The key of a drafted row's source ("đoạn 12") beside its fields (never written).
SOURCE = "_source"


@dataclass(frozen=True)
class Block:
    """One paragraph (or one table row, with cells) of the plan document, in order.
    number: the automatic numbering Word shows before it ("2.2.1.", "a)"), if any."""

    text: str
    source: str
    number: str | None = None
    cells: tuple[str, ...] | None = None
    table: int | None = None


@dataclass(frozen=True)
class Guess:
    """A value the draft inferred (sheet, row index or None for Kế hoạch, field key), or
    with field None a sentence that looked like a target but could not be read."""

    sheet: str
    row: int | None
    field: str | None
    value: object
    reason: str
    source: str
    quote: str


@dataclass
class Draft:
    info: dict[str, object] = field(default_factory=dict)
    phases: list[dict[str, object]] = field(default_factory=list)
    units: list[dict[str, object]] = field(default_factory=list)
    tasks: list[dict[str, object]] = field(default_factory=list)
    guesses: list[Guess] = field(default_factory=list)

    def guess(self, sheet: str, row: int | None, key: str | None, value: object,
              reason: str, source: str, quote: str) -> None:
        self.guesses.append(Guess(sheet, row, key, value, reason, source, _short(quote)))


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class _Line:
    text: str
    key: str
    block: Block


def _lines(blocks: list[Block]) -> list[_Line]:
    """The paragraphs to read, each with Word's automatic number written before its text
    ("2.1. Nội dung …"), as the plan shows it."""
    lines = []
    for b in blocks:
        if b.cells is not None:
            continue
        text = pt.clean(b.text)
        if not text:
            continue
        if b.number:
            text = f"{b.number.strip()} {text}"
        lines.append(_Line(text, pt.key(text), b))
    return lines


# ---------------------------------------------------------------------------
# The header: number, issuer, date, title, basis.
# ---------------------------------------------------------------------------

def _header(lines: list[_Line], d: Draft) -> int:
    """Fill Kế hoạch from the lines before the body; the index of the body's first line."""
    info, title_at, level = d.info, None, None
    for i, line in enumerate(lines):
        k = line.key
        starts_body = pt.BASIS_LEAD.match(k) or ("title" in info and len(k) > 200)
        if pt.PART.match(k) or (starts_body and title_at is not None):
            body = i
            if pt.BASIS_LEAD.match(k):
                clause = re.split(r";|\.\s", line.text, maxsplit=1)[0]
                info["basis"] = pt.BASIS_LEAD_WORDS.sub("", clause).strip()
                body = i + 1
            break
        text = line.text
        if m := pt.NUMBER_LINE.match(k):
            if m["no"]:
                info["number"] = f"{m['no']}/{text[m.start('suffix'):m.end('suffix')]}"
            else:
                d.guess(labels.SHEET_PLAN, None, "number", None, labels.DRAFT_NO_NUMBER,
                        line.block.source, text)
            text = text[m.end():].strip()  # a PDF line may go on with the place and date
            k = pt.key(text)
        if m := pt.PLACE_DATE.match(k):
            found = pt.dates_in(text, None)
            if found:
                info["issued_on"] = found[0].date
            info["_place"] = text[: len(m["place"])].strip()
        elif not text:
            continue
        elif pt.ISSUER_LINE.match(k) and "issuer" not in info:
            info["issuer"] = line.text
        elif pt.ISSUER_BODY.match(k) and "issuer" not in info and i + 1 < len(lines) and \
                pt.PLACE_LEVEL.match(lines[i + 1].key):  # "ỦY BAN NHÂN DÂN" / "HUYỆN …"
            info["issuer"] = f"{line.text} {lines[i + 1].text}"
        elif title_at is None and (m := pt.TITLE_WORD.match(k)):
            if m["rest"]:
                info["title"] = line.text[len(line.text) - len(m["rest"]):].strip()
            title_at = i
        elif title_at is not None and "title" not in info:
            info["title"] = line.text
    else:
        body = len(lines)
    for line in lines:  # a news item quotes the plan: "Ngày 12/04/2022, UBND tỉnh đã ban hành"
        if pt.RECIPIENTS.match(line.key):
            break  # "UBND xã, thị trấn" among the recipients is not the issuer's level
        if "number" not in info and (m := pt.NUMBER_IN_TEXT.search(line.key)):
            info["number"] = f"{m['no']}/{m['suffix'].upper()}"
        if "issuer" not in info and (m := pt.ISSUED_BY_IN_TEXT.match(line.key)):
            info["issuer"] = line.text[m.start("issuer"):m.end("issuer")]
            if "issued_on" not in info and (found := pt.dates_in(line.text, None)):
                info["issued_on"] = found[0].date
        if level is None and (m := pt.ISSUER_LEVEL.search(line.key)):
            level = m["level"]
    place = info.pop("_place", None)
    if "issuer" not in info and place:
        own_level = pt.PLACE_LEVEL.match(match_key(place))
        if own_level or level:
            name = labels.DRAFT_ISSUER.format(
                level="" if own_level else level,
                place=place[0].lower() + place[1:] if own_level else place)
            info["issuer"] = re.sub(r"\s+", " ", name)
            d.guess(labels.SHEET_PLAN, None, "issuer", info["issuer"],
                    labels.DRAFT_ISSUER_GUESS, lines[0].block.source, place)
    return body


# ---------------------------------------------------------------------------
# Reading one target clause.
# ---------------------------------------------------------------------------

def _figures(key: str) -> str:
    """key with the numbers that are no figure (core.plan_text.NOT_A_FIGURE) blanked."""
    chars = list(key)
    for m in pt.NOT_A_FIGURE.finditer(key):
        group = next(g for g in ("n", "n2", "n3", "n4") if m[g] is not None)
        chars[m.start(group):m.end(group)] = " " * (m.end(group) - m.start(group))
    return "".join(chars)


#: Kinds a plan sets per period ("mỗi tháng 01 lần", "tỷ lệ … hằng năm", "hằng tháng báo
#: cáo"); a reduction, an increase over a baseline, Không để xảy ra or Giữ vững is read
#: over the whole span even when its sentence names a cycle.
PERIODIC_KINDS = ("count", "rate", "milestone", "qualitative")
_NUMBER_TOKEN = re.compile(r"[0-9][0-9.,]*(?:\s*/\s*[0-9][0-9.,]*)?\s*%?")


@dataclass
class _Target:
    kind: str
    comparison: str | None = None
    target: object = None
    scale: float | None = None
    measure: str | None = None
    baseline_ref: str | None = None
    guessed: str | None = None  # why the kind is a guess
    baseline: float | None = None
    missing: str | None = None  # why Giá trị mục tiêu stays blank


def _measure(text: str, after: int) -> str | None:
    """The unit of measure written right after the number: "83 ngôi nhà" -> "ngôi nhà"."""
    rest = text[after:].lstrip()
    if rest.startswith("%"):
        words = [w for w in re.split(r"[\s]+", rest[1:].strip()) if w]
        kept = []
        for w in words[:4]:
            if pt.PERCENT_END.match(match_key(w)) or w.startswith("("):
                break
            kept.append(w.rstrip(",;.:()"))
            if re.search(r"[,;.:()]", w):
                break
        return ("% " + " ".join(k for k in kept if k)).strip()
    kept = []
    for w in rest.split()[:3]:
        bare = w.rstrip(",;.:()*")
        if not bare or pt.MEASURE_STOP.match(match_key(bare)) or not bare.isalpha():
            break
        kept.append(bare)
        if bare != w or pt.MEASURE_UNIT.match(match_key(bare)):
            break
    return " ".join(kept) or None


def _read_target(clause: str) -> _Target | None:
    """The target a clause states, or None when it states no figure."""
    k = pt.PERIODIC.sub(lambda m: " " * len(m[0]), _dates_blanked(_figures(match_key(clause))))
    if pt.RATE_WORDS.search(k) and re.search(r"[0-9]\s*%", k):
        # "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng dưới 8%": the figure is the percent
        k = pt.NOT_PERCENT.sub(lambda m: " " * len(m[0]), k)
    t = parse_target(k)
    if t is None:
        return None
    first = next(_NUMBER_TOKEN.finditer(k), None)
    percent = first is not None and first[0].rstrip().endswith("%")
    measure = None if first is None else _measure(
        clause, first.start() + first[0].index("%") if percent else first.end())
    months = pt.BASELINE_REF.search(k) or pt.BASELINE_STATED.search(k)
    ref = clause[months.start(1):months.end(1)] if months else None
    stated = pt.BASELINE_STATED.search(k)  # "(năm 2024 là 32 hộ)"
    baseline = parse_number(stated["value"]) if stated else None
    match t.mode:
        case "zero":
            return _Target("zero", target=0, measure=measure)
        case "pair":
            return _Target("cumulative", t.op or ">=", t.value, t.scale, measure, ref)
        case "increase" if t.value is not None and not percent:
            return _Target("increase", t.op, t.value, None, measure, ref, baseline=baseline)
        case "increase":  # "tăng 10% so với cùng kỳ": no count to reach is written
            return _Target("increase", t.op, None, None, None, ref,
                           missing=labels.DRAFT_PERCENT_CHANGE)
        case "reduce_fraction":
            return _Target("reduce_fraction", None, t.fraction, None, measure, ref)
        case "reduce_to":
            return _Target("reduce_to", t.op or "<=", t.value, None, measure, ref,
                           baseline=baseline)
        case "level" if t.value is not None:
            if percent:
                return _Target("rate", t.op, t.value, None, measure)
            return _Target("count", t.op, t.value, None, measure)
    return None


def _dates_blanked(key: str) -> str:
    """key with dates blanked (same length), so the first number is the figure; a yearless
    "30/4" is a date only after a date word ("đến 30/4"), else a fraction ("giảm 1/2")."""
    chars = list(key)
    for hit in pt.scan_dates(key):
        if hit.year is None and not hit.worded and not pt.DATE_WORD_BEFORE.search(
                key[max(0, hit.start - 8):hit.start]):
            continue
        chars[hit.start:hit.end] = " " * (hit.end - hit.start)
    return "".join(chars)


def _kind_without_figure(clause: str) -> _Target:
    k = match_key(clause)
    if pt.ZERO.search(k):
        return _Target("zero", target=0)
    if pt.MAINTAIN.search(k):
        return _Target("maintain", guessed=labels.DRAFT_KIND_WORDING)
    if pt.CONTINUOUS.search(k):
        return _Target("qualitative", guessed=labels.DRAFT_KIND_WORDING)
    return _Target("milestone", guessed=labels.DRAFT_KIND_MILESTONE)


# ---------------------------------------------------------------------------
# The body: parts, items, sub-items.
# ---------------------------------------------------------------------------

@dataclass
class _Context:
    part: str | None = None  # Roman number of the current part
    part_key: str = ""
    outline: list[str] = field(default_factory=list)
    list_deadline: dt.date | None = None
    list_source: str | None = None
    phase: dict[str, object] | None = None
    year: int | None = None
    lead: tuple[str, str] | None = None  # a heading naming the unit of the tasks below it


def _split_top(text: str, sep: str = ";") -> list[tuple[int, str]]:
    """Parts of text split at sep outside parentheses, with their offsets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if ch == sep and depth == 0:
            parts.append((start, text[start:i]))
            start = i + 1
    parts.append((start, text[start:]))
    return [(s, p) for s, p in parts if p.strip(" .")]


def _sub_items(text: str) -> tuple[str, list[tuple[str, str]]]:
    """(the head, [(label, text)]) of "Head: (i) a; (ii) b; c": markers (i) (1) (a) each
    start an item; a clause after the last marker that states a target of its own is the
    next item (seed 000: "(i) Không có hồ sơ quá hạn ...; Đến 30/4/2024 giảm 1/2 ...")."""
    marks = [m for m in pt.SUB_ITEM.finditer(text)
             if m.start() == 0 or re.search(r"[:;,.]\s*$|^\s*$", text[:m.start()])]
    if not marks:
        return text, []
    head = text[: marks[0].start()].strip()
    items = []
    for m, nxt in zip(marks, [*marks[1:], None], strict=True):
        body = text[m.end(): nxt.start() if nxt else len(text)].strip(" ;,.")
        items.append((m["no"] or m["bare"], body))
    if len(marks) == 1 or (marks[-1]["no"] or "") in pt.ROMAN:
        last_label, last_body = items[-1]
        clauses = _split_top(last_body)
        if len(clauses) > 1 and _read_target(clauses[-1][1]) is not None:
            items[-1] = (last_label, last_body[: clauses[1][0] - 1].strip(" ;,."))
            for _, clause in clauses[1:]:
                items.append((_next_label(items[-1][0]), clause.strip(" ;,.")))
    return head, items


def _shared_deadline(last: object, year: int | None) -> dt.date | None:
    """A deadline written at the end of the last sub-item holds for all of them ("(iii) ...
    trước ngày 19/5/2024."); one at its start is its own ("Đến 30/4/2024 giảm 1/2 ...")."""
    text = last[1] if isinstance(last, tuple) else str(last)
    found = [d for d in pt.dates_in(text, year) if d.role == "deadline"]
    return found[-1].date if found and found[-1].start > len(text) // 2 else None


def _paired_parts(text: str) -> list[tuple[str, tuple[str, str]]]:
    """"A; B (a-clause; b-clause)": a sentence of n parts whose closing parenthesis gives
    each part its own target or deadline in the same order (seed 000, task 16: "Trang trí
    ...; Tổ chức ... tuyên truyền ... (trang trí, chỉnh trang xong trước ngày 30/4/2024;
    tuyên truyền ... trong suốt thời gian diễn ra các ngày lễ)")."""
    m = re.search(r"\(([^()]*)\)\s*\.?\s*$", text)
    if not m:
        return []
    main = [p.strip(" .") for _, p in _split_top(text[: m.start()])]
    notes = [p.strip(" .") for _, p in _split_top(m[1])]
    if len(main) < 2 or len(main) != len(notes):
        return []
    labels_ = list(pt.ROMAN)[: len(main)]
    return [(lab, (part, note)) for lab, part, note in zip(labels_, main, notes, strict=True)]


def _next_label(label: str) -> str:
    if label in pt.ROMAN:
        n = pt.ROMAN[label] + 1
        return next(r for r, v in pt.ROMAN.items() if v == n)
    if label.isdigit():
        return str(int(label) + 1)
    return chr(ord(label) + 1)


def _label(label: str) -> str:
    return str(int(label)) if label.isdigit() else label


def _deadlines(text: str, year: int | None) -> tuple[dt.date | None, dt.date | None]:
    """(deadline, start) the text states."""
    found = pt.dates_in(text, year)
    deadline = next((d.date for d in reversed(found) if d.role == "deadline"), None)
    start = next((d.date for d in found if d.role == "from"), None)
    return deadline, start


class _Drafter:
    def __init__(self, draft: Draft) -> None:
        self.d = draft
        self.ctx = _Context()
        self.codes: set[str] = set()
        self.list_deadlines: list[dt.date] = []

    # -- rows ----------------------------------------------------------------------------
    def add_task(self, row: dict[str, object], line: _Line, guessed_kind: str | None,
                 deadline_guess: str | None, reasons: list[tuple[str, object, str]]) -> int:
        code = written = str(row["code"])
        if code in self.codes and self.ctx.part:  # two parts both number from 1
            code = f"{self.ctx.part}.{code}"
        n = 1
        while code in self.codes:  # the plan repeats a number: keep both, flagged
            n += 1
            code = f"{written}-{n}"
        row["code"] = code
        if n > 1:
            reasons = [*reasons, ("code", code, labels.DRAFT_CODE_REPEATED)]
        self.codes.add(code)
        row["note"] = labels.DRAFT_SOURCE_QUOTE.format(source=line.block.source,
                                                       quote=_short(line.text, 160))
        row[SOURCE] = line.block.source
        index = len(self.d.tasks)
        self.d.tasks.append(row)
        sheet = labels.SHEET_TASKS
        if guessed_kind:
            self.d.guess(sheet, index, "kind", labels.KINDS[str(row["kind"])], guessed_kind,
                         line.block.source, line.text)
        if deadline_guess and row.get("deadline") is not None:
            self.d.guess(sheet, index, "deadline", row["deadline"], deadline_guess,
                         line.block.source, line.text)
        for key_, value, reason in reasons:
            self.d.guess(sheet, index, key_, value, reason, line.block.source, line.text)
        if not row.get("leads"):
            self.d.guess(sheet, index, "leads", None, labels.DRAFT_NO_LEAD,
                         line.block.source, line.text)
        return index

    def row_for(self, code: str, parent: str | None, content: str, clause: str,
                line: _Line, deadline: dt.date | None, start: dt.date | None,
                inherited: tuple[dt.date | None, str | None]) -> dict[str, object]:
        """One task row for a clause, added to the draft with its guesses; a clause whose
        figure cannot be read is listed as unread and drafted by its wording."""
        target = _read_target(clause)
        reasons: list[tuple[str, object, str]] = []
        if target is None:
            if _NUMBER_TOKEN.search(_dates_blanked(_figures(match_key(clause)))) and re.search(
                    r"[0-9]+\s*%|[0-9]+\s*/\s*[0-9]+", _dates_blanked(match_key(clause))):
                self.d.guess(labels.SHEET_TASKS, None, None, None, labels.DRAFT_UNREAD,
                             line.block.source, clause)
            target = _kind_without_figure(clause)
        if target.missing:
            reasons.append(("target", None, target.missing))
        cycle = parse_cycle(clause) if target.kind in PERIODIC_KINDS else None
        if cycle is not None:  # "ít nhất mỗi tháng 01 lần": T of each period
            reasons.append(("cycle", CYCLE_NAMES[cycle.cycle], labels.DRAFT_CYCLE))
            if target.kind == "count" and target.target is None and cycle.times:
                target.target = cycle.times
        if target.comparison is None and target.kind in ("count", "rate", "increase"):
            target.comparison = ">="
            reasons.append(("comparison", labels.COMPARISONS[">="], labels.DRAFT_COMPARISON))
        own_deadline, own_start = _deadlines(clause, self.ctx.year)
        deadline_guess = None
        when = own_deadline or deadline
        if when is None and inherited[0] is not None:
            when, deadline_guess = inherited
        row = {
            "code": code, "parent": parent, "content": content,
            "target_text": clause if target.kind != "milestone" or clause != content else None,
            "kind": target.kind, "comparison": target.comparison, "target": target.target,
            "scale": target.scale, "measure": target.measure,
            "baseline_ref": target.baseline_ref, "baseline": target.baseline,
            "effective_from": own_start or start,
            "deadline": when,
            "phase": self.ctx.phase["code"] if self.ctx.phase else None,
            "cycle": CYCLE_NAMES[cycle.cycle] if cycle is not None else None,
        }
        for key_, value in _assignment(clause).items():
            row[key_] = value
        self.add_task(row, line, target.guessed, deadline_guess, reasons)
        return row

    def inherited(self) -> tuple[dt.date | None, str | None]:
        if self.ctx.list_deadline is not None:
            return self.ctx.list_deadline, labels.DRAFT_DEADLINE_LIST.format(
                source=self.ctx.list_source)
        if self.ctx.phase is not None and self.ctx.phase.get("end"):
            return self.ctx.phase["end"], labels.DRAFT_DEADLINE_PHASE.format(
                phase=self.ctx.phase["code"])
        end = self.d.info.get("end")
        return (end, labels.DRAFT_DEADLINE_PLAN) if isinstance(end, dt.date) else (None, None)

    # -- one numbered item ---------------------------------------------------------------
    def item(self, code: str, text: str, line: _Line) -> None:
        head, subs = _sub_items(text)
        if not subs:
            subs = _paired_parts(text)
            head = text[: text.rindex("(")] if subs else head
        persons = bool(pt.PERSON.search(text))
        if persons:
            self.d.guess(labels.SHEET_TASKS, None, None, None, labels.DRAFT_PERSONS,
                         line.block.source, text)
            subs = []
        shared = _shared_deadline(subs[-1][1], self.ctx.year) if subs else None
        head_deadline, head_start = _deadlines(head if subs else text, self.ctx.year)
        start = head_start
        listed = self.listed(text) if not subs and not persons else []
        keeps_own = bool(pt.WHEREOF.search(match_key(head)))  # "180 người, trong đó: …"
        if not subs and not listed and not persons:
            subs = _whereof(text)
            keeps_own = keeps_own or bool(subs)
            head = text[: pt.WHEREOF.search(match_key(text)).start()] if subs else head
        if not subs and not listed and not persons:
            subs = _several(text)
            head = text if subs else head
        content, _, after = head.partition(":") if subs else text.partition(":")
        content = content.strip(" .") or text
        if persons:  # the figure is in the sentence before the list of cases
            after = ""
        if not subs and not listed:
            clause = after.strip(" .") if after.strip() else content
            self.row_for(code, None, content, clause, line, head_deadline, start,
                         self.inherited())
            return
        parent = self.row_for(code, None, content, head.strip(" :.") or content, line,
                              head_deadline or shared, start, self.inherited())
        if not keeps_own:
            self.set_multi(parent)
        code = str(parent["code"])  # as added: unique
        for label, body in subs or listed:
            sub_code = f"{code}.{_label(label)}"
            content_, clause = body if isinstance(body, tuple) else (body, body)
            own, own_start = _deadlines(clause, self.ctx.year)
            self.row_for(sub_code, code, content_, clause, line,
                         own or shared or head_deadline, own_start or start, self.inherited())

    def set_multi(self, row: dict[str, object]) -> None:
        index = next(i for i, r in enumerate(self.d.tasks) if r is row)
        row.update(kind="multi", comparison=None, target=None, scale=None, cycle=None)
        self.d.guesses[:] = [g for g in self.d.guesses if not (
            g.sheet == labels.SHEET_TASKS and g.row == index
            and g.field in ("kind", "comparison", "cycle"))]

    def listed(self, text: str) -> list[tuple[str, str]]:
        """"Khởi công xây dựng 4 dự án: A; B; C; D": the n things named after the colon
        when their number is the figure before it (each read as a task of its own)."""
        before, colon, after = text.partition(":")
        if not colon:
            return []
        t = _read_target(before)
        parts = [p.strip(" .") for _, p in _split_top(after)]
        if t is None or t.kind != "count" or t.target != len(parts) or len(parts) < 2:
            return []
        return [(str(i), p) for i, p in enumerate(parts, start=1)]


def _assignment(clause: str) -> dict[str, str]:
    """Lead, partners and leader a sentence names: "giao Phòng Nội vụ chủ trì, phối hợp
    với ...", "(đồng chí Nguyễn Văn Hùng, Phó Chủ tịch UBND huyện phụ trách)"."""
    out: dict[str, str] = {}
    k = match_key(clause)
    if not any(word in k for word in pt.ASSIGNMENT_WORDS):
        return out  # the patterns below are slow on long sentences that name nobody
    if leader := pt.LEADER.search(clause):
        out["leader"] = leader["who"].strip()
        clause = clause[:leader.start()] + clause[leader.end():]
    m = pt.LEAD.search(clause)
    if not m:
        return out
    given = pt.GIVEN_TO.split(m["lead"])
    # "giao A, B chủ trì": every name after "giao"; else the phrase just before "chủ trì"
    leads = _named(given[-1] if len(given) > 1 else _split_top(m["lead"], ",")[-1][1])
    if not leads:
        return out
    out["leads"] = "; ".join(leads)
    if m["partners"]:
        partners = _named(m["partners"])
        if partners:
            out["partners"] = "; ".join(partners)
    return out


def _named(segment: str) -> list[str]:
    """The units of a "giao … chủ trì, phối hợp với …" segment, as written, one per part
    between commas ("Bộ phận Tài chính - Kế toán", "các thôn" -> "Các thôn"); a part too
    long for a name is searched for names instead."""
    named = []
    for part in (p.strip(" .()") for p in re.split(r"[,;]", segment)):
        if not part:
            continue
        if len(part.split()) <= pt.NAME_WORDS:
            named.append(part[0].upper() + part[1:])
        else:
            named.extend(units_in(part))
    return named


def units_in(text: str) -> list[str]:
    """Unit names in a sentence: a head word ("Phòng", "Trung tâm", "UBND") and the
    capitalised words after it ("Phòng Tài chính - Kế hoạch", "UBND xã Hùng Sơn")."""
    names, taken_to = [], 0
    text = text.replace("*", "")
    for m in pt.UNIT_HEAD.finditer(text):
        if m.start() < taken_to:  # "Sở ..." inside "Chi cục Thủy lợi - Sở ..."
            continue
        words, prev_lower = [], False
        for w in text[m.end():].split():
            bare = w.rstrip(",;.:)")
            if not bare:
                break
            if bare in ("-", "–", "&", "và") or bare[0].isupper() or bare[0].isdigit():
                words.append(bare)
                prev_lower = False
            elif not prev_lower and words and not pt.PLURAL.match(match_key(bare)) and not \
                    pt.UNIT_STOP.match(match_key(bare)):
                words.append(bare)
                prev_lower = True
            else:
                break
            if bare != w:
                break
        while words and words[-1] in ("-", "–", "&", "và"):
            words.pop()
        if words:
            name = f"{text[m.start():m.end()].strip()} {' '.join(words)}"
            names.append(name)
            taken_to = m.start() + len(name)
    return names


# ---------------------------------------------------------------------------
# Units, phases, the period.
# ---------------------------------------------------------------------------

def _unit_code(name: str, taken: set[str]) -> str:
    words = re.findall(r"[\w]+", strip_diacritics(name).upper())
    base = "".join(w[0] for w in words)[:8] or "DV"
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}{n}"
    taken.add(code)
    return code


def _add_unit(d: Draft, name: str, source: str, kind: str | None = None,
              members: list[str] | None = None) -> None:
    name = name.strip(" .;,")
    if not name or len(name) > 120:
        return
    k = match_key(name)
    if any(match_key(u["name"]).startswith(k) for u in d.units):
        return  # known already, or the start of a name known in full
    if kind is None:
        head = next((h for h in sorted(pt.UNIT_KIND_OF_HEAD, key=len, reverse=True)
                     if k.startswith(h)), None)
        kind = pt.UNIT_KIND_OF_HEAD.get(head) if head else None
        for word, (prefix, unit_kind) in pt.COMMUNE_UNIT.items():
            if k.startswith(match_key(f"{prefix} ")) or k.startswith(f"ubnd {word} "):
                kind = unit_kind
    d.units.append({"name": name, "kind": kind, "members": members,
                    "note": labels.DRAFT_SOURCE.format(source=source), SOURCE: source})


def _recipients(lines: list[_Line], d: Draft) -> None:
    at = next((i for i, line in enumerate(lines) if pt.RECIPIENTS.match(line.key)), None)
    if at is None:
        return
    for line in lines[at + 1:]:
        text = re.sub(r"^[-+•–]\s*", "", line.text).strip(" ;.")
        k = match_key(text)
        if not text.startswith(tuple("-+•–")) and not line.text.startswith(tuple("-+•–")) \
                and pt.PART.match(k):
            break
        if line.key.isupper() or pt.SIGNATURE.match(k):
            break
        for part in re.split(r";", text):
            part = part.strip(" ;.")
            pk = match_key(part)
            if not part or pt.NOT_A_UNIT.match(pk):
                continue
            if pt.GROUP.match(pk):
                _add_unit(d, part, line.block.source, labels.UNIT_KIND_GROUP)
            else:
                _add_unit(d, part, line.block.source)


def _communes(lines: list[_Line], d: Draft) -> None:
    """Communes the plan names; one of another district ("thị trấn Chờ, huyện Yên Phong",
    an address in a complaint) is no unit of the plan."""
    issuer = match_key(d.info.get("issuer") or "")
    for line in lines:
        for m in pt.COMMUNE.finditer(line.text):
            if m["district"] and match_key(m["district"]) not in issuer:
                continue
            kind = match_key(m["kind"])
            for name in re.split(r"\s*,\s*", m["names"]):
                if name:
                    _add_unit(d, f"UBND {m['kind']} {name}", line.block.source,
                              pt.COMMUNE_UNIT[kind][1])


def _phase(line: _Line, d: Draft, year: int | None) -> dict[str, object] | None:
    m = pt.PHASE_LINE.match(line.key)
    if not m:
        return None
    found = pt.dates_in(line.text, None)
    years = [x.date.year for x in found]
    found = found or pt.dates_in(line.text, year)
    if len(found) < 2:
        inner = re.findall(r"[0-9]{1,2}/[0-9]{1,2}(?:/[0-9]{4})?", line.text)
        year = years[-1] if years else year
        found = [x for x in pt.dates_in(" ; ".join(f"ngày {t}" for t in inner), year)]
    code = labels.DRAFT_PHASE_CODE.format(no=m["no"])
    existing = next((p for p in d.phases if p["code"] == code), None)
    if existing is not None:
        return existing
    if len(found) < 2:
        return None
    phase = {"code": code, "name": re.sub(r"^[0-9]+\s*[.)]\s*", "", line.text.split(":", 1)[0]),
             "start": found[0].date, "end": found[1].date,
             "focus": labels.DRAFT_SOURCE.format(source=line.block.source),
             SOURCE: line.block.source}
    d.phases.append(phase)
    return phase


def _period(lines: list[_Line], d: Draft) -> None:
    """The campaign's end (and start) from its period sentence, else its phases."""
    year = d.info["issued_on"].year if isinstance(d.info.get("issued_on"), dt.date) else None
    for line in lines:
        if not pt.PERIOD_SENTENCE.search(line.key):
            continue
        tail = line.text[pt.PERIOD_SENTENCE.search(line.key).end() - 3:]
        found = pt.dates_in(tail, year, period=True)
        end = found[-1].date if found else pt.month_end(tail)
        if end is not None:
            d.info["end"] = end
            d.guess(labels.SHEET_PLAN, None, "end", end, labels.DRAFT_PERIOD,
                    line.block.source, line.text)
            starts = [x.date for x in pt.dates_in(line.text, year) if x.date < end]
            if starts:
                d.info["start"] = starts[0]
            return


def draft_plan(blocks: list[Block]) -> Draft:
    """The draft biểu chi tiết of a plan document."""
    d = Draft()
    lines = _lines(blocks)
    body = _header(lines, d)
    year = d.info["issued_on"].year if isinstance(d.info.get("issued_on"), dt.date) else None
    drafter = _Drafter(d)
    drafter.ctx.year = year
    for line in lines[body:]:  # phases first: tasks under a phase heading take its end
        _phase(line, d, year)
    _period(lines, d)
    title = str(d.info.get("title") or "")
    title_year = pt.TITLE_YEAR.search(match_key(title))
    title_ends = [x.date for x in pt.dates_in(title, None) if x.role == "deadline"]
    if "end" not in d.info and not d.phases and (title_ends or title_year):
        # "Thi đua quý III năm 2025" ends on 30/9/2025; "… năm 2025" on 31/12/2025
        d.info["end"] = title_ends[-1] if title_ends else dt.date(int(title_year["y"]), 12, 31)
        d.guess(labels.SHEET_PLAN, None, "end", d.info["end"], labels.DRAFT_END_FROM_TITLE,
                lines[0].block.source if lines else "", str(d.info["title"]))
    if "end" not in d.info and d.phases:
        d.info["end"] = max(p["end"] for p in d.phases)
        d.guess(labels.SHEET_PLAN, None, "end", d.info["end"], labels.DRAFT_END_FROM_PHASES,
                d.phases[-1][SOURCE], "")
    _walk(lines[body:], drafter)
    _annex(blocks, drafter, year)
    if "end" not in d.info:
        ends = drafter.list_deadlines
        ends = [e for e in ends if isinstance(e, dt.date)]
        if ends:
            d.info["end"] = max(ends)
            d.guess(labels.SHEET_PLAN, None, "end", d.info["end"], labels.DRAFT_END_FROM_TASKS,
                    lines[0].block.source if lines else "", "")
    if "start" not in d.info:
        starts = [p["start"] for p in d.phases]
        start = min(starts) if starts else d.info.get("issued_on")
        if isinstance(start, dt.date):
            d.info["start"] = start
            d.guess(labels.SHEET_PLAN, None, "start", start, labels.DRAFT_START_GUESS,
                    lines[0].block.source if lines else "", "")
    _recipients(lines, d)
    _owner(lines[body:], d)
    for line in lines[body:]:
        if pt.RECIPIENTS.match(line.key):
            break
        for name in units_in(line.text):
            _add_unit(d, name, line.block.source)
    for task in d.tasks:
        for key_ in ("leads", "partners"):
            for name in str(task.get(key_) or "").split(";"):
                if name.strip():
                    _add_unit(d, name, str(task[SOURCE]))
    _communes(lines[body:], d)
    taken: set[str] = set()
    for unit in d.units:
        unit["code"] = _unit_code(str(unit["name"]), taken)
    _groups(d)
    _unstated(d, lines[0].block.source if lines else "")
    for index, task in enumerate(d.tasks):
        phase = next((p for p in d.phases if p["code"] == task.get("phase")), None)
        deadline = task.get("deadline")
        if phase is None and isinstance(deadline, dt.date) and (
                holding := [p for p in d.phases if p["start"] <= deadline <= p["end"]]):
            # the phase its deadline falls in; a shared boundary day is the later phase's
            task["phase"] = max(holding, key=lambda p: p["start"])["code"]
            d.guess(labels.SHEET_TASKS, index, "phase", task["phase"],
                    labels.DRAFT_PHASE_BY_DEADLINE, str(task[SOURCE]),
                    str(task.get("content") or ""))
        if phase and isinstance(deadline, dt.date) and not (
                phase["start"] <= deadline <= phase["end"]):
            d.guess(labels.SHEET_TASKS, index, "deadline", deadline, labels.DRAFT_PHASE_OUT,
                    str(task[SOURCE]), str(task.get("content") or ""))
        if task.get("baseline") is None and task["kind"] in (*KINDS_NEED_BASELINE,
                                                              "reduce_to"):
            reason = (labels.DRAFT_NEED_BASELINE if task["kind"] in KINDS_NEED_BASELINE
                      else labels.DRAFT_REDUCE_TO_BASELINE)
            d.guess(labels.SHEET_TASKS, index, "baseline", None, reason, str(task[SOURCE]),
                    str(task.get("target_text") or ""))
    return d


def _owner(lines: list[_Line], d: Draft) -> None:
    """Đơn vị theo dõi: the unit the part "Tổ chức thực hiện" charges with following the
    plan ("3. Giao phòng Nội vụ theo dõi, đôn đốc ...", seed 001), and Hạn nộp báo cáo:
    the date it sets for reporting; both guesses."""
    part = ""
    year = d.info["issued_on"].year if isinstance(d.info.get("issued_on"), dt.date) else None
    for line in lines:
        if pt.RECIPIENTS.match(line.key) or pt.CLOSING.match(line.key):
            return
        if m := pt.PART.match(line.key):
            part = m["title"]
            continue
        if pt.OWNER_PART.search(part) and "return_due" not in d.info and \
                pt.REPORTS.search(line.key):
            due = [x.date for x in pt.dates_in(line.text, year) if x.role == "deadline"]
            if due:  # "b) Báo cáo … gửi hồ sơ … trước ngày 15 tháng 12 năm 2024" (seed 001)
                d.info["return_due"] = due[-1]
                d.guess(labels.SHEET_PLAN, None, "return_due", due[-1],
                        labels.DRAFT_RETURN_DUE, line.block.source, line.text)
        if "owner_unit" in d.info or not (pt.OWNER_PART.search(part)
                                          and pt.FOLLOWS_UP.search(line.key)):
            continue
        text = pt.GIVEN_TO.split(pt.OUTLINE.sub("", line.text, count=1))[-1]
        names = units_in(text[:1].upper() + text[1:])
        if names:
            d.info["owner_unit"] = names[0]
            d.guess(labels.SHEET_PLAN, None, "owner_unit", names[0], labels.DRAFT_OWNER,
                    line.block.source, line.text)
            _add_unit(d, names[0], line.block.source)


def _unstated(d: Draft, source: str) -> None:
    """What the document does not state and the workbook needs is listed for review."""
    for key_ in ("number", "issuer", "issued_on", "title", "start", "end"):
        if not d.info.get(key_) and not any(g.sheet == labels.SHEET_PLAN and g.field == key_
                                            for g in d.guesses):
            d.guess(labels.SHEET_PLAN, None, key_, None, labels.DRAFT_NOT_STATED, source, "")
    if not d.tasks:
        d.guess(labels.SHEET_TASKS, None, None, None, labels.DRAFT_NO_TASKS, source, "")
    if not d.units:
        d.guess(labels.SHEET_UNITS, None, None, None, labels.DRAFT_NO_UNITS, source, "")


def _groups(d: Draft) -> None:
    """A group of communes ("UBND xã, thị trấn") gets the communes the plan names as its
    members (a guess); any other group is listed for its members to be typed."""
    communes = [u["code"] for u in d.units
                if u.get("kind") in {kind for _, kind in pt.COMMUNE_UNIT.values()}]
    for index, unit in enumerate(d.units):
        if unit.get("kind") != labels.UNIT_KIND_GROUP or unit.get("members"):
            continue
        source = str(unit[SOURCE])
        if pt.COMMUNE_GROUP.match(match_key(str(unit["name"]))) and communes:
            unit["members"] = "; ".join(str(c) for c in communes)
            d.guess(labels.SHEET_UNITS, index, "members", unit["members"],
                    labels.DRAFT_GROUP_COMMUNES, source, str(unit["name"]))
        else:
            d.guess(labels.SHEET_UNITS, index, "members", None, labels.DRAFT_GROUP_EMPTY,
                    source, str(unit["name"]))


def _joined_sub_items(lines: list[_Line]) -> list[_Line]:
    """An item's sub-items written as paragraphs of their own ("(7) Hoàn thành:" then
    "(i) Bố trí …;" "(ii) Lắp đặt …") joined to it, as if written in one sentence."""
    out: list[_Line] = []
    for line in lines:
        if out and pt.SUB_ITEM_LINE.match(line.key) and pt.ITEM.match(out[-1].key):
            last = out[-1]
            text = f"{last.text} {line.text}"
            out[-1] = _Line(text, pt.key(text), last.block)
        else:
            out.append(line)
    return out


def _walk(lines: list[_Line], drafter: _Drafter) -> None:
    ctx, d = drafter.ctx, drafter.d
    for line in _joined_sub_items(lines):
        k = line.key
        if pt.RECIPIENTS.match(k) or pt.CLOSING.match(k):
            break
        if m := pt.PART.match(k):
            ctx.part, ctx.part_key = m["no"].upper(), m["title"]
            ctx.list_deadline = ctx.phase = ctx.lead = None
            continue
        if pt.NON_TASK_PARTS.search(ctx.part_key) and not pt.TASK_PARTS.search(ctx.part_key):
            continue
        if m := pt.ITEM.match(k):
            drafter.item(str(int(m["no"])), line.text[m.end():].strip(), line)
            continue
        outline = pt.OUTLINE.match(k)
        if outline:  # Word's numbering is already written before the text (_lines)
            number = outline["no"] or outline["no2"]
            ctx.outline = number.split(".")
            ctx.list_deadline = ctx.lead = None
            heading = line.text[outline.end():].strip(" :.")
            if pt.TASK_PARTS.search(ctx.part_key) and pt.UNIT_HEADING.match(heading):
                ctx.lead = (heading, line.block.source)  # "5. Các tiểu khu"
                continue
            if pt.PHASE_LINE.match(re.sub(r"^\S+\s+", "", k) if outline else k):
                ctx.phase = _phase(line, d, ctx.year)
                continue
            if _range_heading(line.text, ctx, d):
                continue
            if pt.LIST_DEADLINE.search(k):
                found = pt.dates_in(line.text, ctx.year)
                if found:
                    ctx.list_deadline = found[-1].date
                    drafter.list_deadlines.append(ctx.list_deadline)
                    ctx.list_source = line.block.source
                    continue
        text = line.text[outline.end():] if outline else line.text
        if m := pt.LETTER.match(match_key(text)):
            number = ".".join([*ctx.outline[:1], m["no"]])
            text = text[m.end():]
        elif outline:
            number = ".".join(ctx.outline)
        else:
            number = None
        if number and ctx.part:
            number = f"{ctx.part}.{number}"
        text = re.sub(r"^[-+•–]\s*(?:[-+•–]\s*)?", "", text).strip()
        if _is_target_sentence(text, ctx.year):
            code = number or _bullet_code(ctx, drafter)
            reason = labels.DRAFT_CODE_GIVEN if number is None else None
            before = len(d.tasks)
            drafter.item(code, text, line)
            outer = code.rsplit(".", 1)[0]
            if number and len(d.tasks) > before and outer in drafter.codes \
                    and d.tasks[before]["parent"] is None:
                d.tasks[before]["parent"] = outer  # "7.1" under the task "7"
            if ctx.lead is not None:
                _heading_lead(d, before, *ctx.lead)
            if reason and len(d.tasks) > before:
                d.guess(labels.SHEET_TASKS, before, "code", d.tasks[before]["code"], reason,
                        line.block.source, line.text)


def _heading_lead(d: Draft, first: int, name: str, source: str) -> None:
    """Tasks under a heading that names a unit ("5. Các tiểu khu") are led by it (a guess)."""
    for index in range(first, len(d.tasks)):
        task = d.tasks[index]
        if task.get("leads"):
            continue
        task["leads"] = name
        d.guesses[:] = [g for g in d.guesses if not (
            g.sheet == labels.SHEET_TASKS and g.row == index and g.field == "leads")]
        d.guess(labels.SHEET_TASKS, index, "leads", name, labels.DRAFT_LEAD_HEADING, source,
                name)


def _range_heading(text: str, ctx: _Context, d: Draft) -> bool:
    """A heading that only gives a date range ("3. Điểm 3: (từ 02/9 đến 31/12/2023)"): the
    phase with the same end becomes the current one; the heading is no task."""
    _, colon, rest = text.partition(":")
    if not colon or not pt.RANGE_ONLY.match(match_key(rest.strip())):
        return False
    found = pt.dates_in(rest, ctx.year)
    if found:
        ctx.phase = next((p for p in d.phases if p["end"] == found[-1].date), ctx.phase)
    return True


def _bullet_code(ctx: _Context, drafter: _Drafter) -> str:
    base = ".".join(x for x in (ctx.part, *ctx.outline) if x)
    n = 1
    while f"{base}.{n}".strip(".") in drafter.codes:
        n += 1
    return f"{base}.{n}".strip(".")


def _is_target_sentence(text: str, year: int | None) -> bool:
    """A sentence outside a numbered target list is a task when it states a figure after a
    target verb, or a deadline ("trước ngày 15 tháng 12 năm 2024", "trong quý III/2023")."""
    if any(d.role == "deadline" for d in pt.dates_in(text, year)):
        return True
    return _states_figure(text)


def _states_figure(text: str) -> bool:
    """Whether text states a target: a figure after a target verb ("Xây dựng ít nhất 01 mô
    hình", "đạt từ 80% trở lên"), or "không để xảy ra" near its start."""
    k = match_key(text)
    blank = pt.PERIODIC.sub(lambda m: " " * len(m[0]), _dates_blanked(_figures(k)))
    if pt.SHARE_FIRST.match(blank):
        return _read_target(text) is not None
    verb = pt.TARGET_VERBS.search(blank)
    if verb is None:
        return False
    figure = re.search(r"(?<![\w/.-])[0-9][0-9.,]*(?:\s*/\s*[0-9][0-9.,]*)?\s*%?(?=\s|$|[,;.)])",
                       blank[verb.start():])
    if figure is None:  # "Không để xảy ra cháy rừng", "Giữ vững danh hiệu xã đạt chuẩn …"
        return bool((pt.ZERO.search(k) or pt.MAINTAIN.search(k))
                    and pt.TARGET_VERBS.search(k[:40]))
    value = parse_number(figure[0].split("/")[0].rstrip("% "))
    return value is not None and _read_target(text) is not None


def _whereof(text: str) -> list[tuple[str, str]]:
    """"Cấp 1.200 giấy chứng nhận, trong đó cấp lần đầu 300 giấy": what follows "trong đó"
    without item markers becomes items a, b … (one per clause with a figure), the sentence
    before it keeping its own target."""
    m = pt.WHEREOF.search(match_key(text))
    if m is None or _read_target(text[: m.start()]) is None:
        return []
    tail = text[m.end():].strip(" :,")
    parts = [p.strip(" .;") for _, p in _split_top(tail)]
    parts = [p for p in parts if _read_target(p) is not None]
    return [(chr(ord("a") + i), p) for i, p in enumerate(parts)]


def _several(text: str) -> list[tuple[str, str]]:
    """Several targets in one sentence ("hoàn thành 100% các chỉ tiêu ...; Phấn đấu tỷ lệ
    hài lòng ... đạt từ 80% trở lên, ..., thị trấn đạt VS ATTP trong năm 2023") become items
    a, b, c: one per clause (split at "; " and at sentence ends) that states a figure of its
    own, and one per part between commas that says what to attain ("đạt") by a date."""
    clauses = [c for sentence in pt.SENTENCE_END.split(text) for _, c in _split_top(sentence)]
    hits = []
    for clause in clauses:
        if _states_figure(clause):
            hits.append(clause.strip(" .;"))
        for _, part in _split_top(clause, ","):  # ", thị trấn đạt VS ATTP trong năm 2023"
            if pt.ACHIEVES.search(match_key(part)) and not _states_figure(part) and any(
                    d.role == "deadline" for d in pt.dates_in(part, None)):
                hits.append(part.strip(" .;"))
    if len(hits) < 2:
        return []
    return [(chr(ord("a") + i), c) for i, c in enumerate(hits)]


def _annex(blocks: list[Block], drafter: _Drafter, year: int | None) -> None:
    """Rows of an annexed biểu chi tiết table (STT | Nội dung | Chỉ tiêu | Đơn vị chủ trì |
    Đơn vị phối hợp | Thời gian hoàn thành) become tasks, their columns read directly."""
    columns: dict[str, int] | None = None
    table = None
    header: dict[str, int] = {}
    by_code = {str(t["code"]): t for t in drafter.d.tasks}
    for b in blocks:
        if b.cells is None:
            continue
        if b.table != table:
            table, columns, header = b.table, None, {}
        if columns is None:  # a header may take two rows ("Đơn vị" over "Chủ trì | Phối hợp")
            found = _header_cells(b.cells)
            header = {**header, **found} if found else {}
            if {"content", "leads"} <= set(header):
                columns = header
            continue
        cell = {f: b.cells[i].strip() for f, i in columns.items() if i < len(b.cells)}
        code = re.sub(r"[.)]+$", "", cell.get("code", "")).strip()
        if not cell.get("content") or not code or not re.match(r"^[0-9a-zA-Z.]+$", code):
            continue
        others = [v for f, v in cell.items() if f not in ("code", "content") and v]
        if not others and cell["content"].isupper():
            continue  # a section row of the table: "II | LĨNH VỰC VĂN HÓA - XÃ HỘI"
        line = _Line(" | ".join(b.cells), match_key(" | ".join(b.cells)), b)
        deadline = _deadlines(pt.DEADLINE_PREFIX + cell.get("deadline", ""), year)[0] \
            if cell.get("deadline") else None
        parent = code.rsplit(".", 1)[0] if "." in code else None
        leads = "; ".join(_names(cell.get("leads", "")))
        partners = "; ".join(_names(cell.get("partners", "")))
        existing = by_code.get(code)
        if existing is not None:  # the text drafted it: the annex assigns it
            existing["leads"] = leads or existing.get("leads")
            existing["partners"] = partners or existing.get("partners")
            existing["leader"] = cell.get("leader") or existing.get("leader")
            if deadline and not existing.get("deadline"):
                existing["deadline"] = deadline
            index = drafter.d.tasks.index(existing)
            drafter.d.guesses[:] = [g for g in drafter.d.guesses if not (
                leads and g.sheet == labels.SHEET_TASKS and g.row == index
                and g.field == "leads")]
            continue
        clause = cell.get("target_text") or cell["content"]
        row = drafter.row_for(code, parent if parent in by_code else None, cell["content"],
                              clause, line, deadline, None, drafter.inherited())
        row.update(leads=leads or None, partners=partners or None,
                   leader=cell.get("leader") or None)
        index = len(drafter.d.tasks) - 1
        if leads:
            drafter.d.guesses[:] = [g for g in drafter.d.guesses if not (
                g.sheet == labels.SHEET_TASKS and g.row == index and g.field == "leads")]
        by_code[code] = row


def _header_cells(cells: tuple[str, ...]) -> dict[str, int]:
    """The annex columns a header row names: field key -> column index."""
    keys = [match_key(c).strip(" .:") for c in cells]
    found: dict[str, int] = {}
    for field_key, names in pt.ANNEX_COLUMNS.items():
        for i, cell in enumerate(keys):
            if cell in names and field_key not in found:
                found[field_key] = i
    return found


def annex_columns(rows: list[tuple[str, ...]]) -> dict[str, int] | None:
    """The columns of an annexed biểu chi tiết whose header is within these first rows
    (None: the table is no such annex, e.g. the letterhead)."""
    header: dict[str, int] = {}
    for cells in rows:
        found = _header_cells(cells)
        header = {**header, **found} if found else {}
        if {"content", "leads"} <= set(header):
            return header
    return None


def _names(cell: str) -> list[str]:
    return [p.strip(" .") for p in pt.NAME_SPLIT.split(cell) if p.strip(" .")]

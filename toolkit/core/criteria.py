"""Award and criticism criteria as data (DESIGN §6): the rows of the optional sheet Tiêu chí
khen thưởng read into rules, each rule quoted as a Vietnamese sentence and applied exactly
as it reads. Without the sheet the rules come from the Kế hoạch settings (today's defaults:
leads ≥ 1 task and 100 % on time over tasks due; criticised for a cause "Chủ quan").

A rule is the rows sharing one Mã tiêu chí: an action (award or criticise), an optional
scope (a phase code; none means the tasks of the report), optional subjects (unit kinds,
Loại in Đơn vị; none means every unit) and its conditions, all of which must hold.

Conditions of an award rule (a unit qualifies when every one holds):
- min_led N: it leads at least N tasks in scope (N = 1 when the rule does not say);
- min_on_time X: tasks due > 0 and 100·on time / due ≥ X;
- min_completion X: 100·achieved / led ≥ X;
- all_met: every task it leads is achieved;
- exceed_by N: it leads at least one task with a numeric target, and every such task's
  (uncapped) % is ≥ 100 + N;
- no_missed_for_cause C: none of its missed tasks (bucket HT quá hạn or Chưa HT quá hạn)
  gives a cause containing one of C.
A criticise rule lists each missed task of a unit in its subjects whose cause contains one
of C (missed_for_cause C), or every missed task when the rule names no cause. Units of Loại
Ngành dọc are never criticised (they are listed for the superior body)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from thidua.core import labels
from thidua.core.model import split_list
from thidua.core.parsing.numbers import format_number, parse_number
from thidua.core.parsing.text import is_blank, match_key

AWARD, CRITICISE = "award", "criticise"
TOLERANCE = 1e-9

#: How a condition's Giá trị is read.
COUNT, PERCENT, POSITIVE, FLAG, CAUSES = "count", "percent", "positive", "flag", "causes"
CONDITION_VALUE = {"min_led": COUNT, "min_on_time": PERCENT, "min_completion": PERCENT,
                   "all_met": FLAG, "exceed_by": POSITIVE, "no_missed_for_cause": CAUSES,
                   "missed_for_cause": CAUSES}
#: The conditions each action accepts.
ACTION_CONDITIONS = {
    AWARD: ("min_led", "min_on_time", "min_completion", "all_met", "exceed_by",
            "no_missed_for_cause"),
    CRITICISE: ("missed_for_cause",),
}


@dataclass(frozen=True)
class Condition:
    key: str
    value: float | tuple[str, ...] | bool


@dataclass(frozen=True)
class Rule:
    code: str
    action: str
    conditions: tuple[Condition, ...]
    title: str | None = None
    scope: str | None = None  # a phase code; None: the tasks of the report
    subjects: tuple[str, ...] = ()  # unit kinds as written; empty: every unit

    def value(self, key: str, default: object = None) -> object:
        return next((c.value for c in self.conditions if c.key == key), default)


@dataclass(frozen=True)
class UnitRecord:
    """What the award conditions look at, for one unit over the tasks of a scope."""

    unit: str
    kind: str
    led: int
    due: int
    on_time: int
    achieved: int
    numeric_pcts: tuple[float, ...] = ()  # uncapped % of its tasks with a numeric target
    missed_causes: tuple[str | None, ...] = ()  # the cause of each of its missed tasks


def _lookup(spellings: dict[str, Iterable[str]]) -> dict[str, str]:
    return {match_key(s): key for key, words in spellings.items() for s in words}


_ACTIONS = _lookup(labels.CRITERIA_ACTIONS)
_CONDITIONS = _lookup({k: (h, *a) for k, (h, a) in labels.CRITERIA_CONDITIONS.items()})
_PLAN_SCOPE = {match_key(w) for w in labels.SCOPE_PLAN_WORDS}
_YES = {match_key(w) for w in labels.CRITERIA_YES_WORDS}


def action_key(text: object) -> str | None:
    """"Khen thưởng" -> "award", "Phê bình" -> "criticise", else None."""
    return None if is_blank(text) else _ACTIONS.get(match_key(text))


def condition_key(text: object) -> str | None:
    return None if is_blank(text) else _CONDITIONS.get(match_key(text))


def phase_scope(text: object) -> str | None:
    """The phase code a Phạm vi names; None for blank or "Toàn kế hoạch"."""
    if is_blank(text) or match_key(text) in _PLAN_SCOPE:
        return None
    return str(text).strip()


def read_value(key: str, raw: object) -> tuple[object, str | None]:
    """(value, problem): a condition's Giá trị typed by the condition; problem is an issue
    code (with the value None) when it cannot be read."""
    how = CONDITION_VALUE[key]
    if how == FLAG:
        return (True, None) if is_blank(raw) or match_key(raw) in _YES else (None,
                                                                              "bad-criteria-flag")
    if how == CAUSES:
        causes = tuple(split_list(raw)) if not is_blank(raw) else (labels.CAUSE_SUBJECTIVE,)
        return causes, None
    if is_blank(raw):
        return None, "required"
    number = parse_number(raw)
    if number is None:
        return None, "bad-number"
    if how == COUNT and (number < 0 or not float(number).is_integer()):
        return None, "bad-integer"
    if how == PERCENT and number < 0:
        return None, "criteria-number-range"
    if how == POSITIVE and number <= 0:
        return None, "criteria-number-range"
    return float(number), None


def value_range(key: str) -> str:
    """The {rule} of a criteria-number-range message for this condition."""
    return labels.CRITERIA_RANGE["positive" if CONDITION_VALUE[key] == POSITIVE
                                 else "not_negative"]


def rules_from_rows(rows: Iterable[dict]) -> list[Rule]:
    """Rules from the typed rows of Tiêu chí khen thưởng (keys of fields.CRITERIA), in the
    order of their first row. A rule's action, title, scope and subjects are taken from the
    first row of its code that gives them; rows `check` finds wrong (unknown condition, a
    value that cannot be read, a condition of the other action) are left out."""
    order: list[str] = []
    heads: dict[str, dict[str, object]] = {}
    conditions: dict[str, list[Condition]] = {}
    for row in rows:
        code = row.get("code")
        if is_blank(code):
            continue
        if code not in heads:
            order.append(code)
            heads[code], conditions[code] = {}, []
        head = heads[code]
        for key in ("action", "title", "scope", "subjects"):
            if key not in head and not is_blank(row.get(key)) and row.get(key) != []:
                head[key] = row[key]
        key = condition_key(row.get("condition"))
        if key is None or any(c.key == key for c in conditions[code]):
            continue
        value, problem = read_value(key, row.get("value"))
        if problem is None:
            conditions[code].append(Condition(key, value))
    rules = []
    for code in order:
        head = heads[code]
        action = action_key(head.get("action"))
        if action is None:
            continue
        kept = tuple(c for c in conditions[code] if c.key in ACTION_CONDITIONS[action])
        rules.append(Rule(str(code), action, kept, _text(head.get("title")),
                          phase_scope(head.get("scope")), tuple(head.get("subjects") or ())))
    return rules


def _text(value: object) -> str | None:
    return None if is_blank(value) else str(value).strip()


def default_rules(info: dict[str, object]) -> list[Rule]:
    """Today's rules, from the Kế hoạch settings (DESIGN §6)."""
    causes = tuple(c.strip() for c in str(info.get("criticise_causes") or "").split(";")
                   if c.strip())
    award = Rule("KT", AWARD, (
        Condition("min_led", float(info.get("award_min_tasks") or 1)),
        Condition("min_on_time", float(info.get("award_min_on_time") or 100))))
    if not causes:
        return [award]
    return [award, Rule("PB", CRITICISE, (Condition("missed_for_cause", causes),))]


def plan_rules(plan) -> list[Rule]:
    """The rules a plan states: its criteria sheet when it has rows, else its settings."""
    frame = getattr(plan, "criteria", None)
    if frame is not None and len(frame):
        return rules_from_rows(frame.to_dict("records"))
    return default_rules(plan.info)


# ---------------------------------------------------------------------------
# Quoting a rule
# ---------------------------------------------------------------------------

def _number(value: float) -> str:
    return format_number(float(value), 2)


def _causes(causes: tuple[str, ...]) -> str:
    return labels.RULE_CAUSE_OR.join(labels.RULE_QUOTE.format(text=c) for c in causes)


def describe_condition(condition: Condition) -> str:
    template = labels.RULE_CONDITIONS[condition.key]
    value = condition.value
    if CONDITION_VALUE[condition.key] == CAUSES:
        return template.format(value=_causes(value))  # type: ignore[arg-type]
    if CONDITION_VALUE[condition.key] == FLAG:
        return template
    return template.format(value=_number(value),  # type: ignore[arg-type]
                           reach=_number(100 + value))  # type: ignore[operator]


def describe(rule: Rule, phase: str | None = None) -> str:
    """The rule as one Vietnamese sentence. phase: the phase it is applied to when the rule
    names none (a report or section limited to that phase)."""
    title = labels.RULE_TITLE.format(title=rule.title) if rule.title else ""
    subject = (labels.RULE_SUBJECT.format(kinds=", ".join(rule.subjects)) if rule.subjects
               else labels.RULE_SUBJECT_ALL)
    where = rule.scope or phase
    scope = (labels.RULE_SCOPE_PHASE.format(phase=where) if where
             else labels.RULE_SCOPE_PLAN)
    if rule.action == CRITICISE:
        found = [describe_condition(c) for c in rule.conditions]
        return labels.RULE_CRITICISE.format(
            title=title, subject=subject, scope=scope,
            conditions=labels.RULE_AND.join(found) or labels.RULE_CONDITIONS["missed"])
    conditions = list(rule.conditions)
    if rule.value("min_led") is None:  # every award rule asks for a task led: say so
        conditions.insert(0, Condition("min_led", 1.0))
    return labels.RULE_AWARD.format(
        title=title, subject=subject, scope=scope,
        conditions=labels.RULE_AND.join(describe_condition(c) for c in conditions))


# ---------------------------------------------------------------------------
# Applying a rule
# ---------------------------------------------------------------------------

def covers(rule: Rule, kind: object) -> bool:
    """Whether a unit of this Loại is among the rule's subjects."""
    if not rule.subjects:
        return True
    return match_key(kind or "") in {match_key(s) for s in rule.subjects}


def cause_matches(cause: object, causes: tuple[str, ...]) -> bool:
    """A cause "contains" one of causes (match_key, so case and tones do not matter)."""
    if is_blank(cause):
        return False
    text = match_key(cause)
    return any(match_key(c) in text for c in causes if match_key(c))


def applies(rule: Rule, record: UnitRecord) -> bool:
    """Whether an award rule proposes the unit: its kind is a subject and every condition
    holds (see the module docstring)."""
    if rule.action != AWARD or not covers(rule, record.kind):
        return False
    if record.led < float(rule.value("min_led", 1.0)):  # type: ignore[arg-type]
        return False
    for c in rule.conditions:
        if c.key == "min_on_time" and not (
                record.due and 100 * record.on_time / record.due >= c.value - TOLERANCE):
            return False
        if c.key == "min_completion" and not (
                record.led and 100 * record.achieved / record.led >= c.value - TOLERANCE):
            return False
        if c.key == "all_met" and not (record.led and record.achieved == record.led):
            return False
        if c.key == "exceed_by" and not (record.numeric_pcts and all(
                p >= 100 + c.value - TOLERANCE for p in record.numeric_pcts)):
            return False
        if c.key == "no_missed_for_cause" and any(
                cause_matches(cause, c.value) for cause in record.missed_causes):
            return False
    return True


def criticises(rule: Rule, kind: object, cause: object) -> bool:
    """Whether a criticise rule lists a missed task of a unit of this Loại with this cause
    (Ngành dọc is never criticised: the caller lists it apart)."""
    if rule.action != CRITICISE or not covers(rule, kind):
        return False
    causes = rule.value("missed_for_cause")
    return causes is None or cause_matches(cause, causes)  # type: ignore[arg-type]

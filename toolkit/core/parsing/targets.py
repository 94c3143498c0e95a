"""Targets (chỉ tiêu) as written in campaign plans: "từ 40% dự toán trở lên", "82/85ha",
"tăng 688 người so với tháng 3/2024", "giảm còn 14 hộ", "không có hồ sơ quá hạn".

Everything is matched on match_key() text; dates and month references are blanked out first
so that "trước ngày 30/4/2024" or "tháng 3/2024" are never read as numbers or pairs.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from thidua.core import labels
from thidua.core.parsing.dates import scan_dates, scan_months
from thidua.core.parsing.numbers import parse_number
from thidua.core.parsing.text import match_key

_POSTFIX_COMPARISON_WORDS = labels.POSTFIX_COMPARISON_WORDS

TARGET_MODES: tuple[str, ...] = (
    "level", "pair", "increase", "reduce_fraction", "reduce_to", "zero"
)  # fmt: skip


@dataclass(frozen=True)
class TargetText:
    """What a target cell says. mode is one of TARGET_MODES:

    level: op value ("trên 95%" -> ">", 95; "83 ngôi nhà" -> None, 83);
    pair: value out of scale ("82/85ha");
    increase: value more than a baseline ("tăng 688 người"); an absolute reduction
      ("giảm 30 hồ sơ") is an increase of -30; fraction is set for "tăng 10%" / "tăng 1/2";
    reduce_fraction: fraction less than a baseline ("giảm 1/2", "giảm 50%" -> 0.5);
    reduce_to: op value after reduction ("giảm còn 14 hộ" -> "<=", 14);
    zero: "=", 0 ("không có hồ sơ quá hạn", "0").
    """

    op: str | None = None
    value: float | None = None
    scale: float | None = None
    fraction: float | None = None
    mode: str = "level"


def _phrases(words: Iterable[str]) -> re.Pattern[str]:
    """Whole-word alternation, longest phrase first so "không dưới" beats "dưới"."""
    keys = sorted({match_key(w) for w in words}, key=lambda k: (-len(k), k))
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, keys)) + r")(?!\w)")


_WORD_OP = {match_key(w): op for op, ws in labels.COMPARISON_WORDS.items() for w in ws}
_COMPARISON = _phrases(_WORD_OP)
_POSTFIX = {match_key(w) for w in _POSTFIX_COMPARISON_WORDS}
_SYMBOL_OP = {">=": ">=", "=>": ">=", "≥": ">=", "⩾": ">=", "<=": "<=", "=<": "<=", "≤": "<=",
              "⩽": "<=", ">": ">", "<": "<", "=": "="}  # fmt: skip
_SYMBOL = re.compile("|".join(map(re.escape, sorted(_SYMBOL_OP, key=len, reverse=True))))

_MODE_OF = {
    **{match_key(w): "increase" for w in labels.INCREASE_WORDS},
    **{match_key(w): "reduce" for w in labels.REDUCE_WORDS},
    **{match_key(w): "reduce_to" for w in labels.REDUCE_TO_WORDS},
}
_MODE = _phrases(_MODE_OF)
_ZERO = _phrases(labels.ZERO_WORDS)

# Words before "30/4" that make it a date although it has no year ("trước ngày 30/4").
# Words that are also comparison words ("từ") are left out: "từ 1/2 trở lên" is a fraction.
_DATE_LEAD = re.compile(
    _phrases(
        w for w in (labels.DATE_DAY_WORD, *labels.DATE_FILLER_WORDS) if match_key(w) not in _WORD_OP
    ).pattern
    + r"\s*$"
)
_YEAR_WORD = re.escape(match_key(labels.DATE_YEAR_WORD))
_YEAR_REF = re.compile(rf"(?<!\w){_YEAR_WORD}\s*[0-9]{{4}}(?![0-9])")

_NUM = r"[0-9]{1,3}(?: [0-9]{3})+(?:,[0-9]+)?(?![0-9])|[0-9]+(?:[.,][0-9]+)*"
_NUMBER = re.compile(rf"(?<![\w.,/])(?P<a>{_NUM})(?:\s*/\s*(?P<b>{_NUM}))?(?P<pct>\s*%)?")
_CLAUSE_END = re.compile(r"[,;()]|[0-9]")
_SENTENCE_BREAK = re.compile(r"[,;.!?]")
_PARENS = re.compile(r"\(([^()]*)\)")


@dataclass(frozen=True)
class _Number:
    start: int
    end: int
    a: float
    b: float | None
    percent: bool


def _blank_dates(key: str) -> str:
    """key with dates, month references and "năm 2024" replaced by spaces (same length)."""
    spans = [
        (h.start, h.end)
        for h in scan_dates(key)
        if h.year is not None or h.worded or _DATE_LEAD.search(key[: h.start])
    ]
    spans += [(h.start, h.end) for h in scan_months(key) if h.worded]
    spans += [m.span() for m in _YEAR_REF.finditer(key)]
    chars = list(key)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _first_number(key: str) -> _Number | None:
    for m in _NUMBER.finditer(key):
        a = parse_number(m["a"])
        b = None if m["b"] is None else parse_number(m["b"])
        if a is not None and (m["b"] is None or b is not None):
            return _Number(m.start(), m.end(), a, b, bool(m["pct"]))
    return None


def _comparison(key: str, number: _Number | None) -> str | None:
    """The comparison of key; with a number, only phrases that belong to it count."""
    if m := _SYMBOL.search(key):
        return _SYMBOL_OP[m[0]]
    found = list(_COMPARISON.finditer(key))
    if number is None:
        post = [m for m in found if m[0] in _POSTFIX]
        strong = post or [m for m in found if _WORD_OP[m[0]] != "="] or found
        return _WORD_OP[max(strong, key=lambda m: len(m[0]))[0]] if strong else None
    stop = _CLAUSE_END.search(key, number.end)
    clause_end = stop.start() if stop else len(key)
    for m in found:
        if m[0] in _POSTFIX and number.end <= m.start() and m.end() <= clause_end:
            return _WORD_OP[m[0]]
    before = [m for m in found if m.end() <= number.start]
    if before and not key[before[-1].end() : number.start].strip(" :"):
        return _WORD_OP[before[-1][0]]
    return None


def parse_comparison(value: object) -> str | None:
    """The comparison ">=", ">", "<=", "<" or "=" of a symbol or of labels.COMPARISON_WORDS.

    Symbols win; "từ X trở lên" is >=; the longest phrase wins ("không dưới" is >=). When the
    text holds a number, only a phrase right before it or "trở lên"/"trở xuống" after it count,
    so "100% hộ trên địa bàn" has no comparison."""
    if not isinstance(value, str):
        return None
    key = _blank_dates(match_key(value))
    return _comparison(key, _first_number(key))


def _mode(key: str, number: _Number) -> str | None:
    """increase / reduce / reduce_to when such a word governs the number."""
    before = key[: number.start]
    hits = list(_MODE.finditer(before))
    if not hits:
        return None
    gap = before[hits[-1].end() :]
    adjacent = not _COMPARISON.sub("", gap).strip(" :")
    if adjacent or not (_COMPARISON.search(gap) or _SENTENCE_BREAK.search(gap)):
        return _MODE_OF[hits[-1][0]]
    return None


def _segment(key: str) -> TargetText | None:
    number = _first_number(key)
    if number is None:
        taken = [m.span() for m in _COMPARISON.finditer(key)]
        for z in _ZERO.finditer(key):
            if not any(s <= z.start() < e for s, e in taken):
                return TargetText(op="=", value=0.0, mode="zero")
        return None
    op, a, b = _comparison(key, number), number.a, number.b
    ratio = None if b is None else (a / b if b else math.nan)
    if ratio is None and number.percent:
        ratio = a / 100
    if ratio is not None and not math.isfinite(ratio):
        return None
    match _mode(key, number):
        case "reduce_to":
            return TargetText(op=op or "<=", value=a, mode="reduce_to")
        case "reduce" if ratio is not None:
            return TargetText(op=op, fraction=ratio, mode="reduce_fraction")
        case "reduce":
            return TargetText(op=op, value=-a, mode="increase")
        case "increase":
            value = a if b is None else None
            return TargetText(op=op, value=value, fraction=ratio, mode="increase")
    if b is not None:
        return TargetText(op=op, value=a, scale=b, mode="pair")
    if a == 0 and op in (None, "="):
        return TargetText(op="=", value=0.0, mode="zero")
    return TargetText(op=op, value=a, mode="level")


def parse_target(text: object) -> TargetText | None:
    """Read a target cell; None when it states nothing numeric or recognisable.

    The statement outside parentheses comes first: "6.798/7.800 người (tăng 688 người ...)"
    is the pair; parenthesised parts are read only when the main text says nothing."""
    if not isinstance(text, str):
        value = parse_number(text)
        if value is None:
            return None
        return TargetText(op="=", value=0.0, mode="zero") if value == 0 else TargetText(value=value)
    key = _blank_dates(match_key(text))
    inner: list[str] = []
    while True:
        stripped = _PARENS.sub(lambda m: inner.append(m[1]) or " , ", key)
        if stripped == key:
            break
        key = stripped
    for segment in (key, *inner):
        if (target := _segment(segment)) is not None:
            return target
    return None

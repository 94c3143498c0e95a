"""Numbers as Vietnamese offices type them: "6.798", "99,6", "1.234,5", "82/85 ha".

Vietnamese convention: "." groups thousands and "," is the decimal mark. A "." is read as a
thousands separator only when every group after it has exactly three digits ("6.798"), otherwise
as a decimal point ("6.5"). A single "," is always a decimal mark ("1,000" is 1.0); several commas
with three-digit groups, or commas followed by one ".", are English grouping ("1,234.5").
"""

from __future__ import annotations

import math
import numbers
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from thidua.core.parsing.text import normalize_text

_SIGNS = ("+", "-", "\u2212")  # U+2212 is the typographic minus
_PERCENT = re.compile(r"\s*%$")
_DIGITS = re.compile(r"[0-9]+")
_DOT_GROUPS = re.compile(r"[1-9][0-9]{0,2}(?:\.[0-9]{3})+")
_COMMA_GROUPS = re.compile(r"[1-9][0-9]{0,2}(?:,[0-9]{3})+")
_SPACE_GROUPS = re.compile(r"([1-9][0-9]{0,2}(?: [0-9]{3})+)(?:[.,]([0-9]+))?")
_DECIMAL = re.compile(r"([0-9]+)[.,]([0-9]+)")
_LAST_SEP = re.compile(r"(.*)([.,])([0-9]+)", re.S)
# "82/85", "6.798/7.800 người", "82/85ha": two numbers, then at most a unit without digits.
_PAIR = re.compile(r"([^/]*[0-9])\s*/\s*([0-9][0-9., ]*?)\s*([^\W\d_][^0-9/]*)?")


def _canonical(body: str) -> str | None:
    """Digits of an unsigned number as "1234.5", or None when the grouping is not valid."""
    if _DIGITS.fullmatch(body):
        return body
    if m := _SPACE_GROUPS.fullmatch(body):
        return m[1].replace(" ", "") + (f".{m[2]}" if m[2] else "")
    dots, commas = body.count("."), body.count(",")
    if dots and not commas:
        if _DOT_GROUPS.fullmatch(body):
            return body.replace(".", "")
        return body if dots == 1 and _DECIMAL.fullmatch(body) else None
    if commas and not dots:
        if commas == 1 and _DECIMAL.fullmatch(body):
            return body.replace(",", ".")
        return body.replace(",", "") if _COMMA_GROUPS.fullmatch(body) else None
    m = _LAST_SEP.fullmatch(body)
    if m is None:
        return None
    head, sep, tail = m.groups()
    groups = _DOT_GROUPS if sep == "," else _COMMA_GROUPS
    return head.replace(".", "").replace(",", "") + "." + tail if groups.fullmatch(head) else None


def _parse_text(text: str) -> tuple[float | None, bool]:
    """(value, whether a trailing "%" was written)."""
    text = normalize_text(text)
    percent = bool(_PERCENT.search(text))
    if percent:
        text = _PERCENT.sub("", text)
    sign = text[:1] if text[:1] in _SIGNS else ""
    digits = _canonical(text[len(sign) :])
    if digits is None:
        return None, percent
    x = float(digits)
    if not math.isfinite(x) or abs(x) >= MAX_MAGNITUDE:
        return None, percent
    return (-x if sign in ("-", "\u2212") else x), percent


#: Beyond 15 digits Excel keeps no precision: such a "count" is an accident (a formula
#: error, 1E+308 typed), never a result; it is refused like text that is not a number.
MAX_MAGNITUDE = 1e15


def _finite(value: object) -> float | None:
    """A real number (not bool) as a finite float within MAX_MAGNITUDE."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real | Decimal):
        return None
    try:
        x = float(value)
    except (OverflowError, ValueError, InvalidOperation):
        return None
    return x if math.isfinite(x) and abs(x) < MAX_MAGNITUDE else None


class Percent(float):
    """A number read from a cell with a percent number format, as the percent it shows:
    the cell stores 0.8 and shows 80%, this is 80.0 (DESIGN §3). It is a float, so it
    scores like any number; its type says the unit typed a percent."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"Percent({float(self)!r})"

    def __reduce__(self):
        return (Percent, (float(self),))


def percent_from_fraction(stored: float) -> Percent:
    """The percent a percent-formatted cell shows for the fraction it stores."""
    return Percent(round(float(stored) * 100, 10))


def typed_as_percent(value: object) -> bool:
    """Whether a cell's value was typed as a percent: text ending in "%" or a number from a
    percent-formatted cell."""
    return isinstance(value, Percent) or has_percent(value)


def parse_number(value: object) -> float | None:
    """A number typed in Vietnamese convention, or None. A trailing "%" is ignored."""
    if isinstance(value, str):
        return _parse_text(value)[0]
    return _finite(value)


def has_percent(value: object) -> bool:
    """True when value is text that ends with "%" ("99,6%", "95 %")."""
    return isinstance(value, str) and bool(_PERCENT.search(normalize_text(value)))


def parse_percent(value: object) -> float | None:
    """A percentage as the number written: "99,6%" -> 99.6, "95" -> 95.0, 0.95 -> 0.95.

    Whether a cell 0.95 means 95% is decided by the caller, not here."""
    return parse_number(value)


def parse_fraction(value: object) -> float | None:
    """A share: "1/2" -> 0.5, "0,5" -> 0.5, "50%" -> 0.5; a zero denominator gives None."""
    if isinstance(value, Percent):
        x = _finite(value)
        return None if x is None else x / 100
    if not isinstance(value, str):
        return _finite(value)
    parts = normalize_text(value).split("/")
    if len(parts) == 2:
        (num, pct_a), (den, pct_b) = _parse_text(parts[0]), _parse_text(parts[1])
        if num is None or den is None or den == 0 or pct_a or pct_b:
            return None
        x = num / den
        return x if math.isfinite(x) else None
    if len(parts) != 1:
        return None
    x, percent = _parse_text(parts[0])
    if x is None:
        return None
    return x / 100 if percent else x


def parse_pair(value: object) -> tuple[float, float] | None:
    """A "done/total" pair: "82/85ha" -> (82.0, 85.0), "6.798/7.800 người" -> (6798.0, 7800.0).

    Dates such as "19/5/2024" are not pairs."""
    if not isinstance(value, str):
        return None
    m = _PAIR.fullmatch(normalize_text(value))
    if m is None:
        return None
    (a, pct_a), (b, pct_b) = _parse_text(m[1]), _parse_text(m[2])
    if a is None or b is None or pct_a or pct_b:
        return None
    return a, b


def format_number(x: float, decimals: int | None = None) -> str:
    """Vietnamese spelling of x for messages: 6798 -> "6.798", 1234.5 -> "1.234,5".

    With decimals=None the shortest decimal text that reads back as the same float is used
    (Python's repr digits, written without exponent), so parse_number(format_number(x)) == x
    for every finite float. With decimals=n the value is rounded half up to at most n
    decimals; trailing zeros are dropped ("95,5", not "95,50"). Raises ValueError for NaN/inf.
    """
    d = Decimal(x) if isinstance(x, int) else Decimal(repr(float(x)))
    if not d.is_finite():
        raise ValueError(f"not a finite number: {x!r}")
    if decimals is not None:
        if decimals < 0:
            raise ValueError("decimals must be >= 0")
        with localcontext() as ctx:
            ctx.prec = max(d.adjusted(), 0) + decimals + 10
            d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = format(d, "f")
    negative = text.startswith("-")
    whole, _, frac = text.lstrip("-").partition(".")
    frac = frac.rstrip("0")
    body = f"{int(whole):,}".replace(",", ".") + (f",{frac}" if frac else "")
    return "-" + body if negative and body.strip("0.,") else body

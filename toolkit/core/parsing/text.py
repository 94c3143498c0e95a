"""Text normalisation: Unicode form, white space, tone placement, matching keys."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

# Every kind of space Excel users paste in (NBSP, narrow NBSP, ideographic, thin ...).
_SPACES = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
# Anything normalize_text would change besides the Unicode form.
_CLEAN_ALREADY = re.compile(
    r"[\t\n\r\x0b\x0c\x1c-\x1f\x85\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f"
    r"\u2060\u3000\ufeff\u00ad]|  |^ | $").search

# Old-style tone placement ("hoà", "thuý") mapped to one canonical placement ("hòa", "thúy").
# Only open syllables ending in oa, oă, oe, uy are ambiguous; both styles are correct Vietnamese.
_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook, dot below
_END = r"(?![a-z\u0300-\u036f])"  # the syllable ends here (no letter, no further mark)
_OLD_OA = re.compile("(?i)(?<![q])(o)(a\u0306|a|e)([" + _TONES + "])" + _END)
_OLD_UY = re.compile("(?i)(?<![q])(u)(y)([" + _TONES + "])" + _END)


def is_blank(value: object) -> bool:
    """True for None, NaN, and strings holding only spaces."""
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not normalize_text(value)


def normalize_text(value: str) -> str:
    """NFC, no invisible characters, single spaces, stripped."""
    if _CLEAN_ALREADY(value) is None and unicodedata.is_normalized("NFC", value):
        return value  # the common case, decided at C speed
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", value))
    return _SPACES.sub(" ", text).strip()


def canonical_tones(text: str) -> str:
    """Put old-style tone marks of oa/oe/uy on the first vowel ("hoà" -> "hòa")."""
    decomposed = unicodedata.normalize("NFD", text)

    def move(m: re.Match[str]) -> str:
        return m.group(1) + m.group(3) + m.group(2)

    decomposed = _OLD_UY.sub(move, _OLD_OA.sub(move, decomposed))
    return unicodedata.normalize("NFC", decomposed)


def match_key(value: object) -> str:
    """A key under which names that people consider equal compare equal."""
    if value is None:
        return ""
    return _match_key(value if type(value) is str else str(value))


@functools.lru_cache(maxsize=65536)
def _match_key(text: str) -> str:
    # cached: names, codes and statuses recur across a plan and every return of a batch
    return canonical_tones(normalize_text(text)).casefold()


def strip_diacritics(text: str) -> str:
    """ASCII-ish skeleton for fuzzy matching ("Hiệp Hòa" -> "hiep hoa")."""
    decomposed = unicodedata.normalize("NFD", match_key(text))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return plain.replace("đ", "d")  # "đ" has no decomposition


def closest(text: str, choices: Sequence[str], cutoff: float = 60) -> str | None:
    """The choice nearest to text (accent- and case-insensitive), or None."""
    from rapidfuzz import fuzz, process, utils

    if not choices or not text:
        return None
    plain = {strip_diacritics(c): c for c in choices}
    found = process.extractOne(strip_diacritics(text), list(plain), scorer=fuzz.WRatio,
                               processor=utils.default_process, score_cutoff=cutoff)
    return plain[found[0]] if found else None


def is_issued_number(value: object) -> bool:
    """Whether a Số hiệu is a real number: a draft leaves the number blank before the slash
    ("     /KH-UBND") or the whole cell blank."""
    if value is None or not str(value).strip():
        return False
    head = str(value).split("/", 1)[0]
    return any(ch.isdigit() for ch in head)

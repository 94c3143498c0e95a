"""Matching names as people type them: header keys that ignore case, spacing, marks and
tone placement, and the closest known name for a suggestion ("Có phải ý bạn là …")."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from thidua.core.issues import display_value
from thidua.core.parsing.text import match_key, strip_diacritics


def header_key(text: object) -> str:
    """Key under which header spellings compare equal: case, spacing, marks, tones, '(*)'."""
    return _header_key(display_value(text))


@functools.lru_cache(maxsize=8192)
def _header_key(text: str) -> str:
    key = match_key(text)
    key = re.sub(r"\s*(\(\s*\*\s*\)|\*|:)\s*$", "", key)
    return re.sub(r"\s*([/\-–,.])\s*", r"\1", key).strip()


@functools.lru_cache(maxsize=8192)
def key_pair(text: str) -> tuple[str, str]:
    """(header key, the same without diacritics)."""
    key = header_key(text)
    return key, strip_diacritics(key)


def closest(text: str, choices: Sequence[str], cutoff: float = 60) -> str | None:
    """The choice nearest to text (accent- and case-insensitive), or None."""
    from rapidfuzz import fuzz, process, utils

    if not choices or not text:
        return None
    plain = {strip_diacritics(c): c for c in choices}
    found = process.extractOne(strip_diacritics(text), list(plain), scorer=fuzz.WRatio,
                               processor=utils.default_process, score_cutoff=cutoff)
    return plain[found[0]] if found else None

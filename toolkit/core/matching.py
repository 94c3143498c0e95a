"""Header keys: the form under which spellings of a header or sheet name compare equal,
ignoring case, spacing, marks, tone placement and a trailing "(*)"."""

from __future__ import annotations

import functools
import re

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

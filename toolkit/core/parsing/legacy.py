"""Vietnamese text typed in legacy 8-bit font encodings (TCVN3/ABC and VNI-Windows) to Unicode.

Office workbooks still hold text typed with ABC fonts (".VnTime", ".VnArial", ...) or VNI fonts
("VNI-Times", "VNI-Helve", ...). An xlsx reader hands such text over as a ``str`` in which each
byte became the Windows-1252 character of the same value, e.g. TCVN3 "Hµ Néi" or VNI
"Haø Noäi" for "Hà Nội". Both encodings only use bytes 0xA1-0xFE for Vietnamese letters, where
Windows-1252 and Latin-1 agree, so the tables below are keyed by those characters.

TCVN3 (TCVN 5712:1993 VN3) and letter case:

* The regular fonts (".VnTime") hold all lowercase letters plus the capitals Ă Â Ê Ô Ơ Ư Đ.
  Capitals with a tone mark do not exist there, so ``tcvn3_to_unicode`` reads every byte with
  the regular-font meaning (a byte 0xB8 is "á").
* The capital fonts (".VnTimeH", ".VnArialH", ... -- a name ending in "H") draw every letter,
  ASCII included, as a capital at the same positions. ``decode_legacy`` therefore uppercases
  the whole converted text when the font name ends in "H". Vendors were not fully consistent
  about ASCII letters in capital fonts; this module assumes the ABC behaviour (all capitals).
* Positions used only by the full VN1 set (tone-marked capitals at 0x80-0x9F, 0xC0-0xC5, ...;
  combining tones at 0xB0-0xB4) are not part of VN3 and pass through unchanged, so en dashes,
  smart quotes and degree signs survive.
* ``unicode_to_tcvn3`` leaves tone-marked capitals unchanged (they have no regular-font form);
  to produce capital-font text, encode the lowercase text.

VNI-Windows writes a vowel as its base letter followed by one mark character (for â/ê/ô and ă the
mark character carries both the hat and the tone); ơ, ư, đ, the tone-marked i and ỵ are single
characters. Decoding is longest-match: a two-character sequence wins over a single character.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "decode_legacy",
    "encoding_for_font",
    "looks_like_tcvn3",
    "looks_like_vni",
    "tcvn3_to_unicode",
    "unicode_to_tcvn3",
    "unicode_to_vni",
    "vni_to_unicode",
]

# --------------------------------------------------------------------------- tables

# TCVN3 (ABC) regular font: legacy character (byte value as Windows-1252/Latin-1) -> Unicode.
_TCVN3_TO_UNICODE: dict[str, str] = {
    "\xa1": "Ă", "\xa2": "Â", "\xa3": "Ê", "\xa4": "Ô", "\xa5": "Ơ", "\xa6": "Ư", "\xa7": "Đ",
    "\xa8": "ă", "\xa9": "â", "\xaa": "ê", "\xab": "ô", "\xac": "ơ", "\xad": "ư", "\xae": "đ",
    "\xb5": "à", "\xb6": "ả", "\xb7": "ã", "\xb8": "á", "\xb9": "ạ",
    "\xbb": "ằ", "\xbc": "ẳ", "\xbd": "ẵ", "\xbe": "ắ", "\xc6": "ặ",
    "\xc7": "ầ", "\xc8": "ẩ", "\xc9": "ẫ", "\xca": "ấ", "\xcb": "ậ",
    "\xcc": "è", "\xce": "ẻ", "\xcf": "ẽ", "\xd0": "é", "\xd1": "ẹ",
    "\xd2": "ề", "\xd3": "ể", "\xd4": "ễ", "\xd5": "ế", "\xd6": "ệ",
    "\xd7": "ì", "\xd8": "ỉ", "\xdc": "ĩ", "\xdd": "í", "\xde": "ị",
    "\xdf": "ò", "\xe1": "ỏ", "\xe2": "õ", "\xe3": "ó", "\xe4": "ọ",
    "\xe5": "ồ", "\xe6": "ổ", "\xe7": "ỗ", "\xe8": "ố", "\xe9": "ộ",
    "\xea": "ờ", "\xeb": "ở", "\xec": "ỡ", "\xed": "ớ", "\xee": "ợ",
    "\xef": "ù", "\xf1": "ủ", "\xf2": "ũ", "\xf3": "ú", "\xf4": "ụ",
    "\xf5": "ừ", "\xf6": "ử", "\xf7": "ữ", "\xf8": "ứ", "\xf9": "ự",
    "\xfa": "ỳ", "\xfb": "ỷ", "\xfc": "ỹ", "\xfd": "ý", "\xfe": "ỵ",
}  # fmt: skip

# VNI-Windows: Unicode letter -> legacy sequence (characters as Windows-1252/Latin-1).
_UNICODE_TO_VNI: dict[str, str] = {
    "à": "aø", "á": "aù", "ả": "aû", "ã": "aõ", "ạ": "aï",
    "À": "AØ", "Á": "AÙ", "Ả": "AÛ", "Ã": "AÕ", "Ạ": "AÏ",
    "ă": "aê", "ằ": "aè", "ắ": "aé", "ẳ": "aú", "ẵ": "aü", "ặ": "aë",
    "Ă": "AÊ", "Ằ": "AÈ", "Ắ": "AÉ", "Ẳ": "AÚ", "Ẵ": "AÜ", "Ặ": "AË",
    "â": "aâ", "ầ": "aà", "ấ": "aá", "ẩ": "aå", "ẫ": "aã", "ậ": "aä",
    "Â": "AÂ", "Ầ": "AÀ", "Ấ": "AÁ", "Ẩ": "AÅ", "Ẫ": "AÃ", "Ậ": "AÄ",
    "è": "eø", "é": "eù", "ẻ": "eû", "ẽ": "eõ", "ẹ": "eï",
    "È": "EØ", "É": "EÙ", "Ẻ": "EÛ", "Ẽ": "EÕ", "Ẹ": "EÏ",
    "ê": "eâ", "ề": "eà", "ế": "eá", "ể": "eå", "ễ": "eã", "ệ": "eä",
    "Ê": "EÂ", "Ề": "EÀ", "Ế": "EÁ", "Ể": "EÅ", "Ễ": "EÃ", "Ệ": "EÄ",
    "ì": "ì", "í": "í", "ỉ": "æ", "ĩ": "ó", "ị": "ò",
    "Ì": "Ì", "Í": "Í", "Ỉ": "Æ", "Ĩ": "Ó", "Ị": "Ò",
    "ò": "oø", "ó": "où", "ỏ": "oû", "õ": "oõ", "ọ": "oï",
    "Ò": "OØ", "Ó": "OÙ", "Ỏ": "OÛ", "Õ": "OÕ", "Ọ": "OÏ",
    "ô": "oâ", "ồ": "oà", "ố": "oá", "ổ": "oå", "ỗ": "oã", "ộ": "oä",
    "Ô": "OÂ", "Ồ": "OÀ", "Ố": "OÁ", "Ổ": "OÅ", "Ỗ": "OÃ", "Ộ": "OÄ",
    "ơ": "ô", "ờ": "ôø", "ớ": "ôù", "ở": "ôû", "ỡ": "ôõ", "ợ": "ôï",
    "Ơ": "Ô", "Ờ": "ÔØ", "Ớ": "ÔÙ", "Ở": "ÔÛ", "Ỡ": "ÔÕ", "Ợ": "ÔÏ",
    "ù": "uø", "ú": "uù", "ủ": "uû", "ũ": "uõ", "ụ": "uï",
    "Ù": "UØ", "Ú": "UÙ", "Ủ": "UÛ", "Ũ": "UÕ", "Ụ": "UÏ",
    "ư": "ö", "ừ": "öø", "ứ": "öù", "ử": "öû", "ữ": "öõ", "ự": "öï",
    "Ư": "Ö", "Ừ": "ÖØ", "Ứ": "ÖÙ", "Ử": "ÖÛ", "Ữ": "ÖÕ", "Ự": "ÖÏ",
    "ỳ": "yø", "ý": "yù", "ỷ": "yû", "ỹ": "yõ", "ỵ": "î",
    "Ỳ": "YØ", "Ý": "YÙ", "Ỷ": "YÛ", "Ỹ": "YÕ", "Ỵ": "Î",
    "đ": "ñ",
    "Đ": "Ñ",
}  # fmt: skip

_UNICODE_TO_TCVN3: dict[str, str] = {u: t for t, u in _TCVN3_TO_UNICODE.items()}
_VNI_TO_UNICODE: dict[str, str] = {v: u for u, v in _UNICODE_TO_VNI.items()}

_TCVN3_DECODE = str.maketrans(_TCVN3_TO_UNICODE)
_TCVN3_ENCODE = str.maketrans(_UNICODE_TO_TCVN3)
_VNI_ENCODE = str.maketrans(_UNICODE_TO_VNI)

_TCVN3_CHARS = frozenset(_TCVN3_TO_UNICODE)
_VNI_PAIRS = frozenset(k for k in _VNI_TO_UNICODE if len(k) == 2)
_VNI_SINGLES = frozenset(k for k in _VNI_TO_UNICODE if len(k) == 1 and not k.isascii())
# Characters that only ever follow a base vowel (tone, hat or breve carriers).
_VNI_MARKS = frozenset(k[1] for k in _VNI_PAIRS) - _VNI_SINGLES
_VNI_CHARS = _VNI_SINGLES | _VNI_MARKS
# Two-character sequences first, so the regex alternation is longest-match.
_VNI_PATTERN = re.compile(
    "|".join(re.escape(k) for k in sorted(_VNI_TO_UNICODE, key=len, reverse=True))
)

# --------------------------------------------------------------------------- detection helpers

# Unicode Vietnamese that no legacy text read through Windows-1252 can contain:
# Ă ă Đ đ Ĩ ĩ Ũ ũ Ơ ơ Ư ư, the Latin Extended Additional block, combining marks.
_REAL_VIETNAMESE = re.compile(
    "[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0"
    "\u1ea0-\u1ef9\u0300-\u0323]"
)
# Punctuation that may accompany legacy text without saying anything about the encoding.
_NEUTRAL = frozenset("\u00a0\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u2022")

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_INITIALS = "ngh|ng|nh|ch|gh|gi|kh|ph|th|tr|qu|[bcdđghklmnrstvx]"
# Vowel nuclei of a syllable, tone marks removed (semivowel endings i/y/o/u included).
_NUCLEI = (
    "iêu", "yêu", "oai", "oao", "oay", "oeo", "uây", "uôi", "uya", "uyê", "uyu", "ươi", "ươu",
    "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi",
    "ôi", "ơi", "ua", "uâ", "uê", "ui", "uô", "uơ", "uy", "ưa", "ưi", "ưu", "ươ", "yê",
    "a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y",
)  # fmt: skip
_FINALS = "ch|ng|nh|[cmnpt]"
_SYLLABLE = re.compile(f"({_INITIALS})?(?:{'|'.join(_NUCLEI)})(?:{_FINALS})?")

_VALID_SHARE = 0.8  # share of legacy words that must convert into Vietnamese syllables


def has_unicode_vietnamese(text: str) -> bool:
    """Whether text holds a letter only Unicode Vietnamese has (never legacy 8-bit text)."""
    return _REAL_VIETNAMESE.search(text) is not None


def _syllable(word: str) -> re.Match[str] | None:
    """Match ``word`` (one tone mark at most) against the shape of a Vietnamese syllable."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(ch in _TONE_MARKS for ch in decomposed) > 1:
        return None
    toneless = unicodedata.normalize(
        "NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS)
    )
    return _SYLLABLE.fullmatch(toneless)


def _words(text: str, legacy_chars: frozenset[str]) -> list[str]:
    """Runs of ASCII letters and legacy characters that contain at least one legacy character."""
    words: list[str] = []
    current: list[str] = []
    for ch in [*text, " "]:
        if ("a" <= ch <= "z") or ("A" <= ch <= "Z") or ch in legacy_chars:
            current.append(ch)
            continue
        if current and any(c in legacy_chars for c in current):
            words.append("".join(current))
        current = []
    return words


def _plausible(words: list[str], converted: list[str]) -> bool:
    """Converted words read as Vietnamese, and the originals did not already."""
    if not words or all(_syllable(w) for w in words):
        return False  # nothing to convert, or already plausible Unicode Vietnamese
    matches = [_syllable(w) for w in converted]
    if sum(m is not None for m in matches) < _VALID_SHARE * len(matches):
        return False
    # At least one syllable with an initial consonant: lone symbols ("©", "µm") do not count.
    return any(m is not None and m.group(1) for m in matches)


def _candidate(text: str, legacy_chars: frozenset[str]) -> bool:
    if not isinstance(text, str) or text.isascii() or has_unicode_vietnamese(text):
        return False
    return all(ch.isascii() or ch in legacy_chars or ch in _NEUTRAL for ch in text)


# --------------------------------------------------------------------------- public API


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 (ABC, regular-font reading) text to NFC Unicode."""
    return unicodedata.normalize("NFC", text.translate(_TCVN3_DECODE))


def vni_to_unicode(text: str) -> str:
    """Convert VNI-Windows text to NFC Unicode (two-character sequences before single ones)."""
    converted = _VNI_PATTERN.sub(lambda m: _VNI_TO_UNICODE[m.group()], text)
    return unicodedata.normalize("NFC", converted)


def unicode_to_tcvn3(text: str) -> str:
    """Encode Unicode text as TCVN3 regular-font text; characters without a form pass through."""
    return unicodedata.normalize("NFC", text).translate(_TCVN3_ENCODE)


def unicode_to_vni(text: str) -> str:
    """Encode Unicode text as VNI-Windows text; characters without a form pass through."""
    return unicodedata.normalize("NFC", text).translate(_VNI_ENCODE)


def encoding_for_font(font_name: str | None) -> str | None:
    """Return "tcvn3" for ".Vn..." fonts, "vni" for "VNI-..."/"VNI ..." fonts, else None."""
    if not isinstance(font_name, str):
        return None
    name = font_name.strip().casefold()
    if name.startswith(".vn"):
        return "tcvn3"
    if name.startswith(("vni-", "vni ")):
        return "vni"
    return None


def _is_capital_font(font_name: str | None) -> bool:
    return isinstance(font_name, str) and font_name.strip().endswith("H")


def looks_like_tcvn3(text: str) -> bool:
    """Guess, without a font name, whether ``text`` is TCVN3 (ABC) text. Conservative."""
    if not _candidate(text, _TCVN3_CHARS):
        return False
    words = _words(text, _TCVN3_CHARS)
    return _plausible(words, [tcvn3_to_unicode(w) for w in words])


def looks_like_vni(text: str) -> bool:
    """Guess, without a font name, whether ``text`` is VNI-Windows text. Conservative."""
    if not _candidate(text, _VNI_CHARS):
        return False
    words = _words(text, _VNI_CHARS)
    pairs = 0
    for word in words:
        for match in _VNI_PATTERN.finditer(word):
            pairs += len(match.group()) == 2
        # A mark character must sit right after a base vowel; a stray one means "not VNI".
        if any(ch in _VNI_MARKS for ch in _VNI_PATTERN.sub("", word)):
            return False
    if pairs == 0:
        return False
    return _plausible(words, [vni_to_unicode(w) for w in words])


def decode_legacy(text: str, font_name: str | None = None) -> tuple[str, str | None]:
    """Convert legacy-encoded text to NFC Unicode; return (text, encoding used or None).

    A font name that maps to an encoding decides it; otherwise ``looks_like_*`` guess. Text that
    already holds Unicode Vietnamese is returned unchanged, and so is text the conversion would
    not change. Capital ABC fonts (".VnTimeH") give uppercase text.
    """
    if not isinstance(text, str) or not text or has_unicode_vietnamese(text):
        return text, None
    encoding = encoding_for_font(font_name)
    if encoding is None:
        tcvn3, vni = looks_like_tcvn3(text), looks_like_vni(text)
        if tcvn3 == vni:  # neither, or ambiguous
            return text, None
        encoding = "tcvn3" if tcvn3 else "vni"
    if encoding == "tcvn3":
        converted = tcvn3_to_unicode(text)
        if _is_capital_font(font_name):
            converted = unicodedata.normalize("NFC", converted.upper())
    else:
        converted = vni_to_unicode(text)
    if converted == text:
        return text, None
    return converted, encoding

"""Tests for thidua.core.parsing.legacy: TCVN3 (ABC) and VNI-Windows text to Unicode."""

from __future__ import annotations

import string
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.core.parsing.legacy import (
    decode_legacy,
    encoding_for_font,
    looks_like_tcvn3,
    looks_like_vni,
    tcvn3_to_unicode,
    unicode_to_tcvn3,
    unicode_to_vni,
    vni_to_unicode,
)

# Written out by hand (not produced by the module under test).
# (Unicode, TCVN3 regular font, VNI-Windows)
KNOWN = [
    ("Hà Nội", "Hµ Néi", "Haø Noäi"),
    ("Việt Nam", "ViÖt Nam", "Vieät Nam"),
    (
        "Ủy ban nhân dân huyện Hiệp Hòa",
        "Ủy ban nh©n d©n huyÖn HiÖp Hßa",  # no regular-font form for Ủ: passes through
        "UÛy ban nhaân daân huyeän Hieäp Hoøa",
    ),
    ("Phòng Tài chính - Kế hoạch", "Phßng Tµi chÝnh - KÕ ho¹ch", "Phoøng Taøi chính - Keá hoaïch"),
    ("Đã hoàn thành", "§· hoµn thµnh", "Ñaõ hoaøn thaønh"),
    ("Nguyễn Thị Khương", "NguyÔn ThÞ Kh\u00ad¬ng", "Nguyeãn Thò Khöông"),
    ("Thường Thắng", "Th\u00adêng Th¾ng", "Thöôøng Thaéng"),
    ("Bảo hiểm xã hội", "B¶o hiÓm x· héi", "Baûo hieåm xaõ hoäi"),
    (
        "tiếng Việt có dấu: ăâđêôơư ÁÀẢÃẠ",
        "tiÕng ViÖt cã dÊu: ¨©®ª«¬\u00ad ÁÀẢÃẠ",
        "tieáng Vieät coù daáu: aêaâñeâoâôö AÙAØAÛAÕAÏ",
    ),
]
# Phrases made of real words only, fully representable in the encoding's regular font.
DETECTABLE_TCVN3 = [t for u, t, _ in KNOWN if not u.startswith(("Ủy", "tiếng"))]
DETECTABLE_VNI = [v for u, _, v in KNOWN if not u.startswith("tiếng")]

FOREIGN = [
    "Café", "naïve", "São Paulo", "Zürich", "100 µm", "©", "Müller", "Köln", "Crème brûlée",
    "Straße", "José", "Señor", "Château", "Noël", "Gaëtan", "Raúl", "½ kg", "où", "né", "sí",
    "© 2024 Müller & Söhne GmbH", "25 °C ± 2", "Ångström", "Fußball-Weltmeisterschaft",
]  # fmt: skip
# Unicode Vietnamese spelled only with Latin-1 letters: no U+1Exx character to give it away.
LATIN1_VIETNAMESE = ["Hoàng", "Tôi là ai", "Hoà Bình", "Toàn", "cá", "có", "Hoàn"]

TONES = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")
LOWER_LETTERS = sorted(
    {
        unicodedata.normalize("NFC", base + tone)
        for base in ("a", "a\u0302", "a\u0306", "e", "e\u0302", "i", "o", "o\u0302", "o\u031b",
                     "u", "u\u031b", "y")
        for tone in TONES
    }
    - set(string.ascii_lowercase)
    | {"đ"}
)  # fmt: skip
UPPER_LETTERS = sorted(ch.upper() for ch in LOWER_LETTERS)
VIETNAMESE_ONLY = sorted(
    set(LOWER_LETTERS + UPPER_LETTERS) - set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
)  # letters no Windows-1252 text can contain
ASCII_TEXT = string.ascii_letters + string.digits + string.punctuation + " "

FONTS = [None, "", ".VnTime", ".VnTimeH", " .vnarial ", "VNI-Times", "VNI Helve", "Arial", "Times"]


# --------------------------------------------------------------------------- tables


@pytest.mark.parametrize(("unicode_text", "tcvn3", "vni"), KNOWN)
def test_known_phrases_tcvn3_both_ways(unicode_text: str, tcvn3: str, vni: str) -> None:
    assert tcvn3_to_unicode(tcvn3) == unicode_text
    assert unicode_to_tcvn3(unicode_text) == tcvn3


@pytest.mark.parametrize(("unicode_text", "tcvn3", "vni"), KNOWN)
def test_known_phrases_vni_both_ways(unicode_text: str, tcvn3: str, vni: str) -> None:
    assert vni_to_unicode(vni) == unicode_text
    assert unicode_to_vni(unicode_text) == vni


@pytest.mark.parametrize(
    ("byte", "letter"),
    [(0xB8, "á"), (0xB5, "à"), (0xA8, "ă"), (0xA9, "â"), (0xAD, "ư"), (0xAE, "đ"), (0xA7, "Đ"),
     (0xD0, "é"), (0xDD, "í"), (0xE3, "ó"), (0xF3, "ú"), (0xFD, "ý"), (0xFE, "ỵ"), (0xDE, "ị")],
)  # fmt: skip
def test_tcvn3_byte_positions(byte: int, letter: str) -> None:
    assert tcvn3_to_unicode(bytes([byte]).decode("cp1252")) == letter


def test_tcvn3_regular_font_covers_lowercase_and_seven_capitals() -> None:
    encodable = LOWER_LETTERS + list("ĂÂÊÔƠƯĐ")
    codes = [unicode_to_tcvn3(ch) for ch in encodable]
    assert all(len(c) == 1 and 0xA1 <= ord(c) <= 0xFE for c in codes)
    assert len(set(codes)) == len(codes) == 74
    assert [tcvn3_to_unicode(c) for c in codes] == encodable
    tone_marked_capitals = [ch for ch in UPPER_LETTERS if ch not in encodable]
    assert len(tone_marked_capitals) == 60
    assert all(unicode_to_tcvn3(ch) == ch for ch in tone_marked_capitals)


def test_tcvn3_leaves_vn1_positions_and_western_punctuation_alone() -> None:
    text = "25°C ± 2 – “x” € ¿À"
    assert tcvn3_to_unicode(text) == text


def test_tcvn3_tone_marked_capitals_pass_through_the_encoder() -> None:
    assert unicode_to_tcvn3("ỦY BAN") == "ỦY BAN"
    assert unicode_to_tcvn3("Đà") == "§µ"


def test_vni_covers_every_letter_with_distinct_codes() -> None:
    letters = LOWER_LETTERS + UPPER_LETTERS
    codes = [unicode_to_vni(ch) for ch in letters]
    assert all(1 <= len(c) <= 2 for c in codes)
    assert len(set(codes)) == len(letters) == 134
    assert all(vni_to_unicode(c) == ch for c, ch in zip(codes, letters, strict=True))


def test_vni_longest_match() -> None:
    assert vni_to_unicode("ô") == "ơ"
    assert vni_to_unicode("ôù") == "ớ"
    assert vni_to_unicode("oâ") == "ô"
    assert vni_to_unicode("öôø") == "ườ"
    assert vni_to_unicode("ÔÙ") == "Ớ"


def test_vni_stray_mark_passes_through() -> None:
    assert vni_to_unicode("ù") == "ù"
    assert vni_to_unicode("bù") == "bù"


def test_encoders_accept_decomposed_input() -> None:
    nfd = unicodedata.normalize("NFD", "Việt Nam")
    assert unicode_to_tcvn3(nfd) == "ViÖt Nam"
    assert unicode_to_vni(nfd) == "Vieät Nam"


# --------------------------------------------------------------------------- fonts


@pytest.mark.parametrize(
    ("font", "expected"),
    [(".VnTime", "tcvn3"), (".VnTimeH", "tcvn3"), ("  .vnarial narrow ", "tcvn3"),
     ("VNI-Times", "vni"), ("vni-helve", "vni"), ("VNI Times", "vni"), ("VNITimes", None),
     ("VNI", None), ("Arial", None), ("Times New Roman", None), ("", None), (None, None),
     ("Vn Time", None)],
)  # fmt: skip
def test_encoding_for_font(font: str | None, expected: str | None) -> None:
    assert encoding_for_font(font) == expected


# --------------------------------------------------------------------------- detection


@pytest.mark.parametrize("text", ["", "Ha Noi", "Phong Tai chinh - Ke hoach", "123.456,7 %"])
def test_looks_like_false_on_ascii(text: str) -> None:
    assert not looks_like_tcvn3(text)
    assert not looks_like_vni(text)


@pytest.mark.parametrize("text", FOREIGN)
def test_looks_like_false_on_foreign_words(text: str) -> None:
    assert not looks_like_tcvn3(text)
    assert not looks_like_vni(text)
    assert decode_legacy(text) == (text, None)


@pytest.mark.parametrize("text", LATIN1_VIETNAMESE + [u for u, _, _ in KNOWN])
def test_looks_like_false_on_unicode_vietnamese(text: str) -> None:
    assert not looks_like_tcvn3(text)
    assert not looks_like_vni(text)
    assert decode_legacy(text) == (text, None)


@pytest.mark.parametrize("text", DETECTABLE_TCVN3)
def test_looks_like_tcvn3_true_on_known_phrases(text: str) -> None:
    assert looks_like_tcvn3(text)
    assert not looks_like_vni(text)


@pytest.mark.parametrize("text", DETECTABLE_VNI)
def test_looks_like_vni_true_on_known_phrases(text: str) -> None:
    assert looks_like_vni(text)
    assert not looks_like_tcvn3(text)


# --------------------------------------------------------------------------- decode_legacy


@pytest.mark.parametrize(("unicode_text", "tcvn3", "vni"), KNOWN)
def test_decode_legacy_with_vni_font(unicode_text: str, tcvn3: str, vni: str) -> None:
    assert decode_legacy(vni, "VNI-Times") == (unicode_text, "vni")


@pytest.mark.parametrize(
    ("unicode_text", "tcvn3"), [(u, t) for u, t, _ in KNOWN if t.isascii() or "Ủ" not in t]
)
def test_decode_legacy_with_tcvn3_font(unicode_text: str, tcvn3: str) -> None:
    if "Ả" in tcvn3:  # a tone-marked capital is real Unicode Vietnamese: cell left alone
        assert decode_legacy(tcvn3, ".VnTime") == (tcvn3, None)
    else:
        assert decode_legacy(tcvn3, ".VnTime") == (unicode_text, "tcvn3")


def test_decode_legacy_tcvn3_mixed_with_unicode_capital_is_left_alone() -> None:
    text = "Ủy ban nh©n d©n"
    assert decode_legacy(text, ".VnTime") == (text, None)


def test_decode_legacy_without_font_uses_detection() -> None:
    assert decode_legacy("Hµ Néi") == ("Hà Nội", "tcvn3")
    assert decode_legacy("Haø Noäi") == ("Hà Nội", "vni")
    assert decode_legacy("Hµ Néi", "Arial") == ("Hà Nội", "tcvn3")
    assert decode_legacy("Haø Noäi", "Calibri") == ("Hà Nội", "vni")


def test_decode_legacy_font_overrides_detection() -> None:
    # "ThÞ" would not be detected on its own ("Þ" alone proves little), but the font says TCVN3.
    assert decode_legacy("ThÞ", ".VnTime") == ("Thị", "tcvn3")
    assert decode_legacy("Caù", "VNI-Times") == ("Cá", "vni")


def test_decode_legacy_capital_font_uppercases() -> None:
    text = "céng hoµ x· héi chñ nghÜa viÖt nam"
    assert decode_legacy(text, ".VnTimeH") == ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "tcvn3")
    assert decode_legacy(text, ".VnTime") == ("cộng hoà xã hội chủ nghĩa việt nam", "tcvn3")


def test_decode_legacy_unchanged_text_reports_no_encoding() -> None:
    assert decode_legacy("Ha Noi", ".VnTime") == ("Ha Noi", None)
    assert decode_legacy("", "VNI-Times") == ("", None)


@pytest.mark.parametrize("font", [".VnTime", ".VnTimeH", "VNI-Times"])
def test_decode_legacy_keeps_real_vietnamese_even_with_legacy_font(font: str) -> None:
    assert decode_legacy("Nguyễn Văn Hùng", font) == ("Nguyễn Văn Hùng", None)


def test_decode_legacy_output_is_nfc() -> None:
    text, encoding = decode_legacy("Vieät Nam", "VNI-Times")
    assert encoding == "vni"
    assert text == unicodedata.normalize("NFC", text) == "Việt Nam"


# --------------------------------------------------------------------------- properties


@settings(max_examples=300)
@given(st.text(), st.sampled_from(FONTS))
def test_never_raises(text: str, font: str | None) -> None:
    result, encoding = decode_legacy(text, font)
    assert isinstance(result, str)
    assert encoding in (None, "tcvn3", "vni")
    assert isinstance(tcvn3_to_unicode(text), str)
    assert isinstance(vni_to_unicode(text), str)
    assert isinstance(looks_like_tcvn3(text), bool)
    assert isinstance(looks_like_vni(text), bool)
    assert isinstance(unicode_to_tcvn3(text), str)
    assert isinstance(unicode_to_vni(text), str)


@settings(max_examples=300)
@given(st.text(st.sampled_from(LOWER_LETTERS + list("ĂÂÊÔƠƯĐ" + ASCII_TEXT))))
def test_tcvn3_round_trip(text: str) -> None:
    assert tcvn3_to_unicode(unicode_to_tcvn3(text)) == text


@settings(max_examples=300)
@given(st.text(st.sampled_from(LOWER_LETTERS + UPPER_LETTERS + list(ASCII_TEXT))))
def test_vni_round_trip(text: str) -> None:
    assert vni_to_unicode(unicode_to_vni(text)) == text
    assert decode_legacy(unicode_to_vni(text), "VNI-Times")[0] == text


@settings(max_examples=300)
@given(st.text(), st.sampled_from(VIETNAMESE_ONLY), st.text(), st.sampled_from(FONTS))
def test_decode_legacy_leaves_real_vietnamese_alone(
    before: str, letter: str, after: str, font: str | None
) -> None:
    text = before + letter + after
    assert decode_legacy(text, font) == (text, None)
    assert not looks_like_tcvn3(text)
    assert not looks_like_vni(text)


@given(st.text(st.sampled_from(ASCII_TEXT)))
def test_looks_like_false_on_any_ascii(text: str) -> None:
    assert not looks_like_tcvn3(text)
    assert not looks_like_vni(text)
    assert decode_legacy(text) == (text, None)


@pytest.mark.parametrize("xml, marked", [
    (b'<sheetData><row><c r="A1"><f>1+1</f><v>2</v></c></row></sheetData>', True),
    (b'<sheetData><row><c r="A2"><f t="shared" si="0"/></c></row></sheetData>', True),
    (b'<sheetData><row><c r="A1" t="e"><v>#REF!</v></c></row></sheetData>', True),
    (b'<sheetData><row><c r="A1" t="s"><v>0</v></c></row></sheetData>'
     b'<dataValidations><dataValidation><formula1>"a,b"</formula1></dataValidation>'
     b'</dataValidations>', False),
])
def test_only_cell_formulas_and_error_values_send_a_sheet_to_the_xml_parser(xml, marked):
    from thidua.read.xlsx_parts import has_cell_marks

    assert has_cell_marks(xml) is marked

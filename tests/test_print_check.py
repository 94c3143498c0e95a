"""The PDF layout checks themselves, on small PDFs written here by hand (Helvetica, one of
the fonts every PDF reader knows, so no font file is needed)."""

from __future__ import annotations

import pytest

import print_check
from print_check import clipped_titles, overlapping_words, read_pdf, wide_pages

pytestmark = pytest.mark.skipif(print_check.tools_missing() is not None,
                                reason=f"{print_check.tools_missing()}: install poppler-utils")

LANDSCAPE = (841.9, 595.3)


def pdf(path, pages):
    """A PDF of `pages`: each (width, height, [(x, y from the top, size, text)])."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", None,
               "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for width, height, texts in pages:
        stream = "".join(f"BT /F1 {size} Tf {x} {height - y - size} Td ({text}) Tj ET\n"
                         for x, y, size, text in texts)
        objects.append(f"<< /Length {len(stream)} >>\nstream\n{stream}endstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
                       f"/Resources << /Font << /F1 3 0 R >> >> /Contents {len(objects)} 0 R >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    body, offsets = "%PDF-1.4\n", []
    for i, obj in enumerate(objects, start=1):
        offsets.append(len(body))
        body += f"{i} 0 obj\n{obj}\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    body += "".join(f"{o:010d} 00000 n \n" for o in offsets)
    body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    path.write_bytes(body.encode("latin-1"))
    return path


def test_reads_pages_lines_and_word_boxes(tmp_path):
    doc = pdf(tmp_path / "a.pdf", [(*LANDSCAPE, [(100, 50, 12, "Hello world")]),
                                   (595.3, 841.9, [(60, 60, 10, "Second")])])
    first, second = read_pdf(doc)
    assert (first.number, second.number) == (1, 2)
    assert first.text_lines() == ["Hello world"]
    hello = first.words[0]
    # the word starts where it was drawn, and Helvetica's "Hello" at 12 pt is 27.3 pt
    # wide (H 722 + e 556 + l 222 + l 222 + o 556 = 2278 thousandths of the size)
    assert hello.x0 == pytest.approx(100, abs=0.5)
    assert hello.x1 - hello.x0 == pytest.approx(27.3, abs=0.5)
    assert second.width == pytest.approx(595.3)


def test_words_printed_over_each_other_are_paired(tmp_path):
    doc = pdf(tmp_path / "o.pdf", [(*LANDSCAPE, [
        (100, 100, 12, "Overdue"), (104, 103, 12, "Tasks"),   # 3 pt lower: overprinted
        (100, 200, 12, "First line"), (100, 214, 12, "Next line"),  # 14 pt apart: clean
        (300, 300, 12, "Side"), (330, 300, 12, "by"),  # side by side on one line
    ])])
    pairs = overlapping_words(doc)
    assert {(a.text, b.text) for a, b in pairs} == {("Overdue", "Tasks")}


def test_a_clean_page_has_no_overlap(tmp_path):
    rows = [(40, 40 + 16 * i, 12, f"Row {i} of a table that is clean") for i in range(30)]
    assert overlapping_words(pdf(tmp_path / "c.pdf", [(*LANDSCAPE, rows)])) == []


def test_pages_wider_than_the_paper_or_with_words_past_the_edge(tmp_path):
    doc = pdf(tmp_path / "w.pdf", [
        (*LANDSCAPE, [(40, 40, 12, "fits")]),
        (1190.6, 841.9, [(40, 40, 12, "A3 page")]),           # larger than A4
        (*LANDSCAPE, [(820, 40, 12, "Overflowing text")]),    # runs past the right edge
        (595.3, 841.9, [(40, 40, 12, "portrait A4 fits")]),
    ])
    assert wide_pages(doc) == [2, 3]
    assert wide_pages(doc, paper=(841.9, 1190.6)) == [3]


def test_titles_cut_short_or_broken_over_lines_are_clipped(tmp_path):
    doc = pdf(tmp_path / "t.pdf", [(*LANDSCAPE, [
        (40, 40, 14, "PHU LUC I"),
        (40, 60, 12, "De nghi khen thu"),                 # the end of the title is cut
        (40, 80, 12, "Danh sach   don vi"),               # spacing does not matter
        (40, 100, 12, "Kem theo"), (40, 114, 12, "Bao cao so"),  # broken over two lines
    ])])
    titles = ["PHU LUC I", "De nghi khen thuong", "Danh sach don vi", "Kem theo Bao cao so"]
    assert clipped_titles(doc, titles) == ["De nghi khen thuong", "Kem theo Bao cao so"]


def test_page_png(tmp_path):
    doc = pdf(tmp_path / "p.pdf", [(*LANDSCAPE, [(40, 40, 12, "one")]),
                                   (*LANDSCAPE, [(40, 40, 12, "two")])])
    png = print_check.page_png(doc, 2, tmp_path / "page.png", dpi=36)
    assert png == tmp_path / "page.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # 841.9 x 595.3 pt at 36 dpi: 421 x 298 pixels (PNG width, height at bytes 16-24)
    data = png.read_bytes()
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (
        421, 298)

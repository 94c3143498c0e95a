"""Layout checks of a printed document (a PDF), from the word boxes poppler's
`pdftotext -bbox-layout` reports: words printed over each other, pages wider than the
paper or words past its edge, titles cut short. Works for any PDF (a report workbook or a
Word document printed by LibreOffice).

    read_pdf(path)                -> [Page]         every page with its lines of words
    overlapping_words(path)       -> [(Word, Word)] pairs of words printed over each other
    wide_pages(path, paper)       -> [int]          pages wider than the paper, or with a
                                                    word cut at the page's edge
    clipped_titles(path, titles)  -> [str]          titles not printed whole on one line
    page_png(path, page, target)  -> Path           one page as a PNG (for documentation)

Pages are numbered from 1; lengths are PDF points (1/72 inch)."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

#: A4 in points, (short side, long side): a page may be portrait or landscape.
A4 = (595.3, 841.9)
_NS = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def __str__(self) -> str:
        return f"p{self.page} '{self.text}' ({self.x0:.0f},{self.y0:.0f})"


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[list[Word]] = field(default_factory=list)

    @property
    def words(self) -> list[Word]:
        return [w for line in self.lines for w in line]

    def text_lines(self) -> list[str]:
        return [_normal(" ".join(w.text for w in line)) for line in self.lines]


def tools_missing() -> str | None:
    """Why these checks cannot run here (pdftotext absent), or None."""
    if shutil.which("pdftotext") is None:
        return "pdftotext (poppler-utils) is not installed"
    return None


def read_pdf(path: str | Path) -> list[Page]:
    """Every page of the PDF with its lines of words and their boxes."""
    return list(_read(str(Path(path).resolve()), Path(path).stat().st_mtime_ns))


@cache
def _read(path: str, _mtime: int) -> tuple[Page, ...]:
    out = subprocess.run(["pdftotext", "-bbox-layout", path, "-"], capture_output=True,
                         check=True).stdout
    root = ET.fromstring(out)
    pages = []
    for number, page in enumerate(root.iter(f"{_NS}page"), start=1):
        current = Page(number, float(page.get("width")), float(page.get("height")))
        for line in page.iter(f"{_NS}line"):
            words = [Word(number, _normal(w.text or ""), *(float(w.get(k)) for k in (
                "xMin", "yMin", "xMax", "yMax"))) for w in line.iter(f"{_NS}word")]
            if words:
                current.lines.append(words)
        pages.append(current)
    return tuple(pages)


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _overlap(a: Word, b: Word, share: float) -> bool:
    """Boxes cross by more than a hair across, and by more than `share` of the lower
    word's height up and down (a font's boxes are taller than its line spacing, so
    neighbouring lines always touch a little)."""
    across = min(a.x1, b.x1) - max(a.x0, b.x0)
    down = min(a.y1, b.y1) - max(a.y0, b.y0)
    return across > 0.5 and down > share * min(a.y1 - a.y0, b.y1 - b.y0)


def overlapping_words(path: str | Path, share: float = 0.3) -> list[tuple[Word, Word]]:
    """Pairs of words on the same page whose boxes cross: text printed over text."""
    found = []
    for page in read_pdf(path):
        words = sorted(page.words, key=lambda w: w.x0)
        for i, a in enumerate(words):
            for b in words[i + 1:]:
                if b.x0 >= a.x1:
                    break
                if _overlap(a, b, share):
                    found.append((a, b))
    return found


def wide_pages(path: str | Path, paper: tuple[float, float] = A4,
               tolerance: float = 1.0) -> list[int]:
    """Pages larger than the paper (either way round), or holding a word that reaches the
    page's left or right edge (a reader cuts a word there): content wider than the paper."""
    short, long = sorted(paper)
    bad = []
    for page in read_pdf(path):
        w, h = page.width, page.height
        larger = (min(w, h) > short + tolerance) or (max(w, h) > long + tolerance)
        outside = any(word.x0 <= tolerance or word.x1 >= w - tolerance
                      for word in page.words)
        if larger or outside:
            bad.append(page.number)
    return bad


def clipped_titles(path: str | Path, titles: Iterable[str]) -> list[str]:
    """The titles that no line of the document holds whole (cut by a neighbouring cell,
    the page edge, or missing)."""
    lines = [text for page in read_pdf(path) for text in page.text_lines()]
    return [title for title in titles
            if not any(_normal(title) in line for line in lines)]


def page_png(path: str | Path, page: int, target: str | Path, dpi: int = 80) -> Path:
    """One page of the PDF as a PNG at target (pdftoppm)."""
    target = Path(target)
    stem = target.with_suffix("")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                    "-singlefile", str(path), str(stem)], check=True, capture_output=True)
    return stem.with_suffix(".png")

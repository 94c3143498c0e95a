"""Plan documents in: .docx (paragraphs with Word's automatic numbering, and tables), .pdf
with a text layer, .txt and .md, as the Blocks core.drafting reads.

Word keeps automatic numbering ("2.2.1.", "a)") out of the paragraph's text: it is computed
here from the paragraph's numbering properties (its own or its style's) and
word/numbering.xml (format, level text, start values, overrides). PDF text is normalised to
NFC, lines that repeat on every page (headers, page numbers) are dropped, and lines broken
inside a sentence or a number ("6.\\n393") are joined again."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

from thidua.core import errors, labels
from thidua.core.drafting import Block, annex_columns
from thidua.core.parsing.text import normalize_text
from thidua.core.plan_text import NEW_PARAGRAPH

SUFFIXES = (".docx", ".pdf", ".txt", ".md")
_MAX_BYTES = 50 * 1024 * 1024


def check_plan_document(path: str | Path) -> Path:
    """path, if it is a plan document this module reads (else the ThiduaError saying why)."""
    path = Path(path)
    if not path.exists():
        raise errors.FileMissing(path=path)
    if not path.is_file():
        raise errors.NotAFile(path=path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise errors.PlanDocumentFormat(path=path, suffix=suffix or path.name)
    return path


def read_plan_document(path: str | Path) -> list[Block]:
    """The blocks of a plan document. Raises a ThiduaError for what cannot be read."""
    path = check_plan_document(path)
    suffix = path.suffix.lower()
    if path.stat().st_size > _MAX_BYTES:
        raise errors.TooLarge(path=path, size=path.stat().st_size, limit=_MAX_BYTES)
    try:
        if suffix == ".docx":
            blocks = _docx(path)
        elif suffix == ".pdf":
            blocks = _pdf(path)
        else:
            blocks = _text(path.read_bytes().decode("utf-8-sig", errors="replace"))
    except errors.ThiduaError:
        raise
    except OSError as exc:
        raise errors.NotReadable(path=path, reason=exc.strerror or exc) from exc
    except Exception as exc:  # a third-party reader that fails on this file
        raise errors.CorruptWorkbook(path=path, reason=type(exc).__name__) from exc
    if not any(b.text.strip() for b in blocks):
        raise errors.EmptyPlanDocument(path=path)
    return blocks


# ---------------------------------------------------------------------------
# Plain text and Markdown.
# ---------------------------------------------------------------------------

_MD_HEADING = re.compile(r"^#{1,6}\s+")


_MD_RULE = re.compile(r"^\|?[\s:|-]+\|?$")


def _text(text: str) -> list[Block]:
    """Lines as paragraphs; a Markdown table ("| STT | Nội dung | … |") as one table."""
    blocks: list[Block] = []
    table: list[tuple[int, tuple[str, ...]]] = []
    tables = 0

    def flush() -> None:
        nonlocal tables
        if not table:
            return
        tables += 1
        rows = [cells for _, cells in table]
        annex = annex_columns(rows[:3]) is not None
        for r, (n, cells) in enumerate(table, start=1):
            source = labels.DRAFT_TABLE_ROW.format(table=tables, row=r)
            if annex:
                blocks.append(Block(" | ".join(c for c in cells if c), source, cells=cells,
                                    table=tables))
            else:
                blocks.extend(Block(c, labels.DRAFT_PARAGRAPH.format(n=n)) for c in cells if c)
        table.clear()

    for n, raw in enumerate(text.splitlines(), start=1):
        line = normalize_text(_MD_HEADING.sub("", raw))
        if line.startswith("|"):
            if not _MD_RULE.match(line):
                table.append((n, tuple(normalize_text(c) for c in line.strip("|").split("|"))))
            continue
        flush()
        if line:
            blocks.append(Block(line, labels.DRAFT_PARAGRAPH.format(n=n)))
    flush()
    return blocks


# ---------------------------------------------------------------------------
# Word.
# ---------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _format(n: int, fmt: str) -> str:
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerRoman":
        return _roman(n)
    if fmt == "upperRoman":
        return _roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class _Numbering:
    """word/numbering.xml: each num's levels (format, level text, start) and counters."""

    def __init__(self, document) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for a in root.iter(f"{_W}abstractNum"):
            levels = {}
            for lvl in a.iter(f"{_W}lvl"):
                levels[int(lvl.get(f"{_W}ilvl"))] = self._level(lvl, ("decimal", "", 1))
            abstract[a.get(f"{_W}abstractNumId")] = levels
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            levels = dict(abstract.get(ref.get(f"{_W}val") if ref is not None else "", {}))
            for override in num.iter(f"{_W}lvlOverride"):
                ilvl = int(override.get(f"{_W}ilvl"))
                base = levels.get(ilvl, ("decimal", "", 1))
                start = override.find(f"{_W}startOverride")
                if start is not None:
                    base = (base[0], base[1], int(start.get(f"{_W}val")))
                lvl = override.find(f"{_W}lvl")
                if lvl is not None:
                    base = self._level(lvl, base)
                levels[ilvl] = base
            self.levels[num.get(f"{_W}numId")] = levels

    @staticmethod
    def _level(lvl, base: tuple[str, str, int]) -> tuple[str, str, int]:
        def val(tag: str) -> str | None:
            node = lvl.find(f"{_W}{tag}")
            return None if node is None else node.get(f"{_W}val")

        start = val("start")
        return (val("numFmt") or base[0], val("lvlText") if val("lvlText") is not None
                else base[1], int(start) if start is not None else base[2])

    def label(self, num_id: str, ilvl: int) -> str | None:
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return None
        fmt, text, _ = levels[ilvl]
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt in ("bullet", "none"):
            return "-" if fmt == "bullet" else None

        def fill(m: re.Match[str]) -> str:
            level = int(m[1]) - 1
            n = counters.get(level, levels.get(level, ("decimal", "", 1))[2])
            level_fmt = levels.get(level, ("decimal", "", 1))[0]
            return _format(n, "decimal" if level != ilvl and level_fmt.endswith("Roman")
                           and fmt == "decimal" else level_fmt)

        return re.sub(r"%([1-9])", fill, text).strip() or None


def _num_props(paragraph) -> tuple[str, int] | None:
    """(numId, ilvl) of a paragraph, from its own properties or its style's."""
    for ppr in (paragraph._p.pPr, _style_ppr(paragraph)):
        if ppr is None:
            continue
        num_pr = ppr.find(f"{_W}numPr")
        if num_pr is None:
            continue
        num_id = num_pr.find(f"{_W}numId")
        ilvl = num_pr.find(f"{_W}ilvl")
        if num_id is not None and num_id.get(f"{_W}val") != "0":
            return num_id.get(f"{_W}val"), int(ilvl.get(f"{_W}val")) if ilvl is not None else 0
    return None


def _style_ppr(paragraph):
    style = paragraph.style
    while style is not None:
        ppr = style.element.pPr
        if ppr is not None and ppr.find(f"{_W}numPr") is not None:
            return ppr
        style = style.base_style
    return None


def _docx(path: Path) -> list[Block]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    numbering = _Numbering(document)
    blocks: list[Block] = []
    paragraph_no = table_no = 0
    for child in document.element.body.iterchildren():
        if child.tag == f"{_W}p":
            paragraph = Paragraph(child, document)
            text = normalize_text(paragraph.text)
            props = _num_props(paragraph)
            number = numbering.label(*props) if props else None
            if not text:
                continue
            paragraph_no += 1
            blocks.append(Block(text, labels.DRAFT_PARAGRAPH.format(n=paragraph_no),
                                number=number))
        elif child.tag == f"{_W}tbl":
            table_no += 1
            blocks.extend(_table(Table(child, document), table_no))
    return blocks


def _table(table, table_no: int) -> list[Block]:
    """An annexed biểu chi tiết as rows of cells; any other table (the letterhead with Số and
    the date, Nơi nhận beside the signature) as the paragraphs of its cells."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:  # a merged cell repeats: keep its text once per row
            cells.append((cell, id(cell._tc) in seen))
            seen.add(id(cell._tc))
        rows.append(cells)
    texts = [tuple("" if repeat else normalize_text(c.text) for c, repeat in row) for row in rows]
    if annex_columns(texts[:3]) is not None:
        return [Block(" | ".join(c for c in cells if c),
                      labels.DRAFT_TABLE_ROW.format(table=table_no, row=r),
                      cells=cells, table=table_no)
                for r, cells in enumerate(texts, start=1) if any(cells)]
    blocks = []
    for r, row in enumerate(rows, start=1):
        for cell, repeat in row:
            if repeat:
                continue
            for paragraph in cell.paragraphs:  # a line break inside a cell starts a line
                for line in paragraph.text.splitlines():
                    text = normalize_text(line)
                    if text:
                        blocks.append(Block(text, labels.DRAFT_TABLE_ROW.format(
                            table=table_no, row=r)))
    return blocks


# ---------------------------------------------------------------------------
# PDF.
# ---------------------------------------------------------------------------

_ITEM = re.compile(r"^[-+•–]?\s*\(([0-9]{1,3})\)")
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?[0-9]{1,3}(?:\s*-)?$|^(?:trang|page)\s*[0-9]+", re.I)


def _pdf(path: Path) -> list[Block]:
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    pages = []
    for page in reader.pages:
        text = unicodedata.normalize("NFC", page.extract_text() or "")
        pages.append([normalize_text(line) for line in text.splitlines()])
    if not any(line for lines in pages for line in lines):
        raise errors.NoTextLayer(path=path)
    edges = [[line for line in lines if line] for lines in pages]
    repeated = Counter(line for lines in edges for line in {*lines[:2], *lines[-2:]})
    running = {line for line, n in repeated.items()
               if len(pages) > 2 and n >= max(3, len(pages) // 2 + 1)}
    blocks: list[Block] = []
    current: list[str] = []
    where = ""
    last_item = 0

    def flush() -> None:
        if current:
            blocks.append(Block(_join(current), where))
            current.clear()

    for page_no, lines in enumerate(pages, start=1):
        lengths = sorted(len(line) for line in lines if line)
        full = lengths[int(len(lengths) * 0.9)] if lengths else 0
        for line_no, line in enumerate(lines, start=1):
            if not line or line in running or _PAGE_NUMBER.match(line):
                continue
            # a line much shorter than a full one ended its paragraph
            last = current[-1] if current else ""
            ended = len(last) < 0.5 * full or line.isupper() != last.isupper() or (
                len(last) < 0.7 * full and last.endswith((".", ":", ";", "!", "?")))
            new = NEW_PARAGRAPH.match(line)
            if new and (item := _ITEM.match(line)):  # "(1)" of a list inside item (13)
                new = None if int(item[1]) != last_item + 1 else new
                last_item = int(item[1]) if new else last_item
            if not current or new or ended:
                flush()
                where = labels.DRAFT_PAGE.format(page=page_no, line=line_no)
            current.append(line)
    flush()
    return blocks


def _join(lines: list[str]) -> str:
    """Lines of one paragraph as one text; a number broken after its separator ("6." then
    "393") is joined without a space."""
    text = lines[0]
    for line in lines[1:]:
        if re.search(r"[0-9][.,/]$", text) and line[:1].isdigit():
            text += line
        else:
            text += " " + line
    return text

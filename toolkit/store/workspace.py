"""The working folder of one plan: the canonical workbook and the folders beside it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from thidua.core import errors, labels


@dataclass(frozen=True)
class Workspace:
    root: Path
    workbook_name: str = labels.WORKBOOK_FILE

    @property
    def workbook(self) -> Path:
        return self.root / self.workbook_name

    @property
    def inbox(self) -> Path:
        return self.root / labels.INBOX_DIR


def init_workspace(folder: str | Path, sample: bool | str = False,
                   writer: Callable[[Path], object] | None = None) -> Workspace:
    """Create a working folder with a canonical workbook (template or sample) and an inbox.
    sample: True (or a false value: none) for the default sample, or the number of a
    bundled sample ("001"–"003"). writer: writes the workbook at the path given instead (a
    draft from a plan document). The Excel button's control workbook is added apart from
    it (write/control.py)."""
    from thidua.write.canonical import (
        DEFAULT_SAMPLE,
        sample_content,
        template_content,
        write_canonical,
    )

    seed = (DEFAULT_SAMPLE if sample is True else sample) or None
    content = sample_content(seed) if seed else None  # an unknown sample stops here
    root = Path(folder)
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise errors.FolderNotEmpty(path=root)
    ws = Workspace(root)
    try:
        ws.inbox.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise errors.CannotWrite(path=root, reason=exc.strerror or exc) from exc
    if writer is not None:
        writer(ws.workbook)
    else:
        write_canonical(ws.workbook, content if content is not None else template_content())
    return ws


def fresh_folder(base: str | Path) -> Path:
    """base if it is missing or empty, else base-2, base-3 ... (never reuses a full folder)."""
    base = Path(base)
    candidate, n = base, 1
    while candidate.exists() and (not candidate.is_dir() or any(candidate.iterdir())):
        n += 1
        candidate = base.with_name(f"{base.name}-{n}")
    return candidate


def _same(a: Path, b: Path) -> bool:
    """The same file, by path or (hard links, case-insensitive disks) by identity."""
    if a == b:
        return True
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents or any(
        _same(parent, folder) for parent in (path, *path.parents) if parent.exists())


def guard_output(out: str | Path, workbook: str | Path, inputs: tuple[str | Path, ...] = (),
                 folder: bool = False) -> Path:
    """out, checked: never the canonical workbook, an input of the command, or anything in
    the inbox or the archive beside the workbook; a file output is not a folder."""
    from thidua.store.archive import ARCHIVE_DIR

    target = Path(out).expanduser().resolve()
    book = Path(workbook).expanduser().resolve()
    if _same(target, book):
        raise errors.ProtectedOutput(path=out, what=labels.PROTECTED_OUT["workbook"])
    for source in inputs:
        if _same(target, Path(source).expanduser().resolve()):
            raise errors.ProtectedOutput(path=out, what=labels.PROTECTED_OUT["input"])
    for key, name in (("inbox", labels.INBOX_DIR), ("archive", ARCHIVE_DIR)):
        if _within(target, book.parent / name):
            raise errors.ProtectedOutput(path=out, what=labels.PROTECTED_OUT[key])
    if not folder and target.is_dir():
        raise errors.OutputIsFolder(path=out)
    return Path(out)

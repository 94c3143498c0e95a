"""What `collect` receives: files, folders (recursive) and .zip archives, expanded safely.

Every file given or found in a folder is received, whatever its name or size, so it is
archived and listed with a status (a file that is no workbook is rejected by the reader,
with the reason); only Excel's lock files and hidden files are passed over, and listed.
A name without a known extension ("bao-cao", "x.xlsx.") is recognised by its content.
Archives are opened in memory with limits on member count, size and compression ratio;
members with absolute or `..` paths are refused. Nothing is ever extracted to disk."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from thidua.core import errors
from thidua.core.issues import Issue, make_issue

SPREADSHEETS = frozenset({".xlsx", ".xlsm", ".xls", ".xlsb", ".ods"})
ARCHIVES = frozenset({".zip"})
#: Archive formats we cannot open: kept and rejected with advice to resend as .zip.
OTHER_ARCHIVES = frozenset({".rar", ".7z", ".gz", ".tgz", ".tar", ".bz2", ".xz", ".zipx"})
#: A return larger than this is archived and rejected without being read.
MAX_FILE_BYTES = 50 * 2**20
#: A file larger than this is not even archived (no return comes near it); said so.
MAX_KEEP_BYTES = 1024 * 2**20
MAX_MEMBERS = 5000
MAX_ARCHIVE_BYTES = 1024 * 2**20
MAX_RATIO = 200


@dataclass
class Received:
    """One file as received: its bytes, and how a user would name it."""

    name: str
    data: bytes
    ext: str
    origin: str  # the path on disk it came from (the archive, for a member)
    is_archive: bool = False


@dataclass
class Gathered:
    files: list[Received] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # lock, hidden, non-workbook members


def extension(name: str, data: bytes) -> str:
    """The extension a received file is kept and read under: its own when known, else
    what its content is (a workbook saved without an extension, or as "x.xlsx.")."""
    ext = PurePosixPath(name.rstrip(". ")).suffix.lower()
    if ext in SPREADSHEETS | ARCHIVES | OTHER_ARCHIVES:
        return ext
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
            return ext
        if "xl/workbook.xml" in names:
            return ".xlsm" if "xl/vbaProject.bin" in names else ".xlsx"
        if "xl/workbook.bin" in names:
            return ".xlsb"
        if "content.xml" in names:
            return ".ods"
        return ".zip"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return ".xls"
    return ext


def _passed_over(name: str) -> bool:
    """Excel's lock files (~$…) and hidden files: never a return."""
    return any(part.startswith((".", "~$")) for part in PurePosixPath(name).parts)


def _member_name(info: zipfile.ZipInfo) -> str:
    """Member names written without the UTF-8 flag are often UTF-8 anyway (or cp437)."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _unsafe(name: str) -> bool:
    path = PurePosixPath(name.replace("\\", "/"))
    return path.is_absolute() or ".." in path.parts or (len(name) > 1 and name[1] == ":")


def _expand_zip(item: Received, out: Gathered) -> None:
    try:
        zf = zipfile.ZipFile(io.BytesIO(item.data))
        members = [m for m in zf.infolist() if not m.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        out.issues.append(make_issue("bad-archive", file=item.name, value=item.name,
                                     reason=str(exc)[:120]))
        return
    if len(members) > MAX_MEMBERS:
        out.issues.append(make_issue("archive-too-large", file=item.name, value=item.name,
                                     reason=f"{len(members)} > {MAX_MEMBERS}"))
        return
    total = 0
    with zf:
        for info in members:
            name = _member_name(info)
            shown = f"{item.name}/{name}"
            ext = PurePosixPath(name).suffix.lower()
            if _unsafe(name):
                out.issues.append(make_issue("unsafe-path", file=item.name, value=name))
                continue
            if info.flag_bits & 0x1:
                out.issues.append(make_issue("encrypted-archive", file=item.name, value=shown))
                continue
            if ext in ARCHIVES:
                out.issues.append(make_issue("nested-archive", file=item.name, value=shown))
                continue
            if ext not in SPREADSHEETS:
                out.ignored.append(shown)
                continue
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MAX_FILE_BYTES or ratio > MAX_RATIO:
                out.issues.append(make_issue("file-too-large", file=item.name, value=shown,
                                             reason=f"{info.file_size} B, x{ratio:.0f}"))
                continue
            try:
                with zf.open(info) as stream:
                    data = stream.read(MAX_FILE_BYTES + 1)  # never trust the header's size
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError,
                    RuntimeError) as exc:
                out.issues.append(make_issue("bad-archive", file=item.name, value=shown,
                                             reason=str(exc)[:120]))
                continue
            total += len(data)
            if len(data) > MAX_FILE_BYTES:
                out.issues.append(make_issue("file-too-large", file=item.name, value=shown,
                                             reason=f"> {MAX_FILE_BYTES} B"))
                continue
            if total > MAX_ARCHIVE_BYTES:
                out.issues.append(make_issue("archive-too-large", file=item.name,
                                             value=item.name, reason=f"> {MAX_ARCHIVE_BYTES} B"))
                return
            out.files.append(Received(shown, data, ext, item.origin))


def _walk(path: Path, skip: set[Path]) -> Iterable[tuple[Path, str]]:
    """(file, name relative to the folder given) under path, sorted, without the toolkit's
    own folders."""
    for child in sorted(path.rglob("*")):
        if any(child.is_relative_to(s) for s in skip) or not child.is_file():
            continue
        yield child, child.relative_to(path).as_posix()


def gather(sources: Iterable[str | Path], skip: Iterable[Path] = ()) -> Gathered:
    """Expand sources into received files. A missing source stops the run (exit 2)."""
    out = Gathered()
    skip_dirs = {Path(s).resolve() for s in skip}
    paths: list[tuple[Path, str]] = []
    for source in sources:
        source = Path(source)
        if not source.exists():
            raise errors.FileMissing(path=source)
        if source.is_dir():
            paths.extend(_walk(source.resolve(), skip_dirs))
        else:
            paths.append((source, source.name))
    for path, name in paths:
        if _passed_over(name):
            out.ignored.append(name)
            continue
        try:
            size = path.stat().st_size
            if size > MAX_KEEP_BYTES:
                out.issues.append(make_issue("file-not-kept", file=name, value=name,
                                             reason=f"{size // 2**20} MiB"))
                continue
            data = path.read_bytes()
        except OSError as exc:
            out.issues.append(make_issue("unreadable-file", file=name,
                                         reason=exc.strerror or str(exc)))
            continue
        ext = extension(name, data)
        item = Received(name, data, ext, str(path), is_archive=ext in ARCHIVES)
        out.files.append(item)
        if item.is_archive:
            _expand_zip(item, out)
    return out

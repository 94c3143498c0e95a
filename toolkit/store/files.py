"""Writing files so that a crash never leaves a half-written file under the final name."""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from thidua.core import errors

STALE_AFTER_S = 3600
#: Every draft we write is named .<name>.<pid>.<kind> (kind: tmp, or a ledger being
#: rebuilt and SQLite's companions of either), so a later run can tell whose it is.
_DRAFT = re.compile(r"^\..+\.(\d+)\.(tmp|rebuild)(-journal|-wal|-shm)?$")
_cleaned: set[Path] = set()  # folders whose stale drafts this process removed already


def owner_alive(pid: int, path: Path) -> bool:
    """Whether the process that made a temporary file still runs: by its pid on POSIX;
    elsewhere (Windows) only age tells, and a draft an hour old belongs to no run."""
    if os.name == "posix" and pid > 0:
        try:
            os.kill(pid, 0)  # signal 0: existence check only
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True
    try:
        return time.time() - path.stat().st_mtime < STALE_AFTER_S
    except OSError:
        return False


def pid_temp(target: Path, kind: str = "tmp") -> Path:
    """The draft name .<name>.<pid>.<kind> beside target, under which this process writes
    a file (every workbook, the archive's files and receipts, a new ledger) before
    renaming it."""
    return target.with_name(f".{target.name}.{os.getpid()}.{kind}")


def clean_stale_drafts(folder: Path) -> int:
    """Remove the drafts a killed run left in folder (never a live run's): the one
    cleaner of every draft pid_temp names."""
    removed = 0
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        found = _DRAFT.match(entry.name)
        if found and not owner_alive(int(found.group(1)), Path(entry.path)):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed += 1
    return removed


def _umask() -> int:
    """The process's umask, read without changing it where the system tells it."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # elsewhere: read it by setting it, and put it back at once
    os.umask(mask)
    return mask


def final_mode(target: Path) -> int:
    """The permissions a file we write should get: an overwritten file keeps its own; a
    new one gets what the umask gives any new file (a draft made 0600 would keep
    colleagues on a shared folder from opening the plan or the report)."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        return 0o666 & ~_umask()


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside target; on success fsync it, give it the mode of a
    new file (or of the file it replaces) and rename it over target."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        folder = target.parent.resolve()
        if folder not in _cleaned:
            _cleaned.add(folder)
            clean_stale_drafts(folder)
        tmp_path = pid_temp(target)
        tmp_path.unlink(missing_ok=True)  # this process's own draft of a failed write
    except OSError as exc:
        raise errors.CannotWrite(path=target, reason=exc.strerror or exc) from exc
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp_path, final_mode(target))
        os.replace(tmp_path, target)
    except OSError as exc:
        raise errors.CannotWrite(path=target, reason=exc.strerror or exc) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()


def write_or_beside(path: Path, write: Callable[[Path], Path], tries: int = 50) -> Path:
    """write(path), or write(path-2), path-3 ... while the one before exists and cannot be
    replaced (open in Excel or a PDF viewer on Windows); the name written is returned."""
    target = path
    for n in range(2, tries + 2):
        try:
            return write(target)
        except errors.CannotWrite:
            if not target.exists():
                raise
            target = path.with_name(f"{path.stem}-{n}{path.suffix}")
    raise errors.CannotWrite(path=path, reason="locked")

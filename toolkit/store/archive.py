"""The archive of received files beside the workbook.

luu-tru/tep/<sha256>.<ext> holds every received file unchanged, nhan-*.jsonl files the
receipts (name, origin, time received) and chot-*.jsonl one file per frozen round (the
ledger's rounds, again), so `rebuild` can recreate the ledger, rounds included. Files are
written to a temporary name and renamed, so an interrupted run leaves either nothing or
the whole file. The names here are the file format: never rename them."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from thidua.core import errors
from thidua.store.files import atomic_path, clean_stale_drafts, pid_temp

ARCHIVE_DIR = "luu-tru"
FILES_DIR = "tep"
LEDGER_FILE = "so-nhan.sqlite"
#: Held (an advisory lock of the system) by every run that writes the ledger or the
#: archive: collect, rebuild, report --chot. SQLite's own lock covers one transaction;
#: this one covers a whole run, so a rebuild never replaces the ledger under a collect.
LOCK_FILE = ".khoa-ghi"


@dataclass(frozen=True)
class Problem:
    """An archived file that is missing (a receipt or the ledger names it) or whose
    content no longer hashes to its name."""

    kind: str  # missing | altered
    sha256: str
    name: str  # the name it was received under
    file: str  # its name in the archive


@dataclass
class Verified:
    """The archive read back: the files whose content matches their names (path, receipt,
    content), and what is missing or altered."""

    items: list[tuple[Path, dict[str, object], bytes]]
    problems: list[Problem]


class Archive:
    """The archive beside a canonical workbook: tep/<sha256>.<ext> for every received file,
    and one receipts file per batch (tep/nhan-*.jsonl: name, origin, time received).

    Files are staged under temporary names, made durable with one sync, then renamed, so
    a batch costs one sync instead of one per file and never leaves a partial file under a
    final name."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._staged: list[tuple[Path, Path]] = []
        self._flushed = 0  # how many of the staged files are known durable
        self._staged_names: set[str] = set()
        self._receipts: list[dict[str, object]] = []

    @classmethod
    def beside(cls, workbook: str | Path) -> Archive:
        return cls(Path(workbook).resolve().parent / ARCHIVE_DIR)

    @property
    def files(self) -> Path:
        return self.root / FILES_DIR

    @property
    def ledger(self) -> Path:
        return self.root / LEDGER_FILE

    def file_path(self, digest: str, ext: str) -> Path:
        return self.files / f"{digest}{ext}"

    def stage(self, digest: str, ext: str, data: bytes, receipt: dict[str, object] | None,
              repair: bool = False) -> None:
        """Write a received file under a temporary name (once per content), with its
        receipt (None: it has one). repair: the archived copy is missing or altered,
        write it again."""
        target = self.file_path(digest, ext)
        if receipt is not None:
            self._receipts.append({"sha256": digest, **receipt})
        if target.name in self._staged_names or (target.exists() and not repair):
            return
        tmp = pid_temp(target)
        try:
            if not self._staged:  # the folder is made once per batch, not once per file
                self.files.mkdir(parents=True, exist_ok=True)
            with open(tmp, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise errors.CannotWrite(path=target, reason=exc.strerror or exc) from exc
        self._staged.append((tmp, target))
        self._staged_names.add(target.name)

    def flush(self) -> None:
        """Make the files staged so far durable (a second thread may do this while the
        batch is still being read; commit then has only names to give)."""
        staged = list(self._staged)
        try:
            _sync([tmp for tmp, _ in staged])
        except OSError as exc:
            raise errors.CannotWrite(path=self.files, reason=exc.strerror or exc) from exc
        self._flushed = len(staged)

    def commit(self) -> None:
        """Make staged files durable, give them their final names, then record receipts."""
        if not self._receipts and not self._staged:
            return
        try:
            if self._flushed < len(self._staged):
                _sync([tmp for tmp, _ in self._staged[self._flushed:]])
            for tmp, target in self._staged:
                os.replace(tmp, target)
            if self._receipts:
                self._write_journal("nhan", self._receipts)
        except OSError as exc:
            raise errors.CannotWrite(path=self.files, reason=exc.strerror or exc) from exc
        self._staged.clear()
        self._flushed = 0
        self._staged_names.clear()
        self._receipts.clear()

    def _write_journal(self, prefix: str, rows: list[dict[str, Any]]) -> None:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        lines = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
        self.files.mkdir(parents=True, exist_ok=True)
        _write_atomic(self.files / f"{prefix}-{stamp}-{os.getpid()}.jsonl",
                      lines.encode("utf-8"))

    # -- frozen rounds ---------------------------------------------------------------------

    def record_round(self, frozen: dict[str, Any]) -> None:
        """Keep a frozen round (Ledger.round_rows() spelling) in tep/chot-*.jsonl, written
        whole or not at all, so a lost ledger does not lose its rounds."""
        try:
            self._write_journal("chot", [frozen])
        except OSError as exc:
            raise errors.CannotWrite(path=self.files, reason=exc.strerror or exc) from exc

    def rounds(self) -> list[dict[str, Any]]:
        """Every round kept in tep/chot-*.jsonl, in the order written."""
        return self._read_jsonl("chot-*.jsonl")

    # -- one writer at a time --------------------------------------------------------------

    @contextlib.contextmanager
    def exclusive(self, waiting: Callable[[], None] | None = None) -> Iterator[None]:
        """Hold the writers' lock (luu-tru/.khoa-ghi) for a whole run; waits while another
        run holds it (calling waiting first, so the user knows why nothing happens).
        Released by the system if the process dies."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.root / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as exc:
            raise errors.CannotWrite(path=self.root, reason=exc.strerror or exc) from exc
        try:
            try:
                if not _lock(fd, wait=False):
                    if waiting is not None:
                        waiting()
                    _lock(fd, wait=True)
            except OSError:
                pass  # a share without locks: SQLite's lock per transaction still holds
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def has_files(self) -> bool:
        """Whether any received file was archived (a receipt or a file in tep/)."""
        if not self.files.exists():
            return False
        return any(not p.name.startswith(".")
                   and (p.suffix != ".jsonl" or p.name.startswith("nhan-"))
                   for p in self.files.iterdir())

    def count_received(self) -> int:
        """How many distinct contents the archive received (receipts and files)."""
        shas = {str(r.get("sha256")) for r in self._read_receipts()}
        if self.files.exists():
            shas |= {p.stem for p in self.files.iterdir()
                     if not p.name.startswith(".") and p.suffix != ".jsonl"}
        return len(shas)

    def discard(self) -> None:
        """Remove what was staged and not committed."""
        for tmp, _ in self._staged:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        self._staged.clear()
        self._flushed = 0
        self._staged_names.clear()
        self._receipts.clear()

    def clean_stale(self) -> int:
        """Remove the drafts killed runs left in the archive (never a live run's)."""
        return clean_stale_drafts(self.root) + clean_stale_drafts(self.files)

    def receipted(self) -> set[str]:
        """Contents that already have a receipt (so a re-run writes none again)."""
        if not self.files.exists():
            return set()
        return {str(r.get("sha256")) for r in self._read_receipts()}

    def copy_is_sound(self, digest: str, ext: str) -> bool:
        """Whether the archived copy of a content is there, whole and unchanged."""
        import hashlib

        path = self.file_path(digest, ext)
        if not path.exists():  # the same content received before under another extension
            path = next(iter(sorted(self.files.glob(f"{digest}.*"))), path)
        try:
            data = path.read_bytes()
        except OSError:
            return False
        return hashlib.sha256(data).hexdigest() == digest

    def _read_receipts(self) -> list[dict[str, object]]:
        return self._read_jsonl("nhan-*.jsonl")

    def _read_jsonl(self, pattern: str) -> list[dict[str, Any]]:
        rows = []
        if not self.files.exists():
            return rows
        for log in sorted(self.files.glob(pattern)):
            for line in log.read_text(encoding="utf-8").splitlines():
                try:
                    rows.append(json.loads(line))
                except ValueError:
                    continue  # a torn last line
        return rows

    def verified(self, recorded: dict[str, tuple[str, str]] | None = None) -> Verified:
        """Every archived file read back and checked against the SHA-256 its name gives,
        every receipt (and every file the old ledger records: recorded, sha256 -> (name,
        ext)) checked to have its archived copy. Oldest first, as stored()."""
        import hashlib

        items, problems = [], []
        found = set()
        for path, receipt in self.stored():
            data = path.read_bytes()
            found.add(path.stem)
            name = str(receipt.get("name", path.name))
            if hashlib.sha256(data).hexdigest() != path.stem:
                problems.append(Problem("altered", path.stem, name, path.name))
            else:
                items.append((path, receipt, data))
        expected: dict[str, tuple[str, str]] = {}
        for receipt in self._read_receipts():
            sha = str(receipt.get("sha256", ""))
            if sha and sha not in expected:
                expected[sha] = (str(receipt.get("name", sha)), str(receipt.get("ext", "")))
        for sha, named in (recorded or {}).items():
            expected.setdefault(sha, named)
        for sha, (name, ext) in expected.items():
            if sha not in found:
                problems.append(Problem("missing", sha, name, f"{sha}{ext}"))
        return Verified(items, problems)

    def stored(self) -> list[tuple[Path, dict[str, object]]]:
        """Archived files with their first receipt, oldest first. A file whose receipt was
        lost still counts, named by its content and dated by its modification time."""
        first: dict[str, dict[str, object]] = {}
        for receipt in self._read_receipts():
            key = str(receipt.get("sha256", ""))
            if key and key not in first:
                first[key] = receipt
        items = []
        if not self.files.exists():
            return items
        for path in self.files.iterdir():
            if path.name.startswith(".") or path.suffix == ".jsonl" or not path.is_file():
                continue
            receipt = first.get(path.stem) or {
                "name": path.name, "ext": path.suffix, "received_at": dt.datetime.fromtimestamp(
                    path.stat().st_mtime).astimezone().isoformat(timespec="seconds")}
            items.append((path, receipt))
        items.sort(key=lambda it: (str(it[1].get("received_at", "")), it[0].name))
        return items


@contextlib.contextmanager
def ledger_advice(workbook: str | Path, archive: Archive) -> Iterator[None]:
    """A ledger that cannot be used is said with what repairs it: `thidua rebuild WB` when
    the archive holds the received files, collecting them again when it does not."""
    try:
        yield
    except errors.LedgerUnusable as exc:
        params = {"path": exc.params["path"], "reason": exc.params["reason"],
                  "workbook": workbook}
        if archive.has_files():
            raise errors.LedgerDamaged(**params) from exc
        raise errors.LedgerDamagedNoArchive(**params) from exc


def must_have_ledger(workbook: str | Path, archive: Archive) -> None:
    """A ledger that is gone while the archive still holds received files: a new, empty
    one would say nothing was ever received. rebuild makes it again."""
    if not archive.ledger.exists() and archive.has_files():
        raise errors.LedgerMissing(path=archive.ledger, count=archive.count_received(),
                                   workbook=workbook)


def _lock(fd: int, wait: bool) -> bool:
    """Take an exclusive lock on an open file: waiting for it, or (wait False) only if it
    is free now. Whether it was taken."""
    if os.name == "posix":
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            return False
        return True
    import msvcrt  # pragma: no cover - Windows

    while True:  # LK_LOCK tries for 10 seconds, then raises: try again
        try:
            msvcrt.locking(fd, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            if not wait:
                return False


def _sync(paths: list[Path]) -> None:
    """Flush written files to disk: one system-wide sync where there is one."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:
        with open(path, "rb+") as fh:
            os.fsync(fh.fileno())


def _write_atomic(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)

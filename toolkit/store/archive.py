"""The archive of received files beside the workbook.

luu-tru/tep/<sha256>.<ext> holds every received file unchanged, and nhan-*.jsonl files the
receipts (name, origin, time received), so `rebuild` can recreate the ledger. Files are
written to a temporary name and renamed, so an interrupted run leaves either nothing or
the whole file. The names here are the file format: never rename them."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from pathlib import Path

from thidua.core import errors
from thidua.store.files import atomic_path, clean_stale_drafts, pid_temp

ARCHIVE_DIR = "luu-tru"
FILES_DIR = "tep"
LEDGER_FILE = "so-nhan.sqlite"


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

    def stage(self, digest: str, ext: str, data: bytes, receipt: dict[str, object]) -> None:
        """Write a received file under a temporary name (once per content)."""
        target = self.file_path(digest, ext)
        self._receipts.append({"sha256": digest, **receipt})
        if target.name in self._staged_names or target.exists():
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
        if not self._receipts:
            return
        try:
            if self._flushed < len(self._staged):
                _sync([tmp for tmp, _ in self._staged[self._flushed:]])
            for tmp, target in self._staged:
                os.replace(tmp, target)
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
            lines = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n"
                            for r in self._receipts)
            _write_atomic(self.files / f"nhan-{stamp}-{os.getpid()}.jsonl",
                          lines.encode("utf-8"))
        except OSError as exc:
            raise errors.CannotWrite(path=self.files, reason=exc.strerror or exc) from exc
        self._staged.clear()
        self._flushed = 0
        self._staged_names.clear()
        self._receipts.clear()

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

    def _read_receipts(self) -> list[dict[str, object]]:
        receipts = []
        for log in sorted(self.files.glob("nhan-*.jsonl")):
            for line in log.read_text(encoding="utf-8").splitlines():
                try:
                    receipts.append(json.loads(line))
                except ValueError:
                    continue  # a torn last line
        return receipts

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

"""The archive of received files and the SQLite receipt ledger beside the workbook.

luu-tru/tep/<sha256>.<ext> holds every received file unchanged, with <sha256>.json
beside it (name, origin, time received) so `rebuild` can recreate the ledger. The ledger
changes only inside one transaction per batch; files are written to a temporary name
and renamed, so an interrupted run leaves either nothing or the whole file."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from thidua import errors

ARCHIVE_DIR = "luu-tru"
FILES_DIR = "tep"
LEDGER_FILE = "so-nhan.sqlite"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_S = 60

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, started_at TEXT NOT NULL,
    finished_at TEXT, files INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS files (
    sha256 TEXT PRIMARY KEY, ext TEXT NOT NULL, name TEXT NOT NULL, origin TEXT,
    size INTEGER NOT NULL, received_at TEXT NOT NULL, batch_id INTEGER,
    plan_key TEXT, unit_code TEXT, identified_by TEXT, confidence REAL,
    data_date TEXT, submission INTEGER, reporter TEXT, phone TEXT,
    status TEXT NOT NULL, superseded_by TEXT);
CREATE INDEX IF NOT EXISTS files_unit ON files (unit_code, status);
CREATE TABLE IF NOT EXISTS file_issues (
    sha256 TEXT NOT NULL, seq INTEGER NOT NULL, severity TEXT NOT NULL, sheet TEXT,
    cell TEXT, col TEXT, value TEXT, code TEXT NOT NULL, message TEXT NOT NULL,
    PRIMARY KEY (sha256, seq));
CREATE TABLE IF NOT EXISTS results (
    sha256 TEXT NOT NULL, unit_code TEXT NOT NULL, task_code TEXT NOT NULL, role TEXT,
    value REAL, value_text TEXT, completed_on TEXT, status TEXT, cause TEXT,
    explanation TEXT, proposal TEXT, evidence TEXT, note TEXT, sheet TEXT, cell TEXT,
    row INTEGER, PRIMARY KEY (sha256, task_code));
"""


@dataclass(frozen=True)
class Archive:
    """Paths of the archive beside a canonical workbook."""

    root: Path

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

    def store(self, digest: str, ext: str, data: bytes, receipt: dict[str, object]) -> None:
        """Keep a received file unchanged (once), with its receipt; temp name, then rename."""
        target = self.file_path(digest, ext)
        try:
            self.files.mkdir(parents=True, exist_ok=True)
            if not target.exists():
                _write_atomic(target, data)
            sidecar = target.with_suffix(".json")
            if not sidecar.exists():
                _write_atomic(sidecar, json.dumps(receipt, ensure_ascii=False,
                                                  sort_keys=True).encode("utf-8"))
        except OSError as exc:
            raise errors.CannotWrite(path=target, reason=exc.strerror or exc) from exc

    def stored(self) -> Iterator[tuple[Path, dict[str, object]]]:
        """Archived files with their receipts, oldest receipt first."""
        items = []
        for sidecar in self.files.glob("*.json"):
            receipt = json.loads(sidecar.read_text(encoding="utf-8"))
            data = sidecar.with_suffix(str(receipt.get("ext", "")))
            if data.exists():
                items.append((data, receipt))
        items.sort(key=lambda it: (str(it[1].get("received_at", "")), it[0].name))
        yield from items


def _write_atomic(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def now() -> str:
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


def connect(path: Path, create: bool = True) -> sqlite3.Connection:
    """Open (and create) the ledger; waits for another run's transaction to finish."""
    try:
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        uri = path.resolve().as_uri() + ("" if create else "?mode=ro")
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        if create:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(SCHEMA)
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                         (str(SCHEMA_VERSION),))
        return conn
    except sqlite3.Error as exc:
        raise errors.CannotWrite(path=path, reason=str(exc)) from exc


def memory_ledger() -> sqlite3.Connection:
    """An empty in-memory ledger (for --dry-run without an existing one)."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.executescript(SCHEMA)
    return conn


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, taken before reading what it decides on (no lost updates)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")

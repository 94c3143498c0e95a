"""The archive of received files and the SQLite receipt ledger beside the workbook.

luu-tru/tep/<sha256>.<ext> holds every received file unchanged, and nhan-*.jsonl files the
receipts (name, origin, time received), so `rebuild` can recreate the ledger. The ledger
changes only inside one transaction per batch; files are written to a temporary name
and renamed, so an interrupted run leaves either nothing or the whole file."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from thidua.core import errors
from thidua.store.files import owner_alive

ARCHIVE_DIR = "luu-tru"
FILES_DIR = "tep"
LEDGER_FILE = "so-nhan.sqlite"
SCHEMA_VERSION = 2  # 2: results refer to files by an integer id
BUSY_TIMEOUT_S = 60
CACHE_KIB = 64 * 1024

#: Results refer to their file by an integer id, not its SHA-256 text: a batch writes
#: ~100,000 result rows, and a 64-character key in each row and its index doubled the
#: ledger's size and the time to write it.
FILES_TABLE = """CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, ext TEXT NOT NULL,
    name TEXT NOT NULL, origin TEXT, size INTEGER NOT NULL, received_at TEXT NOT NULL,
    batch_id INTEGER, plan_key TEXT, unit_code TEXT, identified_by TEXT, confidence REAL,
    data_date TEXT, submission INTEGER, reporter TEXT, phone TEXT,
    status TEXT NOT NULL, superseded_by TEXT)"""
FILES_INDEX = "CREATE INDEX IF NOT EXISTS files_unit ON files (unit_code, status)"
RESULTS_TABLE = """CREATE TABLE IF NOT EXISTS results (
    file_id INTEGER NOT NULL REFERENCES files (id), unit_code TEXT NOT NULL,
    task_code TEXT NOT NULL, role TEXT, value REAL, value_text TEXT, completed_on TEXT,
    status TEXT, cause TEXT, explanation TEXT, proposal TEXT, evidence TEXT, note TEXT,
    sheet TEXT, cell TEXT, row INTEGER, PRIMARY KEY (file_id, task_code))"""
#: The stored columns of files (besides id) and of results (besides file_id), in order.
FILE_FIELDS = ("sha256, ext, name, origin, size, received_at, batch_id, plan_key, unit_code, "
               "identified_by, confidence, data_date, submission, reporter, phone, status, "
               "superseded_by")
RESULT_FIELDS = ("unit_code, task_code, role, value, value_text, completed_on, status, cause, "
                 "explanation, proposal, evidence, note, sheet, cell, row")

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, started_at TEXT NOT NULL,
    finished_at TEXT, files INTEGER NOT NULL DEFAULT 0);
{files}CREATE TABLE IF NOT EXISTS file_issues (
    sha256 TEXT NOT NULL, seq INTEGER NOT NULL, severity TEXT NOT NULL, sheet TEXT,
    cell TEXT, col TEXT, value TEXT, code TEXT NOT NULL, message TEXT NOT NULL,
    PRIMARY KEY (sha256, seq));
{results}CREATE TABLE IF NOT EXISTS rounds (
    id INTEGER PRIMARY KEY, as_of TEXT NOT NULL, frozen_at TEXT NOT NULL,
    plan_pct REAL, top_achieved INTEGER, top_total INTEGER, report TEXT);
CREATE TABLE IF NOT EXISTS round_tasks (
    round_id INTEGER NOT NULL, task_code TEXT NOT NULL, pct REAL, status TEXT,
    PRIMARY KEY (round_id, task_code));
""".format(files=FILES_TABLE + ";\n" + FILES_INDEX + ";\n", results=RESULTS_TABLE + ";\n")


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
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
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
        """Remove temporary files a killed run left behind (never a live run's)."""
        removed = 0
        stale = [path for pattern in (".*.tmp", ".*.tmp-journal", ".*.rebuild", ".*.rebuild-*")
                 for path in self.root.glob(pattern)]
        if self.files.exists():
            stale += self.files.glob(".*.tmp")
        for tmp in stale:
            if _owner_alive(tmp):
                continue
            with contextlib.suppress(OSError):
                tmp.unlink()
                removed += 1
        return removed

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


def _owner_alive(tmp: Path) -> bool:
    """Whether the process that named a temporary file .<name>.<pid>.tmp still runs."""
    try:
        pid = int(tmp.name.rsplit(".", 2)[-2])
    except (ValueError, IndexError):
        pid = 0
    return owner_alive(pid, tmp)


def _sync(paths: list[Path]) -> None:
    """Flush written files to disk: one system-wide sync where there is one."""
    if hasattr(os, "sync"):
        os.sync()
        return
    for path in paths:
        with open(path, "rb+") as fh:
            os.fsync(fh.fileno())


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
            if not path.exists():
                _create(path)
        uri = path.resolve().as_uri() + ("" if create else "?mode=ro")
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        conn.execute("PRAGMA foreign_keys = ON")
        if create:
            # a batch writes ~100,000 rows in one transaction: keep its pages in memory
            conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(SCHEMA)
            conn.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)",
                         (str(SCHEMA_VERSION),))
            _upgrade(conn)
        elif _outdated(conn):
            conn = _upgraded_copy(conn)
        return conn
    except sqlite3.Error as exc:
        raise errors.CannotWrite(path=path, reason=str(exc)) from exc


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _outdated(conn: sqlite3.Connection) -> bool:
    """Whether the ledger was made by an earlier version (files without an id)."""
    found = _columns(conn, "files")
    return bool(found) and "id" not in found


def _upgrade(conn: sqlite3.Connection) -> None:
    """Bring a ledger made by an earlier version to this schema, all or nothing. Every row
    is carried over; a result whose file is missing stops the upgrade (NOT NULL) instead
    of being dropped."""
    if not _outdated(conn):
        return
    with transaction(conn):
        if not _outdated(conn):
            return  # another run upgraded it while we waited for the lock
        conn.execute("ALTER TABLE files RENAME TO files_v1")
        conn.execute("ALTER TABLE results RENAME TO results_v1")
        conn.execute("DROP INDEX IF EXISTS files_unit")  # the old table's; made again below
        for ddl in (FILES_TABLE, FILES_INDEX, RESULTS_TABLE):
            conn.execute(ddl)
        conn.execute(f"INSERT INTO files ({FILE_FIELDS}) SELECT {FILE_FIELDS} FROM files_v1 "
                     "ORDER BY rowid")
        if "sha256" in _columns(conn, "results_v1"):
            values = ", ".join(f"r.{name.strip()}" for name in RESULT_FIELDS.split(","))
            conn.execute(f"INSERT INTO results (file_id, {RESULT_FIELDS}) SELECT f.id, {values} "
                         "FROM results_v1 r LEFT JOIN files f ON f.sha256 = r.sha256 "
                         "ORDER BY f.id, r.task_code")
        conn.execute("DROP TABLE results_v1")
        conn.execute("DROP TABLE files_v1")
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                     (str(SCHEMA_VERSION),))


def _upgraded_copy(conn: sqlite3.Connection) -> sqlite3.Connection:
    """An earlier version's ledger opened only to read: upgraded in memory, the file left
    as it is."""
    memory = sqlite3.connect(":memory:", isolation_level=None)
    conn.backup(memory)
    conn.close()
    memory.execute("PRAGMA foreign_keys = ON")
    _upgrade(memory)
    return memory


def _create(path: Path) -> None:
    """A new ledger appears whole: its schema is written under a temporary name, which is
    then linked to the final one (a run killed meanwhile leaves no half-made ledger, and
    a ledger another run created first is kept)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            conn.executescript(SCHEMA)
            conn.execute("INSERT INTO meta VALUES ('schema_version', ?)",
                         (str(SCHEMA_VERSION),))
        finally:
            conn.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass
        except OSError:  # no hard links here (FAT, some shares): a rename does the same
            if not path.exists():
                os.replace(tmp, path)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            leftover.unlink(missing_ok=True)


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


COUNTED_STATUSES = ("accepted", "flagged", "superseded")
#: The columns of the frame counted_results returns (not the table's: see RESULT_FIELDS).
RESULT_COLUMNS = ["unit", "task", "role", "value", "value_text", "status", "completed_on",
                  "cause", "explanation", "proposal", "data_date", "file", "sheet", "cell",
                  "received_at", "sha256"]


def counted_results(conn: sqlite3.Connection, as_of: dt.date):
    """The values that count at report date R: for each unit, its latest readable return
    whose data date (else the day it was received) is on or before R, whole (DESIGN §4).

    Which return is latest is decided here, not by the ledger's current statuses, so a
    report for an earlier date is reproduced exactly."""
    import pandas as pd

    files = conn.execute(
        "SELECT sha256, unit_code, COALESCE(data_date, substr(received_at, 1, 10)), "
        "submission, received_at, name FROM files WHERE unit_code IS NOT NULL AND status IN "
        f"({', '.join('?' * len(COUNTED_STATUSES))})", COUNTED_STATUSES).fetchall()
    latest: dict[str, tuple] = {}
    cutoff = as_of.isoformat()
    for sha, unit, day, submission, received, name in files:
        if day > cutoff:
            continue
        key = (day, submission or 1, received, sha)
        if unit not in latest or key > latest[unit][0]:
            latest[unit] = (key, sha, name)
    chosen = {sha: (name, key[0], key[2]) for key, sha, name in latest.values()}
    rows = []
    if chosen:
        marks = ", ".join("?" * len(chosen))
        for r in conn.execute(
                "SELECT unit_code, task_code, role, value, value_text, status, completed_on, "
                "cause, explanation, proposal, sheet, cell, sha256 FROM results "
                "JOIN (SELECT id, sha256 FROM files) ON id = file_id "
                f"WHERE sha256 IN ({marks}) ORDER BY unit_code, task_code", list(chosen)):
            name, day, received = chosen[r[12]]
            rows.append((*r[:10], dt.date.fromisoformat(day), name, r[10], r[11], received,
                         r[12]))
    frame = pd.DataFrame(rows, columns=RESULT_COLUMNS, dtype=object)
    frame["value"] = pd.array([None if v is None else float(v) for v in frame["value"]],
                              dtype="Float64")
    frame["completed_on"] = pd.Series(
        [dt.date.fromisoformat(d) if d else None for d in frame["completed_on"]],
        index=frame.index, dtype=object)
    return frame


def freeze_round(conn: sqlite3.Connection, as_of: dt.date, plan_row: dict[str, object],
                 tasks: list[tuple[str, float | None, str | None]], report: str) -> int:
    """Record a report as a frozen round (chốt số liệu), in one transaction."""
    with transaction(conn):
        round_id = conn.execute(
            "INSERT INTO rounds (as_of, frozen_at, plan_pct, top_achieved, top_total, report) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (as_of.isoformat(), now(), plan_row.get("pct"), plan_row.get("top_achieved"),
             plan_row.get("top_total"), report)).lastrowid
        conn.executemany("INSERT INTO round_tasks VALUES (?, ?, ?, ?)",
                         [(round_id, code, pct, status) for code, pct, status in tasks])
    return int(round_id)


def previous_round(conn: sqlite3.Connection, as_of: dt.date) -> dict[str, float | None]:
    """Task % of the last round frozen for a date before R ({} when there is none)."""
    if not _has_table(conn, "rounds"):
        return {}
    found = conn.execute("SELECT id FROM rounds WHERE as_of < ? ORDER BY as_of DESC, id DESC "
                         "LIMIT 1", (as_of.isoformat(),)).fetchone()
    if not found:
        return {}
    return dict(conn.execute("SELECT task_code, pct FROM round_tasks WHERE round_id = ?",
                             found))


def round_trend(conn: sqlite3.Connection, as_of: dt.date) -> list[tuple[str, float | None]]:
    """(date of data, plan %) of the last round frozen for each date up to R, oldest first."""
    if not _has_table(conn, "rounds"):
        return []
    rows = conn.execute(
        "SELECT as_of, plan_pct FROM rounds r WHERE as_of <= ? AND id = "
        "(SELECT max(id) FROM rounds WHERE as_of = r.as_of) ORDER BY as_of",
        (as_of.isoformat(),)).fetchall()
    return [(a, p) for a, p in rows]


def _has_table(conn: sqlite3.Connection, name: str) -> bool:
    """A ledger made by an older version may lack a table until it is next written."""
    return conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (name,)).fetchone() is not None

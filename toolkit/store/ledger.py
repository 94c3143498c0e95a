"""The SQLite receipt ledger beside the workbook (luu-tru/so-nhan.sqlite): files received
with their statuses, accepted values with their provenance, frozen rounds. It changes
only inside one transaction per batch; the archive of the files themselves is
store/archive.py."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from thidua.core import errors
from thidua.core.latest import COUNTED_AT_SOME_DATE, data_day, latest_returns
from thidua.store.files import pid_temp

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
    tmp = pid_temp(path)
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


#: The columns of the frame counted_results returns (not the table's: see RESULT_FIELDS).
RESULT_COLUMNS = ["unit", "task", "role", "value", "value_text", "status", "completed_on",
                  "cause", "explanation", "proposal", "data_date", "file", "sheet", "cell",
                  "received_at", "sha256"]


def counted_results(conn: sqlite3.Connection, as_of: dt.date):
    """The values that count at report date R: for each unit, its latest readable return
    whose data date (else the day it was received) is on or before R, whole (DESIGN §4).

    Which return is latest is decided by core.latest, not by the ledger's current
    statuses, so a report for an earlier date is reproduced exactly."""
    import pandas as pd

    files = conn.execute(
        "SELECT unit_code, sha256, data_date, submission, received_at, name FROM files "
        "WHERE unit_code IS NOT NULL AND status IN "
        f"({', '.join('?' * len(COUNTED_AT_SOME_DATE))})", COUNTED_AT_SOME_DATE).fetchall()
    names = {row[1]: row[5] for row in files}
    latest = latest_returns((row[:5] for row in files), as_of)
    chosen = {c.sha256: (names[c.sha256], data_day(c.data_date, c.received_at),
                         c.received_at) for c in latest.values()}
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

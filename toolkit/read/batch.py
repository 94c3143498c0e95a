"""Reading a batch of returns, in input order, for collect and rebuild; each file so that
its failure is its own.

An .xlsx/.xlsm is bounded before any reader sees it (read/spreadsheet.py measures its
sheets from their XML), so it is read here, in this process. Formats whose size cannot be
measured without a reader (.xls, .xlsb, .ods, anything else) are read in a child process
with an address-space limit: a reader that aborts, runs out of memory or kills its
process rejects that file, and the batch goes on.

(Forked worker processes used to share the reading of every file from 64 files on;
measured with benchmarks.consolidate they gained nothing and cost CPU time, so they were
removed.)"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from thidua.read.inbox import Received
from thidua.read.returns import ReturnFile, extract

#: Address space a child reader may use (Linux, macOS): far beyond any real return.
CHILD_MEMORY = 4 * 2**30


def bounded_in_process(data: bytes) -> bool:
    """Whether a file is read in this process: an OOXML workbook (its sheets are measured
    before any reader sees them) or a file no reader will open (not a zip, not OLE). The
    part names stand in the zip's headers as plain text, so no zip directory is parsed."""
    if data.startswith(b"PK\x03\x04"):
        return b"xl/workbook.xml" in data and b"xl/workbook.bin" not in data
    return not data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")


def _child_setup(parent: int) -> None:
    """In the child reader: end with the run that made it (a killed collect must not leave
    a reader waiting for work forever, holding the terminal's output open), keep quiet
    (whatever a crashing reader prints is not the user's business: its file is rejected
    with a reason), and cap its address space where the system allows it."""
    import os

    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        with _suppress():
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the run ended before the line above
            os._exit(1)
    with _suppress():
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
    with _suppress():
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = CHILD_MEMORY if hard == resource.RLIM_INFINITY else min(CHILD_MEMORY, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _suppress():
    import contextlib

    return contextlib.suppress(ImportError, ValueError, OSError, AttributeError)


def _extract_in_child(item: Received, digest: str) -> ReturnFile:
    return extract(item, digest)


class BatchReader:
    """Use as a context manager around the batch (collect and rebuild read the plan
    inside it); iterating gives every return, in input order."""

    def __init__(self, items: list[tuple[Received, str]]) -> None:
        self.items = items
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> BatchReader:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __iter__(self) -> Iterator[ReturnFile]:
        for item, digest in self.items:
            if bounded_in_process(item.data):
                yield extract(item, digest)
            else:
                yield self._isolated(item, digest)

    def _isolated(self, item: Received, digest: str) -> ReturnFile:
        if self._pool is None:
            import multiprocessing

            method = "fork" if sys.platform.startswith("linux") else "spawn"
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context(method),
                initializer=_child_setup, initargs=(os.getpid(),))
        try:
            return self._pool.submit(_extract_in_child, item, digest).result()
        except (BrokenProcessPool, MemoryError) as exc:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None  # a new child for the next such file
            ret = ReturnFile(item.name, digest, item.ext, len(item.data))
            ret.reject("reader-crashed", reason=type(exc).__name__)
            return ret

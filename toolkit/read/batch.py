"""Reading a batch of returns, in input order, for collect and rebuild; each file so that
its failure is its own.

An .xlsx/.xlsm is bounded before any reader sees it (read/spreadsheet.py measures its
sheets from their XML), so it is read here, in this process. Formats whose size cannot be
measured without a reader (.xls, .xlsb, .ods, anything else) are read in a child process
with an address-space limit: a reader that aborts, runs out of memory or kills its
process rejects that file, and the batch goes on.

From 64 files on (Linux), forked worker processes share the in-process reading with the
main process: they start before the plan is read, claim chunks from one counter (no
core idles, none is oversubscribed) and results come back in input order whoever read
them. Measured on a quiet 2-core machine, 2,000 returns: 2.64–2.94 s with the workers,
4.06–4.37 s without (benchmarks.consolidate). A worker leaves any file that needs the
isolated reader to the main process; a worker that raises stops the run with its
traceback (a fault of this program); one that dies leaves its share to the main
process."""

from __future__ import annotations

import os
import queue
import sys
import traceback
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from thidua.read.inbox import Received
from thidua.read.returns import ReturnFile, extract

#: Address space a child reader may use (Linux, macOS): far beyond any real return.
CHILD_MEMORY = 4 * 2**30
PARALLEL_FROM = 64  # files; below this, starting a worker process costs more than it saves
CHUNK = 8  # files claimed at a time
MAX_WORKERS = 3
POLL_S = 1.0
#: While the main thread reads the plan, the threads that drain the workers and write the
#: archive get the interpreter lock back quickly (the default is 5 ms per hand-over).
SWITCH_INTERVAL_S = 0.0002


class WorkerFailed(RuntimeError):
    """A worker process raised: a fault of this program, not of a file."""


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
    _die_with(parent)
    with _suppress():
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
    with _suppress():
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = CHILD_MEMORY if hard == resource.RLIM_INFINITY else min(CHILD_MEMORY, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _die_with(parent: int) -> None:
    """In a child process: end when the run that made it ends (Linux), even by kill -9."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        with _suppress():
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the run ended before the line above
            os._exit(1)


def _suppress():
    import contextlib

    return contextlib.suppress(ImportError, ValueError, OSError, AttributeError)


def _extract_in_child(item: Received, digest: str) -> ReturnFile:
    return extract(item, digest)


def _extract_here(item: Received, digest: str) -> ReturnFile | None:
    """A worker's reading: None for a file that needs the isolated reader."""
    return extract(item, digest) if bounded_in_process(item.data) else None


class BatchReader:
    """Use as a context manager around the batch (collect and rebuild read the plan
    inside it): workers start on entry and are stopped on exit; iterating gives every
    return, in input order."""

    def __init__(self, items: list[tuple[Received, str]]) -> None:
        self.items = items
        self.workers: list = []
        self.counter = None
        self.results = None
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> BatchReader:
        import multiprocessing

        self.switch = sys.getswitchinterval()
        sys.setswitchinterval(SWITCH_INTERVAL_S)
        cores = os.cpu_count() or 1
        # fork only on Linux: macOS system libraries are not fork-safe (Python defaults to
        # spawn there), Windows has no fork; elsewhere the main process reads alone
        if (len(self.items) >= PARALLEL_FROM and cores > 1 and sys.platform == "linux"
                and "fork" in multiprocessing.get_all_start_methods()):
            context = multiprocessing.get_context("fork")
            self.counter = context.Value("q", 0)
            self.results = context.Queue()
            for _ in range(min(cores - 1, MAX_WORKERS)):
                worker = context.Process(target=_work, daemon=True, args=(
                    self.items, self.counter, self.results, os.getpid()))
                worker.start()
                self.workers.append(worker)
        return self

    def __exit__(self, *exc: object) -> None:
        sys.setswitchinterval(self.switch)
        for worker in self.workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()
        if self.results is not None:
            self.results.close()
            self.results.cancel_join_thread()
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def __iter__(self) -> Iterator[ReturnFile]:
        """Every return, in input order; the main process reads its share as it goes."""
        if not self.workers:
            for item, digest in self.items:
                yield self._read_one(item, digest, None)
            return
        done: dict[int, list[ReturnFile | None]] = {}
        position = 0
        total = len(self.items)
        while position < total:
            start = _claim(self.counter, total)
            if start is None and position not in done and not self._drain(done, wait=True):
                start = position  # its worker died (killed, out of memory): read it here
            if start is not None:
                done[start] = [_extract_here(item, digest)
                               for item, digest in self.items[start:start + CHUNK]]
            self._drain(done, wait=False)
            while position in done:
                chunk = done.pop(position)
                for offset, ret in enumerate(chunk):
                    item, digest = self.items[position + offset]
                    yield self._read_one(item, digest, ret)
                position += len(chunk)

    def _read_one(self, item: Received, digest: str, ret: ReturnFile | None) -> ReturnFile:
        if ret is not None:
            return ret
        if bounded_in_process(item.data):
            return extract(item, digest)
        return self._isolated(item, digest)

    def _drain(self, done: dict[int, list[ReturnFile | None]], wait: bool) -> bool:
        """Take what the workers have sent; with wait, block until one message comes.
        False when waiting found every worker stopped with nothing more to send."""
        got = False
        while (message := self._next(wait and not got)) is not None:
            kind, start, payload = message
            if kind == "error":
                raise WorkerFailed(payload)
            done[start] = payload
            got = True
        return got or not wait

    def _next(self, wait: bool) -> tuple | None:
        """The next message from the workers, or None: none now (without wait), none ever
        again (with wait: every worker has stopped)."""
        while True:
            try:
                return self.results.get(timeout=POLL_S) if wait else self.results.get_nowait()
            except queue.Empty:
                pass
            if not wait:
                return None
            if not any(worker.is_alive() for worker in self.workers):
                try:  # a worker may have sent its last chunk just before it stopped
                    return self.results.get_nowait()
                except queue.Empty:
                    return None

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


def _claim(counter, total: int) -> int | None:
    with counter.get_lock():
        start = counter.value
        if start >= total:
            return None
        counter.value = start + CHUNK
    return start


def _work(items: list[tuple[Received, str]], counter, results, parent: int) -> None:
    """A worker: claim chunks until none is left, send each one's returns back (None
    for a file the main process reads in isolation)."""
    _die_with(parent)
    try:
        while (start := _claim(counter, len(items))) is not None:
            results.put(("done", start, [_extract_here(item, digest)
                                         for item, digest in items[start:start + CHUNK]]))
    except BaseException:
        results.put(("error", -1, traceback.format_exc()))

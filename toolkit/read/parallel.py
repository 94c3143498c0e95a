"""Extracting a batch of returns in parallel, started before the plan is read.

Forked worker processes begin at once; the main process reads the plan meanwhile, then
joins them. Work is shared by claiming chunks from one counter, so no core idles and
none is oversubscribed: on n cores, n - 1 workers and the main process. Results come
back in input order whoever read them."""

from __future__ import annotations

import os
import queue
import sys
import traceback
from collections.abc import Iterator

from thidua.read.inbox import Received
from thidua.read.returns import ReturnFile, extract

PARALLEL_FROM = 64  # files; below this, starting a worker process costs more than it saves
CHUNK = 8  # files claimed at a time
MAX_WORKERS = 3
#: While the main thread reads the plan, the threads that drain the workers and write the
#: archive get the interpreter lock back quickly (the default is 5 ms per hand-over).
SWITCH_INTERVAL_S = 0.0002
POLL_S = 1.0


class WorkerFailed(RuntimeError):
    """A worker process raised: a fault of this program, not of a file. (A worker that
    dies is not an error: the main process reads what it had claimed.)"""


class BatchReader:
    """Use as a context manager: workers start on entry and are stopped on exit."""

    def __init__(self, items: list[tuple[Received, str]]) -> None:
        self.items = items
        self.workers: list = []
        self.counter = None
        self.results = None

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
                worker = context.Process(target=_work, daemon=True,
                                         args=(self.items, self.counter, self.results))
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

    def __iter__(self) -> Iterator[ReturnFile]:
        """Every return, in input order; the main process reads its share as it goes."""
        if not self.workers:
            for item, digest in self.items:
                yield extract(item, digest)
            return
        done: dict[int, list[ReturnFile]] = {}
        position = 0
        total = len(self.items)
        while position < total:
            start = _claim(self.counter, total)
            if start is None and position not in done and not self._drain(done, wait=True):
                start = position  # its worker died (killed, out of memory): read it here
            if start is not None:
                done[start] = self._read(start)
            self._drain(done, wait=False)
            while position in done:
                chunk = done.pop(position)
                yield from chunk
                position += len(chunk)

    def _read(self, start: int) -> list[ReturnFile]:
        return [extract(item, digest) for item, digest in self.items[start:start + CHUNK]]

    def _drain(self, done: dict[int, list[ReturnFile]], wait: bool) -> bool:
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


def _claim(counter, total: int) -> int | None:
    with counter.get_lock():
        start = counter.value
        if start >= total:
            return None
        counter.value = start + CHUNK
    return start


def _work(items: list[tuple[Received, str]], counter, results) -> None:
    """A worker: claim chunks until none is left, send each one's returns back."""
    try:
        while (start := _claim(counter, len(items))) is not None:
            results.put(("done", start, [extract(item, digest)
                                         for item, digest in items[start:start + CHUNK]]))
    except BaseException:
        results.put(("error", -1, traceback.format_exc()))

"""Reading a batch of returns, in input order, for collect and rebuild.

The returns are read one after the other in this process. (Forked worker processes
used to share the reading from 64 files on; measured with benchmarks.consolidate they
gained nothing and cost CPU time, so they were removed.)"""

from __future__ import annotations

from collections.abc import Iterator

from thidua.read.inbox import Received
from thidua.read.returns import ReturnFile, extract


class BatchReader:
    """Use as a context manager around the batch (collect and rebuild read the plan
    inside it); iterating gives every return, in input order."""

    def __init__(self, items: list[tuple[Received, str]]) -> None:
        self.items = items

    def __enter__(self) -> BatchReader:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def __iter__(self) -> Iterator[ReturnFile]:
        for item, digest in self.items:
            yield extract(item, digest)

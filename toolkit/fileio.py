"""Writing files so that a crash never leaves a half-written file under the final name."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from thidua import errors


@contextlib.contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside target; on success fsync it and rename it over target."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=f"{target.suffix}.tmp",
                                   dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise errors.CannotWrite(path=target, reason=exc.strerror or exc) from exc
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp_path, target)
    except OSError as exc:
        raise errors.CannotWrite(path=target, reason=exc.strerror or exc) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()

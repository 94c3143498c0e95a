"""LibreOffice headless as a real spreadsheet client for tests (there is no Excel here)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def soffice() -> str:
    """Path of soffice; skips the test when absent, except in CI where it must be present."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("LibreOffice (soffice) is required in CI; .ci/run installs it")
    pytest.skip("LibreOffice is not installed: apt-get install -y --no-install-recommends "
                "libreoffice-calc-nogui fonts-liberation2")
    raise AssertionError  # unreachable


def convert(source: Path, fmt: str, outdir: Path, profile: Path) -> Path:
    """Open source in LibreOffice and save it as fmt (e.g. 'xlsx', 'ods', 'xls', 'pdf')."""
    outdir.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
         "--norestore", "--convert-to", fmt, "--outdir", str(outdir), str(source)],
        capture_output=True, text=True, timeout=180, check=False)
    target = outdir / f"{source.stem}.{fmt.split(':')[0]}"
    assert result.returncode == 0 and target.exists(), result.stdout + result.stderr
    return target
